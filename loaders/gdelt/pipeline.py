"""The writer thread: batch k is written (one transaction) while the caller parses batch k+1."""

from __future__ import annotations

import datetime as dt
import queue
import threading

import neo4j

from loaders.gdelt.batch import Batch
from loaders.gdelt.write import write_batch


class Writer:
    """Writes each batch it is given in one transaction, in order, on its own thread.

    One transaction a batch makes a batch atomic: a crashed load leaves whole batches only, never actors or
    sources without their events. In order, on one thread: a batch's events point to actors that an earlier
    batch wrote (see :class:`Batcher`), so that batch must have committed first.
    """

    def __init__(self, driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
        self.driver, self.database, self.loaded_at = driver, database, loaded_at
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=1)  # bounds memory: batches in flight
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="gdelt-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        session.execute_write(write_batch, batch, self.loaded_at)
                    except BaseException as exc:
                        self.error = exc

    def put(self, batch: Batch) -> None:
        self.check()
        self.queue.put(batch)

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Wait for the batches given so far; raise the first write's error, if any."""
        self.queue.put(None)
        self.thread.join()
        self.check()
