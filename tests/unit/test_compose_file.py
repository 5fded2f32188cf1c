"""docker-compose.yml keeps the promises the README makes about it (no Docker engine is needed to check them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from timeline_kg.settings import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def test_neo4j_is_the_pinned_community_image_with_a_bolt_healthcheck(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])


def test_the_neo4j_container_never_gets_the_apps_neo4j_variables(compose: dict[str, Any]) -> None:
    # Its entrypoint turns every NEO4J_* variable into a config line; NEO4J_URI would make strict validation fail.
    env = compose["services"]["neo4j"]["environment"]
    assert not {"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"} & set(env)


def test_every_port_is_bound_to_loopback(compose: dict[str, Any]) -> None:
    ports = [p for service in compose["services"].values() for p in service.get("ports", [])]
    assert ports and all(p.startswith("127.0.0.1:") for p in ports)


def test_the_password_has_no_default(compose: dict[str, Any]) -> None:
    assert "${NEO4J_PASSWORD:?" in compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert "${NEO4J_PASSWORD:?" in compose["x-app-env"]["NEO4J_PASSWORD"]


def test_api_waits_for_a_healthy_neo4j_and_the_loader(compose: dict[str, Any]) -> None:
    depends = compose["services"]["api"]["depends_on"]
    assert depends["neo4j"]["condition"] == "service_healthy"
    assert depends["loader"]["condition"] == "service_completed_successfully"
    assert compose["volumes"].keys() >= {"neo4j-data", "neo4j-logs"}


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="docker compose plugin not installed",
)
def test_docker_compose_config_accepts_the_file() -> None:
    def config(**env: str) -> subprocess.CompletedProcess[str]:
        base = {"PATH": os.environ["PATH"], "HOME": str(Path.home())}
        command = ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"]
        return subprocess.run(command, env=base | env, capture_output=True, text=True)

    accepted = config(NEO4J_PASSWORD="a-long-test-password")
    assert accepted.returncode == 0, accepted.stderr
    refused = config()  # no password: compose must refuse rather than fall back to a weak default
    assert refused.returncode != 0 and "NEO4J_PASSWORD" in refused.stderr
