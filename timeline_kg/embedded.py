"""The embedded store: the graph model held in-process in a networkx MultiDiGraph.

It mirrors Neo4j exactly: one node per (primary label, id) keyed by id, the same properties (``None`` means
absent, as in Neo4j), relationships keyed by type and ``key``, and the same source-scoped replace semantics as
``queries/write/*.cypher``. Tests compare the two stores' counts label by label and type by type.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import networkx as nx

from timeline_kg.graph_model import GraphBatch, NodeRecord, RelRecord

# Node attributes that are structure, not properties.
LABEL, KIND = "_label", "_kind"
# Edge attribute holding the relationship type.
TYPE = "_type"

_EVIDENCE = ("evidenceSources", "quotes", "quoteStarts", "quoteEnds")


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


class EmbeddedGraph:
    """A graph with Neo4j's semantics for what the loaders write; safe to read while a load runs."""

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ writes

    def replace_source(self, batch: GraphBatch) -> None:
        """Withdraw what the batch's source asserted before, then add the batch: one atomic step."""
        with self.lock:
            staged = self.graph.copy()  # a failure half-way leaves the live graph untouched
            self._retract(staged, batch.source_id)
            for node in batch.nodes:
                self._merge_node(staged, batch.source_id, node)
            for rel in batch.rels:
                self._merge_rel(staged, batch.source_id, rel)
            self.graph = staged

    @staticmethod
    def _retract(g: nx.MultiDiGraph, source: str) -> None:
        for u, v, k, data in list(g.edges(keys=True, data=True)):
            if source not in data.get("sources", ()):
                continue
            data["sources"] = [s for s in data["sources"] if s != source]
            if "evidenceSources" in data:
                keep = [i for i, s in enumerate(data["evidenceSources"]) if s != source]
                for name in _EVIDENCE:
                    if keep:
                        data[name] = [data[name][i] for i in keep]
                    else:
                        del data[name]
            if not data["sources"]:
                g.remove_edge(u, v, k)
        for n, data in list(g.nodes(data=True)):
            if source in data.get("sources", ()):
                data["sources"] = [s for s in data["sources"] if s != source]
                if not data["sources"]:
                    g.remove_node(n)

    @staticmethod
    def _merge_node(g: nx.MultiDiGraph, source: str, node: NodeRecord) -> None:
        if node.id in g and g.nodes[node.id][LABEL] != node.label:
            raise ValueError(f"id {node.id!r} is already a {g.nodes[node.id][LABEL]}, cannot also be a {node.label}")
        if node.id not in g:
            g.add_node(node.id, **{LABEL: node.label.value, "sources": []})
        data = g.nodes[node.id]
        for key, value in node.props.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        if node.kind_label is not None:
            data[KIND] = node.kind_label.value
        if source not in data["sources"]:
            data["sources"] = [*data["sources"], source]

    @staticmethod
    def _merge_rel(g: nx.MultiDiGraph, source: str, rel: RelRecord) -> None:
        start, end = rel.start[1], rel.end[1]
        if start not in g or end not in g:
            missing = start if start not in g else end
            raise ValueError(f"{rel.type} relationship refers to {missing!r}, which is not in the graph")
        edge_key = f"{rel.type.value}|{rel.key}"
        if not g.has_edge(start, end, edge_key):
            g.add_edge(start, end, edge_key)
            # "key" is a Neo4j property here; networkx's own edge key is edge_key.
            g.edges[start, end, edge_key].update({TYPE: rel.type.value, "key": rel.key, "sources": []})
        data = g.edges[start, end, edge_key]
        for key, value in rel.props.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        if source not in data["sources"]:
            data["sources"] = [*data["sources"], source]
        if rel.evidence:
            data["evidenceSources"] = [*data.get("evidenceSources", []), *(source for _ in rel.evidence)]
            data["quotes"] = [*data.get("quotes", []), *(q.text for q in rel.evidence)]
            data["quoteStarts"] = [*data.get("quoteStarts", []), *(q.start for q in rel.evidence)]
            data["quoteEnds"] = [*data.get("quoteEnds", []), *(q.end for q in rel.evidence)]

    # ------------------------------------------------------------------ reads used by loaders and tests

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label (kind labels counted too) and relationships per type, as Neo4j would count them."""
        with self.lock:
            labels: Counter[str] = Counter()
            for _, data in self.graph.nodes(data=True):
                labels[data[LABEL]] += 1
                if KIND in data:
                    labels[data[KIND]] += 1
            types = Counter(data[TYPE] for _, _, data in self.graph.edges(data=True))
            return {"nodes": dict(labels), "relationships": dict(types)}

    def property_count(self) -> int:
        with self.lock:
            nodes = sum(len([k for k in d if not k.startswith("_")]) for _, d in self.graph.nodes(data=True))
            rels = sum(len([k for k in d if not k.startswith("_")]) for _, _, d in self.graph.edges(data=True))
            return nodes + rels
