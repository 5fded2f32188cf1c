"""Every store call answers within a deadline, whatever the store does.

A paused or unreachable Neo4j leaves the driver blocked in a socket read that no driver setting bounds. So the
routes never call a store directly: each call runs on a small pool of store workers, and the request waits for
it at most ``deadline`` seconds (then 504). When every worker is already waiting on the store, a new call is
refused (503 with Retry-After) once it has waited :data:`ADMISSION_WAIT` for one, instead of queueing behind
them for the whole deadline: a burst of requests waits its turn briefly, a stuck store gets 503s quickly. /ready
waits a shorter time and says 503, never 504: a store that does not answer is unavailable.

/paths answers are kept per graph version and identical searches in flight run once (graph_service/path_cache.py).

The service is ready (``ping``) when the store answers *and* every read query has been planned once (the warm-up,
run at start and again in the background after the store failed): until then /ready says 503, so a balancer sends
no traffic to a service whose first requests would each wait seconds for Neo4j to plan them.
"""

from __future__ import annotations

import concurrent.futures
import copy
import datetime as dt
import logging
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from graph_service import models as m
from graph_service.errors import QueryTimeout, StoreUnavailable
from graph_service.path_cache import PathCache
from graph_service.stores.base import ChannelRecord, KnownView, PathQuery, Store, TimelineQuery

log = logging.getLogger(__name__)

T = TypeVar("T")

# Readiness is a quick question: a store that takes longer than this to answer `RETURN 1` is not ready.
READY_DEADLINE = 2.0
# Planning every read query on a fresh Neo4j takes seconds, far more on a busy machine; the start waits this long
# at most (a request's deadline would cut it short and leave the first requests to plan for themselves).
WARM_UP_BUDGET = 60.0
# Seconds a call waits for a free store worker before its 503. Under a burst, workers free up every few tens of
# milliseconds, so a call gets one well within this; when the store hangs, none frees up and the 503 comes after it.
ADMISSION_WAIT = 1.0


class DeadlineStore:
    """A :class:`Store` whose every call returns, or raises a domain error, within ``deadline`` seconds."""

    def __init__(self, store: Store, deadline: float, workers: int = 8) -> None:
        self.store, self.name, self.deadline = store, store.name, deadline
        self.workers = workers
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix=f"{store.name}-store")
        self._free = threading.BoundedSemaphore(workers)
        self._warm = threading.Event()
        self._warming = threading.Lock()
        self._paths = PathCache()

    def close(self) -> None:
        """Stop the workers (the wrapped store is closed by whoever opened it)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _call(self, call: Callable[[], T], deadline: float | None = None) -> T:
        limit = self.deadline if deadline is None else deadline
        if not self._free.acquire(timeout=min(ADMISSION_WAIT, limit)):
            raise StoreUnavailable(f"all {self.workers} store workers are waiting on the store")

        def run() -> T:
            try:
                return call()
            finally:
                self._free.release()

        future = self._pool.submit(run)
        try:
            result = future.result(timeout=limit)
        except concurrent.futures.TimeoutError:
            raise QueryTimeout(f"the store did not answer within {limit:g} s") from None
        except StoreUnavailable:
            self._warm.clear()
            raise
        return result

    # ------------------------------------------------------------------ warm-up

    def warm(self) -> None:
        """Plan every read query once (blocking, within :data:`WARM_UP_BUDGET`); remember whether it worked."""
        if not self._warming.acquire(blocking=False):
            return
        # The EDTF grammar that parses `from`/`to` is built on its first use: ~40 ms, 0.2 s on a busy machine.
        TimelineQuery.model_validate({"from": "2023", "to": "2023-11-15"})
        try:
            self._call(self.store.warm, WARM_UP_BUDGET)
            self._warm.set()
        except StoreUnavailable as exc:
            log.warning("warm-up skipped: %s", exc.detail)  # again once the store answers
        except QueryTimeout as exc:
            log.warning("warm-up unfinished, serving anyway: %s", exc.detail)
            self._warm.set()
        except Exception:  # a warm-up is an optimisation: its failure is logged, the service serves anyway
            log.exception("warm-up failed")
            self._warm.set()
        finally:
            self._warming.release()

    def _warm_in_background(self) -> None:
        if not self._warm.is_set() and not self._warming.locked():
            threading.Thread(target=self.warm, name="store-warm-up", daemon=True).start()

    # ------------------------------------------------------------------ the Store protocol

    def ping(self) -> None:
        try:
            self._call(self.store.ping, min(self.deadline, READY_DEADLINE))
        except QueryTimeout as exc:
            raise StoreUnavailable(exc.detail) from None
        if not self._warm.is_set():
            self._warm_in_background()
            raise StoreUnavailable("the store answers; the service is planning its queries (warm-up)")

    def timeline(self, q: TimelineQuery) -> list[m.EventSummary]:
        return self._call(lambda: self.store.timeline(q))

    def event(self, event_id: str) -> m.EventDetail:
        return self._call(lambda: self.store.event(event_id))

    def actors(self, kinds: list[str]) -> list[m.ActorSummary]:
        return self._call(lambda: self.store.actors(kinds))

    def actor(self, actor_id: str) -> m.ActorDetail:
        return self._call(lambda: self.store.actor(actor_id))

    def channels(self, channel_id: str | None = None) -> list[ChannelRecord]:
        return self._call(lambda: self.store.channels(channel_id))

    def graph_version(self) -> Hashable:
        return self._call(self.store.graph_version)

    def paths(self, q: PathQuery) -> list[m.Path]:
        return self._paths.get(self.graph_version(), q, lambda: self._call(lambda: self.store.paths(q)), self.deadline)

    def conflicts(self) -> list[m.Conflict]:
        return self._call(self.store.conflicts)

    def known_at(self, day: dt.date) -> KnownView:
        view = self._call(lambda: self.store.known_at(day))
        return KnownView(self._over(view.store), view.info)

    def _over(self, store: Store) -> DeadlineStore:
        # The view shares this store's workers and deadline: a day's view may not escape the bound either.
        bounded = copy.copy(self)
        bounded.store = store
        bounded._paths = PathCache()  # a view's versions count its own graph objects: never mix them with ours
        return bounded

    def sources(self, after: str | None, limit: int) -> list[m.SourceSummary]:
        return self._call(lambda: self.store.sources(after, limit))

    def source(self, source_id: str) -> m.SourceDetail:
        return self._call(lambda: self.store.source(source_id))
