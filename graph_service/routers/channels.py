"""GET /channels and /channels/{id}/history: lines of contact and their state over time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query

from graph_service import models as m
from graph_service.channel_history import channel_summary, intervals, state_at
from graph_service.deps import ReadingDep
from graph_service.errors import problem_responses
from graph_service.stores.base import ChannelRecord

router = APIRouter(tags=["channels"])

HISTORY_DESCRIPTION = """
The channel's state over time as intervals, derived from the events that changed it (CHANGED_STATE), never stored.

An interval opens with an event that occurred and records `suspended` or `resumed` (a change to the state the
channel is already in does not open a new one), and closes with the next such event of the other state. Its
`start` and `end` are the dates of those events, as uncertain as the sources leave them: a freeze known only to
come before November 2022 starts at `../2022-11`, not at a made-up day. `used` and `advanced` changes, and changes
only expected or planned, are listed as `activity` within the interval they fall in (by the timeline order).
Each change carries its event's quotes as evidence.

`at=YYYY-MM-DD` adds the state on that day. The state is that of the last interval whose opening event can have
happened by then (lower bound on or before `at`; an open lower bound counts as the edge of time). It is `certain`
only when that event must have happened by then (upper bound on or before `at`); otherwise its bounds straddle the
date, `certain` is false, and `possible_states` adds the state before it. Before the first opening, the state is
null (unknown).
"""


def _summary(record: ChannelRecord) -> m.ChannelSummary:
    history, _ = intervals(record.changes)
    return channel_summary(record.channel, record.aliases, record.parties, history)


@router.get(
    "/channels",
    operation_id="listChannels",
    summary="Channels of contact, each with its current state",
    description="The current state is that of the channel's last interval (see the history route); null when no "
    "suspension or resumption is recorded.",
    response_model=list[m.ChannelSummary],
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": [
                        {
                            "id": "us-china-military-communication",
                            "name": "US-China high-level military-to-military communication",
                            "kind": "channel",
                            "state": "resumed",
                            "since": {
                                "edtf": "2023-11",
                                "lower": "2023-11-01",
                                "upper": "2023-11-30",
                                "precision": "month",
                            },
                        }
                    ]
                }
            }
        },
        **problem_responses(),
    },
)
def list_channels(reading: ReadingDep) -> list[m.ChannelSummary]:
    return [_summary(r) for r in reading.store.channels()]


@router.get(
    "/channels/{channel_id}/history",
    operation_id="getChannelHistory",
    summary="A channel's state over time, as intervals with their opening and closing events",
    description=HISTORY_DESCRIPTION,
    response_model=m.ChannelHistory,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "intervals": [
                            {
                                "state": "suspended",
                                "start": {
                                    "edtf": "../2022-11",
                                    "lower": None,
                                    "upper": "2022-11-30",
                                    "precision": "before",
                                },
                                "end": {
                                    "edtf": "2023-11",
                                    "lower": "2023-11-01",
                                    "upper": "2023-11-30",
                                    "precision": "month",
                                },
                                "opened_by": {"event": {"id": "china-freezes-military-contacts"}, "state": "suspended"},
                                "closed_by": {
                                    "event": {"id": "xi-biden-california-meeting-2023-11"},
                                    "state": "resumed",
                                },
                            }
                        ],
                        "at": {"at": "2023-06-01", "state": "suspended", "certain": True},
                    }
                }
            }
        },
        **problem_responses(404, 422),
    },
)
def channel_history(
    reading: ReadingDep,
    channel_id: Annotated[str, Path(description="Channel id", examples=["us-china-military-communication"])],
    at: Annotated[
        dt.date | None, Query(description="A day (YYYY-MM-DD): report the state on it", examples=["2023-06-01"])
    ] = None,
) -> m.ChannelHistory:
    record = reading.store.channels(channel_id)[0]
    history, before = intervals(record.changes)
    return m.ChannelHistory(
        channel=channel_summary(record.channel, record.aliases, record.parties, history),
        intervals=history,
        before_first_change=before,
        at=state_at(history, at) if at is not None else None,
        known_at=reading.known_at,
    )
