"""`timeline-kg load-gdelt FILE...`: GDELT 2.0 event exports into Neo4j, with progress and a summary.

Three ways in: online (batched transactions into any Neo4j, adding to what is there), ``--bulk`` (a first load of
an empty database on the project's local server, through neo4j-admin import), and ``--follow URL|DIR`` (GDELT's
update list polled, each new file loaded once). The filter options keep the slice an analyst studies in all three.

Progress and tables go to stderr; ``--format json`` prints the per-file reports on stdout. Exit codes: 0 loaded
(bad rows, if any, were skipped and listed), 1 ``--strict`` met a bad row (nothing was written) or the bulk import
failed, 2 cannot start (no NEO4J_URI, missing file, a bad filter, --bulk refused), 3 Neo4j did not answer, refused
the credentials or failed during the load.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_service.cli.faults import GDELT_LOAD, neo4j_faults
from loaders.gdelt import DEFAULT_BATCH_SIZE, DEFAULT_WRITERS, FileReport, StrictFailure, export_size, load_files
from loaders.gdelt.filters import FilterError, RowFilter, build_filter
from timeline_kg.settings import Settings, get_settings

err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _totals_row(reports: list[FileReport]) -> list[str]:
    return [
        f"{sum(r.rows_read for r in reports):,}",
        f"{sum(r.loaded for r in reports):,}",
        f"{sum(r.filtered for r in reports):,}",
        f"{sum(r.skipped_total for r in reports):,}",
        f"{sum(r.repaired for r in reports):,}",
    ]


def _summary(reports: list[FileReport], elapsed: float, max_report: int) -> None:
    table = Table(
        "file",
        "rows read",
        "loaded",
        "filtered out",
        "skipped (bad)",
        "repaired UTF-8",
        title=f"GDELT load ({elapsed:.1f} s)",
    )
    for r in reports:
        table.add_row(r.path.name, *_totals_row([r]))
    if len(reports) > 1:
        table.add_row("total", *_totals_row(reports), style="bold")
    err.print(table)
    _bad_rows(reports, max_report)


def _bad_rows(reports: list[FileReport], max_report: int) -> None:
    reasons: dict[str, int] = {}
    for r in reports:
        for reason, count in r.skipped.items():
            reasons[reason] = reasons.get(reason, 0) + count
    if not reasons:
        return
    by_reason = Table("reason", "rows skipped", title="Skipped by reason")
    for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        by_reason.add_row(reason, f"{count:,}")
    err.print(by_reason)
    shown = 0
    for r in reports:
        for bad in r.bad_rows:
            if shown >= max_report:
                break
            err.print(f"[yellow]skipped[/yellow] {bad}", highlight=False, soft_wrap=True)
            shown += 1
    total = sum(reasons.values())
    if total > shown:
        err.print(f"... and {total - shown:,} more skipped row(s); --format json lists up to 1,000 per file")


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>8,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


class _FileProgress:
    """The bar over all files' bytes; the loaders call it with (file, bytes consumed or -1 at the end, report)."""

    def __init__(self, progress: Progress, files: list[Path]) -> None:
        self.progress, self.files, self.started = progress, files, time.monotonic()
        self.sizes = {path: export_size(path) for path in files}
        self.offsets = {path: sum(self.sizes[p] for p in files[:i]) for i, path in enumerate(files)}
        self.rows_before: dict[Path, int] = {}  # rows of the files already finished
        self.task = progress.add_task("reading", total=sum(self.sizes.values()), rows=0, rate=0.0)

    def __call__(self, path: Path, consumed: int, report: FileReport) -> None:
        if consumed < 0 or consumed >= self.sizes[path]:
            consumed = self.sizes[path]
            self.rows_before[path] = report.rows_read
        rows = report.rows_read + sum(n for p, n in self.rows_before.items() if p != path)
        rate = rows / max(time.monotonic() - self.started, 1e-6)
        completed = self.offsets[path] + consumed
        self.progress.update(self.task, completed=completed, rows=rows, rate=rate, description=path.name)

    def finish(self, reports: list[FileReport]) -> None:
        total = sum(r.rows_read for r in reports)
        self.progress.update(self.task, rows=total, rate=total / max(time.monotonic() - self.started, 1e-6))


def _settings() -> Settings:
    settings = get_settings()
    if not settings.neo4j_uri:
        _fail("NEO4J_URI is not set: say which Neo4j to load into (see .env.example)")
    return settings


def _online(files: list[Path], row_filter: RowFilter, batch_size: int, writers: int, strict: bool) -> list[FileReport]:
    from timeline_kg.neo4j_connection import open_driver

    settings = _settings()
    progress = _progress_bar()
    tick = _FileProgress(progress, files)
    try:
        uri = settings.neo4j_uri or ""
        with neo4j_faults(uri), open_driver(settings) as driver, neo4j_faults(uri, GDELT_LOAD), progress:
            reports = load_files(
                driver,
                settings.neo4j_database,
                files,
                batch_size=batch_size,
                writers=writers,
                strict=strict,
                progress=tick,
                row_filter=row_filter,
            )
            tick.finish(reports)  # the bar ran ahead of the writes by a batch: end on the rate of rows written
    except StrictFailure as exc:
        err.print(f"[red]error[/red] {exc.bad}", highlight=False, soft_wrap=True)
        err.print("--strict: a bad row was found before loading; nothing was written.")
        raise typer.Exit(1) from None
    return reports


def _bulk(files: list[Path], row_filter: RowFilter) -> tuple[list[FileReport], dict[str, float]]:
    from graph_service.cli.gdelt_bulk import BulkFailed, BulkRefused, bulk_load

    settings = _settings()
    progress = _progress_bar()
    tick = _FileProgress(progress, files)
    phases = {
        "stop": "stopping Neo4j",
        "import": "neo4j-admin import",
        "start": "starting Neo4j",
        "schema": "schema",
        "corroborate": "corroboration",
    }

    def phase(name: str) -> None:
        progress.update(tick.task, description=phases.get(name, name))

    try:
        with progress:
            result = bulk_load(settings, files, row_filter=row_filter, phase=phase, progress=tick)
            tick.finish(result.files.reports)
    except BulkRefused as exc:
        _fail(str(exc))
    except BulkFailed as exc:
        _fail(str(exc), code=1)
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    err.print(f"bulk import of {result.files.events:,} events: {steps}")
    return result.files.reports, result.seconds


def _follow(feed: str, row_filter: RowFilter, interval: float, once: bool, retries: int) -> list[FileReport]:
    from loaders.gdelt.follow import FeedError, Follower
    from timeline_kg.neo4j_connection import open_driver

    settings = _settings()
    stop = threading.Event()
    signals: list[str] = []

    def on_signal(signum: int, _frame: object) -> None:
        # Only flag it: printing here could re-enter whatever the main thread was doing (even an import).
        signals.append(signal.Signals(signum).name)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)

    def notify(name: str, message: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {name + ': ' if name else ''}{message}"
        err.print(line, highlight=False, markup=False, emoji=False)

    workdir = settings.neo4j_home.parent / "gdelt-follow"
    with neo4j_faults(settings.neo4j_uri or ""), open_driver(settings) as driver:
        follower = Follower(
            driver, settings.neo4j_database, feed, workdir, row_filter=row_filter, stop=stop, attempts=retries,
            notify=notify,
        )  # fmt: skip
        try:
            report = follower.run(interval, once=once)
        except FeedError as exc:
            _fail(str(exc))
        finally:
            follower.close()
    if signals:
        err.print(f"{signals[0]}: stopped between files (a restart resumes from the checkpoints)", highlight=False)
    for name, why in report.rejected:
        err.print(f"[red]rejected[/red] {name}: {why}", highlight=False, soft_wrap=True)
    return report.loaded


FilterOption = Annotated[str | None, typer.Option(show_default=False, rich_help_panel="Filters")]


def load_gdelt(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="GDELT 2.0 *.export.CSV files, plain or zipped.", show_default=False),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Events per write transaction.")] = DEFAULT_BATCH_SIZE,
    writers: Annotated[
        int, typer.Option(min=1, max=16, help="Batches written at once, one transaction and session each.")
    ] = DEFAULT_WRITERS,
    strict: Annotated[
        bool, typer.Option(help="Read every file through first; the first bad row stops the load before any write.")
    ] = False,
    bulk: Annotated[
        bool,
        typer.Option(help="First load of an EMPTY database on the local server: neo4j-admin import (restarts it)."),
    ] = False,
    follow: Annotated[
        str | None,
        typer.Option(help="GDELT's lastupdate.txt URL (or a directory): load each new export file once, then poll."),
    ] = None,
    interval: Annotated[float, typer.Option(min=0.0, help="--follow: seconds between polls.")] = 300.0,
    once: Annotated[bool, typer.Option(help="--follow: one poll, then exit.")] = False,
    retries: Annotated[int, typer.Option(min=1, help="--follow: attempts per download (backoff doubles).")] = 5,
    actor_country: FilterOption = None,
    actor_code: FilterOption = None,
    both_actors: Annotated[bool, typer.Option(rich_help_panel="Filters")] = False,
    cameo_code: FilterOption = None,
    cameo_root: FilterOption = None,
    quad_class: FilterOption = None,
    goldstein: FilterOption = None,
    date_from: Annotated[str | None, typer.Option("--from", show_default=False, rich_help_panel="Filters")] = None,
    date_to: Annotated[str | None, typer.Option("--to", show_default=False, rich_help_panel="Filters")] = None,
    output: Annotated[str, typer.Option("--format", help="table (stderr) or json (stdout)")] = "table",
    max_report: Annotated[int, typer.Option(min=0, help="Skipped rows to list in the table output.")] = 20,
) -> None:
    """Load GDELT 2.0 event exports into Neo4j (NEO4J_URI ...): batched, idempotent, memory bounded by the batch.

    Each row becomes an :Event with its actors, place and source URL, in the same graph model as annotated
    articles. Bad rows are skipped, counted by reason and listed with their line; --strict makes them fatal.
    Filters (comma-separated lists; every filter given must hold): --actor-country USA,CHN [--both-actors],
    --actor-code USAGOV, --cameo-code 042,057 (prefixes), --cameo-root 03,04,05,06, --quad-class 1,2,
    --goldstein -10:0, --from 2024-01-01 --to 2024-12-31.
    """
    try:
        row_filter = build_filter(
            actor_country=actor_country, actor_code=actor_code, both_actors=both_actors, cameo_code=cameo_code,
            cameo_root=cameo_root, quad_class=quad_class, goldstein=goldstein, date_from=date_from, date_to=date_to,
        )  # fmt: skip
    except FilterError as exc:
        _fail(str(exc))
    paths = list(files or [])
    if follow is not None and (paths or bulk or strict):
        _fail("--follow reads its files from the feed: give no FILE, --bulk or --strict with it")
    if follow is None and not paths:
        _fail("give GDELT export FILEs, or --follow URL|DIR")
    for path in paths:
        if not path.is_file():
            _fail(f"{path}: no such file")
    if bulk and strict:
        _fail("--bulk does not take --strict; check the files with an online --strict load of a copy, or without")
    started = time.monotonic()
    phases: dict[str, float] = {}
    if follow is not None:
        reports = _follow(follow, row_filter, interval, once, retries)
    elif bulk:
        reports, phases = _bulk(paths, row_filter)
    else:
        reports = _online(paths, row_filter, batch_size, writers, strict)
    elapsed = time.monotonic() - started
    if output == "json":
        out = {"seconds": round(elapsed, 3), "files": [r.as_dict() for r in reports]}
        if phases:
            out["phaseSeconds"] = {name: round(seconds, 3) for name, seconds in phases.items()}
        sys.stdout.write(json.dumps(out) + "\n")
        return
    _summary(reports, elapsed, max_report)
