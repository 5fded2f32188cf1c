"""The Cypher of a batch: nodes (sources, actors, places), then events with their relationships."""

from __future__ import annotations

import datetime as dt

import neo4j

import queries
from loaders.gdelt.batch import Batch

FEED_SOURCE_ID = "gdelt-2.0-events"  # the feed itself: the provenance of actors and places

_NODE_STATEMENTS = (
    ("write/gdelt-merge-sources", "sources"),
    ("write/gdelt-merge-actors", "actors"),
    ("write/gdelt-merge-places", "places"),
)
_EVENT_STATEMENTS = (("write/gdelt-merge-events", "events"),)


def write_nodes(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The actors, places and sources a batch's events will point to."""
    _run_all(tx, _NODE_STATEMENTS, batch, loaded_at)


def write_events(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """The events with their relationships; their actors, places and sources must be written already."""
    _run_all(tx, _EVENT_STATEMENTS, batch, loaded_at)


def write_batch(tx: neo4j.ManagedTransaction, batch: Batch, loaded_at: dt.datetime) -> None:
    """Everything of a batch in one transaction (what the naive loader uses)."""
    write_nodes(tx, batch, loaded_at)
    write_events(tx, batch, loaded_at)


def _run_all(
    tx: neo4j.ManagedTransaction, statements: tuple[tuple[str, str], ...], batch: Batch, loaded_at: dt.datetime
) -> None:
    for name, attr in statements:
        value = getattr(batch, attr)
        rows = list(value.values()) if isinstance(value, dict) else value
        if not rows:
            continue
        params = {"rows": rows, "loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID}
        record = tx.run(queries.load(name).text, params).single()
        assert record is not None
        missing = len(rows) - record["merged"]
        if attr == "events":
            missing += sum(len(r["actors"]) for r in rows) - record["participations"]
            missing += sum(r["place"] is not None for r in rows) - record["occurrences"]
        if missing:
            # A relationship whose end is missing drops out of its MATCH: fail the batch rather than lose it.
            raise RuntimeError(f"{name}: {missing} of the batch's nodes or relationships found no node to attach to")


def ensure_feed_source(driver: neo4j.Driver, database: str, loaded_at: dt.datetime) -> None:
    rows = [
        {
            "id": FEED_SOURCE_ID,
            "title": "GDELT 2.0 Event Database",
            "url": "https://www.gdeltproject.org/",
            "citation": None,
            "publisher": "The GDELT Project",
        }
    ]
    driver.execute_query(
        queries.load("write/gdelt-merge-sources").text,
        {"rows": rows, "loadedAt": loaded_at.isoformat(), "feed": FEED_SOURCE_ID},
        database_=database,
        routing_=neo4j.RoutingControl.WRITE,
    )
