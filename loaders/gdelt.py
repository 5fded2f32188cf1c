"""GDELT 2.0 events (``*.export.CSV``, plain or zipped) into the graph: streamed, batched, idempotent.

Each row becomes the same shapes an annotated article produces, so timelines and paths work on GDELT data too:

- ``(:Event {id: "gdelt-<GLOBALEVENTID>"})``: day-precision date from SQLDATE (EDTF ``YYYY-MM-DD``,
  ``dateLower = dateUpper``), ``recordedAt`` from DATEADDED (when GDELT recorded the fact, not when it happened),
  the CAMEO code, root and quad class, Goldstein scale, tone and mention counts; status ``occurred``.
- each actor as ``(:Entity:Country|Organisation {id: "gdelt-actor-<code>-<name>"})`` with
  ``PARTICIPATED_IN {role: "initiator"}`` for Actor1 and ``{role: "target"}`` for Actor2;
- the place of the action (ActionGeo) as ``(:Entity:Place {id: "gdelt-place-<FeatureID>"})`` with ``OCCURRED_IN``;
- the SOURCEURL as ``(:Source {id: "gdelt-src-<sha1(url)[:16]>", url})`` with ``REPORTED_BY``; the event and its
  relationships list that source in ``sources``, like the facts of an annotated article.

Memory is bounded by the batch size: the file is read line by line, a batch is written while the next is parsed
(one writer thread: parallel writers would only fight over the locks of the few actors in most events), and the
caches of ids already written are capped. Every batch is one transaction of ``UNWIND $rows ... MERGE`` statements
on the uniqueness constraints: nodes first, then relationships, so no statement reads what it writes (no Eager).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
import re
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, TypeVar

import neo4j

import queries
from loaders.gdelt_columns import ACTOR_BLOCKS, CAMEO_ROOTS, COL, COLUMNS, QUAD_CLASSES, event_kind
from timeline_kg.annotation import EntityKind, EventStatus, Role

FEED_SOURCE_ID = "gdelt-2.0-events"  # the feed itself: the provenance of actors and places
DEFAULT_BATCH_SIZE = 5_000
MAX_KEPT_BAD_ROWS = 1_000  # bad rows kept for the report; all are counted
_SEEN_CAP = 200_000  # ids remembered as written in this run; forgotten (and re-merged, harmlessly) beyond it

ROLE_OF_ACTOR = {"Actor1": Role.INITIATOR.value, "Actor2": Role.TARGET.value}

_N = len(COLUMNS)
_C = COL
_SLUG = re.compile(r"[^a-z0-9]+")


class Reason(StrEnum):
    """Why a row was skipped: the keys of the summary's skipped-by-reason counts."""

    COLUMNS = "wrong number of columns"
    EVENT_ID = "bad GLOBALEVENTID"
    SQLDATE = "bad SQLDATE"
    DATEADDED = "bad DATEADDED"
    CAMEO = "bad CAMEO code"
    QUAD_CLASS = "bad QuadClass"
    NUMBER = "bad number"
    NO_SOURCE = "empty SOURCEURL"


class BadRow(ValueError):
    """A row that cannot be loaded; ``line`` is 1-based in the (uncompressed) file."""

    def __init__(self, reason: Reason, detail: str, path: Path | None = None, line: int = 0) -> None:
        self.reason, self.detail, self.path, self.line = reason, detail, path, line
        super().__init__(str(self))

    def at(self, path: Path, line: int) -> BadRow:
        return BadRow(self.reason, self.detail, path, line)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path else ""
        return f"{where}{self.reason.value}: {self.detail}"


@dataclass(slots=True)
class FileReport:
    path: Path
    rows_read: int = 0
    loaded: int = 0
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
            "skipped": self.skipped_total,
            "skippedByReason": dict(self.skipped),
            "repaired": self.repaired,
            "badRows": [{"line": b.line, "reason": b.reason.value, "detail": b.detail} for b in self.bad_rows],
        }


class StrictFailure(Exception):
    """``strict`` loading met a bad row: nothing of any of the files was written."""

    def __init__(self, bad: BadRow) -> None:
        self.bad = bad
        super().__init__(str(bad))


# ---------------------------------------------------------------------------------------------- parsing


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def actor_id(code: str, name: str) -> str:
    """``gdelt-actor-<code>-<name>``: the CAMEO code says what kind of actor (USAGOV), the name which one
    (BARACK OBAMA): one code covers many named actors, one name may act under several codes."""
    return f"gdelt-actor-{slug(code) or 'nocode'}-{slug(name) or 'noname'}"


def place_id(feature_id: str, full_name: str) -> str:
    """``gdelt-place-<FeatureID>`` (a GNS/GNIS feature id, or an ADM1/country code for coarse places)."""
    return f"gdelt-place-{slug(feature_id) or 'name-' + slug(full_name)}"


def source_id(url: str) -> str:
    return "gdelt-src-" + hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _int(value: str, what: str, reason: Reason = Reason.NUMBER) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadRow(reason, f"{what} is {value!r}, not an integer") from None


def _float(value: str, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BadRow(Reason.NUMBER, f"{what} is {value!r}, not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise BadRow(Reason.NUMBER, f"{what} is {value!r}, not a finite number")
    return number


def _opt_float(value: str, what: str) -> float | None:
    return _float(value, what) if value else None


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A capped memo: real exports repeat the same few actors, places, days and timestamps over and over."""

    def __init__(self, cap: int = 50_000) -> None:
        super().__init__()
        self.cap = cap

    def put(self, key: _K, value: _V) -> _V:
        if len(self) >= self.cap:
            self.clear()
        self[key] = value
        return value


_days: _Memo[str, str] = _Memo()
_times: _Memo[str, str] = _Memo()
_actors: _Memo[tuple[str, ...], dict[str, Any]] = _Memo()
_places: _Memo[tuple[str, ...], dict[str, Any]] = _Memo()
_sources: _Memo[str, dict[str, Any]] = _Memo(1_000)


# Dates travel as ISO text and become Date/DateTime values in Cypher (date(), datetime()): the driver's
# per-value temporal packing costs more client CPU than everything else in a row put together.


def _sqldate(value: str) -> str:
    """SQLDATE (YYYYMMDD) as an ISO day, checked to be a real day."""
    day: str | None = _days.get(value)
    if day is not None:
        return day
    if len(value) != 8 or not value.isdigit():
        raise BadRow(Reason.SQLDATE, f"SQLDATE is {value!r}, not YYYYMMDD")
    try:
        iso = dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        raise BadRow(Reason.SQLDATE, f"SQLDATE {value!r} is not a real day") from None
    return _days.put(value, iso)


def _dateadded(value: str) -> str:
    """DATEADDED (YYYYMMDDHHMMSS, UTC) as an ISO instant, checked to be a real time."""
    stamp: str | None = _times.get(value)
    if stamp is not None:
        return stamp
    if len(value) != 14 or not value.isdigit():
        raise BadRow(Reason.DATEADDED, f"DATEADDED is {value!r}, not YYYYMMDDHHMMSS")
    try:
        moment = dt.datetime(
            int(value[:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            int(value[10:12]),
            int(value[12:]),
            tzinfo=dt.UTC,
        )
    except ValueError:
        raise BadRow(Reason.DATEADDED, f"DATEADDED {value!r} is not a real time") from None
    return _times.put(value, moment.isoformat().replace("+00:00", "Z"))


@dataclass(slots=True)
class Record:
    """One parsed row: the rows it contributes to each write statement. Entity and source maps are shared
    between records (memoised): never mutate them."""

    event: dict[str, Any]
    source: dict[str, Any]
    actors: list[tuple[dict[str, Any], str]]  # (actor row, role)
    place: dict[str, Any] | None


_COUNTRY, _ORGANISATION = EntityKind.COUNTRY.value, EntityKind.ORGANISATION.value
_OCCURRED = EventStatus.OCCURRED.value
_KINDS: dict[tuple[str, str], str] = {}  # (first three digits of EventCode, root) -> kind, filled as met
_QUADS = {str(k): (k, v) for k, v in QUAD_CLASSES.items()}
_A1, _A2 = ACTOR_BLOCKS["Actor1"], ACTOR_BLOCKS["Actor2"]
_ROLE1, _ROLE2 = ROLE_OF_ACTOR["Actor1"], ROLE_OF_ACTOR["Actor2"]
(_IS_ROOT, _CODE, _ROOT, _QUAD, _GOLD, _MENTIONS, _NSOURCES, _NARTICLES, _TONE) = (
    _C[c]
    for c in (
        "IsRootEvent",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
)
_GEO = _C["ActionGeo_Type"]
_ADDED, _URL = _C["DATEADDED"], _C["SOURCEURL"]


def _actor(f: list[str], i: int) -> dict[str, Any] | None:
    key = tuple(f[i : i + 10])
    entity: dict[str, Any] | None = _actors.get(key)
    if entity is not None:
        return entity
    code, name, country = key[0], key[1], key[2]
    if not code and not name:
        return None
    is_country = bool(country) and code == country
    ident = actor_id(code, name)
    return _actors.put(
        key,
        {
            "id": ident,
            "isCountry": is_country,  # :Country if the actor is a bare country code, else :Organisation
            "name": name or code,
            "kind": _COUNTRY if is_country else _ORGANISATION,
            "gdeltCode": code or None,
            "countryCode": country or None,
            "knownGroupCode": key[3] or None,
            "ethnicCode": key[4] or None,
            "religion1Code": key[5] or None,
            "religion2Code": key[6] or None,
            "type1Code": key[7] or None,
            "type2Code": key[8] or None,
            "type3Code": key[9] or None,
        },
    )


def _place(f: list[str]) -> dict[str, Any] | None:
    key = tuple(f[_GEO : _GEO + 8])
    place: dict[str, Any] | None = _places.get(key)
    if place is not None:
        return place
    geo_type, full_name, country, adm1, adm2, lat, long, feature = key
    if not feature and not full_name:
        return None
    ident = place_id(feature, full_name)
    return _places.put(
        key,
        {
            "id": ident,
            "name": full_name or feature,
            "geoType": _int(geo_type, "ActionGeo_Type") if geo_type else None,
            "countryCode": country or None,
            "adm1Code": adm1 or None,
            "adm2Code": adm2 or None,
            "lat": _opt_float(lat, "ActionGeo_Lat"),
            "long": _opt_float(long, "ActionGeo_Long"),
            "featureId": feature or None,
        },
    )


def _source(url: str) -> dict[str, Any]:
    source: dict[str, Any] | None = _sources.get(url)
    if source is not None:
        return source
    sid = source_id(url)
    is_url = url.startswith(("http://", "https://"))
    return _sources.put(
        url,
        {
            "id": sid,
            "url": url if is_url else None,
            "citation": None if is_url else url,  # GDELT cites some sources by name (e.g. "BBC Monitoring")
            "publisher": url.split("/", 3)[2] if is_url and url.count("/") >= 2 else None,
            "title": None,
        },
    )


def parse_fields(f: list[str]) -> Record:
    """One row's fields (already split on tabs) into a :class:`Record`; :class:`BadRow` says why not."""
    if len(f) != _N:
        raise BadRow(Reason.COLUMNS, f"expected {_N} tab-separated columns, got {len(f)}")
    gid = f[0]
    if not gid.isdigit():
        raise BadRow(Reason.EVENT_ID, f"GLOBALEVENTID is {gid!r}, not a positive integer")
    day = _sqldate(f[1])
    recorded = _dateadded(f[_ADDED])
    code, root = f[_CODE], f[_ROOT]
    if root not in CAMEO_ROOTS or not code.isdigit() or not code.startswith(root):
        raise BadRow(Reason.CAMEO, f"EventCode {code!r} / EventRootCode {root!r} is not a CAMEO code")
    quad = _QUADS.get(f[_QUAD])
    if quad is None:
        raise BadRow(Reason.QUAD_CLASS, f"QuadClass is {f[_QUAD]!r}, not 1-4")
    url = f[_URL].strip()
    if not url:
        raise BadRow(Reason.NO_SOURCE, "SOURCEURL is empty: the event would have no provenance")
    goldstein = _float(f[_GOLD], "GoldsteinScale")
    if not -10.0 <= goldstein <= 10.0:
        raise BadRow(Reason.NUMBER, f"GoldsteinScale {goldstein} is outside -10..10")
    tone = _float(f[_TONE], "AvgTone")
    mentions = _int(f[_MENTIONS], "NumMentions")
    n_sources = _int(f[_NSOURCES], "NumSources")
    articles = _int(f[_NARTICLES], "NumArticles")

    actor1, actor2 = _actor(f, _A1), _actor(f, _A2)
    actors = []
    if actor1 is not None:
        actors.append((actor1, _ROLE1))
    if actor2 is not None:
        actors.append((actor2, _ROLE2))
    place = _place(f)
    source = _source(url)
    kind = _KINDS.get((code[:3], root))
    if kind is None:
        kind = _KINDS[(code[:3], root)] = event_kind(code, root).value
    cameo_name = CAMEO_ROOTS[root]
    # GDELT has no headline: "UNITED STATES – Consult – CHINA" says who did what to whom.
    title = cameo_name
    if actor1 is not None:
        title = actor1["name"] + " – " + title
    if actor2 is not None:
        title = title + " – " + actor2["name"]
    event_id = "gdelt-" + gid
    event = {
        "id": event_id,
        "source": source["id"],
        "title": title,
        "kind": kind,
        "status": _OCCURRED,
        "date": day,  # EDTF day; dateLower = dateUpper = this day, set in Cypher
        "dateText": f[1],
        "datePrecision": "day",
        "recordedAt": recorded,
        "isRootEvent": f[_IS_ROOT] == "1",
        "cameoCode": code,
        "cameoRoot": root,
        "cameoName": cameo_name,
        "quadClass": quad[0],
        "goldstein": goldstein,
        "avgTone": tone,
        "numMentions": mentions,
        "numSources": n_sources,
        "numArticles": articles,
    }
    event["actors"] = [{"actor": actor["id"], "role": role} for actor, role in actors]
    event["place"] = place["id"] if place is not None else None
    return Record(event, source, actors, place)


def parse_line(raw: bytes) -> tuple[Record, bool]:
    """A raw line (without its newline) into a record, and whether its bytes had to be repaired."""
    try:
        text, repaired = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        text, repaired = raw.decode("utf-8", errors="replace"), True
    return parse_fields(text.split("\t")), repaired


# ---------------------------------------------------------------------------------------------- reading


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


# ---------------------------------------------------------------------------------------------- batching


@dataclass(slots=True)
class Batch:
    """The parameter lists of one write transaction; entity, place and source rows are deduplicated."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # with their actors, place and source ids

    def __len__(self) -> int:
        return len(self.events)


class _Seen:
    """Ids already written in this run, so the few actors in most events are not merged in every batch.
    Capped: when full it starts over, which only costs a harmless re-merge."""

    def __init__(self, cap: int = _SEEN_CAP) -> None:
        self.cap, self.ids = cap, set[str]()

    def __contains__(self, ident: str) -> bool:
        return ident in self.ids

    def add(self, ident: str) -> None:
        if len(self.ids) >= self.cap:
            self.ids.clear()
        self.ids.add(ident)


class Batcher:
    def __init__(self, remember: bool = True) -> None:
        self.batch = Batch()
        self._seen_entities = _Seen() if remember else None
        self._seen_sources = _Seen() if remember else None

    def add(self, record: Record) -> None:
        b = self.batch
        event = record.event
        sid = event["source"]
        b.events.append(event)
        if sid not in b.sources and (self._seen_sources is None or sid not in self._seen_sources):
            b.sources[sid] = record.source
        seen = self._seen_entities
        for actor, _role in record.actors:
            aid = actor["id"]
            if aid not in b.actors and (seen is None or aid not in seen):
                b.actors[aid] = actor
        place = record.place
        if place is not None:
            pid = place["id"]
            if pid not in b.places and (seen is None or pid not in seen):
                b.places[pid] = place

    def take(self) -> Batch:
        """The batch so far, and a fresh one; what it holds counts as written from now on."""
        out, self.batch = self.batch, Batch()
        if self._seen_entities is not None and self._seen_sources is not None:
            for ident in (*out.actors, *out.places):
                self._seen_entities.add(ident)
            for ident in out.sources:
                self._seen_sources.add(ident)
        return out


# ---------------------------------------------------------------------------------------------- writing

_NODE_STATEMENTS = (
    ("write/gdelt-merge-sources", "sources"),
    ("write/gdelt-merge-actors", "actors"),
    ("write/gdelt-merge-places", "places"),
)
_EVENT_STATEMENTS = (("write/gdelt-merge-events", "events"),)


def write_nodes(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The actors, places and sources a batch's events will point to."""
    _run_all(tx, _NODE_STATEMENTS, batch, loaded_at)


def write_events(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The events with their relationships; their actors, places and sources must be written already."""
    _run_all(tx, _EVENT_STATEMENTS, batch, loaded_at)


def write_batch(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """Everything of a batch in one transaction (what the naive loader uses)."""
    write_nodes(tx, batch, loaded_at)
    write_events(tx, batch, loaded_at)


def _run_all(
    tx: neo4j.ManagedTransaction, statements: tuple[tuple[str, str], ...], batch: Batch, loaded_at: dt.datetime
) -> None:
    for name, attr in statements:
        value = getattr(batch, attr)
        rows = list(value.values()) if isinstance(value, dict) else value
        if not rows:
            continue
        params = {"rows": rows, "loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID}
        record = tx.run(queries.load(name).text, params).single()
        assert record is not None
        missing = len(rows) - record["merged"]
        if attr == "events":
            missing += sum(len(r["actors"]) for r in rows) - record["participations"]
            missing += sum(r["place"] is not None for r in rows) - record["occurrences"]
        if missing:
            # A relationship whose end is missing drops out of its MATCH: fail the batch rather than lose it.
            raise RuntimeError(f"{name}: {missing} of the batch's nodes or relationships found no node to attach to")


def ensure_feed_source(driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
    rows = [
        {
            "id": FEED_SOURCE_ID,
            "title": "GDELT 2.0 Event Database",
            "url": "https://www.gdeltproject.org/",
            "citation": None,
            "publisher": "The GDELT Project",
        }
    ]
    driver.execute_query(
        queries.load("write/gdelt-merge-sources").text,
        {"rows": rows, "loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID},
        database_=database,
        routing_=neo4j.RoutingControl.WRITE,
    )


class _Stage:
    """A thread that writes each batch it is given in one transaction, then hands the batch on.

    Two stages run at once: the nodes of batch k+1 are written while the relationships of batch k are, so the
    server works on both of its cores. They do not wait on each other's locks: a node stage only merges ids not
    written before in this run (see :class:`Batcher`), which the relationship stage's batch does not touch.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        work: Callable[[neo4j.ManagedTransaction, Batch, dt.datetime], None],
        loaded_at: dt.datetime,
        then: _Stage | None = None,
    ) -> None:
        self.driver, self.database, self.work, self.loaded_at, self.then = driver, database, work, loaded_at, then
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=1)  # bounds memory: batches in flight
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=f"gdelt-{work.__name__}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        session.execute_write(self.work, batch, self.loaded_at)
                    except BaseException as exc:
                        self.error = exc
                if self.then is not None and self.error is None:
                    self.then.put(batch)
        if self.then is not None:
            self.then.close_quietly()

    def put(self, batch: Batch) -> None:
        self.check()
        self.queue.put(batch)

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        if self.then is not None:
            self.then.check()

    def close_quietly(self) -> None:
        self.queue.put(None)
        self.thread.join()

    def close(self) -> None:
        self.close_quietly()
        self.check()


class _Writer:
    """Actors/places/sources stage feeding the events stage; the caller parses the next batch meanwhile."""

    def __init__(self, driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
        self.events = _Stage(driver, database, write_events, loaded_at)
        self.nodes = _Stage(driver, database, write_nodes, loaded_at, then=self.events)

    def put(self, batch: Batch) -> None:
        self.nodes.put(batch)

    def close(self) -> None:
        self.nodes.close()


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
) -> list[FileReport]:
    """Load GDELT export files; one report per file.

    Bad rows are skipped, counted by reason and kept (the first :data:`MAX_KEPT_BAD_ROWS`) with their line.
    With ``strict`` every file is first read through without writing, and the first bad row in any of them raises
    :class:`StrictFailure` before anything is written.
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
    batcher = Batcher()
    writer = _Writer(driver, database, loaded_at)
    try:
        for path in paths:
            report = FileReport(path)
            reports.append(report)
            last_tick = 0.0
            for _number, item, consumed in iter_rows(path, report):
                if isinstance(item, BadRow):
                    continue
                batcher.add(item)
                report.loaded += 1
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
    return reports
