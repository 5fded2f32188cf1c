"""A store-neutral picture of a whole graph, so the same assertions run on Neo4j and on the embedded store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import Driver
from neo4j.time import Date, DateTime

from timeline_kg.embedded import KIND, LABEL, TYPE, EmbeddedGraph


@dataclass
class Snapshot:
    nodes: dict[str, tuple[frozenset[str], dict[str, Any]]]  # id -> (labels, properties)
    rels: dict[tuple[str, str, str, str], dict[str, Any]]  # (type, from id, to id, key) -> properties

    def node(self, ident: str) -> dict[str, Any]:
        return self.nodes[ident][1]

    def labels(self, ident: str) -> frozenset[str]:
        return self.nodes[ident][0]

    def rels_of(self, rel_type: str, *, start: str | None = None, end: str | None = None) -> list[tuple[str, str]]:
        return sorted(
            (a, b)
            for (t, a, b, _), _props in self.rels.items()
            if t == rel_type and (start is None or a == start) and (end is None or b == end)
        )

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        labels: dict[str, int] = {}
        for node_labels, _ in self.nodes.values():
            for label in node_labels:
                labels[label] = labels.get(label, 0) + 1
        types: dict[str, int] = {}
        for t, *_ in self.rels:
            types[t] = types.get(t, 0) + 1
        return labels, types

    def property_count(self) -> int:
        return sum(len(p) for _, p in self.nodes.values()) + sum(len(p) for p in self.rels.values())


def _native(value: Any) -> Any:
    if isinstance(value, (Date, DateTime)):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def from_neo4j(driver: Driver, database: str = "neo4j") -> Snapshot:
    nodes_result = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", database_=database
    )
    rels_result = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props", database_=database
    )
    nodes = {
        r["id"]: (frozenset(r["labels"]), {k: _native(v) for k, v in r["props"].items()}) for r in nodes_result.records
    }
    rels = {
        (r["type"], r["a"], r["b"], r["props"].get("key", "")): {k: _native(v) for k, v in r["props"].items()}
        for r in rels_result.records
    }
    return Snapshot(nodes, rels)


def from_embedded(graph: EmbeddedGraph) -> Snapshot:
    g = graph.graph
    nodes = {}
    for ident, data in g.nodes(data=True):
        labels = frozenset({data[LABEL], *([data[KIND]] if KIND in data else [])})
        nodes[ident] = (labels, {k: v for k, v in data.items() if not k.startswith("_")})
    rels = {
        (data[TYPE], a, b, data.get("key", "")): {k: v for k, v in data.items() if not k.startswith("_")}
        for a, b, data in g.edges(data=True)
    }
    return Snapshot(nodes, rels)


def comparable(snapshot: Snapshot) -> Snapshot:
    """Without the load time, which differs between any two loads by design."""
    nodes = {
        i: (labels, {k: v for k, v in props.items() if k != "loadedAt"})
        for i, (labels, props) in snapshot.nodes.items()
    }
    return Snapshot(nodes, snapshot.rels)


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
