"""The Cypher of a batch: nodes (sources, actors, places), then events with their relationships."""

from __future__ import annotations

import datetime as dt
from typing import Any

import neo4j

import queries
from loaders.gdelt.batch import Batch

FEED_SOURCE_ID = "gdelt-2.0-events"  # the feed itself: the provenance of actors and places

_NODE_STATEMENTS = (
    ("write/gdelt-merge-sources", "sources"),
    ("write/gdelt-merge-actors", "actors"),
    ("write/gdelt-merge-places", "places"),
)


def write_batch(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """Everything of a batch in one transaction, so a crashed load leaves no half-written batch: the actors, places
    and sources first, then the events with their relationships (created if new, merged if already there)."""
    write_nodes(tx, batch, loaded_at)
    write_events(tx, batch, loaded_at)


def write_nodes(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The actors, places and sources a batch's events will point to."""
    params = {"loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID}
    for name, attr in _NODE_STATEMENTS:
        by_id: dict[str, dict[str, Any]] = getattr(batch, attr)
        # In id order: concurrent writers that merge the same nodes then lock them in the same order (no deadlock).
        rows = [by_id[ident] for ident in sorted(by_id)]
        if rows:
            record = tx.run(queries.load(name).text, params, rows=rows).single()
            _check(name, len(rows) - (record["merged"] if record else 0))


def write_events(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The events with their relationships; their actors, places and sources must be in the graph already.

    One look-up per batch says which events are new: those are CREATEd with their relationships (no per-row
    MERGE look-ups); the rest (a reload, or an id twice in the batch) are MERGEd, after, like any reload."""
    if not batch.events:
        return
    ids = [event["id"] for event in batch.events]
    record = tx.run(queries.load("write/gdelt-existing-events").text, ids=ids).single()
    taken = set(record["existing"] if record else ())
    new, again = [], []
    for event in batch.events:
        if event["id"] in taken:
            again.append(event)
        else:
            taken.add(event["id"])
            new.append(event)
    for name, rows in (("write/gdelt-create-events", new), ("write/gdelt-merge-events", again)):
        if rows:
            record = tx.run(queries.load(name).text, rows=rows).single()
            assert record is not None
            missing = len(rows) - record["merged"]
            missing += sum(len(r["actors"]) for r in rows) - record["participations"]
            missing += sum(r["place"] is not None for r in rows) - record["occurrences"]
            _check(name, missing)


def _check(name: str, missing: int) -> None:
    if missing:
        # A relationship whose end is missing drops out of its MATCH: fail the batch rather than lose it.
        raise RuntimeError(f"{name}: {missing} of the batch's nodes or relationships found no node to attach to")


FEED_SOURCE_ROW: dict[str, Any] = {
    "id": FEED_SOURCE_ID,
    "title": "GDELT 2.0 Event Database",
    "url": "https://www.gdeltproject.org/",
    "citation": None,
    "publisher": "The GDELT Project",
}


def ensure_feed_source(driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
    driver.execute_query(
        queries.load("write/gdelt-merge-sources").text,
        {"rows": [FEED_SOURCE_ROW], "loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID},
        database_=database,
        routing_=neo4j.RoutingControl.WRITE,
    )
