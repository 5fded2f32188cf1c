"""The command line's faults: one line with the cause and the fix, documented exit codes, no traceback; `serve`
starts while Neo4j is down."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest

from tests.conftest import ARTICLE
from tests.neo4j_server import Neo4jConnection

from .conftest import CLI, free_port, run_cli


def _one_line(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert result.returncode == code, f"exit {result.returncode}: {result.stderr[-1500:]}"
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-1500:]
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_help_documents_the_exit_codes() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes" in text
    for code in ("0", "1", "2", "3"):
        assert f"{code} " in text


def test_load_into_an_unreachable_neo4j_is_one_line() -> None:
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    _one_line(run_cli("load", str(ARTICLE), env=env, timeout=60), 3, "NEO4J_URI")


def test_load_gdelt_into_an_unreachable_neo4j_is_one_line(tmp_path: object) -> None:
    from pathlib import Path

    from loaders.gdelt import synth as gdelt_synth

    path = gdelt_synth.write_file(Path(str(tmp_path)) / "20240101000000.export.CSV", 5)
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    _one_line(run_cli("load-gdelt", str(path), env=env, timeout=60), 3, "NEO4J_URI")


@pytest.mark.neo4j
def test_load_with_a_wrong_password_is_one_line(neo4j_server: Neo4jConnection) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": "wrong-password"}
    _one_line(run_cli("load", str(ARTICLE), env=env, timeout=60), 3, "NEO4J_PASSWORD")


def test_serve_starts_while_neo4j_is_down() -> None:
    port = free_port()
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x", "TIMELINE_KG_PORT": str(port)}
    import os

    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TIMELINE_KG_"))}
    process = subprocess.Popen(
        [str(CLI), "serve"], env={**full_env, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=10)
                break
            except httpx.ConnectError:
                time.sleep(0.3)
        else:
            process.kill()
            pytest.fail(f"serve did not start (exit {process.poll()}): {process.communicate()[1][-1500:]}")
        assert health.status_code == 200
        assert ready.status_code == 503 and "retry-after" in ready.headers
    finally:
        process.terminate()
        process.wait(timeout=30)
