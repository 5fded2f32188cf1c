"""The analyst kit without a server: the routes that serve it (CORS for Browser's origin included), the guide
rendered from the library, the style covering every label, and the Browser settings `neo4j start` writes."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import queries
from graph_service.app import create_app
from graph_service.cli.neo4j import browser_conf
from graph_service.routers import analyst
from graph_service.stores.embedded import EmbeddedStore
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import EntityLabel, Label
from timeline_kg.settings import Settings

BROWSER = "http://127.0.0.1:7474"


def app_with_analyst_router() -> FastAPI:
    """The service's app, which serves the analyst kit beside the API."""
    return create_app(Settings(), store=EmbeddedStore(EmbeddedGraph()))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(app_with_analyst_router()) as test_client:
        yield test_client


def runnable_blocks(page: str) -> list[str]:
    return [
        html.unescape(b) for b in re.findall(r'<pre mode="cypher" class="[^"]*runnable[^"]*">(.*?)</pre>', page, re.S)
    ]


def test_guide_is_a_browser_guide_with_the_library_queries_verbatim(client: TestClient) -> None:
    response = client.get("/analyst/guide.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<article class="guide">' in page and "<carousel" in page and page.count("<slide") >= 7
    assert "<!-- query:" not in page and "<!-- params -->" not in page and "<!-- api -->" not in page
    assert ":style http://testserver/analyst/style.grass" in page
    blocks = runnable_blocks(page)
    texts = {queries.load(n).text.rstrip() for n in queries.names() if n.startswith("analyst/")}
    shown = [b for b in blocks if not b.startswith(":")]
    assert shown and all(b in texts for b in shown), "a runnable query in the guide is not a library file"
    for name in ("10-named-events", "02-channel-freeze-and-restore", "03-office-holders", "04-shortest-path"):
        assert any(f"// name: analyst/{name}" in b for b in shown), name
    assert blocks[0] == analyst.params_command()


def test_params_command_sets_every_parameter_of_the_library() -> None:
    command = analyst.params_command()
    assert command.startswith(":params {") and command.endswith("}")
    for name in queries.names():
        if name.startswith("analyst/"):
            for p in queries.load(name).params:
                assert f"{p.name}: " in command
    assert 'actor: "lloyd-austin"' in command
    assert 'channel: "us-china-military-communication"' in command


def test_style_gives_every_label_a_colour_and_a_caption(client: TestClient) -> None:
    response = client.get("/analyst/style.grass")
    assert response.status_code == 200
    rules = dict(re.findall(r"^(node\.\w+|relationship\.\w+) \{\n(.*?)^\}", response.text, re.S | re.M))
    for label in [*Label, *EntityLabel]:
        body = rules.get(f"node.{label.value}")
        assert body is not None, f"no style for :{label.value}"
        assert re.search(r"\bcolor: #[0-9A-Fa-f]{6};", body) and "caption: '{" in body, label
    assert "caption: '{date} {title}'" in rules["node.Event"]
    assert "caption: '{name}'" in rules["node.Person"]
    assert "caption: '{state}'" in rules["relationship.CHANGED_STATE"]


def test_browser_origin_may_fetch_guide_and_style(client: TestClient) -> None:
    for path in ("/analyst/guide.html", "/analyst/style.grass", "/analyst/queries"):
        response = client.get(path, headers={"Origin": BROWSER})
        assert response.headers["access-control-allow-origin"] == BROWSER, path
    preflight = client.options(
        "/analyst/guide.html",
        headers={
            "Origin": "http://localhost:7474",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "pragma,cache-control",
        },
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:7474"
    assert "GET" in preflight.headers["access-control-allow-methods"]
    assert "pragma" in preflight.headers["access-control-allow-headers"].lower()


def test_other_origins_get_no_cors_grant(client: TestClient) -> None:
    response = client.get("/analyst/guide.html", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_query_list_has_every_header(client: TestClient) -> None:
    listed = client.get("/analyst/queries").json()
    assert [q["name"] for q in listed] == queries.names()
    freeze = next(q for q in listed if q["name"] == "analyst/02-channel-freeze-and-restore")
    assert freeze["mode"] == "read"
    assert freeze["params"] == [
        {
            "name": "channel",
            "example": "us-china-military-communication",
            "description": freeze["params"][0]["description"],
        }
    ]


def test_one_query_is_served_whole(client: TestClient) -> None:
    response = client.get("/analyst/queries/analyst/03-office-holders")
    assert response.status_code == 200
    assert response.json()["text"] == queries.load("analyst/03-office-holders").text


def test_unknown_query_is_404_naming_the_known_ones(client: TestClient) -> None:
    response = client.get("/analyst/queries/analyst/00-nothing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "'analyst/00-nothing'" in detail and "analyst/01-actor-timeline" in detail and "schema" in detail


def test_neo4j_start_opens_browser_on_the_kit() -> None:
    conf = browser_conf("http://127.0.0.1:8000/")
    assert set(conf) == {"browser.post_connect_cmd", "browser.remote_content_hostname_whitelist"}
    commands = [c.strip() for c in conf["browser.post_connect_cmd"].split(";")]
    assert commands == [
        analyst.params_command().removeprefix(":"),
        "style http://127.0.0.1:8000/analyst/style.grass",
        "play http://127.0.0.1:8000/analyst/guide.html",
    ]
    assert "127.0.0.1" in conf["browser.remote_content_hostname_whitelist"].split(",")
    other = browser_conf("http://analyst-api.internal:9000")
    assert other["browser.remote_content_hostname_whitelist"].split(",")[-1] == "analyst-api.internal"
    assert "play http://analyst-api.internal:9000/analyst/guide.html" in other["browser.post_connect_cmd"]


def test_neo4j_start_rejects_a_bad_api_url() -> None:
    import typer

    with pytest.raises(typer.BadParameter):
        browser_conf("127.0.0.1:8000")
