"""The reader's timeline page in a real headless Chromium (Debian's, driven by Playwright; no browser download).

The service runs over real HTTP (LiveServer, embedded store holding the bundled article). Every test records each
request the page makes, each console message and each page error: a request to any other host, a console error,
an uncaught exception or a failed response fails the test. Screenshots go to test-artifacts/.

Without Chromium (or Playwright) the tests are skipped, or fail when REQUIRE_NEO4J=1 (CI).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_service.app import create_app
from graph_service.stores.embedded import EmbeddedStore
from loaders.load import load_embedded
from tests.browser.chromium import chromium_path, unavailable
from tests.conftest import ARTICLE, SOURCE_ID
from tests.live_server import LiveServer
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import Settings

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
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
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

FREEZE = "china-freezes-military-contacts"
AUSTIN_WEI = "austin-wei-meeting-2022-11"
CALIFORNIA = "xi-biden-california-meeting-2023-11"
BROWN_LIU = "brown-liu-talks-2023-12"
BALLOON = "balloon-discovery"
YELLEN = "yellen-arrives-in-china"
EXPECTED_CALL = "defence-ministers-call-expected"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    graph = EmbeddedGraph()
    load_embedded(graph, [ARTICLE])
    with LiveServer(create_app(settings=Settings.model_validate({}), store=EmbeddedStore(graph))) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright; never `playwright install`)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and everything it did that a test must not let pass: requests elsewhere, errors."""

    page: Any
    origin: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check(self) -> None:
        # data: URLs are inline; blob: URLs of this origin are made by the page itself (ReDoc's worker).
        local = (self.origin + "/", "data:", f"blob:{self.origin}/")
        foreign = [url for url in self.requests if not url.startswith(local)]
        assert not foreign, f"requests to another host: {foreign}"
        assert self.requests, "the page made no request at all?"
        assert not self.problems, "\n".join(self.problems)


def _watch(page: Any, origin: str) -> Watched:
    watched = Watched(page, origin)
    page.on("request", lambda r: watched.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and watched.problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: watched.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: watched.problems.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and watched.problems.append(f"{r.status} for {r.url}"))
    return watched


@pytest.fixture
def watched(browser: Any, site: str) -> Iterator[Watched]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    w = _watch(page, site)
    yield w
    context.close()
    w.check()


def _wait(page: Any, predicate: str, arg: Any = None, timeout: float = 30) -> None:
    """Poll ``predicate`` (a JavaScript function) until it is true. Not wait_for_function: that evaluates strings
    in the page, which the page's Content-Security-Policy refuses (no eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {predicate}")
        time.sleep(0.05)


_BOXES = """selectors => selectors.map(s => {
    const e = document.querySelector(s);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {x: r.left, y: r.top, width: r.width, height: r.height, right: r.right, bottom: r.bottom};
})"""


def _boxes(page: Any, *selectors: str) -> list[dict[str, float]]:
    """Where each selector's first element is drawn, all read in one go once the drawing has settled (vis-timeline
    redraws when the page's scrollbar appears: two reads apart could straddle a redraw)."""
    previous = None
    for _ in range(100):
        boxes: list[dict[str, float]] = page.evaluate(_BOXES, list(selectors))
        if boxes == previous:
            missing = [s for s, b in zip(selectors, boxes, strict=True) if b is None]
            assert not missing, f"not drawn: {missing}"
            return boxes
        previous = boxes
        time.sleep(0.2)
    pytest.fail("the drawing never settled")


def _open(w: Watched, path: str = "/") -> Any:
    w.page.goto(w.origin + path)
    _wait(w.page, "() => document.body.dataset.ready === 'true'")
    return w.page


def _event(site: str, event_id: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{site}/events/{event_id}", timeout=30).json()
    return body


def _serious(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now (axe injected inline: no request)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/build-web.sh (make venv does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def test_story_drawn_in_order_at_its_real_uncertainty(watched: Watched) -> None:
    page = _open(watched)
    assert page.locator(".vis-item.ev[data-id]").count() == len(httpx.get(f"{watched.origin}/timeline").json()["items"])
    freeze, austin, california, brown_liu, balloon, call, yellen, yellen_dot = _boxes(
        page,
        *(f'.vis-item.ev[data-id="{i}"]' for i in (FREEZE, AUSTIN_WEI, CALIFORNIA, BROWN_LIU, BALLOON)),
        *(f'.vis-item.ev[data-id="{i}"]' for i in (EXPECTED_CALL, YELLEN)),
        f'.vis-item.ev[data-id="{YELLEN}"] .vis-dot',
    )

    # In order along the axis: the freeze (on or before November 2022) ends where the Austin-Wei month ends,
    # California (November 2023) comes after, Brown-Liu (December 2023) starts where November ends, then the
    # expected call (on or after 3 April 2024).
    assert abs(freeze["right"] - austin["right"]) <= 1
    assert austin["right"] < california["x"]
    assert abs(california["right"] - brown_liu["x"]) <= 1
    assert brown_liu["right"] < call["x"]

    # Widths are the dates' real spans: a month ~ 30 days of axis, a year ~ 365; a day is a point.
    assert california["width"] / brown_liu["width"] == pytest.approx(30 / 31, rel=0.03)
    assert balloon["width"] / california["width"] == pytest.approx(365 / 30, rel=0.03)
    assert page.locator(f'.vis-item.ev.vis-point[data-id="{YELLEN}"]').count() == 1
    assert yellen_dot["width"] < california["width"] / 2

    # Open bounds fade out, at the open end; expected and planned events sit in their own row, below.
    def bar(event_id: str) -> str:
        return str(
            page.evaluate(
                "id => getComputedStyle(document.querySelector(`.vis-item[data-id='${id}']`), '::before')"
                ".backgroundImage",
                event_id,
            )
        )

    assert bar(FREEZE).startswith("linear-gradient(to right, rgba(0, 0, 0, 0)")
    assert bar(EXPECTED_CALL).startswith("linear-gradient(to right, rgb(")
    assert bar(EXPECTED_CALL).endswith("rgba(0, 0, 0, 0))")
    assert bar(CALIFORNIA) == "none"
    occurred_bottom = max(b["bottom"] for b in (freeze, austin, california, brown_liu, balloon))
    assert call["y"] > occurred_bottom and yellen["y"] > occurred_bottom

    # The same in words: the list gives every event, in the API's order.
    listed = page.locator("#event-list .event-button").evaluate_all("bs => bs.map(b => b.dataset.id)")
    assert listed == [e["id"] for e in httpx.get(f"{watched.origin}/timeline").json()["items"]]


def test_suspended_band_between_the_freeze_and_california(watched: Watched) -> None:
    page = _open(watched)
    freeze, california, suspended, resumed, edge = _boxes(
        page,
        f'.vis-item.ev[data-id="{FREEZE}"]',
        f'.vis-item.ev[data-id="{CALIFORNIA}"]',
        ".vis-item.band.state-suspended:not(.band-edge)",
        ".vis-item.band.state-resumed:not(.band-edge)",
        ".vis-item.band.state-suspended.band-edge.edge-to",
    )
    # Surely suspended from the day after the freeze's latest possible day to California's earliest.
    assert abs(suspended["x"] - freeze["right"]) <= 1
    assert abs(suspended["right"] - california["x"]) <= 1
    # Surely resumed once November 2023 is over; in between, the paler band of the uncertain month.
    assert abs(resumed["x"] - california["right"]) <= 1
    assert abs(edge["x"] - california["x"]) <= 1 and abs(edge["right"] - california["right"]) <= 1
    assert "suspended from by 2022-11 to 2023-11" in page.locator("#band-list").inner_text()


def test_clicking_an_event_shows_its_quote_and_the_source_marks_exactly_it(watched: Watched) -> None:
    page = _open(watched)
    detail = _event(watched.origin, CALIFORNIA)
    [quote] = [q for s in detail["sources"] for q in s["quotes"]]
    page.locator(f'.vis-item.ev[data-id="{CALIFORNIA}"]').click()
    _wait(page, "t => document.getElementById('detail-heading').textContent === t", detail["title"])
    panel = page.locator("#detail")
    assert f"“{quote['quote']}”" in panel.inner_text()
    assert "Joe Biden" in panel.inner_text() and "California" in panel.inner_text()
    assert "led to Joint Chiefs chairman Charles Brown" in panel.inner_text()  # an effect, one click away

    panel.locator(".source a.source-link").first.click()  # under Sources (causes and effects have links too)
    page.wait_for_selector("#source-view[open] #quote-mark")
    mark = page.locator("#quote-mark")
    assert mark.inner_text() == quote["quote"]
    # The mark sits at the quote's offsets: the text before it is exactly `start` characters long.
    before = page.evaluate(
        """() => { const r = document.createRange(); const body = document.getElementById('source-text');
                   r.setStart(body, 0); r.setEndBefore(document.getElementById('quote-mark'));
                   return Array.from(r.toString()).length; }"""
    )
    assert before == quote["start"]
    text = httpx.get(f"{watched.origin}/sources/{SOURCE_ID}").json()["text"]
    assert page.locator("#source-text").evaluate("e => e.textContent") == text
    assert mark.is_visible() and mark.evaluate(
        "m => { const r = m.getBoundingClientRect(); const b = m.parentElement.getBoundingClientRect();"
        " return r.top >= b.top && r.bottom <= b.bottom; }"
    ), "the marked quote is scrolled into view"
    page.keyboard.press("Escape")
    _wait(page, "() => !document.getElementById('source-view').open")


def test_path_view_draws_freeze_to_california_to_brown_liu(watched: Watched) -> None:
    page = _open(watched)
    assert page.locator("#path-mode").input_value() == "chronological"
    page.select_option("#path-from", FREEZE)
    page.select_option("#path-to", BROWN_LIU)
    page.get_by_role("button", name="Show how").click()
    page.wait_for_selector("#paths .path")
    paths = page.locator("#paths .path .steps").evaluate_all(
        "lists => lists.map(l => Array.from(l.querySelectorAll('.step'), s => [s.dataset.label, s.dataset.id]))"
    )
    events = [[i for label, i in steps if label == "Event"] for steps in paths]
    assert [FREEZE, CALIFORNIA, BROWN_LIU] in events, events
    drawn = page.locator("#paths .path").nth(events.index([FREEZE, CALIFORNIA, BROWN_LIU])).inner_text()
    assert "changed the state of (suspended) →" in drawn and "led to →" in drawn
    requested = [u for u in watched.requests if "/paths?" in u]
    assert requested and "mode=chronological" in requested[-1]


def test_keyboard_alone_reaches_an_event_its_quote_and_the_source(watched: Watched) -> None:
    page = _open(watched)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # skip to the list of events
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.id")
    assert focused == FREEZE  # the first event of the timeline
    page.keyboard.press("Enter")
    _wait(page, "() => document.activeElement.id === 'detail-heading'")
    assert page.locator("#detail-heading").inner_text() == _event(watched.origin, FREEZE)["title"]
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('source-link')"):
            break
    else:
        pytest.fail("Tab never reached a 'Show in the source' link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#source-view[open] #quote-mark")
    page.keyboard.press("Escape")
    _wait(page, "() => !document.getElementById('source-view').open")


def test_known_on_control_follows_what_the_api_advertises(watched: Watched) -> None:
    page = _open(watched)
    spec = httpx.get(f"{watched.origin}/openapi.json").json()
    advertised = any(p["name"] == "known_at" for p in spec["paths"]["/timeline"]["get"].get("parameters", []))
    control = page.locator("#known-at-control")
    assert control.is_visible() == advertised
    if advertised:
        for day in ("2023-01-01", "2024-04-03"):
            known = httpx.get(f"{watched.origin}/timeline", params={"known_at": day, "limit": 500}).json()["items"]
            page.fill("#filter-known-at", day)
            page.locator("#filter-known-at").dispatch_event("change")
            _wait(
                page,
                "n => document.getElementById('status').textContent === `${n} event${n === 1 ? '' : 's'}.`",
                len(known),
            )
            assert any("/timeline?" in u and f"known_at={day}" in u for u in watched.requests)
            drawn = page.locator(".vis-item.ev[data-id]").evaluate_all("els => els.map(e => e.dataset.id)")
            assert sorted(drawn) == sorted(e["id"] for e in known)


def test_no_serious_accessibility_violations_and_screenshots(browser: Any, site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport, mobile in (("1280x800", DESKTOP, False), ("phone-390x844", PHONE, True)):
        # bypass_csp: axe is injected as an inline script, which the page's policy refuses. Requests are still
        # recorded, so a request to another host would still fail the test.
        context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, bypass_csp=True)
        page = context.new_page()
        w = _watch(page, site)
        _open(w)
        page.locator(f'.event-button[data-id="{CALIFORNIA}"]').click()
        page.wait_for_selector("#detail a.source-link")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.wait_for_timeout(300)  # vis-timeline redraws on resize and selection
        page.screenshot(path=str(ARTIFACTS / f"reader-{name}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (
            f"the page scrolls sideways at {name}"
        )
        violations = _serious(page)
        page.locator("#detail a.source-link").first.click()
        page.wait_for_selector("#source-view[open] #quote-mark")
        violations += _serious(page)
        page.screenshot(path=str(ARTIFACTS / f"reader-source-{name}.png"))
        context.close()
        w.check()
        assert not violations, f"at {name}:\n" + "\n".join(violations)
        assert (ARTIFACTS / f"reader-{name}.png").stat().st_size > 20_000


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_render_their_operations_offline(watched: Watched, path: str) -> None:
    page = watched.page
    page.goto(watched.origin + path)
    spec = httpx.get(f"{watched.origin}/openapi.json").json()
    summaries = [op["summary"] for item in spec["paths"].values() for op in item.values()]
    if path == "/docs":
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)
        drawn = page.locator(".opblock-summary-path").evaluate_all("els => els.map(e => e.textContent)")
        assert set(drawn) == set(spec["paths"]), "Swagger UI draws every route"
    else:
        page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000)
        page.wait_for_timeout(300)
    text = page.locator("body").inner_text()
    missing = [s for s in summaries if s not in text]
    assert not missing, f"{path} does not show {missing}"
