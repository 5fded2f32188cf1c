"""The FastAPI application: one store per process, created in the lifespan and handed out by dependency."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI

from graph_service import errors, protocol
from graph_service.deadline import DeadlineStore
from graph_service.routers import (
    actors,
    analyst,
    channels,
    conflicts,
    docs,
    events,
    health,
    paths,
    reader,
    sources,
    timeline,
)
from graph_service.stores.base import Store
from timeline_kg.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _open_store(settings: Settings) -> Store:
    """The store the settings ask for; it owns what it opens (the Neo4j driver) and releases it on ``close()``.
    A Neo4j that does not answer yet is no reason not to start: /ready says 503 until it does."""
    if settings.neo4j_uri:
        from graph_service.stores.neo4j import Neo4jStore
        from timeline_kg.neo4j_connection import open_driver

        driver = open_driver(settings, verify=False)
        return Neo4jStore(driver, settings.neo4j_database, settings.query_timeout)
    from graph_service.stores.embedded import EmbeddedStore
    from loaders.load import load_embedded
    from timeline_kg.embedded import EmbeddedGraph

    graph = EmbeddedGraph()
    load_embedded(graph, settings.embedded_sources)
    return EmbeddedStore(graph)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A store handed in belongs to the caller (a test), who closes it; one opened here is closed here.
        opened = _open_store(settings) if store is None else None
        guarded = DeadlineStore(store if store is not None else opened, settings.deadline)  # type: ignore[arg-type]
        app.state.store = guarded
        # Plan every read query before the first request (Neo4j plans on first use: seconds on a fresh server).
        await anyio.to_thread.run_sync(guarded.warm)
        try:
            yield
        finally:
            guarded.close()
            if opened is not None:
                opened.close()

    app = FastAPI(
        title="Event timeline knowledge graph",
        description="Dated events from news articles as a temporal knowledge graph: timelines, paths, channel "
        "histories. Every error is a problem document (application/problem+json): 404 unknown id, 422 bad "
        "parameters, 503 store unavailable (with Retry-After), 504 the store did not answer within the deadline.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc come from routers/docs.py, served from local files, not a CDN
        redoc_url=None,
    )
    errors.install(app)
    routers = (health, timeline, events, conflicts, actors, channels, paths, sources, analyst, docs, reader)
    for module in routers:
        app.include_router(module.router)
    # Outermost last: Host checked first, then HEAD as GET, then any unexpected error caught inside the stack.
    app.add_middleware(protocol.UnexpectedErrorAsProblem, problem=errors.problem_app)
    app.add_middleware(protocol.HeadAsGet)
    app.add_middleware(protocol.TrustedHost, allowed=settings.trusted_hosts, problem=errors.problem_app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = errors.tidy_openapi(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
