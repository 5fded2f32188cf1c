"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from graph_service import models as m
from graph_service.deps import StoreDep
from graph_service.errors import problem_responses

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    operation_id="health",
    summary="The process is alive",
    description="Answers without touching the store, at once, however busy or stuck the store is.",
    response_model=m.Health,
    responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}},
)
async def health() -> m.Health:
    # async: answered on the event loop, never queued behind requests that hold the thread pool
    return m.Health()


@router.get(
    "/ready",
    operation_id="ready",
    summary="The store answers",
    description="Runs the cheapest read on the store; 503 (problem document, with Retry-After) when it does not "
    "answer within 2 seconds.",
    response_model=m.Ready,
    responses={
        200: {"content": {"application/json": {"example": {"status": "ready", "store": "neo4j"}}}},
        **problem_responses(),
    },
)
def ready(store: StoreDep) -> m.Ready:
    store.ping()
    return m.Ready(store=store.name)
