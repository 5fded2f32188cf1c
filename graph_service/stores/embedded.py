"""The store over the in-process networkx graph: the same answers as the Cypher in queries/read/, computed in Python.

Reads take the graph object once (a load swaps in a new one atomically), so a read never sees half a load. Nodes
and relationships become the typed rows of :mod:`graph_service.stores.rows`, as the Neo4j store's Cypher returns
them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import threading
from collections.abc import Hashable

import networkx as nx

from graph_service import models as m
from graph_service import shaping
from graph_service.errors import NotFound
from graph_service.paging import event_key
from graph_service.path_ranking import Candidate, rank_paths
from graph_service.stores.base import ChannelRecord, KnownView, PathMode, PathQuery, TimelineQuery
from graph_service.stores.embedded_rows import (
    Graph,
    Props,
    claim_row,
    entity_row,
    event_row,
    has_label,
    in_edges,
    out_edges,
    path_node_row,
    path_relationship_row,
    source_document_row,
    source_row,
    tenure_row,
)
from graph_service.stores.path_search import StepFilter, bounded_simple_paths
from graph_service.stores.rows import (
    ActorEventRow,
    ClaimRow,
    EntityRow,
    EventRow,
    OfficeRow,
    QuoteRow,
    RelatedEventRow,
    ReportRow,
)
from timeline_kg.embedded import KIND, LABEL, TYPE, EmbeddedGraph
from timeline_kg.graph_model import ACTOR_KINDS, CAUSAL_TYPES, EntityLabel, Label, RelType
from timeline_kg.known_at import build_view, snapshot_of
from timeline_kg.temporal import EARLIEST, LATEST

_CAUSAL = {t.value for t in CAUSAL_TYPES}


def _chronological_step(g: Graph) -> StepFilter:
    """The chronological rule of path_ranking.chronological, for one step: an event may follow the last event on
    the path only if it can be no earlier (its latest day on or after the other's earliest; open bounds pass)."""

    def allowed(path: list[Hashable], nxt: Hashable) -> bool:
        if g.nodes[nxt][LABEL] != Label.EVENT.value:
            return True
        upper = g.nodes[nxt].get("dateUpper")
        for node in reversed(path):
            if g.nodes[node][LABEL] == Label.EVENT.value:
                lower = g.nodes[node].get("dateLower")
                return lower is None or upper is None or upper >= lower
        return True

    return allowed


@functools.lru_cache(maxsize=16)
def _known_view(g: Graph, day: dt.date) -> KnownView:
    """The view of one graph object on one day: a load swaps in a new graph object, so a cached view never
    outlives the graph it was built from (the cache holds a few, by identity)."""
    snapshot = snapshot_of(g, day)
    return KnownView(EmbeddedStore(build_view(snapshot)), shaping.known_at(snapshot))


@functools.lru_cache(maxsize=6)
def _searchable(g: Graph, mode: PathMode) -> nx.Graph:
    """The undirected view a path search walks, built once per graph object and mode (a load swaps in a new graph
    object, so a view never outlives its graph): no provenance, no sources; for causal, cause relations only."""
    view = nx.Graph()
    for u, v, data in g.edges(data=True):
        t = data[TYPE]
        lu, lv = g.nodes[u][LABEL], g.nodes[v][LABEL]
        if t == RelType.REPORTED_BY.value or Label.SOURCE.value in (lu, lv):
            continue
        if mode == "causal" and not (t in _CAUSAL and lu == lv == Label.EVENT.value):
            continue
        rel = path_relationship_row(t, u, v, data)
        if view.has_edge(u, v):
            view.edges[u, v]["rels"].append(rel)
        else:
            view.add_edge(u, v, rels=[rel])
    return view


class EmbeddedStore:
    name = "embedded"

    def __init__(self, graph: EmbeddedGraph) -> None:
        self.store = graph
        # graph_version: how many graph objects this store has seen (a write swaps in a new one).
        self._versioning = threading.Lock()
        self._seen: Graph | None = None
        self._generation = 0

    @property
    def g(self) -> Graph:
        return self.store.graph

    def ping(self) -> None:
        return None

    def warm(self) -> None:
        return None  # nothing to plan: every read is Python over the graph in memory

    def close(self) -> None:
        return None  # nothing held outside the process's memory

    def graph_version(self) -> int:
        g = self.g
        with self._versioning:
            if g is not self._seen:
                self._seen, self._generation = g, self._generation + 1
            return self._generation

    # ------------------------------------------------------------------ row builders over one graph snapshot

    @staticmethod
    def _event(g: Graph, ident: str) -> EventRow:
        return event_row(ident, g.nodes[ident])

    @staticmethod
    def _entity(g: Graph, ident: str) -> EntityRow:
        return entity_row(ident, g.nodes[ident])

    @staticmethod
    def _office(g: Graph, data: Props) -> EntityRow | None:
        office = data.get("office")
        return (
            entity_row(office, g.nodes[office]) if office is not None and has_label(g, office, Label.ENTITY) else None
        )

    @staticmethod
    def _reports(g: Graph, ident: str) -> list[ReportRow]:
        return [
            {
                "source": source_row(src, g.nodes[src]),
                "quote": d["quote"],
                "start": d["start"],
                "end": d["end"],
                "kind": d.get("kind"),
            }
            for src, d in out_edges(g, ident, RelType.REPORTED_BY)
        ]

    @staticmethod
    def _quotes(g: Graph, ident: str) -> list[QuoteRow]:
        return [
            {"source": src, "quote": d["quote"], "start": d["start"], "end": d["end"], "kind": d.get("kind")}
            for src, d in out_edges(g, ident, RelType.REPORTED_BY)
        ]

    # ------------------------------------------------------------------ timeline

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        g = self.g
        hits = []
        for ident, event in g.nodes(data=True):
            if event[LABEL] != Label.EVENT.value or not self._matches(g, ident, event, q):
                continue
            key = (event.get("dateLower") or EARLIEST, event.get("dateUpper") or LATEST, ident)
            if q.after is not None and key <= q.after:
                continue
            hits.append((key, ident))
        hits.sort(key=lambda h: h[0])
        return [shaping.event_summary(self._event(g, ident)) for _, ident in hits[: q.limit + 1]]

    @staticmethod
    def _matches(g: Graph, ident: str, event: Props, q: TimelineQuery) -> bool:
        """Whether the event passes every filter of ``q`` but the cursor."""
        if q.kinds and event["kind"] not in q.kinds:
            return False
        if q.statuses and event["status"] not in q.statuses:
            return False
        if q.sources and not set(q.sources) & set(event.get("sources", ())):
            return False
        lower, upper = event.get("dateLower"), event.get("dateUpper")
        if q.start is not None and upper is not None and upper < q.start:
            return False
        if q.end is not None and lower is not None and lower > q.end:
            return False
        if q.actors:
            involved = {a for a, _ in in_edges(g, ident, RelType.PARTICIPATED_IN)}
            wanted = set(q.actors)
            if not (wanted <= involved if q.match == "all" else wanted & involved):
                return False
        if q.channels and not {c for c, _ in out_edges(g, ident, RelType.CHANGED_STATE)} & set(q.channels):
            return False
        return not (q.topics and not {t for t, _ in out_edges(g, ident, RelType.ABOUT)} & set(q.topics))

    # ------------------------------------------------------------------ events

    def event(self, event_id: str) -> m.EventDetail:
        g = self.g
        if not has_label(g, event_id, Label.EVENT):
            raise NotFound(f"no event with id {event_id!r}")
        related: list[RelatedEventRow] = []
        for direction, edges in (
            ("outgoing", g.out_edges(event_id, data=True)),
            ("incoming", ((v, u, d) for u, v, d in g.in_edges(event_id, data=True))),
        ):
            for _, other, data in edges:
                if data[TYPE] in _CAUSAL and has_label(g, other, Label.EVENT):
                    related.append(
                        {
                            "type": data[TYPE],
                            "direction": direction,
                            "event": self._event(g, other),
                            "note": data.get("note"),
                            "evidenceSources": data.get("evidenceSources"),
                            "quotes": data.get("quotes"),
                            "quoteStarts": data.get("quoteStarts"),
                            "quoteEnds": data.get("quoteEnds"),
                        }
                    )
        return shaping.event_detail(
            self._event(g, event_id),
            participants=[
                {"actor": self._entity(g, a), "role": d["role"], "office": self._office(g, d)}
                for a, d in in_edges(g, event_id, RelType.PARTICIPATED_IN)
            ],
            places=[self._entity(g, p) for p, _ in out_edges(g, event_id, RelType.OCCURRED_IN)],
            topics=[self._entity(g, t) for t, _ in out_edges(g, event_id, RelType.ABOUT)],
            changes=[
                {"channel": self._entity(g, c), "state": d["state"]}
                for c, d in out_edges(g, event_id, RelType.CHANGED_STATE)
            ],
            related=related,
            reports=self._reports(g, event_id),
            claim_rows=self._claims(g, event_id),
        )

    # ------------------------------------------------------------------ actors

    @staticmethod
    def _claims(g: Graph, ident: str) -> list[ClaimRow]:
        return [claim_row(src, g.nodes[src], d) for src, d in out_edges(g, ident, RelType.CLAIMED_BY)]

    def conflicts(self) -> list[m.Conflict]:
        g = self.g
        out = [
            m.Conflict(
                event=shaping.event_summary(self._event(g, ident)), claims=shaping.claims(self._claims(g, ident))
            )
            for ident, data in g.nodes(data=True)
            if data[LABEL] == Label.EVENT.value and data.get("conflicting")
        ]
        return sorted(out, key=lambda c: event_key(c.event))

    def known_at(self, day: dt.date) -> KnownView:
        return _known_view(self.g, day)

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        g = self.g
        out = []
        for ident, data in g.nodes(data=True):
            if data[LABEL] == Label.ENTITY.value and data.get("kind") in kinds:
                count = len({e for e, _ in out_edges(g, ident, RelType.PARTICIPATED_IN)})
                out.append(shaping.actor_summary(entity_row(ident, data), count))
        return sorted(out, key=lambda a: a.id)

    def actor(self, actor_id: str) -> m.ActorDetail:
        g = self.g
        if not (has_label(g, actor_id, Label.ENTITY) and g.nodes[actor_id].get("kind") in ACTOR_KINDS):
            raise NotFound(f"no actor (person, organisation, country or office) with id {actor_id!r}")
        offices: list[OfficeRow] = [
            {"tenure": tenure_row(t, g.nodes[t]), "office": self._entity(g, o)}
            for t, _ in out_edges(g, actor_id, RelType.HELD)
            for o, _ in out_edges(g, t, RelType.OF_OFFICE)
        ]
        events: list[ActorEventRow] = [
            {"event": self._event(g, e), "role": d["role"], "office": self._office(g, d)}
            for e, d in out_edges(g, actor_id, RelType.PARTICIPATED_IN)
        ]
        return shaping.actor_detail(self._entity(g, actor_id), offices, events)

    # ------------------------------------------------------------------ channels

    def channels(self, channel_id: str | None = None) -> list[ChannelRecord]:
        g = self.g
        if channel_id is not None:
            if channel_id not in g or g.nodes[channel_id].get(KIND) != EntityLabel.CHANNEL.value:
                raise NotFound(f"no channel with id {channel_id!r}")
            ids = [channel_id]
        else:
            ids = sorted(n for n, d in g.nodes(data=True) if d.get(KIND) == EntityLabel.CHANNEL.value)
        return [self._channel(g, ident) for ident in ids]

    def _channel(self, g: Graph, ident: str) -> ChannelRecord:
        node = self._entity(g, ident)
        changes = [
            shaping.state_change({"event": self._event(g, e), "state": d["state"], "reports": self._quotes(g, e)})
            for e, d in in_edges(g, ident, RelType.CHANGED_STATE)
        ]
        return ChannelRecord(
            channel=shaping.must_ref(node),
            aliases=list(node.get("aliases") or []),
            parties=[shaping.must_ref(self._entity(g, p)) for p, _ in out_edges(g, ident, RelType.BETWEEN)],
            changes=changes,
        )

    # ------------------------------------------------------------------ paths

    def paths(self, q: PathQuery) -> list[m.Path]:
        g = self.g
        for end in (q.from_id, q.to_id):
            if end not in g or g.nodes[end][LABEL] == Label.SOURCE.value:
                raise NotFound(f"no event, entity or tenure with id {end!r}")
        view = _searchable(g, q.mode)
        if q.from_id not in view or q.to_id not in view:
            return []
        allowed = _chronological_step(g) if q.mode == "chronological" else None
        found: list[Candidate] = []
        for seq in bounded_simple_paths(view, q.from_id, q.to_id, q.max_hops, q.k, allowed):
            nodes = [path_node_row(str(n), g.nodes[n]) for n in seq]
            found.append(Candidate(nodes, [list(view.edges[a, b]["rels"]) for a, b in itertools.pairwise(seq)]))
        return rank_paths(found, q.k)

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        g = self.g
        ids = sorted(
            ident
            for ident, data in g.nodes(data=True)
            if data[LABEL] == Label.SOURCE.value and (after is None or ident > after)
        )
        return [shaping.source_summary(source_document_row(ident, g.nodes[ident])) for ident in ids[:limit]]

    def source(self, source_id: str) -> m.SourceDetail:
        g = self.g
        if not has_label(g, source_id, Label.SOURCE):
            raise NotFound(f"no source with id {source_id!r}")
        return shaping.source_detail(source_document_row(source_id, g.nodes[source_id], with_text=True))
