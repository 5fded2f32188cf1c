"""GET /: the reader's timeline page, and /static/...: the files it loads, all from this package.

The page's own HTML, CSS and JavaScript are in ``graph_service/static/reader/`` (committed); the libraries it uses
are copied from pinned npm packages into ``graph_service/static/vendor/`` by ``scripts/build-web.sh`` (built, not
committed). Nothing a served page loads comes from another host. The page reads the API like any other client.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from graph_service.errors import NotFound

router = APIRouter(include_in_schema=False)

STATIC_PACKAGE = ("graph_service", "static")
# Written last by scripts/build-web.sh: present means the vendored libraries are all there.
VENDOR_MARKER = "vendor/versions.json"
# The page may load only from this service: a browser refuses anything else even if a script asked for it.
# vis-timeline positions items with style attributes, hence 'unsafe-inline' for styles (never for scripts).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Front-end assets not built</title></head>
<body><h1>Front-end assets not built</h1>
<p>The timeline page needs the libraries that <code>scripts/build-web.sh</code> copies from npm into
<code>graph_service/static/vendor/</code>. Run <code>make venv</code> (or <code>bash scripts/build-web.sh</code>)
and reload. The API itself works: see <a href="/openapi.json">/openapi.json</a>.</p></body></html>
"""

_files = StaticFiles(packages=[STATIC_PACKAGE])


def _static_root() -> resources.abc.Traversable:
    return resources.files(STATIC_PACKAGE[0]).joinpath(STATIC_PACKAGE[1])


def vendor_built() -> bool:
    return _static_root().joinpath(VENDOR_MARKER).is_file()


def _page() -> Response:
    if not vendor_built():
        return HTMLResponse(NOT_BUILT, status_code=503)
    page = _static_root().joinpath("reader", "index.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})


@router.get("/")
def timeline_page() -> Response:
    return _page()


@router.get("/timeline.html")
def timeline_page_by_name() -> Response:
    return _page()


@router.get("/static/{path:path}")
async def static_file(path: str, request: Request) -> Response:
    try:
        return await _files.get_response(path, request.scope)
    except StarletteHTTPException as exc:
        if exc.status_code == 404:
            raise NotFound(f"no static file {path!r}") from None
        raise
