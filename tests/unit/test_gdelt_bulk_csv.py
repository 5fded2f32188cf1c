"""The importer's CSV files, without a server: every kept row once, each node once, fields the importer reads back
as the online loader's values (strings quoted so '' stays a string, None no property at all)."""

from __future__ import annotations

import csv
from pathlib import Path

from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.bulk import NODE_FILES, RELATIONSHIP_FILES, _field, write_import_files
from loaders.gdelt.filters import build_filter


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_fields_quote_strings_and_leave_none_empty() -> None:
    assert _field(None) == ""
    assert _field("") == '""'
    assert _field('say "hi", twice') == '"say ""hi"", twice"'
    assert (_field(True), _field(3), _field(-2.5)) == ("true", "3", "-2.5")


def test_import_files_hold_each_kept_event_once_and_each_node_once(tmp_path: Path) -> None:
    export = gdelt_synth.write_file(tmp_path / "x.export.CSV", 3_000, seed=12, bad_rate=0.01)
    row_filter = build_filter(quad_class="1,2")
    files = write_import_files([export, export], tmp_path / "csv", row_filter=row_filter)
    first, again = files.reports
    assert first.loaded > 0 and first.filtered > 0 and first.skipped_total > 0
    assert again.loaded == 0  # the same ids again: the first rows stand
    events = _rows(tmp_path / "csv" / "events.csv")
    assert len(events) == files.events == first.loaded
    assert len({e["id"] for e in events}) == len({e[":ID(Event)"] for e in events}) == len(events)
    assert {e["quadClass:long"] for e in events} <= {"1", "2"}
    actors = _rows(tmp_path / "csv" / "actors.csv")
    places = _rows(tmp_path / "csv" / "places.csv")
    assert len({a["id"] for a in actors}) == len(actors)
    # Actors and places share the Entity ID space: their numbers never collide.
    assert len({n[":ID(Entity)"] for n in actors + places}) == len(actors) + len(places)
    participations = _rows(tmp_path / "csv" / "participations.csv")
    assert {p[":START_ID(Entity)"] for p in participations} <= {a[":ID(Entity)"] for a in actors}
    assert {p[":END_ID(Event)"] for p in participations} <= {e[":ID(Event)"] for e in events}
    reports = _rows(tmp_path / "csv" / "reports.csv")
    assert len(reports) == len(events)
    sources = {s[":ID(Source)"]: s["id"] for s in _rows(tmp_path / "csv" / "sources.csv")}
    assert "gdelt-2.0-events" in sources.values() and {r[":END_ID(Source)"] for r in reports} <= sources.keys()
    # A report's source number is the source whose id the relationship lists as its provenance.
    assert all(sources[r[":END_ID(Source)"]] == r["sources:string[]"] for r in reports)
    assert all(o["key"] == "" for o in _rows(tmp_path / "csv" / "occurrences.csv"))
    arguments = files.arguments()
    assert sum(a.startswith("--nodes=") for a in arguments) == len(NODE_FILES)
    assert sum(a.startswith("--relationships=") for a in arguments) == len(RELATIONSHIP_FILES)
