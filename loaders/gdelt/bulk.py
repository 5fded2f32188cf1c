"""Export files as the CSV files of ``neo4j-admin database import full``: the graph the online loader would write.

The import builds a whole store offline, an order of magnitude faster than transactions, but only into an empty
database with the server stopped; graph_service/cli/gdelt_bulk.py runs it. The CSV carries exactly the properties,
labels and relationships of ``queries/write/gdelt-*.cypher`` (tests/integration/test_gdelt_bulk.py compares the
two graphs), except what neo4j-admin cannot write: the empty ``aliases`` list of actors and places, which
queries/write/gdelt-after-bulk-import.cypher sets
once the server is up again.

An event id met twice keeps its first row (the online loader's MERGE would keep the last one's properties).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from loaders.gdelt.filters import RowFilter
from loaders.gdelt.parse import Record
from loaders.gdelt.read import FileReport, iter_records
from loaders.gdelt.write import FEED_SOURCE_ID, FEED_SOURCE_ROW

# Header of each file: name:type for the importer; ID spaces keep event, entity and source ids apart. The importer
# links relationships by small integers the writer hands out (--id-type=integer: no string ids to encode, sort and
# check for collisions, a third of its node phase), not stored; the `id` property is a column of its own.
_EVENT_COLUMNS = (
    ":ID(Event)", "id", ":LABEL", "title", "kind", "status", "date", "dateText", "dateLower:date", "dateUpper:date",
    "datePrecision", "recordedAt:datetime", "isRootEvent:boolean", "cameoCode", "cameoRoot", "cameoName",
    "quadClass:long", "goldstein:double", "avgTone:double", "numMentions:long", "numSources:long",
    "numArticles:long", "sources:string[]",
)  # fmt: skip
_ACTOR_COLUMNS = (
    ":ID(Entity)", "id", ":LABEL", "name", "kind", "gdeltCode", "countryCode", "knownGroupCode", "ethnicCode",
    "religion1Code", "religion2Code", "type1Code", "type2Code", "type3Code", "sources:string[]",
)  # fmt: skip
_ACTOR_KEYS = _ACTOR_COLUMNS[5:14]  # plain names: no type suffix
_PLACE_COLUMNS = (
    ":ID(Entity)", "id", ":LABEL", "name", "kind", "geoType:long", "countryCode", "adm1Code", "adm2Code",
    "lat:double", "long:double", "featureId", "sources:string[]",
)  # fmt: skip
_PLACE_KEYS = ("geoType", "countryCode", "adm1Code", "adm2Code", "lat", "long", "featureId")
_SOURCE_COLUMNS = (
    ":ID(Source)", "id", ":LABEL", "url", "citation", "publisher", "title", "feed", "loadedAt:datetime",
    "sources:string[]",
)  # fmt: skip
_PARTICIPATION_COLUMNS = (":START_ID(Entity)", ":END_ID(Event)", ":TYPE", "key", "role", "sources:string[]")
_OCCURRENCE_COLUMNS = (":START_ID(Event)", ":END_ID(Entity)", ":TYPE", "key", "sources:string[]")
_REPORT_COLUMNS = (":START_ID(Event)", ":END_ID(Source)", ":TYPE", "key", "kind", "sources:string[]")

NODE_FILES = ("events", "actors", "places", "sources")
RELATIONSHIP_FILES = ("participations", "occurrences", "reports")
_HEADERS: dict[str, tuple[str, ...]] = {
    "events": _EVENT_COLUMNS,
    "actors": _ACTOR_COLUMNS,
    "places": _PLACE_COLUMNS,
    "sources": _SOURCE_COLUMNS,
    "participations": _PARTICIPATION_COLUMNS,
    "occurrences": _OCCURRENCE_COLUMNS,
    "reports": _REPORT_COLUMNS,
}

Progress = Callable[[Path, int, FileReport], None]  # (file, bytes consumed, report so far)


def _field(value: Any) -> str:
    """One CSV field: strings always quoted (so an empty string stays one), None empty (no property)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _line(values: Iterable[Any]) -> str:
    return ",".join(map(_field, values)) + "\n"


@dataclass(slots=True)
class ImportFiles:
    """The CSV files written, what they hold, and the per-file reports of the export files read."""

    directory: Path
    reports: list[FileReport]
    events: int
    seconds: float

    def arguments(self) -> list[str]:
        """The ``neo4j-admin database import full`` options that read these files."""
        nodes = [f"--nodes={self.directory / name}.csv" for name in NODE_FILES]
        relationships = [f"--relationships={self.directory / name}.csv" for name in RELATIONSHIP_FILES]
        return [*nodes, *relationships, "--id-type=integer", "--multiline-fields=false", "--array-delimiter=;"]


class _CsvWriter:
    """The seven files, each with its header, and the ids already written (each node once) with their numbers."""

    def __init__(self, directory: Path, loaded_at: dt.datetime) -> None:
        self.out: dict[str, IO[str]] = {}
        for name in _HEADERS:
            handle = open(directory / f"{name}.csv", "w", encoding="utf-8", buffering=1 << 20)  # noqa: SIM115
            handle.write(",".join(_HEADERS[name]) + "\n")
            self.out[name] = handle
        self.loaded_at = loaded_at.isoformat()
        self.events: set[str] = set()
        self.entities: dict[str, int] = {}  # actors and places: one ID space
        self.sources: dict[str, int] = {}
        self._source(FEED_SOURCE_ROW)

    def _source(self, s: dict[str, Any]) -> int:
        number = self.sources[s["id"]] = len(self.sources)
        row = (
            number,
            s["id"],
            "Source",
            s["url"],
            s["citation"],
            s["publisher"],
            s["title"],
            FEED_SOURCE_ID,
            self.loaded_at,
            s["id"],
        )
        self.out["sources"].write(_line(row))
        return number

    def add(self, record: Record) -> bool:
        """The record's event, relationships and the nodes not written yet; False for an event id met before.

        The hot path writes its lines with f-strings: ids, codes, dates and numbers need no quoting (ids are
        slugs, never empty), only free text (titles) is quoted."""
        e = record.event
        eid = e["id"]
        if eid in self.events:
            return False
        number = len(self.events)
        self.events.add(eid)
        sid = e["source"]
        out = self.out
        root = "true" if e["isRootEvent"] else "false"
        out["events"].write(
            f"{number},{eid},Event,{_quoted(e['title'])},{e['kind']},{e['status']},{e['date']},{e['dateText']},{e['date']},"
            f"{e['date']},{e['datePrecision']},{e['recordedAt']},{root},{e['cameoCode']},{e['cameoRoot']},"
            f"{_quoted(e['cameoName'])},{e['quadClass']},{e['goldstein']!r},{e['avgTone']!r},{e['numMentions']},"
            f"{e['numSources']},{e['numArticles']},{sid}\n"
        )
        source = self.sources.get(sid)
        if source is None:
            source = self._source(record.source)
        out["reports"].write(f"{number},{source},REPORTED_BY,gdelt,gdelt,{sid}\n")
        entities = self.entities
        for actor, role in record.actors:
            aid = actor["id"]
            entity = entities.get(aid)
            if entity is None:
                entity = entities[aid] = len(entities)
                label = "Entity;Country" if actor["isCountry"] else "Entity;Organisation"
                keys = (actor[k] for k in _ACTOR_KEYS)
                line = _line((entity, aid, label, actor["name"], actor["kind"], *keys, FEED_SOURCE_ID))
                out["actors"].write(line)
            out["participations"].write(f"{entity},{number},PARTICIPATED_IN,{role},{role},{sid}\n")
        place = record.place
        if place is not None:
            pid = place["id"]
            entity = entities.get(pid)
            if entity is None:
                entity = entities[pid] = len(entities)
                keys = (place[k] for k in _PLACE_KEYS)
                line = _line((entity, pid, "Entity;Place", place["name"], "place", *keys, FEED_SOURCE_ID))
                out["places"].write(line)
            out["occurrences"].write(f'{number},{entity},OCCURRED_IN,"",{sid}\n')
        return True

    def close(self) -> None:
        for handle in self.out.values():
            handle.close()


def write_import_files(
    paths: Sequence[Path],
    directory: Path,
    *,
    row_filter: RowFilter | None = None,
    loaded_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ImportFiles:
    """Stream the export files (filters applied) into the importer's CSV files under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    writer = _CsvWriter(directory, loaded_at or dt.datetime.now(dt.UTC))
    reports: list[FileReport] = []
    try:
        for path in paths:
            report = FileReport(path)
            reports.append(report)
            last_tick = 0.0
            for record, consumed in iter_records(path, report, row_filter):
                if not writer.add(record):
                    report.loaded -= 1  # an id met before: the first row stands
                if progress is not None and not report.loaded & 4095 and (now := time.monotonic()) - last_tick > 0.2:
                    last_tick = now
                    progress(path, consumed, report)
            if progress is not None:
                progress(path, -1, report)
    finally:
        writer.close()
    return ImportFiles(directory, reports, len(writer.events), time.perf_counter() - started)
