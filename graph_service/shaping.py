"""Turning store rows into response models: the one place both stores pass through, so they answer alike.

Rows are the typed dicts of :mod:`graph_service.stores.rows`, the same whether they came from Cypher or from the
networkx graph. Every list in a response is sorted here by a stated key, never left in the order a store happened
to produce.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from graph_service import models as m
from graph_service.paging import event_key, sort_key
from graph_service.stores.rows import (
    ActorEventRow,
    ChannelChangeRow,
    ClaimRow,
    EntityRow,
    EventRow,
    OfficeRow,
    ParticipationRow,
    PathNodeRow,
    PathRelationshipRow,
    QuoteRow,
    RelatedEventRow,
    ReportRow,
    StateChangeRow,
)
from timeline_kg.graph_model import Label, RelType
from timeline_kg.known_at import KnownSnapshot
from timeline_kg.temporal import Precision

# Event-to-event relations as seen from the event at the start of the relationship.
CAUSE_OF_OTHER = {RelType.CAUSED.value, RelType.LED_TO.value}  # (this)-[:LED_TO]->(other): this causes other


def _span(
    edtf: str | None, lower: dt.date | None, upper: dt.date | None, precision: str | None, text: str | None = None
) -> m.Span | None:
    if edtf is None:
        return None
    assert precision is not None, f"the date {edtf!r} has no precision"  # the loaders always write both
    return m.Span(edtf=edtf, lower=lower, upper=upper, precision=Precision(precision), text=text)


def event_summary(row: EventRow) -> m.EventSummary:
    date = _span(row["date"], row["dateLower"], row["dateUpper"], row["datePrecision"], row["dateText"])
    assert date is not None, f"event {row['id']} has no date"
    return m.EventSummary(
        id=row["id"],
        title=row["title"] or row["id"],
        kind=row["kind"],
        status=row["status"],
        date=date,
        conflicting=bool(row.get("conflicting")),
        corroboration=row.get("corroboration") or 1,
    )


def known_at(snapshot: KnownSnapshot) -> m.KnownAt:
    return m.KnownAt(
        date=snapshot.day,
        sources_excluded_unknown_publication=snapshot.excluded_unknown,
        sources_excluded_later=snapshot.excluded_later,
    )


def claims(rows: Iterable[ClaimRow]) -> list[m.Claim]:
    """Each source's claim, by publication day (unknown last), then source id."""
    out = []
    for r in rows:
        date = _span(r["date"], r["dateLower"], r["dateUpper"], r["datePrecision"], r["dateText"])
        assert date is not None
        sid = r["source"]["id"]
        quote = (
            m.Citation(source=sid, quote=r["quote"], start=r["quoteStart"], end=r["quoteEnd"], kind="evidence")
            if r["quote"] is not None and r["quoteStart"] is not None and r["quoteEnd"] is not None
            else None
        )
        out.append(
            m.Claim(
                source=sid,
                publisher=r["source"]["publisher"],
                published=r["source"]["published"],
                defines=bool(r["defines"]),
                date=date,
                status=r["status"],
                title=r["title"],
                kind=r["kind"],
                place=r["place"],
                quote=quote,
            )
        )
    return sorted(out, key=lambda c: (c.published or dt.date.max, c.source))


def ref(row: EntityRow | None) -> m.Ref | None:
    if row is None or row.get("id") is None:  # an OPTIONAL MATCH that found nothing projects to null or {id: null}
        return None
    return m.Ref(id=row["id"], name=row["name"] or row["id"], kind=row["kind"])


def must_ref(row: EntityRow) -> m.Ref:
    out = ref(row)
    assert out is not None
    return out


def citations(rows: Iterable[QuoteRow]) -> list[m.Citation]:
    """REPORTED_BY rows, ordered by source then position."""
    out = [
        m.Citation(source=r["source"], quote=r["quote"], start=r["start"], end=r["end"], kind=r["kind"]) for r in rows
    ]
    return sorted(out, key=lambda q: (q.source, q.start, q.end))


def rel_evidence(row: RelatedEventRow) -> list[m.Citation]:
    """Quotes kept on a relationship as parallel lists (evidenceSources, quotes, quoteStarts, quoteEnds)."""
    sources = row["evidenceSources"] or []
    texts, starts, ends = row["quotes"] or [], row["quoteStarts"] or [], row["quoteEnds"] or []
    rows: list[QuoteRow] = [
        {"source": s, "quote": q, "start": a, "end": b, "kind": "evidence"}
        for s, q, a, b in zip(sources, texts, starts, ends, strict=False)
    ]
    return citations(rows)


def _related(related: Iterable[RelatedEventRow]) -> dict[str, list[m.RelatedEvent]]:
    """Related events in four buckets (causes, effects, part_of, parts), each in timeline order."""
    buckets: dict[str, list[m.RelatedEvent]] = {"causes": [], "effects": [], "part_of": [], "parts": []}
    for r in related:
        outgoing = r["direction"] == "outgoing"
        item = m.RelatedEvent(
            relation=r["type"],
            direction="outgoing" if outgoing else "incoming",
            event=event_summary(r["event"]),
            note=r["note"],
            evidence=rel_evidence(r),
        )
        if r["type"] == RelType.PART_OF:
            bucket = "part_of" if outgoing else "parts"
        elif r["type"] in CAUSE_OF_OTHER:
            bucket = "effects" if outgoing else "causes"
        else:  # IN_RESPONSE_TO
            bucket = "causes" if outgoing else "effects"
        buckets[bucket].append(item)
    for items in buckets.values():
        items.sort(key=lambda x: (*event_key(x.event), x.relation, x.direction))
    return buckets


def _sources(reports: Iterable[ReportRow]) -> list[m.SourceQuotes]:
    """Each reporting source with its quotes, by source id."""
    by_source: dict[str, list[ReportRow]] = {}
    for q in reports:
        by_source.setdefault(q["source"]["id"], []).append(q)
    out = []
    for sid, rows in sorted(by_source.items()):
        src = rows[0]["source"]
        quotes: list[QuoteRow] = [
            {"source": sid, "quote": r["quote"], "start": r["start"], "end": r["end"], "kind": r["kind"]} for r in rows
        ]
        out.append(
            m.SourceQuotes(
                id=sid,
                title=src["title"],
                publisher=src["publisher"],
                url=src["url"],
                published=src["published"],
                quotes=citations(quotes),
            )
        )
    return out


def event_detail(
    event: EventRow,
    participants: Iterable[ParticipationRow],
    places: Iterable[EntityRow],
    topics: Iterable[EntityRow],
    changes: Iterable[ChannelChangeRow],
    related: Iterable[RelatedEventRow],
    reports: Iterable[ReportRow],
    claim_rows: Iterable[ClaimRow],
) -> m.EventDetail:
    """Assemble /events/{id}."""
    people = sorted(
        (m.Participant(actor=must_ref(p["actor"]), role=p["role"], office=ref(p["office"])) for p in participants),
        key=lambda p: (p.actor.id, p.role),
    )
    place_refs = sorted((must_ref(p) for p in places), key=lambda r: r.id)
    buckets = _related(related)
    return m.EventDetail(
        **event_summary(event).model_dump(),
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
        sources=_sources(reports),
        claims=claims(claim_rows),
    )


def actor_summary(row: EntityRow, event_count: int) -> m.ActorSummary:
    return m.ActorSummary(**must_ref(row).model_dump(), aliases=list(row.get("aliases") or []), event_count=event_count)


def actor_detail(actor: EntityRow, offices: Iterable[OfficeRow], events: Iterable[ActorEventRow]) -> m.ActorDetail:
    held = []
    for o in offices:
        t = o["tenure"]
        held.append(
            m.OfficeHeld(
                office=must_ref(o["office"]),
                tenure=t["id"],
                start=_span(t["start"], t["startLower"], t["startUpper"], t["startPrecision"]),
                end=_span(t["end"], t["endLower"], t["endUpper"], t["endPrecision"]),
            )
        )
    held.sort(key=lambda h: (*sort_key(h.start), h.office.id, h.tenure))
    acts = [m.ActorEvent(event=event_summary(e["event"]), role=e["role"], office=ref(e["office"])) for e in events]
    acts.sort(key=lambda a: (*event_key(a.event), a.role))
    return m.ActorDetail(
        **actor_summary(actor, len({a.event.id for a in acts})).model_dump(),
        description=actor.get("description"),
        note=actor.get("note"),
        offices=held,
        events=acts,
    )


def state_change(row: StateChangeRow) -> m.StateChange:
    return m.StateChange(event=event_summary(row["event"]), state=row["state"], evidence=citations(row["reports"]))


def path_node(row: PathNodeRow) -> m.PathNode:
    if row["label"] == Label.EVENT:
        date = _span(row["date"], row["dateLower"], row["dateUpper"], row["datePrecision"], row["dateText"])
    else:
        date = _span(row["start"], row["startLower"], row["startUpper"], row["startPrecision"])
    return m.PathNode(
        id=row["id"],
        label=row["label"],
        kind=row["kind"],
        name=row["name"] or row["title"] or row["id"],
        date=date,
    )


def path_relationship(row: PathRelationshipRow) -> m.PathRelationship:
    shown = {"role": row["role"], "office": row["office"], "state": row["state"], "note": row["note"]}
    props = {k: v for k, v in shown.items() if v is not None}
    return m.PathRelationship(type=row["type"], start=row["start"], end=row["end"], properties=props)
