"""The password of user neo4j: chosen (given, configured, stored or generated), set on a home's first boot with
the official admin tool, and kept in ``<home>/run/password`` (0600)."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
from pathlib import Path

from graph_service.local_neo4j.config import ADMIN_CLASS, LOG_TAIL_LINES, MIN_PASSWORD_LENGTH, HomePaths, resolve_home
from graph_service.local_neo4j.errors import LocalNeo4jError, ServerStartError
from graph_service.local_neo4j.process import admin_env
from timeline_kg.settings import Settings


def read_password(home: Path | str) -> str | None:
    """The password stored in ``<home>/run/password``, if any."""
    path = resolve_home(home).password_file
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def set_initial_password(java: str, lib_dir: Path, paths: HomePaths, password: str) -> None:
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
        cmd, cwd=paths.root, env=admin_env(paths), capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).replace(password, "***")
        raise ServerStartError(
            f"setting the initial password failed (exit {proc.returncode}); check {paths.conf_file} "
            "and the output below",
            "\n".join(output.strip().splitlines()[-LOG_TAIL_LINES:]),
        )


def resolve_password(paths: HomePaths, password: str | None) -> str:
    configured = Settings().neo4j_password
    resolved = (
        password
        or (configured.get_secret_value() if configured is not None else None)
        or read_password(paths.root)
        or generate_password()
    )
    if len(resolved) < MIN_PASSWORD_LENGTH:
        raise LocalNeo4jError(
            f"the Neo4j password must have at least {MIN_PASSWORD_LENGTH} characters; pass a longer one"
        )
    return resolved


def generate_password() -> str:
    # Letters and digits only: safe to paste into shells, URLs and the Browser.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(24))


def store_password(paths: HomePaths, password: str) -> None:
    # Created 0600 from the start (no window where it is world-readable).
    fd = os.open(paths.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    os.chmod(paths.password_file, 0o600)
