"""The /paths answer cache: keyed by graph version, one search for identical requests in flight, errors not kept."""

from __future__ import annotations

import concurrent.futures
import threading

import pytest

from graph_service import models as m
from graph_service.errors import NotFound
from graph_service.path_cache import PathCache
from graph_service.stores.base import PathQuery

Q = PathQuery(from_id="a", to_id="b")


def _answer(hops: int) -> list[m.Path]:
    return [m.Path(hops=hops, elements=[])]


def test_an_answer_is_reused_for_its_version_only() -> None:
    cache, searches = PathCache(), []

    def search(hops: int) -> list[m.Path]:
        searches.append(hops)
        return _answer(hops)

    assert cache.get(1, Q, lambda: search(1), wait=1)[0].hops == 1
    assert cache.get(1, Q, lambda: search(99), wait=1)[0].hops == 1  # kept
    assert cache.get(2, Q, lambda: search(2), wait=1)[0].hops == 2  # a write happened: searched again
    assert cache.get(2, PathQuery(from_id="a", to_id="b", k=4), lambda: search(4), wait=1)[0].hops == 4
    assert searches == [1, 2, 4]


def test_identical_searches_in_flight_run_once() -> None:
    cache, started, release = PathCache(), threading.Event(), threading.Event()
    calls = []

    def slow() -> list[m.Path]:
        calls.append(1)
        started.set()
        release.wait(5)
        return _answer(3)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        first = pool.submit(cache.get, 7, Q, slow, 5)
        started.wait(5)
        others = [pool.submit(cache.get, 7, Q, slow, 5) for _ in range(7)]
        release.set()
        answers = [first.result(), *(f.result() for f in others)]
    assert len(calls) == 1 and all(a[0].hops == 3 for a in answers)


def test_an_error_is_shared_in_flight_but_not_kept() -> None:
    cache = PathCache()

    def missing() -> list[m.Path]:
        raise NotFound("no event, entity or tenure with id 'a'")

    with pytest.raises(NotFound):
        cache.get(1, Q, missing, wait=1)
    assert cache.get(1, Q, lambda: _answer(2), wait=1)[0].hops == 2


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = PathCache(size=2)
    for n in range(3):
        cache.get(1, PathQuery(from_id="a", to_id=str(n)), lambda n=n: _answer(n), wait=1)  # type: ignore[misc]
    assert cache.get(1, PathQuery(from_id="a", to_id="0"), lambda: _answer(42), wait=1)[0].hops == 42
    assert cache.get(1, PathQuery(from_id="a", to_id="2"), lambda: _answer(42), wait=1)[0].hops == 2
