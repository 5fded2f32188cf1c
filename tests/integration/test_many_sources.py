"""Many sources, one timeline (issue 11), on both stores over real HTTP, from the small sources in
tests/data/many_sources/: base defines a meeting (November 2022), planned talks (this week) and a call
(10 February 2023); yearly says the meeting was in 2022, readout (and copy, its republication) that it was on
22 November 2022; held that the talks took place on 4 April 2024; conflict that the call was on 12 February;
undated (publication day unknown) that the call was in 2023.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from loaders.load import batches, validate
from tests.integration.conftest import World
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import GraphBatch, Label, RelRecord, RelType

DATA = Path(__file__).resolve().parent.parent / "data" / "many_sources"
ALL = ["base", "yearly", "readout", "copy", "held", "conflict", "undated"]


def files(*names: str) -> list[Path]:
    return [DATA / f"{n}.yaml" for n in names]


def _broken(name: str) -> GraphBatch:
    """The source's batch with, at the very end, a relationship to a node nobody defined."""
    [batch] = batches(validate(files(name), {"meeting": "base", "talks": "base", "call": "base"}))
    batch.rels.append(RelRecord(RelType.LED_TO, (Label.EVENT, "meeting"), (Label.EVENT, "no-such-event")))
    return batch


def claims_by_source(event: dict[str, Any]) -> dict[str, str]:
    return {c["source"]: c["date"]["edtf"] for c in event["claims"]}


def test_year_month_and_day_narrow_to_the_day(world: World) -> None:
    world.load(files("base", "yearly", "readout"))
    event = world.get("/events/meeting").json()
    assert (event["date"]["edtf"], event["date"]["precision"], event["date"]["text"]) == ("2022-11-22", "day", "today")
    assert claims_by_source(event) == {"base": "2022-11", "yearly": "2022", "readout": "2022-11-22"}
    readout = next(c for c in event["claims"] if c["source"] == "readout")
    assert readout["quote"]["quote"] == "met Wei Fenghe today in Siem Reap"
    assert (readout["published"], readout["defines"], readout["status"]) == ("2022-11-22", False, "occurred")
    assert [c["source"] for c in event["claims"]] == ["readout", "yearly", "base"]  # by publication
    assert not event["conflicting"] and event["corroboration"] == 3
    assert event["title"] == "Austin meets Wei in Cambodia"  # the defining source's, not the last loaded


def test_retracting_the_narrowing_source_widens_the_date_again(world: World) -> None:
    world.load(files("base", "yearly", "readout"))
    assert world.retract("readout")
    event = world.get("/events/meeting").json()
    assert (event["date"]["edtf"], event["date"]["precision"]) == ("2022-11", "month")
    assert claims_by_source(event) == {"base": "2022-11", "yearly": "2022"}
    assert not world.retract("readout")  # gone already


def test_disjoint_claims_are_kept_as_a_conflict(world: World) -> None:
    world.load(files("base", "conflict"))
    [conflict] = world.get("/conflicts").json()["items"]
    assert conflict["event"]["id"] == "call" and conflict["event"]["conflicting"]
    assert conflict["event"]["date"]["edtf"] == "2023-02-10/2023-02-12"  # the hull
    assert {(c["source"], c["date"]["edtf"], c["quote"]["quote"]) for c in conflict["claims"]} == {
        ("base", "2023-02-10", "spoke by phone on February 10, 2023"),
        ("conflict", "2023-02-12", "spoke by phone on February 12, 2023"),
    }
    timeline = {i["id"]: i for i in world.get("/timeline").json()["items"]}
    assert timeline["call"]["conflicting"] and not timeline["meeting"]["conflicting"]


def test_a_later_source_supersedes_a_planned_status(world: World) -> None:
    world.load(files("base", "held"))
    talks = world.get("/events/talks").json()
    assert (talks["status"], talks["date"]["edtf"]) == ("occurred", "2024-04-04")
    then = world.get("/events/talks?known_at=2024-04-03").json()
    assert (then["status"], then["date"]["edtf"], [c["source"] for c in then["claims"]]) == (
        "planned",
        "2024-04-01/2024-04-07",
        ["base"],
    )
    assert {c["source"]: c["status"] for c in talks["claims"]} == {"base": "planned", "held": "occurred"}


def test_a_source_of_unknown_publication_counts_today_but_not_as_known_on_a_day(world: World) -> None:
    world.load(files("base", "undated"))
    call = world.get("/events/call").json()
    undated = next(c for c in call["claims"] if c["source"] == "undated")
    assert undated["published"] is None and call["claims"][-1]["source"] == "undated"  # unknown sorts last
    response = world.get("/events/call?known_at=2030-01-01")
    assert [c["source"] for c in response.json()["claims"]] == ["base"]
    assert response.json()["known_at"] == {
        "date": "2030-01-01",
        "sources_excluded_unknown_publication": 1,
        "sources_excluded_later": 0,
    }
    assert response.headers["Known-At-Excluded-Unknown-Publication"] == "1"


def test_a_republication_is_counted_once(world: World) -> None:
    world.load(files("base", "readout", "copy"))
    event = world.get("/events/meeting").json()
    assert len(event["claims"]) == 3 and event["corroboration"] == 2
    [item] = [i for i in world.get("/timeline").json()["items"] if i["id"] == "meeting"]
    assert item["corroboration"] == 2


KNOWN_AT_ROUTES = [
    "/timeline",
    "/events/meeting",
    "/actors/lloyd-austin",
    "/paths?from=lloyd-austin&to=wei-fenghe",
    "/conflicts",
]


def test_known_at_on_every_route_knows_nothing_published_later(world: World) -> None:
    world.load(files(*ALL))
    day = "2022-12-31"  # only readout and copy are out by then
    for path in KNOWN_AT_ROUTES:
        body = world.get(f"{path}{'&' if '?' in path else '?'}known_at={day}").json()
        assert body["known_at"]["sources_excluded_unknown_publication"] == 1, path
        assert body["known_at"]["sources_excluded_later"] == 4, path  # base, yearly, held, conflict
    for path in ("/actors", "/channels"):
        response = world.get(f"{path}?known_at={day}")
        assert response.headers["Known-At"] == day and response.headers["Known-At-Excluded-Unknown-Publication"] == "1"
    timeline = world.get(f"/timeline?known_at={day}").json()["items"]
    assert [(i["id"], i["date"]["edtf"], i["corroboration"]) for i in timeline] == [("meeting", "2022-11-22", 1)]
    meeting = world.get(f"/events/meeting?known_at={day}").json()
    assert {c["source"] for c in meeting["claims"]} == {"readout", "copy"}
    assert meeting["title"] == "Austin meets Wei in Siem Reap" and meeting["kind"] is None  # no definer yet
    world.get(f"/events/talks?known_at={day}", status=404)  # announced later
    actor = world.get(f"/actors/lloyd-austin?known_at={day}").json()
    assert actor["name"] == "Lloyd J. Austin III" and [e["event"]["id"] for e in actor["events"]] == ["meeting"]
    channel = world.get("/channels?known_at=2030-01-01")
    assert channel.json() == []
    assert world.get(f"/channels/nope/history?known_at={day}", status=404)
    world.get("/timeline?known_at=2023-02-30", status=422)
    world.get("/timeline?known_at=0", status=422)


def _everything(world: World) -> dict[str, Any]:
    paths = ["/timeline", "/conflicts", "/actors", "/timeline?known_at=2024-04-03"]
    paths += [f"/events/{e}" for e in ("meeting", "talks", "call")]
    paths += ["/actors/lloyd-austin", "/events/talks?known_at=2024-04-03", "/paths?from=meeting&to=call"]
    return {p: world.get(p).json() for p in paths}


def test_loading_everything_twice_changes_nothing(world: World) -> None:
    world.load(files(*ALL))
    before = _everything(world)
    world.load(files(*ALL))
    world.load(files(*reversed(ALL)))  # nor does the order sources are loaded in
    assert _everything(world) == before


def test_a_failure_half_way_through_a_source_changes_nothing(world: World) -> None:
    world.load(files("base", "yearly"))
    before = _everything(world)
    with pytest.raises((RuntimeError, ValueError)):
        world.replace(_broken("readout"))
    assert _everything(world) == before


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers(
    embedded_world: tuple[World, EmbeddedGraph], neo4j_world: World, neo4j_driver: Driver
) -> None:
    embedded, graph = embedded_world
    graph.graph = nx.MultiDiGraph()
    for w in (embedded, neo4j_world):
        w.load(files(*ALL))
    paths = [*_everything(embedded), *(f"{p}{'&' if '?' in p else '?'}known_at=2023-03-01" for p in KNOWN_AT_ROUTES)]
    paths += ["/timeline?known_at=2024-04-10", "/events/call?known_at=2023-03-01", "/conflicts?known_at=2023-03-01"]
    for path in paths:
        assert embedded.get(path).json() == neo4j_world.get(path).json(), path
