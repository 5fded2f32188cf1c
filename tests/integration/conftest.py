"""Fixtures for the integration tests: a service over each store, and the means to change what it holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from neo4j import Driver

from graph_service.app import create_app
from graph_service.stores.embedded import EmbeddedStore
from loaders import neo4j_writer
from loaders.load import load_embedded, load_neo4j, retract_embedded, retract_neo4j
from tests.live_server import LiveServer
from tests.neo4j_server import Neo4jConnection
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import GraphBatch
from timeline_kg.settings import Settings


@dataclass
class World:
    """A service over one store, reached over real HTTP, and how to change what that store holds."""

    url: str
    load: Callable[[list[Path]], Any]
    retract: Callable[[str], bool]
    replace: Callable[[GraphBatch], None]  # write one batch as the loader would (no validation)

    def get(self, path: str, status: int = 200) -> httpx.Response:
        response = httpx.get(self.url + path, timeout=60)
        assert response.status_code == status, f"{path}: {response.status_code} {response.text[:300]}"
        return response


@pytest.fixture(scope="module")
def embedded_world() -> Iterator[tuple[World, EmbeddedGraph]]:
    """The service on an embedded store; the test swaps ``graph.graph`` to empty it."""
    graph = EmbeddedGraph()
    app = create_app(settings=Settings.model_validate({}), store=EmbeddedStore(graph))
    with LiveServer(app) as server:
        world = World(
            server.url,
            lambda paths: load_embedded(graph, paths),
            lambda source: retract_embedded(graph, source),
            graph.replace_source,
        )
        yield world, graph


@pytest.fixture(scope="module")
def neo4j_world(neo4j_server: Neo4jConnection, _neo4j_session_driver: Driver) -> Iterator[World]:
    """The service on Neo4j (its own driver); tests empty the graph with the neo4j_driver fixture."""
    driver, db = _neo4j_session_driver, neo4j_server.database
    settings = Settings.model_validate(
        {
            "NEO4J_URI": neo4j_server.uri,
            "NEO4J_USERNAME": neo4j_server.user,
            "NEO4J_PASSWORD": neo4j_server.password,
            "NEO4J_DATABASE": db,
            # Planning a query the first time takes seconds on a busy shared machine; answers are what is tested.
            "NEO4J_QUERY_TIMEOUT": 60,
        }
    )
    with LiveServer(create_app(settings=settings)) as server:
        yield World(
            server.url,
            lambda paths: load_neo4j(driver, db, paths),
            lambda source: retract_neo4j(driver, db, source),
            lambda batch: neo4j_writer.replace_source(driver, db, batch),
        )


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def world(request: pytest.FixtureRequest) -> World:
    """The service on each store in turn, emptied for the test."""
    if request.param == "embedded":
        found, graph = request.getfixturevalue("embedded_world")
        graph.graph = nx.MultiDiGraph()
        return found  # type: ignore[no-any-return]
    request.getfixturevalue("neo4j_driver")  # empties the graph
    return request.getfixturevalue("neo4j_world")  # type: ignore[no-any-return]
