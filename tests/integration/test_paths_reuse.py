"""/paths answers are reused only while the graph stays the same (graph_service/path_cache.py).

The service keeps a /paths answer under the graph's version; each test asks the same question before and after a
change and checks that the second answer is the changed graph's, on both stores. On Neo4j the change is also made
behind the service's back (a plain Cypher write, as an analyst in Browser would), which only the database's own
version (the bookmark of a read) can notice.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any

import pytest
from neo4j import Driver

from tests.conftest import ARTICLE
from tests.integration.conftest import World
from tests.neo4j_server import Neo4jConnection

PATHS = "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&mode=chronological"
PELOSI = "pelosi-taiwan-visit"


def _titles(answer: dict[str, Any]) -> set[str]:
    return {e["name"] for p in answer["paths"] for e in p["elements"] if e.get("id") == PELOSI}


def test_a_retracted_source_is_never_answered_from_before(world: World) -> None:
    world.load([ARTICLE])
    first = world.get(PATHS).json()
    assert first["paths"] and world.get(PATHS).json() == first  # the same graph: the same answer
    assert world.retract(ARTICLE.stem)
    world.get(PATHS, status=404)  # the ends are gone with their source
    world.load([ARTICLE])
    assert world.get(PATHS).json() == first


def test_identical_searches_at_once_get_one_answer(world: World) -> None:
    world.load([ARTICLE])
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda _: world.get(PATHS).json(), range(24)))
    assert answers[0]["paths"] and all(a == answers[0] for a in answers)


@pytest.mark.neo4j
def test_a_write_behind_the_service_is_seen_by_the_next_search(
    neo4j_world: World, neo4j_driver: Driver, neo4j_server: Neo4jConnection
) -> None:
    neo4j_world.load([ARTICLE])
    before = neo4j_world.get(PATHS).json()
    assert _titles(before) and "Renamed in Browser" not in _titles(before)
    neo4j_driver.execute_query(
        "MATCH (e:Event {id: $id}) SET e.title = 'Renamed in Browser'", id=PELOSI, database_=neo4j_server.database
    )
    assert _titles(neo4j_world.get(PATHS).json()) == {"Renamed in Browser"}
