"""The store interface the routers depend on: one Protocol, two implementations (Neo4j, embedded networkx).

Stores answer in response models built by :mod:`graph_service.shaping`, and signal faults only with the domain
errors of :mod:`graph_service.errors` (unknown id, store down, query timed out), never with HTTP errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from graph_service import models as m
from graph_service.errors import NotFound, QueryTimeout, StoreUnavailable
from graph_service.service import PathMode, TimelineQuery

__all__ = ["ChannelRecord", "NotFound", "PathQuery", "QueryTimeout", "Store", "StoreUnavailable"]


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """A channel with everything its history is derived from."""

    channel: m.Ref
    aliases: list[str]
    parties: list[m.Ref]
    changes: list[m.StateChange]


@dataclass(frozen=True, slots=True)
class PathQuery:
    start: str
    end: str
    k: int = 3
    max_hops: int = 6
    mode: PathMode = "any"


class Store(Protocol):
    name: str

    def ping(self) -> None:
        """Return when the store answers a trivial read; raise :class:`StoreUnavailable` otherwise."""

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

    def paths(self, q: PathQuery) -> list[m.Path]:
        """Up to ``q.k`` simple paths ranked by :func:`graph_service.service.rank_paths`; :class:`NotFound` when an
        end is not an event, entity or tenure."""

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        """Up to ``limit`` sources by id, those after ``after`` (an id) when given."""

    def source(self, source_id: str) -> m.SourceDetail:
        """The source with its stored text; :class:`NotFound` when there is none."""
