"""What the graph already knows, for linking: entities by name, alias and office; events by kind, participants and
date. Read from annotated sources (validated first) or from Neo4j with the read/draft-known-* queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

import queries
from loaders.annotated import read_annotation
from loaders.problems import InvalidSource
from timeline_kg.temporal import parse_timespan


@dataclass(frozen=True, slots=True)
class KnownEntity:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    parties: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KnownEvent:
    id: str
    kind: str
    title: str
    lower: dt.date | None
    upper: dt.date | None
    participants: frozenset[str]


@dataclass(frozen=True, slots=True)
class Knowledge:
    entities: list[KnownEntity] = field(default_factory=list)
    events: list[KnownEvent] = field(default_factory=list)
    origin: str = "nothing"  # said in the draft's notes: what the links were made against


class KnowledgeError(ValueError):
    """The sources or the database to link against could not be read."""


def from_sources(paths: Iterable[Path]) -> Knowledge:
    paths = list(paths)
    loaded = []
    for path in paths:
        # Each file on its own: what it defines is known even if it reports (same_as) events of files not given.
        try:
            loaded.append(read_annotation(path))
        except InvalidSource as exc:
            listed = "; ".join(str(p) for p in exc.problems[:3])
            raise KnowledgeError(f"the sources to link against do not validate: {listed}") from None
    entities: dict[str, KnownEntity] = {}
    events: dict[str, KnownEvent] = {}
    for source in loaded:
        for e in source.annotation.entities:
            seen = entities.get(e.id)
            aliases = tuple(dict.fromkeys([*(seen.aliases if seen else ()), *e.aliases]))
            entities[e.id] = KnownEntity(e.id, e.kind.value, e.name, aliases, e.part_of, tuple(e.parties))
        for ev in source.annotation.events:
            ident = ev.id
            if not ident or ident in events or ev.kind is None:
                continue  # an event reported here but defined elsewhere (same_as) is known from its definition
            span = parse_timespan(ev.date)
            who = frozenset(p.entity for p in ev.participants)
            events[ident] = KnownEvent(ident, ev.kind.value, ev.title or ident, span.lower, span.upper, who)
    names = ", ".join(p.name for p in paths) or "no files"
    return Knowledge(list(entities.values()), list(events.values()), f"annotated sources: {names}")


def from_neo4j(driver: neo4j.Driver, database: str) -> Knowledge:
    def rows(name: str) -> list[dict[str, Any]]:
        query = queries.load(name)
        records, _, _ = driver.execute_query(
            query.text, routing_=neo4j.RoutingControl.READ, database_=database
        )
        return [record.data() for record in records]

    try:
        entity_rows, event_rows = rows("read/draft-known-entities"), rows("read/draft-known-events")
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
        raise KnowledgeError(f"cannot read the graph's entities and events: {type(exc).__name__}: {exc}") from None
    entities = [
        KnownEntity(r["id"], r["kind"] or "organisation", r["name"] or r["id"], tuple(r["aliases"] or ()),
                    r["partOf"], tuple(r["parties"] or ()))
        for r in entity_rows
        if r["id"]
    ]  # fmt: skip
    events = [
        KnownEvent(r["id"], r["kind"] or "", r["title"] or r["id"], _date(r["dateLower"]), _date(r["dateUpper"]),
                   frozenset(r["participants"] or ()))
        for r in event_rows
        if r["id"]
    ]  # fmt: skip
    return Knowledge(entities, events, f"Neo4j database {database!r}")


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return dt.date(value.year, value.month, value.day)
