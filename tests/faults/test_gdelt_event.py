"""GET /events/{id} on an event loaded from GDELT: its source edge carries no quote (GDELT gives only a URL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph_service import shaping
from graph_service.app import create_app
from graph_service.stores.neo4j import Neo4jStore
from loaders.gdelt import load_files
from loaders.gdelt import synth as gdelt_synth
from tests.live_server import LiveServer
from timeline_kg.settings import Settings


def test_a_report_without_quote_shapes_as_a_source_without_quotes() -> None:
    day = dt.date(2024, 1, 2)
    event = {"id": "gdelt-1", "title": "t", "kind": "other", "status": "occurred", "date": "2024-01-02",
             "dateLower": day, "dateUpper": day, "datePrecision": "day", "dateText": None, "note": None}
    source = {"id": "gdelt-src-1", "title": None, "publisher": "example.com", "url": "https://example.com/a",
              "published": None}
    report = {"source": source, "quote": None, "start": None, "end": None, "kind": None}
    detail = shaping.event_detail(event, [], [], [], [], [], [report], [])  # type: ignore[arg-type]
    assert [s.id for s in detail.sources] == ["gdelt-src-1"]
    assert detail.sources[0].quotes == []


@pytest.fixture
def gdelt_service(neo4j_driver: Driver, neo4j_database: str, tmp_path: Path) -> Iterator[httpx.Client]:
    path = gdelt_synth.write_file(tmp_path / "20240101000000.export.CSV", 20, seed=7)
    load_files(neo4j_driver, neo4j_database, [path])
    store = Neo4jStore(neo4j_driver, neo4j_database, timeout=10)
    try:
        app = create_app(settings=Settings.model_validate({}), store=store)
        with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        # Leave no GDELT behind: the API tests reload the article into an empty graph.
        neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_database)


@pytest.mark.neo4j
def test_gdelt_events_answer_with_their_sources(gdelt_service: httpx.Client) -> None:
    items = gdelt_service.get("/timeline?limit=5").json()["items"]
    assert items
    for item in items:
        response = gdelt_service.get(f"/events/{item['id']}")
        assert response.status_code == 200, response.text[:300]
        sources = response.json()["sources"]
        assert sources and all(s["quotes"] == [] for s in sources)
