"""GET /paths: how two nodes connect."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graph_service import models as m
from graph_service.deps import ReadingDep
from graph_service.errors import InvalidParameter, problem_responses
from graph_service.stores.base import PathMode, PathQuery

router = APIRouter(tags=["paths"])

DESCRIPTION = """
Up to `k` shortest simple paths between two nodes (events, entities such as actors, channels and places, or
tenures), at most `max_hops` relationships long, as alternating nodes and relationships; each node carries its
date (events) or start (tenures). Relationships are walked in either direction; `start`/`end` of each says which
way it points. Provenance (REPORTED_BY, :Source) is never walked: it would join everything through the article.

Modes: `any` walks every relationship; `causal` only CAUSED, LED_TO, IN_RESPONSE_TO and PART_OF between events;
`chronological` keeps only paths on which every event is no earlier than the event before it on the path: the
next event's latest possible day is on or after the previous one's earliest possible day (an open bound never
breaks the order).

Order: fewest hops first; among equally short paths, those through more events (a chain of events says more than a
detour through a country), then by node ids. Where two nodes are joined by several relationships, the hop shows
the first by type.
"""


@router.get(
    "/paths",
    operation_id="findPaths",
    summary="Shortest paths between two nodes",
    description=DESCRIPTION,
    response_model=m.Paths,
    response_model_by_alias=True,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "from": "pelosi-taiwan-visit",
                        "to": "china-freezes-military-contacts",
                        "mode": "causal",
                        "paths": [
                            {
                                "hops": 1,
                                "elements": [
                                    {"element": "node", "id": "pelosi-taiwan-visit", "label": "Event"},
                                    {
                                        "element": "relationship",
                                        "type": "IN_RESPONSE_TO",
                                        "start": "china-freezes-military-contacts",
                                        "end": "pelosi-taiwan-visit",
                                    },
                                    {"element": "node", "id": "china-freezes-military-contacts", "label": "Event"},
                                ],
                            }
                        ],
                    }
                }
            }
        },
        **problem_responses(404, 422),
    },
)
def find_paths(
    reading: ReadingDep,
    from_: Annotated[str, Query(alias="from", description="Id of the first node", examples=["pelosi-taiwan-visit"])],
    to: Annotated[str, Query(description="Id of the last node", examples=["brown-liu-talks-2023-12"])],
    k: Annotated[int, Query(ge=1, le=10, description="How many paths, at most 10")] = 3,
    max_hops: Annotated[int, Query(ge=1, le=10, description="Longest path, in relationships (1-10)")] = 6,
    mode: Annotated[PathMode, Query(description="Which paths count (see above)")] = "any",
) -> m.Paths:
    if from_ == to:
        raise InvalidParameter("from and to are the same node", ("query", "to"))
    paths = reading.store.paths(PathQuery(from_id=from_, to_id=to, k=k, max_hops=max_hops, mode=mode))
    return m.Paths.model_validate({"from": from_, "to": to, "mode": mode, "paths": paths, "known_at": reading.known_at})
