"""The fault-and-fuzz suite: hostile input, protocol faults, a stopped or paused Neo4j, a newcomer's first run.

The API fixtures of tests/api (one live server per store) are shared here, so every protocol and fuzz test runs
against each store. Tests that stop or pause Neo4j get a server of their own (``fault_neo4j``), never the session
one other tests share; tests that kill Neo4j (SIGKILL) mid-load get another (``crash_neo4j``), holding nothing.
Where the run names its test ports (``TIMELINE_KG_TEST_BOLT_PORT``: a shared machine gives each run a range), these
servers take the ports after them (+6..+9), else any free ones.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph_service import local_neo4j

if TYPE_CHECKING:
    from neo4j import Driver
from tests.api.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    _article_still_loaded,
    api,
    embedded_url,
    neo4j_by_date_url,
    neo4j_url,
    store_name,
)

FAULT_HOME = local_neo4j.REPO_ROOT / "var" / "neo4j-faults"
CRASH_HOME = local_neo4j.REPO_ROOT / "var" / "neo4j-crash"
CLI = Path(sys.executable).parent / "timeline-kg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, memory_mb: int = 0
) -> subprocess.CompletedProcess[str]:
    """The installed `timeline-kg` command in a child process; ``memory_mb`` caps its address space."""

    def limit() -> None:
        if memory_mb:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TIMELINE_KG_"))}
    full_env.update(env or {})
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, timeout=timeout, env=full_env, preexec_fn=limit
    )


def server_ports(offset: int) -> tuple[int, int]:
    """Bolt and HTTP ports for a server of the fault tests: ``offset`` and the one after it past the run's test
    Bolt port when the run names it, else two free ones."""
    named = os.environ.get("TIMELINE_KG_TEST_BOLT_PORT")
    if named:
        return int(named) + offset, int(named) + offset + 1
    return free_port(), free_port()


@dataclass
class FaultNeo4j:
    """A Neo4j of the fault tests' own, which they stop, start, pause, resume and kill."""

    bolt_port: int
    http_port: int
    password: str
    home: Path = FAULT_HOME

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self) -> None:
        local_neo4j.start(
            self.home,
            bolt_port=self.bolt_port,
            http_port=self.http_port,
            password=self.password,
            heap="512m",
            pagecache="128m",
        )

    def stop(self) -> None:
        local_neo4j.stop(self.home)

    def pid(self) -> int:
        info = local_neo4j.status(self.home)
        assert info is not None, "the fault server is not running"
        return info.pid

    def pause(self) -> None:
        os.kill(self.pid(), signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid(), signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown, no checkpoint; returns once the JVM is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while local_neo4j.status(self.home) is not None:
            assert time.monotonic() < deadline, f"Neo4j (pid {pid}) still runs after SIGKILL"
            time.sleep(0.05)


@contextlib.contextmanager
def _empty_own_server(server: FaultNeo4j, tests: str) -> Iterator[Driver]:
    """Start a test-owned server (stopping one a crashed run left behind), empty it, and give a driver to it; the
    tests are skipped, or failed under REQUIRE_NEO4J, when it cannot start. The caller stops the server."""
    from neo4j import GraphDatabase

    from tests.neo4j_server import _unavailable

    local_neo4j.stop(server.home)
    try:
        server.start()
    except local_neo4j.LocalNeo4jError as error:
        _unavailable(f"the {tests} tests' own Neo4j did not start: {error}")
    with GraphDatabase.driver(server.uri, auth=("neo4j", server.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
        yield driver


@pytest.fixture(scope="session")
def fault_neo4j() -> Iterator[FaultNeo4j]:
    """A local Neo4j in var/neo4j-faults, holding the article; stopped at the end."""

    from graph_service.stores.neo4j import Neo4jStore
    from loaders.load import load_neo4j
    from tests.conftest import ARTICLE

    server = FaultNeo4j(*server_ports(6), password="fault-test-password")
    try:
        with _empty_own_server(server, "fault") as driver:
            load_neo4j(driver, "neo4j", [ARTICLE])
            # A fresh server plans each query slowly (seconds on a busy machine): plan them all before the tests
            # time anything. The warm start itself is tested on cleared caches.
            store = Neo4jStore(driver, "neo4j", 120)
            store.warm()
            store.stop_planning()  # before the driver closes: its background planning uses the driver
        yield server
    finally:
        info = local_neo4j.status(FAULT_HOME)
        if info is not None:
            os.kill(info.pid, signal.SIGCONT)  # a test that failed while the server was paused
        local_neo4j.stop(FAULT_HOME)


@pytest.fixture(scope="session")
def crash_neo4j() -> Iterator[FaultNeo4j]:
    """A local Neo4j in var/neo4j-crash that tests may kill mid-load and start again; empty at the start."""

    server = FaultNeo4j(*server_ports(8), password="crash-test-password", home=CRASH_HOME)
    try:
        with _empty_own_server(server, "crash"):
            pass
        yield server
    finally:
        local_neo4j.stop(CRASH_HOME)
