"""Path ranking, the same for every store: candidates merged by node sequence, ranked in the documented order."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_service import models as m
from graph_service import shaping
from graph_service.stores.rows import PathNodeRow, PathRelationshipRow
from timeline_kg.graph_model import Label


@dataclass(slots=True)
class Candidate:
    """A simple path by its node sequence; per hop, every relationship between the two nodes the mode allows."""

    nodes: list[PathNodeRow]
    hops: list[list[PathRelationshipRow]] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(n["id"] for n in self.nodes)


def chronological(nodes: Sequence[PathNodeRow]) -> bool:
    """Every event on the path is no earlier than the event before it: next.upper >= previous.lower, an open
    bound being the edge of time (so an open bound never breaks the order)."""
    events = [n for n in nodes if n["label"] == Label.EVENT]
    for prev, nxt in itertools.pairwise(events):
        lower, upper = prev["dateLower"], nxt["dateUpper"]
        if lower is not None and upper is not None and upper < lower:
            return False
    return True


def rank_paths(candidates: list[Candidate], k: int) -> list[m.Path]:
    """Merge candidates by node sequence and keep the first ``k`` in the documented order: fewest hops, then
    most events on the path (a chain of events tells more than a detour through a country), then node ids.
    Each hop shows one relationship: the first by (type, start, end, key)."""
    merged: dict[tuple[str, ...], Candidate] = {}
    for c in candidates:
        seen = merged.get(c.ids)
        if seen is None:
            merged[c.ids] = Candidate(c.nodes, [list(h) for h in c.hops])
        else:
            for hop, rels in zip(seen.hops, c.hops, strict=True):
                hop.extend(rels)

    def order(c: Candidate) -> tuple[int, int, tuple[str, ...]]:
        return (len(c.hops), -sum(1 for n in c.nodes if n["label"] == Label.EVENT), c.ids)

    out = []
    for c in sorted(merged.values(), key=order)[:k]:
        elements: list[m.PathNode | m.PathRelationship] = [shaping.path_node(c.nodes[0])]
        for rels, node in zip(c.hops, c.nodes[1:], strict=True):
            rel = min(rels, key=lambda r: (r["type"], r["start"], r["end"], r["key"] or ""))
            elements += [shaping.path_relationship(rel), shaping.path_node(node)]
        out.append(m.Path(hops=len(c.hops), elements=elements))
    return out
