"""The done-when checks of issue 11 on the bundled sources (the article and the eleven readouts), on both stores over
real HTTP, and both stores giving the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from loaders import neo4j_writer
from loaders.load import batches, validate
from tests.graph_snapshot import comparable, from_embedded, from_neo4j
from tests.integration.conftest import World
from tests.neo4j_server import Neo4jConnection
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import Label, RelRecord, RelType
from timeline_kg.settings import BUNDLED_SOURCES

SOURCES = sorted(BUNDLED_SOURCES.glob("*.yaml"))
ARTICLE = "scmp-2024-04-03-us-china-defence-chiefs"
CALIFORNIA = "xi-biden-california-meeting-2023-11"
HONOLULU = "mmca-talks-hawaii-2024-04"
CHANNEL = "us-china-military-communication"
FREEZE = "china-freezes-military-contacts"


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def twelve(request: pytest.FixtureRequest) -> Iterator[World]:
    """Every bundled source loaded into an emptied store."""
    if request.param == "embedded":
        world, graph = request.getfixturevalue("embedded_world")
        graph.graph = nx.MultiDiGraph()
    else:
        request.getfixturevalue("neo4j_driver")
        world = request.getfixturevalue("neo4j_world")
    world.load(SOURCES)
    yield world


def claim_sources(event: dict[str, Any]) -> set[str]:
    return {c["source"] for c in event["claims"]}


def test_there_are_twelve_sources_three_of_unknown_publication(twelve: World) -> None:
    assert len(SOURCES) == 12
    known = twelve.get("/timeline?known_at=2099-01-01").json()["known_at"]
    assert known["sources_excluded_unknown_publication"] == 3 and known["sources_excluded_later"] == 0


def test_the_california_meeting_is_one_event_with_three_claims(twelve: World) -> None:
    event = twelve.get(f"/events/{CALIFORNIA}").json()
    assert len(event["claims"]) == 3 and ARTICLE in claim_sources(event)
    assert all(c["quote"]["quote"] for c in event["claims"])
    assert event["date"]["lower"] >= "2023-11-01" and event["date"]["upper"] <= "2023-11-30"
    california = [i for i in twelve.get("/timeline?limit=500").json()["items"] if i["id"] == CALIFORNIA]
    assert len(california) == 1 and california[0]["corroboration"] == 3


def test_the_honolulu_talks_were_planned_on_the_day_of_the_article_and_held_today(twelve: World) -> None:
    then = twelve.get(f"/events/{HONOLULU}?known_at=2024-04-03").json()
    assert then["status"] == "planned" and claim_sources(then) == {ARTICLE}
    assert then["date"]["text"] == "this week"
    now = twelve.get(f"/events/{HONOLULU}").json()
    assert now["status"] == "occurred" and len(claim_sources(now)) >= 2 and ARTICLE in claim_sources(now)


def test_the_military_channel_history_runs_in_order(twelve: World) -> None:
    history = twelve.get(f"/channels/{CHANNEL}/history").json()
    states = [i["state"] for i in history["intervals"]]
    assert states == ["suspended", "resumed"]
    suspended, resumed = history["intervals"]
    assert suspended["opened_by"]["event"]["id"] == FREEZE
    assert suspended["closed_by"]["event"]["id"] == CALIFORNIA == resumed["opened_by"]["event"]["id"]
    after = [a["event"]["date"]["lower"] for a in resumed["activity"] if a["event"]["status"] == "occurred"]
    assert any(d.startswith("2024") for d in after if d)  # contacts after the restoration
    assert after == sorted(after)


@pytest.mark.xfail(
    strict=True,
    reason="No text dates the freeze from below (it is '../2022-11'), so the 2021-22 contacts cannot be shown "
    "before it; see the report",
)
def test_contacts_before_the_freeze_come_before_it(twelve: World) -> None:
    history = twelve.get(f"/channels/{CHANNEL}/history").json()
    before = [c["event"]["date"]["lower"] for c in history["before_first_change"]]
    assert any(d and d.startswith("2021") for d in before) and any(d and d.startswith("2022") for d in before)


def test_known_on_new_years_day_2023_knows_nothing_published_later(twelve: World) -> None:
    response = twelve.get("/timeline?known_at=2023-01-01&limit=500")
    body = response.json()
    assert body["known_at"]["sources_excluded_unknown_publication"] == 3
    assert response.headers["Known-At-Excluded-Unknown-Publication"] == "3"
    for item in body["items"]:
        event = twelve.get(f"/events/{item['id']}?known_at=2023-01-01").json()
        assert all(c["published"] is not None and c["published"] <= "2023-01-01" for c in event["claims"])
    ids = {i["id"] for i in body["items"]}
    assert CALIFORNIA not in ids and HONOLULU not in ids  # reported in 2024 only


def _answers(world: World) -> dict[str, Any]:
    paths = ["/timeline?limit=500", "/conflicts", "/actors", "/channels", f"/channels/{CHANNEL}/history"]
    paths += [f"/events/{e}" for e in (CALIFORNIA, HONOLULU, FREEZE)]
    paths += ["/timeline?limit=500&known_at=2023-01-01", f"/events/{HONOLULU}?known_at=2024-04-03"]
    paths += ["/actors/lloyd-austin", "/paths?from=lloyd-austin&to=dong-jun"]
    return {p: world.get(p).json() for p in paths}


def test_loading_all_twelve_twice_changes_nothing(twelve: World) -> None:
    before = _answers(twelve)
    twelve.load(SOURCES)
    assert _answers(twelve) == before


@pytest.mark.neo4j
def test_both_stores_answer_alike_on_the_twelve(
    embedded_world: tuple[World, EmbeddedGraph], neo4j_world: World, neo4j_driver: Driver
) -> None:
    embedded, graph = embedded_world
    graph.graph = nx.MultiDiGraph()
    embedded.load(SOURCES)
    neo4j_world.load(SOURCES)
    mine, theirs = _answers(embedded), _answers(neo4j_world)
    for path, answer in mine.items():
        assert answer == theirs[path], path


def _broken(path: Any, known: dict[str, str]) -> Any:
    [batch] = batches(validate([path], known))
    first = next(n for n in batch.nodes if n.label is Label.EVENT)
    batch.rels.append(RelRecord(RelType.LED_TO, (Label.EVENT, first.id), (Label.EVENT, "no-such-event")))
    return batch


def test_a_failure_half_way_through_any_source_changes_nothing_embedded() -> None:
    graph = EmbeddedGraph()
    from loaders.load import load_embedded

    load_embedded(graph, SOURCES)
    before = from_embedded(graph)
    for path in SOURCES:
        with pytest.raises(ValueError, match="no-such-event"):
            graph.replace_source(_broken(path, graph.event_owners()))
        assert from_embedded(graph) == before, path.name


@pytest.mark.neo4j
def test_a_failure_half_way_through_any_source_changes_nothing_in_neo4j(
    neo4j_driver: Driver, neo4j_server: Neo4jConnection
) -> None:
    from loaders.load import graph_events, load_neo4j

    db = neo4j_server.database
    load_neo4j(neo4j_driver, db, SOURCES)
    before = comparable(from_neo4j(neo4j_driver, db))
    known = graph_events(neo4j_driver, db)
    for path in SOURCES:
        with pytest.raises(RuntimeError, match="1 relationship"):
            neo4j_writer.replace_source(neo4j_driver, db, _broken(path, known))
        assert comparable(from_neo4j(neo4j_driver, db)) == before, path.name
