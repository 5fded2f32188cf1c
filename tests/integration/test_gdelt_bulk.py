"""`load-gdelt --bulk` builds the same graph as the online loader (every node, label, property and relationship),
and refuses a database that is not empty or a server it cannot restart.

The import stops and restarts its server and starts the store's transaction ids afresh, which a driver that has
seen later bookmarks would wait for in vain: so these tests run their own local server (Bolt and HTTP two ports
above the test server's), not the shared one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase

from graph_service import local_neo4j
from graph_service.cli.gdelt_bulk import BulkRefused, bulk_load
from loaders.gdelt import load_files
from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.filters import build_filter
from tests.neo4j_server import TEST_BOLT_PORT, TEST_HTTP_PORT
from timeline_kg.settings import Settings

pytestmark = pytest.mark.neo4j  # its own local server: needs Java and the Maven-built Neo4j, as the local tier
MALFORMED = Path(__file__).parents[1] / "data" / "gdelt" / "malformed.export.CSV"


def _settings(server: BulkServer, uri: str | None = None) -> Settings:
    return Settings.model_validate(
        {
            "NEO4J_URI": uri or server.uri,
            "NEO4J_USERNAME": server.user,
            "NEO4J_PASSWORD": server.password,
            "NEO4J_DATABASE": server.database,
            "TIMELINE_KG_NEO4J_HOME": str(server.home),
        }
    )


def _snapshot(driver: Driver, database: str) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (ends, type, properties); load times left out."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id", database_=database
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b",
        database_=database,
    )
    node_rows = [
        (r["id"], sorted(r["labels"]), sorted((k, v) for k, v in r["p"].items() if k != "loadedAt")) for r in nodes
    ]
    rel_rows = [(r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels]
    return node_rows, rel_rows


def _first_difference(bulk: list[Any], online: list[Any]) -> tuple[Any, Any] | None:
    """The first item that differs, bulk's then the online loader's, with only the properties that differ."""
    if len(bulk) != len(online):
        return (f"{len(bulk)} items", f"{len(online)} items")
    for mine, theirs in zip(bulk, online, strict=True):
        if mine != theirs:
            props_mine, props_theirs = dict(mine[-1]), dict(theirs[-1])
            keys = {k for k in props_mine.keys() | props_theirs.keys() if props_mine.get(k) != props_theirs.get(k)}
            return (mine[:-1], {k: props_mine.get(k) for k in keys}), (
                theirs[:-1],
                {k: props_theirs.get(k) for k in keys},
            )
    return None


def _wipe(driver: Driver, database: str) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


@dataclass(frozen=True)
class BulkServer:
    uri: str
    user: str
    password: str
    database: str
    home: Path


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BulkServer]:
    home = tmp_path_factory.mktemp("neo4j-bulk")
    info = local_neo4j.start(
        home, bolt_port=TEST_BOLT_PORT + 2, http_port=TEST_HTTP_PORT + 2, heap="512m", pagecache="256m", timeout=600
    )
    assert info.password is not None
    try:
        yield BulkServer(info.bolt_uri, info.user, info.password, "neo4j", home)
    finally:
        local_neo4j.stop(home)


@pytest.fixture
def neo4j_driver(local_server: BulkServer) -> Iterator[Driver]:
    """A driver of its own on an empty graph, new for each test: bookmarks must not outlive an import."""
    with GraphDatabase.driver(local_server.uri, auth=(local_server.user, local_server.password)) as driver:
        _wipe(driver, local_server.database)
        yield driver


def test_bulk_import_builds_the_online_loaders_graph(
    local_server: BulkServer, neo4j_driver: Driver, tmp_path: Path
) -> None:
    database = local_server.database
    synth = gdelt_synth.write_file(tmp_path / "synth.export.CSV.zip", 2_500, seed=17, zipped=True, bad_rate=0.01)
    files = [synth]  # ids unique (a repeated id keeps its first row in bulk, its last in MERGE: docs/gdelt.md)
    row_filter = build_filter(quad_class="1,2,3")
    load_files(neo4j_driver, database, files, batch_size=600, row_filter=row_filter)
    online = _snapshot(neo4j_driver, database)
    assert len(online[0]) > 1_000 and len(online[1]) > 3_000

    with pytest.raises(BulkRefused, match="empty database only"):
        bulk_load(_settings(local_server), files)
    _wipe(neo4j_driver, database)
    result = bulk_load(_settings(local_server), files, row_filter=row_filter)
    with GraphDatabase.driver(local_server.uri, auth=(local_server.user, local_server.password)) as after:
        bulk = _snapshot(after, database)
        constraints, _, _ = after.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert result.files.events == sum(r.loaded for r in result.files.reports)
    assert sum(r.filtered for r in result.files.reports) > 0
    assert _first_difference(bulk[0], online[0]) is None
    assert _first_difference(bulk[1], online[1]) is None
    assert {"event_id", "entity_id", "source_id", "gdelt_export_name"} <= set(constraints[0]["names"])


def test_bulk_refuses_a_server_it_cannot_restart(local_server: BulkServer, tmp_path: Path) -> None:
    with pytest.raises(BulkRefused, match="only imports into the project's local Neo4j"):
        bulk_load(_settings(local_server, uri="bolt://db.example.org:7687"), [MALFORMED])
    other_home = _settings(local_server).model_copy(update={"neo4j_home": tmp_path / "no-server"})
    with pytest.raises(BulkRefused, match="not running"):
        bulk_load(other_home, [MALFORMED])
