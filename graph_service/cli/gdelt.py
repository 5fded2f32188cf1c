"""`timeline-kg load-gdelt FILE...`: GDELT 2.0 event exports into Neo4j, with progress and a summary.

Progress and tables go to stderr; ``--format json`` prints the per-file reports on stdout. Exit codes: 0 loaded
(bad rows, if any, were skipped and listed), 1 ``--strict`` met a bad row (nothing was written), 2 cannot start
(no NEO4J_URI, missing file).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from loaders.gdelt import DEFAULT_BATCH_SIZE, FileReport, StrictFailure, export_size, load_files
from timeline_kg.settings import get_settings

err = Console(stderr=True)


def _summary(reports: list[FileReport], elapsed: float, max_report: int) -> None:
    table = Table("file", "rows read", "loaded", "skipped", "repaired UTF-8", title=f"GDELT load ({elapsed:.1f} s)")
    for r in reports:
        table.add_row(r.path.name, f"{r.rows_read:,}", f"{r.loaded:,}", f"{r.skipped_total:,}", f"{r.repaired:,}")
    if len(reports) > 1:
        table.add_row(
            "total",
            f"{sum(r.rows_read for r in reports):,}",
            f"{sum(r.loaded for r in reports):,}",
            f"{sum(r.skipped_total for r in reports):,}",
            f"{sum(r.repaired for r in reports):,}",
            style="bold",
        )
    err.print(table)
    reasons: dict[str, int] = {}
    for r in reports:
        for reason, count in r.skipped.items():
            reasons[reason] = reasons.get(reason, 0) + count
    if reasons:
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


def load_gdelt(
    files: Annotated[
        list[Path], typer.Argument(help="GDELT 2.0 *.export.CSV files, plain or zipped.", show_default=False)
    ],
    batch_size: Annotated[int, typer.Option(min=1, help="Events per write transaction.")] = DEFAULT_BATCH_SIZE,
    strict: Annotated[
        bool, typer.Option(help="Read every file through first; the first bad row stops the load before any write.")
    ] = False,
    output: Annotated[str, typer.Option("--format", help="table (stderr) or json (stdout)")] = "table",
    max_report: Annotated[int, typer.Option(min=0, help="Skipped rows to list in the table output.")] = 20,
) -> None:
    """Load GDELT 2.0 event exports into Neo4j (NEO4J_URI ...): batched, idempotent, memory bounded by the batch.

    Each row becomes an :Event with its actors, place and source URL, in the same graph model as annotated
    articles. Bad rows are skipped, counted by reason and listed with their line; --strict makes them fatal.
    """
    from timeline_kg.neo4j_connection import open_driver

    missing = [f for f in files if not f.is_file()]
    if missing:
        for path in missing:
            err.print(f"[red]error[/red] {path}: no such file")
        raise typer.Exit(2)
    settings = get_settings()
    if not settings.neo4j_uri:
        err.print("[red]error[/red] NEO4J_URI is not set: say which Neo4j to load into (see .env.example)")
        raise typer.Exit(2)

    sizes = {path: export_size(path) for path in files}
    started = time.monotonic()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>8,.0f} rows/s"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    task = progress.add_task("loading", total=sum(sizes.values()), rows=0, rate=0.0)
    offsets = {path: sum(sizes[p] for p in files[:i]) for i, path in enumerate(files)}
    rows_before: dict[Path, int] = {}  # rows of the files already finished

    def tick(path: Path, consumed: int, report: FileReport) -> None:
        rows = report.rows_read + sum(n for p, n in rows_before.items() if p != path)
        rate = rows / max(time.monotonic() - started, 1e-6)
        progress.update(task, completed=offsets[path] + consumed, rows=rows, rate=rate, description=path.name)
        if consumed >= sizes[path]:
            rows_before[path] = report.rows_read

    try:
        with open_driver(settings) as driver, progress:
            reports = load_files(
                driver, settings.neo4j_database, list(files), batch_size=batch_size, strict=strict, progress=tick
            )
            # The bar ran ahead of the writes by up to two batches: end it on the rate of rows written.
            total = sum(r.rows_read for r in reports)
            progress.update(task, rows=total, rate=total / max(time.monotonic() - started, 1e-6))
    except StrictFailure as exc:
        err.print(f"[red]error[/red] {exc.bad}", highlight=False, soft_wrap=True)
        err.print("--strict: a bad row was found before loading; nothing was written.")
        raise typer.Exit(1) from None
    elapsed = time.monotonic() - started
    if output == "json":
        sys.stdout.write(json.dumps({"seconds": round(elapsed, 3), "files": [r.as_dict() for r in reports]}) + "\n")
        return
    _summary(reports, elapsed, max_report)
