"""A newcomer's first hour: the Makefile checks the Python version and rebuilds a broken venv, `make serve` installs
only what serving needs, installs are quiet, and `make test` says at its end what it skipped and why."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})}
    )


@pytest.fixture
def old_python(tmp_path: Path) -> Path:
    """A `python3` that says it is 3.10, as on the machine of the issue."""
    fake = tmp_path / "python3.10"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *version_info*|*--version*) echo "3.10.12"; exit 0;; esac\n'
        'exec python3 "$@"\n'
    )
    fake.chmod(0o755)
    return fake


def test_make_refuses_an_old_python_before_making_a_venv(tmp_path: Path, old_python: Path) -> None:
    venv = tmp_path / "venv"
    result = _make("venv", f"PYTHON={old_python}", f"VENV={venv}")
    assert result.returncode != 0
    assert "3.11" in result.stdout + result.stderr
    assert not venv.exists(), "a venv was made with the wrong Python"


def test_make_rebuilds_a_broken_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(tmp_path / "gone" / "python3.10")  # the interpreter is gone
    (venv / "bin" / "timeline-kg").write_text("#!/bin/sh\n")
    os.utime(venv / "bin" / "timeline-kg", (2_000_000_000, 2_000_000_000))  # newer than pyproject.toml
    result = _make("-n", "venv", f"VENV={venv}", f"PYTHON={sys.executable}")
    assert result.returncode == 0, result.stderr
    assert "-m venv" in result.stdout, f"the broken venv would be reused:\n{result.stdout}"


def test_make_serve_installs_only_what_serving_needs(tmp_path: Path) -> None:
    result = _make("-n", "serve", f"VENV={tmp_path / 'venv'}", f"PYTHON={sys.executable}")
    installs = [line for line in result.stdout.splitlines() if "pip install" in line and "-e" in line]
    assert installs, result.stdout
    assert all("[test]" not in line for line in installs), installs


def test_the_licence_is_an_spdx_string() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str), "a licence table makes setuptools print ~50 lines per install"


def test_quick_start_mentions_the_first_run_download() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "170 MB" in quick_start


def _pytest(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TIMELINE_KG_", "REQUIRE_NEO4J"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/integration/test_queries.py"],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**base, **env},
    )  # fmt: skip


def test_pytest_ends_loudly_when_everything_needing_neo4j_skipped() -> None:
    result = _pytest({"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"})
    tail = "\n".join(result.stdout.splitlines()[-12:])
    assert "EVERY TEST THAT NEEDS NEO4J WAS SKIPPED" in tail, tail
    assert "does not answer" in tail, tail


def test_a_taken_test_port_is_reported(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = _pytest(
            {
                "TIMELINE_KG_TEST_NEO4J": "local",
                "TIMELINE_KG_TEST_NEO4J_HOME": str(tmp_path / "neo4j"),
                "TIMELINE_KG_TEST_BOLT_PORT": str(port),
                "TIMELINE_KG_TEST_HTTP_PORT": str(free_port()),
            }
        )
    tail = "\n".join(result.stdout.splitlines()[-12:])
    assert f"port {port}" in tail and "already in use" in tail, tail
    assert "TIMELINE_KG_TEST_BOLT_PORT" in tail, tail
