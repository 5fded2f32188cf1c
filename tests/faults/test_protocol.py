"""Protocol faults over real HTTP, on every store: methods, HEAD, strict parameters, dates at the edge of time,
cursors, the Host header, bounded echoes, keep-alive after a 500, and what the OpenAPI document promises."""

from __future__ import annotations

import base64
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from graph_service.app import create_app
from tests.live_server import LiveServer
from timeline_kg.settings import Settings

ENDS = "from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12"


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


# ------------------------------------------------------------------------------------------ dates at the edge


@pytest.mark.parametrize("to", ["9999", "9999-12"])
def test_timeline_to_the_last_year_is_no_500(api: httpx.Client, to: str) -> None:
    response = api.get(f"/timeline?to={to}")
    assert response.status_code == 200, response.text[:300]



# ------------------------------------------------------------------------------------------ strict parameters


@pytest.mark.parametrize(
    "url",
    [
        "/channels/us-china-military-communication/history?at=0",
        "/channels/us-china-military-communication/history?at=2023-06-01T00:00:00",
        "/timeline?from=%202023%20",
        "/timeline?to=2023%20",
        "/paths?" + ENDS + "&k=1.0",
        "/paths?" + ENDS + "&max_hops=2.0",
        "/timeline?limit=5.0",
    ],
)
def test_loose_values_are_422(api: httpx.Client, url: str) -> None:
    _problem(api.get(url), 422)


def test_empty_path_ends_say_they_are_empty(api: httpx.Client) -> None:
    body = _problem(api.get("/paths?from=&to="), 422)
    assert "same node" not in body["detail"]
    assert "at least 1 character" in body["detail"] or "empty" in body["detail"], body["detail"]


def test_openapi_gives_the_date_pattern_of_from_and_to(api: httpx.Client) -> None:
    doc = api.get("/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/timeline"]["get"]["parameters"]}
    for name in ("from", "to"):
        schema = params[name]["schema"]
        patterns = [s.get("pattern") for s in [schema, *schema.get("anyOf", [])] if s.get("pattern")]
        assert patterns, f"{name} has no pattern: {schema}"


def test_openapi_lists_no_plain_json_422(api: httpx.Client) -> None:
    doc = api.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            content = op.get("responses", {}).get("422", {}).get("content", {})
            assert "application/json" not in content, f"{method.upper()} {path} lists a plain-JSON 422"
    assert "HTTPValidationError" not in doc.get("components", {}).get("schemas", {})


# ------------------------------------------------------------------------------------------ methods


@pytest.mark.parametrize("url", ["/timeline", "/health", "/events/pelosi-taiwan-visit", "/paths?" + ENDS])
def test_wrong_method_is_405_with_allow(api: httpx.Client, url: str) -> None:
    response = api.post(url)
    _problem(response, 405)
    allowed = {m.strip() for m in response.headers.get("allow", "").split(",")}
    assert "GET" in allowed and "HEAD" in allowed, response.headers


@pytest.mark.parametrize("url", ["/health", "/timeline", "/events/pelosi-taiwan-visit", "/actors"])
def test_head_answers_like_get_without_a_body(api: httpx.Client, url: str) -> None:
    head, get = api.head(url), api.get(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


# ------------------------------------------------------------------------------------------ cursors


def _cursor(api: httpx.Client, query: str) -> str:
    page = api.get(f"/timeline?limit=1&{query}").json()
    cursor = page["page"]["next_cursor"]
    assert cursor
    return str(cursor)


def test_a_cursor_is_tied_to_its_filters(api: httpx.Client) -> None:
    cursor = _cursor(api, "actor=lloyd-austin&match=any&actor=china")
    assert api.get(f"/timeline?limit=1&actor=lloyd-austin&match=any&actor=china&cursor={cursor}").status_code == 200
    body = _problem(api.get(f"/timeline?limit=1&kind=meeting&cursor={cursor}"), 422)
    assert body["errors"][0]["loc"] == ["query", "cursor"]


def test_a_forged_cursor_is_refused(api: httpx.Client) -> None:
    genuine = _cursor(api, "")
    raw = json.loads(base64.urlsafe_b64decode(genuine + "=" * (-len(genuine) % 4)))
    assert isinstance(raw, (list, dict))
    forged_key = ["2024-01-01", "2023-01-01", "pelosi-taiwan-visit"]  # lower after upper: no event sorts so
    for forged in (forged_key, {"k": forged_key}, [*forged_key, "x"]):
        token = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
        _problem(api.get(f"/timeline?limit=1&cursor={token}"), 422)


# ------------------------------------------------------------------------------------------ echoes


@pytest.mark.parametrize("url", ["/actors/{}", "/events/{}", "/channels/{}/history", "/paths?from={}&to=china"])
def test_problem_detail_echoes_a_bounded_prefix(api: httpx.Client, url: str) -> None:
    long_id = "x" * 6000
    response = api.get(url.format(long_id))
    assert response.status_code in (404, 422), response.status_code
    assert len(response.text) < 1500, f"{len(response.text)} bytes echo a {len(long_id)}-character id"


# ------------------------------------------------------------------------------------------ the Host header


def test_host_header_is_not_reflected_into_the_guide(api: httpx.Client) -> None:
    response = api.get("/analyst/guide.html", headers={"Host": "evil.example"})
    assert response.status_code in (200, 400)  # refused, or answered with the service's own URL
    assert "evil.example" not in response.text


def test_host_header_is_not_reflected_into_redirects(api: httpx.Client) -> None:
    response = api.get("/timeline/", headers={"Host": "evil.example"})
    location = response.headers.get("location", "")
    assert "evil.example" not in location
    if response.is_redirect:
        assert urlsplit(location).netloc in ("", urlsplit(str(api.base_url)).netloc)


# ------------------------------------------------------------------------------------------ keep-alive after a 500


class _BrokenStore:
    name = "broken"

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("a bug")

        return fail


def _exchange(sock: socket.socket, path: str) -> bytes:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
    while len(body) < length:
        body += sock.recv(65536)
    return head


def test_a_500_keeps_the_connection_usable() -> None:
    with LiveServer(create_app(settings=Settings.model_validate({}), store=_BrokenStore())) as server:  # type: ignore[arg-type]
        host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
        with socket.create_connection((host, port), timeout=10) as sock:
            first = _exchange(sock, "/timeline")
            assert first.startswith(b"HTTP/1.1 500")
            if b"connection: close" in first.lower():
                return  # said so: the client knows to open a new connection
            second = _exchange(sock, "/health")
            assert second.startswith(b"HTTP/1.1 200"), second
