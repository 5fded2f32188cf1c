"""The FastAPI application: one store per process, created in the lifespan and handed out by dependency."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graph_service import errors
from graph_service.routers import actors, analyst, channels, conflicts, events, health, paths, timeline
from graph_service.stores.base import Store
from timeline_kg.settings import Settings, get_settings


def _open_store(settings: Settings) -> Store:
    """The store the settings ask for; it owns what it opens (the Neo4j driver) and releases it on ``close()``."""
    if settings.neo4j_uri:
        from graph_service.stores.neo4j import Neo4jStore
        from timeline_kg.neo4j_connection import open_driver

        return Neo4jStore(open_driver(settings), settings.neo4j_database, settings.neo4j_query_timeout)
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
        app.state.store = store if store is not None else opened
        try:
            yield
        finally:
            if opened is not None:
                opened.close()

    app = FastAPI(
        title="Event timeline knowledge graph",
        description="Dated events from news articles as a temporal knowledge graph: timelines, paths, channel "
        "histories. Every error is a problem document (application/problem+json): 404 unknown id, 422 bad "
        "parameters, 503 store unavailable, 504 query timed out.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    routers = (health, timeline, events, conflicts, actors, channels, paths, analyst)
    for module in routers:
        app.include_router(module.router)
    return app
