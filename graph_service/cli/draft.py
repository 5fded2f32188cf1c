"""`timeline-kg draft`: a plain-text article to a draft annotated source, offline."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from timeline_kg.settings import BUNDLED_SOURCES, get_settings

if TYPE_CHECKING:
    from loaders.draft.known import Knowledge

err = Console(stderr=True)


def draft(
    article: Annotated[Path, typer.Argument(help="The article as plain UTF-8 text (URL:/PUBLISHED: header optional).")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Draft YAML to write (default: stdout).")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, or 'unknown' (default: the PUBLISHED line).")
    ] = None,
    against: Annotated[
        str | None, typer.Option(help="Link against this Neo4j (bolt URI; NEO4J_USERNAME/NEO4J_PASSWORD).")
    ] = None,
    sources: Annotated[
        list[Path] | None, typer.Option(help="Link against these annotated sources (default: data/sources/*.yaml).")
    ] = None,
) -> None:
    """Draft an annotated source from raw text: dates resolved against publication, entities linked to the graph's,
    candidate events; every fact with its quote and a review marker. The draft validates as it is."""
    from loaders.draft.article import DraftInputError, read_article
    from loaders.draft.assemble import dump, to_annotation
    from loaders.draft.drafter import Drafter
    from loaders.draft.known import KnowledgeError

    if against and sources:
        err.print("[red]error[/red] give --against or --sources, not both")
        raise typer.Exit(2)
    began = time.perf_counter()
    try:
        text = read_article(article, published)
        knowledge = _knowledge(against, sources)
        drafter = Drafter(get_settings().spacy_pipeline)
        loaded = time.perf_counter()
        result = drafter.draft(text, knowledge)
    except (DraftInputError, KnowledgeError) as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    target = output or Path.cwd() / "draft.yaml"
    document = dump(to_annotation(result, target), result)
    if output is None:
        sys.stdout.write(document)
    else:
        output.write_text(document, encoding="utf-8")
    err.print(
        f"drafted {article}: {len(result.timexes)} date expressions, {len(result.entities)} entities "
        f"({sum(e.known for e in result.entities)} linked), {len(result.events)} events "
        f"in {time.perf_counter() - loaded:.2f} s (model load {loaded - began:.1f} s)"
        + (f" -> {output}" if output else ""),
        soft_wrap=True,
        highlight=False,
    )


def _knowledge(against: str | None, sources: list[Path] | None) -> Knowledge:
    from loaders.draft import known

    if against:
        from timeline_kg.neo4j_connection import open_driver

        settings = get_settings().model_copy(update={"neo4j_uri": against})
        try:
            with open_driver(settings) as driver:
                return known.from_neo4j(driver, settings.neo4j_database)
        except known.KnowledgeError:
            raise
        except Exception as exc:  # the driver's many connection failures: say which and stop
            raise known.KnowledgeError(f"cannot reach Neo4j at {against}: {type(exc).__name__}: {exc}") from None
    return known.from_sources(sources or sorted(BUNDLED_SOURCES.glob("*.yaml")))
