"""Annotated sources (YAML) into graph batches: read, validate everything, then compile.

Nothing is written until a file passes every check, and every problem in a file is reported in one go, each with
its location inside the file and, where YAML tells, its line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from loaders import safe_yaml, source_text
from loaders.problems import InvalidSource, Problem
from timeline_kg.annotation import (
    AnnotatedSource,
    Entity,
    EntityKind,
    Event,
    EventStatus,
    Evidence,
    Relation,
    Review,
    Tenure,
)
from timeline_kg.graph_model import EntityLabel, GraphBatch, Label, NodeRecord, Quote, RelRecord, RelType
from timeline_kg.settings import BUNDLED_SOURCES
from timeline_kg.temporal import TimeSpan, parse_timespan

_DATA_DIR = BUNDLED_SOURCES.parent.resolve()


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
    body_start: int  # the article proper is text[body_start:body_end]; quotes must fall inside it
    body_end: int
    warnings: tuple[Problem, ...] = ()  # worth a reader's look, but no reason to refuse the file

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]

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
    except source_text.TextRefused as exc:
        raise InvalidSource([Problem(path, "", str(exc))]) from None
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
    text = _read_source_text(check, meta.text)
    begin, end = 0, len(text)
    if text and meta.body_start is not None:
        begin = text.find(meta.body_start)
        if begin < 0:
            check.add(("source", "body_start"), f"{meta.body_start!r} does not occur in the text")
            begin = 0
    if text and meta.body_end is not None:
        cut = text.find(meta.body_end, begin)
        if cut < 0:
            check.add(("source", "body_end"), f"{meta.body_end!r} does not occur in the text after the body's start")
        else:
            end = cut
    loaded = LoadedSource(path, annotation, text, begin, end)
    kinds = _check_ids(check)
    _check_references(check, kinds)
    if text:
        _check_quotes(check, loaded)
        _check_review_offsets(check, len(text))
    _check_dates(check)
    if check.problems:
        raise InvalidSource(check.problems)
    return LoadedSource(path, annotation, text, begin, end, tuple(_undated_warnings(path, annotation, root)))


def _read_source_text(check: _Checker, name: str) -> str:
    """The text ``source.text`` names, or "" after adding the problem. It must lie in the annotation's directory
    (or below it) or in the project's data/ directory (where drafts of its texts point): the text is stored and
    served whole, so ``../../home/me/.ssh/id_rsa`` would otherwise publish any file the loader can read."""
    if "\0" in name:  # no file system takes it (and os.path raises ValueError on it)
        check.add(("source", "text"), "the path has a NUL character: name the text file")
        return ""
    folder = check.path.parent.resolve()
    text_path = (folder / name).resolve()  # symbolic links followed: where the bytes really are
    if not any(text_path.is_relative_to(root) for root in (folder, _DATA_DIR)):
        check.add(
            ("source", "text"),
            f"{_elided(repr(name))} leads outside the annotation's directory (to {_elided(str(text_path))}): "
            "put the text beside the annotation",
        )
        return ""
    try:
        return source_text.read_text(text_path)
    except source_text.TextRefused as exc:
        check.add(("source", "text"), f"source text {_elided(str(text_path))}: {exc}")
        return ""


def _elided(value: str, keep: int = 120) -> str:
    """A long value's start and end, so the cause after it still fits the problem's line."""
    return value if len(value) <= keep else f"{value[: keep // 2]}...{value[-keep // 2 :]}"


def _check_review_offsets(check: _Checker, length: int) -> None:
    """A review marker's offsets point into the text (the draft wrote them; an edit may have left them behind)."""
    for loc, review in _all_reviews(check.annotation):
        past = [
            (field, offset)
            for field, offset in (("start", review.start), ("end", review.end))
            if (offset or 0) > length
        ]
        if past:
            field, offset = past[0]
            check.add((*loc, field), f"offset {offset:,} is past the end of the text ({length:,} characters)")
        elif review.start is not None and review.end is not None and review.start > review.end:
            check.add((*loc, "end"), f"ends ({review.end:,}) before it starts ({review.start:,})")


def _check_quotes(check: _Checker, loaded: LoadedSource) -> None:
    body = loaded.body
    for loc, evidence in _all_evidence(loaded.annotation):
        if _locate(loaded, evidence) is None:
            found = loaded.text.count(evidence.quote)
            reason = (
                "quote is in the header or page furniture outside the article's body (body_start .. body_end)"
                if found
                else "quote does not occur verbatim in the source text"
            )
            if body.count(evidence.quote) and evidence.occurrence > body.count(evidence.quote):
                reason = f"quote occurs {body.count(evidence.quote)} time(s), not {evidence.occurrence}"
            check.add(loc, reason)
    for i, entity in enumerate(loaded.annotation.entities):
        if not entity.evidence and _first_mention(loaded, entity) is None:
            check.add(("entities", i, "name"), "neither the name nor any alias occurs in the text; add one")


# Words that date something against the day of publication; in a source published on an unknown day they cannot
# be resolved, so the event's date must stay open or rest on the text alone.
_RELATIVE = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|this (week|month|year)|last (week|month|year|[A-Z][a-z]+)|"
    r"next (week|month|year)|(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|earlier (in )?this|"
    r"recent(ly)?|ago|soon)\b",
    re.IGNORECASE,
)


def _undated_warnings(path: Path, a: AnnotatedSource, root: yaml.Node | None) -> list[Problem]:
    """Events of a source published on an unknown day whose words are relative to publication: the reader should
    check their dates were left open (or rest on the text) and that a note says why."""
    if a.source.published is not None:
        return []
    out = []
    for i, event in enumerate(a.events):
        if _RELATIVE.search(event.date_text):
            loc: tuple[int | str, ...] = ("events", i, "date")
            noted = "" if event.note else "; add a note saying why the date is left open"
            out.append(
                Problem(
                    path,
                    _format_loc(loc),
                    f"publication date unknown and {event.date_text!r} is relative to it: "
                    f"{event.date} must be open or supported by the text alone{noted}",
                    _line_of(root, loc),
                )
            )
    return out


def _check_ids(check: _Checker) -> dict[str, str]:
    """Ids are one namespace across a file; returns id -> what it names ('event', 'tenure' or an entity kind)."""
    kinds: dict[str, str] = {}
    sections: list[tuple[str, Iterable[tuple[str, str]]]] = [
        ("entities", ((e.id, e.kind.value) for e in check.annotation.entities)),
        ("events", ((e.ref, "event") for e in check.annotation.events)),
        ("tenures", ((t.id, "tenure") for t in check.annotation.tenures)),
    ]
    for section, items in sections:
        for i, (ident, kind) in enumerate(items):
            if ident in kinds or ident == check.annotation.source.id:
                field = "same_as" if section == "events" and check.annotation.events[i].id is None else "id"
                check.add((section, i, field), f"duplicate id {ident!r}")
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
    if published is None:  # nothing to check dates against
        _check_tenure_order(check)
        return
    for i, event in enumerate(check.annotation.events):
        span = parse_timespan(event.date)
        if event.status is EventStatus.OCCURRED and span.wholly_after(published):
            check.add(("events", i, "date"), f"marked occurred but dated {event.date}, after publication {published}")
        if event.status in (EventStatus.EXPECTED, EventStatus.PLANNED) and span.wholly_before(published):
            check.add(
                ("events", i, "date"),
                f"marked {event.status.value} but dated {event.date}, wholly before publication {published}",
            )
    _check_tenure_order(check)
    for i, tenure in enumerate(check.annotation.tenures):
        if tenure.start and parse_timespan(tenure.start).wholly_after(published):
            check.add(("tenures", i, "start"), f"starts after publication {published}")


def _check_tenure_order(check: _Checker) -> None:
    for i, tenure in enumerate(check.annotation.tenures):
        start = parse_timespan(tenure.start) if tenure.start else None
        end = parse_timespan(tenure.end) if tenure.end else None
        if start and end and start.lower and end.upper and start.lower > end.upper:
            check.add(("tenures", i, "end"), f"ends ({tenure.end}) before it starts ({tenure.start})")


def _facts(a: AnnotatedSource) -> Iterator[tuple[str, int, Entity | Event | Relation | Tenure]]:
    """Every fact of the file with its section and index (the facts that carry evidence and review markers)."""
    sections: list[tuple[str, list[Any]]] = [
        ("entities", a.entities),
        ("events", a.events),
        ("relations", a.relations),
        ("tenures", a.tenures),
    ]
    for section, items in sections:
        for i, item in enumerate(items):
            yield section, i, item


def _all_evidence(a: AnnotatedSource) -> Iterator[tuple[tuple[int | str, ...], Evidence]]:
    for section, i, fact in _facts(a):
        for j, evidence in enumerate(fact.evidence):
            yield (section, i, "evidence", j, "quote"), evidence


def _all_reviews(a: AnnotatedSource) -> Iterator[tuple[tuple[int | str, ...], Review]]:
    for section, i, fact in _facts(a):
        if fact.review is not None:
            yield (section, i, "review"), fact.review


def _locate(loaded: LoadedSource, evidence: Evidence) -> tuple[int, int] | None:
    """Offsets into the whole text of the quote's n-th occurrence within the body."""
    start = loaded.body_start - 1
    for _ in range(evidence.occurrence):
        start = loaded.text.find(evidence.quote, start + 1, loaded.body_end)
        if start < 0:
            return None
    return start, start + len(evidence.quote)


def _first_mention(loaded: LoadedSource, entity: Entity) -> tuple[str, int] | None:
    text, begin, end = loaded.text, loaded.body_start, loaded.body_end
    found = [(text.find(name, begin, end), name) for name in (entity.name, *entity.aliases)]
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
    """The source as a batch: its :Source node, one claim per node it states something about (the node's own
    properties are derived from all its claims when written), and its relationships with their quotes."""
    return _Compiler(loaded).run()


class _Compiler:
    def __init__(self, loaded: LoadedSource) -> None:
        a = loaded.annotation
        self.loaded, self.a, self.sid = loaded, a, a.source.id
        self.batch = GraphBatch(self.sid)
        self.labels: dict[str, Label] = {e.id: Label.ENTITY for e in a.entities}
        self.labels.update({e.ref: Label.EVENT for e in a.events})
        self.labels.update({t.id: Label.TENURE for t in a.tenures})

    def node(self, ident: str) -> tuple[Label, str]:
        return self.labels[ident], ident

    def rel(self, rel_type: RelType, start: str, end: str) -> None:
        self.batch.rels.append(RelRecord(rel_type, self.node(start), self.node(end)))

    def quotes(self, evidence: list[Evidence]) -> list[Quote]:
        located = [(e, _locate(self.loaded, e)) for e in evidence]
        return [Quote(self.sid, e.quote, span[0], span[1]) for e, span in located if span is not None]

    def claim(self, ident: str, props: dict[str, Any], evidence: list[Quote], kind: EntityLabel | None = None) -> None:
        """The source's claim on a node, and one REPORTED_BY per quote."""
        self.batch.nodes.append(NodeRecord(self.labels[ident], ident, {"id": ident}, kind))
        mention = props.pop("mention", False)
        first = evidence[0]
        props |= {"quote": first.text, "quoteStart": first.start, "quoteEnd": first.end}
        source = (Label.SOURCE, self.sid)
        self.batch.claims.append(RelRecord(RelType.CLAIMED_BY, self.node(ident), source, self.sid, props))
        for q in evidence:
            quoted = {"quote": q.text, "start": q.start, "end": q.end, "kind": "mention" if mention else "evidence"}
            self.batch.rels.append(RelRecord(RelType.REPORTED_BY, self.node(ident), source, str(q.start), quoted))

    def run(self) -> GraphBatch:
        self.batch.nodes.append(NodeRecord(Label.SOURCE, self.sid, _source_props(self.loaded)))
        for entity in self.a.entities:
            self.entity(entity)
        for event in self.a.events:
            self.claim(event.ref, _event_claim(event), self.quotes(event.evidence))
            _compile_event_links(self.batch, event, self.node)
        for relation in self.a.relations:
            self.batch.rels.append(
                RelRecord(
                    RelType[relation.type.name],
                    self.node(relation.source),
                    self.node(relation.target),
                    props={"note": relation.note},
                    evidence=self.quotes(relation.evidence),
                )
            )
        for tenure in self.a.tenures:
            self.tenure(tenure)
        return self.batch

    def entity(self, entity: Entity) -> None:
        evidence = self.quotes(entity.evidence)
        props: dict[str, Any] = {
            "name": entity.name,
            "kind": entity.kind.value,
            "aliases": list(entity.aliases),
            "description": entity.description,
            "note": entity.note,
        }
        if not evidence:  # validation guarantees a mention: the entity is traceable to the first words naming it
            mention = _first_mention(self.loaded, entity)
            assert mention is not None
            name, pos = mention
            evidence, props["mention"] = [Quote(self.sid, name, pos, pos + len(name))], True
        self.claim(entity.id, props, evidence, _ENTITY_LABELS[entity.kind])
        if entity.part_of:
            self.rel(RelType.PART_OF, entity.id, entity.part_of)
        for party in entity.parties:
            self.rel(RelType.BETWEEN, entity.id, party)

    def tenure(self, tenure: Tenure) -> None:
        person = next(e for e in self.a.entities if e.id == tenure.person)
        office = next(e for e in self.a.entities if e.id == tenure.office)
        props = {"title": f"{person.name}, {office.name}", "note": tenure.note}
        props |= _time_props("start", parse_timespan(tenure.start) if tenure.start else None)
        props |= _time_props("end", parse_timespan(tenure.end) if tenure.end else None)
        self.claim(tenure.id, props, self.quotes(tenure.evidence))
        self.rel(RelType.HELD, tenure.person, tenure.id)
        self.rel(RelType.OF_OFFICE, tenure.id, tenure.office)
        if tenure.started_by:
            self.rel(RelType.STARTED, tenure.started_by, tenure.id)
        if tenure.ended_by:
            self.rel(RelType.ENDED, tenure.ended_by, tenure.id)


def _source_props(loaded: LoadedSource) -> dict[str, Any]:
    meta = loaded.annotation.source
    return {
        "id": meta.id,
        "title": meta.title,
        "publisher": meta.publisher,
        "republisher": meta.republisher,
        "url": meta.url,
        "originalUrl": meta.original_url,
        "republicationOf": meta.republication_of,
        # The release this text reproduces: corroboration counts each origin once.
        "origin": meta.republication_of or meta.id,
        "published": meta.published,
        "publishedBasis": meta.published_basis.value,
        "publishedNote": meta.published_note,
        "language": meta.language,
        "text": loaded.text,
        "bodyStart": loaded.body_start,
        "bodyLength": len(loaded.body),
        "truncated": meta.truncated,
        "textSha256": hashlib.sha256(loaded.text.encode()).hexdigest(),
    }


def _event_claim(event: Event) -> dict[str, Any]:
    return {
        "defines": event.id is not None,
        "title": event.title,
        "kind": event.kind.value if event.kind else None,
        "status": event.status.value,
        "dateText": event.date_text,
        "place": event.place,
        "note": event.note,
    } | _time_props("date", parse_timespan(event.date))


def _compile_event_links(batch: GraphBatch, event: Event, node: Any) -> None:
    ident = event.ref
    for p in event.participants:
        batch.rels.append(
            RelRecord(
                RelType.PARTICIPATED_IN,
                node(p.entity),
                node(ident),
                p.role.value,
                {"role": p.role.value, "office": p.office},
            )
        )
    if event.place:
        batch.rels.append(RelRecord(RelType.OCCURRED_IN, node(ident), node(event.place)))
    for topic in event.topics:
        batch.rels.append(RelRecord(RelType.ABOUT, node(ident), node(topic)))
    for change in event.channel_changes:
        batch.rels.append(
            RelRecord(
                RelType.CHANGED_STATE,
                node(ident),
                node(change.channel),
                change.state.value,
                {"state": change.state.value},
            )
        )
