"""A Neo4j that is stopped, restarted, paused (SIGSTOP) and resumed (SIGCONT) under a running service: quick
503/504 within the deadline, Retry-After on every 503, /health never waits, and ready again once Neo4j is back.
The server is the fault tests' own (tests/faults/conftest.py), never the one other tests share."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graph_service.app import create_app
from tests.live_server import LiveServer
from timeline_kg.settings import Settings

from .conftest import FaultNeo4j

pytestmark = pytest.mark.neo4j

DEADLINE = 3.0  # seconds: TIMELINE_KG_DEADLINE for these services
SLACK = 1.5  # scheduling on a shared 2-core machine
STORE_URLS = [
    "/timeline",
    "/events/pelosi-taiwan-visit",
    "/actors",
    "/channels",
    "/paths?from=lloyd-austin&to=wei-fenghe",
]


def _settings(server: FaultNeo4j) -> Settings:
    return Settings.model_validate(
        {
            "NEO4J_URI": server.uri,
            "NEO4J_PASSWORD": server.password,
            "TIMELINE_KG_DEADLINE": DEADLINE,
        }
    )


@pytest.fixture
def service(fault_neo4j: FaultNeo4j) -> Iterator[httpx.Client]:
    app = create_app(settings=_settings(fault_neo4j))
    with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=DEADLINE + 10) as client:
        yield client


def _timed(client: httpx.Client, url: str) -> tuple[httpx.Response | Exception, float]:
    started = time.monotonic()
    try:
        return client.get(url), time.monotonic() - started
    except httpx.HTTPError as exc:
        return exc, time.monotonic() - started


def _unavailable(response: httpx.Response | Exception, statuses: tuple[int, ...] = (503,)) -> dict[str, Any]:
    assert isinstance(response, httpx.Response), f"no answer: {response!r}"
    assert response.status_code in statuses, f"{response.status_code}: {response.text[:300]}"
    assert response.headers["content-type"].startswith("application/problem+json")
    if response.status_code == 503:
        assert int(response.headers["retry-after"]) >= 1, response.headers
    body: dict[str, Any] = response.json()
    return body


def _answering(client: httpx.Client, within: float = 60) -> None:
    """Every store route answers 200 (the service's connections are open and Neo4j has planned its queries): on a
    busy machine the first requests to a fresh service may need longer than the short deadline used here."""
    deadline = time.monotonic() + within
    for url in STORE_URLS:
        while client.get(url).status_code != 200:
            assert time.monotonic() < deadline, f"{url} never answered 200"


def _wait_ready(client: httpx.Client, within: float) -> None:
    deadline = time.monotonic() + within
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = client.get("/ready")
            if response.status_code == 200:
                return
            last = response.status_code
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.5)
    pytest.fail(f"not ready {within:g} s after Neo4j came back (last answer: {last})")


def test_paused_neo4j_answers_within_the_deadline_and_health_never_waits(
    service: httpx.Client, fault_neo4j: FaultNeo4j
) -> None:
    _answering(service)  # pooled connections to a server that then stops answering
    fault_neo4j.pause()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            stuck = [pool.submit(_timed, service, STORE_URLS[i % len(STORE_URLS)]) for i in range(48)]
            time.sleep(0.5)  # every one of them now waits on the store
            health, health_took = _timed(service, "/health")
            ready, ready_took = _timed(service, "/ready")
            answers = [f.result() for f in stuck]
        assert isinstance(health, httpx.Response) and health.status_code == 200
        assert health_took < 1.0, f"/health took {health_took:.1f} s behind requests waiting on Neo4j"
        _unavailable(ready)
        assert ready_took < DEADLINE + SLACK, f"/ready took {ready_took:.1f} s"
        slowest = max(took for _, took in answers)
        for response, _ in answers:
            _unavailable(response, (503, 504))
        assert slowest < DEADLINE + 2 * SLACK, f"the slowest answer took {slowest:.1f} s; deadline {DEADLINE:g} s"
    finally:
        fault_neo4j.resume()
    _wait_ready(service, within=90)
    for url in STORE_URLS:
        assert service.get(url).status_code == 200


def test_stopped_neo4j_is_a_quick_503_and_the_service_starts_without_it(
    service: httpx.Client, fault_neo4j: FaultNeo4j
) -> None:
    _answering(service)
    fault_neo4j.stop()
    try:
        for url in [*STORE_URLS, "/ready"]:
            response, took = _timed(service, url)
            _unavailable(response)
            assert took < 2.0, f"{url} took {took:.1f} s to say Neo4j is gone"
        assert service.get("/health").status_code == 200
        # A second service starts while Neo4j is down, answers /health, and says not ready.
        later_app = create_app(settings=_settings(fault_neo4j))
        with LiveServer(later_app) as later, httpx.Client(base_url=later.url, timeout=DEADLINE + 10) as late_client:
            assert late_client.get("/health").status_code == 200
            _unavailable(late_client.get("/ready"))
            _unavailable(late_client.get("/timeline"))
            fault_neo4j.start()
            _wait_ready(late_client, within=90)
            assert late_client.get("/timeline").status_code == 200
    finally:
        fault_neo4j.start()  # no-op when running: the next test needs it
    _wait_ready(service, within=90)
    assert service.get("/timeline").status_code == 200


def test_first_requests_after_start_are_warm(fault_neo4j: FaultNeo4j) -> None:
    """Read queries are planned when the service starts: the first request is within 10x of a warm one."""
    import neo4j

    with neo4j.GraphDatabase.driver(fault_neo4j.uri, auth=("neo4j", fault_neo4j.password)) as driver:
        driver.execute_query("CALL db.clearQueryCaches()", database_="neo4j")
    # Not /paths nor a ranged /timeline: their first request with new values (path ends, a range) costs 0.2-0.9 s
    # on this machine even after the warm-up ran the same query text with the same parameter types, and ~60 ms
    # when repeated (docs/failure-behaviour.md: not yet explained, so not claimed).
    urls = ["/timeline?actor=lloyd-austin", "/channels/us-china-military-communication/history",
            "/events/pelosi-taiwan-visit", "/actors/lloyd-austin"]
    app = create_app(settings=_settings(fault_neo4j))
    with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        for url in urls:
            first = _timed(client, url)[1]
            warm = sorted(_timed(client, url)[1] for _ in range(9))[4]
            print(f"{url}: first {first * 1000:.0f} ms, warm median {warm * 1000:.0f} ms, {first / warm:.1f}x")
            assert first <= 10 * warm, f"{url}: first {first:.3f} s, warm {warm:.3f} s"
