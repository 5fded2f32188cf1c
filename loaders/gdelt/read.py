"""Reading export files: plain or zipped, line by line, each line parsed, bad rows counted into a report."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from loaders.gdelt.filters import RowFilter
from loaders.gdelt.parse import BadRow, Record, parse_line

MAX_KEPT_BAD_ROWS = 1_000  # bad rows kept for the report; all are counted


@dataclass(slots=True)
class FileReport:
    path: Path
    rows_read: int = 0
    loaded: int = 0
    filtered: int = 0  # good rows left out by the load's filter (not counted as skipped: they were not bad)
    repaired: int = 0  # rows that were not valid UTF-8, loaded with U+FFFD for the bad bytes
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[BadRow] = field(default_factory=list)  # the first MAX_KEPT_BAD_ROWS

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "rowsRead": self.rows_read,
            "loaded": self.loaded,
            "filteredOut": self.filtered,
            "skipped": self.skipped_total,
            "skippedByReason": dict(self.skipped),
            "repaired": self.repaired,
            "badRows": [{"line": b.line, "reason": b.reason.value, "detail": b.detail} for b in self.bad_rows],
        }


@contextmanager
def open_export(path: Path) -> Iterator[tuple[IO[bytes], int]]:
    """The raw bytes of an export file, plain or zipped (the first member), and its uncompressed size."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                raise ValueError(f"{path}: the zip archive is empty")
            with archive.open(members[0]) as stream:
                yield stream, members[0].file_size
    else:
        with open(path, "rb") as stream:
            yield stream, path.stat().st_size


def iter_rows(path: Path, report: FileReport) -> Iterator[tuple[int, Record | BadRow, int]]:
    """Every non-blank line as (line number, record or bad row, bytes consumed so far); counts into ``report``."""
    consumed = 0
    with open_export(path) as (stream, _size):
        for number, raw in enumerate(stream, start=1):
            consumed += len(raw)
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            report.rows_read += 1
            try:
                record, repaired = parse_line(line)
            except BadRow as exc:
                bad = exc.at(path, number)
                report.skipped[bad.reason.value] += 1
                if len(report.bad_rows) < MAX_KEPT_BAD_ROWS:
                    report.bad_rows.append(bad)
                yield number, bad, consumed
                continue
            report.repaired += repaired
            yield number, record, consumed


def export_size(path: Path) -> int:
    with open_export(path) as (_stream, size):
        return size


def iter_records(path: Path, report: FileReport, row_filter: RowFilter | None = None) -> Iterator[tuple[Record, int]]:
    """The good rows the filter keeps, with the bytes consumed so far; bad and filtered rows are counted apart."""
    for _number, item, consumed in iter_rows(path, report):
        if isinstance(item, BadRow):
            continue
        if row_filter is not None and not row_filter.keeps(item):
            report.filtered += 1
            continue
        report.loaded += 1
        yield item, consumed
