"""GET /events/{id}: one event and everything one hop around it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from graph_service import models as m
from graph_service.deps import ReadingDep
from graph_service.errors import problem_responses

router = APIRouter(tags=["events"])

EXAMPLE = {
    "id": "china-freezes-military-contacts",
    "title": "China freezes high-level military contacts with the US",
    "kind": "suspension",
    "status": "occurred",
    "date": {"edtf": "../2022-11", "lower": None, "upper": "2022-11-30", "precision": "before", "text": "..."},
    "participants": [
        {"actor": {"id": "china", "name": "China", "kind": "country"}, "role": "initiator", "office": None}
    ],
    "channel_changes": [
        {"channel": {"id": "us-china-military-communication", "name": "...", "kind": "channel"}, "state": "suspended"}
    ],
    "causes": [{"relation": "IN_RESPONSE_TO", "direction": "outgoing", "event": {"id": "pelosi-taiwan-visit"}}],
    "sources": [{"id": "scmp-2024-04-03-us-china-defence-chiefs", "quotes": [{"quote": "...", "start": 0, "end": 1}]}],
}


@router.get(
    "/events/{event_id}",
    operation_id="getEvent",
    summary="An event with participants, place, topics, channel changes, causes, effects and sources",
    description="Causes and effects are one hop away (CAUSED, LED_TO, IN_RESPONSE_TO; PART_OF as part_of/parts), "
    "each with the relation type, its direction and the quotes given for the relation. Sources list every quote "
    "that reports the event, verbatim, with character offsets into the source's stored text.",
    response_model=m.EventDetail,
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}, **problem_responses(404)},
)
def get_event(
    reading: ReadingDep,
    event_id: Annotated[str, Path(description="Event id", examples=["china-freezes-military-contacts"])],
) -> m.EventDetail:
    event = reading.store.event(event_id)
    event.known_at = reading.known_at
    return event
