"""`timeline-kg draft --against NEO4J`: entities and events read from a real Neo4j with the read/draft-known-*
queries; a readout's people link to the graph's ids and its meeting to the graph's event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from neo4j import Driver
from typer.testing import CliRunner

from graph_service.cli import app
from loaders.draft.known import from_neo4j
from tests.neo4j_server import Neo4jConnection
from timeline_kg.settings import get_settings

pytestmark = pytest.mark.neo4j


@pytest.fixture
def cli_env(neo4j_server: Neo4jConnection) -> Iterator[dict[str, str]]:
    get_settings.cache_clear()
    yield {
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }
    get_settings.cache_clear()


def test_known_entities_and_events_come_from_the_graph(article_neo4j: Driver, neo4j_database: str) -> None:
    knowledge = from_neo4j(article_neo4j, neo4j_database)
    entities = {e.id: e for e in knowledge.entities}
    assert entities["lloyd-austin"].kind == "person" and "Austin" in entities["lloyd-austin"].aliases
    assert entities["us-secretary-of-defense"].part_of == "united-states"
    assert set(entities["us-china-military-communication"].parties) == {"united-states", "china"}
    meeting = next(e for e in knowledge.events if e.id == "austin-wei-meeting-2022-11")
    assert meeting.participants >= {"lloyd-austin", "wei-fenghe"}
    assert meeting.lower is not None and meeting.upper is not None


def test_draft_links_against_neo4j(
    article_neo4j: Driver, neo4j_server: Neo4jConnection, cli_env: dict[str, str], tmp_path: Path
) -> None:
    article = tmp_path / "readout.txt"
    article.write_text(
        "URL: https://www.example.gov/readout\nPUBLISHED: 2022-11-23\n\n"
        "Secretary of Defense Lloyd J. Austin III met with Chinese Minister of National Defense General Wei Fenghe "
        "in Cambodia in November 2022.\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["draft", str(article), "--against", neo4j_server.uri, "-o", str(out)],
                                env=cli_env)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    ids = {e["id"] for e in data["entities"]}
    assert {"lloyd-austin", "wei-fenghe", "us-secretary-of-defense"} <= ids
    assert "Neo4j" in data["notes"][0]
    assert any(e.get("same_as") == "austin-wei-meeting-2022-11" for e in data["events"])
