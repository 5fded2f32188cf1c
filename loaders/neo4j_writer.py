"""Writing graph batches to Neo4j: schema first, then one transaction per source."""

from __future__ import annotations

from typing import Any

import neo4j

import queries
from timeline_kg.graph_model import GraphBatch, Label

_MERGE_NODES = {
    Label.SOURCE: "write/merge-sources",
    Label.EVENT: "write/merge-events",
    Label.ENTITY: "write/merge-entities",
    Label.TENURE: "write/merge-tenures",
}


def ensure_schema(driver: neo4j.Driver, database: str) -> None:
    """Create the constraints and indexes of ``queries/schema.cypher`` (each IF NOT EXISTS)."""
    with driver.session(database=database) as session:
        for statement in queries.load("schema").statements:
            session.run(statement).consume()


def replace_source(driver: neo4j.Driver, database: str, batch: GraphBatch) -> None:
    """Replace what ``batch.source_id`` asserted with the batch, atomically: all of it lands or none does."""
    with driver.session(database=database) as session:
        session.execute_write(_replace, batch)


def _replace(tx: neo4j.ManagedTransaction, batch: GraphBatch) -> None:
    source = batch.source_id
    tx.run(queries.load("write/retract-source").text, source=source).consume()
    for label, name in _MERGE_NODES.items():
        rows: list[dict[str, Any]] = batch.node_rows(label)
        if rows:
            tx.run(queries.load(name).text, rows=rows, source=source).consume()
    rels = batch.rel_rows()
    if rels:
        record = tx.run(queries.load("write/merge-relationships").text, rows=rels, source=source).single()
        merged = record["merged"] if record else 0
        if merged != len(rels):
            # A row whose end was not found drops out of the MATCH: fail the transaction, load nothing.
            raise RuntimeError(f"{source}: {len(rels) - merged} relationship(s) refer to nodes not in the graph")
