"""Pytest plugin: a real Neo4j 5.26 for integration tests.

Register with ``pytest_plugins = ["tests.neo4j_server"]`` in tests/conftest.py.

Fixtures
--------
``neo4j_server`` (session)
    A :class:`Neo4jConnection`, from the first source that works:

    1. ``NEO4J_URI`` (+ ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``):
       an external server, used as is;
    2. a testcontainers ``neo4j:5.26-community`` container, when a Docker engine answers;
    3. the local Maven-built server (graph_service.local_neo4j) in
       ``<repo>/var/neo4j-test`` on Bolt 7688 / HTTP 7475, stopped at session end;
    4. otherwise the tests are skipped with the reason, or fail when
       ``REQUIRE_NEO4J=1`` (CI sets it so a broken setup cannot pass as "skipped").

``neo4j_driver`` (function)
    A driver (one per session) on an empty graph: ``MATCH (n) DETACH DELETE n``
    runs before each test.  Constraints and indexes are left alone.

Mark tests that need the server with ``@pytest.mark.neo4j``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from neo4j import Driver, GraphDatabase

from graph_service import local_neo4j

TEST_HOME = Path(os.environ.get("TIMELINE_KG_TEST_NEO4J_HOME", local_neo4j.REPO_ROOT / "var" / "neo4j-test"))
# Several checkouts may test on one machine at once: each can pick its own ports.
TEST_BOLT_PORT = int(os.environ.get("TIMELINE_KG_TEST_BOLT_PORT", "7688"))
TEST_HTTP_PORT = int(os.environ.get("TIMELINE_KG_TEST_HTTP_PORT", "7475"))
CONTAINER_IMAGE = "neo4j:5.26-community"


@dataclass(frozen=True)
class Neo4jConnection:
    """How tests reach the server.  ``browser_url`` is set only for the local server."""

    uri: str
    user: str
    password: str
    database: str
    source: str  # "env", "testcontainers" or "local"
    browser_url: str | None = None
    home: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs a running Neo4j server (fixture neo4j_server)")


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail when the run demands a server (REQUIRE_NEO4J=1)."""
    if os.environ.get("REQUIRE_NEO4J") == "1":
        pytest.fail(f"REQUIRE_NEO4J=1 but no Neo4j server is available: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server available: {reason}")


def _docker_answers() -> bool:
    # Cheap probe: no Docker SDK, no socket or a dead daemon all mean "no".
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _from_container() -> Iterator[Neo4jConnection]:
    try:
        from testcontainers.community.neo4j import Neo4jContainer
    except ImportError:  # testcontainers < 4.14 keeps it at the old path
        from testcontainers.neo4j import Neo4jContainer  # type: ignore[no-redef,unused-ignore]

    password = "test-password-5x"
    with Neo4jContainer(CONTAINER_IMAGE, password=password) as container:
        yield Neo4jConnection(
            uri=container.get_connection_url(),
            user="neo4j",
            password=password,
            database="neo4j",
            source="testcontainers",
        )


def _from_local_server() -> Iterator[Neo4jConnection]:
    try:
        info = local_neo4j.start(
            TEST_HOME,
            bolt_port=TEST_BOLT_PORT,
            http_port=TEST_HTTP_PORT,
            # Smaller than the dev server's 2g/1g: both may run side by side.
            heap="1g",
            pagecache="512m",
        )
    except local_neo4j.PortInUseError as error:
        _unavailable(f"{error.summary} (tests: set TIMELINE_KG_TEST_BOLT_PORT / TIMELINE_KG_TEST_HTTP_PORT)")
    except local_neo4j.LocalNeo4jError as error:
        _unavailable(f"local Maven-built server did not start: {error}")
    assert info.password is not None
    try:
        yield Neo4jConnection(
            uri=info.bolt_uri,
            user=info.user,
            password=info.password,
            database="neo4j",
            source="local",
            browser_url=info.browser_url,
            home=info.home,
        )
    finally:
        # A server somebody else left running is left running; ours is stopped.
        if not info.already_running:
            local_neo4j.stop(TEST_HOME)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jConnection]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jConnection(
            uri=uri,
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            source="env",
        )
        return
    # TIMELINE_KG_TEST_NEO4J=local skips the Docker probe (a running engine without the image would fail the run).
    if os.environ.get("TIMELINE_KG_TEST_NEO4J", "auto") != "local" and _docker_answers():
        yield from _from_container()
        return
    yield from _from_local_server()


@pytest.fixture(scope="session")
def _neo4j_session_driver(neo4j_server: Neo4jConnection) -> Iterator[Driver]:
    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        driver.verify_connectivity()
    except Exception as error:
        driver.close()
        _unavailable(f"{neo4j_server.uri} ({neo4j_server.source}) does not answer: {error}")
    yield driver
    driver.close()


@pytest.fixture
def neo4j_driver(_neo4j_session_driver: Driver, neo4j_server: Neo4jConnection) -> Driver:
    _neo4j_session_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_server.database)
    return _neo4j_session_driver
