"""The store over the in-process networkx graph."""

from __future__ import annotations

from timeline_kg.embedded import EmbeddedGraph


class EmbeddedStore:
    name = "embedded"

    def __init__(self, graph: EmbeddedGraph) -> None:
        self.graph = graph

    def ping(self) -> None:
        return None
