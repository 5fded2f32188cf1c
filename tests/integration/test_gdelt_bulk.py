"""`load-gdelt --bulk` builds the same graph as the online loader (every node, label, property and relationship),
and refuses a database that is not empty or a server it cannot restart. It stops and starts the test server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph_service.cli.gdelt_bulk import BulkRefused, bulk_load
from loaders.gdelt import load_files
from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.filters import build_filter
from timeline_kg.settings import Settings

pytestmark = pytest.mark.neo4j
MALFORMED = Path(__file__).parents[1] / "data" / "gdelt" / "malformed.export.CSV"


def _settings(server: Any, uri: str | None = None) -> Settings:
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


def _wipe(driver: Driver, database: str) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


@pytest.fixture
def local_server(neo4j_server: Any) -> Any:
    if neo4j_server.home is None:
        pytest.fail("--bulk needs the project's local Neo4j: run these tests with TIMELINE_KG_TEST_NEO4J=local")
    return neo4j_server


def test_bulk_import_builds_the_online_loaders_graph(local_server: Any, neo4j_driver: Driver, tmp_path: Path) -> None:
    database = local_server.database
    synth = gdelt_synth.write_file(tmp_path / "synth.export.CSV.zip", 2_500, seed=17, zipped=True, bad_rate=0.01)
    files = [synth, MALFORMED]
    row_filter = build_filter(quad_class="1,2,3")
    load_files(neo4j_driver, database, files, batch_size=600, row_filter=row_filter)
    online = _snapshot(neo4j_driver, database)
    assert len(online[0]) > 1_000 and len(online[1]) > 3_000

    with pytest.raises(BulkRefused, match="empty database only"):
        bulk_load(_settings(local_server), files)
    _wipe(neo4j_driver, database)
    result = bulk_load(_settings(local_server), files, row_filter=row_filter)
    # The server was restarted: the first query on the old connections fails, is retried, and they are replaced.
    neo4j_driver.execute_query("RETURN 1", database_=database)
    bulk = _snapshot(neo4j_driver, database)
    assert result.files.events == sum(r.loaded for r in result.files.reports)
    assert sum(r.filtered for r in result.files.reports) > 0
    assert bulk[0] == online[0]
    assert bulk[1] == online[1]
    constraints, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert {"event_id", "entity_id", "source_id", "gdelt_export_name"} <= set(constraints[0]["names"])


def test_bulk_refuses_a_server_it_cannot_restart(local_server: Any, tmp_path: Path) -> None:
    with pytest.raises(BulkRefused, match="only imports into the project's local Neo4j"):
        bulk_load(_settings(local_server, uri="bolt://db.example.org:7687"), [MALFORMED])
    other_home = _settings(local_server).model_copy(update={"neo4j_home": tmp_path / "no-server"})
    with pytest.raises(BulkRefused, match="not running"):
        bulk_load(other_home, [MALFORMED])
