"""The store over the in-process networkx graph: the same answers as the Cypher in queries/read/, computed in Python.

Reads take the graph object once (a load swaps in a new one atomically), so a read never sees half a load. Nodes
and relationships become the typed rows of :mod:`graph_service.stores.rows`, as the Neo4j store's Cypher returns
them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterator
from typing import Any, TypeAlias

import networkx as nx

from graph_service import models as m
from graph_service import shaping
from graph_service.errors import NotFound
from graph_service.paging import event_key
from graph_service.path_ranking import Candidate, chronological, rank_paths
from graph_service.stores.base import ChannelRecord, KnownView, PathMode, PathQuery, TimelineQuery
from graph_service.stores.rows import (
    ActorEventRow,
    ClaimRow,
    EntityRow,
    EventRow,
    OfficeRow,
    PathNodeRow,
    PathRelationshipRow,
    QuoteRow,
    RelatedEventRow,
    ReportRow,
    SourceRow,
    TenureRow,
)
from timeline_kg.embedded import KIND, LABEL, TYPE, EmbeddedGraph
from timeline_kg.graph_model import ACTOR_KINDS, CAUSAL_TYPES, EntityLabel, Label, RelType
from timeline_kg.known_at import build_view, snapshot_of
from timeline_kg.temporal import EARLIEST, LATEST

_CAUSAL = {t.value for t in CAUSAL_TYPES}
# Candidate paths examined per request at most: keeps a dense graph from turning one request into a long scan.
_MAX_CANDIDATES = 20_000

Graph: TypeAlias = nx.MultiDiGraph
Props: TypeAlias = dict[str, Any]


def _event(ident: str, d: Props) -> EventRow:
    return {
        "id": ident,
        "title": d.get("title"),
        "kind": d.get("kind"),
        "status": d["status"],
        "date": d["date"],
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d["datePrecision"],
        "dateText": d.get("dateText"),
        "note": d.get("note"),
        "conflicting": d.get("conflicting"),
        "corroboration": d.get("corroboration"),
    }


def _claim(source: str, source_props: Props, d: Props) -> ClaimRow:
    return {
        "source": _source(source, source_props),
        "defines": d.get("defines"),
        "date": d["date"],
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d["datePrecision"],
        "dateText": d.get("dateText"),
        "status": d["status"],
        "title": d.get("title"),
        "kind": d.get("kind"),
        "place": d.get("place"),
        "quote": d.get("quote"),
        "quoteStart": d.get("quoteStart"),
        "quoteEnd": d.get("quoteEnd"),
    }


def _entity(ident: str, d: Props) -> EntityRow:
    return {
        "id": ident,
        "name": d["name"],
        "kind": d["kind"],
        "aliases": d.get("aliases"),
        "description": d.get("description"),
        "note": d.get("note"),
    }


def _source(ident: str, d: Props) -> SourceRow:
    return {
        "id": ident,
        "title": d.get("title"),
        "publisher": d.get("publisher"),
        "published": d.get("published"),
        "url": d.get("url"),
    }


def _tenure(ident: str, d: Props) -> TenureRow:
    return {
        "id": ident,
        "start": d.get("start"),
        "startLower": d.get("startLower"),
        "startUpper": d.get("startUpper"),
        "startPrecision": d.get("startPrecision"),
        "end": d.get("end"),
        "endLower": d.get("endLower"),
        "endUpper": d.get("endUpper"),
        "endPrecision": d.get("endPrecision"),
    }


def _path_node(ident: str, d: Props) -> PathNodeRow:
    return {
        "id": ident,
        "label": d[LABEL],
        "name": d.get("name"),
        "title": d.get("title"),
        "kind": d.get("kind"),
        "date": d.get("date"),
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d.get("datePrecision"),
        "dateText": d.get("dateText"),
        "start": d.get("start"),
        "startLower": d.get("startLower"),
        "startUpper": d.get("startUpper"),
        "startPrecision": d.get("startPrecision"),
    }


def _path_relationship(rel_type: str, start: str, end: str, d: Props) -> PathRelationshipRow:
    return {
        "type": rel_type,
        "start": start,
        "end": end,
        "key": d.get("key"),
        "role": d.get("role"),
        "office": d.get("office"),
        "state": d.get("state"),
        "note": d.get("note"),
    }


def _out(g: Graph, ident: str, rel: RelType) -> Iterator[tuple[str, Props]]:
    for _, other, data in g.out_edges(ident, data=True):
        if data[TYPE] == rel.value:
            yield other, data


def _in(g: Graph, ident: str, rel: RelType) -> Iterator[tuple[str, Props]]:
    for other, _, data in g.in_edges(ident, data=True):
        if data[TYPE] == rel.value:
            yield other, data


def _has(g: Graph, ident: str, label: Label) -> bool:
    return ident in g and g.nodes[ident][LABEL] == label.value


@functools.lru_cache(maxsize=16)
def _known_view(g: Graph, day: dt.date) -> KnownView:
    """The view of one graph object on one day: a load swaps in a new graph object, so a cached view never
    outlives the graph it was built from (the cache holds a few, by identity)."""
    snapshot = snapshot_of(g, day)
    return KnownView(EmbeddedStore(build_view(snapshot)), shaping.known_at(snapshot))


class EmbeddedStore:
    name = "embedded"

    def __init__(self, graph: EmbeddedGraph) -> None:
        self.store = graph

    @property
    def g(self) -> Graph:
        return self.store.graph

    def ping(self) -> None:
        return None

    def close(self) -> None:
        return None  # nothing held outside the process's memory

    # ------------------------------------------------------------------ row builders over one graph snapshot

    @staticmethod
    def _event(g: Graph, ident: str) -> EventRow:
        return _event(ident, g.nodes[ident])

    @staticmethod
    def _entity(g: Graph, ident: str) -> EntityRow:
        return _entity(ident, g.nodes[ident])

    @staticmethod
    def _office(g: Graph, data: Props) -> EntityRow | None:
        office = data.get("office")
        return _entity(office, g.nodes[office]) if office is not None and _has(g, office, Label.ENTITY) else None

    @staticmethod
    def _reports(g: Graph, ident: str) -> list[ReportRow]:
        return [
            {
                "source": _source(src, g.nodes[src]),
                "quote": d["quote"],
                "start": d["start"],
                "end": d["end"],
                "kind": d.get("kind"),
            }
            for src, d in _out(g, ident, RelType.REPORTED_BY)
        ]

    @staticmethod
    def _quotes(g: Graph, ident: str) -> list[QuoteRow]:
        return [
            {"source": src, "quote": d["quote"], "start": d["start"], "end": d["end"], "kind": d.get("kind")}
            for src, d in _out(g, ident, RelType.REPORTED_BY)
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
            involved = {a for a, _ in _in(g, ident, RelType.PARTICIPATED_IN)}
            wanted = set(q.actors)
            if not (wanted <= involved if q.match == "all" else wanted & involved):
                return False
        if q.channels and not {c for c, _ in _out(g, ident, RelType.CHANGED_STATE)} & set(q.channels):
            return False
        return not (q.topics and not {t for t, _ in _out(g, ident, RelType.ABOUT)} & set(q.topics))

    # ------------------------------------------------------------------ events

    def event(self, event_id: str) -> m.EventDetail:
        g = self.g
        if not _has(g, event_id, Label.EVENT):
            raise NotFound(f"no event with id {event_id!r}")
        related: list[RelatedEventRow] = []
        for direction, edges in (
            ("outgoing", g.out_edges(event_id, data=True)),
            ("incoming", ((v, u, d) for u, v, d in g.in_edges(event_id, data=True))),
        ):
            for _, other, data in edges:
                if data[TYPE] in _CAUSAL and _has(g, other, Label.EVENT):
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
                for a, d in _in(g, event_id, RelType.PARTICIPATED_IN)
            ],
            places=[self._entity(g, p) for p, _ in _out(g, event_id, RelType.OCCURRED_IN)],
            topics=[self._entity(g, t) for t, _ in _out(g, event_id, RelType.ABOUT)],
            changes=[
                {"channel": self._entity(g, c), "state": d["state"]}
                for c, d in _out(g, event_id, RelType.CHANGED_STATE)
            ],
            related=related,
            reports=self._reports(g, event_id),
            claim_rows=self._claims(g, event_id),
        )

    @staticmethod
    def _claims(g: Graph, ident: str) -> list[ClaimRow]:
        return [_claim(src, g.nodes[src], d) for src, d in _out(g, ident, RelType.CLAIMED_BY)]

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

    # ------------------------------------------------------------------ actors

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        g = self.g
        out = []
        for ident, data in g.nodes(data=True):
            if data[LABEL] == Label.ENTITY.value and data.get("kind") in kinds:
                count = len({e for e, _ in _out(g, ident, RelType.PARTICIPATED_IN)})
                out.append(shaping.actor_summary(_entity(ident, data), count))
        return sorted(out, key=lambda a: a.id)

    def actor(self, actor_id: str) -> m.ActorDetail:
        g = self.g
        if not (_has(g, actor_id, Label.ENTITY) and g.nodes[actor_id].get("kind") in ACTOR_KINDS):
            raise NotFound(f"no actor (person, organisation, country or office) with id {actor_id!r}")
        offices: list[OfficeRow] = [
            {"tenure": _tenure(t, g.nodes[t]), "office": self._entity(g, o)}
            for t, _ in _out(g, actor_id, RelType.HELD)
            for o, _ in _out(g, t, RelType.OF_OFFICE)
        ]
        events: list[ActorEventRow] = [
            {"event": self._event(g, e), "role": d["role"], "office": self._office(g, d)}
            for e, d in _out(g, actor_id, RelType.PARTICIPATED_IN)
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
            for e, d in _in(g, ident, RelType.CHANGED_STATE)
        ]
        return ChannelRecord(
            channel=shaping.must_ref(node),
            aliases=list(node.get("aliases") or []),
            parties=[shaping.must_ref(self._entity(g, p)) for p, _ in _out(g, ident, RelType.BETWEEN)],
            changes=changes,
        )

    # ------------------------------------------------------------------ paths

    @staticmethod
    def _searchable(g: Graph, mode: PathMode) -> nx.Graph:
        """The undirected view a path search walks: no provenance, no sources; for causal, cause relations only."""
        view = nx.Graph()
        for u, v, data in g.edges(data=True):
            t = data[TYPE]
            lu, lv = g.nodes[u][LABEL], g.nodes[v][LABEL]
            if t == RelType.REPORTED_BY.value or Label.SOURCE.value in (lu, lv):
                continue
            if mode == "causal" and not (t in _CAUSAL and lu == lv == Label.EVENT.value):
                continue
            rel = _path_relationship(t, u, v, data)
            if view.has_edge(u, v):
                view.edges[u, v]["rels"].append(rel)
            else:
                view.add_edge(u, v, rels=[rel])
        return view

    def paths(self, q: PathQuery) -> list[m.Path]:
        g = self.g
        for end in (q.from_id, q.to_id):
            if end not in g or g.nodes[end][LABEL] == Label.SOURCE.value:
                raise NotFound(f"no event, entity or tenure with id {end!r}")
        view = self._searchable(g, q.mode)
        if q.from_id not in view or q.to_id not in view:
            return []
        found: list[Candidate] = []
        try:
            simple = nx.shortest_simple_paths(view, q.from_id, q.to_id)
            for seq in itertools.islice(simple, _MAX_CANDIDATES):
                hops = len(seq) - 1
                if hops > q.max_hops or (len(found) >= q.k and hops > len(found[q.k - 1].hops)):
                    break  # every path of the k-th's length is in: ties are broken by rank_paths
                nodes = [_path_node(n, g.nodes[n]) for n in seq]
                if q.mode == "chronological" and not chronological(nodes):
                    continue
                found.append(Candidate(nodes, [list(view.edges[a, b]["rels"]) for a, b in itertools.pairwise(seq)]))
        except nx.NetworkXNoPath:
            return []
        return rank_paths(found, q.k)
