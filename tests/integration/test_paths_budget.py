"""On Neo4j, the search for longer paths has a budget once some paths are found (LONGER_PATHS_SECONDS): a search
that spends it answers with the paths found so far, as the embedded search does with its step budget, instead of
holding a store worker until the request's deadline (504). A real server answers the shortest paths; the longer
search is made to spend its budget."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph_service.errors import QueryTimeout
from graph_service.stores import neo4j as neo4j_store
from graph_service.stores.base import PathQuery
from graph_service.stores.neo4j import Neo4jStore
from loaders.load import load_neo4j
from tests.conftest import ARTICLE
from tests.neo4j_server import Neo4jConnection

pytestmark = pytest.mark.neo4j

LONG = PathQuery("pelosi-taiwan-visit", "brown-liu-talks-2023-12", k=10, max_hops=8, mode="chronological")


class _SlowLongerPaths(Neo4jStore):
    """The store, with `read/paths` (the longer lengths) timing out the way the server's own timeout would."""

    def __init__(self, *args: Any, slow: set[str]) -> None:
        super().__init__(*args)
        self.slow, self.timeouts = slow, dict[str, Any]()

    def _run(self, name: str, params: dict[str, Any], hops: int | None = None, **kw: Any) -> list[dict[str, Any]]:
        self.timeouts[name] = kw.get("timeout")
        if name in self.slow and not kw.get("explain"):
            raise QueryTimeout(f"{name} took longer than its budget")
        return super()._run(name, params, hops, **kw)


def test_longer_paths_past_their_budget_answer_the_shortest(
    neo4j_driver: Driver, neo4j_server: Neo4jConnection
) -> None:
    load_neo4j(neo4j_driver, neo4j_server.database, [ARTICLE])
    whole = Neo4jStore(neo4j_driver, neo4j_server.database, 30.0).paths(LONG)
    cut = _SlowLongerPaths(neo4j_driver, neo4j_server.database, 30.0, slow={"read/paths"})
    found = cut.paths(LONG)
    assert cut.timeouts["read/paths"] == neo4j_store.LONGER_PATHS_SECONDS  # the budget, not the whole deadline
    shortest = min(len(p.elements) for p in whole)
    assert found and len(found) < len(whole)  # the article has longer paths too: the cut answer has fewer
    assert all(len(p.elements) == shortest for p in found)
    assert found == whole[: len(found)]  # the shortest paths, ranked as in the whole answer


def test_with_nothing_found_yet_a_timeout_is_still_a_timeout(
    neo4j_driver: Driver, neo4j_server: Neo4jConnection
) -> None:
    load_neo4j(neo4j_driver, neo4j_server.database, [ARTICLE])
    cut = _SlowLongerPaths(
        neo4j_driver,
        neo4j_server.database,
        30.0,
        slow={"read/paths", "read/shortest-paths", "read/paths-within-two-hops"},
    )
    with pytest.raises(QueryTimeout):
        cut.paths(LONG)
