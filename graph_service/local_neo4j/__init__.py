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

Only the standard library and the ``neo4j`` driver are used, so the module can be
imported from the CLI, from tests and from scripts alike.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "DEFAULT_USER",
    "HOST",
    "JVM_FLAGS",
    "MAIN_CLASS",
    "ArtifactError",
    "JavaNotFoundError",
    "LocalNeo4jError",
    "PortInUseError",
    "ServerInfo",
    "ServerStartError",
    "build_server_command",
    "default_home",
    "ensure_artifacts",
    "find_java",
    "neo4j_version",
    "read_password",
    "start",
    "status",
    "stop",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = REPO_ROOT / "tools" / "neo4j"
POM_PATH = TOOLS_DIR / "pom.xml"
LIB_DIR = TOOLS_DIR / "target" / "lib"
# Written into LIB_DIR after a successful `mvn package`; holds the pom's hash so a
# changed pom (e.g. a version bump) triggers a clean re-resolution.
_LIB_STAMP = LIB_DIR / ".complete"

HOST = "127.0.0.1"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
DEFAULT_USER = "neo4j"
HOME_ENV = "TIMELINE_KG_NEO4J_HOME"
PASSWORD_ENV = "NEO4J_PASSWORD"  # noqa: S105 - the variable's name, not a password
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

_HOME_SUBDIRS = ("conf", "data", "logs", "plugins", "import", "run")
_MEMORY_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
_LOG_TAIL_LINES = 25


# --------------------------------------------------------------------------- errors


class LocalNeo4jError(RuntimeError):
    """Any failure to manage the local server.

    ``summary`` is one line naming the cause and the fix; ``details`` optionally
    carries the tail of a log or of Maven's output.  ``str(error)`` is both.
    """

    def __init__(self, summary: str, details: str = "") -> None:
        self.summary = summary
        self.details = details.rstrip()
        super().__init__(f"{summary}\n{self.details}" if self.details else summary)


class PortInUseError(LocalNeo4jError):
    """A port the server needs is already bound by another process."""

    def __init__(self, port: int, purpose: str) -> None:
        self.port = port
        self.purpose = purpose
        option = "--bolt-port" if purpose == "bolt" else "--http-port"
        super().__init__(
            f"port {port} ({purpose}) on {HOST} is already in use; stop whatever listens there "
            f"(see `ss -ltnp 'sport = :{port}'`) or choose another port ({option})"
        )


class JavaNotFoundError(LocalNeo4jError):
    """No usable Java runtime (missing, or older than Java 17)."""


class ArtifactError(LocalNeo4jError):
    """Maven is missing or could not resolve the Neo4j jars."""


class ServerStartError(LocalNeo4jError):
    """The JVM exited, timed out or rejected our credentials during start."""


# --------------------------------------------------------------------------- info


@dataclasses.dataclass(frozen=True)
class ServerInfo:
    """Where a local server listens and how to log in.

    ``ready`` is False while a server is still booting (pid alive, Bolt not yet
    answering).  ``already_running`` is True when ``start`` found a server running
    and did not launch a second one.
    """

    home: Path
    pid: int
    bolt_port: int
    http_port: int
    user: str
    password: str | None
    version: str
    ready: bool = True
    already_running: bool = False

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def browser_url(self) -> str:
        return f"{self.http_url}/browser/"


# --------------------------------------------------------------------------- paths


@dataclasses.dataclass(frozen=True)
class _HomePaths:
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


def default_home() -> Path:
    """``$TIMELINE_KG_NEO4J_HOME`` or ``<repo>/var/neo4j``."""
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser().resolve() if env else REPO_ROOT / "var" / "neo4j"


def _resolve_home(home: Path | str | None) -> _HomePaths:
    return _HomePaths(Path(home).expanduser().resolve() if home is not None else default_home())


def neo4j_version() -> str:
    """The Neo4j version pinned in tools/neo4j/pom.xml (single source of truth)."""
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM_PATH.read_text(encoding="utf-8"))
    if match is None:
        raise ArtifactError(f"no <neo4j.version> property in {POM_PATH}; restore the file from git")
    return match.group(1).strip()


def read_password(home: Path | str | None = None) -> str | None:
    """The password stored in ``<home>/run/password``, if any."""
    path = _resolve_home(home).password_file
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


# --------------------------------------------------------------------------- prerequisites


def find_java() -> str:
    """Path of a Java >= 17 runtime: ``$JAVA_HOME/bin/java`` first, else ``java`` on PATH."""
    candidates: list[str] = []
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            candidates.append(str(candidate))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    if not candidates:
        raise JavaNotFoundError(
            "no `java` found on PATH or in JAVA_HOME; Neo4j 5.26 needs Java 17 or 21 "
            "(e.g. `apt-get install openjdk-17-jre-headless`)"
        )
    java = candidates[0]
    major = _java_major_version(java)
    if major < MIN_JAVA:
        raise JavaNotFoundError(
            f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or 21 "
            "(install openjdk-17 and put it first on PATH or set JAVA_HOME)"
        )
    return java


def _java_major_version(java: str) -> int:
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        raise JavaNotFoundError(f"cannot run {java} ({exc}); install Java 17 or 21") from exc
    # e.g. `openjdk version "17.0.15" 2025-04-15` or, for Java 8, `"1.8.0_392"`.
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        raise JavaNotFoundError(f"cannot tell the version of {java}: {proc.stderr.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return major


def _pom_digest() -> str:
    return hashlib.sha256(POM_PATH.read_bytes()).hexdigest()


def _artifacts_ready() -> bool:
    try:
        return _LIB_STAMP.read_text(encoding="utf-8").strip() == _pom_digest()
    except FileNotFoundError:
        return False


def ensure_artifacts(progress: Callable[[str], None] | None = None, timeout: float = 1800.0) -> Path:
    """Resolve the Neo4j jars with Maven (once) and return the lib directory.

    Maven caches downloads in ~/.m2 and copies them into tools/neo4j/target/lib; a
    stamp file makes later calls skip Maven entirely, so a warm start spawns no mvn.
    """
    if _artifacts_ready():
        return LIB_DIR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ArtifactError(
            "`mvn` not found on PATH; install Maven 3.8+ (e.g. `apt-get install maven`) so the "
            "Neo4j jars can be resolved from Maven Central"
        )
    LIB_DIR.parent.mkdir(parents=True, exist_ok=True)
    # Serialise concurrent starts (e.g. the dev server and the test fixture).
    with _file_lock(LIB_DIR.parent / ".resolve.lock"):
        if _artifacts_ready():
            return LIB_DIR
        if progress:
            progress(f"Resolving Neo4j {neo4j_version()} from Maven Central (first run downloads ~140 MB)...")
        # copy-dependencies never deletes, so stale jars of another version would
        # end up on the classpath next to the new ones: start from an empty dir.
        shutil.rmtree(LIB_DIR, ignore_errors=True)
        cmd = [mvn, "-B", "-q", "-f", str(POM_PATH), "package"]
        try:
            proc = subprocess.run(cmd, cwd=TOOLS_DIR, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ArtifactError(
                f"Maven did not finish resolving Neo4j within {timeout:.0f}s; check the network "
                f"access to Maven Central and rerun `mvn -f {POM_PATH} package`"
            ) from exc
        if proc.returncode != 0 or not any(LIB_DIR.glob("neo4j-server-*.jar")):
            output = (proc.stdout + proc.stderr).strip().splitlines()
            raise ArtifactError(
                f"Maven failed to resolve the Neo4j jars (exit {proc.returncode}); fix the cause below "
                f"and rerun, or run `mvn -f {POM_PATH} package` to see the full output",
                "\n".join(output[-_LOG_TAIL_LINES:]),
            )
        _LIB_STAMP.write_text(_pom_digest() + "\n", encoding="utf-8")
    return LIB_DIR


def _check_port_free(port: int, purpose: str) -> None:
    if not 0 < port < 65536:
        raise LocalNeo4jError(f"{purpose} port {port} is out of range; pick a port in 1024-65535")
    # SO_REUSEADDR mirrors what Netty/Jetty do, so ports lingering in TIME_WAIT
    # after a previous server are not reported as taken; a listening socket still is.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUseError(port, purpose) from exc
            raise


# --------------------------------------------------------------------------- processes


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    # A server started from this Python process stays our child; once it exits it
    # is a zombie that os.kill(pid, 0) still "finds".  Reap it if it is ours.
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass  # not our child: ask the kernel instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_server(pid: int, paths: _HomePaths) -> bool:
    """Guard against pid reuse: only the JVM serving *this* home counts."""
    if not _pid_alive(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (not Linux): trust the pid file
    decoded = [arg.decode("utf-8", "replace") for arg in args]
    return MAIN_CLASS in decoded and f"--home-dir={paths.root}" in decoded


def _read_pid(paths: _HomePaths) -> int | None:
    try:
        return int(paths.pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def _clear_run_state(paths: _HomePaths) -> None:
    for path in (paths.ready_file, paths.pid_file, paths.state_file):
        path.unlink(missing_ok=True)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM (Neo4j shuts down cleanly on it), then SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.1)


_EXPLAINING_LOGS = ("console.log", "neo4j.log", "debug.log")


def _log_sizes(paths: _HomePaths) -> dict[str, int]:
    """Current log sizes, so a failure report shows only what this start wrote."""
    sizes = {}
    for name in _EXPLAINING_LOGS:
        try:
            sizes[name] = (paths.logs_dir / name).stat().st_size
        except FileNotFoundError:
            sizes[name] = 0
    return sizes


def _log_tails(paths: _HomePaths, since: Mapping[str, int]) -> str:
    """Tails of what the logs gained since ``since``, most telling first."""
    parts = []
    for name in _EXPLAINING_LOGS:
        path = paths.logs_dir / name
        try:
            with open(path, "rb") as handle:
                handle.seek(since.get(name, 0))
                text = handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            continue
        lines = text.rstrip().splitlines()[-(15 if name == "debug.log" else _LOG_TAIL_LINES) :]
        if lines:
            parts.append(f"--- {path} (tail) ---\n" + "\n".join(lines))
    return "\n".join(parts)


# --------------------------------------------------------------------------- configuration


def _conf_settings(
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


def _write_conf(paths: _HomePaths, settings: Mapping[str, str]) -> None:
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


def _admin_env(paths: _HomePaths) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(paths.root)
    env["NEO4J_CONF"] = str(paths.conf_dir)
    return env


def _set_initial_password(java: str, lib_dir: Path, paths: _HomePaths, password: str) -> None:
    """`neo4j-admin dbms set-initial-password`, via the admin tool's main class in a short-lived JVM.

    The password is an argument, so it shows in the process list for about a
    second; acceptable for a loopback-only developer/test server.
    """
    # "--" ends picocli's option parsing, so a password starting with "-" is
    # taken as the password rather than as an unknown option.
    cmd = [
        java,
        "-Xmx256m",
        "-cp",
        str(lib_dir / "*"),
        ADMIN_CLASS,
        "dbms",
        "set-initial-password",
        "--",
        password,
    ]
    proc = subprocess.run(
        cmd, cwd=paths.root, env=_admin_env(paths), capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).replace(password, "***")
        raise ServerStartError(
            f"setting the initial password failed (exit {proc.returncode}); check {paths.conf_file} "
            "and the output below",
            "\n".join(output.strip().splitlines()[-_LOG_TAIL_LINES:]),
        )


def _resolve_password(paths: _HomePaths, password: str | None) -> str:
    resolved = password or os.environ.get(PASSWORD_ENV) or read_password(paths.root) or _generate_password()
    if len(resolved) < MIN_PASSWORD_LENGTH:
        raise LocalNeo4jError(
            f"the Neo4j password must have at least {MIN_PASSWORD_LENGTH} characters; pass a longer one"
        )
    return resolved


def _generate_password() -> str:
    # Letters and digits only: safe to paste into shells, URLs and the Browser.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(24))


def _store_password(paths: _HomePaths, password: str) -> None:
    # Created 0600 from the start (no window where it is world-readable).
    fd = os.open(paths.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    os.chmod(paths.password_file, 0o600)


# --------------------------------------------------------------------------- public API


def status(home: Path | str | None = None) -> ServerInfo | None:
    """The running server of ``home``, or None.  ``ready`` tells whether Bolt answered."""
    paths = _resolve_home(home)
    pid = _read_pid(paths)
    if pid is None or not _is_our_server(pid, paths):
        return None
    try:
        state = json.loads(paths.state_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        state = {}
    return ServerInfo(
        home=paths.root,
        pid=pid,
        bolt_port=int(state.get("bolt_port", DEFAULT_BOLT_PORT)),
        http_port=int(state.get("http_port", DEFAULT_HTTP_PORT)),
        user=str(state.get("user", DEFAULT_USER)),
        password=read_password(paths.root),
        version=str(state.get("version", "")),
        ready=paths.ready_file.exists(),
    )


def stop(home: Path | str | None = None, timeout: float = 60.0) -> bool:
    """Stop the server of ``home``; False when none was running.

    Only the pid from ``run/neo4j.pid`` is signalled, and only if that process is
    the Neo4j JVM of this home (never an unrelated process that reused the pid).
    """
    paths = _resolve_home(home)
    if not paths.run_dir.is_dir():
        return False
    with _file_lock(paths.lock_file):
        pid = _read_pid(paths)
        if pid is None or not _is_our_server(pid, paths):
            _clear_run_state(paths)  # stale files of a crashed server
            return False
        _terminate(pid, timeout)
        _clear_run_state(paths)
        return True


def start(
    home: Path | str | None = None,
    *,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    password: str | None = None,
    heap: str = "2g",
    pagecache: str = "1g",
    timeout: float = 120.0,
    extra_conf: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ServerInfo:
    """Start Neo4j for ``home`` in the background and wait until Bolt answers.

    Password: ``password``, else ``$NEO4J_PASSWORD``, else the one stored in
    ``<home>/run/password``, else a generated one; it is stored in
    ``<home>/run/password`` (0600).  It only takes effect on the first boot of a
    home; later starts must use the same password (or the one set with ALTER USER).

    If a server already runs for ``home`` it is returned with ``already_running``
    set and nothing is started.  Raises a ``LocalNeo4jError`` subclass on failure,
    after stopping anything this call started.
    """
    paths = _resolve_home(home)
    for name, value in (("heap", heap), ("pagecache", pagecache)):
        if not _MEMORY_RE.match(value):
            raise LocalNeo4jError(f"invalid {name} size {value!r}; use e.g. 512m or 2g")
    if bolt_port == http_port:
        raise LocalNeo4jError(f"Bolt and HTTP cannot share port {bolt_port}; pass two different ports")

    paths.run_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(paths.lock_file):
        running = status(paths.root)
        if running is not None:
            return dataclasses.replace(running, already_running=True)
        _clear_run_state(paths)  # leftovers of a crashed or killed server

        resolved_password = _resolve_password(paths, password)
        _check_port_free(bolt_port, "bolt")
        _check_port_free(http_port, "http")
        java = find_java()
        lib_dir = ensure_artifacts(progress)

        for sub in _HOME_SUBDIRS:
            (paths.root / sub).mkdir(parents=True, exist_ok=True)
        _write_conf(paths, _conf_settings(bolt_port, http_port, heap, pagecache, extra_conf or {}))
        if not paths.system_db_dir.exists():
            _set_initial_password(java, lib_dir, paths, resolved_password)
            _store_password(paths, resolved_password)

        version = neo4j_version()
        if progress:
            progress(f"Starting Neo4j {version} in {paths.root} ...")
        log_sizes = _log_sizes(paths)
        with open(paths.console_log, "ab") as console:
            proc = subprocess.Popen(
                build_server_command(java, lib_dir, paths.root, heap),
                cwd=paths.root,
                env=_admin_env(paths),
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                # Own session/process group: Ctrl-C in the calling terminal or the
                # end of the calling process does not take the server down.
                start_new_session=True,
            )
        # The pid file exists from spawn on so `stop` can end a server whose start
        # was interrupted; `ready` is what claims the server is usable.
        paths.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
        state = {
            "pid": proc.pid,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "user": DEFAULT_USER,
            "version": version,
        }
        paths.state_file.write_text(json.dumps(state) + "\n", encoding="utf-8")

        try:
            _wait_for_bolt(proc, paths, bolt_port, resolved_password, timeout, log_sizes)
        except BaseException:
            # Covers our own errors and KeyboardInterrupt alike: never leave a
            # half-started JVM or a pid file behind.
            if proc.poll() is None:
                _terminate(proc.pid, 30)
            proc.wait()
            _clear_run_state(paths)
            raise

        # The password works: remember it (it may have come from the caller or
        # the environment on a home that was initialised earlier).
        if read_password(paths.root) != resolved_password:
            _store_password(paths, resolved_password)
        paths.ready_file.write_text(json.dumps({**state, "ready_at": time.time()}) + "\n", encoding="utf-8")
        return ServerInfo(
            home=paths.root,
            pid=proc.pid,
            bolt_port=bolt_port,
            http_port=http_port,
            user=DEFAULT_USER,
            password=resolved_password,
            version=version,
        )


def _wait_for_bolt(
    proc: subprocess.Popen[bytes],
    paths: _HomePaths,
    bolt_port: int,
    password: str,
    timeout: float,
    log_sizes: Mapping[str, int],
) -> None:
    """Poll until ``RETURN 1`` succeeds through the driver, the JVM dies, or time runs out."""
    # Imported here so `import graph_service.local_neo4j` stays cheap for the CLI.
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    uri = f"bolt://{HOST}:{bolt_port}"
    deadline = time.monotonic() + timeout
    last_error = ""
    with GraphDatabase.driver(uri, auth=(DEFAULT_USER, password), connection_timeout=3.0) as driver:
        while True:
            code = proc.poll()
            if code is not None:
                raise ServerStartError(
                    f"Neo4j exited with code {code} during start; see {paths.logs_dir} (tail below) "
                    "and fix the reported cause (often a bad extra_conf setting or a busy port)",
                    _log_tails(paths, log_sizes),
                )
            try:
                with driver.session() as session:
                    session.run("RETURN 1").consume()
                return
            except AuthError as exc:
                raise ServerStartError(
                    f"Neo4j rejected the password for user {DEFAULT_USER!r}: {paths.root} was initialised "
                    f"with another one; pass that password (see {paths.password_file}) or delete "
                    f"{paths.root / 'data'} to start from scratch"
                ) from exc
            except (DriverError, Neo4jError, OSError) as exc:
                # Not listening yet, or the default database is still coming online.
                last_error = f"{type(exc).__name__}: {exc}"
            if time.monotonic() >= deadline:
                raise ServerStartError(
                    f"Neo4j did not answer on {uri} within {timeout:.0f}s (last error: {last_error}); "
                    "raise the timeout or check the logs below",
                    _log_tails(paths, log_sizes),
                )
            time.sleep(0.5)
