"""The analyst kit in a real Neo4j Browser: Debian's headless Chromium, driven by Playwright (no browser download).

Opens the Browser the local test server serves, connects through its form, applies the style served by the API
(started here on a free port of localhost, a host Browser's default allow-list accepts), sets the library's
parameters with the guide's `:params` line, runs the freeze-and-restore question as it is in queries/analyst, and
reads the graph view: one SVG ``g.node`` per node the query returns, each node the right one (Browser labels it
``graph-node<id>``), captioned by the style. A screenshot goes to test-artifacts/.

Without Chromium (or Playwright) the test is skipped, or fails when REQUIRE_NEO4J=1 (CI).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from neo4j import Driver, RoutingControl
from neo4j.graph import Node
from neo4j.graph import Path as GraphPath

import queries
from graph_service.app import create_app
from graph_service.routers import analyst
from graph_service.stores.embedded import EmbeddedStore
from tests.browser.chromium import chromium_path, unavailable
from tests.neo4j_server import Neo4jConnection
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOT = ARTIFACTS / "neo4j-browser-freeze-restore.png"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FREEZE_RESTORE = "analyst/02-channel-freeze-and-restore"
EVENT_COLOUR = "#F79767"  # node.Event in queries/analyst/style.grass
CHANNEL_COLOUR = "#DA7194"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def api_url() -> Iterator[str]:
    """The service (with the analyst router) on a free port; Browser reaches it as localhost."""
    app = create_app(Settings(), store=EmbeddedStore(EmbeddedGraph()))
    if not any(getattr(route, "path", "") == "/analyst/style.grass" for route in app.routes):
        app.include_router(analyst.router)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _nodes(value: Any) -> dict[str, Node]:
    if isinstance(value, Node):
        return {value.element_id: value}
    if isinstance(value, GraphPath):
        return {n.element_id: n for n in value.nodes}
    if isinstance(value, list):
        found: dict[str, Node] = {}
        for item in value:
            found |= _nodes(item)
        return found
    return {}


def _expected_nodes(driver: Driver, database: str) -> dict[str, Node]:
    """What Browser should draw, keyed as Browser labels nodes: graph-node<legacy id>."""
    query = queries.load(FREEZE_RESTORE)
    records, _, _ = driver.execute_query(query.text, query.examples, database_=database, routing_=RoutingControl.READ)
    found: dict[str, Node] = {}
    for record in records:
        for value in record.values():
            found |= _nodes(value)
    return {f"graph-node{element_id.rsplit(':', 1)[-1]}": node for element_id, node in found.items()}


def _run(page: Any, text: str) -> None:
    """Replace the main editor's content with ``text`` and run it."""
    page.locator(".monaco-editor").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    page.locator("[data-testid=editor-Run]").first.click()


def _wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=text, timeout=20_000)


def test_freeze_and_restore_story_is_drawn_in_neo4j_browser(
    article_neo4j: Driver, neo4j_server: Neo4jConnection, api_url: str
) -> None:
    chromium = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright; never `playwright install`)")
    if neo4j_server.browser_url is None:
        unavailable(f"the {neo4j_server.source} server gives no Browser URL (only the local test server does)")
    assert neo4j_server.browser_url is not None
    expected = _expected_nodes(article_neo4j, neo4j_server.database)
    by_id = {node["id"]: key for key, node in expected.items()}
    for must in (
        "china-freezes-military-contacts",
        "xi-biden-california-meeting-2023-11",
        "us-china-military-communication",
    ):
        assert must in by_id, must

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(neo4j_server.browser_url)
            page.wait_for_selector("[data-testid=username]", timeout=60_000)
            host_port = neo4j_server.uri.split("://", 1)[1]
            page.select_option("[data-testid=bolt-scheme-select]", "bolt://")
            page.fill("[data-testid=boltaddress]", host_port)
            page.fill("[data-testid=username]", neo4j_server.user)
            page.fill("[data-testid=password]", neo4j_server.password)
            page.click("[data-testid=connect]")
            page.wait_for_selector("text=You are connected as user", timeout=60_000)

            _run(page, f":style {api_url}/analyst/style.grass")
            _wait_for_text(page, "{date} {title}")  # the style frame lists the rules it applied
            _run(page, analyst.params_command())
            _wait_for_text(page, '"channel": "us-china-military-communication"')  # the params frame
            _run(page, queries.load(FREEZE_RESTORE).text)

            page.wait_for_selector("svg g.node", timeout=60_000)
            deadline = time.monotonic() + 30
            drawn: list[dict[str, str]] = []
            while time.monotonic() < deadline:
                drawn = page.locator("svg g.node").evaluate_all(
                    """els => els.map(e => ({
                        key: e.getAttribute('aria-label'),
                        caption: Array.from(e.querySelectorAll('text.caption'), t => t.textContent.trim()).join(' '),
                        fill: (e.querySelector('circle.b-outline') || {getAttribute: () => ''}).getAttribute('fill'),
                    }))"""
                )
                if len(drawn) >= len(expected):
                    break
                time.sleep(0.5)
            time.sleep(2)  # let the force layout settle for the screenshot
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()

    shown = {d["key"]: d for d in drawn}
    assert len(drawn) == len(expected), f"Browser drew {len(drawn)} nodes, the query returns {len(expected)}"
    assert set(shown) == set(expected), "Browser drew other nodes than the query returns"

    freeze = shown[by_id["china-freezes-military-contacts"]]
    california = shown[by_id["xi-biden-california-meeting-2023-11"]]
    channel = shown[by_id["us-china-military-communication"]]
    # Captions from the style: an event shows its date then its title (long titles are cut by Browser), a channel
    # and a person their name.
    assert freeze["caption"].startswith("../2022-11 China freezes"), freeze
    assert california["caption"].startswith("2023-11 Xi and Biden"), california
    assert channel["caption"].startswith("US-China"), channel
    assert shown[by_id["lloyd-austin"]]["caption"] == "Lloyd Austin"
    assert freeze["fill"].upper() == EVENT_COLOUR and channel["fill"].upper() == CHANNEL_COLOUR
    assert SCREENSHOT.stat().st_size > 10_000
