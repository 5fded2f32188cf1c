"""Loading export files into Neo4j: read, batch, write through the pipeline; one report per file."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

import neo4j

from loaders.gdelt.batch import Batcher
from loaders.gdelt.corroborate import link_corroboration
from loaders.gdelt.filters import RowFilter
from loaders.gdelt.parse import BadRow
from loaders.gdelt.pipeline import Writer
from loaders.gdelt.read import FileReport, export_size, iter_records, iter_rows
from loaders.gdelt.write import ensure_feed_source

DEFAULT_BATCH_SIZE = 5_000
DEFAULT_WRITERS = 1  # more did not pay at 1M on a quiet machine (docs/gdelt.md, "Speed")


class StrictFailure(Exception):
    """``strict`` loading met a bad row: nothing of any of the files was written."""

    def __init__(self, bad: BadRow) -> None:
        self.bad = bad
        super().__init__(str(bad))


Progress = Callable[[Path, int, FileReport], None]  # (file, bytes consumed, report so far)


def check_files(paths: list[Path]) -> None:
    """Parse every row without writing; raise :class:`StrictFailure` at the first bad one."""
    for path in paths:
        report = FileReport(path)
        for _number, item, _consumed in iter_rows(path, report):
            if isinstance(item, BadRow):
                raise StrictFailure(item)


def load_files(
    driver: neo4j.Driver,
    database: str,
    paths: list[Path],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    strict: bool = False,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    row_filter: RowFilter | None = None,
    writers: int = DEFAULT_WRITERS,
) -> list[FileReport]:
    """Load GDELT export files; one report per file.

    Bad rows are skipped, counted by reason and kept (the first :data:`MAX_KEPT_BAD_ROWS`) with their line.
    With ``strict`` every file is first read through without writing, and the first bad row in any of them raises
    :class:`StrictFailure` before anything is written. Rows ``row_filter`` does not keep are counted, not written.
    ``writers`` batches are written at once, each in its own transaction (see :class:`Writer`).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    from loaders.neo4j_writer import ensure_schema

    if strict:
        check_files(paths)
    loaded_at = now or dt.datetime.now(dt.UTC)
    ensure_schema(driver, database)
    ensure_feed_source(driver, database, loaded_at)
    reports: list[FileReport] = []
    batcher = Batcher(in_order=writers == 1)
    writer = Writer(driver, database, loaded_at, writers=writers, on_commit=batcher.written)
    try:
        for path in paths:
            report = FileReport(path)
            reports.append(report)
            last_tick = 0.0
            for record, consumed in iter_records(path, report, row_filter):
                batcher.add(record)
                if len(batcher.batch) >= batch_size:
                    writer.put(batcher.take())
                    if progress is not None and (now_t := time.monotonic()) - last_tick > 0.1:
                        last_tick = now_t
                        progress(path, consumed, report)
            if len(batcher.batch):
                writer.put(batcher.take())
            if progress is not None:
                progress(path, export_size(path), report)
    finally:
        writer.close()
        if writer.reruns:
            logging.getLogger(__name__).info("%d batch(es) written again after a deadlock", writer.reruns)
    link_corroboration(driver, database)
    return reports
