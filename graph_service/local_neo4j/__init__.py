"""Run a real Neo4j Community 5.26 server locally, built from Maven Central jars.

Why this exists: the official Neo4j tarball and Docker images cannot be fetched in
our environments (only package registries are reachable), but every jar of the
Community distribution is on Maven Central.  ``tools/neo4j/pom.xml`` resolves them
into ``tools/neo4j/target/lib/``; this module lays out a Neo4j home directory,
writes ``neo4j.conf``, sets the initial password with the official admin tool and
launches ``org.neo4j.server.CommunityEntryPoint`` with the same JVM flags the
official ``neo4j console`` launcher would use.

Home layout (everything a server owns lives below ``home``)::

    conf/neo4j.conf     generated on every start (pass ``extra_conf`` to customise)
    data/ logs/ plugins/ import/
    run/neo4j.pid       pid of the running JVM (same name the official launcher uses)
    run/server.json     ports/user of the running server, written at spawn time
    run/ready           written only once Bolt answered ``RETURN 1``
    run/password        the password of user ``neo4j`` (mode 0600)

Modules by concern: ``config`` (names, ports, home layout, neo4j.conf, the JVM command), ``artifacts`` (Java
and the Maven-resolved jars), ``password``, ``process`` (pid file, signals, ports, logs), ``readiness`` (waiting
for Bolt), ``server`` (start, stop, status), ``errors``. Only the standard library, the ``neo4j`` driver and the
project's Settings are used, so the package can be imported from the CLI, from tests and from scripts alike.
"""

from __future__ import annotations

from graph_service.local_neo4j.artifacts import ensure_artifacts, find_java, neo4j_version
from graph_service.local_neo4j.config import (
    ADMIN_CLASS,
    DEFAULT_BOLT_PORT,
    DEFAULT_HTTP_PORT,
    DEFAULT_USER,
    HOST,
    JVM_FLAGS,
    MAIN_CLASS,
    build_server_command,
)
from graph_service.local_neo4j.errors import (
    ArtifactError,
    JavaNotFoundError,
    LocalNeo4jError,
    PortInUseError,
    ServerStartError,
)
from graph_service.local_neo4j.password import read_password
from graph_service.local_neo4j.server import ServerInfo, start, status, stop
from timeline_kg.settings import REPO_ROOT

__all__ = [
    "ADMIN_CLASS",
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "DEFAULT_USER",
    "HOST",
    "JVM_FLAGS",
    "MAIN_CLASS",
    "REPO_ROOT",
    "ArtifactError",
    "JavaNotFoundError",
    "LocalNeo4jError",
    "PortInUseError",
    "ServerInfo",
    "ServerStartError",
    "build_server_command",
    "ensure_artifacts",
    "find_java",
    "neo4j_version",
    "read_password",
    "start",
    "status",
    "stop",
]
