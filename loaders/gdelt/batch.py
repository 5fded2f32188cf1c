"""Records gathered into the parameter lists of one write, with the nodes already written left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loaders.gdelt.parse import Record

_SEEN_CAP = 200_000  # ids remembered as written in this run; forgotten (and re-merged, harmlessly) beyond it


@dataclass(slots=True)
class Batch:
    """The parameter lists of one write transaction; entity, place and source rows are deduplicated."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # with their actors, place and source ids

    def __len__(self) -> int:
        return len(self.events)


class _Seen:
    """Ids already written in this run, so the few actors in most events are not merged in every batch.
    Capped: when full it starts over, which only costs a harmless re-merge."""

    def __init__(self, cap: int = _SEEN_CAP) -> None:
        self.cap, self.ids = cap, set[str]()

    def __contains__(self, ident: str) -> bool:
        return ident in self.ids

    def add(self, ident: str) -> None:
        if len(self.ids) >= self.cap:
            self.ids.clear()
        self.ids.add(ident)


class Batcher:
    """Gathers records into batches, leaving out the nodes an earlier batch wrote.

    With ``in_order`` (one writer, batches committed in the order taken) a batch's nodes count as written when it is
    taken: the next batch, written after it, may point to them. Without it (several writers, batches committed in
    any order) they count only once :meth:`written` says the batch committed; until then a later batch merges them
    again (MERGE makes that harmless; the second transaction waits for the first's lock)."""

    def __init__(self, remember: bool = True, in_order: bool = True) -> None:
        self.batch = Batch()
        self.in_order = in_order
        self._seen_entities = _Seen() if remember else None
        self._seen_sources = _Seen() if remember else None

    def add(self, record: Record) -> None:
        b = self.batch
        event = record.event
        sid = event["source"]
        b.events.append(event)
        if sid not in b.sources and (self._seen_sources is None or sid not in self._seen_sources):
            b.sources[sid] = record.source
        seen = self._seen_entities
        for actor, _role in record.actors:
            aid = actor["id"]
            if aid not in b.actors and (seen is None or aid not in seen):
                b.actors[aid] = actor
        place = record.place
        if place is not None:
            pid = place["id"]
            if pid not in b.places and (seen is None or pid not in seen):
                b.places[pid] = place

    def take(self) -> Batch:
        """The batch so far, and a fresh one; in order, what it holds counts as written from now on."""
        out, self.batch = self.batch, Batch()
        if self.in_order:
            self.written(out)
        return out

    def written(self, batch: Batch) -> None:
        """``batch`` committed: later batches need not merge its nodes again. Called from a writer thread (a set's
        add and membership test are atomic in CPython)."""
        if self._seen_entities is not None and self._seen_sources is not None:
            for ident in (*batch.actors, *batch.places):
                self._seen_entities.add(ident)
            for ident in batch.sources:
                self._seen_sources.add(ident)
