"""What the API derives from store answers, the same for every store: pages, channel intervals, path ranking,
TimelineJS documents."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from graph_service import models as m
from graph_service import shaping
from graph_service.errors import InvalidParameter
from timeline_kg.temporal import EARLIEST, LATEST, Relation

MatchMode = Literal["all", "any"]
PathMode = Literal["any", "causal", "chronological"]
SortKey = tuple[dt.date, dt.date, str]


# ------------------------------------------------------------------------------------------------ timeline


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """Filters of /timeline. Empty lists mean "no filter"; each list matches any of its values, except
    ``actors`` under ``match="all"``."""

    actors: Sequence[str] = ()
    match: MatchMode = "all"
    kinds: Sequence[str] = ()
    statuses: Sequence[str] = ()
    channels: Sequence[str] = ()
    topics: Sequence[str] = ()
    sources: Sequence[str] = ()
    start: dt.date | None = None  # the range is inclusive; None is open
    end: dt.date | None = None
    after: SortKey | None = None  # keyset pagination: only events sorting strictly after this key
    limit: int = 100


def encode_cursor(key: SortKey) -> str:
    raw = json.dumps([key[0].isoformat(), key[1].isoformat(), key[2]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# A cursor holds two ISO dates and an id (ids are at most 120 characters): anything much longer is not ours, and
# decoding deeply nested JSON would exhaust the recursion limit.
_MAX_CURSOR = 400


def decode_cursor(cursor: str) -> SortKey:
    try:
        if len(cursor) > _MAX_CURSOR:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        lower, upper, ident = json.loads(raw)
        if not all(isinstance(v, str) for v in (lower, upper, ident)):
            raise ValueError("not three strings")
        return (dt.date.fromisoformat(lower), dt.date.fromisoformat(upper), ident)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidParameter("cursor is not one this API returned", ("query", "cursor")) from exc


def timeline_page(events: list[m.EventSummary], q: TimelineQuery) -> m.Timeline:
    """``events`` holds up to ``q.limit + 1`` events in order; the extra one only says there is a next page."""
    page, more = events[: q.limit], len(events) > q.limit
    ranged = q.start is not None or q.end is not None
    items = [
        m.TimelineItem(**e.model_dump(), relation=_relation(e.date, q.start, q.end) if ranged else None) for e in page
    ]
    cursor = encode_cursor(shaping.event_key(page[-1])) if more and page else None
    return m.Timeline(items=items, page=m.Page(limit=q.limit, next_cursor=cursor))


def _relation(date: m.Span, start: dt.date | None, end: dt.date | None) -> Relation | None:
    lower, upper = date.lower or EARLIEST, date.upper or LATEST
    if lower > (end or LATEST) or upper < (start or EARLIEST):
        return None
    inside = lower >= (start or EARLIEST) and upper <= (end or LATEST)
    return Relation.WITHIN if inside else Relation.OVERLAPS


# ------------------------------------------------------------------------------------------------ TimelineJS

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _tl_date(part: str, bound: dt.date | None) -> m.TLDate | None:
    """One side of an EDTF date as a TimelineJS date, no more precise than the text: 2022-11 -> year and month."""
    core = part.strip().rstrip("?~%").lstrip("?~%")
    if core in ("", ".."):
        return None
    pieces = core.split("-")
    try:
        numbers = [int(p) for p in pieces[:3]]
    except ValueError:  # unspecified digits (2023-1X) and the like: fall back on the bound, to the day
        if bound is None:
            return None
        return m.TLDate(year=bound.year, month=bound.month, day=bound.day)
    return m.TLDate(
        year=numbers[0], month=numbers[1] if len(numbers) > 1 else None, day=numbers[2] if len(numbers) > 2 else None
    )


def _display(d: m.TLDate) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def timelinejs(timeline: m.Timeline, title: str, description: str) -> m.TimelineJS:
    slides = []
    for item in timeline.items:
        date = item.date
        parts = date.edtf.split("/") if "/" in date.edtf else [date.edtf, date.edtf]
        start = _tl_date(parts[0], date.lower)
        end = _tl_date(parts[1], date.upper) if "/" in date.edtf else None
        display = None
        if start is None and end is not None:  # ../2022-11: only the latest day is known
            display = f"by {_display(end)}"
            start, end = end, None
        elif start is None:
            continue  # open both ends: the loaders refuse such dates, so nothing to place
        elif end is None and date.edtf.endswith(".."):
            display = f"{_display(start)} or later"
        text = f"{item.status.capitalize()}. {date.text}" if date.text else item.status.capitalize()
        slides.append(
            m.TLSlide(
                start_date=start,
                end_date=end if end != start else None,
                text=m.TLText(headline=item.title, text=text),
                group=item.kind,
                display_date=display,
                unique_id=item.id,
            )
        )
    return m.TimelineJS(title=m.TLSlide(text=m.TLText(headline=title, text=description)), events=slides)


# ------------------------------------------------------------------------------------------------ channel history

STATE_SETTING = {m.ChannelState.SUSPENDED.value, m.ChannelState.RESUMED.value}


def channel_summary(
    channel: m.Ref, aliases: list[str], parties: list[m.Ref], history: list[m.Interval]
) -> m.ChannelSummary:
    last = history[-1] if history else None
    return m.ChannelSummary(
        **channel.model_dump(),
        aliases=aliases,
        parties=sorted(parties, key=lambda p: p.id),
        state=last.state if last else None,
        since=last.start if last else None,
        changed_by=last.opened_by.event if last else None,
    )


def intervals(changes: list[m.StateChange]) -> tuple[list[m.Interval], list[m.StateChange]]:
    """The channel's states over time, derived from its CHANGED_STATE events in timeline order.

    Only events that occurred and record ``suspended`` or ``resumed`` open an interval; a change to the state the
    channel is already in, and every ``used``/``advanced`` change (or one that is only expected or planned), is
    activity within the current interval. Returns the intervals and the changes recorded before the first one.
    """
    ordered = sorted(changes, key=lambda c: (*shaping.event_key(c.event), c.state))
    out: list[m.Interval] = []
    before: list[m.StateChange] = []
    for change in ordered:
        opens = change.state in STATE_SETTING and change.event.status == "occurred"
        current = out[-1] if out else None
        if opens and (current is None or current.state.value != change.state):
            if current is not None:
                current.closed_by, current.end = change, change.event.date
            out.append(
                m.Interval(
                    state=m.ChannelState(change.state),
                    start=change.event.date,
                    end=None,
                    opened_by=change,
                    closed_by=None,
                    activity=[],
                )
            )
        elif current is not None:
            current.activity.append(change)
        else:
            before.append(change)
    return out, before


def state_at(history: list[m.Interval], at: dt.date) -> m.StateAt:
    """The state on ``at``, judged against uncertain dates.

    The state is that of the last interval whose opening event can have happened by ``at`` (its lower bound, open
    meaning the edge of time, is on or before ``at``). The answer is certain only when that opening event must
    have happened by then (its upper bound is on or before ``at``); otherwise the opening event's bounds straddle
    ``at`` and the state before it is possible too, and so on back while openings straddle the date.
    """
    idx = -1
    for i, interval in enumerate(history):
        if (interval.start.lower or EARLIEST) <= at:
            idx = i
    possible: list[m.ChannelState | None] = [history[idx].state if idx >= 0 else None]
    straddling: list[m.StateChange] = []
    j = idx
    while j >= 0 and (history[j].start.upper or LATEST) > at:
        straddling.append(history[j].opened_by)
        previous = history[j - 1].state if j > 0 else None
        if previous not in possible:
            possible.append(previous)
        j -= 1
    # Openings are ordered by lower bound only: an earlier one whose date reaches past the start of the last
    # opening that surely happened by ``at`` may have come after it, so its state is possible on ``at`` too.
    last_sure = (history[j].start.lower or EARLIEST) if j >= 0 else EARLIEST
    for earlier in history[: max(j, 0)]:
        if (earlier.start.upper or LATEST) > last_sure:
            straddling.append(earlier.opened_by)
            if earlier.state not in possible:
                possible.append(earlier.state)
    return m.StateAt(
        at=at,
        state=possible[0],
        certain=not straddling,
        possible_states=possible,
        interval=history[idx] if idx >= 0 else None,
        uncertain_changes=straddling,
    )


# ------------------------------------------------------------------------------------------------ paths


@dataclass(slots=True)
class Candidate:
    """A simple path by its node sequence; per hop, every relationship between the two nodes the mode allows."""

    nodes: list[dict[str, object]]
    hops: list[list[dict[str, object]]] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(n["id"]) for n in self.nodes)


def chronological(nodes: Sequence[dict[str, object]]) -> bool:
    """Every event on the path is no earlier than the event before it: next.upper >= previous.lower, an open
    bound being the edge of time (so an open bound never breaks the order)."""
    events = [n for n in nodes if n.get("_label") == "Event"]
    for prev, nxt in itertools.pairwise(events):
        lower, upper = prev.get("dateLower"), nxt.get("dateUpper")
        if isinstance(lower, dt.date) and isinstance(upper, dt.date) and upper < lower:
            return False
    return True


def rank_paths(candidates: list[Candidate], k: int) -> list[m.Path]:
    """Merge candidates by node sequence and keep the first ``k`` in the documented order: fewest hops, then
    most events on the path (a chain of events tells more than a detour through a country), then node ids.
    Each hop shows one relationship: the first by (type, start, end, key)."""
    merged: dict[tuple[str, ...], Candidate] = {}
    for c in candidates:
        seen = merged.get(c.ids)
        if seen is None:
            merged[c.ids] = Candidate(c.nodes, [list(h) for h in c.hops])
        else:
            for hop, rels in zip(seen.hops, c.hops, strict=True):
                hop.extend(rels)

    def order(c: Candidate) -> tuple[int, int, tuple[str, ...]]:
        return (len(c.hops), -sum(1 for n in c.nodes if n.get("_label") == "Event"), c.ids)

    out = []
    for c in sorted(merged.values(), key=order)[:k]:
        elements: list[m.PathNode | m.PathRelationship] = [shaping.path_node(c.nodes[0])]
        for rels, node in zip(c.hops, c.nodes[1:], strict=True):
            rel = min(rels, key=lambda r: (str(r["type"]), str(r["start"]), str(r["end"]), str(r.get("key") or "")))
            elements += [shaping.path_relationship(rel), shaping.path_node(node)]
        out.append(m.Path(hops=len(c.hops), elements=elements))
    return out
