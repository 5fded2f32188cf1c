"""GET /actors and /actors/{id}: who acts in events, the offices they held and when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from graph_service import models as m
from graph_service.deps import ReadingDep
from graph_service.errors import problem_responses
from timeline_kg.graph_model import ACTOR_KINDS, ActorKind

router = APIRouter(tags=["actors"])


@router.get(
    "/actors",
    operation_id="listActors",
    summary="Actors: people, organisations, countries and offices",
    response_model=list[m.ActorSummary],
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": [
                        {
                            "id": "lloyd-austin",
                            "name": "Lloyd Austin",
                            "kind": "person",
                            "aliases": ["Austin"],
                            "event_count": 2,
                        }
                    ]
                }
            }
        },
        **problem_responses(422),
    },
)
def list_actors(
    reading: ReadingDep,
    kind: Annotated[
        list[ActorKind],
        Query(description="Entity kinds to list (repeatable); all actor kinds if absent", examples=[["person"]]),
    ] = [],  # noqa: B006
) -> list[m.ActorSummary]:
    return reading.store.actors(list(kind) or list(ACTOR_KINDS))


@router.get(
    "/actors/{actor_id}",
    operation_id="getActor",
    summary="An actor with aliases, offices held (with tenure dates) and events",
    description="Tenure dates are as uncertain as the sources leave them: `start`/`end` are EDTF spans with bounds, "
    "null when no source says. Events are in timeline order.",
    response_model=m.ActorDetail,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "id": "lloyd-austin",
                        "name": "Lloyd Austin",
                        "offices": [
                            {
                                "office": {"id": "us-secretary-of-defense", "name": "US Secretary of Defense"},
                                "tenure": "lloyd-austin-us-secretary-of-defense",
                                "start": {
                                    "edtf": "../2022-11",
                                    "lower": None,
                                    "upper": "2022-11-30",
                                    "precision": "before",
                                },
                                "end": None,
                            }
                        ],
                    }
                }
            }
        },
        **problem_responses(404),
    },
)
def get_actor(
    reading: ReadingDep, actor_id: Annotated[str, Path(description="Entity id", examples=["lloyd-austin"])]
) -> m.ActorDetail:
    actor = reading.store.actor(actor_id)
    actor.known_at = reading.known_at
    return actor
