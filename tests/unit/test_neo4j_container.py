"""The local Neo4j image keeps the official image's environment contract (graph_service/local_neo4j/container.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from graph_service.local_neo4j import container as neo4j_container
from timeline_kg.settings import REPO_ROOT


def test_settings_follow_the_official_naming() -> None:
    env = {
        "NEO4J_dbms_usage__report_enabled": "false",
        "NEO4J_server_memory_pagecache_size": "1G",
        "NEO4J_browser_post__connect__cmd": "play x",
        "NEO4J_server_bolt_listen__address": "127.0.0.1:17503",
        "NEO4J_AUTH": "neo4j/long-enough",  # read by the image, never a setting
        "NEO4J_HOME": "/var/lib/neo4j",
        "PATH": "/usr/bin",
    }
    assert neo4j_container.settings_from_env(env) == {
        "dbms.usage_report.enabled": "false",
        "server.memory.pagecache.size": "1G",
        "browser.post_connect_cmd": "play x",
        "server.bolt.listen_address": "127.0.0.1:17503",
    }


def test_every_setting_compose_passes_is_a_real_setting_name() -> None:
    env = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())["services"]["neo4j"]["environment"]
    names = set(neo4j_container.settings_from_env(env))
    assert names == {
        "dbms.usage_report.enabled",
        "server.memory.heap.initial_size",
        "server.memory.heap.max_size",
        "server.memory.pagecache.size",
        "browser.post_connect_cmd",
        "browser.remote_content_hostname_whitelist",
    }


@pytest.mark.parametrize(
    ("auth", "password"), [("neo4j/a-long-password", "a-long-password"), ("neo4j/with/slash", "with/slash")]
)
def test_neo4j_auth_gives_the_password(auth: str, password: str) -> None:
    assert neo4j_container.password_from_env({"NEO4J_AUTH": auth}) == password


def test_neo4j_auth_none_turns_authentication_off() -> None:
    assert neo4j_container.password_from_env({"NEO4J_AUTH": "none"}) is None


@pytest.mark.parametrize("env", [{}, {"NEO4J_AUTH": "neo4j/short"}, {"NEO4J_AUTH": "admin/a-long-password"}])
def test_a_broken_neo4j_auth_is_refused(env: dict[str, str]) -> None:
    with pytest.raises(neo4j_container.ContractError, match="NEO4J_AUTH"):
        neo4j_container.password_from_env(env)


def test_the_entrypoint_exits_with_the_reason_and_starts_nothing() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    done = subprocess.run(
        [sys.executable, "-m", "graph_service.local_neo4j.container"],
        env=env | {"NEO4J_AUTH": "neo4j/short"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("neo4j-container: NEO4J_AUTH must be neo4j/<password>")


def test_cypher_shell_is_the_servers_release() -> None:
    def version(pom: str) -> str:
        found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", (REPO_ROOT / "tools/neo4j" / pom).read_text())
        assert found is not None
        return found.group(1)

    assert version("cypher-shell.pom.xml") == version("pom.xml")
