"""Typed dependencies the routers take: the store of this process, and the store as known on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Response

from graph_service import models as m
from graph_service.errors import InvalidParameter
from graph_service.stores.base import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]

KNOWN_AT = (
    "Answer as known on this day (YYYY-MM-DD): only what sources published on or before it said, event dates "
    "derived from those claims alone. Sources with an unknown publication day are left out and counted "
    "(`known_at` in the response, and the Known-At-Excluded-Unknown-Publication header)."
)


@dataclass(frozen=True, slots=True)
class Reading:
    """The store a read route answers from: the live graph, or the graph as known on a day."""

    store: Store
    known_at: m.KnownAt | None


def get_reading(
    store: StoreDep,
    response: Response,
    known_at: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description=KNOWN_AT, examples=["2023-01-01"])
    ] = None,
) -> Reading:
    if known_at is None:
        return Reading(store, None)
    try:
        day = dt.date.fromisoformat(known_at)
    except ValueError:
        raise InvalidParameter(f"{known_at!r} is not a day (YYYY-MM-DD)", ("query", "known_at")) from None
    view = store.known_at(day)
    response.headers["Known-At"] = day.isoformat()
    response.headers["Known-At-Excluded-Unknown-Publication"] = str(view.info.sources_excluded_unknown_publication)
    return Reading(view.store, view.info)


ReadingDep = Annotated[Reading, Depends(get_reading)]
