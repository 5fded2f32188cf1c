"""The docker compose stack end to end: ``up --wait`` brings up Neo4j, the one-shot loader and the API; the API tells
the seed story through the stack; ``down -v`` leaves nothing behind.

Container tier only (marker ``compose``, see tests/neo4j_server.py). It uses the engine of ``DOCKER_HOST`` and the
images compose is told about (``TIMELINE_KG_*_IMAGE``, scripts/docker-images.sh); on an engine without a bridge it
adds docker-compose.host.yml and picks free loopback ports, so it can run beside other stacks on one machine.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from timeline_kg.settings import REPO_ROOT

pytestmark = pytest.mark.compose

MILITARY = "us-china-military-communication"
FREEZE = "china-freezes-military-contacts"
CALIFORNIA = "xi-biden-california-meeting-2023-11"
UP_TIMEOUT_S = 600


@dataclass(frozen=True)
class Stack:
    project: str
    files: tuple[str, ...]
    env: dict[str, str]
    api_url: str
    host_network: bool

    def compose(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        files = [arg for name in self.files for arg in ("-f", str(REPO_ROOT / name))]
        command = ["docker", "compose", "-p", self.project, *files, *args]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT)

    def leftovers(self) -> dict[str, list[str]]:
        """Containers, volumes and networks that still carry this project's label."""
        label = f"label=com.docker.compose.project={self.project}"
        kinds = {"containers": ["ps", "-a"], "volumes": ["volume", "ls"], "networks": ["network", "ls"]}
        return {kind: _docker(*verb, "-q", "--filter", label).split() for kind, verb in kinds.items()}


def _docker(*args: str) -> str:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"docker {' '.join(args)}: {done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    version = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if version.returncode != 0:
        pytest.fail(f"the container tier needs the docker compose plugin: {version.stderr.strip()}", pytrace=False)
    host_network = not _docker("network", "ls", "-q", "--filter", "name=^bridge$").strip()
    env = {**os.environ, "NEO4J_PASSWORD": f"compose-{secrets.token_hex(8)}"}
    api_port = 8000
    files: tuple[str, ...] = ("docker-compose.yml",)
    if host_network:
        files += ("docker-compose.host.yml",)
        api_port = _free_port()
        env |= {
            "TIMELINE_KG_BOLT_PORT": str(_free_port()),
            "TIMELINE_KG_HTTP_PORT": str(_free_port()),
            "TIMELINE_KG_API_PORT": str(api_port),
        }
    built = Stack(
        project=f"timeline-kg-test-{secrets.token_hex(3)}",
        files=files,
        env=env,
        api_url=f"http://127.0.0.1:{api_port}",
        host_network=host_network,
    )
    try:
        up = built.compose("up", "--wait", "--wait-timeout", str(UP_TIMEOUT_S), timeout=UP_TIMEOUT_S + 60)
        if up.returncode != 0:
            logs = built.compose("logs", "--no-color", "--tail", "40").stdout
            pytest.fail(f"docker compose up --wait failed:\n{up.stderr[-3000:]}\n--- logs ---\n{logs}", pytrace=False)
        yield built
    finally:
        built.compose("down", "-v", "--remove-orphans", timeout=180)


def _services(stack: Stack) -> dict[str, dict[str, Any]]:
    listed = stack.compose("ps", "-a", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    # One JSON object a line (a JSON list in older releases).
    text = listed.stdout.strip()
    rows = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines()]
    return {row["Service"]: row for row in rows}


def test_up_wait_brings_up_neo4j_the_loader_and_the_api(stack: Stack) -> None:
    services = _services(stack)
    assert services.keys() == {"neo4j", "loader", "api"}
    assert services["neo4j"]["Health"] == "healthy" and services["api"]["Health"] == "healthy"
    assert services["loader"]["State"] == "exited" and services["loader"]["ExitCode"] == 0
    if stack.host_network:  # the stack made no network of its own: no bridge, no private-range addresses
        assert stack.leftovers()["networks"] == []


def test_the_api_serves_from_neo4j(stack: Stack) -> None:
    ready = httpx.get(f"{stack.api_url}/ready", timeout=10)
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "store": "neo4j"}


def test_the_api_tells_the_freeze_and_the_restoration(stack: Stack) -> None:
    response = httpx.get(f"{stack.api_url}/channels/{MILITARY}/history", timeout=30)
    assert response.status_code == 200, response.text
    suspended, resumed = response.json()["intervals"]
    assert suspended["state"] == "suspended" and suspended["opened_by"]["event"]["id"] == FREEZE
    assert suspended["closed_by"]["event"]["id"] == CALIFORNIA
    assert resumed["state"] == "resumed" and resumed["opened_by"]["event"]["id"] == CALIFORNIA
    assert any("agreed to resume military communications" in q["quote"] for q in resumed["opened_by"]["evidence"])


def test_down_v_leaves_nothing_behind(stack: Stack) -> None:
    assert any(stack.leftovers().values())  # the stack is there to be removed
    down = stack.compose("down", "-v", "--remove-orphans", timeout=180)
    assert down.returncode == 0, down.stderr
    assert stack.leftovers() == {"containers": [], "volumes": [], "networks": []}
