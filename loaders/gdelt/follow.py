"""Following GDELT's feed: every new export file in the update list loaded once, checked, in one transaction.

GDELT publishes a file every 15 minutes and lists the newest in ``lastupdate.txt`` (``masterfilelist.txt`` lists
them all, in the same ``<size> <md5> <url>`` layout; either works). A follower polls the list, downloads each
export file it has not loaded, checks its size and MD5 against the list, and writes its events together with a
checkpoint (``(:GdeltExport {name})``) in one transaction: a file is in with its checkpoint or not at all, so a
restart resumes where the last run stopped and never loads a file twice. A directory can stand in for the URL
(its ``lastupdate.txt`` if it has one, else every ``*.export.CSV[.zip]`` in it, in name order).

Network errors and short downloads are retried with exponential backoff (tenacity); a file whose MD5 does not
match is rejected and reported, and not tried again until the list gives it another checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import neo4j
import tenacity

import queries
from loaders.gdelt.batch import Batcher
from loaders.gdelt.corroborate import link_corroboration
from loaders.gdelt.filters import RowFilter
from loaders.gdelt.read import FileReport, iter_records
from loaders.gdelt.write import ensure_feed_source, write_batch
from loaders.neo4j_writer import ensure_schema

EXPORT_SUFFIXES = (".export.CSV.zip", ".export.CSV")
_CHUNK = 1 << 16


class FeedError(Exception):
    """The update list cannot be read or understood."""


class ChecksumMismatch(Exception):
    """A downloaded file is whole but its MD5 is not the list's: rejected, never loaded."""


class ShortDownload(Exception):
    """Fewer (or more) bytes than the list says: a cut connection, retried."""


@dataclass(frozen=True, slots=True)
class ExportEntry:
    """One export file of the update list; ``md5`` and ``size`` are None where the list gives none."""

    name: str
    location: str  # a URL, or a path for a directory feed
    size: int | None
    md5: str | None


@dataclass(slots=True)
class FollowReport:
    loaded: list[FileReport] = field(default_factory=list)
    already_in: set[str] = field(default_factory=set)  # files of the list found in the checkpoint
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # retries exhausted: tried again next poll


def parse_update_list(text: str, base: str) -> list[ExportEntry]:
    """The export files of a ``lastupdate.txt`` / ``masterfilelist.txt``; the other files (mentions, GKG) are left
    out. A line that is not ``<size> <md5> <url>`` is an error naming its line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 32:
            raise FeedError(f"{base}: line {number} is not '<size> <md5> <url>': {line[:120]!r}")
        size, md5, url = int(parts[0]), parts[1].lower(), urljoin(base, parts[2])
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        if name.endswith(EXPORT_SUFFIXES):
            entries.append(ExportEntry(name, url, size, md5))
    return entries


def _is_url(feed: str) -> bool:
    return feed.startswith(("http://", "https://"))


class Feed:
    """Where the files come from: an update list's URL, or a directory."""

    def __init__(self, feed: str, client: httpx.Client, retrying: tenacity.Retrying) -> None:
        self.feed, self.client, self.retrying = feed, client, retrying

    def entries(self) -> list[ExportEntry]:
        if _is_url(self.feed):
            return parse_update_list(self.retrying(self._get_text, self.feed), self.feed)
        directory = Path(self.feed)
        if not directory.is_dir():
            raise FeedError(f"{self.feed}: neither an http(s) URL nor a directory")
        listing = directory / "lastupdate.txt"
        if listing.is_file():
            base = directory.resolve().as_uri() + "/"
            return [
                ExportEntry(e.name, str(directory / e.name), e.size, e.md5)
                for e in parse_update_list(listing.read_text(encoding="utf-8"), base)
            ]
        files = sorted(p for p in directory.iterdir() if p.name.endswith(EXPORT_SUFFIXES) and p.is_file())
        return [ExportEntry(p.name, str(p), None, None) for p in files]

    def _get_text(self, url: str) -> str:
        response = self.client.get(url)
        response.raise_for_status()
        return response.text

    def fetch(self, entry: ExportEntry, into: Path) -> Path:
        """The file, checked against the list's size and MD5, as a local path."""
        if not _is_url(entry.location):
            path = Path(entry.location)
            _check(entry, path.stat().st_size, _md5(path) if entry.md5 else None)
            return path
        target = into / entry.name
        self.retrying(self._download, entry, target)
        return target

    def _download(self, entry: ExportEntry, target: Path) -> None:
        digest, size = hashlib.md5(usedforsecurity=False), 0
        with self.client.stream("GET", entry.location) as response, open(target, "wb") as out:
            response.raise_for_status()
            for chunk in response.iter_bytes(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        _check(entry, size, digest.hexdigest())


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check(entry: ExportEntry, size: int, md5: str | None) -> None:
    if entry.size is not None and size != entry.size:
        raise ShortDownload(f"{entry.name}: {size:,} bytes, the list says {entry.size:,}")
    if entry.md5 is not None and md5 != entry.md5:
        raise ChecksumMismatch(f"{entry.name}: MD5 {md5}, the list says {entry.md5}")


def _retryable(error: BaseException) -> bool:
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code >= 500 or error.response.status_code == 429
    return isinstance(error, httpx.TransportError | ShortDownload)


def make_retrying(
    stop: threading.Event, attempts: int, backoff: float, on_retry: Callable[[str], None]
) -> tenacity.Retrying:
    """Exponential backoff (``backoff`` s, doubling, at most a minute) on network errors and short downloads;
    the wait ends early when ``stop`` is set, and no retry starts after that."""

    def before_sleep(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        on_retry(f"attempt {state.attempt_number} failed ({error}); retrying in {state.upcoming_sleep:.1f} s")

    def sleep(seconds: float) -> None:
        stop.wait(seconds)

    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(_retryable),
        stop=tenacity.stop_after_attempt(attempts) | tenacity.stop_when_event_set(stop),
        wait=tenacity.wait_exponential(multiplier=backoff, max=60),
        sleep=sleep,
        before_sleep=before_sleep,
        reraise=True,
    )


Notify = Callable[[str, str], None]  # (file name or "", message)


class Follower:
    """Polls a feed and loads each new export file once; :meth:`run` returns when ``stop`` is set."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        feed: str,
        workdir: Path,
        *,
        row_filter: RowFilter | None = None,
        stop: threading.Event | None = None,
        attempts: int = 5,
        backoff: float = 1.0,
        notify: Notify = lambda _name, _message: None,
    ) -> None:
        self.driver, self.database, self.workdir = driver, database, workdir
        self.row_filter, self.notify = row_filter, notify
        self.stop = stop or threading.Event()
        self.client = httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0), follow_redirects=True)
        retrying = make_retrying(self.stop, attempts, backoff, lambda message: notify("", message))
        self.source = Feed(feed, self.client, retrying)
        self.rejected: set[tuple[str, str | None]] = set()  # (name, md5) whose checksum did not match
        self.report = FollowReport()

    def close(self) -> None:
        self.client.close()

    def run(self, interval: float, once: bool = False) -> FollowReport:
        ensure_schema(self.driver, self.database)
        ensure_feed_source(self.driver, self.database, dt.datetime.now(dt.UTC))
        while not self.stop.is_set():
            self.poll()
            if once:
                break
            self.stop.wait(interval)
        return self.report

    def poll(self) -> None:
        """One pass over the list: every export file not in the checkpoint, oldest first."""
        try:
            entries = self.source.entries()
        except (httpx.HTTPError, ShortDownload, FeedError, OSError) as error:
            self.notify("", f"cannot read the update list: {error}")
            return
        for entry in self._new(entries):
            if self.stop.is_set():
                return
            self._load(entry)

    def _new(self, entries: list[ExportEntry]) -> Iterator[ExportEntry]:
        names = [e.name for e in entries]
        records, _, _ = self.driver.execute_query(
            queries.load("write/gdelt-exports-loaded").text,
            names=names,
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        loaded = set(records[0]["loaded"]) if records else set()
        self.report.already_in |= loaded
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name not in loaded and (entry.name, entry.md5) not in self.rejected:
                yield entry

    def _load(self, entry: ExportEntry) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        try:
            path = self.source.fetch(entry, self.workdir)
        except ChecksumMismatch as error:
            self.rejected.add((entry.name, entry.md5))
            self.report.rejected.append((entry.name, str(error)))
            self.notify(entry.name, f"rejected, not loaded: {error}")
            return
        except (httpx.HTTPError, ShortDownload, OSError) as error:
            self.report.failed.append((entry.name, str(error)))
            self.notify(entry.name, f"not loaded this time: {error}")
            return
        try:
            report = self._write(entry, path)
        finally:
            if path.parent == self.workdir:
                path.unlink(missing_ok=True)
        self.report.loaded.append(report)
        link_corroboration(self.driver, self.database)
        self.notify(
            entry.name,
            f"loaded {report.loaded:,} events ({report.filtered:,} filtered out, "
            f"{report.skipped_total:,} bad rows skipped)",
        )

    def _write(self, entry: ExportEntry, path: Path) -> FileReport:
        """The file's events and its checkpoint in one transaction."""
        report = FileReport(path)
        batcher = Batcher(remember=False)
        for record, _consumed in iter_records(path, report, self.row_filter):
            batcher.add(record)
        batch = batcher.take()
        loaded_at = dt.datetime.now(dt.UTC)
        checkpoint = {
            "name": entry.name,
            "url": entry.location,
            "md5": entry.md5,
            "size": entry.size if entry.size is not None else path.stat().st_size,
            "events": len(batch),
            "loadedAt": loaded_at.isoformat(),
        }

        def work(tx: neo4j.ManagedTransaction) -> None:
            write_batch(tx, batch, loaded_at)
            tx.run(queries.load("write/gdelt-mark-export").text, checkpoint).consume()

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)
        return report
