"""A channel's state over time, derived from the events that changed it: intervals, the current state, the state on
a date judged against uncertain dates."""

from __future__ import annotations

import datetime as dt
from typing import get_args

from graph_service import models as m
from graph_service.paging import event_key
from timeline_kg.temporal import EARLIEST, LATEST

# The states an interval is in; the other channel states (used, advanced) are activity within an interval.
_INTERVAL_STATES: dict[str, m.IntervalState] = {state.value: state for state in get_args(m.IntervalState)}


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
    ordered = sorted(changes, key=lambda c: (*event_key(c.event), c.state))
    out: list[m.Interval] = []
    before: list[m.StateChange] = []
    for change in ordered:
        opens = change.state in _INTERVAL_STATES and change.event.status == "occurred"
        current = out[-1] if out else None
        if opens and (current is None or current.state.value != change.state):
            if current is not None:
                current.closed_by, current.end = change, change.event.date
            out.append(
                m.Interval(
                    state=_INTERVAL_STATES[change.state],
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
    possible: list[m.IntervalState | None] = [history[idx].state if idx >= 0 else None]
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
