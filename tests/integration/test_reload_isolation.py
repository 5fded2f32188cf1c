"""Reloading a source while the service answers (issue 10, item 2).

A reload that changes nothing must be invisible to readers, and one that changes something must show them each
fact as it was or as it becomes: no 5xx, no 404 for an id that exists before and after. Checked two ways on a real
Neo4j: the nodes and relationships that stay keep their identity (nothing deleted and re-created), and readers
hammering the API over real HTTP during repeated reloads see no error.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from neo4j import Driver

from graph_service.app import create_app
from loaders.load import load_neo4j
from tests.conftest import ARTICLE
from tests.live_server import LiveServer
from tests.neo4j_server import Neo4jConnection

pytestmark = pytest.mark.neo4j

MEETING = "austin-wei-meeting-2022-11"
ORIGINAL = ("US Defence Secretary Lloyd Austin meets Chinese defence minister Wei Fenghe in Cambodia", "2022-11")
EDITED = ("Austin and Wei meet in Cambodia", "2022-11-20")


def _edited(tmp_path: Path) -> Path:
    """The article with the meeting retitled and dated to a day, and the balloon incident gone."""
    shutil.copy(ARTICLE.with_suffix(".txt"), tmp_path / ARTICLE.with_suffix(".txt").name)
    data = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["id"] != "balloon-discovery"]
    data["relations"] = [r for r in data["relations"] if "balloon-discovery" not in (r["from"], r["to"])]
    for event in data["events"]:
        if event["id"] == MEETING:
            event["title"], event["date"] = EDITED
    path = tmp_path / ARTICLE.name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _identities(driver: Driver, database: str) -> tuple[dict[str, str], set[str]]:
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN n.id AS id, elementId(n) AS eid", database_=database)
    rels, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN elementId(r) AS eid", database_=database)
    return {r["id"]: r["eid"] for r in nodes}, {r["eid"] for r in rels}


def test_a_reload_keeps_every_node_and_relationship_that_stays(
    neo4j_driver: Driver, neo4j_server: Neo4jConnection, tmp_path: Path
) -> None:
    db = neo4j_server.database
    load_neo4j(neo4j_driver, db, [ARTICLE])
    nodes, rels = _identities(neo4j_driver, db)
    load_neo4j(neo4j_driver, db, [ARTICLE])
    assert _identities(neo4j_driver, db) == (nodes, rels)  # unchanged: the very same nodes and relationships
    load_neo4j(neo4j_driver, db, [_edited(tmp_path)])
    after, _ = _identities(neo4j_driver, db)
    assert set(nodes) - set(after) == {"balloon-discovery"}
    assert all(after[ident] == eid for ident, eid in nodes.items() if ident in after)  # none re-created


@pytest.fixture
def neo4j_service(neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> Iterator[str]:
    load_neo4j(neo4j_driver, neo4j_server.database, [ARTICLE])
    settings = neo4j_server.app_settings()
    with LiveServer(create_app(settings=settings)) as server:
        yield server.url


class _Readers:
    """Threads reading every kind of route in a loop, tallying what they get."""

    def __init__(self, url: str, events: list[str], threads: int = 3) -> None:
        self.paths = [
            "/timeline?limit=100",
            *(f"/events/{e}" for e in events),
            "/actors/lloyd-austin",
            "/channels/us-china-military-communication/history",
        ]
        self.url, self.stop = url, threading.Event()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.meeting_versions: set[tuple[str, str]] = set()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            while not self.stop.is_set():
                for path in self.paths:
                    response = client.get(path)
                    with self.lock:
                        self.statuses[response.status_code] += 1
                        if response.status_code != 200:
                            self.failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                        elif path == f"/events/{MEETING}":
                            body = response.json()
                            self.meeting_versions.add((body["title"], body["date"]["edtf"]))

    def __enter__(self) -> _Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def _warm(url: str, path: str) -> httpx.Response:
    deadline = time.monotonic() + 120
    while True:
        response = httpx.get(url + path, timeout=60)
        if response.status_code == 200 or time.monotonic() > deadline:
            assert response.status_code == 200, f"{path} does not answer: {response.status_code} {response.text}"
            return response


def test_readers_see_no_error_while_sources_are_reloaded(
    neo4j_service: str, neo4j_driver: Driver, neo4j_server: Neo4jConnection, tmp_path: Path
) -> None:
    db = neo4j_server.database
    timeline = _warm(neo4j_service, "/timeline?limit=100").json()
    # Events present in both versions: a 404 for any of them is false.
    events = [item["id"] for item in timeline["items"] if item["id"] != "balloon-discovery"]
    edited = _edited(tmp_path)
    readers = _Readers(neo4j_service, events)
    for path in readers.paths:  # query plans cached before the clock starts (a cold first query can take 10 s)
        _warm(neo4j_service, path)
    with readers:
        time.sleep(0.5)
        for _ in range(6):  # unchanged reloads: invisible
            load_neo4j(neo4j_driver, db, [ARTICLE])
        for i in range(6):  # changed reloads: old or new, never half
            load_neo4j(neo4j_driver, db, [edited if i % 2 == 0 else ARTICLE])
        time.sleep(0.5)
    assert readers.failures == [], f"{len(readers.failures)} failures, e.g. {readers.failures[:5]}"
    assert sum(readers.statuses.values()) > 50, readers.statuses  # the readers really ran during the reloads
    assert readers.meeting_versions <= {ORIGINAL, EDITED}, readers.meeting_versions
