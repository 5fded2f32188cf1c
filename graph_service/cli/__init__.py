"""The `timeline-kg` command. Quiet on stdout except for what was asked (so `--format json` pipes cleanly);
progress and tables go to stderr; bad input exits non-zero with every problem listed.

One module per group of commands: sources (validate, load, retract, schema), gdelt (load-gdelt), neo4j (a local server),
serve (the HTTP API), draft (raw text to a draft annotated source).
"""

from __future__ import annotations

import typer

from graph_service.cli.draft import draft
from graph_service.cli.faults import EXIT_CODES
from graph_service.cli.gdelt import load_gdelt
from graph_service.cli.neo4j import neo4j_app
from graph_service.cli.serve import serve
from graph_service.cli.sources import load, retract, schema, validate

app = typer.Typer(
    help=f"Event timeline knowledge graph: load dated events, serve timelines and paths.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_app, name="neo4j", help="Run a local Neo4j Community server built from Maven Central.")
app.command("load-gdelt")(load_gdelt)
app.command("draft")(draft)
app.command()(validate)
app.command()(load)
app.command()(retract)
app.command()(schema)
app.command()(serve)


def main() -> None:
    app()
