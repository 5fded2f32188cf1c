"""Turning graph rows into response models: the one place both stores pass through, so they answer alike.

A row is a plain dict of node or relationship properties named as in the graph (``dateLower``, ``quoteStarts``,
...), the same whether it came from Cypher or from the networkx graph. Every list in a response is sorted here by
a stated key, never left in the order a store happened to produce.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from graph_service import models as m
from timeline_kg.temporal import EARLIEST, LATEST, Precision

Row = Mapping[str, Any]

# Entity kinds that can act in events (loaders.annotated's actor kinds).
ACTOR_KINDS = ("person", "organisation", "country", "office")
# Event-to-event relations as seen from the event at the start of the relationship.
CAUSE_OF_OTHER = {"CAUSED", "LED_TO"}  # (this)-[:LED_TO]->(other): this is a cause of other


def span(row: Row, prefix: str = "date", text: str | None = None) -> m.Span | None:
    if row.get(prefix) is None:
        return None
    return m.Span(
        edtf=row[prefix],
        lower=row.get(f"{prefix}Lower"),
        upper=row.get(f"{prefix}Upper"),
        precision=Precision(row[f"{prefix}Precision"]),
        text=text,
    )


def sort_key(s: m.Span | None) -> tuple[dt.date, dt.date]:
    """The timeline order: earliest possible day, then latest; open bounds are the edges of time."""
    if s is None:
        return (LATEST, LATEST)
    return (s.lower or EARLIEST, s.upper or LATEST)


def event_summary(row: Row) -> m.EventSummary:
    date = span(row, "date", row.get("dateText"))
    assert date is not None, f"event {row.get('id')} has no date"
    return m.EventSummary(id=row["id"], title=row["title"], kind=row["kind"], status=row["status"], date=date)


def event_key(e: m.EventSummary) -> tuple[dt.date, dt.date, str]:
    return (*sort_key(e.date), e.id)


def ref(row: Row | None) -> m.Ref | None:
    if row is None or row.get("id") is None:
        return None
    return m.Ref(id=row["id"], name=row.get("name") or row.get("title") or row["id"], kind=row.get("kind"))


def must_ref(row: Row) -> m.Ref:
    out = ref(row)
    assert out is not None
    return out


def quotes(rows: Iterable[Row]) -> list[m.Quote]:
    """REPORTED_BY rows: {source, quote, start, end, kind}, ordered by source then position."""
    out = [
        m.Quote(source=r["source"], quote=r["quote"], start=r["start"], end=r["end"], kind=r.get("kind")) for r in rows
    ]
    return sorted(out, key=lambda q: (q.source, q.start, q.end))


def rel_evidence(row: Row) -> list[m.Quote]:
    """Quotes kept on a relationship as parallel lists (evidenceSources, quotes, quoteStarts, quoteEnds)."""
    sources = row.get("evidenceSources") or []
    texts, starts, ends = row.get("quotes") or [], row.get("quoteStarts") or [], row.get("quoteEnds") or []
    rows = [
        {"source": s, "quote": q, "start": a, "end": b, "kind": "evidence"}
        for s, q, a, b in zip(sources, texts, starts, ends, strict=False)
    ]
    return quotes(rows)


def event_detail(
    event: Row,
    participants: Iterable[Row],
    places: Iterable[Row],
    topics: Iterable[Row],
    changes: Iterable[Row],
    related: Iterable[Row],
    reports: Iterable[Row],
) -> m.EventDetail:
    """Assemble /events/{id}.

    participants: {actor, role, office}; places/topics: entity rows; changes: {channel, state};
    related: {type, direction, event, note, evidenceSources, quotes, quoteStarts, quoteEnds};
    reports: {source: source row, quote, start, end, kind}.
    """
    summary = event_summary(event)
    people = sorted(
        (m.Participant(actor=must_ref(p["actor"]), role=p["role"], office=ref(p.get("office"))) for p in participants),
        key=lambda p: (p.actor.id, p.role),
    )
    place_refs = sorted((must_ref(p) for p in places), key=lambda r: r.id)
    buckets: dict[str, list[m.RelatedEvent]] = {"causes": [], "effects": [], "part_of": [], "parts": []}
    for r in related:
        item = m.RelatedEvent(
            relation=r["type"],
            direction=r["direction"],
            event=event_summary(r["event"]),
            note=r.get("note"),
            evidence=rel_evidence(r),
        )
        outgoing = r["direction"] == "outgoing"
        if r["type"] == "PART_OF":
            bucket = "part_of" if outgoing else "parts"
        elif r["type"] in CAUSE_OF_OTHER:
            bucket = "effects" if outgoing else "causes"
        else:  # IN_RESPONSE_TO
            bucket = "causes" if outgoing else "effects"
        buckets[bucket].append(item)
    for items in buckets.values():
        items.sort(key=lambda x: (*event_key(x.event), x.relation, x.direction))
    by_source: dict[str, tuple[Row, list[Row]]] = {}
    for q in reports:
        src = q["source"]
        by_source.setdefault(src["id"], (src, []))[1].append({**q, "source": src["id"]})
    sources = [
        m.SourceQuotes(
            id=sid,
            title=src.get("title"),
            publisher=src.get("publisher"),
            url=src.get("url"),
            published=src.get("published"),
            quotes=quotes(rows),
        )
        for sid, (src, rows) in sorted(by_source.items())
    ]
    return m.EventDetail(
        **summary.model_dump(),
        note=event.get("note"),
        participants=people,
        place=place_refs[0] if place_refs else None,
        topics=sorted((must_ref(t) for t in topics), key=lambda r: r.id),
        channel_changes=sorted(
            (m.ChannelChange(channel=must_ref(c["channel"]), state=c["state"]) for c in changes),
            key=lambda c: (c.channel.id, c.state),
        ),
        causes=buckets["causes"],
        effects=buckets["effects"],
        part_of=buckets["part_of"],
        parts=buckets["parts"],
        sources=sources,
    )


def actor_summary(row: Row, event_count: int) -> m.ActorSummary:
    return m.ActorSummary(**must_ref(row).model_dump(), aliases=list(row.get("aliases") or []), event_count=event_count)


def actor_detail(actor: Row, offices: Iterable[Row], events: Iterable[Row]) -> m.ActorDetail:
    """offices: {tenure: tenure row, office: entity row}; events: {event, role, office}."""
    held = [
        m.OfficeHeld(
            office=must_ref(o["office"]),
            tenure=o["tenure"]["id"],
            start=span(o["tenure"], "start"),
            end=span(o["tenure"], "end"),
        )
        for o in offices
    ]
    held.sort(key=lambda h: (*sort_key(h.start), h.office.id, h.tenure))
    acts = [m.ActorEvent(event=event_summary(e["event"]), role=e["role"], office=ref(e.get("office"))) for e in events]
    acts.sort(key=lambda a: (*event_key(a.event), a.role))
    return m.ActorDetail(
        **actor_summary(actor, len({a.event.id for a in acts})).model_dump(),
        description=actor.get("description"),
        note=actor.get("note"),
        offices=held,
        events=acts,
    )


def state_change(row: Row) -> m.StateChange:
    """{event, state, reports: [{source, quote, start, end, kind}]}"""
    return m.StateChange(event=event_summary(row["event"]), state=row["state"], evidence=quotes(row["reports"]))


def path_node(row: Row) -> m.PathNode:
    label = row["_label"]
    date = span(row, "date", row.get("dateText")) if label == "Event" else span(row, "start")
    return m.PathNode(
        id=row["id"],
        label=label,
        kind=row.get("kind"),
        name=row.get("name") or row.get("title") or row["id"],
        date=date,
    )


REL_PROPERTIES = ("role", "office", "state", "note")


def path_relationship(row: Row) -> m.PathRelationship:
    props = {k: row[k] for k in REL_PROPERTIES if row.get(k) is not None}
    return m.PathRelationship(type=row["type"], start=row["start"], end=row["end"], properties=props)


def source_summary(row: Row) -> m.SourceSummary:
    return m.SourceSummary(
        id=row["id"],
        title=row.get("title"),
        publisher=row.get("publisher"),
        url=row.get("url"),
        published=row.get("published"),
        published_basis=row.get("publishedBasis"),
        language=row.get("language"),
    )


def source_detail(row: Row) -> m.SourceDetail:
    return m.SourceDetail(**source_summary(row).model_dump(), text=row.get("text"))
