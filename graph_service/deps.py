"""Typed dependencies the routers take: the store of this process, and parsed query values."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph_service.stores.base import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
