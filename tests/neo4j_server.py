"""Pytest plugin: a real Neo4j 5.26 for integration tests.

Register with ``pytest_plugins = ["tests.neo4j_server"]`` in tests/conftest.py.

Fixtures
--------
``neo4j_server`` (session)
    A :class:`Neo4jConnection`, from the first source that works:

    1. ``NEO4J_URI`` (+ ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``):
       an external server, used as is;
    2. a testcontainers container of ``$TIMELINE_KG_NEO4J_IMAGE`` (default ``neo4j:5.26-community``), when a
       Docker engine answers; on an engine without a bridge network (scripts/docker-engine.sh) it uses the
       host's network and listens on loopback at the test ports;
    3. the local Maven-built server (graph_service.local_neo4j) in
       ``<repo>/var/neo4j-test`` on Bolt 7688 / HTTP 7475, stopped at session end;
    4. otherwise the tests are skipped with the reason, or fail when
       ``REQUIRE_NEO4J=1`` (CI sets it so a broken setup cannot pass as "skipped").

    ``TIMELINE_KG_TEST_NEO4J`` picks the tier: ``auto`` (the default: the order above), ``local`` (never asks
    Docker: a running engine cannot move the run onto containers) or ``container`` (testcontainers only, and the
    tests marked ``compose`` run too; they are deselected in the other tiers).
    ``TIMELINE_KG_TEST_BOLT_PORT`` / ``TIMELINE_KG_TEST_HTTP_PORT`` give the local and host-network ports.

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
from docker import DockerClient
from neo4j import Driver, GraphDatabase
from testcontainers.core.config import testcontainers_config

from timeline_kg.settings import Settings

try:
    from testcontainers.community.neo4j import Neo4jContainer
except ImportError:  # testcontainers < 4.14 keeps it at the old path
    from testcontainers.neo4j import Neo4jContainer  # type: ignore[no-redef,unused-ignore]

from graph_service import local_neo4j

TEST_HOME = Path(os.environ.get("TIMELINE_KG_TEST_NEO4J_HOME", local_neo4j.REPO_ROOT / "var" / "neo4j-test"))
# Several checkouts may test on one machine at once: each can pick its own ports.
TEST_BOLT_PORT = int(os.environ.get("TIMELINE_KG_TEST_BOLT_PORT", "7688"))
TEST_HTTP_PORT = int(os.environ.get("TIMELINE_KG_TEST_HTTP_PORT", "7475"))
CONTAINER_IMAGE = os.environ.get("TIMELINE_KG_NEO4J_IMAGE", "neo4j:5.26-community")
TIERS = ("auto", "local", "container")
TIER = os.environ.get("TIMELINE_KG_TEST_NEO4J", "auto")
# Sized like the local test server: the official image would otherwise size itself from the machine's memory.
CONTAINER_MEMORY = {
    "NEO4J_server_memory_heap_max__size": "1G",
    "NEO4J_server_memory_pagecache_size": "512M",
    "NEO4J_dbms_usage__report_enabled": "false",
}


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

    def app_settings(self) -> Settings:
        """The service's settings for this server: these values and the defaults (model_validate skips the
        environment and .env)."""
        return Settings.model_validate(
            {
                "NEO4J_URI": self.uri,
                "NEO4J_USERNAME": self.user,
                "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": self.database,
            }
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs a running Neo4j server (fixture neo4j_server)")
    config.addinivalue_line(
        "markers", "compose: runs the docker compose stack; only in the container tier (TIMELINE_KG_TEST_NEO4J)"
    )
    if TIER not in TIERS:
        raise pytest.UsageError(f"TIMELINE_KG_TEST_NEO4J={TIER!r}: expected one of {', '.join(TIERS)}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TIER == "container":
        return
    deselected = [item for item in items if item.get_closest_marker("compose")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("compose")]


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail when the run demands a server (REQUIRE_NEO4J=1)."""
    if os.environ.get("REQUIRE_NEO4J") == "1":
        pytest.fail(f"REQUIRE_NEO4J=1 but no Neo4j server is available: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server available: {reason}")


def _docker_engine() -> DockerClient | None:
    """A client of the engine that answers (DOCKER_HOST, else the default socket), or None."""
    try:
        import docker

        client = docker.from_env(timeout=3)
    except Exception:  # no SDK, no socket
        return None
    try:
        if client.ping():
            return client
    except Exception:  # a dead daemon
        pass
    client.close()
    return None


def _has_bridge(client: DockerClient) -> bool:
    return bool(client.networks.list(names=["bridge"]))


class _HostNetworkNeo4jContainer(Neo4jContainer):  # type: ignore[misc]
    """On an engine without a bridge: the host's network, Neo4j on loopback at the test ports, nothing published."""

    def __init__(self, image: str, password: str) -> None:
        super().__init__(image, password=password)
        self.ports.clear()
        self.with_kwargs(network_mode="host")
        self.with_env("NEO4J_server_default__listen__address", "127.0.0.1")
        self.with_env("NEO4J_server_default__advertised__address", "127.0.0.1")
        self.with_env("NEO4J_server_bolt_listen__address", f"127.0.0.1:{TEST_BOLT_PORT}")
        self.with_env("NEO4J_server_bolt_advertised__address", f"127.0.0.1:{TEST_BOLT_PORT}")
        self.with_env("NEO4J_server_http_listen__address", f"127.0.0.1:{TEST_HTTP_PORT}")
        self.with_env("NEO4J_server_http_advertised__address", f"127.0.0.1:{TEST_HTTP_PORT}")

    def get_connection_url(self) -> str:
        return f"bolt://127.0.0.1:{TEST_BOLT_PORT}"


def _from_container(client: DockerClient) -> Iterator[Neo4jConnection]:
    host_network = not _has_bridge(client)
    client.close()
    password = "test-password-5x"
    if host_network:
        # Ryuk, the reaper of leftover containers, needs a published port; the context manager below removes
        # the container instead (and scripts/docker-engine.sh stop removes whatever a killed run left).
        testcontainers_config.ryuk_disabled = True
        container: Neo4jContainer = _HostNetworkNeo4jContainer(CONTAINER_IMAGE, password)
    else:
        container = Neo4jContainer(CONTAINER_IMAGE, password=password)
    for name, value in CONTAINER_MEMORY.items():
        container.with_env(name, value)
    try:
        container.start()
    except Exception as error:
        container.stop()
        _unavailable(f"the {CONTAINER_IMAGE} container did not start: {error}")
    try:
        yield Neo4jConnection(
            uri=container.get_connection_url(),
            user="neo4j",
            password=password,
            database="neo4j",
            source="testcontainers",
            # On the host's network the HTTP port is ours to name, so Browser can be checked there too.
            browser_url=f"http://127.0.0.1:{TEST_HTTP_PORT}/browser/" if host_network else None,
        )
    finally:
        container.stop()


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
    engine = _docker_engine() if TIER != "local" else None
    if engine is not None:
        yield from _from_container(engine)
    elif TIER == "container":
        _unavailable("TIMELINE_KG_TEST_NEO4J=container but no Docker engine answers (scripts/docker-engine.sh start)")
    else:
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
