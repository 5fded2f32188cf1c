"""Shared fixtures: the article in the embedded store, and in a real Neo4j (tests/neo4j_server.py picks the server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from neo4j import Driver

from loaders.load import load_embedded, load_neo4j
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import BUNDLED_SOURCES

if TYPE_CHECKING:  # a plain import would load the plugin before pytest can rewrite its asserts
    from tests.neo4j_server import Neo4jConnection

pytest_plugins = ["tests.neo4j_server", "tests.skip_summary"]

ARTICLE = BUNDLED_SOURCES / "scmp-2024-04-03-us-china-defence-chiefs.yaml"
SOURCE_ID = "scmp-2024-04-03-us-china-defence-chiefs"


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE


@pytest.fixture
def article_graph() -> EmbeddedGraph:
    """A fresh embedded store holding the bundled article."""
    graph = EmbeddedGraph()
    load_embedded(graph, [ARTICLE])
    return graph


@pytest.fixture
def neo4j_database(neo4j_server: Neo4jConnection) -> str:
    return neo4j_server.database


@pytest.fixture
def article_neo4j(neo4j_driver: Driver, neo4j_database: str) -> Iterator[Driver]:
    """A clean Neo4j holding the bundled article (neo4j_driver empties the graph first)."""
    load_neo4j(neo4j_driver, neo4j_database, [ARTICLE])
    yield neo4j_driver
