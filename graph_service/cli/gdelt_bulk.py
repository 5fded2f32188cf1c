"""`load-gdelt --bulk`: a first load of an empty database through ``neo4j-admin database import full``.

Only for the project's own local server (graph_service.local_neo4j), because the server must be stopped for the
import and started again after it: the export files are streamed (filters applied) into the importer's CSV files
(loaders/gdelt/bulk.py), the server is stopped, the importer builds the store, the server starts with the same
ports, password and memory, and the schema (queries/schema.cypher) is created and populated before it returns.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import neo4j

import queries
from graph_service import local_neo4j
from loaders.gdelt.bulk import ImportFiles, Progress, write_import_files
from loaders.gdelt.corroborate import link_corroboration
from loaders.gdelt.filters import RowFilter
from loaders.neo4j_writer import ensure_schema
from timeline_kg.settings import Settings

IMPORTER_HEAP = "2g"  # the importer's JVM; its caches are off-heap, bounded below
IMPORTER_OFF_HEAP = "2g"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class BulkRefused(Exception):
    """The bulk import cannot run here: the message says why and what to do instead."""


class BulkFailed(Exception):
    """The importer failed; the server was started again on the (still empty) database."""


@dataclass(slots=True)
class BulkResult:
    files: ImportFiles
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: csv, stop, import, start, schema

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def local_server(settings: Settings) -> local_neo4j.ServerInfo:
    """The running local server NEO4J_URI points at, or :class:`BulkRefused`."""
    home = settings.neo4j_home
    info = local_neo4j.status(home)
    uri = urlsplit(settings.neo4j_uri or "")
    if info is None:
        raise BulkRefused(
            f"--bulk needs the project's local Neo4j running (home {home}: not running); start it with "
            "`timeline-kg neo4j start`, or load without --bulk"
        )
    if uri.hostname not in _LOOPBACK or uri.port != info.bolt_port:
        raise BulkRefused(
            f"--bulk only imports into the project's local Neo4j (bolt://127.0.0.1:{info.bolt_port}, home {home}); "
            f"NEO4J_URI is {settings.neo4j_uri!r}, which it cannot stop and restart. Load without --bulk"
        )
    return info


def refuse_unless_empty(driver: neo4j.Driver, database: str) -> None:
    records, _, _ = driver.execute_query(
        queries.load("read/node-count").text, database_=database, routing_=neo4j.RoutingControl.READ
    )
    nodes = records[0]["nodes"]
    if nodes:
        raise BulkRefused(
            f"--bulk imports into an empty database only; {database!r} holds {nodes:,} nodes. Load without --bulk "
            "(idempotent, adds to the graph), or empty it first"
        )


def _memory(home: Path) -> tuple[str, str]:
    """The heap and page cache the server was started with (local_neo4j writes them to its neo4j.conf)."""
    conf = dict(
        line.split("=", 1)
        for line in (home / "conf" / "neo4j.conf").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    return conf.get("server.memory.heap.max_size", "2g"), conf.get("server.memory.pagecache.size", "1g")


def run_importer(home: Path, database: str, files: ImportFiles) -> None:
    java = local_neo4j.find_java()
    lib = local_neo4j.ensure_artifacts()
    cmd = [
        java,
        f"-Xmx{IMPORTER_HEAP}",
        "-cp",
        str(lib / "*"),
        local_neo4j.ADMIN_CLASS,
        "database",
        "import",
        "full",
        *files.arguments(),
        f"--max-off-heap-memory={IMPORTER_OFF_HEAP}",
        "--overwrite-destination=true",
        database,
    ]
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    proc = subprocess.run(cmd, cwd=home, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
        raise BulkFailed(f"neo4j-admin database import failed (exit {proc.returncode}):\n{tail}")


def bulk_load(
    settings: Settings,
    paths: Sequence[Path],
    *,
    row_filter: RowFilter | None = None,
    phase: Callable[[str], None] = lambda _name: None,
    progress: Progress | None = None,
) -> BulkResult:
    """Import the export files into the local server's empty database; :class:`BulkRefused` before any change."""
    info = local_server(settings)
    database = settings.neo4j_database
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else info.password
    auth = (settings.neo4j_username, password or "")
    with neo4j.GraphDatabase.driver(info.bolt_uri, auth=auth) as driver:
        refuse_unless_empty(driver, database)
    home = info.home
    work = home / "import" / f"gdelt-bulk-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
    seconds: dict[str, float] = {}

    def timed(name: str, step: Callable[[], object]) -> None:
        phase(name)
        started = time.perf_counter()
        step()
        seconds[name] = time.perf_counter() - started

    heap, pagecache = _memory(home)
    try:
        # The server stops (seconds of JVM shutdown) while the CSV files are written: the database is empty, and
        # the importer needs it stopped anyway. "stop" is then only the wait left after the CSV files are done.
        with ThreadPoolExecutor(1, thread_name_prefix="neo4j-stop") as stopper:
            stopping = stopper.submit(local_neo4j.stop, home)
            try:
                files = write_import_files(paths, work, row_filter=row_filter, progress=progress)
                seconds["csv"] = files.seconds
                timed("stop", stopping.result)
                timed("import", lambda: run_importer(home, database, files))
            finally:
                stopping.exception()  # stopped (or failed to) before it is started again, whatever failed
                timed(
                    "start",
                    lambda: local_neo4j.start(
                        home,
                        bolt_port=info.bolt_port,
                        http_port=info.http_port,
                        password=password,
                        heap=heap,
                        pagecache=pagecache,
                        timeout=600,
                    ),
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with neo4j.GraphDatabase.driver(info.bolt_uri, auth=auth) as driver:
        timed("schema", lambda: _schema(driver, database))
        timed("corroborate", lambda: link_corroboration(driver, database))
    return BulkResult(files, seconds)


def _schema(driver: neo4j.Driver, database: str) -> None:
    """The constraints and indexes (populated before it returns), and what the CSV files could not say."""
    ensure_schema(driver, database)
    with driver.session(database=database) as session:
        for statement in queries.load("write/gdelt-after-bulk-import").statements:
            session.run(statement).consume()
