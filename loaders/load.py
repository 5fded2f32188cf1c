"""Loading annotated sources: validate every file first, then replace each source in the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import neo4j

from loaders import neo4j_writer
from loaders.annotated import LoadedSource, read_annotation
from loaders.problems import InvalidSource, Problem
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.graph_model import GraphBatch, Label


def validate(paths: Iterable[Path]) -> list[LoadedSource]:
    """Read and check every file; raise :class:`InvalidSource` with the problems of all files together."""
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
    if problems:
        raise InvalidSource(problems)
    return loaded


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
    prepared = batches(validate(paths))
    neo4j_writer.ensure_schema(driver, database)
    for batch in prepared:
        neo4j_writer.replace_source(driver, database, batch)
    return prepared


def load_embedded(graph: EmbeddedGraph, paths: Iterable[Path]) -> list[GraphBatch]:
    prepared = batches(validate(paths))
    for batch in prepared:
        graph.replace_source(batch)
    return prepared
