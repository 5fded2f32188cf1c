"""Two writer threads: the nodes of batch k+1 are written while the events of batch k are."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable

import neo4j

from loaders.gdelt.batch import Batch
from loaders.gdelt.write import write_events, write_nodes


class Stage:
    """A thread that writes each batch it is given in one transaction, then hands the batch on.

    Two stages run at once: the nodes of batch k+1 are written while the relationships of batch k are, so the
    server works on both of its cores. They do not wait on each other's locks: a node stage only merges ids not
    written before in this run (see :class:`Batcher`), which the relationship stage's batch does not touch.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        work: Callable[[neo4j.ManagedTransaction, Batch, dt.datetime], None],
        loaded_at: dt.datetime,
        then: Stage | None = None,
    ) -> None:
        self.driver, self.database, self.work, self.loaded_at, self.then = driver, database, work, loaded_at, then
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=1)  # bounds memory: batches in flight
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=f"gdelt-{work.__name__}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while (batch := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        session.execute_write(self.work, batch, self.loaded_at)
                    except BaseException as exc:
                        self.error = exc
                if self.then is not None and self.error is None:
                    self.then.put(batch)
        if self.then is not None:
            self.then.close_quietly()

    def put(self, batch: Batch) -> None:
        self.check()
        self.queue.put(batch)

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        if self.then is not None:
            self.then.check()

    def close_quietly(self) -> None:
        self.queue.put(None)
        self.thread.join()

    def close(self) -> None:
        self.close_quietly()
        self.check()


class Writer:
    """Actors/places/sources stage feeding the events stage; the caller parses the next batch meanwhile."""

    def __init__(self, driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
        self.events = Stage(driver, database, write_events, loaded_at)
        self.nodes = Stage(driver, database, write_nodes, loaded_at, then=self.events)

    def put(self, batch: Batch) -> None:
        self.nodes.put(batch)

    def close(self) -> None:
        self.nodes.close()
