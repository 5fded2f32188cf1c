"""Failure modes of graph_service.local_neo4j that need no running server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service import local_neo4j
from graph_service.local_neo4j import artifacts, server


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A loopback port held by a listening socket for the duration of the test."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((local_neo4j.HOST, 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((local_neo4j.HOST, 0))
        return int(sock.getsockname()[1])


def _assert_not_claiming_ready(home: Path) -> None:
    run = home / "run"
    assert not (run / "ready").exists()
    assert not (run / "neo4j.pid").exists()
    assert local_neo4j.status(home) is None


@pytest.mark.parametrize("purpose", ["bolt", "http"])
def test_port_taken_is_reported_with_the_port(tmp_path: Path, listening_port: int, purpose: str) -> None:
    bolt_port = listening_port if purpose == "bolt" else _free_port()
    http_port = listening_port if purpose == "http" else _free_port()
    with pytest.raises(local_neo4j.PortInUseError) as caught:
        local_neo4j.start(tmp_path / "home", password="unit-test-pw", bolt_port=bolt_port, http_port=http_port)
    assert caught.value.port == listening_port
    assert caught.value.purpose == purpose
    assert str(listening_port) in str(caught.value)
    assert f"--{purpose}-port" in str(caught.value)
    _assert_not_claiming_ready(tmp_path / "home")


def test_no_java_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(local_neo4j.JavaNotFoundError, match="no `java` found"):
        local_neo4j.start(tmp_path / "home", bolt_port=_free_port(), http_port=_free_port(), password="unit-test-pw")
    _assert_not_claiming_ready(tmp_path / "home")


def test_java_too_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_java = bin_dir / "java"
    fake_java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n")
    fake_java.chmod(0o755)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(local_neo4j.JavaNotFoundError, match="Java 11"):
        local_neo4j.find_java()


def test_maven_failure_shows_mavens_last_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_mvn = bin_dir / "mvn"
    fake_mvn.write_text("#!/bin/sh\necho '[ERROR] Could not resolve org.neo4j:neo4j:5.26.x' >&2\nexit 1\n")
    fake_mvn.chmod(0o755)
    # Point the module at a scratch lib dir so the real (cached) jars are untouched.
    lib_dir = tmp_path / "target" / "lib"
    monkeypatch.setattr(artifacts, "LIB_DIR", lib_dir)
    monkeypatch.setattr(artifacts, "LIB_STAMP", lib_dir / ".complete")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(local_neo4j.ArtifactError) as caught:
        local_neo4j.ensure_artifacts()
    assert "Could not resolve org.neo4j:neo4j" in caught.value.details
    assert "exit 1" in caught.value.summary


def test_stop_when_nothing_runs(tmp_path: Path) -> None:
    assert local_neo4j.stop(tmp_path / "never-started") is False
    (tmp_path / "home" / "run").mkdir(parents=True)
    assert local_neo4j.stop(tmp_path / "home") is False


def test_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    """A pid file naming a dead (or unrelated) process is cleaned up, never signalled."""
    run = tmp_path / "run"
    run.mkdir()
    # A process that certainly is not this home's Neo4j: the test runner itself.
    (run / "neo4j.pid").write_text(f"{os.getpid()}\n")
    (run / "ready").write_text("{}\n")
    assert local_neo4j.status(tmp_path) is None
    assert local_neo4j.stop(tmp_path) is False
    assert not (run / "neo4j.pid").exists() and not (run / "ready").exists()

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (run / "neo4j.pid").write_text(f"{dead.pid}\n")
    assert local_neo4j.stop(tmp_path) is False


def test_short_password_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(local_neo4j.LocalNeo4jError, match="at least 8 characters"):
        local_neo4j.start(tmp_path, password="short", bolt_port=_free_port(), http_port=_free_port())


def test_invalid_sizes_and_ports_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(local_neo4j.LocalNeo4jError, match="invalid heap size"):
        local_neo4j.start(tmp_path, heap="lots")
    with pytest.raises(local_neo4j.LocalNeo4jError, match="cannot share port"):
        local_neo4j.start(tmp_path, bolt_port=7999, http_port=7999)


def test_server_that_dies_during_start_reports_the_log_tail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-in JVM that logs an error and exits: the error carries the log tail, no pid file stays."""
    monkeypatch.setattr(server, "find_java", lambda: "/bin/true")
    monkeypatch.setattr(server, "ensure_artifacts", lambda progress=None: tmp_path / "lib")
    monkeypatch.setattr(server, "set_initial_password", lambda *args: None)
    script = "echo 'ERROR Invalid configuration: unrecognized setting dbms.bogus'; exit 3"
    monkeypatch.setattr(server, "build_server_command", lambda *args: ["/bin/sh", "-c", script])
    home = tmp_path / "home"
    with pytest.raises(local_neo4j.ServerStartError) as caught:
        local_neo4j.start(home, bolt_port=_free_port(), http_port=_free_port(), password="unit-test-pw")
    assert "exited with code 3" in caught.value.summary
    assert "unrecognized setting dbms.bogus" in caught.value.details
    _assert_not_claiming_ready(home)
