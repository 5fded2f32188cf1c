"""`timeline-kg load` against a real Neo4j: loads the article, and refuses every malformed file writing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph_service.cli import app
from tests.conftest import ARTICLE
from tests.unit.test_annotation_validation import CASES, mutated, write
from timeline_kg.embedded import EmbeddedGraph
from timeline_kg.settings import get_settings

pytestmark = pytest.mark.neo4j


@pytest.fixture
def cli_env(neo4j_server: Any) -> Iterator[dict[str, str]]:
    get_settings.cache_clear()  # settings are read once per process; the runner's environment must be seen
    yield {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }
    get_settings.cache_clear()


def _count(driver: Driver) -> int:
    return int(driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"])


def test_load_command_loads_the_article_and_reports_counts(
    neo4j_driver: Driver, cli_env: dict[str, str], article_graph: EmbeddedGraph
) -> None:
    result = CliRunner().invoke(app, ["load", str(ARTICLE), "--format", "json"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert '"source": "scmp-2024-04-03-us-china-defence-chiefs"' in result.stdout
    assert _count(neo4j_driver) == article_graph.graph.number_of_nodes()  # the embedded store as the oracle


@pytest.mark.parametrize("change", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_load_command_refuses_malformed_files_and_writes_nothing(
    tmp_path: Path, neo4j_driver: Driver, cli_env: dict[str, str], change: Any
) -> None:
    path = write(tmp_path, mutated(change))
    result = CliRunner().invoke(app, ["load", str(path)], env=cli_env)
    assert result.exit_code == 1
    assert "nothing was written" in result.output
    assert _count(neo4j_driver) == 0
