"""`timeline-kg serve`: the HTTP API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from timeline_kg.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default TIMELINE_KG_HOST or 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default TIMELINE_KG_PORT or 8000)")] = None,
) -> None:
    """Run the HTTP API: on Neo4j when NEO4J_URI is set, else on the embedded store with the bundled article."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("graph_service.app:create_app", factory=True, host=host or settings.host, port=port or settings.port)
