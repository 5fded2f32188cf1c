"""GDELT next to the articles: a GDELT event that matches an annotated event is linked to it as corroboration
(``(gdelt)-[:CORROBORATES]->(annotated)``), never merged with it. The rule is in
queries/write/gdelt-link-corroboration.cypher; which CAMEO roots fit which annotated kind comes from the
loader's own CAMEO-to-kind table, so the two directions cannot disagree."""

from __future__ import annotations

import neo4j

import queries
from loaders.gdelt.columns import CODE_KINDS, ROOT_KINDS
from loaders.gdelt.write import FEED_SOURCE_ID


def compatible_roots() -> dict[str, list[str]]:
    """Annotated event kind -> the CAMEO roots whose events the loader gives that kind (a root's own kind, or a
    finer code's: 041 is a call, so a call is corroborated by root 04 events)."""
    roots: dict[str, set[str]] = {}
    for root, kind in ROOT_KINDS.items():
        roots.setdefault(kind.value, set()).add(root)
    for code, kind in CODE_KINDS.items():
        roots.setdefault(kind.value, set()).add(code[:2])
    return {kind: sorted(values) for kind, values in sorted(roots.items())}


def link_corroboration(driver: neo4j.Driver, database: str) -> int:
    """Link every matching GDELT event to the annotated events it corroborates; the number of links (made or
    already there)."""
    records, _, _ = driver.execute_query(
        queries.load("write/gdelt-link-corroboration").text,
        roots=compatible_roots(),
        feed=FEED_SOURCE_ID,
        database_=database,
        routing_=neo4j.RoutingControl.WRITE,
    )
    return int(records[0]["links"]) if records else 0
