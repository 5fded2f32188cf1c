"""The store over Neo4j: Cypher from queries/read/, loaded by name; reads routed as reads, database named, a
per-query timeout; values only ever as parameters."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Hashable, Iterator
from typing import Any, TypedDict, cast

import neo4j
import neo4j.graph
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
    SourceDocumentRow,
    StateChangeRow,
)
from timeline_kg.graph_model import ACTOR_KINDS
from timeline_kg.known_at import ClaimedNode, KnownSnapshot, build_view
from timeline_kg.temporal import EARLIEST, LATEST

log = logging.getLogger(__name__)

# Paths ranked per length at most (k <= 10). Ranking wants the ties at a length, but two busy actors share
# thousands of events (GDELT), each a two-hop path; the embedded store caps its candidates likewise.
PATH_CANDIDATES = 200
# Once some paths are found, the search for longer ones gets this long, not the whole deadline: between two busy
# actors that share few events, ALL SHORTEST walks one side out in full (6-7 s alone at 100k GDELT events), and
# under concurrent clients such searches reached the deadline and held the store's workers. Like the embedded
# search's step budget, a search that spends it answers with the paths found so far.
LONGER_PATHS_SECONDS = 2.0

# Above this many events to expand, a timeline walks events by date instead (read/timeline): measured on 100k
# GDELT events, expanding 8k events took ~40 ms while the date walk needs a few hundred index entries per page.
BUSY_ACTOR_EVENTS = 2000

# How long an actor's event count is trusted for choosing a timeline plan, and how many are kept. A stale count can
# only pick the slower of two plans that give the same answer (the API suite runs both), never a wrong answer; not
# asking saves a round trip on most timeline requests.
DEGREE_SECONDS = 60.0
DEGREES_KEPT = 10_000

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


class _SourceRecord(TypedDict):
    source: SourceDocumentRow


_PLAIN = (str, int, float, bool, type(None))


def _native(value: Any) -> Any:
    """Driver values as plain Python, recursively: neo4j.time.Date becomes datetime.date, a node or relationship
    the dict of its properties (as ``Record.data()`` does). Exact type checks first: a 101-event page holds ~1,300
    values, and this runs on the service's one Python core for every one of them."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {k: _native(v) for k, v in value.items()}
    if kind is list:
        return [_native(v) for v in value]
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime)):
        return value.to_native()
    if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
        return {k: _native(v) for k, v in value.items()}
    return value


# The variable-length patterns of the path queries are written up to MAX_HOPS (`*1..10`, `{1,10}`) so that they
# paste into Browser as they are; Cypher takes no parameter there, so the store writes max_hops in its place and
# the search stops at the length asked for instead of filtering after walking ten hops.
MAX_HOPS = 10
# Seconds each warm-up query may take, planning included (seconds per query on a fresh server on a busy machine).
WARM_QUERY_TIMEOUT = 60.0
# Seconds the warm-up lets each query *run* once it is planned: long enough for what a request runs, short enough
# that a whole-graph query (read/known-at-graph, read/actors on 1M events) does not hold the start for minutes.
WARM_RUN_TIMEOUT = 2.0
_HOP_BOUND = re.compile(r"(\*1\.\.|\{1,)10\b")
# The warm-up plans the path queries at the default max_hops of /paths before the service is ready: each bound is
# a query text of its own, and planning all ten of both costs ~20 s on a busy 2-core machine. The other bounds are
# planned after, in the background (a request that comes first plans its own, ~0.1-0.2 s).
_WARM_HOPS = {"read/shortest-paths": [6], "read/paths": [6]}

# Neo4j 5 keys a cached plan by query text and parameter types, a string's or a list's type carrying its size
# bucket (0, 1, up to 10, up to 100, up to 1000 characters or items; a map's carries none): `wei-fenghe` and
# `balloon-discovery` are two plans, a second each on a busy machine. So /timeline and /paths pass their values in
# maps ($filters, $cursor, $search), and the warm-up plans the few queries that take an id or a list of their own
# for each size bucket of it (the other parameters always have their example's size: a date, a fixed list).
_SIZED: dict[str, str] = {
    "read/actor": "id",
    "read/actor-degrees": "actors",
    "read/actors": "kinds",
    "read/channels": "id",
    "read/event": "id",
    "read/node-exists": "id",
    "read/source": "id",
    "read/sources": "after",
}
_NULLABLE = {"read/channels", "read/sources"}  # their sized parameter may be null too (all channels; page one)
# The queries a request runs, run once by the warm-up after planning; the others (whole-graph reads such as
# read/known-at-graph, the loaders' and the draft tool's) are planned only.
_WARM_RUNS = (
    "read/ping", "read/actor-degrees", "read/timeline", "read/timeline-of-actors", "read/event", "read/actor",
    "read/channels", "read/paths-within-two-hops", "read/shortest-paths", "read/paths", "read/node-exists",
    "read/sources", "read/source",
)  # fmt: skip


def _warm_variants(name: str, examples: dict[str, Any]) -> list[dict[str, Any]]:
    """The example parameters, with the sized one (if any) in each size bucket a request may send."""
    sized = _SIZED.get(name)
    if sized is None:
        return [examples]
    values: list[Any] = [None] if name in _NULLABLE else []
    if isinstance(examples[sized], list):
        values += [[], ["x"], ["x", "y"], ["x"] * 11]
    else:
        values += ["x" * size for size in (1, 2, 11, 101)]
    return [{**examples, sized: value} for value in values]


def _hop_bounded(text: str, hops: int) -> str:
    if not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be 1..{MAX_HOPS}, not {hops}")
    bounded, count = _HOP_BOUND.subn(lambda match: f"{match.group(1)}{hops}", text)
    assert count == 1, "a path query holds exactly one variable-length pattern"
    return bounded


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


class Neo4jStore:
    name = "neo4j"

    def __init__(
        self, driver: neo4j.Driver, database: str, timeout: float, busy_actor_events: int = BUSY_ACTOR_EVENTS
    ) -> None:
        self.driver, self.database, self.timeout = driver, database, timeout
        self.busy_actor_events = busy_actor_events
        self._degrees: dict[str, tuple[int, float]] = {}  # actor id -> (events, when counted); see DEGREE_SECONDS
        self._stopping = threading.Event()
        self._planner: threading.Thread | None = None  # the warm-up's background planning, see warm()

    def close(self) -> None:
        self.stop_planning()
        self.driver.close()

    def stop_planning(self) -> None:
        """Stop the warm-up's background planning and wait for it: a driver closed while a thread still uses one of
        its connections fails in the driver's own buffers (BufferError) instead of closing."""
        self._stopping.set()
        if self._planner is not None:
            self._planner.join()

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the read query ``name`` from queries/ with ``params``; rows as plain dicts."""
        return self._run(name, params)

    def _run(
        self,
        name: str,
        params: dict[str, Any],
        hops: int | None = None,
        timeout: float | None = None,
        explain: bool = False,
    ) -> list[dict[str, Any]]:
        """:meth:`_read`, with ``hops`` in place of the upper bound of the query's variable-length pattern (see
        :func:`_hop_bounded`); ``explain`` plans the query (and caches the plan) without running it."""
        query = queries.load(name)
        assert query.mode == "read", f"{name} is not a read query"
        text = query.text if hops is None else _hop_bounded(query.text, hops)
        if explain:
            text = "EXPLAIN " + text  # Neo4j caches the plan under the text without EXPLAIN
        with self._failures(name):
            records, _, _ = self.driver.execute_query(
                neo4j.Query(text, timeout=timeout or self.timeout),
                params,
                routing_=neo4j.RoutingControl.READ,
                database_=self.database,
            )
        return [{key: _native(value) for key, value in zip(record.keys(), record, strict=True)} for record in records]

    @contextlib.contextmanager
    def _failures(self, name: str) -> Iterator[None]:
        """The driver's and the server's failures while running ``name``, as the service's domain errors."""
        try:
            yield
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

    def warm(self) -> None:
        """Plan every read query before a request needs it (a fresh server took 10 s for the first /timeline): EXPLAIN
        each in every size bucket of its sized parameter (plans are cached per bucket, see :data:`_SIZED`), then
        run each once with its example parameters, briefly, so the server has run its operators too."""
        reads = [n for n in queries.names() if n.startswith("read/") and queries.load(n).mode == "read"]
        for name in reads:
            query = queries.load(name)
            for params in _warm_variants(name, query.examples):
                for hops in _WARM_HOPS.get(name, [None]):
                    # Planning counts against a query's timeout: a fresh server may need longer than a request may.
                    self._run(name, params, hops, timeout=WARM_QUERY_TIMEOUT, explain=True)
        for name in _WARM_RUNS:
            for hops in _WARM_HOPS.get(name, [None]):
                try:
                    self._run(name, queries.load(name).examples, hops, timeout=WARM_RUN_TIMEOUT)
                except QueryTimeout:
                    continue  # a whole-graph query on a big graph: planned above, its run is not needed
        self._planner = threading.Thread(target=self._plan_other_hops, name="plan-other-max-hops", daemon=True)
        self._planner.start()

    def _plan_other_hops(self) -> None:
        try:
            for name, planned in _WARM_HOPS.items():
                for hops in sorted(set(range(1, MAX_HOPS + 1)) - set(planned)):
                    if self._stopping.is_set():
                        return
                    self._run(name, queries.load(name).examples, hops, timeout=WARM_QUERY_TIMEOUT, explain=True)
        except (StoreUnavailable, QueryTimeout) as exc:  # an optimisation: a request plans its own instead
            log.info("planning the other max_hops stopped: %s", exc.detail)
        except Exception:  # the driver closed under it at shutdown, or a fault worth a look; never the service's
            log.warning("planning the other max_hops failed", exc_info=True)

    def ping(self) -> None:
        # A session's auto-commit run is not retried: readiness answers at once, even when the server is gone.
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                session.run(neo4j.Query(queries.load("read/ping").text, timeout=self.timeout)).consume()
        except (ServiceUnavailable, SessionExpired, AuthError, DriverError, Neo4jError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {type(exc).__name__}") from exc

    def graph_version(self) -> Hashable:
        """The bookmark of a trivial read transaction: Neo4j answers a read with the bookmark of the last transaction
        committed to the database, so it changes with every write, whoever makes it (a loader, Browser), and only
        then. Neo4j 5 Community has no cheaper counter: `SHOW DATABASES` yields no lastCommittedTxn there."""
        with (
            self._failures("read/ping"),
            self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            session.run(neo4j.Query(queries.load("read/ping").text, timeout=self.timeout)).consume()
            bookmark = frozenset(session.last_bookmarks().raw_values)
        return bookmark or object()  # no bookmark: a version equal to no other, so nothing is reused

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        after = q.after
        actors, query = list(q.actors), "read/timeline"
        if actors:
            # Expanding the actors' own events costs their degree (the rarest one's under 'all'); walking all
            # events by date stops after a page. Pick the cheaper: a GDELT country has hundreds of thousands.
            degrees = self._actor_degrees(actors)
            actors.sort(key=lambda a: degrees.get(a, 0))
            cost = degrees.get(actors[0], 0) if q.match == "all" else sum(degrees.values())
            if cost <= self.busy_actor_events:
                query = "read/timeline-of-actors"
        rows = self._read(
            query,
            filters={
                "actors": actors,
                "match": q.match,
                "kinds": [k.value for k in q.kinds],
                "statuses": [s.value for s in q.statuses],
                "channels": list(q.channels),
                "topics": list(q.topics),
                "sources": list(q.sources),
                "rangeStart": _iso(q.start),
                "rangeEnd": _iso(q.end),
            },
            cursor={
                "lower": _iso(after[0]) if after else None,
                "upper": _iso(after[1]) if after else None,
                "id": after[2] if after else None,
            },
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
            limit=q.limit + 1,
        )
        return [shaping.event_summary(r["event"]) for r in cast(list[_TimelineRecord], rows)]

    def _actor_degrees(self, actors: list[str]) -> dict[str, int]:
        """How many events each actor took part in, counted at most :data:`DEGREE_SECONDS` ago."""
        now = time.monotonic()
        known = {a: self._degrees.get(a, (0, -DEGREE_SECONDS)) for a in actors}
        stale = [a for a, (_, when) in known.items() if now - when >= DEGREE_SECONDS]
        if stale:
            if len(self._degrees) > DEGREES_KEPT:
                self._degrees.clear()  # many actors asked once each: start again rather than track an order
            for row in self._read("read/actor-degrees", actors=stale):
                self._degrees[row["id"]] = known[row["id"]] = (row["events"], now)
        return {a: events for a, (events, _) in known.items()}

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
        search = {"from": q.from_id, "to": q.to_id, "mode": q.mode}
        params = {"search": search, "maxHops": q.max_hops, "limit": PATH_CANDIDATES}
        near = cast(
            list[_PathRecord],
            self._read("read/paths-within-two-hops", **{k: v for k, v in params.items() if k != "maxHops"}),
        )
        for length in sorted({len(r["rels"]) for r in near}):
            if length > q.max_hops or len(distinct) >= q.k:
                break
            take([r for r in near if len(r["rels"]) == length])
        # The probe holds every path of one or two hops (no second query for those lengths); longer ones follow.
        min_hops = 3
        if not near and q.max_hops >= min_hops:
            rows = cast(list[_PathRecord], self._run("read/shortest-paths", params, q.max_hops))
            take(rows)
            min_hops = len(rows[0]["rels"]) + 1 if rows else min_hops
        while min_hops <= q.max_hops and len(distinct) < q.k:
            try:
                rows = cast(
                    list[_PathRecord],
                    self._run(
                        "read/paths",
                        {**params, "minHops": min_hops},
                        q.max_hops,
                        timeout=LONGER_PATHS_SECONDS if found else None,
                    ),
                )
            except QueryTimeout:
                if not found:
                    raise
                break  # the embedded search's step budget, in time: the paths found so far
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

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        rows = cast(list[_SourceRecord], self._read("read/sources", after=after, limit=limit))
        return [shaping.source_summary(r["source"]) for r in rows]

    def source(self, source_id: str) -> m.SourceDetail:
        rows = cast(list[_SourceRecord], self._read("read/source", id=source_id))
        if not rows:
            raise NotFound(f"no source with id {source_id!r}")
        return shaping.source_detail(rows[0]["source"])
