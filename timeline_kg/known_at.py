"""The graph as known on a day: only what sources published on or before it said, derived from those claims alone.

A store hands over a :class:`KnownSnapshot` (the sources published by then, their claims and the relationships they
assert) and :func:`build_view` turns it into an embedded graph whose nodes are derived again from the kept claims
(timeline_kg.claims). Both stores answer "as known on" questions from such a view, so they answer alike. Sources
whose publication day is unknown are never in a view; the snapshot counts them so answers can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from timeline_kg.embedded import KIND, LABEL, TYPE, EmbeddedGraph
from timeline_kg.graph_model import Label, RelType

_EVIDENCE = ("evidenceSources", "quotes", "quoteStarts", "quoteEnds")


@dataclass(frozen=True, slots=True)
class ClaimedNode:
    label: str  # primary label
    id: str
    kind: str | None  # second label of an entity


@dataclass(frozen=True, slots=True)
class KnownSnapshot:
    """What the sources published by ``day`` assert, as plain rows."""

    day: dt.date
    sources: dict[str, dict[str, Any]]  # id -> properties (text left out)
    nodes: list[ClaimedNode]
    claims: list[tuple[str, str, dict[str, Any]]]  # node id, source id, claim properties
    rels: list[tuple[str, str, str, dict[str, Any]]]  # type, from id, to id, properties (key, sources, quotes ...)
    excluded_unknown: int  # sources whose publication day is unknown
    excluded_later: int  # sources published after the day
    notes: list[str] = field(default_factory=list)


def snapshot_of(graph: nx.MultiDiGraph, day: dt.date) -> KnownSnapshot:
    """The snapshot of an embedded graph."""
    sources, unknown, later = {}, 0, 0
    for ident, data in graph.nodes(data=True):
        if data[LABEL] != Label.SOURCE.value:
            continue
        published = data.get("published")
        if published is None:
            unknown += 1
        elif published > day:
            later += 1
        else:
            sources[ident] = {k: v for k, v in data.items() if not k.startswith("_") and k != "text"}
    nodes: dict[str, ClaimedNode] = {}
    claims = []
    for u, v, data in graph.edges(data=True):
        if data[TYPE] == RelType.CLAIMED_BY.value and v in sources:
            node = graph.nodes[u]
            nodes[u] = ClaimedNode(node[LABEL], u, node.get(KIND))
            claims.append((u, v, {k: val for k, val in data.items() if k != TYPE}))
    rels = [
        (data[TYPE], u, v, {k: val for k, val in data.items() if k != TYPE})
        for u, v, data in graph.edges(data=True)
        if data[TYPE] != RelType.CLAIMED_BY.value and u in nodes and set(data.get("sources", ())) & sources.keys()
    ]
    return KnownSnapshot(day, sources, list(nodes.values()), claims, rels, unknown, later)


def build_view(snapshot: KnownSnapshot) -> EmbeddedGraph:
    """An embedded graph of the snapshot, every node derived from the claims it keeps."""
    view = EmbeddedGraph()
    g = view.graph
    kept = snapshot.sources.keys()
    for ident, props in snapshot.sources.items():
        g.add_node(ident, **{LABEL: Label.SOURCE.value, **props, "sources": [ident]})
    for node in snapshot.nodes:
        attrs: dict[str, Any] = {LABEL: node.label, "id": node.id}
        if node.kind is not None:
            attrs[KIND] = node.kind
        g.add_node(node.id, **attrs)
    for node_id, source, props in snapshot.claims:
        _add_edge(g, node_id, source, RelType.CLAIMED_BY.value, source, props)
    for rel_type, start, end, props in snapshot.rels:
        if start in g and end in g:
            _add_edge(g, start, end, rel_type, props.get("key") or "", _kept_evidence(dict(props), kept))
    EmbeddedGraph.derive_nodes(g, {n.id for n in snapshot.nodes})
    return view


def _add_edge(g: nx.MultiDiGraph, start: str, end: str, rel_type: str, key: str, props: dict[str, Any]) -> None:
    # Keyed as the embedded store keys them; "key" is also a property, so it cannot go through add_edge's keywords.
    edge_key = f"{rel_type}|{key}"
    g.add_edge(start, end, edge_key)
    g.edges[start, end, edge_key].update({TYPE: rel_type, **props})


def _kept_evidence(data: dict[str, Any], kept: Any) -> dict[str, Any]:
    data["sources"] = [s for s in data.get("sources") or [] if s in kept]
    if data.get("evidenceSources"):
        keep = [i for i, s in enumerate(data["evidenceSources"]) if s in kept]
        for name in _EVIDENCE:
            data[name] = [data[name][i] for i in keep] if keep else None
    return {k: v for k, v in data.items() if v is not None}
