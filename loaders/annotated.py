"""Annotated sources (YAML) into graph batches: read, validate everything, then compile.

Nothing is written until a file passes every check, and every problem in a file is reported in one go, each with
its location inside the file and, where YAML tells, its line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from loaders import safe_yaml
from loaders.problems import InvalidSource, Problem
from timeline_kg.annotation import (
    AnnotatedSource,
    Entity,
    EntityKind,
    Event,
    EventStatus,
    Evidence,
)
from timeline_kg.graph_model import EntityLabel, GraphBatch, Label, NodeRecord, Quote, RelRecord, RelType
from timeline_kg.temporal import TimeSpan, parse_timespan


class _TextDatesLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: EDTF and ISO dates are parsed by the models, not by YAML."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class LoadedSource:
    """An annotation that passed validation, with its text and every quote located."""

    path: Path
    annotation: AnnotatedSource
    text: str
    body: str  # the article proper; quotes must fall inside it

    def batch(self) -> GraphBatch:
        return _compile(self)


# ---------------------------------------------------------------------------------------------- reading


def _format_loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: yaml.Node | None, loc: Iterable[int | str]) -> int | None:
    """The line of the YAML node at ``loc``, or of its nearest existing parent."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _pydantic_message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "value_error":
        return message.removeprefix("Value error, ")
    if error["type"] in ("enum", "literal_error"):
        return message
    given = error.get("input")
    if given is not None and not isinstance(given, (dict, list)):
        message += f" (got {given!r})"
    return message


def read_annotation(path: Path) -> LoadedSource:
    """Read and fully validate one annotation file; raise :class:`InvalidSource` listing every problem."""
    path = Path(path)
    try:
        raw = safe_yaml.read_text(path)
    except FileNotFoundError:
        raise InvalidSource([Problem(path, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError, safe_yaml.FileTooLarge) as exc:
        raise InvalidSource([Problem(path, "", f"cannot read the file: {exc}")]) from None
    if not raw.strip():
        raise InvalidSource([Problem(path, "", "the file is empty")])
    try:
        root, data = safe_yaml.load(raw, _TextDatesLoader)  # no anchors or aliases; size and depth limits
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InvalidSource([Problem(path, "", f"invalid YAML: {reason}", line)]) from None
    if data is None:
        raise InvalidSource([Problem(path, "", "the file is empty (nothing but comments)")])
    if not isinstance(data, dict):
        raise InvalidSource([Problem(path, "", "expected a mapping with 'source', 'entities', 'events', ...", 1)])
    try:
        # Strict validation from JSON: no coercion of types, but enums and ISO dates may be written as text.
        annotation = AnnotatedSource.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        problems = [
            Problem(path, _format_loc(e["loc"]), _pydantic_message(e), _line_of(root, e["loc"])) for e in exc.errors()
        ]
        raise InvalidSource(problems) from None
    return _check(path, annotation, root)


# ---------------------------------------------------------------------------------------------- checking


class _Checker:
    def __init__(self, path: Path, annotation: AnnotatedSource, root: yaml.Node | None) -> None:
        self.path, self.annotation, self.root = path, annotation, root
        self.problems: list[Problem] = []

    def add(self, loc: tuple[int | str, ...], message: str) -> None:
        self.problems.append(Problem(self.path, _format_loc(loc), message, _line_of(self.root, loc)))


def _check(path: Path, annotation: AnnotatedSource, root: yaml.Node | None) -> LoadedSource:
    check = _Checker(path, annotation, root)
    meta = annotation.source
    text_path = (path.parent / meta.text).resolve()
    text = ""
    try:
        text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        check.add(("source", "text"), f"source text {text_path} not found")
    except (OSError, UnicodeDecodeError) as exc:
        check.add(("source", "text"), f"cannot read source text {text_path}: {exc}")
    body = text
    if text and meta.body_end is not None:
        cut = text.find(meta.body_end)
        if cut < 0:
            check.add(("source", "body_end"), f"{meta.body_end!r} does not occur in the text")
        else:
            body = text[:cut]

    kinds = _check_ids(check)
    _check_references(check, kinds)
    if text:
        for loc, evidence in _all_evidence(annotation):
            if _locate(body, evidence) is None:
                found = text.count(evidence.quote)
                reason = (
                    "quote is in the page furniture after the article's end, not in the article"
                    if found
                    else "quote does not occur verbatim in the source text"
                )
                if body.count(evidence.quote) and evidence.occurrence > body.count(evidence.quote):
                    reason = f"quote occurs {body.count(evidence.quote)} time(s), not {evidence.occurrence}"
                check.add(loc, reason)
        for i, entity in enumerate(annotation.entities):
            if not entity.evidence and _first_mention(body, entity) is None:
                check.add(("entities", i, "name"), "neither the name nor any alias occurs in the text; add one")
    _check_dates(check)
    if check.problems:
        raise InvalidSource(check.problems)
    return LoadedSource(path, annotation, text, body)


def _check_ids(check: _Checker) -> dict[str, str]:
    """Ids are one namespace across a file; returns id -> what it names ('event', 'tenure' or an entity kind)."""
    kinds: dict[str, str] = {}
    sections: list[tuple[str, Iterable[tuple[str, str]]]] = [
        ("entities", ((e.id, e.kind.value) for e in check.annotation.entities)),
        ("events", ((e.id, "event") for e in check.annotation.events)),
        ("tenures", ((t.id, "tenure") for t in check.annotation.tenures)),
    ]
    for section, items in sections:
        for i, (ident, kind) in enumerate(items):
            if ident in kinds or ident == check.annotation.source.id:
                check.add((section, i, "id"), f"duplicate id {ident!r}")
            else:
                kinds[ident] = kind
    return kinds


def _check_references(check: _Checker, kinds: dict[str, str]) -> None:
    def ref(loc: tuple[int | str, ...], ident: str | None, *allowed: str) -> None:
        if ident is None:
            return
        kind = kinds.get(ident)
        if kind is None:
            check.add(loc, f"{ident!r} is not defined in this file")
        elif allowed and kind not in allowed:
            check.add(loc, f"{ident!r} is a {kind}, expected {' or '.join(allowed)}")

    actor_kinds = ("person", "organisation", "country", "office")
    a = check.annotation
    for i, entity in enumerate(a.entities):
        ref(("entities", i, "part_of"), entity.part_of)
        for j, party in enumerate(entity.parties):
            ref(("entities", i, "parties", j), party, *actor_kinds)
        if entity.parties and entity.kind is not EntityKind.CHANNEL:
            check.add(("entities", i, "parties"), "only channels have parties")
    for i, event in enumerate(a.events):
        for j, p in enumerate(event.participants):
            ref(("events", i, "participants", j, "entity"), p.entity, *actor_kinds)
            ref(("events", i, "participants", j, "office"), p.office, "office")
        ref(("events", i, "place"), event.place, "place", "country")
        for j, topic in enumerate(event.topics):
            ref(("events", i, "topics", j), topic, "topic")
        for j, change in enumerate(event.channel_changes):
            ref(("events", i, "channel_changes", j, "channel"), change.channel, "channel")
    for i, relation in enumerate(a.relations):
        ref(("relations", i, "from"), relation.source, "event")
        ref(("relations", i, "to"), relation.target, "event")
        if relation.source == relation.target:
            check.add(("relations", i), "an event cannot relate to itself")
    for i, tenure in enumerate(a.tenures):
        ref(("tenures", i, "person"), tenure.person, "person")
        ref(("tenures", i, "office"), tenure.office, "office")
        ref(("tenures", i, "started_by"), tenure.started_by, "event")
        ref(("tenures", i, "ended_by"), tenure.ended_by, "event")


def _check_dates(check: _Checker) -> None:
    published = check.annotation.source.published
    for i, event in enumerate(check.annotation.events):
        span = parse_timespan(event.date)
        if event.status is EventStatus.OCCURRED and span.wholly_after(published):
            check.add(("events", i, "date"), f"marked occurred but dated {event.date}, after publication {published}")
        if event.status in (EventStatus.EXPECTED, EventStatus.PLANNED) and span.wholly_before(published):
            check.add(
                ("events", i, "date"),
                f"marked {event.status.value} but dated {event.date}, wholly before publication {published}",
            )
    for i, tenure in enumerate(check.annotation.tenures):
        start = parse_timespan(tenure.start) if tenure.start else None
        end = parse_timespan(tenure.end) if tenure.end else None
        if start and end and start.lower and end.upper and start.lower > end.upper:
            check.add(("tenures", i, "end"), f"ends ({tenure.end}) before it starts ({tenure.start})")
        if start and start.wholly_after(published):
            check.add(("tenures", i, "start"), f"starts after publication {published}")


def _all_evidence(a: AnnotatedSource) -> Iterator[tuple[tuple[int | str, ...], Evidence]]:
    sections: list[tuple[str, Any]] = [
        ("entities", a.entities),
        ("events", a.events),
        ("relations", a.relations),
        ("tenures", a.tenures),
    ]
    for section, items in sections:
        for i, item in enumerate(items):
            for j, evidence in enumerate(item.evidence):
                yield (section, i, "evidence", j, "quote"), evidence


def _locate(body: str, evidence: Evidence) -> tuple[int, int] | None:
    start = -1
    for _ in range(evidence.occurrence):
        start = body.find(evidence.quote, start + 1)
        if start < 0:
            return None
    return start, start + len(evidence.quote)


def _first_mention(body: str, entity: Entity) -> tuple[str, int] | None:
    found = [(body.find(name), name) for name in (entity.name, *entity.aliases)]
    hits = sorted((pos, name) for pos, name in found if pos >= 0)
    return (hits[0][1], hits[0][0]) if hits else None


# ---------------------------------------------------------------------------------------------- compiling

_ENTITY_LABELS = {kind: EntityLabel[kind.name] for kind in EntityKind}


def _time_props(prefix: str, span: TimeSpan | None) -> dict[str, Any]:
    # Property names: date, dateLower, dateUpper, datePrecision (or start..., end... for tenures).
    if span is None:
        return {prefix: None, f"{prefix}Lower": None, f"{prefix}Upper": None, f"{prefix}Precision": None}
    return {
        prefix: span.edtf,
        f"{prefix}Lower": span.lower,
        f"{prefix}Upper": span.upper,
        f"{prefix}Precision": span.precision.value,
    }


def _compile(loaded: LoadedSource) -> GraphBatch:
    a, sid = loaded.annotation, loaded.annotation.source.id
    batch = GraphBatch(sid)
    labels: dict[str, Label] = {e.id: Label.ENTITY for e in a.entities}
    labels.update({e.id: Label.EVENT for e in a.events})
    labels.update({t.id: Label.TENURE for t in a.tenures})

    def node(ident: str) -> tuple[Label, str]:
        return labels[ident], ident

    def quotes(evidence: list[Evidence]) -> list[Quote]:
        located = [(e, _locate(loaded.body, e)) for e in evidence]
        return [Quote(sid, e.quote, span[0], span[1]) for e, span in located if span is not None]

    def reported_by(ident: str, evidence: list[Quote], kind: str = "evidence") -> None:
        for q in evidence:
            props = {"quote": q.text, "start": q.start, "end": q.end, "kind": kind}
            batch.rels.append(RelRecord(RelType.REPORTED_BY, node(ident), (Label.SOURCE, sid), str(q.start), props))

    meta = a.source
    batch.nodes.append(
        NodeRecord(
            Label.SOURCE,
            sid,
            {
                "id": sid,
                "title": meta.title,
                "publisher": meta.publisher,
                "url": meta.url,
                "published": meta.published,
                "publishedBasis": meta.published_basis.value,
                "publishedNote": meta.published_note,
                "language": meta.language,
                "text": loaded.text,
                "bodyLength": len(loaded.body),
                "textSha256": hashlib.sha256(loaded.text.encode()).hexdigest(),
            },
        )
    )
    for entity in a.entities:
        batch.nodes.append(
            NodeRecord(
                Label.ENTITY,
                entity.id,
                {
                    "id": entity.id,
                    "name": entity.name,
                    "kind": entity.kind.value,
                    "aliases": list(entity.aliases),
                    "description": entity.description,
                    "note": entity.note,
                },
                _ENTITY_LABELS[entity.kind],
            )
        )
        if entity.evidence:
            reported_by(entity.id, quotes(entity.evidence))
        else:  # validation guarantees a mention: the entity is traceable to the first words that name it
            mention = _first_mention(loaded.body, entity)
            assert mention is not None
            name, pos = mention
            reported_by(entity.id, [Quote(sid, name, pos, pos + len(name))], kind="mention")
        if entity.part_of:
            batch.rels.append(RelRecord(RelType.PART_OF, node(entity.id), node(entity.part_of)))
        for party in entity.parties:
            batch.rels.append(RelRecord(RelType.BETWEEN, node(entity.id), node(party)))
    for event in a.events:
        _compile_event(batch, event, node, quotes, reported_by)
    for relation in a.relations:
        batch.rels.append(
            RelRecord(
                RelType[relation.type.name],
                node(relation.source),
                node(relation.target),
                props={"note": relation.note},
                evidence=quotes(relation.evidence),
            )
        )
    for tenure in a.tenures:
        person = next(e for e in a.entities if e.id == tenure.person)
        office = next(e for e in a.entities if e.id == tenure.office)
        props = {"id": tenure.id, "title": f"{person.name}, {office.name}", "note": tenure.note}
        props |= _time_props("start", parse_timespan(tenure.start) if tenure.start else None)
        props |= _time_props("end", parse_timespan(tenure.end) if tenure.end else None)
        batch.nodes.append(NodeRecord(Label.TENURE, tenure.id, props))
        reported_by(tenure.id, quotes(tenure.evidence))
        batch.rels.append(RelRecord(RelType.HELD, node(tenure.person), node(tenure.id)))
        batch.rels.append(RelRecord(RelType.OF_OFFICE, node(tenure.id), node(tenure.office)))
        if tenure.started_by:
            batch.rels.append(RelRecord(RelType.STARTED, node(tenure.started_by), node(tenure.id)))
        if tenure.ended_by:
            batch.rels.append(RelRecord(RelType.ENDED, node(tenure.ended_by), node(tenure.id)))
    return batch


def _compile_event(batch: GraphBatch, event: Event, node: Any, quotes: Any, reported_by: Any) -> None:
    props = {
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "status": event.status.value,
        "dateText": event.date_text,
        "note": event.note,
    } | _time_props("date", parse_timespan(event.date))
    batch.nodes.append(NodeRecord(Label.EVENT, event.id, props))
    reported_by(event.id, quotes(event.evidence))
    for p in event.participants:
        batch.rels.append(
            RelRecord(
                RelType.PARTICIPATED_IN,
                node(p.entity),
                node(event.id),
                p.role.value,
                {"role": p.role.value, "office": p.office},
            )
        )
    if event.place:
        batch.rels.append(RelRecord(RelType.OCCURRED_IN, node(event.id), node(event.place)))
    for topic in event.topics:
        batch.rels.append(RelRecord(RelType.ABOUT, node(event.id), node(topic)))
    for change in event.channel_changes:
        batch.rels.append(
            RelRecord(
                RelType.CHANGED_STATE,
                node(event.id),
                node(change.channel),
                change.state.value,
                {"state": change.state.value},
            )
        )
