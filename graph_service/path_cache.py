"""/paths answers reused while the graph stays the same, and identical searches in flight run once.

A path search is the costliest read the service makes (tens of milliseconds to a few hundred on Neo4j at 1M
events, against a few for a timeline page), and its answer depends on nothing but the query and the graph. So an
answer is kept under (graph version, query): the version is what the store says changes with every write to the
graph (:meth:`graph_service.stores.base.Store.graph_version`), read *before* the search. A request that starts
after a write reads the new version and never gets an answer computed before it; an answer computed while a write
commits is kept under the older version, and so only ever served to requests that began before the write.

Identical searches that arrive while one runs wait for its answer instead of each taking a store worker
(single-flight): twenty clients asking the same question cost one search.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from graph_service import models as m
from graph_service.errors import QueryTimeout
from graph_service.stores.base import PathQuery

# Answers kept, least recently used first out: a k=10 answer of ten-hop paths is ~20 kB, so at most a few MB.
PATH_ANSWERS = 256

_Key = tuple[Hashable, PathQuery]


class PathCache:
    def __init__(self, size: int = PATH_ANSWERS) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._answers: OrderedDict[_Key, list[m.Path]] = OrderedDict()
        self._running: dict[_Key, concurrent.futures.Future[list[m.Path]]] = {}

    def get(self, version: Hashable, q: PathQuery, search: Callable[[], list[m.Path]], wait: float) -> list[m.Path]:
        """The answer to ``q`` on the graph of ``version``: kept, in flight (waited for at most ``wait`` seconds),
        or ``search()``-ed now. A search that raises is not kept; whoever waited for it gets the same error."""
        key = (version, q)
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                return kept
            running = self._running.get(key)
            if running is None:
                mine: concurrent.futures.Future[list[m.Path]] = concurrent.futures.Future()
                self._running[key] = mine
        if running is not None:
            try:
                return running.result(timeout=wait)
            except concurrent.futures.TimeoutError:
                raise QueryTimeout(f"the same search, already running, did not answer within {wait:g} s") from None
        try:
            answer = search()
        except BaseException as exc:
            with self._lock:
                del self._running[key]
            mine.set_exception(exc)
            raise
        with self._lock:
            del self._running[key]
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        mine.set_result(answer)
        return answer
