"""docker-compose.yml keeps the promises the README makes about it (no Docker engine is needed to check them)."""

from __future__ import annotations

import json
import os
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
    # A setting whose default is the official image; scripts/docker-images.sh builds a local stand-in.
    assert neo4j["image"] == "${TIMELINE_KG_NEO4J_IMAGE:-neo4j:5.26-community}"
    assert "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])


def test_the_api_image_is_built_on_the_official_python_image_by_default(compose: dict[str, Any]) -> None:
    for name in ("loader", "api"):
        build = compose["services"][name]["build"]
        assert build["context"] == "."
        assert build["args"]["PYTHON_IMAGE"] == "${TIMELINE_KG_PYTHON_IMAGE:-python:3.11-slim}"
    assert "ARG PYTHON_IMAGE=python:3.11-slim\nFROM ${PYTHON_IMAGE}\n" in (REPO_ROOT / "Dockerfile").read_text()


def test_the_host_network_override_keeps_every_service_on_loopback() -> None:
    class ComposeLoader(yaml.SafeLoader):
        """Reads compose's `!reset` (drop the base file's value) as the empty value it stands for."""

    ComposeLoader.add_constructor("!reset", lambda loader, node: [])
    text = (REPO_ROOT / "docker-compose.host.yml").read_text()
    override: dict[str, Any] = yaml.load(text, Loader=ComposeLoader)
    services = override["services"]
    assert {name: service["network_mode"] for name, service in services.items()} == dict.fromkeys(
        ("neo4j", "loader", "api"), "host"
    )
    neo4j_env = services["neo4j"]["environment"]
    listen = [value for key, value in neo4j_env.items() if key.endswith("listen__address")]
    assert listen and all(value.startswith("127.0.0.1") for value in listen)
    assert services["api"]["command"][services["api"]["command"].index("--host") + 1] == "127.0.0.1"
    assert services["neo4j"]["ports"] == services["api"]["ports"] == []  # `!reset`: nothing published
    assert all(
        service["environment"]["NEO4J_URI"].startswith("bolt://127.0.0.1:")
        for service in (services["loader"], services["api"])
    )


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


@pytest.mark.compose  # the container tier installs the compose plugin and runs it; the other tiers deselect it
def test_docker_compose_config_accepts_the_file() -> None:
    def config(*files: str, **env: str) -> subprocess.CompletedProcess[str]:
        base = {"PATH": os.environ["PATH"], "HOME": str(Path.home())}
        paths = [arg for name in ("docker-compose.yml", *files) for arg in ("-f", str(REPO_ROOT / name))]
        command = ["docker", "compose", *paths, "config", "--format", "json"]
        return subprocess.run(command, env=base | env, capture_output=True, text=True)

    accepted = config(NEO4J_PASSWORD="a-long-test-password")
    assert accepted.returncode == 0, accepted.stderr
    services = json.loads(accepted.stdout)["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26-community"  # nothing changes on an ordinary Docker host
    assert services["api"]["build"]["args"] == {"PYTHON_IMAGE": "python:3.11-slim"}
    refused = config()  # no password: compose must refuse rather than fall back to a weak default
    assert refused.returncode != 0 and "NEO4J_PASSWORD" in refused.stderr

    stand_ins = {"TIMELINE_KG_NEO4J_IMAGE": "local/neo4j:x", "TIMELINE_KG_API_IMAGE": "local/api:y"}
    host = config("docker-compose.host.yml", NEO4J_PASSWORD="a-long-test-password", **stand_ins)
    assert host.returncode == 0, host.stderr
    merged = json.loads(host.stdout)
    # Host networking only: no service publishes a port or joins a network, so compose creates none (no bridge).
    assert "networks" not in merged
    for service in merged["services"].values():
        assert service["network_mode"] == "host"
        assert not service.get("ports") and not service.get("networks")
    assert merged["services"]["neo4j"]["image"] == "local/neo4j:x"
    assert merged["services"]["api"]["image"] == merged["services"]["loader"]["image"] == "local/api:y"
