"""The read API over real HTTP, the same tests against each store (fixture ``api`` in conftest.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from tests.conftest import ARTICLE

MILITARY = "us-china-military-communication"
FREEZE = "china-freezes-military-contacts"
CALIFORNIA = "xi-biden-california-meeting-2023-11"
PELOSI = "pelosi-taiwan-visit"
BROWN_LIU = "brown-liu-talks-2023-12"
AUSTIN_WEI = "austin-wei-meeting-2022-11"
EXPECTED_CALL = "defence-ministers-call-expected"
TEXT = ARTICLE.with_suffix(".txt").read_text(encoding="utf-8")
SCHEMA = json.loads((Path(__file__).parent / "timelinejs3.schema.json").read_text())


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


# ---------------------------------------------------------------------------------------------- health


def test_health_and_ready(api: httpx.Client, store_name: str) -> None:
    assert ok(api.get("/health")) == {"status": "ok"}
    assert ok(api.get("/ready")) == {"status": "ready", "store": store_name.removesuffix("_by_date")}


# ---------------------------------------------------------------------------------------------- channels


def test_military_channel_suspended_then_resumed_with_evidence(api: httpx.Client) -> None:
    history = ok(api.get(f"/channels/{MILITARY}/history"))
    states = [i["state"] for i in history["intervals"]]
    assert states == ["suspended", "resumed"]
    suspended, resumed = history["intervals"]

    assert suspended["opened_by"]["event"]["id"] == FREEZE
    # Dated by bounds, not by a made-up day: open start, on or before the end of November 2022.
    assert suspended["start"]["edtf"] == "../2022-11"
    assert suspended["start"]["lower"] is None
    assert day(suspended["start"]["upper"]) == dt.date(2022, 11, 30)
    assert suspended["closed_by"]["event"]["id"] == CALIFORNIA
    assert suspended["end"]["edtf"] == "2023-11"
    # The Austin-Wei meeting used the channel while it was suspended.
    assert AUSTIN_WEI in [a["event"]["id"] for a in suspended["activity"]]

    assert resumed["opened_by"]["event"]["id"] == CALIFORNIA
    assert resumed["closed_by"] is None and resumed["end"] is None
    assert [a["event"]["id"] for a in resumed["activity"]][:1] == [BROWN_LIU]

    freeze_quotes = [q["quote"] for q in suspended["opened_by"]["evidence"]]
    assert any("China froze high-level military contacts" in q for q in freeze_quotes)
    resume_quotes = [q["quote"] for q in resumed["opened_by"]["evidence"]]
    assert any("agreed to resume military communications" in q for q in resume_quotes)
    for q in suspended["opened_by"]["evidence"] + resumed["opened_by"]["evidence"]:
        assert TEXT[q["start"] : q["end"]] == q["quote"]

    assert history["channel"]["state"] == "resumed"
    assert history["channel"]["changed_by"]["id"] == CALIFORNIA


@pytest.mark.parametrize(
    ("at", "state", "certain"),
    [("2023-06-01", "suspended", True), ("2024-01-15", "resumed", True), ("2023-11-15", "resumed", False)],
)
def test_channel_state_at_a_date(api: httpx.Client, at: str, state: str, certain: bool) -> None:
    judged = ok(api.get(f"/channels/{MILITARY}/history", params={"at": at}))["at"]
    assert judged["at"] == at
    assert judged["state"] == state
    assert judged["certain"] is certain
    if not certain:  # mid-November 2023: the California meeting may not have happened yet
        assert judged["possible_states"] == ["resumed", "suspended"]
        assert [c["event"]["id"] for c in judged["uncertain_changes"]] == [CALIFORNIA]


def test_channel_state_before_the_freeze_could_have_happened_is_uncertain(api: httpx.Client) -> None:
    # The freeze has no lower bound: on 2022-10-01 it may or may not have happened.
    judged = ok(api.get(f"/channels/{MILITARY}/history", params={"at": "2022-10-01"}))["at"]
    assert judged["state"] == "suspended"
    assert judged["certain"] is False
    assert judged["possible_states"] == ["suspended", None]


def test_channels_list_with_current_state(api: httpx.Client) -> None:
    channels = {c["id"]: c for c in ok(api.get("/channels"))}
    assert list(channels) == sorted(channels)
    assert channels[MILITARY]["state"] == "resumed"
    assert channels[MILITARY]["since"]["edtf"] == "2023-11"
    assert {p["id"] for p in channels[MILITARY]["parties"]} == {"china", "united-states"}
    assert channels["mmca-talks"]["state"] is None  # only ever "used": no suspension or resumption recorded


# ---------------------------------------------------------------------------------------------- timeline


def test_timeline_of_austin_lists_the_meeting_and_the_expected_call_in_order(api: httpx.Client) -> None:
    items = ok(api.get("/timeline", params={"actor": "lloyd-austin"}))["items"]
    assert [i["id"] for i in items] == [AUSTIN_WEI, EXPECTED_CALL]
    assert items[0]["date"]["precision"] == "month"
    assert items[1]["status"] == "expected"


def test_timeline_actor_match_all_and_any(api: httpx.Client) -> None:
    both = {"actor": ["lloyd-austin", "wei-fenghe"]}
    assert [i["id"] for i in ok(api.get("/timeline", params=both))["items"]] == [AUSTIN_WEI]
    anyone = [i["id"] for i in ok(api.get("/timeline", params={**both, "match": "any"}))["items"]]
    assert {AUSTIN_WEI, EXPECTED_CALL, "li-shangfu-appointment"} <= set(anyone)


def _key(item: dict[str, Any]) -> tuple[dt.date, dt.date, str]:
    return (day(item["date"]["lower"]) or dt.date.min, day(item["date"]["upper"]) or dt.date.max, item["id"])


def test_timeline_order_and_cursor_pagination(api: httpx.Client) -> None:
    everything = ok(api.get("/timeline", params={"limit": 500}))
    assert everything["page"]["next_cursor"] is None
    items = everything["items"]
    assert len(items) > 10
    assert [_key(i) for i in items] == sorted(_key(i) for i in items)
    # A month sorts before a day inside it only if its bounds say so: 2023-11 before 2023-12 ...; open lower first.
    assert items[0]["date"]["lower"] is None

    walked, cursor, pages = [], None, 0
    while True:
        params: dict[str, Any] = {"limit": 4}
        if cursor:
            params["cursor"] = cursor
        page = ok(api.get("/timeline", params=params))
        walked += page["items"]
        pages += 1
        cursor = page["page"]["next_cursor"]
        if not cursor:
            break
    assert [i["id"] for i in walked] == [i["id"] for i in items]
    assert pages == -(-len(items) // 4)


def test_timeline_range_says_within_or_overlaps(api: httpx.Client) -> None:
    items = {i["id"]: i for i in ok(api.get("/timeline", params={"from": "2022-11-20", "to": "2023"}))["items"]}
    assert items[AUSTIN_WEI]["relation"] == "overlaps"  # a month that starts before the 20th
    assert items[CALIFORNIA]["relation"] == "within"
    assert items[FREEZE]["relation"] == "overlaps"  # open start, ends in range
    assert EXPECTED_CALL not in items  # from 2024-04-03 on
    november = ok(api.get("/timeline", params={"from": "2022-11", "to": "2022-11"}))["items"]
    assert {i["id"]: i["relation"] for i in november}[AUSTIN_WEI] == "within"


def test_timeline_filters(api: httpx.Client) -> None:
    on_channel = [i["id"] for i in ok(api.get("/timeline", params={"channel": MILITARY}))["items"]]
    assert on_channel[:4] == [FREEZE, AUSTIN_WEI, CALIFORNIA, BROWN_LIU]
    expected = ok(api.get("/timeline", params={"status": "expected", "kind": "call"}))["items"]
    assert [i["id"] for i in expected] == [EXPECTED_CALL]
    taiwan = {i["id"] for i in ok(api.get("/timeline", params={"topic": "taiwan-question"}))["items"]}
    assert PELOSI in taiwan
    sourced = ok(api.get("/timeline", params={"source": "scmp-2024-04-03-us-china-defence-chiefs", "limit": 500}))
    assert len(sourced["items"]) == len(ok(api.get("/timeline", params={"limit": 500}))["items"])
    assert ok(api.get("/timeline", params={"source": "no-such-source"}))["items"] == []


def test_timelinejs_document_validates_and_keeps_partial_dates(api: httpx.Client) -> None:
    document = ok(api.get("/timeline", params={"format": "timelinejs", "limit": 500}))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides[AUSTIN_WEI]["start_date"] == {"year": 2022, "month": 11}  # a month stays a month
    assert slides["balloon-discovery"]["start_date"] == {"year": 2023}
    assert slides["yellen-arrives-in-china"]["start_date"] == {"year": 2024, "month": 4, "day": 4}
    call = slides["xi-biden-call-2024-04"]
    assert call["start_date"] == {"year": 2024, "month": 4, "day": 1}
    assert call["end_date"] == {"year": 2024, "month": 4, "day": 3}
    assert slides[FREEZE]["display_date"] == "by November 2022"


def test_timelinejs_schema_rejects_what_timelinejs_cannot_read() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"events": [{"text": {"headline": "no date"}}]}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"events": [{"start_date": {"year": 2022, "month": None}}]}, SCHEMA)


# ---------------------------------------------------------------------------------------------- events, actors


def test_event_detail(api: httpx.Client) -> None:
    freeze = ok(api.get(f"/events/{FREEZE}"))
    assert freeze["date"]["edtf"] == "../2022-11"
    assert [(p["actor"]["id"], p["role"]) for p in freeze["participants"]] == [
        ("china", "initiator"),
        ("united-states", "target"),
    ]
    assert freeze["channel_changes"] == [
        {
            "channel": {
                "id": MILITARY,
                "name": "US-China high-level military-to-military communication",
                "kind": "channel",
            },
            "state": "suspended",
        }
    ]
    (cause,) = freeze["causes"]
    assert (cause["relation"], cause["direction"], cause["event"]["id"]) == ("IN_RESPONSE_TO", "outgoing", PELOSI)
    assert (
        cause["evidence"]
        and TEXT[cause["evidence"][0]["start"] : cause["evidence"][0]["end"]] == cause["evidence"][0]["quote"]
    )
    (source,) = freeze["sources"]
    assert source["id"] == "scmp-2024-04-03-us-china-defence-chiefs"
    assert source["published"] == "2024-04-03"
    for q in source["quotes"]:
        assert TEXT[q["start"] : q["end"]] == q["quote"]

    pelosi = ok(api.get(f"/events/{PELOSI}"))
    assert [e["event"]["id"] for e in pelosi["effects"]] == [FREEZE]
    assert pelosi["place"]["id"] == "taiwan"
    assert [t["id"] for t in pelosi["topics"]] == ["taiwan-question"]
    austin = ok(api.get(f"/events/{AUSTIN_WEI}"))
    offices = {p["actor"]["id"]: p["office"]["id"] for p in austin["participants"]}
    assert offices["lloyd-austin"] == "us-secretary-of-defense"
    call = ok(api.get("/events/xi-biden-call-2024-04"))
    assert {p["event"]["id"] for p in call["parts"]} == {
        "xi-biden-agree-advance-military-communication",
        "xi-biden-agree-non-defence-talks",
    }
    assert {e["event"]["id"] for e in call["effects"]} == {"chinese-statement-after-call", EXPECTED_CALL}


def test_actors(api: httpx.Client) -> None:
    actors = ok(api.get("/actors"))
    assert [a["id"] for a in actors] == sorted(a["id"] for a in actors)
    kinds = {a["kind"] for a in actors}
    assert kinds <= {"person", "organisation", "country", "office"}
    people = ok(api.get("/actors", params={"kind": "person"}))
    assert {a["kind"] for a in people} == {"person"}
    austin = ok(api.get("/actors/lloyd-austin"))
    assert austin["aliases"] == ["Austin"]
    assert austin["event_count"] == 2
    (office,) = austin["offices"]
    assert office["office"]["id"] == "us-secretary-of-defense"
    assert office["start"]["edtf"] == "../2022-11" and office["end"] is None
    assert [e["event"]["id"] for e in austin["events"]] == [AUSTIN_WEI, EXPECTED_CALL]
    li = ok(api.get("/actors/li-shangfu"))
    assert li["offices"][0]["start"]["precision"] == "interval"


# ---------------------------------------------------------------------------------------------- paths


def _nodes(path: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in path["elements"] if e["element"] == "node"]


def _never_backwards(path: dict[str, Any]) -> bool:
    events = [n for n in _nodes(path) if n["label"] == "Event"]
    for prev, nxt in itertools.pairwise(events):
        lower, upper = day(prev["date"]["lower"]), day(nxt["date"]["upper"])
        if lower and upper and upper < lower:
            return False
    return True


def test_chronological_path_from_pelosi_to_brown_liu(api: httpx.Client) -> None:
    result = ok(api.get("/paths", params={"from": PELOSI, "to": BROWN_LIU, "mode": "chronological"}))
    assert result["from"] == PELOSI and result["to"] == BROWN_LIU
    paths = result["paths"]
    assert 1 <= len(paths) <= 3
    assert all(_never_backwards(p) for p in paths)
    through = [p for p in paths if {FREEZE, CALIFORNIA} <= {n["id"] for n in _nodes(p)}]
    assert through, [[n["id"] for n in _nodes(p)] for p in paths]
    path = through[0]
    assert [n["id"] for n in _nodes(path)] == [PELOSI, FREEZE, MILITARY, CALIFORNIA, BROWN_LIU]
    rels = [e for e in path["elements"] if e["element"] == "relationship"]
    assert [r["type"] for r in rels] == ["IN_RESPONSE_TO", "CHANGED_STATE", "CHANGED_STATE", "LED_TO"]
    assert path["hops"] == 4
    # Alternating, and each relationship joins its neighbours (in one direction or the other).
    elements = path["elements"]
    assert [e["element"] for e in elements] == ["node", "relationship"] * 4 + ["node"]
    for i in range(1, len(elements), 2):
        assert {elements[i]["start"], elements[i]["end"]} == {elements[i - 1]["id"], elements[i + 1]["id"]}
    # Ranked: fewest hops first.
    assert [p["hops"] for p in paths] == sorted(p["hops"] for p in paths)


def test_paths_modes(api: httpx.Client) -> None:
    causal = ok(api.get("/paths", params={"from": PELOSI, "to": FREEZE, "mode": "causal"}))["paths"]
    assert [[n["id"] for n in _nodes(p)] for p in causal] == [[PELOSI, FREEZE]]
    # No chain of cause relations joins Pelosi's visit to the Brown-Liu talks.
    assert ok(api.get("/paths", params={"from": PELOSI, "to": BROWN_LIU, "mode": "causal"}))["paths"] == []
    many = ok(api.get("/paths", params={"from": PELOSI, "to": BROWN_LIU, "k": 10, "max_hops": 5}))["paths"]
    assert len(many) == 6 and max(p["hops"] for p in many) <= 5
    # Provenance never joins anything.
    for p in many:
        assert all(n["label"] != "Source" for n in _nodes(p))
        assert all(e["type"] != "REPORTED_BY" for e in p["elements"] if e["element"] == "relationship")
    short = ok(api.get("/paths", params={"from": PELOSI, "to": BROWN_LIU, "max_hops": 2}))["paths"]
    assert short == []
    # Any two kinds of node: an actor to a channel.
    actor_to_channel = ok(api.get("/paths", params={"from": "lloyd-austin", "to": MILITARY, "k": 1}))["paths"]
    assert [n["id"] for n in _nodes(actor_to_channel[0])] == ["lloyd-austin", AUSTIN_WEI, MILITARY]


# ---------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "url",
    [
        "/events/no-such-event",
        "/events/lloyd-austin",  # an entity, not an event
        "/actors/no-such-actor",
        "/actors/taiwan-question",  # a topic, not an actor
        f"/channels/{FREEZE}/history",
        "/paths?from=no-such-node&to=pelosi-taiwan-visit",
        "/paths?from=pelosi-taiwan-visit&to=scmp-2024-04-03-us-china-defence-chiefs",  # sources are not walked
        "/no/such/route",
    ],
)
def test_404_problem(api: httpx.Client, url: str) -> None:
    body = assert_problem(api.get(url), 404)
    assert body["title"] == "Not found"


@pytest.mark.parametrize(
    ("url", "loc"),
    [
        ("/timeline?from=2023-13", ["query", "from"]),  # unparseable date
        ("/timeline?to=2023-02-30", ["query", "to"]),  # no such day
        ("/timeline?from=2023-11-15/2023-12", ["query", "from"]),  # an interval is not a partial date
        ("/timeline?from=2024&to=2023", ["query", "from"]),  # from after to
        ("/timeline?limit=501", ["query", "limit"]),  # limit too large
        ("/timeline?limit=0", ["query", "limit"]),
        ("/timeline?cursor=not-a-cursor", ["query", "cursor"]),
        ("/timeline?cursor=" + "W1" * 3000, ["query", "cursor"]),  # far longer than any cursor the API hands out
        ("/timeline?cursor=WzEsMiwzXQ", ["query", "cursor"]),  # [1,2,3]: JSON, but not dates and an id
        ("/timeline?from=2023-1X", ["query", "from"]),  # EDTF unspecified digits: the library itself fails
        ("/timeline?from=2023-21", ["query", "from"]),  # an EDTF season is not a year, month or day
        ("/timeline?to=202X", ["query", "to"]),
        ("/timeline?from=2023~", ["query", "from"]),
        ("/timeline?format=csv", ["query", "format"]),
        ("/timeline?match=some", ["query", "match"]),
        ("/timeline?kind=party", ["query", "kind", 0]),
        ("/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&max_hops=11", ["query", "max_hops"]),
        ("/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&max_hops=0", ["query", "max_hops"]),
        ("/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&mode=fastest", ["query", "mode"]),
        ("/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&k=11", ["query", "k"]),
        ("/paths?from=pelosi-taiwan-visit", ["query", "to"]),  # missing
        ("/paths?from=pelosi-taiwan-visit&to=pelosi-taiwan-visit", ["query", "to"]),
        (f"/channels/{MILITARY}/history?at=2023-06", ["query", "at"]),
        ("/actors?kind=topic", ["query", "kind", 0]),
    ],
)
def test_422_problem_names_the_parameter(api: httpx.Client, url: str, loc: list[Any]) -> None:
    body = assert_problem(api.get(url), 422)
    assert body["type"].endswith("/invalid-parameters")
    assert loc in [e["loc"] for e in body["errors"]], body


# ---------------------------------------------------------------------------------------------- OpenAPI


def test_openapi_operation_ids_summaries_and_examples(api: httpx.Client) -> None:
    spec = ok(api.get("/openapi.json"))
    operations = {op["operationId"]: op for item in spec["paths"].values() for op in item.values()}
    ours = {
        "health",
        "ready",
        "getTimeline",
        "getEvent",
        "listActors",
        "getActor",
        "listChannels",
        "getChannelHistory",
        "findPaths",
        "listSources",
        "getSource",
    }
    assert ours <= set(operations)
    for name in ours:
        op = operations[name]
        assert op["summary"]
        assert all(p.get("description") for p in op.get("parameters", []))
        assert "example" in op["responses"]["200"]["content"]["application/json"]
        assert all(status in op["responses"] for status in ("503", "504")) or name == "health"
    assert "edge of time" in operations["getTimeline"]["description"]
