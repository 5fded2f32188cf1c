"""The article as a graph, on both stores: key facts, provenance, idempotence, source-scoped replacement."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from neo4j import Driver

from loaders import neo4j_writer
from loaders.load import batches, load_embedded, load_neo4j, validate
from loaders.problems import InvalidSource
from tests.conftest import ARTICLE, SOURCE_ID
from tests.graph_snapshot import Snapshot, comparable, from_embedded, from_neo4j, is_date
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import GraphBatch, Label, RelRecord, RelType

STORES = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORES)
def snapshot(request: pytest.FixtureRequest) -> Snapshot:
    if request.param == "embedded":
        return from_embedded(request.getfixturevalue("article_graph"))
    return from_neo4j(request.getfixturevalue("article_neo4j"), request.getfixturevalue("neo4j_database"))


def test_austin_wei_meeting_is_a_month_in_cambodia(snapshot: Snapshot) -> None:
    meeting = snapshot.node("austin-wei-meeting-2022-11")
    assert "Event" in snapshot.labels("austin-wei-meeting-2022-11")
    assert meeting["date"] == "2022-11"
    assert meeting["datePrecision"] == "month"
    assert (meeting["dateLower"], meeting["dateUpper"]) == (dt.date(2022, 11, 1), dt.date(2022, 11, 30))
    assert is_date(meeting["dateLower"])
    assert snapshot.rels_of("OCCURRED_IN", start="austin-wei-meeting-2022-11") == [
        ("austin-wei-meeting-2022-11", "cambodia")
    ]
    participants = {a for a, _ in snapshot.rels_of("PARTICIPATED_IN", end="austin-wei-meeting-2022-11")}
    assert participants == {"lloyd-austin", "wei-fenghe"}


def test_california_meeting_resumes_the_military_channel(snapshot: Snapshot) -> None:
    event = snapshot.node("xi-biden-california-meeting-2023-11")
    assert (event["date"], event["datePrecision"]) == ("2023-11", "month")
    change = snapshot.rels[
        ("CHANGED_STATE", "xi-biden-california-meeting-2023-11", "us-china-military-communication", "resumed")
    ]
    assert change["state"] == "resumed"
    assert "Channel" in snapshot.labels("us-china-military-communication")


def test_brown_liu_talks_and_dong_jun_appointment_are_december_2023(snapshot: Snapshot) -> None:
    assert snapshot.node("brown-liu-talks-2023-12")["date"] == "2023-12"
    appointment = snapshot.node("dong-jun-appointment")
    assert (appointment["date"], appointment["kind"]) == ("2023-12", "appointment")
    assert snapshot.rels_of("STARTED", start="dong-jun-appointment")  # it opens Dong Jun's tenure


def test_balloon_discovery_caused_blinken_to_call_off_his_trip(snapshot: Snapshot) -> None:
    assert snapshot.node("balloon-discovery")["date"] == "2023"
    assert snapshot.node("balloon-discovery")["datePrecision"] == "year"
    relation = snapshot.rels[("CAUSED", "balloon-discovery", "blinken-calls-off-trip", "")]
    assert relation["evidenceSources"] == [SOURCE_ID]
    assert any("spy balloon" in q for q in relation["quotes"])


def test_defence_ministers_call_is_expected(snapshot: Snapshot) -> None:
    call = snapshot.node("defence-ministers-call-expected")
    assert call["status"] == "expected"
    assert call["dateLower"] == dt.date(2024, 4, 3) and "dateUpper" not in call  # open: "soon"


def test_freeze_over_pelosi_visit_suspends_the_channel_dated_only_by_bounds(snapshot: Snapshot) -> None:
    freeze = snapshot.node("china-freezes-military-contacts")
    assert freeze["datePrecision"] == "before"
    assert "dateLower" not in freeze and freeze["dateUpper"] == dt.date(2022, 11, 30)
    assert ("CHANGED_STATE", "china-freezes-military-contacts", "us-china-military-communication", "suspended") in (
        snapshot.rels
    )
    assert snapshot.rels_of("IN_RESPONSE_TO", start="china-freezes-military-contacts") == [
        ("china-freezes-military-contacts", "pelosi-taiwan-visit")
    ]


def test_every_quote_is_at_its_offsets_in_the_source_text(snapshot: Snapshot) -> None:
    text = snapshot.node(SOURCE_ID)["text"]
    checked = 0
    for (rel_type, _, target, _), props in snapshot.rels.items():
        if rel_type == "REPORTED_BY":
            assert target == SOURCE_ID
            assert text[props["start"] : props["end"]] == props["quote"]
            checked += 1
        for quote, start, end in zip(
            props.get("quotes", []), props.get("quoteStarts", []), props.get("quoteEnds", []), strict=True
        ):
            assert text[start:end] == quote
            checked += 1
    assert checked > 100


def test_every_fact_node_is_traceable_to_the_source(snapshot: Snapshot) -> None:
    reported = {a for a, _ in snapshot.rels_of("REPORTED_BY")}
    facts = {i for i, (labels, _) in snapshot.nodes.items() if "Source" not in labels}
    assert facts == reported


def test_three_kinds_of_time_are_kept_apart(snapshot: Snapshot) -> None:
    source = snapshot.node(SOURCE_ID)
    assert source["published"] == dt.date(2024, 4, 3) and source["publishedBasis"] == "inferred"
    assert isinstance(source["loadedAt"], dt.datetime) and source["loadedAt"].date() >= dt.date(2024, 4, 3)


def test_wen_typo_resolves_to_wei_fenghe(snapshot: Snapshot) -> None:
    assert "Wen" in snapshot.node("wei-fenghe")["aliases"]
    held = {b for _, b in snapshot.rels_of("HELD", start="wei-fenghe")}
    assert any(("OF_OFFICE", t, "china-minister-of-national-defence", "") in snapshot.rels for t in held)


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph(
    neo4j_database: str, article_neo4j: Driver, article_graph: EmbeddedGraph
) -> None:
    in_neo4j, embedded = from_neo4j(article_neo4j, neo4j_database), from_embedded(article_graph)
    assert in_neo4j.counts() == embedded.counts()
    assert comparable(in_neo4j) == comparable(embedded)


@pytest.mark.neo4j
def test_loading_twice_changes_nothing_in_neo4j(neo4j_database: str, article_neo4j: Driver) -> None:
    before = from_neo4j(article_neo4j, neo4j_database)
    load_neo4j(article_neo4j, neo4j_database, [ARTICLE])
    after = from_neo4j(article_neo4j, neo4j_database)
    assert after.counts() == before.counts()
    assert after.property_count() == before.property_count()
    assert comparable(after) == comparable(before)


def test_loading_twice_changes_nothing_embedded(article_graph: EmbeddedGraph) -> None:
    before = from_embedded(article_graph)
    load_embedded(article_graph, [ARTICLE])
    after = from_embedded(article_graph)
    assert after.counts() == before.counts() and comparable(after) == comparable(before)


def _edited_copy(tmp_path: Path, meeting_date: str = "2022-11") -> Path:
    """The article's annotation without the balloon incident and with a retitled meeting."""
    shutil.copy(ARTICLE.with_suffix(".txt"), tmp_path / ARTICLE.with_suffix(".txt").name)
    data = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["id"] != "balloon-discovery"]
    data["relations"] = [r for r in data["relations"] if "balloon-discovery" not in (r["from"], r["to"])]
    for event in data["events"]:
        if event["id"] == "austin-wei-meeting-2022-11":
            event["title"] = "Austin and Wei meet in Cambodia"
            event["date"] = meeting_date
    edited = tmp_path / ARTICLE.name
    edited.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return edited


def _assert_replaced(before: Snapshot, after: Snapshot) -> None:
    assert "balloon-discovery" in before.nodes and "balloon-discovery" not in after.nodes
    assert not after.rels_of("CAUSED")
    assert after.node("austin-wei-meeting-2022-11")["title"] == "Austin and Wei meet in Cambodia"
    assert len(after.nodes) == len(before.nodes) - 1


def test_an_edited_annotation_replaces_what_the_source_said_embedded(
    tmp_path: Path, article_graph: EmbeddedGraph
) -> None:
    before = from_embedded(article_graph)
    load_embedded(article_graph, [_edited_copy(tmp_path)])
    _assert_replaced(before, from_embedded(article_graph))


@pytest.mark.neo4j
def test_an_edited_annotation_replaces_what_the_source_said_in_neo4j(
    neo4j_database: str, tmp_path: Path, article_neo4j: Driver
) -> None:
    before = from_neo4j(article_neo4j, neo4j_database)
    load_neo4j(article_neo4j, neo4j_database, [_edited_copy(tmp_path)])
    _assert_replaced(before, from_neo4j(article_neo4j, neo4j_database))


@pytest.mark.neo4j
def test_a_fact_another_source_reports_survives_when_one_source_drops_it(
    neo4j_database: str, tmp_path: Path, neo4j_driver: Driver
) -> None:
    # A second source that reports only the balloon incident, with its own words.
    text = "Last year an alleged Chinese spy balloon was discovered over the US.\n"
    (tmp_path / "second.txt").write_text(text, encoding="utf-8")
    second = {
        "source": {
            "id": "second-source",
            "title": "Balloon",
            "publisher": "Other",
            "published": "2024-01-01",
            "published_basis": "stated",
            "text": "second.txt",
        },
        "events": [
            {
                "same_as": "balloon-discovery",
                "title": "Balloon found",
                "kind": "incident",
                "date": "2023",
                "date_text": "Last year",
                "status": "occurred",
                "evidence": [{"quote": "an alleged Chinese spy balloon was discovered"}],
            }
        ],
    }
    second_path = tmp_path / "second.yaml"
    second_path.write_text(yaml.safe_dump(second), encoding="utf-8")
    load_neo4j(neo4j_driver, neo4j_database, [ARTICLE, second_path])
    load_neo4j(neo4j_driver, neo4j_database, [_edited_copy(tmp_path)])
    after = from_neo4j(neo4j_driver, neo4j_database)
    assert after.node("balloon-discovery")["sources"] == ["second-source"]
    # Its properties now come from the one source left: its title, its date.
    balloon = after.node("balloon-discovery")
    assert (balloon["title"], balloon["date"]) == ("Balloon found", "2023")
    assert not after.rels_of("CAUSED")  # only the article said what it caused


def _batch_failing_half_way() -> GraphBatch:
    """The article's batch plus, at the very end, a relationship to a node nobody defined."""
    [source] = batches(validate([ARTICLE]))
    source.rels.append(RelRecord(RelType.LED_TO, (Label.EVENT, "balloon-discovery"), (Label.EVENT, "no-such-event")))
    source.nodes[0].props["title"] = "A title that must not land"
    return source


@pytest.mark.neo4j
def test_a_load_failing_half_way_leaves_neo4j_as_it_was(neo4j_database: str, article_neo4j: Driver) -> None:
    before = from_neo4j(article_neo4j, neo4j_database)
    with pytest.raises(RuntimeError, match="1 relationship"):
        neo4j_writer.replace_source(article_neo4j, neo4j_database, _batch_failing_half_way())
    assert comparable(from_neo4j(article_neo4j, neo4j_database)) == comparable(before)


def test_a_load_failing_half_way_leaves_the_embedded_store_as_it_was(article_graph: EmbeddedGraph) -> None:
    before = from_embedded(article_graph)
    with pytest.raises(ValueError, match="no-such-event"):
        article_graph.replace_source(_batch_failing_half_way())
    assert from_embedded(article_graph) == before


@pytest.mark.neo4j
def test_an_invalid_file_writes_nothing_to_neo4j(neo4j_database: str, tmp_path: Path, article_neo4j: Driver) -> None:
    before = from_neo4j(article_neo4j, neo4j_database)
    broken = _edited_copy(tmp_path, meeting_date="2022-13")
    with pytest.raises(InvalidSource, match="2022-13"):
        load_neo4j(article_neo4j, neo4j_database, [broken])
    assert comparable(from_neo4j(article_neo4j, neo4j_database)) == comparable(before)
