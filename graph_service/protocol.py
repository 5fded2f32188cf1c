"""HTTP protocol hygiene as ASGI middleware, outside the routes: HEAD answered like GET without a body, requests
naming a Host the service does not serve refused (the Host never reaches a URL the service writes), and an
unexpected error answered as a 500 problem *inside* the stack, so that the connection stays usable.

Why not Starlette's own pieces: its outermost error middleware re-raises after answering, and uvicorn then drops
the keep-alive connection without ``Connection: close``; its TrustedHostMiddleware answers in plain text, and every
error of this API is a problem document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

# (status, slug, title, detail) -> a complete problem response as an ASGI app
ProblemFactory = Callable[[Scope, int, str, str, str], ASGIApp]


class HeadAsGet:
    """HEAD runs the GET route and sends its headers (Content-Length included) without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class TrustedHost:
    """Refuse (400) a request whose Host is not one this service answers to: a forged Host would otherwise end up
    in the Browser guide's URLs and in trailing-slash redirects."""

    def __init__(self, app: ASGIApp, allowed: Collection[str], problem: ProblemFactory) -> None:
        self.app, self.allowed, self.problem = app, {h.lower() for h in allowed}, problem

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower().strip("[]") in self.allowed:
            await self.app(scope, receive, send)
            return
        detail = "the Host header names no host this service answers to (TIMELINE_KG_ALLOWED_HOSTS)"
        await self.problem(scope, 400, "bad-host", "Bad Host header", detail)(scope, receive, send)


class UnexpectedErrorAsProblem:
    """An exception no handler took becomes a 500 problem here, and is not raised further (see the module doc)."""

    def __init__(self, app: ASGIApp, problem: ProblemFactory) -> None:
        self.app, self.problem = app, problem

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"][:200])
            if started:
                raise  # half an answer is out: only closing the connection tells the client
            detail = "the service failed to answer; see its log"
            await self.problem(scope, 500, "internal-error", "Internal error", detail)(scope, receive, send)
