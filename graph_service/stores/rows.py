"""The rows a store hands to :mod:`graph_service.shaping`: graph properties named as in the graph (``dateLower``,
``quoteStarts``, ...), typed so mypy checks both stores against one contract.

The Neo4j store declares its Cypher results as these types (the map projections in queries/read/ return exactly
these keys); the embedded store builds them from its networkx graph.
"""

from __future__ import annotations

import datetime as dt
from typing import NotRequired, TypedDict


class EntityRow(TypedDict):
    id: str
    name: str
    kind: str
    aliases: NotRequired[list[str] | None]
    description: NotRequired[str | None]
    note: NotRequired[str | None]


class EventRow(TypedDict):
    id: str
    title: str | None  # None when no source (known on the day asked) gives one
    kind: str | None
    status: str
    date: str
    dateLower: dt.date | None
    dateUpper: dt.date | None
    datePrecision: str
    dateText: str | None
    note: NotRequired[str | None]
    conflicting: NotRequired[bool | None]  # absent on events without claims (GDELT)
    corroboration: NotRequired[int | None]


class SourceRow(TypedDict):
    id: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    url: str | None


class TenureRow(TypedDict):
    id: str
    start: str | None
    startLower: dt.date | None
    startUpper: dt.date | None
    startPrecision: str | None
    end: str | None
    endLower: dt.date | None
    endUpper: dt.date | None
    endPrecision: str | None


class QuoteRow(TypedDict):
    """A REPORTED_BY relationship, its source by id: the words at ``text[start:end]`` of that source."""

    source: str
    quote: str
    start: int
    end: int
    kind: str | None


class ClaimRow(TypedDict):
    """A CLAIMED_BY relationship (one source's version of an event) with its source."""

    source: SourceRow
    defines: bool | None
    date: str
    dateLower: dt.date | None
    dateUpper: dt.date | None
    datePrecision: str
    dateText: str | None
    status: str
    title: str | None
    kind: str | None
    place: str | None
    quote: str | None
    quoteStart: int | None
    quoteEnd: int | None


class ReportRow(TypedDict):
    """A REPORTED_BY relationship with its whole source node."""

    source: SourceRow
    quote: str
    start: int
    end: int
    kind: str | None


class ParticipationRow(TypedDict):
    """A PARTICIPATED_IN relationship seen from the event: who, in which role, in which office."""

    actor: EntityRow
    role: str
    office: EntityRow | None


class ActorEventRow(TypedDict):
    """A PARTICIPATED_IN relationship seen from the actor."""

    event: EventRow
    role: str
    office: EntityRow | None


class ChannelChangeRow(TypedDict):
    """A CHANGED_STATE relationship seen from the event."""

    channel: EntityRow
    state: str


class StateChangeRow(TypedDict):
    """A CHANGED_STATE relationship seen from the channel, with the event's quotes."""

    event: EventRow
    state: str
    reports: list[QuoteRow]


class RelatedEventRow(TypedDict):
    """A cause or part relationship between two events, its evidence kept as parallel lists."""

    type: str
    direction: str
    event: EventRow
    note: str | None
    evidenceSources: list[str] | None
    quotes: list[str] | None
    quoteStarts: list[int] | None
    quoteEnds: list[int] | None


class OfficeRow(TypedDict):
    tenure: TenureRow
    office: EntityRow


class PathNodeRow(TypedDict):
    """A node on a path: its primary label and the properties a path shows (events: date; tenures: start)."""

    id: str
    label: str
    name: str | None
    title: str | None
    kind: str | None
    date: str | None
    dateLower: dt.date | None
    dateUpper: dt.date | None
    datePrecision: str | None
    dateText: str | None
    start: str | None
    startLower: dt.date | None
    startUpper: dt.date | None
    startPrecision: str | None


class PathRelationshipRow(TypedDict):
    """A relationship on a path: its type, the ids it points from (start) and to (end), and its properties."""

    type: str
    start: str
    end: str
    key: str | None
    role: str | None
    office: str | None
    state: str | None
    note: str | None
