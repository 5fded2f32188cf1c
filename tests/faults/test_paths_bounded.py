"""/paths is bounded in work and time on both stores: Neo4j's variable-length patterns stop at max_hops, and the
embedded search answers within the deadline however many simple paths there are."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import neo4j
import pytest

from graph_service.app import create_app
from graph_service.stores.base import PathQuery
from graph_service.stores.embedded import EmbeddedStore
from graph_service.stores.neo4j import Neo4jStore
from loaders.load import load_embedded
from tests.conftest import ARTICLE
from tests.live_server import LiveServer
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import Settings

_BOUNDS = re.compile(r"\*\s*(\d+)?\s*\.\.\s*(\d+)|\{\s*(\d+)\s*,\s*(\d+)\s*\}")


class _Recording:
    """A real driver that notes the text of every query it runs."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self.driver, self.texts = driver, []  # type: ignore[var-annotated]

    def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self.texts.append(query.text if isinstance(query, neo4j.Query) else str(query))
        return self.driver.execute_query(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)


@pytest.mark.neo4j
@pytest.mark.parametrize("max_hops", [1, 2, 3, 5])
def test_neo4j_path_patterns_stop_at_max_hops(article_neo4j: neo4j.Driver, neo4j_database: str, max_hops: int) -> None:
    recording = _Recording(article_neo4j)
    store = Neo4jStore(recording, neo4j_database, timeout=10)  # type: ignore[arg-type]
    for mode in ("any", "chronological"):
        store.paths(PathQuery(from_id="wei-fenghe", to_id="dong-jun", k=10, max_hops=max_hops, mode=mode))  # type: ignore[arg-type]
    bounds = [int(b or d) for text in recording.texts for _, b, _, d in _BOUNDS.findall(text)]
    if max_hops >= 3:  # up to two hops, plain patterns answer alone
        assert bounds, "no variable-length pattern ran"
    assert max(bounds, default=0) <= max_hops, f"patterns up to {max(bounds)} hops for max_hops={max_hops}"


def test_embedded_paths_answer_within_the_deadline() -> None:
    """The issue's case: k=10, max_hops=10, chronological on the article (4.4 s, 20,000 simple paths, before)."""
    graph = EmbeddedGraph()
    load_embedded(graph, [ARTICLE])
    deadline = 1.0
    settings = Settings.model_validate({"TIMELINE_KG_DEADLINE": deadline})
    url = "/paths?from=brown-liu-talks-2023-12&to=pelosi-taiwan-visit&k=10&max_hops=10&mode=chronological"
    with LiveServer(create_app(settings=settings, store=EmbeddedStore(graph))) as server:
        started = time.monotonic()
        response = httpx.get(server.url + url, timeout=30)
        took = time.monotonic() - started
    assert response.status_code in (200, 504), response.text[:300]
    assert took < deadline + 1.0, f"{took:.1f} s for a {deadline:g} s deadline"
