"""GET /analyst/...: the analyst kit for Neo4j Browser, served by the API.

Browser fetches the guide (``:play <url>``) and the style (``:style <url>``) with cross-origin requests from its own
origin (``http://127.0.0.1:7474`` by default), so these routes answer CORS themselves, preflight included: the
router works wherever it is included, with or without an app-wide CORS middleware. Only loopback origins are allowed
(any port: the test server's Browser is on 7475); the content is the public query library, nothing else.

The guide is rendered from ``queries/analyst/guide.html``: every ``<!-- query: NAME -->`` marker becomes a runnable
block holding that query file exactly as it is, ``<!-- params -->`` one ``:params`` command that sets every
parameter of the analyst library to its header's example, and ``<!-- api -->`` the API's own base URL. So the guide
can never drift from the library.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

import queries
from graph_service.errors import NotFound, problem_responses

router = APIRouter(tags=["analyst"])

ANALYST_PREFIX = "analyst/"
# Neo4j Browser as served by a local server (or the compose one through its loopback port mapping).
BROWSER_ORIGIN = re.compile(r"^https?://(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$")
_MARKER = re.compile(r"<!--\s*(query:\s*(?P<name>[\w./-]+)|(?P<params>params)|(?P<api>api))\s*-->")


class QueryParam(BaseModel):
    name: str
    example: Any = Field(description="Example value, as given in the file's header (JSON)")
    description: str


class QueryInfo(BaseModel):
    name: str = Field(examples=["analyst/02-channel-freeze-and-restore"])
    description: str
    mode: str = Field(examples=["read"])
    returns: str
    params: list[QueryParam]


class QueryText(QueryInfo):
    text: str = Field(description="The whole file, header included: paste it into Neo4j Browser as it is")


def _info(query: queries.Query) -> QueryInfo:
    return QueryInfo(
        name=query.name,
        description=query.description,
        mode=query.mode,
        returns=query.returns,
        params=[QueryParam(name=p.name, example=p.example, description=p.description) for p in query.params],
    )


def analyst_names() -> list[str]:
    return [name for name in queries.names() if name.startswith(ANALYST_PREFIX)]


def _asset(name: str) -> str:
    return resources.files(queries).joinpath("analyst", name).read_text(encoding="utf-8")


def params_command() -> str:
    """One ``:params`` command setting every parameter of the analyst library to its example.

    The values are the headers' JSON examples, so they are literals written as JSON: a JSON string or list is also
    a Cypher literal.
    """
    merged: dict[str, Any] = {}
    for name in analyst_names():
        merged.update(queries.load(name).examples)
    body = ", ".join(f"{key}: {json.dumps(value)}" for key, value in sorted(merged.items()))
    return f":params {{{body}}}"


def _runnable(text: str) -> str:
    return f'<pre mode="cypher" class="pre-scrollable code runnable">{html.escape(text.rstrip(), quote=False)}</pre>'


def render_guide(api_url: str = "http://127.0.0.1:8000") -> str:
    """The Browser guide with its markers replaced; raises :class:`queries.UnknownQuery` for a bad marker."""

    def replace(match: re.Match[str]) -> str:
        if match.group("api"):
            return html.escape(api_url.rstrip("/"))
        if match.group("params"):
            return _runnable(params_command())
        return _runnable(queries.load(match.group("name")).text)

    return _MARKER.sub(replace, _asset("guide.html"))


def _cors(request: Request, response: Response) -> None:
    origin = request.headers.get("origin")
    if origin and BROWSER_ORIGIN.match(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"


@router.options("/analyst/{rest:path}", include_in_schema=False)
def preflight(request: Request, rest: str) -> Response:
    # Browser sends `pragma` and `cache-control` with its guide requests: not CORS-safelisted, hence a preflight.
    response = Response(status_code=204)
    _cors(request, response)
    if "Access-Control-Allow-Origin" in response.headers:
        response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        requested = request.headers.get("access-control-request-headers")
        if requested:
            response.headers["Access-Control-Allow-Headers"] = requested
        response.headers["Access-Control-Max-Age"] = "600"
    return response


@router.get(
    "/analyst/guide.html",
    operation_id="getAnalystGuide",
    summary="The Neo4j Browser guide to the story, with runnable queries",
    description="Play it in Neo4j Browser: `:play http://127.0.0.1:8000/analyst/guide.html` (the host must be in "
    "`browser.remote_content_hostname_whitelist`; `timeline-kg neo4j start` sets it).",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}},
)
def guide(request: Request) -> Response:
    response = Response(render_guide(str(request.base_url)), media_type="text/html; charset=utf-8")
    _cors(request, response)
    return response


@router.get(
    "/analyst/style.grass",
    operation_id="getAnalystStyle",
    summary="The Neo4j Browser style: a colour and a readable caption per label",
    description="Apply it in Neo4j Browser: `:style http://127.0.0.1:8000/analyst/style.grass`.",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
def style(request: Request) -> Response:
    response = Response(_asset("style.grass"), media_type="text/plain; charset=utf-8")
    _cors(request, response)
    return response


@router.get(
    "/analyst/queries",
    operation_id="listQueries",
    summary="Every query of the library, with its header",
    description="The service's own queries (`read/`, `write/`, `schema`) and the analyst questions (`analyst/`), "
    "each with its description, mode, parameters (with example values) and what it returns.",
    response_model=list[QueryInfo],
)
def list_queries(request: Request, response: Response) -> list[QueryInfo]:
    _cors(request, response)
    return [_info(queries.load(name)) for name in queries.names()]


@router.get(
    "/analyst/queries/{name:path}",
    operation_id="getQuery",
    summary="One query file: its header and its whole text",
    response_model=QueryText,
    responses={**problem_responses(404)},
)
def get_query(
    request: Request,
    response: Response,
    name: str = PathParam(description="The query's name, e.g. analyst/02-channel-freeze-and-restore"),
) -> QueryText:
    try:
        query = queries.load(name)
    except queries.UnknownQuery as exc:
        raise NotFound(str(exc)) from None
    _cors(request, response)
    return QueryText(**_info(query).model_dump(), text=query.text)
