"""The draft as an annotated source: every fact with its verbatim quote, its occurrence and offsets, and a review
marker saying why it was proposed and how sure the extractor is."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from loaders.draft.drafter import Draft
from loaders.draft.entities import DraftEntity, slug
from loaders.draft.events import DraftEvent

Row = dict[str, Any]


def to_annotation(draft: Draft, output: Path) -> Row:
    """The draft as the mapping ``timeline-kg validate`` reads, with paths relative to ``output``."""
    a = draft.article
    begin = a.body_start
    quotes = _Quotes(a.text, begin)
    entities = {e.id: e for e in draft.entities}
    used = _used_entities(draft)
    entity_rows = [_entity(quotes, entities[i]) for i in entities if i in used or entities[i].known]
    entity_rows += _channels(draft, quotes)
    ids: set[str] = {row["id"] for row in entity_rows}
    event_rows = [_event(quotes, event, entities, ids) for event in draft.events]
    return {
        "source": _source(draft, output),
        "notes": _notes(draft),
        "entities": entity_rows,
        "events": event_rows,
    }


def dump(annotation: Row, draft: Draft) -> str:
    head = (
        f"# Draft made by `timeline-kg draft` on {draft.drafted_on} from {draft.article.path.name}"
        f" with {draft.pipeline}.\n"
        "# Review every fact: each carries a `review` marker (why it was proposed, how sure, offsets of its quote).\n"
        "# Accept a fact by deleting its marker; edit or delete it otherwise. Then `timeline-kg validate` it.\n"
    )
    return head + yaml.safe_dump(annotation, sort_keys=False, allow_unicode=True, width=120)


class _Quotes:
    """Quotes with the occurrence the validator counts (from the body's start) and offsets into the text."""

    def __init__(self, text: str, begin: int) -> None:
        self.text, self.begin = text, begin

    def evidence(self, start: int, end: int) -> Row:
        quote = self.text[start:end]
        return {"quote": quote, "occurrence": self.text.count(quote, self.begin, start) + 1}

    def review(self, reason: str, confidence: float, start: int, end: int) -> Row:
        return {"reason": reason, "confidence": round(confidence, 2), "start": start, "end": end}


def _source(draft: Draft, output: Path) -> Row:
    a = draft.article
    host = urlparse(a.url).hostname if a.url else None
    publisher = host.removeprefix("www.") if host else "unknown publisher (review)"
    title = _title(a.body) or a.path.stem
    sid = slug("-".join(filter(None, [a.published.isoformat() if a.published else None, title])))[:100]
    relative = os.path.relpath(a.path.resolve(), output.resolve().parent)
    row: Row = {
        "id": sid.strip("-") or "draft",
        "title": title,
        "publisher": publisher,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "published_basis": "stated" if a.published else "unknown",
        "published_note": (
            "from the capture's PUBLISHED line or --published"
            if a.published
            else "the text gives no publication date: dates relative to it are left open (see notes)"
        ),
        "text": relative,
    }
    if a.body_start > 0:
        row["body_start"] = _unique_prefix(a.text, a.body_start)
    if draft.body_end < len(a.text):
        row["body_end"] = _unique_prefix(a.text, draft.body_end)
    return row


def _title(body: str) -> str | None:
    """The headline: the first line of a few words that is no dateline, source line or publisher's name."""
    for line in body.splitlines()[:10]:
        words = line.split()
        if 5 <= len(words) <= 40 and "|" not in line and not re.match(r"^(?:NEWS|URL|PUBLISHED|Source)\b", line):
            return line.strip()
    return None


def _unique_prefix(text: str, at: int) -> str:
    """The shortest run of text from ``at`` (within its line) whose first occurrence is at ``at``."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    for length in range(12, max(13, line_end - at + 1), 8):
        snippet = text[at : at + length].rstrip()
        if snippet and text.find(snippet) == at:
            return snippet
    return text[at:line_end].rstrip() or text[at : at + 1]


def _notes(draft: Draft) -> list[str]:
    notes = [
        f"Drafted by machine ({draft.pipeline}); entities linked against {draft.knowledge.origin}. Nothing here is "
        "reviewed yet.",
    ]
    if draft.article.published is None:
        notes.append(
            "Publication date unknown: dates relative to publication ('today', 'on Thursday', 'last November') are "
            f"not resolved; events dated only by them are given '../{draft.drafted_on}' (before the day of drafting), "
            "to be narrowed by the reviewer."
        )
    for t in draft.timexes:
        notes.append(f"date expression {t.text!r} at {t.start}-{t.end}: {t.edtf or 'unresolved'} ({t.reason})")
    return notes


def _entity(quotes: _Quotes, entity: DraftEntity) -> Row:
    first = entity.mentions[0]
    aliases = [form for form in entity.aliases if form]
    row: Row = {"id": entity.id, "kind": entity.kind, "name": entity.name}
    if aliases:
        row["aliases"] = aliases
    row["evidence"] = [quotes.evidence(first.start, first.end)]
    row["review"] = quotes.review(entity.reason, entity.confidence, first.start, first.end)
    return row


def _used_entities(draft: Draft) -> set[str]:
    used = {p.entity for e in draft.events for p in e.participants}
    used |= {p.office for e in draft.events for p in e.participants if p.office}
    used |= {e.place for e in draft.events if e.place}
    return used


def _channels(draft: Draft, quotes: _Quotes) -> list[Row]:
    rows: dict[str, Row] = {}
    names = {e.id: e for e in draft.knowledge.entities}
    for event in draft.events:
        for channel, state in event.channel_changes:
            known = names.get(channel)
            if channel in rows or known is None:
                continue
            rows[channel] = {
                "id": channel,
                "kind": "channel",
                "name": known.name,
                "evidence": [quotes.evidence(event.start, event.end)],
                "review": quotes.review(f"the channel whose state is {state} here", 0.6, event.start, event.end),
            }
    return list(rows.values())


def _event(quotes: _Quotes, event: DraftEvent, entities: dict[str, DraftEntity], ids: set[str]) -> Row:
    names = [entities[p.entity].name for p in event.participants if p.entity in entities]
    title = f"{event.kind.capitalize()}: {', '.join(names) or 'unnamed parties'}"
    row: Row = {}
    if event.same_as is not None:
        row["same_as"] = event.same_as.id
    else:
        base = slug(f"{event.kind} {' '.join(p.entity for p in event.participants[:2])} {event.date}")[:110]
        ident, n = base, 1
        while ident in ids:
            n += 1
            ident = f"{base}-{n}"
        ids.add(ident)
        row["id"] = ident
    row |= {"title": title, "kind": event.kind, "date": event.date, "date_text": event.date_text,
            "status": event.status}  # fmt: skip
    participants = []
    for p in event.participants:
        part: Row = {"entity": p.entity, "role": p.role}
        if p.office and p.office in ids:
            part["office"] = p.office
        participants.append(part)
    if participants:
        row["participants"] = participants
    if event.place:
        row["place"] = event.place
    if event.channel_changes:
        row["channel_changes"] = [{"channel": c, "state": s} for c, s in event.channel_changes if c in ids]
    row["evidence"] = [quotes.evidence(event.start, event.end)]
    if event.note:
        row["note"] = event.note
    reasons = list(event.reasons)
    if event.same_as is not None:
        reasons.append(f"same event as {event.same_as.id} ({event.same_as.title}): kind, participants, dates agree")
    row["review"] = quotes.review("; ".join(reasons), event.confidence, event.start, event.end)
    return row
