"""GET /sources, GET /sources/{id}: the sources, and one source's stored text, which every quote's offsets index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from graph_service import models as m
from graph_service.deps import StoreDep
from graph_service.errors import problem_responses

router = APIRouter(tags=["sources"])

MAX_LIMIT = 500
SOURCE_ID = "scmp-2024-04-03-us-china-defence-chiefs"
SUMMARY_EXAMPLE = {
    "id": SOURCE_ID,
    "title": "US-China relations: defence chiefs expected to speak 'soon' after latest talks between Joe Biden and Xi",
    "publisher": "South China Morning Post",
    "url": None,
    "published": "2024-04-03",
    "published_basis": "inferred",
    "language": "en",
}


@router.get(
    "/sources",
    operation_id="listSources",
    summary="Sources by id, without their text",
    description="What each source is and when it was published. Pages of `limit` (1-500); pass "
    "`page.next_cursor` back as `cursor` for the next page.",
    response_model=m.Sources,
    responses={
        200: {"content": {"application/json": {"example": {"items": [SUMMARY_EXAMPLE], "page": {"limit": 100}}}}},
        **problem_responses(422),
    },
)
def list_sources(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Sources per page")] = 100,
    cursor: Annotated[str | None, Query(description="`page.next_cursor` of the previous page")] = None,
) -> m.Sources:
    found = store.sources(after=cursor, limit=limit + 1)
    more = len(found) > limit
    items = found[:limit]
    return m.Sources(items=items, page=m.Page(limit=limit, next_cursor=items[-1].id if more else None))


@router.get(
    "/sources/{source_id}",
    operation_id="getSource",
    summary="One source with its whole stored text",
    description="Every quote the API gives (`start`, `end`) is `text[start:end]` of this text, counted in "
    "characters (Unicode code points). `text` is null for sources known only by URL (GDELT).",
    response_model=m.SourceDetail,
    responses={
        200: {"content": {"application/json": {"example": {**SUMMARY_EXAMPLE, "text": "Chinese President Xi ..."}}}},
        **problem_responses(404),
    },
)
def get_source(
    store: StoreDep,
    source_id: Annotated[str, Path(description="Source id", examples=[SOURCE_ID])],
) -> m.SourceDetail:
    return store.source(source_id)
