"""Store faults over real HTTP: a store that is down (503), a query that times out (504), a bug (500), each as a
problem document that shows no internals."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import neo4j
import pytest
from neo4j.exceptions import Neo4jError

from graph_service.app import create_app
from graph_service.errors import QueryTimeout
from graph_service.stores.neo4j import Neo4jStore
from tests.live_server import LiveServer
from timeline_kg.settings import Settings

from .test_api import assert_problem

URLS = [
    "/timeline",
    "/events/pelosi-taiwan-visit",
    "/actors",
    "/actors/lloyd-austin",
    "/channels",
    "/channels/us-china-military-communication/history",
    "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12",
    "/sources",
    "/sources/scmp-2024-04-03-us-china-defence-chiefs",
]


def _serve(store: Any) -> LiveServer:
    return LiveServer(create_app(settings=Settings.model_validate({}), store=store))


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed on leaving: nothing listens there


@pytest.fixture
def down(closed_port: int) -> Iterator[httpx.Client]:
    """The service on a Neo4jStore whose server is not there."""
    driver = neo4j.GraphDatabase.driver(
        f"bolt://127.0.0.1:{closed_port}",
        auth=("neo4j", "password"),
        connection_timeout=2,
        max_transaction_retry_time=0,
    )
    try:
        with _serve(Neo4jStore(driver, "neo4j", 5.0)) as server, httpx.Client(base_url=server.url, timeout=30) as c:
            yield c
    finally:
        driver.close()


def test_ready_is_503_when_the_store_is_down(down: httpx.Client) -> None:
    assert down.get("/health").json() == {"status": "ok"}
    body = assert_problem(down.get("/ready"), 503)
    assert body["title"] == "Store unavailable"


@pytest.mark.parametrize("url", URLS)
def test_reads_are_503_when_the_store_is_down(down: httpx.Client, url: str) -> None:
    body = assert_problem(down.get(url), 503)
    assert "127.0.0.1" not in body["detail"]  # the problem names no host or port


def test_bad_input_is_still_422_when_the_store_is_down(down: httpx.Client) -> None:
    assert_problem(down.get("/timeline?limit=9999"), 422)


class _TimingOutDriver:
    """Answers every query as Neo4j does when a transaction exceeds its timeout."""

    def execute_query(self, query: neo4j.Query, *args: Any, **kwargs: Any) -> Any:
        assert isinstance(query, neo4j.Query) and query.timeout == 0.5  # the store passes its timeout per query
        assert kwargs["routing_"] is neo4j.RoutingControl.READ and kwargs["database_"] == "neo4j"
        raise _timed_out()

    def session(self, **kwargs: Any) -> Any:  # /paths reads the graph's version (a bookmark) in a session first
        assert kwargs["default_access_mode"] == neo4j.READ_ACCESS and kwargs["database"] == "neo4j"
        raise _timed_out()


def _timed_out() -> Neo4jError:
    return Neo4jError._hydrate_neo4j(  # the driver's own constructor for server errors
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        message="The transaction has been terminated. Retry your operation in a new transaction.",
    )


def test_a_query_timeout_is_a_query_timeout() -> None:
    store = Neo4jStore(_TimingOutDriver(), "neo4j", 0.5)  # type: ignore[arg-type]
    with pytest.raises(QueryTimeout, match=r"longer than 0\.5 s"):
        store.actors(["person"])


@pytest.mark.parametrize("url", URLS)
def test_reads_are_504_when_the_query_times_out(url: str) -> None:
    store = Neo4jStore(_TimingOutDriver(), "neo4j", 0.5)  # type: ignore[arg-type]
    with _serve(store) as server:
        body = assert_problem(httpx.get(server.url + url, timeout=30), 504)
    assert body["title"] == "Query timed out"


class _BrokenStore:
    name = "broken"

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret internals: /etc/passwd at line 42")

        return fail


def test_an_unexpected_error_is_a_500_problem_without_internals() -> None:
    with _serve(_BrokenStore()) as server:
        response = httpx.get(server.url + "/timeline", timeout=30)
    body = assert_problem(response, 500)
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert body["detail"] == "the service failed to answer; see its log"
