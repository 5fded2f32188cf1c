"""The store over the in-process networkx graph: the same answers as the Cypher in queries/read/, computed in Python.

Reads take the graph object once (a load swaps in a new one atomically), so a read never sees half a load.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph_service import models as m
from graph_service import service, shaping
from graph_service.errors import NotFound
from graph_service.service import Candidate, TimelineQuery
from graph_service.stores.base import ChannelRecord, PathQuery
from timeline_kg.embedded import KIND, LABEL, TYPE, EmbeddedGraph
from timeline_kg.graph_model import CAUSAL_TYPES, EntityLabel, Label, RelType
from timeline_kg.temporal import EARLIEST, LATEST

_CAUSAL = {t.value for t in CAUSAL_TYPES}
# Candidate paths examined per request at most: keeps a dense graph from turning one request into a long scan.
_MAX_CANDIDATES = 20_000


class EmbeddedStore:
    name = "embedded"

    def __init__(self, graph: EmbeddedGraph) -> None:
        self.store = graph

    @property
    def g(self) -> nx.MultiDiGraph:
        return self.store.graph

    def ping(self) -> None:
        return None

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _node(g: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
        return {"id": ident, **g.nodes[ident]}

    def _nodes(self, g: nx.MultiDiGraph, label: Label) -> Iterator[dict[str, Any]]:
        for ident, data in g.nodes(data=True):
            if data[LABEL] == label.value:
                yield {"id": ident, **data}

    @staticmethod
    def _out(g: nx.MultiDiGraph, ident: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        for _, other, data in g.out_edges(ident, data=True):
            if data[TYPE] == rel.value:
                yield other, data

    @staticmethod
    def _in(g: nx.MultiDiGraph, ident: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        for other, _, data in g.in_edges(ident, data=True):
            if data[TYPE] == rel.value:
                yield other, data

    def _reports(self, g: nx.MultiDiGraph, ident: str) -> list[dict[str, Any]]:
        return [
            {
                "source": self._node(g, src),
                "quote": d["quote"],
                "start": d["start"],
                "end": d["end"],
                "kind": d.get("kind"),
            }
            for src, d in self._out(g, ident, RelType.REPORTED_BY)
        ]

    def _flat_reports(self, g: nx.MultiDiGraph, ident: str) -> list[dict[str, Any]]:
        return [{**r, "source": r["source"]["id"]} for r in self._reports(g, ident)]

    def _office(self, g: nx.MultiDiGraph, data: dict[str, Any]) -> dict[str, Any] | None:
        office = data.get("office")
        if office is None or office not in g or g.nodes[office][LABEL] != Label.ENTITY.value:
            return None
        return self._node(g, office)

    # ------------------------------------------------------------------ timeline

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        g = self.g
        hits = []
        for event in self._nodes(g, Label.EVENT):
            ident = event["id"]
            if q.kinds and event["kind"] not in q.kinds:
                continue
            if q.statuses and event["status"] not in q.statuses:
                continue
            if q.sources and not set(q.sources) & set(event.get("sources", ())):
                continue
            lower, upper = event.get("dateLower"), event.get("dateUpper")
            if q.start is not None and upper is not None and upper < q.start:
                continue
            if q.end is not None and lower is not None and lower > q.end:
                continue
            if q.actors:
                involved = {a for a, _ in self._in(g, ident, RelType.PARTICIPATED_IN)}
                wanted = set(q.actors)
                if not (wanted <= involved if q.match == "all" else wanted & involved):
                    continue
            if q.channels and not {c for c, _ in self._out(g, ident, RelType.CHANGED_STATE)} & set(q.channels):
                continue
            if q.topics and not {t for t, _ in self._out(g, ident, RelType.ABOUT)} & set(q.topics):
                continue
            key = (lower or EARLIEST, upper or LATEST, ident)
            if q.after is not None and key <= q.after:
                continue
            hits.append((key, event))
        hits.sort(key=lambda h: h[0])
        return [shaping.event_summary(e) for _, e in hits[: q.limit + 1]]

    # ------------------------------------------------------------------ events

    def event(self, event_id: str) -> m.EventDetail:
        g = self.g
        if event_id not in g or g.nodes[event_id][LABEL] != Label.EVENT.value:
            raise NotFound(f"no event with id {event_id!r}")
        related = []
        for direction, edges in (
            ("outgoing", g.out_edges(event_id, data=True)),
            ("incoming", ((v, u, d) for u, v, d in g.in_edges(event_id, data=True))),
        ):
            for _, other, data in edges:
                if data[TYPE] in _CAUSAL and g.nodes[other][LABEL] == Label.EVENT.value:
                    related.append({**data, "type": data[TYPE], "direction": direction, "event": self._node(g, other)})
        return shaping.event_detail(
            self._node(g, event_id),
            participants=[
                {"actor": self._node(g, a), "role": d.get("role"), "office": self._office(g, d)}
                for a, d in self._in(g, event_id, RelType.PARTICIPATED_IN)
            ],
            places=[self._node(g, p) for p, _ in self._out(g, event_id, RelType.OCCURRED_IN)],
            topics=[self._node(g, t) for t, _ in self._out(g, event_id, RelType.ABOUT)],
            changes=[
                {"channel": self._node(g, c), "state": d.get("state")}
                for c, d in self._out(g, event_id, RelType.CHANGED_STATE)
            ],
            related=related,
            reports=self._reports(g, event_id),
        )

    # ------------------------------------------------------------------ actors

    def _is_actor(self, g: nx.MultiDiGraph, ident: str) -> bool:
        data = g.nodes[ident] if ident in g else None
        return data is not None and data[LABEL] == Label.ENTITY.value and data.get("kind") in shaping.ACTOR_KINDS

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        g = self.g
        out = []
        for entity in self._nodes(g, Label.ENTITY):
            if entity.get("kind") in kinds:
                count = len({e for e, _ in self._out(g, entity["id"], RelType.PARTICIPATED_IN)})
                out.append(shaping.actor_summary(entity, count))
        return sorted(out, key=lambda a: a.id)

    def actor(self, actor_id: str) -> m.ActorDetail:
        g = self.g
        if not self._is_actor(g, actor_id):
            raise NotFound(f"no actor (person, organisation, country or office) with id {actor_id!r}")
        offices = [
            {"tenure": self._node(g, t), "office": self._node(g, o)}
            for t, _ in self._out(g, actor_id, RelType.HELD)
            for o, _ in self._out(g, t, RelType.OF_OFFICE)
        ]
        events = [
            {"event": self._node(g, e), "role": d.get("role"), "office": self._office(g, d)}
            for e, d in self._out(g, actor_id, RelType.PARTICIPATED_IN)
        ]
        return shaping.actor_detail(self._node(g, actor_id), offices, events)

    # ------------------------------------------------------------------ channels

    def channels(self, channel_id: str | None = None) -> list[ChannelRecord]:
        g = self.g
        if channel_id is not None:
            if channel_id not in g or g.nodes[channel_id].get(KIND) != EntityLabel.CHANNEL.value:
                raise NotFound(f"no channel with id {channel_id!r}")
            ids = [channel_id]
        else:
            ids = sorted(n for n, d in g.nodes(data=True) if d.get(KIND) == EntityLabel.CHANNEL.value)
        out = []
        for ident in ids:
            node = self._node(g, ident)
            changes = [
                shaping.state_change(
                    {"event": self._node(g, e), "state": d.get("state"), "reports": self._flat_reports(g, e)}
                )
                for e, d in self._in(g, ident, RelType.CHANGED_STATE)
            ]
            out.append(
                ChannelRecord(
                    channel=shaping.must_ref(node),
                    aliases=list(node.get("aliases") or []),
                    parties=[shaping.must_ref(self._node(g, p)) for p, _ in self._out(g, ident, RelType.BETWEEN)],
                    changes=changes,
                )
            )
        return out

    # ------------------------------------------------------------------ paths

    def _searchable(self, g: nx.MultiDiGraph, mode: str) -> nx.Graph:
        """The undirected view a path search walks: no provenance, no sources; for causal, cause relations only."""
        view = nx.Graph()
        for u, v, data in g.edges(data=True):
            t = data[TYPE]
            lu, lv = g.nodes[u][LABEL], g.nodes[v][LABEL]
            if t == RelType.REPORTED_BY.value or Label.SOURCE.value in (lu, lv):
                continue
            if mode == "causal" and not (t in _CAUSAL and lu == lv == Label.EVENT.value):
                continue
            rel = {"type": t, "start": u, "end": v, **{k: data.get(k) for k in (*shaping.REL_PROPERTIES, "key")}}
            if view.has_edge(u, v):
                view.edges[u, v]["rels"].append(rel)
            else:
                view.add_edge(u, v, rels=[rel])
        return view

    def paths(self, q: PathQuery) -> list[m.Path]:
        g = self.g
        for end in (q.start, q.end):
            if end not in g or g.nodes[end][LABEL] == Label.SOURCE.value:
                raise NotFound(f"no event, entity or tenure with id {end!r}")
        view = self._searchable(g, q.mode)
        if q.start not in view or q.end not in view:
            return []
        found: list[Candidate] = []
        try:
            simple = nx.shortest_simple_paths(view, q.start, q.end)
            for seq in itertools.islice(simple, _MAX_CANDIDATES):
                hops = len(seq) - 1
                if hops > q.max_hops or (len(found) >= q.k and hops > len(found[q.k - 1].hops)):
                    break  # every path of the k-th's length is in: ties are broken by rank_paths
                nodes = [self._node(g, n) for n in seq]
                if q.mode == "chronological" and not service.chronological(nodes):
                    continue
                found.append(Candidate(nodes, [list(view.edges[a, b]["rels"]) for a, b in itertools.pairwise(seq)]))
        except nx.NetworkXNoPath:
            return []
        return service.rank_paths(found, q.k)

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        found = sorted(
            (node for node in self._nodes(self.g, Label.SOURCE) if after is None or node["id"] > after),
            key=lambda node: str(node["id"]),
        )
        return [shaping.source_summary(node) for node in found[:limit]]

    def source(self, source_id: str) -> m.SourceDetail:
        g = self.g
        if source_id not in g or g.nodes[source_id][LABEL] != Label.SOURCE.value:
            raise NotFound(f"no source with id {source_id!r}")
        return shaping.source_detail(self._node(g, source_id))
