"""Waiting for a started server to answer on Bolt, and explaining why it did not."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping

from graph_service.local_neo4j.config import DEFAULT_USER, HOST, HomePaths
from graph_service.local_neo4j.errors import ServerStartError
from graph_service.local_neo4j.process import log_tails


def wait_for_bolt(
    proc: subprocess.Popen[bytes],
    paths: HomePaths,
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
                    log_tails(paths, log_sizes),
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
                    log_tails(paths, log_sizes),
                )
            time.sleep(0.5)
