"""The `timeline-kg` command. Quiet on stdout except for what was asked (so `--format json` pipes cleanly);
progress and tables go to stderr; bad input exits non-zero with every problem listed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_service.cli.draft import draft
from graph_service.cli.gdelt import load_gdelt
from graph_service.cli.neo4j import neo4j_app
from loaders.problems import InvalidSource
from timeline_kg.settings import get_settings

app = typer.Typer(
    help="Event timeline knowledge graph: load dated events, serve timelines and paths.", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j", help="Run a local Neo4j Community server built from Maven Central.")
app.command("load-gdelt")(load_gdelt)
app.command("draft")(draft)
err = Console(stderr=True)

PathsArg = Annotated[list[Path], typer.Argument(help="Annotated source files (YAML).", show_default=False)]


def _report(exc: InvalidSource) -> None:
    for problem in exc.problems:
        err.print(f"[red]error[/red] {problem}", highlight=False, soft_wrap=True)
    err.print(f"{len(exc.problems)} problem(s); nothing was written.")


@app.command()
def validate(paths: PathsArg) -> None:
    """Check annotated sources without loading them: schema, quotes, references, dates. `same_as` references
    resolve across the files given and the bundled sources (data/sources/)."""
    from loaders.load import bundled_events
    from loaders.load import validate as check

    try:
        sources = check(paths, bundled_events(exclude=paths))
    except InvalidSource as exc:
        _report(exc)
        raise typer.Exit(1) from None
    for source in sources:
        for warning in source.warnings:
            err.print(f"[yellow]warning[/yellow] {warning}", highlight=False, soft_wrap=True)
        a = source.annotation
        err.print(
            f"ok {source.path}: {len(a.entities)} entities, {len(a.events)} events, "
            f"{len(a.relations)} relations, {len(a.tenures)} tenures"
        )


@app.command()
def load(
    paths: PathsArg,
    output: Annotated[str, typer.Option("--format", help="table (stderr) or json (stdout)")] = "table",
) -> None:
    """Load annotated sources into Neo4j (NEO4J_URI ...): validated first, each source atomically, idempotent."""
    from loaders.load import load_neo4j
    from timeline_kg.neo4j_connection import open_driver

    settings = get_settings()
    if not settings.neo4j_uri:
        err.print("[red]error[/red] NEO4J_URI is not set: say which Neo4j to load into (see .env.example)")
        raise typer.Exit(2)
    try:
        with open_driver(settings) as driver:
            batches = load_neo4j(driver, settings.neo4j_database, paths)
    except InvalidSource as exc:
        _report(exc)
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the annotated-source format."""
    from timeline_kg.annotation import AnnotatedSource

    sys.stdout.write(json.dumps(AnnotatedSource.model_json_schema(by_alias=True), indent=2) + "\n")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default TIMELINE_KG_HOST or 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default TIMELINE_KG_PORT or 8000)")] = None,
) -> None:
    """Run the HTTP API: on Neo4j when NEO4J_URI is set, else on the embedded store with the bundled article."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("graph_service.app:create_app", factory=True, host=host or settings.host, port=port or settings.port)


def main() -> None:
    app()
