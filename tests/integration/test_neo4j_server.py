"""Proves the Neo4j behind the `neo4j_server` fixture is a real 5.26 Community server."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import urllib.request
from pathlib import Path

import pytest
from neo4j import Driver
from neo4j.exceptions import ConstraintError

from graph_service import local_neo4j
from graph_service.local_neo4j import config
from tests.neo4j_server import Neo4jConnection

pytestmark = pytest.mark.neo4j


def test_server_is_neo4j_5_26_community(neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_=neo4j_server.database,
    )
    kernel = {record["name"]: record for record in records}["Neo4j Kernel"]
    assert kernel["versions"][0].startswith("5.26.")
    assert kernel["edition"] == "community"


def test_uniqueness_constraint_and_round_trip(neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> None:
    db = neo4j_server.database
    neo4j_driver.execute_query(
        "CREATE CONSTRAINT itest_event_id IF NOT EXISTS FOR (e:ITestEvent) REQUIRE e.id IS UNIQUE",
        database_=db,
    )
    # Idempotent: a second run must not fail.
    neo4j_driver.execute_query(
        "CREATE CONSTRAINT itest_event_id IF NOT EXISTS FOR (e:ITestEvent) REQUIRE e.id IS UNIQUE",
        database_=db,
    )

    neo4j_driver.execute_query(
        "UNWIND $rows AS row CREATE (:ITestEvent {id: row.id, title: row.title, year: row.year})",
        rows=[
            {"id": "e1", "title": "Fall of the Berlin Wall", "year": 1989},
            {"id": "e2", "title": "Moon landing", "year": 1969},
        ],
        database_=db,
    )
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (e:ITestEvent) RETURN e.id AS id, e.title AS title, e.year AS year ORDER BY e.year",
        database_=db,
    )
    assert [record.data() for record in records] == [
        {"id": "e2", "title": "Moon landing", "year": 1969},
        {"id": "e1", "title": "Fall of the Berlin Wall", "year": 1989},
    ]

    with pytest.raises(ConstraintError):
        neo4j_driver.execute_query("CREATE (:ITestEvent {id: 'e1', title: 'duplicate'})", database_=db)
    count, _, _ = neo4j_driver.execute_query("MATCH (e:ITestEvent {id: 'e1'}) RETURN count(e) AS n", database_=db)
    assert count[0]["n"] == 1


def test_graph_is_clean_for_each_test(neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> None:
    records, _, _ = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=neo4j_server.database)
    assert records[0]["n"] == 0


def test_browser_is_served(neo4j_server: Neo4jConnection) -> None:
    if neo4j_server.browser_url is None:
        pytest.skip(f"Browser check applies to the local server only (source: {neo4j_server.source})")
    with urllib.request.urlopen(neo4j_server.browser_url, timeout=10) as response:
        assert response.status == 200
        body = response.read().decode("utf-8", "replace")
    assert "<title>Neo4j Browser</title>" in body
    # The page is only useful if its JavaScript bundles are served too.
    bundle = re.search(r'<script src="([^"]+\.js)"', body)
    assert bundle is not None
    with urllib.request.urlopen(neo4j_server.browser_url + bundle.group(1), timeout=10) as response:
        assert response.status == 200
        assert "javascript" in response.headers.get("Content-Type", "")


def test_discovery_reports_local_bolt(neo4j_server: Neo4jConnection) -> None:
    """The HTTP root advertises the loopback Bolt address, i.e. nothing listens elsewhere."""
    if neo4j_server.browser_url is None:
        pytest.skip(f"applies to the local server only (source: {neo4j_server.source})")
    http_root = neo4j_server.browser_url.removesuffix("browser/")
    with urllib.request.urlopen(http_root, timeout=10) as response:
        body = response.read().decode()
    assert neo4j_server.uri in body  # bolt_direct
    assert '"neo4j_edition":"community"' in body


def test_jvm_command_matches_official_launcher(tmp_path: Path) -> None:
    """Our JVM flags equal what `neo4j console --dry-run` prints for the same neo4j.conf.

    Runs the official launcher class from the same jars on a scratch home; only
    the classpath and the heap notation (-Xmx2g vs -Xmx2097152k) may differ.
    """
    try:
        java = local_neo4j.find_java()
        lib_dir = local_neo4j.ensure_artifacts()
    except local_neo4j.LocalNeo4jError as error:
        pytest.skip(f"needs Java and the Maven-built jars: {error.summary}")
    home = config.HomePaths(tmp_path)
    for sub in ("conf", "run", "plugins"):
        (tmp_path / sub).mkdir()
    config.write_conf(home, config.conf_settings(7690, 7477, "2g", "1g", {}))
    dry = (
        subprocess.run(
            [java, "-cp", str(lib_dir / "*"), "org.neo4j.server.startup.Neo4jCommand", "console", "--dry-run"],
            env={**os.environ, "NEO4J_HOME": str(tmp_path), "NEO4J_CONF": str(tmp_path / "conf")},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    def comparable(argv: list[str]) -> list[str]:
        out: list[str] = []
        skip_next = False
        for arg in argv[1:]:  # [0] is the java binary
            if skip_next:
                skip_next = False
            elif arg in ("-cp", "-classpath"):
                skip_next = True
            elif not arg.startswith(("-Xms", "-Xmx")):
                out.append(arg)
        return out

    ours = local_neo4j.build_server_command(java, lib_dir, tmp_path, "2g")
    assert comparable(shlex.split(dry)) == comparable(ours)
    assert "-Xmx2097152k" in dry and "-Xmx2g" in ours
