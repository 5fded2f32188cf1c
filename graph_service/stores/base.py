"""The store contract the routers depend on: one Protocol, two implementations (Neo4j, embedded networkx), and the
query types it takes.

Stores answer in response models built by :mod:`graph_service.shaping` from the typed rows of
:mod:`graph_service.stores.rows`, and signal faults only with the domain errors of :mod:`graph_service.errors`
(unknown id, store down, query timed out), never with HTTP errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from graph_service import models as m
from graph_service.errors import InvalidParameter, NotFound, QueryTimeout, StoreUnavailable
from graph_service.paging import SortKey, decode_cursor, filters_digest
from graph_service.strict_params import WholeNumber
from timeline_kg.annotation import EventKind, EventStatus
from timeline_kg.temporal import DateError, parse_partial_date

__all__ = [
    "ChannelRecord",
    "KnownView",
    "MatchMode",
    "NotFound",
    "PathMode",
    "PathQuery",
    "QueryTimeout",
    "Store",
    "StoreUnavailable",
    "TimelineQuery",
]

MatchMode = Literal["all", "any"]
PathMode = Literal["any", "causal", "chronological"]
MAX_TIMELINE_LIMIT = 500
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _bounds(value: str | None, name: str) -> tuple[dt.date | None, dt.date | None]:
    if value is None:
        return None, None
    try:
        span = parse_partial_date(value)
    except DateError as exc:
        raise InvalidParameter(str(exc), ("query", name)) from None
    return span.lower, span.upper


class TimelineQuery(BaseModel):
    """The filters of /timeline as FastAPI fills them from the query string, and as the store reads them.

    Empty lists mean "no filter"; each list matches any of its values, except ``actors`` under ``match="all"``.
    Validation turns ``from``/``to`` into the inclusive day range :attr:`start`..:attr:`end` and ``cursor`` into
    the key :attr:`after`, raising :class:`InvalidParameter` (a 422 naming the parameter) when they make no sense.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    actors: list[str] = Field(
        default=[], alias="actor", description="Entity id taking part (repeatable)", examples=[["lloyd-austin"]]
    )
    match: MatchMode = Field(default="all", description="With several actors: events involving all of them, or any")
    kinds: list[EventKind] = Field(
        default=[], alias="kind", description="Event kind (repeatable)", examples=[["meeting"]]
    )
    statuses: list[EventStatus] = Field(
        default=[], alias="status", description="Event status (repeatable)", examples=[["occurred"]]
    )
    channels: list[str] = Field(
        default=[],
        alias="channel",
        description="Channel whose state the event changed (repeatable)",
        examples=[["us-china-military-communication"]],
    )
    topics: list[str] = Field(
        default=[], alias="topic", description="Topic id (repeatable)", examples=[["taiwan-question"]]
    )
    sources: list[str] = Field(
        default=[],
        alias="source",
        description="Source id reporting the event (repeatable)",
        examples=[["scmp-2024-04-03-us-china-defence-chiefs"]],
    )
    from_: str | None = Field(
        default=None,
        alias="from",
        description="Start of the range: YYYY, YYYY-MM or YYYY-MM-DD",
        examples=["2022-11-20"],
        pattern=PARTIAL_DATE_PATTERN,
    )
    to: str | None = Field(
        default=None,
        description="End of the range: YYYY, YYYY-MM or YYYY-MM-DD",
        examples=["2023"],
        pattern=PARTIAL_DATE_PATTERN,
    )
    limit: WholeNumber = Field(
        default=100, ge=1, le=MAX_TIMELINE_LIMIT, description=f"Events per page, at most {MAX_TIMELINE_LIMIT}"
    )
    cursor: str | None = Field(default=None, description="`page.next_cursor` of the previous page")

    _start: dt.date | None = PrivateAttr(default=None)
    _end: dt.date | None = PrivateAttr(default=None)
    _after: SortKey | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _derive(self) -> TimelineQuery:
        start, _ = _bounds(self.from_, "from")
        _, end = _bounds(self.to, "to")
        if start is not None and end is not None and start > end:
            raise InvalidParameter(f"from ({self.from_}) is after to ({self.to})", ("query", "from"))
        self._start, self._end = start, end
        self._after = decode_cursor(self.cursor, self.filters_digest) if self.cursor else None
        return self

    @property
    def filters_digest(self) -> str:
        """What a cursor is tied to: every filter, not the page size nor the cursor itself."""
        return filters_digest(self.model_dump(exclude={"limit", "cursor"}, mode="json"))

    @property
    def start(self) -> dt.date | None:
        """First day of the range (inclusive); None: open."""
        return self._start

    @property
    def end(self) -> dt.date | None:
        """Last day of the range (inclusive); None: open."""
        return self._end

    @property
    def after(self) -> SortKey | None:
        """Keyset pagination: only events sorting strictly after this key."""
        return self._after


@dataclass(frozen=True, slots=True)
class PathQuery:
    """Paths between two nodes, named by id: ``from_id`` and ``to_id`` (the /paths ``from`` and ``to``)."""

    from_id: str
    to_id: str
    k: int = 3
    max_hops: int = 6
    mode: PathMode = "any"


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """A channel with everything its history is derived from."""

    channel: m.Ref
    aliases: list[str]
    parties: list[m.Ref]
    changes: list[m.StateChange]


@dataclass(frozen=True, slots=True)
class KnownView:
    """A store answering from what sources published by a day said, and what that left out."""

    store: Store
    info: m.KnownAt


class Store(Protocol):
    name: str

    def ping(self) -> None:
        """Return when the store answers a trivial read; raise :class:`StoreUnavailable` otherwise."""

    def warm(self) -> None:
        """Prepare every read (Neo4j plans each query once) so the first request is as quick as later ones."""

    def close(self) -> None:
        """Release what the store holds (the Neo4j driver); the application calls it at shutdown."""

    def graph_version(self) -> Hashable:
        """A value that changes with every write to the graph (and only then, as far as the store can tell), read
        before a read whose answer is kept for reuse (graph_service/path_cache.py)."""

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        """Up to ``q.limit + 1`` events matching ``q``, in timeline order, after ``q.after``."""

    def event(self, event_id: str) -> m.EventDetail:
        """The event; :class:`NotFound` when there is none."""

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        """Entities of the given actor kinds, by id."""

    def actor(self, actor_id: str) -> m.ActorDetail:
        """An entity that can act in events (person, organisation, country, office); :class:`NotFound` otherwise."""

    def channels(self, channel_id: str | None = None) -> list[ChannelRecord]:
        """Every channel by id, or just ``channel_id`` (:class:`NotFound` when it is no channel)."""

    def conflicts(self) -> list[m.Conflict]:
        """Events whose claims share no day, each with every claim, in timeline order."""

    def known_at(self, day: dt.date) -> KnownView:
        """The graph as known on ``day``: only the claims of sources published on or before it, nodes derived from
        those alone (timeline_kg.known_at); sources of unknown publication left out and counted."""

    def paths(self, q: PathQuery) -> list[m.Path]:
        """Up to ``q.k`` simple paths ranked by :func:`graph_service.path_ranking.rank_paths`; :class:`NotFound`
        when an end is not an event, entity or tenure."""

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        """Up to ``limit`` sources by id, those after ``after`` (an id) when given."""

    def source(self, source_id: str) -> m.SourceDetail:
        """The source with its stored text; :class:`NotFound` when there is none."""
