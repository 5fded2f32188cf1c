"""The writer threads: each batch is written in one transaction while the caller parses the next ones."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Callable

import neo4j

from loaders.gdelt.batch import Batch
from loaders.gdelt.write import write_batch

DEADLOCK_ATTEMPTS = 8  # concurrent writers can deadlock on a node both lock; the server aborts one, which we rerun


class Writer:
    """Writes each batch it is given in one transaction, on ``writers`` threads (one session each).

    One transaction a batch makes a batch atomic: a crashed load leaves whole batches only, never actors or
    sources without their events. With one thread, batches commit in order, so a batch's events may point to actors
    an earlier batch wrote (see :class:`Batcher`). With several, batches commit in any order: the batcher must then
    leave out only the nodes of batches that have committed, which ``on_commit`` tells it. The server runs one
    transaction on one core, so a second writer is what lets it use a second core.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        loaded_at: dt.datetime,
        *,
        writers: int = 1,
        on_commit: Callable[[Batch], None] = lambda _batch: None,
    ) -> None:
        if writers < 1:
            raise ValueError("writers must be at least 1")
        self.driver, self.database, self.loaded_at, self.on_commit = driver, database, loaded_at, on_commit
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=writers)  # bounds memory: batches in flight
        self.error: BaseException | None = None
        self.reruns = 0  # transactions the server aborted as deadlocked and that were written again
        self.threads = [
            threading.Thread(target=self._run, name=f"gdelt-writer-{n}", daemon=True) for n in range(writers)
        ]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        self._write(session, batch)
                        self.on_commit(batch)
                    except BaseException as exc:
                        self.error = self.error or exc

    def _write(self, session: neo4j.Session, batch: Batch) -> None:
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                session.execute_write(write_batch, batch, self.loaded_at)
                return
            except neo4j.exceptions.TransientError as exc:
                if attempt == DEADLOCK_ATTEMPTS or "DeadlockDetected" not in (exc.code or ""):
                    raise
                self.reruns += 1
                time.sleep(0.02 * 2**attempt)

    def put(self, batch: Batch) -> None:
        self.check()
        self.queue.put(batch)

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Wait for the batches given so far; raise the first write's error, if any."""
        for _thread in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self.check()
