"""Writing graph batches to Neo4j: schema first, then one transaction per source.

A load changes only what differs from what the source asserted before: nodes and relationships that stay are
never deleted and re-created, properties are set only when their value changes, and only what the source no longer
asserts is withdrawn. So a reload of an unchanged source is invisible to concurrent readers, and a changed one shows
them each node and relationship either as it was or as it becomes (never a node without its properties).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import neo4j

import queries
from timeline_kg.claims import Claim, derive
from timeline_kg.graph_model import GraphBatch, Label

_MERGE_NODES = {
    Label.EVENT: "write/merge-events",
    Label.ENTITY: "write/merge-entities",
    Label.TENURE: "write/merge-tenures",
}
_RelKey = tuple[str, str, str, str, str, str]  # type, fromLabel, from, toLabel, to, key
_NodeKey = tuple[str, str]  # label, id


def ensure_schema(driver: neo4j.Driver, database: str) -> None:
    """Create the constraints and indexes of ``queries/schema.cypher`` (each IF NOT EXISTS)."""
    with driver.session(database=database) as session:
        for statement in queries.load("schema").statements:
            session.run(statement).consume()


def replace_source(driver: neo4j.Driver, database: str, batch: GraphBatch) -> None:
    """Replace what ``batch.source_id`` asserted with the batch, atomically: all of it lands or none does."""
    with driver.session(database=database) as session:
        session.execute_write(_replace, batch)


def retract_source(driver: neo4j.Driver, database: str, source: str) -> bool:
    """Withdraw a source and everything only it asserted, deriving again what it touched; False if not loaded."""
    with driver.session(database=database) as session:
        return bool(session.execute_write(_retract, source))


def _run(tx: neo4j.ManagedTransaction, name: str, **params: Any) -> neo4j.Record | None:
    return tx.run(queries.load(name).text, params).single()


def _rel_key(row: dict[str, Any]) -> _RelKey:
    return (row["type"], row["fromLabel"], row["from"], row["toLabel"], row["to"], row["key"])


def _before(tx: neo4j.ManagedTransaction, source: str) -> tuple[set[_NodeKey], dict[_RelKey, dict[str, Any]]]:
    record = _run(tx, "write/source-assertions", source=source)
    assert record is not None
    claims = {(c["label"], c["id"]) for c in record["claims"]}
    rels = {_rel_key(r): dict(r) for r in record["rels"]}
    return claims, rels


def _replace(tx: neo4j.ManagedTransaction, batch: GraphBatch) -> None:
    source = batch.source_id
    old_claims, old_rels = _before(tx, source)
    _run(tx, "write/merge-sources", rows=batch.node_rows(Label.SOURCE), source=source)
    for label, name in _MERGE_NODES.items():
        rows: list[dict[str, Any]] = batch.node_rows(label)
        if rows:
            _run(tx, name, rows=rows, source=source)
    claim_rows = batch.claim_rows()
    if claim_rows:
        _run(tx, "write/merge-claims", rows=claim_rows, source=source)
    rels = batch.rel_rows()
    if rels:
        record = _run(tx, "write/merge-relationships", rows=rels, source=source)
        merged = record["merged"] if record else 0
        if merged != len(rels):
            # A row whose end was not found drops out of the MATCH: fail the transaction, load nothing.
            raise RuntimeError(f"{source}: {len(rels) - merged} relationship(s) refer to nodes not in the graph")
    new_rels = {_rel_key(r) for r in rels}
    stale_rels = [row for key, row in old_rels.items() if key not in new_rels]
    if stale_rels:
        _run(tx, "write/withdraw-relationships", rows=stale_rels, source=source)
    new_claims = {(r["label"], r["id"]) for r in claim_rows}
    stale_claims = old_claims - new_claims
    if stale_claims:
        _run(tx, "write/withdraw-claims", rows=_node_rows(stale_claims), source=source)
    _derive(tx, new_claims | stale_claims)


def _retract(tx: neo4j.ManagedTransaction, source: str) -> bool:
    claims, rels = _before(tx, source)
    if not claims and not rels:
        return False
    if rels:
        _run(tx, "write/withdraw-relationships", rows=list(rels.values()), source=source)
    if claims:
        _run(tx, "write/withdraw-claims", rows=_node_rows(claims), source=source)
    _derive(tx, claims)
    _run(tx, "write/delete-source", source=source)
    return True


def _node_rows(keys: Iterable[_NodeKey]) -> list[dict[str, str]]:
    return [{"label": label, "id": ident} for label, ident in sorted(keys)]


def _derive(tx: neo4j.ManagedTransaction, nodes: set[_NodeKey]) -> None:
    """Derive again the properties of nodes whose claims changed; delete those no source claims any more."""
    if not nodes:
        return
    result = tx.run(queries.load("write/claims-of").text, rows=_node_rows(nodes))
    derived, unclaimed = [], []
    for record in result:
        claims = [Claim(c["source"], _date(c["published"]), c["origin"], dict(c["props"])) for c in record["claims"]]
        if claims:
            props = derive(Label(record["label"]), claims)
            derived.append({"label": record["label"], "id": record["id"], "props": props})
        else:
            unclaimed.append({"label": record["label"], "id": record["id"]})
    if derived:
        _run(tx, "write/set-derived", rows=derived)
    if unclaimed:
        _run(tx, "write/delete-unclaimed", rows=unclaimed)


def _date(value: Any) -> Any:
    """Neo4j's Date as Python's (the claims module compares dates)."""
    return value.to_native() if hasattr(value, "to_native") else value
