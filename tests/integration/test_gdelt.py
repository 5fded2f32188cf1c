"""GDELT exports into a real Neo4j: counts against a Python oracle, idempotent reload, bad rows, --strict."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from loaders.gdelt import FEED_SOURCE_ID, BadRow, FileReport, StrictFailure, iter_rows, load_files
from loaders.gdelt import synth as gdelt_synth

pytestmark = pytest.mark.neo4j

MALFORMED = Path(__file__).parents[1] / "data" / "gdelt" / "malformed.export.CSV"


def _database(server: object) -> str:
    return str(getattr(server, "database", "neo4j"))


def _oracle(*paths: Path) -> dict[str, int]:
    """What the graph must hold, computed from the files alone."""
    events: set[str] = set()
    actors: set[str] = set()
    places: set[str] = set()
    sources: set[str] = {FEED_SOURCE_ID}
    participations: set[tuple[str, str, str]] = set()
    occurrences: set[str] = set()
    for path in paths:
        for _line, item, _ in iter_rows(path, FileReport(path)):
            if isinstance(item, BadRow):
                continue
            eid = item.event["id"]
            events.add(eid)
            sources.add(item.source["id"])
            for actor, role in item.actors:
                actors.add(actor["id"])
                participations.add((actor["id"], eid, role))
            if item.place is not None:
                places.add(item.place["id"])
                occurrences.add(eid)
    return {
        "Event": len(events),
        "Entity": len(actors | places),
        "Place": len(places),
        "Source": len(sources),
        "PARTICIPATED_IN": len(participations),
        "OCCURRED_IN": len(occurrences),
        "REPORTED_BY": len(events),
    }


def _counts(driver: Driver, database: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        """
        CALL () { MATCH (n:Event) RETURN count(n) AS events }
        CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
        CALL () { MATCH (n:Place) RETURN count(n) AS places }
        CALL () { MATCH (n:Source) RETURN count(n) AS sources }
        CALL () { MATCH ()-[r:PARTICIPATED_IN]->() RETURN count(r) AS participations }
        CALL () { MATCH ()-[r:OCCURRED_IN]->() RETURN count(r) AS occurrences }
        CALL () { MATCH ()-[r:REPORTED_BY]->() RETURN count(r) AS reports }
        RETURN events, entities, places, sources, participations, occurrences, reports
        """,
        database_=database,
    )
    r = records[0]
    return {
        "Event": r["events"],
        "Entity": r["entities"],
        "Place": r["places"],
        "Source": r["sources"],
        "PARTICIPATED_IN": r["participations"],
        "OCCURRED_IN": r["occurrences"],
        "REPORTED_BY": r["reports"],
    }


def _properties(driver: Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, properties(n) AS p, labels(n) AS labels ORDER BY id", database_=database
    )
    return [
        {"id": r["id"], "labels": sorted(r["labels"]), **{k: v for k, v in r["p"].items() if k != "loadedAt"}}
        for r in records
    ]


def test_generated_file_loads_whole_and_reloads_without_change(
    neo4j_driver: Driver, neo4j_server: object, tmp_path: Path
) -> None:
    database = _database(neo4j_server)
    path = gdelt_synth.write_file(tmp_path / "synth.export.CSV.zip", 1_500, seed=11, zipped=True)
    expected = _oracle(path)

    reports = load_files(neo4j_driver, database, [path], batch_size=400)
    assert reports[0].loaded == reports[0].rows_read == 1_500
    assert _counts(neo4j_driver, database) == expected
    before = _properties(neo4j_driver, database)

    load_files(neo4j_driver, database, [path], batch_size=700)  # another batch size: same graph
    assert _counts(neo4j_driver, database) == expected
    assert _properties(neo4j_driver, database) == before


def test_concurrent_writers_build_the_same_graph(neo4j_driver: Driver, neo4j_server: object, tmp_path: Path) -> None:
    database = _database(neo4j_server)
    path = gdelt_synth.write_file(tmp_path / "synth.export.CSV", 3_000, seed=13)
    load_files(neo4j_driver, database, [path], batch_size=150)
    one_writer = _properties(neo4j_driver, database)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    # Small batches on three writers: batches in flight share actors and places none has committed yet (each then
    # merges them), and two that lock the same nodes in other orders may deadlock, when one is written again.
    load_files(neo4j_driver, database, [path], batch_size=150, writers=3)
    assert _counts(neo4j_driver, database) == _oracle(path)
    assert _properties(neo4j_driver, database) == one_writer


def test_event_shape_matches_the_graph_model(neo4j_driver: Driver, neo4j_server: object) -> None:
    database = _database(neo4j_server)
    load_files(neo4j_driver, database, [MALFORMED], batch_size=2)
    records, _, _ = neo4j_driver.execute_query(
        """
        MATCH (e:Event {id: 'gdelt-1100000000'})-[rep:REPORTED_BY]->(s:Source)
        MATCH (a:Entity)-[p:PARTICIPATED_IN]->(e)
        OPTIONAL MATCH (e)-[:OCCURRED_IN]->(place:Entity:Place)
        RETURN e, s, rep, collect({id: a.id, role: p.role, sources: p.sources, labels: labels(a)}) AS actors,
               place.id AS place
        """,
        database_=database,
    )
    (r,) = records
    e, s = r["e"], r["s"]
    assert e["date"] == "2022-08-16" and e["datePrecision"] == "day"
    assert e["dateLower"].to_native() == e["dateUpper"].to_native() == dt.date(2022, 8, 16)
    assert e["status"] == "occurred" and e["kind"]
    assert e["recordedAt"].tzinfo is not None
    assert e["sources"] == [s["id"]] and s["url"].startswith("https://") and s["sources"] == [s["id"]]
    assert r["rep"]["kind"] == "gdelt"
    roles = {a["role"] for a in r["actors"]}
    assert roles == {"initiator", "target"}
    assert all(a["sources"] == [s["id"]] and "Entity" in a["labels"] for a in r["actors"])
    assert r["place"] is not None


def test_malformed_rows_are_skipped_and_reported(neo4j_driver: Driver, neo4j_server: object) -> None:
    database = _database(neo4j_server)
    (report,) = load_files(neo4j_driver, database, [MALFORMED], batch_size=3)
    assert (report.rows_read, report.loaded, report.skipped_total, report.repaired) == (12, 6, 6, 1)
    assert [(b.line, b.reason.value) for b in report.bad_rows] == [
        (3, "wrong number of columns"),
        (5, "bad SQLDATE"),
        (7, "bad GLOBALEVENTID"),
        (9, "empty SOURCEURL"),
        (10, "bad QuadClass"),
        (13, "bad number"),
    ]
    counts = _counts(neo4j_driver, database)
    assert counts == _oracle(MALFORMED)
    assert counts["Event"] == 5  # line 12 repeats line 1's event
    load_files(neo4j_driver, database, [MALFORMED], batch_size=3)
    assert _counts(neo4j_driver, database) == counts


def test_strict_writes_nothing(neo4j_driver: Driver, neo4j_server: object, tmp_path: Path) -> None:
    database = _database(neo4j_server)
    good = gdelt_synth.write_file(tmp_path / "good.export.CSV", 50, seed=2)
    with pytest.raises(StrictFailure) as caught:
        load_files(neo4j_driver, database, [good, MALFORMED], strict=True)
    assert caught.value.bad.line == 3
    records, _, _ = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    assert records[0]["n"] == 0


def test_cli_reports_bad_rows(neo4j_server: Any, neo4j_driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_service.cli import app
    from timeline_kg.settings import get_settings

    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(app, ["load-gdelt", str(MALFORMED), "--format", "json", "--batch-size", "4"])
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        (file_report,) = out["files"]
        assert file_report["loaded"] == 6 and file_report["skippedByReason"]["bad SQLDATE"] == 1
        assert [b["line"] for b in file_report["badRows"]] == [3, 5, 7, 9, 10, 13]

        strict = runner.invoke(app, ["load-gdelt", str(MALFORMED), "--strict"])
        assert strict.exit_code == 1
        assert ":3: wrong number of columns" in strict.stderr
    finally:
        get_settings.cache_clear()
