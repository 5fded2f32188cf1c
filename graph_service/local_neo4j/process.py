"""The server's process from the outside: ports, the pid file, signals, locks, and the logs that explain a failed
start."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import socket
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from graph_service.local_neo4j.config import HOST, LOG_TAIL_LINES, MAIN_CLASS, HomePaths
from graph_service.local_neo4j.errors import LocalNeo4jError, PortInUseError


def check_port_free(port: int, purpose: str) -> None:
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
                raise PortInUseError(port, purpose, HOST) from exc
            raise


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def pid_alive(pid: int) -> bool:
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


def is_our_server(pid: int, paths: HomePaths) -> bool:
    """Guard against pid reuse: only the JVM serving *this* home counts."""
    if not pid_alive(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (not Linux): trust the pid file
    decoded = [arg.decode("utf-8", "replace") for arg in args]
    return MAIN_CLASS in decoded and f"--home-dir={paths.root}" in decoded


def read_pid(paths: HomePaths) -> int | None:
    try:
        return int(paths.pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def clear_run_state(paths: HomePaths) -> None:
    for path in (paths.ready_file, paths.pid_file, paths.state_file):
        path.unlink(missing_ok=True)


def terminate(pid: int, timeout: float) -> None:
    """SIGTERM (Neo4j shuts down cleanly on it), then SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.1)


_EXPLAINING_LOGS = ("console.log", "neo4j.log", "debug.log")


def log_sizes(paths: HomePaths) -> dict[str, int]:
    """Current log sizes, so a failure report shows only what this start wrote."""
    sizes = {}
    for name in _EXPLAINING_LOGS:
        try:
            sizes[name] = (paths.logs_dir / name).stat().st_size
        except FileNotFoundError:
            sizes[name] = 0
    return sizes


def log_tails(paths: HomePaths, since: Mapping[str, int]) -> str:
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
        lines = text.rstrip().splitlines()[-(15 if name == "debug.log" else LOG_TAIL_LINES) :]
        if lines:
            parts.append(f"--- {path} (tail) ---\n" + "\n".join(lines))
    return "\n".join(parts)


def admin_env(paths: HomePaths) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(paths.root)
    env["NEO4J_CONF"] = str(paths.conf_dir)
    return env
