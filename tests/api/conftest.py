"""One live server per store, reached over real HTTP; the same tests run against each."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from neo4j import GraphDatabase

from graph_service.app import create_app
from graph_service.stores.embedded import EmbeddedStore
from graph_service.stores.neo4j import Neo4jStore
from loaders.load import load_embedded, load_neo4j
from tests.conftest import ARTICLE, SOURCE_ID
from tests.live_server import LiveServer
from tests.neo4j_server import Neo4jConnection
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import Settings

# neo4j_by_date: the Neo4j store made to walk every actor's timeline by date (read/timeline), the plan it keeps for
# busy actors; on the article's small actors it would otherwise always expand them (read/timeline-of-actors).
STORES = [
    "embedded",
    pytest.param("neo4j", marks=pytest.mark.neo4j),
    pytest.param("neo4j_by_date", marks=pytest.mark.neo4j),
]


def _embedded_app() -> FastAPI:
    graph = EmbeddedGraph()
    load_embedded(graph, [ARTICLE])
    return create_app(settings=Settings.model_validate({}), store=EmbeddedStore(graph))


def _load_article(conn: Neo4jConnection, only_if_missing: bool = False) -> None:
    with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
        if only_if_missing:
            records, _, _ = driver.execute_query(
                "MATCH (s:Source {id: $id}) RETURN COUNT { (s)<-[:REPORTED_BY]-() } AS facts",
                id=SOURCE_ID,
                database_=conn.database,
            )
            if records and records[0]["facts"] > 0:
                return
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=conn.database)
        load_neo4j(driver, conn.database, [ARTICLE])


@pytest.fixture(scope="package")
def neo4j_url(neo4j_server: Neo4jConnection) -> Iterator[str]:
    """The service on Neo4j: the article loaded into a clean graph once, the app opening its own driver."""
    _load_article(neo4j_server)
    settings = neo4j_server.app_settings()
    with LiveServer(create_app(settings=settings)) as server:
        yield server.url


@pytest.fixture(scope="package")
def neo4j_by_date_url(neo4j_url: str, neo4j_server: Neo4jConnection) -> Iterator[str]:
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as driver:
        store = Neo4jStore(driver, neo4j_server.database, timeout=10, busy_actor_events=0)
        with LiveServer(create_app(settings=Settings.model_validate({}), store=store)) as server:
            yield server.url


@pytest.fixture(scope="package")
def embedded_url() -> Iterator[str]:
    with LiveServer(_embedded_app()) as server:
        yield server.url


@pytest.fixture(scope="package", params=STORES)
def store_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="package")
def api(store_name: str, request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    url = request.getfixturevalue(f"{store_name}_url")
    with httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture(autouse=True)
def _article_still_loaded(request: pytest.FixtureRequest) -> None:
    """The test server is shared: a test elsewhere may have emptied it (neo4j_driver does, per test). Reload then."""
    callspec = getattr(request.node, "callspec", None)
    on_neo4j = callspec is not None and callspec.params.get("store_name") in ("neo4j", "neo4j_by_date")
    if on_neo4j or "neo4j_url" in request.fixturenames:
        _load_article(request.getfixturevalue("neo4j_server"), only_if_missing=True)
