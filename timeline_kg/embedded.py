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

from timeline_kg.claims import Claim, derive
from timeline_kg.graph_model import GraphBatch, Label, NodeRecord, RelRecord, RelType

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
        """Withdraw what the batch's source asserted before, add the batch, and derive again every node whose claims
        changed: one atomic step (readers keep the old graph object until the new one is complete)."""
        with self.lock:
            staged = self.graph.copy()  # a failure half-way leaves the live graph untouched
            touched = self._withdraw(staged, batch.source_id)
            for node in batch.nodes:
                self._merge_node(staged, batch.source_id, node)
            for rel in batch.rels:
                self._merge_rel(staged, batch.source_id, rel)
            for claim in batch.claims:
                self._merge_claim(staged, batch.source_id, claim)
            touched |= {c.start[1] for c in batch.claims}
            self.derive_nodes(staged, touched)
            self.graph = staged

    def retract_source(self, source: str) -> bool:
        """Remove a source and everything only it asserted; derive again what it touched. False if not loaded."""
        with self.lock:
            if source not in self.graph or self.graph.nodes[source][LABEL] != Label.SOURCE.value:
                return False
            staged = self.graph.copy()
            touched = self._withdraw(staged, source)
            staged.remove_node(source)
            self.derive_nodes(staged, touched)
            self.graph = staged
            return True

    def event_owners(self) -> dict[str, str]:
        """Annotated events by the source that defines them."""
        with self.lock:
            g = self.graph
            return {
                u: v
                for u, v, data in g.edges(data=True)
                if data[TYPE] == RelType.CLAIMED_BY.value and data.get("defines") and g.nodes[u][LABEL] == "Event"
            }

    @staticmethod
    def _withdraw(g: nx.MultiDiGraph, source: str) -> set[str]:
        """Take the source out of every relationship and claim; returns the nodes it had claims on."""
        touched: set[str] = set()
        if source in g:
            for u, _, k, data in list(g.in_edges(source, keys=True, data=True)):
                if data[TYPE] == RelType.CLAIMED_BY.value:
                    touched.add(u)
                    g.remove_edge(u, source, k)
        EmbeddedGraph._retract(g, source)
        return touched

    @staticmethod
    def claims_of(g: nx.MultiDiGraph, ident: str) -> list[Claim]:
        out = []
        for _, src, data in g.out_edges(ident, data=True):
            if data[TYPE] != RelType.CLAIMED_BY.value:
                continue
            meta = g.nodes[src]
            props = {k: v for k, v in data.items() if k not in (TYPE, "sources")}
            out.append(Claim(src, meta.get("published"), meta.get("origin", src), props))
        return out

    @staticmethod
    def derive_nodes(g: nx.MultiDiGraph, idents: set[str]) -> None:
        """Set the properties of these nodes from their claims; remove those no source claims any more."""
        for ident in sorted(idents):
            if ident not in g:
                continue
            claims = EmbeddedGraph.claims_of(g, ident)
            if not claims:
                g.remove_node(ident)
                continue
            data = g.nodes[ident]
            for key, value in derive(Label(data[LABEL]), claims).items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value

    @staticmethod
    def _merge_claim(g: nx.MultiDiGraph, source: str, claim: RelRecord) -> None:
        start = claim.start[1]
        edge_key = f"{RelType.CLAIMED_BY.value}|{source}"
        props = {k: v for k, v in claim.props.items() if v is not None}
        g.add_edge(start, source, edge_key)
        data = g.edges[start, source, edge_key]
        data.clear()
        data.update({TYPE: RelType.CLAIMED_BY.value, "key": source, **props})

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
        # Nodes asserted without claims (the source node itself, GDELT's nodes) go with their last source.
        for n, data in list(g.nodes(data=True)):
            if (
                data[LABEL] != Label.SOURCE.value
                and source in data.get("sources", ())
                and not any(d[TYPE] == RelType.CLAIMED_BY.value for _, _, d in g.out_edges(n, data=True))
            ):
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
