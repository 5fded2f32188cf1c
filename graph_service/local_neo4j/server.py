"""Start, stop and inspect the local server of a home directory: the package's public operations."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from graph_service.local_neo4j.artifacts import ensure_artifacts, find_java, neo4j_version
from graph_service.local_neo4j.config import (
    DEFAULT_BOLT_PORT,
    DEFAULT_HTTP_PORT,
    DEFAULT_USER,
    HOME_SUBDIRS,
    HOST,
    MEMORY_RE,
    HomePaths,
    build_server_command,
    conf_settings,
    resolve_home,
    write_conf,
)
from graph_service.local_neo4j.errors import LocalNeo4jError
from graph_service.local_neo4j.password import read_password, resolve_password, set_initial_password, store_password
from graph_service.local_neo4j.process import (
    admin_env,
    check_port_free,
    clear_run_state,
    file_lock,
    is_our_server,
    log_sizes,
    read_pid,
    terminate,
)
from graph_service.local_neo4j.readiness import wait_for_bolt


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


def status(home: Path | str) -> ServerInfo | None:
    """The running server of ``home``, or None.  ``ready`` tells whether Bolt answered."""
    paths = resolve_home(home)
    pid = read_pid(paths)
    if pid is None or not is_our_server(pid, paths):
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


def stop(home: Path | str, timeout: float = 60.0) -> bool:
    """Stop the server of ``home``; False when none was running.

    Only the pid from ``run/neo4j.pid`` is signalled, and only if that process is
    the Neo4j JVM of this home (never an unrelated process that reused the pid).
    """
    paths = resolve_home(home)
    if not paths.run_dir.is_dir():
        return False
    with file_lock(paths.lock_file):
        pid = read_pid(paths)
        if pid is None or not is_our_server(pid, paths):
            clear_run_state(paths)  # stale files of a crashed server
            return False
        terminate(pid, timeout)
        clear_run_state(paths)
        return True


def prepare_home(paths: HomePaths, java: str, lib_dir: Path, password: str, settings: Mapping[str, str]) -> None:
    """The home's directories and neo4j.conf; on a home that never booted, the initial password."""
    for sub in HOME_SUBDIRS:
        (paths.root / sub).mkdir(parents=True, exist_ok=True)
    write_conf(paths, settings)
    if not paths.system_db_dir.exists():
        set_initial_password(java, lib_dir, paths, password)
        store_password(paths, password)


def _spawn(command: list[str], paths: HomePaths) -> subprocess.Popen[bytes]:
    """The server's JVM in the background, its output appended to logs/console.log."""
    with open(paths.console_log, "ab") as console:
        proc = subprocess.Popen(
            command,
            cwd=paths.root,
            env=admin_env(paths),
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
    return proc


def start(
    home: Path | str,
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

    Password: ``password``, else the NEO4J_PASSWORD setting, else the one stored in
    ``<home>/run/password``, else a generated one; it is stored in
    ``<home>/run/password`` (0600).  It only takes effect on the first boot of a
    home; later starts must use the same password (or the one set with ALTER USER).

    If a server already runs for ``home`` it is returned with ``already_running``
    set and nothing is started.  Raises a ``LocalNeo4jError`` subclass on failure,
    after stopping anything this call started.
    """
    paths = resolve_home(home)
    for name, value in (("heap", heap), ("pagecache", pagecache)):
        if not MEMORY_RE.match(value):
            raise LocalNeo4jError(f"invalid {name} size {value!r}; use e.g. 512m or 2g")
    if bolt_port == http_port:
        raise LocalNeo4jError(f"Bolt and HTTP cannot share port {bolt_port}; pass two different ports")

    paths.run_dir.mkdir(parents=True, exist_ok=True)
    with file_lock(paths.lock_file):
        running = status(paths.root)
        if running is not None:
            return dataclasses.replace(running, already_running=True)
        clear_run_state(paths)  # leftovers of a crashed or killed server

        resolved_password = resolve_password(paths, password)
        check_port_free(bolt_port, "bolt")
        check_port_free(http_port, "http")
        java = find_java()
        lib_dir = ensure_artifacts(progress)

        prepare_home(
            paths,
            java,
            lib_dir,
            resolved_password,
            conf_settings(bolt_port, http_port, heap, pagecache, extra_conf or {}),
        )
        version = neo4j_version()
        if progress:
            progress(f"Starting Neo4j {version} in {paths.root} ...")
        sizes_before = log_sizes(paths)
        proc = _spawn(build_server_command(java, lib_dir, paths.root, heap), paths)
        state = {
            "pid": proc.pid,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "user": DEFAULT_USER,
            "version": version,
        }
        paths.state_file.write_text(json.dumps(state) + "\n", encoding="utf-8")

        try:
            wait_for_bolt(proc, paths, bolt_port, resolved_password, timeout, sizes_before)
        except BaseException:
            # Covers our own errors and KeyboardInterrupt alike: never leave a
            # half-started JVM or a pid file behind.
            if proc.poll() is None:
                terminate(proc.pid, 30)
            proc.wait()
            clear_run_state(paths)
            raise

        # The password works: remember it (it may have come from the caller or
        # the environment on a home that was initialised earlier).
        if read_password(paths.root) != resolved_password:
            store_password(paths, resolved_password)
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
