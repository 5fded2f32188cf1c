"""The pages the service serves itself (the reader's timeline, /docs, /redoc) over real HTTP: every asset they name
is served from this service, nothing from another host. The browser tests (tests/browser/) check them drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from graph_service.routers import reader
from tests.api.test_api import assert_problem

# src="..." and href="..." in a served page, and url(...) in its CSS.
ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']|url\(([^)]+)\)""")


@pytest.fixture(scope="module")
def site(embedded_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=embedded_url, timeout=30) as client:
        yield client


def _assets(html: str) -> list[str]:
    return [a or b for a, b in ASSET.findall(html)]


@pytest.mark.parametrize("page", ["/", "/timeline.html", "/docs", "/redoc"])
def test_page_names_only_assets_this_service_serves(site: httpx.Client, page: str) -> None:
    response = site.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assets = [a for a in _assets(response.text) if not a.startswith(("#", "data:"))]
    assert assets, "the page loads nothing?"
    for asset in assets:
        assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
        assert site.get(asset).status_code == 200, asset
    assert "cdn." not in response.text and "fonts.googleapis" not in response.text


def test_reader_page_loads_its_modules(site: httpx.Client) -> None:
    main = site.get("/static/reader/js/main.js")
    assert main.status_code == 200
    assert main.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    for module in re.findall(r'from "\./([\w.]+)"', main.text):
        assert site.get(f"/static/reader/js/{module}").status_code == 200, module


@pytest.mark.parametrize("path", ["/static/reader/nothing.js", "/static/../app.py", "/static/%2e%2e/app.py"])
def test_missing_or_outside_static_file_is_a_404_problem(site: httpx.Client, path: str) -> None:
    assert_problem(site.get(path), 404)


def test_vendored_licences_are_kept_beside_the_copies(site: httpx.Client) -> None:
    versions = site.get("/static/vendor/versions.json").json()
    assert set(versions) == {"vis-timeline", "swagger-ui-dist", "redoc"}
    for licence in ("vis-timeline/LICENSE.md", "swagger-ui/LICENSE", "redoc/LICENSE"):
        assert site.get(f"/static/vendor/{licence}").status_code == 200, licence


def test_without_built_assets_the_page_says_how_to_build_them(
    site: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "VENDOR_MARKER", "vendor/no-such-file")
    response = site.get("/")
    assert response.status_code == 503
    assert "scripts/build-web.sh" in response.text
