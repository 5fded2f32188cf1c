"""The store interface the routers depend on."""

from __future__ import annotations

from typing import Protocol


class StoreUnavailable(Exception):
    """The store cannot be reached (HTTP 503)."""


class Store(Protocol):
    name: str

    def ping(self) -> None:
        """Return when the store answers a trivial read; raise :class:`StoreUnavailable` otherwise."""
