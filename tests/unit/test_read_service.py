"""The store-independent derivations of the read API: channel intervals, state on a date, TimelineJS dates,
cursors, path ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_service import models as m
from graph_service.channel_history import intervals, state_at
from graph_service.errors import InvalidParameter
from graph_service.paging import decode_cursor, encode_cursor
from graph_service.path_ranking import Candidate, rank_paths
from graph_service.stores.rows import PathNodeRow, PathRelationshipRow
from graph_service.timelinejs import timelinejs
from timeline_kg.annotation import ChannelState
from timeline_kg.temporal import parse_timespan


def change(ident: str, edtf: str, state: str, status: str = "occurred") -> m.StateChange:
    s = parse_timespan(edtf)
    date = m.Span(edtf=edtf, lower=s.lower, upper=s.upper, precision=s.precision)
    event = m.EventSummary(id=ident, title=ident, kind="meeting", status=status, date=date)
    return m.StateChange(event=event, state=state, evidence=[])


def test_intervals_merge_repeated_states_and_ignore_what_did_not_happen() -> None:
    history, before = intervals(
        [
            change("talk", "2020", "used"),
            change("freeze", "2021-03", "suspended"),
            change("freeze-again", "2021-06", "suspended"),  # already suspended: activity, not a new interval
            change("thaw-planned", "2021-09", "resumed", status="planned"),  # not yet happened: activity
            change("thaw", "2022-01-10", "resumed"),
        ]
    )
    assert [c.event.id for c in before] == ["talk"]
    assert [(i.state.value, i.opened_by.event.id, i.closed_by.event.id if i.closed_by else None) for i in history] == [
        ("suspended", "freeze", "thaw"),
        ("resumed", "thaw", None),
    ]
    assert [a.event.id for a in history[0].activity] == ["freeze-again", "thaw-planned"]
    assert history[0].end is not None and history[0].end.edtf == "2022-01-10"


def test_state_at_is_certain_only_when_the_opening_must_have_happened() -> None:
    history, _ = intervals([change("freeze", "2021-03", "suspended"), change("thaw", "2022", "resumed")])
    before = state_at(history, dt.date(2021, 2, 28))
    assert (before.state, before.certain, before.interval) == (None, True, None)
    early = state_at(history, dt.date(2021, 3, 10))  # the freeze may not have happened yet
    assert (early.state, early.certain, early.possible_states) == (ChannelState.SUSPENDED, False, ["suspended", None])
    middle = state_at(history, dt.date(2021, 12, 31))
    assert (middle.state, middle.certain) == (ChannelState.SUSPENDED, True)
    thaw_year = state_at(history, dt.date(2022, 6, 1))  # "2022": thawed some day that year
    assert (thaw_year.state, thaw_year.certain) == (ChannelState.RESUMED, False)
    assert thaw_year.possible_states == ["resumed", "suspended"]
    after = state_at(history, dt.date(2023, 1, 1))
    assert (after.state, after.certain) == (ChannelState.RESUMED, True)


def test_state_at_is_uncertain_when_an_earlier_opening_may_have_come_later() -> None:
    # The freeze is known only to 2020-2023; the thaw is dated to a day inside that span, so the freeze may have
    # come after it: on 2022-06-01 the channel may be either.
    history, _ = intervals([change("freeze", "2020/2023", "suspended"), change("thaw", "2021-01-01", "resumed")])
    mid = state_at(history, dt.date(2022, 6, 1))
    assert (mid.state, mid.certain) == (ChannelState.RESUMED, False)
    assert set(mid.possible_states) == {"resumed", "suspended"}
    assert [c.event.id for c in mid.uncertain_changes] == ["freeze"]
    late = state_at(history, dt.date(2024, 1, 1))  # both have happened, in an order nobody knows
    assert (late.state, late.certain) == (ChannelState.RESUMED, False)
    assert set(late.possible_states) == {"resumed", "suspended"}


@pytest.mark.parametrize(
    ("edtf", "start", "end", "display"),
    [
        ("2023", {"year": 2023}, None, None),
        ("2023-11", {"year": 2023, "month": 11}, None, None),
        ("2023-11-15", {"year": 2023, "month": 11, "day": 15}, None, None),
        ("2023-11?", {"year": 2023, "month": 11}, None, None),
        ("2022-11/2023-12", {"year": 2022, "month": 11}, {"year": 2023, "month": 12}, None),
        ("../2022-11", {"year": 2022, "month": 11}, None, "by November 2022"),
        ("2024-04-03/..", {"year": 2024, "month": 4, "day": 3}, None, "3 April 2024 or later"),
    ],
)
def test_timelinejs_keeps_partial_dates_partial(
    edtf: str, start: dict[str, int], end: dict[str, int] | None, display: str | None
) -> None:
    item = change("e", edtf, "used").event
    page = m.Timeline(items=[m.TimelineItem(**item.model_dump())], page=m.Page(limit=1, next_cursor=None))
    (slide,) = timelinejs(page, "t", "d").model_dump(exclude_none=True)["events"]
    assert slide["start_date"] == start
    assert slide.get("end_date") == end
    assert slide.get("display_date") == display


def test_cursor_round_trip_and_garbage() -> None:
    key = (dt.date(1, 1, 1), dt.date(2022, 11, 30), "china-freezes-military-contacts")
    assert decode_cursor(encode_cursor(key)) == key
    for junk in ("", "!!!", "bm90IGpzb24", encode_cursor(key)[:-3]):
        with pytest.raises(InvalidParameter):
            decode_cursor(junk)


def test_paths_rank_by_hops_then_events_then_ids_and_merge_parallel_relationships() -> None:
    def node(ident: str, label: str = "Entity") -> PathNodeRow:
        no_date = dict.fromkeys(("date", "dateLower", "dateUpper", "datePrecision", "dateText"))
        no_start = dict.fromkeys(("start", "startLower", "startUpper", "startPrecision"))
        return {"id": ident, "label": label, "name": ident, "title": None, "kind": None, **no_date, **no_start}

    def rel(a: str, b: str, t: str) -> PathRelationshipRow:
        return {"type": t, "start": a, "end": b, "key": None, "role": None, "office": None, "state": None, "note": None}

    a, z = node("a", "Event"), node("z", "Event")
    via_country = Candidate([a, node("country"), z], [[rel("a", "country", "X")], [rel("country", "z", "X")]])
    via_event = Candidate([a, node("y", "Event"), z], [[rel("a", "y", "LED_TO")], [rel("y", "z", "LED_TO")]])
    parallel = Candidate([a, node("y", "Event"), z], [[rel("y", "a", "CAUSED")], [rel("y", "z", "LED_TO")]])
    direct = Candidate([a, z], [[rel("a", "z", "PART_OF")]])
    ranked = rank_paths([via_country, via_event, parallel, direct], k=3)
    assert [[e.id for e in p.elements if isinstance(e, m.PathNode)] for p in ranked] == [
        ["a", "z"],
        ["a", "y", "z"],
        ["a", "country", "z"],
    ]
    first_hop = ranked[1].elements[1]
    assert isinstance(first_hop, m.PathRelationship) and first_hop.type == "CAUSED"  # first by type among parallels
    assert rank_paths([via_country], k=0) == []
