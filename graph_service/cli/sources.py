"""`timeline-kg validate`, `load` and `schema`: annotated sources checked, loaded into Neo4j, and their format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_service.cli.faults import LOAD, fail, neo4j_faults
from loaders.problems import InvalidSource
from timeline_kg.settings import get_settings

err = Console(stderr=True)

PathsArg = Annotated[list[Path], typer.Argument(help="Annotated source files (YAML).", show_default=False)]


def report(exc: InvalidSource) -> None:
    for problem in exc.problems:
        err.print(f"[red]error[/red] {problem}", highlight=False, soft_wrap=True)
    err.print(f"{len(exc.problems)} problem(s); nothing was written.")


def validate(paths: PathsArg) -> None:
    """Check annotated sources without loading them: schema, quotes, references, dates. `same_as` references
    resolve across the files given and the bundled sources (data/sources/)."""
    from loaders.load import bundled_events
    from loaders.load import validate as check

    try:
        sources = check(paths, bundled_events(exclude=paths))
    except InvalidSource as exc:
        report(exc)
        raise typer.Exit(1) from None
    for source in sources:
        for warning in source.warnings:
            err.print(f"[yellow]warning[/yellow] {warning}", highlight=False, soft_wrap=True)
        a = source.annotation
        err.print(
            f"ok {source.path}: {len(a.entities)} entities, {len(a.events)} events, "
            f"{len(a.relations)} relations, {len(a.tenures)} tenures"
        )


def load(
    paths: PathsArg,
    output: Annotated[str, typer.Option("--format", help="table (stderr) or json (stdout)")] = "table",
) -> None:
    """Load annotated sources into Neo4j (NEO4J_URI ...): validated first, each source atomically, idempotent."""
    from loaders.load import load_neo4j, validate
    from timeline_kg.neo4j_connection import open_driver

    settings = get_settings()
    if not settings.neo4j_uri:
        raise fail("NEO4J_URI is not set: say which Neo4j to load into (see .env.example)", 2)
    try:
        validate(paths)  # every file checked before Neo4j is even asked
        with neo4j_faults(settings.neo4j_uri), open_driver(settings) as driver, neo4j_faults(settings.neo4j_uri, LOAD):
            batches = load_neo4j(driver, settings.neo4j_database, paths)
    except InvalidSource as exc:
        report(exc)
        raise typer.Exit(1) from None
    rows: list[dict[str, str | int]] = [
        {"source": b.source_id, "nodes": len(b.nodes), "relationships": len(b.rels)} for b in batches
    ]
    if output == "json":
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table("source", "nodes", "relationships", title="Loaded")
    for row in rows:
        table.add_row(str(row["source"]), str(row["nodes"]), str(row["relationships"]))
    err.print(table)


def retract(
    source: Annotated[str, typer.Argument(help="Id of the loaded source to withdraw.", show_default=False)],
) -> None:
    """Withdraw a source from Neo4j in one transaction: what only it asserted goes, and the dates it narrowed are
    derived again from the sources left."""
    from loaders.load import retract_neo4j
    from timeline_kg.neo4j_connection import open_driver

    settings = get_settings()
    if not settings.neo4j_uri:
        err.print("[red]error[/red] NEO4J_URI is not set: say which Neo4j to retract from (see .env.example)")
        raise typer.Exit(2)
    with neo4j_faults(settings.neo4j_uri), open_driver(settings) as driver:
        if not retract_neo4j(driver, settings.neo4j_database, source):
            err.print(f"[red]error[/red] no source {source!r} is loaded")
            raise typer.Exit(1)
    err.print(f"retracted {source}")


def schema() -> None:
    """Print the JSON Schema of the annotated-source format."""
    from timeline_kg.annotation import AnnotatedSource

    sys.stdout.write(json.dumps(AnnotatedSource.model_json_schema(by_alias=True), indent=2) + "\n")
