"""DeadlineStore's bound on store workers: a burst waits its turn briefly, a hung store gets 503s quickly."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from typing import Any

import pytest

from graph_service import deadline
from graph_service.deadline import DeadlineStore
from graph_service.errors import StoreUnavailable


class _SlowStore:
    """Every call takes ``seconds`` (or waits for ``release`` when given)."""

    name = "slow"

    def __init__(self, seconds: float = 0.0, release: threading.Event | None = None) -> None:
        self.seconds, self.release = seconds, release

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self.release is not None:
                self.release.wait(10)
            time.sleep(self.seconds)
            return []

        return call


def test_a_burst_above_the_workers_waits_for_them_instead_of_503() -> None:
    store = DeadlineStore(_SlowStore(0.05), deadline=5, workers=8)  # type: ignore[arg-type]
    try:
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(lambda _: store.conflicts(), range(40)))
    finally:
        store.close()
    assert answers == [[]] * 40  # before the wait, 12 of the first 20 calls were refused at once


def test_calls_beyond_hung_workers_are_refused_after_the_admission_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline, "ADMISSION_WAIT", 0.2)
    release = threading.Event()
    store = DeadlineStore(_SlowStore(release=release), deadline=5, workers=2)  # type: ignore[arg-type]
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            hung = [pool.submit(store.conflicts) for _ in range(2)]
            time.sleep(0.1)  # both workers now wait on the store
            started = time.monotonic()
            with pytest.raises(StoreUnavailable, match="all 2 store workers"):
                store.conflicts()
            waited = time.monotonic() - started
            release.set()
            assert [f.result() for f in hung] == [[], []]
    finally:
        store.close()
    assert 0.15 < waited < 2.0
