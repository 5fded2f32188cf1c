"""The embedded graph's nodes and relationships as the typed rows of :mod:`graph_service.stores.rows`, and the
walks the embedded store takes over its networkx graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeAlias

import networkx as nx

from graph_service.stores.rows import (
    ClaimRow,
    EntityRow,
    EventRow,
    PathNodeRow,
    PathRelationshipRow,
    SourceDocumentRow,
    SourceRow,
    TenureRow,
)
from timeline_kg.embedded import LABEL, TYPE
from timeline_kg.graph_model import Label, RelType

Graph: TypeAlias = nx.MultiDiGraph
Props: TypeAlias = dict[str, Any]


def event_row(ident: str, d: Props) -> EventRow:
    return {
        "id": ident,
        "title": d.get("title"),
        "kind": d.get("kind"),
        "status": d["status"],
        "date": d["date"],
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d["datePrecision"],
        "dateText": d.get("dateText"),
        "note": d.get("note"),
        "conflicting": d.get("conflicting"),
        "corroboration": d.get("corroboration"),
    }


def claim_row(source: str, source_props: Props, d: Props) -> ClaimRow:
    return {
        "source": source_row(source, source_props),
        "defines": d.get("defines"),
        "date": d["date"],
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d["datePrecision"],
        "dateText": d.get("dateText"),
        "status": d["status"],
        "title": d.get("title"),
        "kind": d.get("kind"),
        "place": d.get("place"),
        "quote": d.get("quote"),
        "quoteStart": d.get("quoteStart"),
        "quoteEnd": d.get("quoteEnd"),
    }


def entity_row(ident: str, d: Props) -> EntityRow:
    return {
        "id": ident,
        "name": d["name"],
        "kind": d["kind"],
        "aliases": d.get("aliases"),
        "description": d.get("description"),
        "note": d.get("note"),
    }


def source_row(ident: str, d: Props) -> SourceRow:
    return {
        "id": ident,
        "title": d.get("title"),
        "publisher": d.get("publisher"),
        "published": d.get("published"),
        "url": d.get("url"),
    }


def source_document_row(ident: str, d: Props, with_text: bool = False) -> SourceDocumentRow:
    row: SourceDocumentRow = {
        "id": ident,
        "title": d.get("title"),
        "publisher": d.get("publisher"),
        "published": d.get("published"),
        "url": d.get("url"),
        "publishedBasis": d.get("publishedBasis"),
        "language": d.get("language"),
    }
    if with_text:
        row["text"] = d.get("text")
    return row


def tenure_row(ident: str, d: Props) -> TenureRow:
    return {
        "id": ident,
        "start": d.get("start"),
        "startLower": d.get("startLower"),
        "startUpper": d.get("startUpper"),
        "startPrecision": d.get("startPrecision"),
        "end": d.get("end"),
        "endLower": d.get("endLower"),
        "endUpper": d.get("endUpper"),
        "endPrecision": d.get("endPrecision"),
    }


def path_node_row(ident: str, d: Props) -> PathNodeRow:
    return {
        "id": ident,
        "label": d[LABEL],
        "name": d.get("name"),
        "title": d.get("title"),
        "kind": d.get("kind"),
        "date": d.get("date"),
        "dateLower": d.get("dateLower"),
        "dateUpper": d.get("dateUpper"),
        "datePrecision": d.get("datePrecision"),
        "dateText": d.get("dateText"),
        "start": d.get("start"),
        "startLower": d.get("startLower"),
        "startUpper": d.get("startUpper"),
        "startPrecision": d.get("startPrecision"),
    }


def path_relationship_row(rel_type: str, start: str, end: str, d: Props) -> PathRelationshipRow:
    return {
        "type": rel_type,
        "start": start,
        "end": end,
        "key": d.get("key"),
        "role": d.get("role"),
        "office": d.get("office"),
        "state": d.get("state"),
        "note": d.get("note"),
    }


def out_edges(g: Graph, ident: str, rel: RelType) -> Iterator[tuple[str, Props]]:
    for _, other, data in g.out_edges(ident, data=True):
        if data[TYPE] == rel.value:
            yield other, data


def in_edges(g: Graph, ident: str, rel: RelType) -> Iterator[tuple[str, Props]]:
    for other, _, data in g.in_edges(ident, data=True):
        if data[TYPE] == rel.value:
            yield other, data


def has_label(g: Graph, ident: str, label: Label) -> bool:
    return ident in g and g.nodes[ident][LABEL] == label.value
