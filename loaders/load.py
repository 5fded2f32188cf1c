"""Loading annotated sources: validate every file first, then replace each source in the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import neo4j

import queries
from loaders import neo4j_writer
from loaders.annotated import LoadedSource, read_annotation
from loaders.problems import InvalidSource, Problem
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import GraphBatch, Label
from timeline_kg.settings import BUNDLED_SOURCES

# Event id -> id of the source that defines it (the others report it with same_as).
EventOwners = Mapping[str, str]


def validate(paths: Iterable[Path], known: EventOwners | None = None) -> list[LoadedSource]:
    """Read and check every file, then resolve ``same_as`` references across them and against ``known`` (the events
    of the graph being loaded into, or of the bundled sources); raise :class:`InvalidSource` with the problems of
    all files together."""
    loaded: list[LoadedSource] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(read_annotation(Path(path)))
        except InvalidSource as exc:
            problems.extend(exc.problems)
    seen: dict[str, Path] = {}
    for source in loaded:
        sid = source.annotation.source.id
        if sid in seen:
            problems.append(Problem(source.path, "source.id", f"source {sid!r} is also defined in {seen[sid]}"))
        seen[sid] = source.path
    problems.extend(_resolve_events(loaded, known or {}))
    if problems:
        raise InvalidSource(problems)
    return loaded


def _resolve_events(loaded: Sequence[LoadedSource], known: EventOwners) -> list[Problem]:
    """Each event is defined (``id``) by one source; every other source reports it with ``same_as``."""
    problems: list[Problem] = []
    loading = {s.annotation.source.id for s in loaded}
    owners: dict[str, str] = {e: s for e, s in known.items() if s not in loading}  # files being loaded override
    for source in loaded:
        sid = source.annotation.source.id
        for i, event in enumerate(source.annotation.events):
            if event.id is None:
                continue
            owner = owners.get(event.id)
            if owner is not None and owner != sid:
                problems.append(
                    Problem(
                        source.path,
                        f"events[{i}].id",
                        f"event {event.id!r} is defined by source {owner!r}; report it with same_as: {event.id}",
                    )
                )
            else:
                owners[event.id] = sid
    for source in loaded:
        for i, event in enumerate(source.annotation.events):
            if event.same_as is not None and event.same_as not in owners:
                problems.append(
                    Problem(
                        source.path,
                        f"events[{i}].same_as",
                        f"no source defines event {event.same_as!r} (neither the files given nor the graph)",
                    )
                )
    return problems


def bundled_events(exclude: Iterable[Path] = ()) -> dict[str, str]:
    """Events defined by the bundled sources (data/sources/), read lightly: so a file validated alone can refer
    to them with ``same_as``. Files that do not parse are skipped here (validating them reports why)."""
    skip = {Path(p).resolve() for p in exclude}
    out: dict[str, str] = {}
    for path in sorted(BUNDLED_SOURCES.glob("*.yaml")):
        if path.resolve() in skip:
            continue
        try:
            source = read_annotation(path)
        except InvalidSource:
            continue
        out.update({e.id: source.annotation.source.id for e in source.annotation.events if e.id is not None})
    return out


def graph_events(driver: neo4j.Driver, database: str) -> dict[str, str]:
    """Events in a Neo4j graph by the source that defines them."""
    records, _, _ = driver.execute_query(
        queries.load("read/event-owners").text, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return {r["id"]: r["definedBy"] for r in records}


def batches(sources: Sequence[LoadedSource], now: dt.datetime | None = None) -> list[GraphBatch]:
    """Compile sources into batches stamped with the load time (kept apart from event and publication time)."""
    stamp = now or dt.datetime.now(dt.UTC)
    out = []
    for source in sources:
        batch = source.batch()
        for node in batch.nodes:
            if node.label is Label.SOURCE:
                node.props["loadedAt"] = stamp
                node.props["annotationFile"] = source.path.name
        out.append(batch)
    return out


def load_neo4j(driver: neo4j.Driver, database: str, paths: Iterable[Path]) -> list[GraphBatch]:
    """Validate all, then load each source in its own transaction. Nothing is written if any file is invalid."""
    neo4j_writer.ensure_schema(driver, database)
    prepared = batches(validate(paths, graph_events(driver, database)))
    for batch in prepared:
        neo4j_writer.replace_source(driver, database, batch)
    return prepared


def load_embedded(graph: EmbeddedGraph, paths: Iterable[Path]) -> list[GraphBatch]:
    prepared = batches(validate(paths, graph.event_owners()))
    for batch in prepared:
        graph.replace_source(batch)
    return prepared


def retract_neo4j(driver: neo4j.Driver, database: str, source: str) -> bool:
    """Withdraw a loaded source in one transaction, deriving again what it touched; False if it was not loaded."""
    return neo4j_writer.retract_source(driver, database, source)


def retract_embedded(graph: EmbeddedGraph, source: str) -> bool:
    return graph.retract_source(source)
