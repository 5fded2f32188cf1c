"""GET /conflicts: events whose sources disagree on the date, with every claim."""

from __future__ import annotations

from fastapi import APIRouter

from graph_service import models as m
from graph_service.deps import ReadingDep
from graph_service.errors import problem_responses

router = APIRouter(tags=["events"])


@router.get(
    "/conflicts",
    operation_id="getConflicts",
    summary="Events whose sources' dates share no day, with every claim, source and quote",
    description="A conflict is a fact, not an error: the event keeps every source's claim, its date is the hull of "
    "the claims and it is marked `conflicting`. Each claim gives the source, its publication day, the date it "
    "claims (EDTF, bounds, its words), its status and the quote it says it in. Events in timeline order.",
    response_model=m.Conflicts,
    responses={**problem_responses(422)},
)
def get_conflicts(reading: ReadingDep) -> m.Conflicts:
    return m.Conflicts(items=reading.store.conflicts(), known_at=reading.known_at)
