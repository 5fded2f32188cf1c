"""The store over Neo4j: Cypher from queries/read/, loaded by name; reads routed as reads, database named, a
per-query timeout; values only ever as parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, cast

import neo4j
import neo4j.time
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

import queries
from graph_service import models as m
from graph_service import shaping
from graph_service.errors import NotFound, QueryTimeout, StoreUnavailable
from graph_service.path_ranking import Candidate, rank_paths
from graph_service.stores.base import ChannelRecord, KnownView, PathQuery, TimelineQuery
from graph_service.stores.embedded import EmbeddedStore
from graph_service.stores.rows import (
    ActorEventRow,
    ChannelChangeRow,
    ClaimRow,
    EntityRow,
    EventRow,
    OfficeRow,
    ParticipationRow,
    PathNodeRow,
    PathRelationshipRow,
    RelatedEventRow,
    ReportRow,
    StateChangeRow,
)
from timeline_kg.graph_model import ACTOR_KINDS
from timeline_kg.known_at import ClaimedNode, KnownSnapshot, build_view
from timeline_kg.temporal import EARLIEST, LATEST

# Paths ranked per length at most (k <= 10). Ranking wants the ties at a length, but two busy actors share
# thousands of events (GDELT), each a two-hop path; the embedded store caps its candidates likewise.
PATH_CANDIDATES = 200

# Above this many events to expand, a timeline walks events by date instead (read/timeline): measured on 100k
# GDELT events, expanding 8k events took ~40 ms while the date walk needs a few hundred index entries per page.
BUSY_ACTOR_EVENTS = 2000

# Server codes of a transaction stopped by its timeout (the client's, or the server's own limit).
_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.LockClientStopped",
)


# The records of queries/read/, as their RETURN clauses project them.
class _TimelineRecord(TypedDict):
    event: EventRow


class _EventRecord(TypedDict):
    event: EventRow
    participants: list[ParticipationRow]
    places: list[EntityRow]
    topics: list[EntityRow]
    changes: list[ChannelChangeRow]
    related: list[RelatedEventRow]
    reports: list[ReportRow]
    claims: list[ClaimRow]


class _ConflictRecord(TypedDict):
    event: EventRow
    claims: list[ClaimRow]


class _KnownClaim(TypedDict):
    id: str
    source: str
    props: dict[str, Any]
    label: str
    kind: str | None


class _KnownRecord(TypedDict):
    sources: list[dict[str, Any]]
    claims: list[_KnownClaim]
    rels: list[dict[str, Any]]
    unknown: int
    later: int


class _ActorsRecord(TypedDict):
    actor: EntityRow
    eventCount: int


class _ActorRecord(TypedDict):
    actor: EntityRow
    offices: list[OfficeRow]
    events: list[ActorEventRow]


class _ChannelsRecord(TypedDict):
    channel: EntityRow
    parties: list[EntityRow]
    changes: list[StateChangeRow]


class _PathRecord(TypedDict):
    nodes: list[PathNodeRow]
    rels: list[PathRelationshipRow]


def _native(value: Any) -> Any:
    """Driver values as plain Python: neo4j.time.Date becomes datetime.date, recursively."""
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


class Neo4jStore:
    name = "neo4j"

    def __init__(
        self, driver: neo4j.Driver, database: str, timeout: float, busy_actor_events: int = BUSY_ACTOR_EVENTS
    ) -> None:
        self.driver, self.database, self.timeout = driver, database, timeout
        self.busy_actor_events = busy_actor_events

    def close(self) -> None:
        self.driver.close()

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the read query ``name`` from queries/ with ``params``; rows as plain dicts."""
        query = queries.load(name)
        assert query.mode == "read", f"{name} is not a read query"
        try:
            records, _, _ = self.driver.execute_query(
                neo4j.Query(query.text, timeout=self.timeout),
                params,
                routing_=neo4j.RoutingControl.READ,
                database_=self.database,
            )
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {type(exc).__name__}") from exc
        except Neo4jError as exc:
            if exc.code in _TIMEOUT_CODES or "TimedOut" in (exc.code or ""):
                raise QueryTimeout(f"{name} took longer than {self.timeout:g} s") from exc
            if isinstance(exc, ClientError):
                raise  # a fault in our Cypher: a 500, logged, never shown
            raise StoreUnavailable(f"Neo4j failed: {exc.code}") from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j driver failed: {type(exc).__name__}") from exc
        return [_native(record.data()) for record in records]

    def ping(self) -> None:
        # A session's auto-commit run is not retried: readiness answers at once, even when the server is gone.
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                session.run(neo4j.Query(queries.load("read/ping").text, timeout=self.timeout)).consume()
        except (ServiceUnavailable, SessionExpired, AuthError, DriverError, Neo4jError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {type(exc).__name__}") from exc

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        after = q.after
        actors, query = list(q.actors), "read/timeline"
        if actors:
            # Expanding the actors' own events costs their degree (the rarest one's under 'all'); walking all
            # events by date stops after a page. Pick the cheaper: a GDELT country has hundreds of thousands.
            degrees = {r["id"]: r["events"] for r in self._read("read/actor-degrees", actors=actors)}
            actors.sort(key=lambda a: degrees.get(a, 0))
            cost = degrees.get(actors[0], 0) if q.match == "all" else sum(degrees.values())
            if cost <= self.busy_actor_events:
                query = "read/timeline-of-actors"
        rows = self._read(
            query,
            actors=actors,
            match=q.match,
            kinds=[k.value for k in q.kinds],
            statuses=[s.value for s in q.statuses],
            channels=list(q.channels),
            topics=list(q.topics),
            sources=list(q.sources),
            rangeStart=_iso(q.start),
            rangeEnd=_iso(q.end),
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
            afterLower=_iso(after[0]) if after else None,
            afterUpper=_iso(after[1]) if after else None,
            afterId=after[2] if after else None,
            limit=q.limit + 1,
        )
        return [shaping.event_summary(r["event"]) for r in cast(list[_TimelineRecord], rows)]

    def event(self, event_id: str) -> m.EventDetail:
        rows = self._read("read/event", id=event_id)
        if not rows:
            raise NotFound(f"no event with id {event_id!r}")
        r = cast(_EventRecord, rows[0])
        return shaping.event_detail(
            r["event"],
            r["participants"],
            r["places"],
            r["topics"],
            r["changes"],
            r["related"],
            r["reports"],
            r["claims"],
        )

    def conflicts(self) -> list[m.Conflict]:
        rows = cast(list[_ConflictRecord], self._read("read/conflicts"))
        return [m.Conflict(event=shaping.event_summary(r["event"]), claims=shaping.claims(r["claims"])) for r in rows]

    def known_at(self, day: dt.date) -> KnownView:
        [record] = cast(list[_KnownRecord], self._read("read/known-at-graph", day=day.isoformat()))
        nodes = {c["id"]: ClaimedNode(c["label"], c["id"], c["kind"]) for c in record["claims"]}
        snapshot = KnownSnapshot(
            day=day,
            sources={s["id"]: {k: v for k, v in s.items() if v is not None} for s in record["sources"]},
            nodes=list(nodes.values()),
            claims=[(c["id"], c["source"], c["props"]) for c in record["claims"]],
            rels=[(r["type"], r["from"], r["to"], r["props"]) for r in record["rels"]],
            excluded_unknown=record["unknown"],
            excluded_later=record["later"],
        )
        return KnownView(EmbeddedStore(build_view(snapshot)), shaping.known_at(snapshot))

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        rows = cast(list[_ActorsRecord], self._read("read/actors", kinds=kinds))
        return [shaping.actor_summary(r["actor"], r["eventCount"]) for r in rows]

    def actor(self, actor_id: str) -> m.ActorDetail:
        rows = self._read("read/actor", id=actor_id, kinds=list(ACTOR_KINDS))
        if not rows:
            raise NotFound(f"no actor (person, organisation, country or office) with id {actor_id!r}")
        r = cast(_ActorRecord, rows[0])
        return shaping.actor_detail(r["actor"], r["offices"], r["events"])

    def channels(self, channel_id: str | None = None) -> list[ChannelRecord]:
        rows = cast(list[_ChannelsRecord], self._read("read/channels", id=channel_id))
        if channel_id is not None and not rows:
            raise NotFound(f"no channel with id {channel_id!r}")
        return [
            ChannelRecord(
                channel=shaping.must_ref(r["channel"]),
                aliases=list(r["channel"].get("aliases") or []),
                parties=[shaping.must_ref(p) for p in r["parties"]],
                changes=[shaping.state_change(c) for c in r["changes"]],
            )
            for r in rows
        ]

    def paths(self, q: PathQuery) -> list[m.Path]:
        found: list[Candidate] = []
        distinct: set[tuple[str, ...]] = set()

        def take(rows: list[_PathRecord]) -> None:
            for r in rows:
                candidate = Candidate(r["nodes"], [[rel] for rel in r["rels"]])
                distinct.add(candidate.ids)
                found.append(candidate)

        # The shortest length first: paths of one or two hops by plain patterns that stop at the limit (busy
        # actors share thousands of events), else by bidirectional search. Then, while fewer than k, one round
        # trip per further length: ALL SHORTEST among paths of at least min_hops gives the next length's.
        params = {"from": q.from_id, "to": q.to_id, "mode": q.mode, "maxHops": q.max_hops, "limit": PATH_CANDIDATES}
        near = cast(
            list[_PathRecord],
            self._read("read/paths-within-two-hops", **{k: v for k, v in params.items() if k != "maxHops"}),
        )
        min_hops = 1
        if near:
            # The probe already holds every length it found (one, two): take them in order, no second query.
            for length in sorted({len(r["rels"]) for r in near}):
                if length > q.max_hops or len(distinct) >= q.k:
                    break
                take([r for r in near if len(r["rels"]) == length])
                min_hops = length + 1
        else:
            rows = cast(list[_PathRecord], self._read("read/shortest-paths", **params))
            take(rows)
            min_hops = len(rows[0]["rels"]) + 1 if rows else 1
        while min_hops <= q.max_hops and len(distinct) < q.k:
            rows = cast(list[_PathRecord], self._read("read/paths", minHops=min_hops, **params))
            if not rows:
                break
            take(rows)
            min_hops = len(rows[0]["rels"]) + 1
        if not found:
            self._check_ends(q)
        return rank_paths(found, q.k)

    def _check_ends(self, q: PathQuery) -> None:
        """No path: say so with an empty list, unless an end does not exist (404)."""
        for end in (q.from_id, q.to_id):
            rows = self._read("read/node-exists", id=end)
            if not rows or not rows[0]["exists"]:
                raise NotFound(f"no event, entity or tenure with id {end!r}")
