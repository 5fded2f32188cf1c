"""Entrypoint of the local Neo4j image (containers/neo4j/Dockerfile): the official image's contract on the launcher.

Compose and testcontainers drive the official ``neo4j`` image through its environment, so the stand-in built here
from Maven Central jars honours the same contract:

- ``NEO4J_AUTH=neo4j/<password>`` sets the password on the first boot of the data volume; ``none`` turns
  authentication off;
- every other ``NEO4J_<name>`` becomes a ``neo4j.conf`` line, ``_`` read as ``.`` and ``__`` as ``_``
  (``NEO4J_server_memory_pagecache_size`` is ``server.memory.pagecache.size``); strict validation refuses
  an unknown setting, as it does in the official image;
- databases live in the ``/data`` volume and logs in ``/logs``; Bolt listens on 7687 and HTTP on 7474 on every
  interface unless a ``NEO4J_server_*_listen__address`` says otherwise.

It then runs the server in the foreground: ``python -m graph_service.local_neo4j.container`` becomes the JVM.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from graph_service.local_neo4j.config import DEFAULT_USER, MIN_PASSWORD_LENGTH
from graph_service.local_neo4j.errors import LocalNeo4jError
from graph_service.local_neo4j.server import run_in_foreground

HOME = Path("/var/lib/neo4j")  # the official image's NEO4J_HOME; its data/ and logs/ link to the volumes
LIB_DIR = Path("/opt/neo4j/lib")
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE = "512m"

# NEO4J_* variables the official image reads itself rather than turning into settings.
_NOT_SETTINGS = frozenset(
    {"NEO4J_AUTH", "NEO4J_HOME", "NEO4J_CONF", "NEO4J_EDITION", "NEO4J_PLUGINS", "NEO4J_DEBUG"}
    | {"NEO4J_ACCEPT_LICENSE_AGREEMENT", "NEO4J_SHA256", "NEO4J_TARBALL"}
)
# The official image listens on every interface of its container.
_IMAGE_DEFAULTS = {
    "server.default_listen_address": "0.0.0.0",  # noqa: S104 - inside a container, as the official image does
    "server.default_advertised_address": "localhost",
    "server.bolt.listen_address": ":7687",
    "server.bolt.advertised_address": ":7687",
    "server.http.listen_address": ":7474",
    "server.http.advertised_address": ":7474",
}


class ContractError(ValueError):
    """The container's environment breaks the official image's contract."""


def settings_from_env(env: Mapping[str, str]) -> dict[str, str]:
    """``NEO4J_dbms_usage__report_enabled=false`` -> ``{"dbms.usage_report.enabled": "false"}``."""
    settings = {}
    for name, value in env.items():
        if not name.startswith("NEO4J_") or name in _NOT_SETTINGS:
            continue
        parts = name.removeprefix("NEO4J_").split("__")
        settings["_".join(part.replace("_", ".") for part in parts)] = value
    return settings


def password_from_env(env: Mapping[str, str]) -> str | None:
    """The password of ``NEO4J_AUTH`` (``neo4j/<password>``); None for ``none``."""
    auth = env.get("NEO4J_AUTH")
    if auth is None:
        raise ContractError("set NEO4J_AUTH=neo4j/<password> (8+ characters), or NEO4J_AUTH=none")
    if auth == "none":
        return None
    user, _, password = auth.partition("/")
    if user != DEFAULT_USER or len(password) < MIN_PASSWORD_LENGTH:
        raise ContractError(f"NEO4J_AUTH must be neo4j/<password> with {MIN_PASSWORD_LENGTH}+ characters, or none")
    return password


def main() -> None:
    env = os.environ
    try:
        password = password_from_env(env)
        conf = {**_IMAGE_DEFAULTS, **settings_from_env(env)}
        # The launcher passes the heap to the JVM itself; the settings keep the official names.
        heap = conf.pop("server.memory.heap.max_size", DEFAULT_HEAP)
        conf.pop("server.memory.heap.initial_size", None)
        pagecache = conf.pop("server.memory.pagecache.size", DEFAULT_PAGECACHE)
        run_in_foreground(HOME, lib_dir=LIB_DIR, password=password, heap=heap, pagecache=pagecache, extra_conf=conf)
    except (ContractError, LocalNeo4jError) as error:
        print(f"neo4j-container: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
