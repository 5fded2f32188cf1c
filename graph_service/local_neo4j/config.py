"""Where a local server lives and how it is configured: fixed names and ports, the home directory's layout, the
generated neo4j.conf and the JVM command line."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from pathlib import Path

from graph_service.local_neo4j.errors import LocalNeo4jError
from timeline_kg.settings import REPO_ROOT

TOOLS_DIR = REPO_ROOT / "tools" / "neo4j"
POM_PATH = TOOLS_DIR / "pom.xml"
LIB_DIR = TOOLS_DIR / "target" / "lib"

HOST = "127.0.0.1"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
DEFAULT_USER = "neo4j"
MIN_JAVA = 17
MIN_PASSWORD_LENGTH = 8  # Neo4j 5 rejects shorter passwords (dbms.security.auth_minimum_password_length)

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"

# The `server.jvm.additional` defaults of the official 5.26 neo4j.conf, which the
# launcher (`org.neo4j.server.startup.Neo4jCommand console`) turns into JVM flags.
# One deliberate difference: no -XX:+AlwaysPreTouch.  It commits the whole heap at
# boot, which slows start-up and wastes memory for a dev/test server that often
# runs next to a second one on a 24 GiB box.
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)

HOME_SUBDIRS = ("conf", "data", "logs", "plugins", "import", "run")
MEMORY_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
LOG_TAIL_LINES = 25


@dataclasses.dataclass(frozen=True)
class HomePaths:
    root: Path

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "neo4j.pid"

    @property
    def state_file(self) -> Path:
        return self.run_dir / "server.json"

    @property
    def ready_file(self) -> Path:
        return self.run_dir / "ready"

    @property
    def password_file(self) -> Path:
        return self.run_dir / "password"

    @property
    def lock_file(self) -> Path:
        return self.run_dir / ".lock"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def system_db_dir(self) -> Path:
        # Exists once the server has booted at least once; from then on
        # `set-initial-password` no longer has any effect.
        return self.root / "data" / "databases" / "system"


def resolve_home(home: Path | str) -> HomePaths:
    return HomePaths(Path(home).expanduser().resolve())


def conf_settings(
    bolt_port: int, http_port: int, heap: str, pagecache: str, extra_conf: Mapping[str, str]
) -> dict[str, str]:
    settings = {
        # Loopback only: this is a developer/test server with a generated password.
        "server.default_listen_address": HOST,
        "server.default_advertised_address": HOST,
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"{HOST}:{bolt_port}",
        "server.bolt.advertised_address": f"{HOST}:{bolt_port}",
        "server.http.enabled": "true",
        "server.http.listen_address": f"{HOST}:{http_port}",
        "server.http.advertised_address": f"{HOST}:{http_port}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        # No usage reports to Neo4j, no Browser/driver telemetry.
        "dbms.usage_report.enabled": "false",
        "client.allow_telemetry": "false",
        "server.bolt.telemetry.enabled": "false",
        # Sized for a 2-core / 24 GiB box that may run a dev and a test server at once.
        "server.memory.heap.initial_size": heap,
        "server.memory.heap.max_size": heap,
        "server.memory.pagecache.size": pagecache,
        # Bolt waits 2 x 5 s by default for (already closed) connections on
        # shutdown; 1 s each makes `stop` take ~2 s instead of ~10 s (debug.log
        # then notes the idle event loops were "forcefully terminated": harmless).
        # These are internal settings of the pinned 5.26 release: strict config validation
        # makes the server fail loudly if a version bump ever drops them.
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
        "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
    }
    for key, value in extra_conf.items():
        if not key or any(ch in key + value for ch in "\r\n") or "=" in key:
            raise LocalNeo4jError(f"invalid extra_conf entry {key!r}={value!r}; use single-line key=value pairs")
        settings[key] = value
    return settings


def write_conf(paths: HomePaths, settings: Mapping[str, str]) -> None:
    lines = [
        "# Generated by graph_service.local_neo4j on every start: edits here are overwritten.",
        "# Pass extra_conf to start() to add or override settings.",
    ]
    lines += [f"{key}={value}" for key, value in settings.items()]
    # Recorded for the official launcher (`neo4j console`) only; start() passes
    # the same flags itself (see build_server_command).
    lines += [f"server.jvm.additional={flag}" for flag in JVM_FLAGS]
    tmp = paths.conf_file.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(paths.conf_file)


def build_server_command(java: str, lib_dir: Path, home: Path, heap: str) -> list[str]:
    """The JVM command line `neo4j console --dry-run` would print for this home.

    Same flags, main class and arguments; the classpath uses wildcards instead of
    the expanded jar list, and plugins/ comes first so dropped-in plugins load.
    """
    classpath = os.pathsep.join([str(home / "plugins" / "*"), str(home / "conf" / "*"), str(lib_dir / "*")])
    return [
        java,
        "-cp",
        classpath,
        *JVM_FLAGS,
        "-Dfile.encoding=UTF-8",
        f"-Xms{heap}",
        f"-Xmx{heap}",
        MAIN_CLASS,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
