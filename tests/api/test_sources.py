"""GET /sources and /sources/{id} over real HTTP on each store: the text every quote's offsets point into."""

from __future__ import annotations

import httpx

from tests.api.test_api import FREEZE, TEXT, assert_problem, ok
from tests.conftest import SOURCE_ID


def test_sources_list_the_article_without_its_text(api: httpx.Client) -> None:
    body = ok(api.get("/sources"))
    assert body["page"] == {"limit": 100, "next_cursor": None}
    [source] = body["items"]
    assert source == {
        "id": SOURCE_ID,
        "title": "US-China relations: defence chiefs expected to speak 'soon' after latest talks between Joe Biden "
        "and Xi Jinping",
        "publisher": "South China Morning Post",
        "url": None,
        "published": "2024-04-03",
        "published_basis": "inferred",
        "language": "en",
    }


def test_source_text_is_the_stored_text_every_quote_points_into(api: httpx.Client) -> None:
    source = ok(api.get(f"/sources/{SOURCE_ID}"))
    assert source["text"] == TEXT
    event = ok(api.get(f"/events/{FREEZE}"))
    quotes = [q for s in event["sources"] for q in s["quotes"]]
    quotes += [q for r in event["causes"] for q in r["evidence"]]
    assert len(quotes) >= 2
    for quote in quotes:
        assert source["text"][quote["start"] : quote["end"]] == quote["quote"]


def test_sources_page_by_cursor(api: httpx.Client) -> None:
    first = ok(api.get("/sources?limit=1"))
    assert [s["id"] for s in first["items"]] == [SOURCE_ID]
    assert first["page"]["next_cursor"] is None  # one source: no second page
    after = ok(api.get(f"/sources?cursor={SOURCE_ID}"))
    assert after["items"] == []


def test_unknown_source_is_404_and_a_bad_limit_422(api: httpx.Client) -> None:
    body = assert_problem(api.get("/sources/no-such-source"), 404)
    assert "no-such-source" in body["detail"]
    assert_problem(api.get(f"/sources/{FREEZE}"), 404)  # an event is not a source
    body = assert_problem(api.get("/sources?limit=0"), 422)
    assert ["query", "limit"] in [e["loc"] for e in body["errors"]]
