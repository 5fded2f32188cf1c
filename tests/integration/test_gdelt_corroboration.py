"""GDELT next to the article: rows matching the seed story's events are linked as corroboration, not merged;
rows that miss on day, country or CAMEO root are not; the link is made once however often the file loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from loaders.gdelt import load_files
from loaders.gdelt.corroborate import compatible_roots
from tests.gdelt_story import EXPECTED, write_story_rows

pytestmark = pytest.mark.neo4j


def _links(driver: Driver, database: str) -> dict[str, set[str]]:
    records, _, _ = driver.execute_query(
        "MATCH (g:Event)-[:CORROBORATES]->(a:Event) RETURN g.id AS g, collect(a.id) AS a", database_=database
    )
    return {r["g"]: set(r["a"]) for r in records}


def test_compatible_roots_follow_the_loaders_kinds() -> None:
    roots = compatible_roots()
    assert roots["call"] == ["04"] and roots["talks"] == ["04"] and roots["suspension"] == ["16"]
    assert "05" in roots["agreement"] and "06" in roots["agreement"]  # 057 sign formal agreement; 06 cooperation


def test_matching_rows_corroborate_the_story_and_nothing_is_merged(
    article_neo4j: Driver, neo4j_server: Any, tmp_path: Path
) -> None:
    database = neo4j_server.database
    path = write_story_rows(tmp_path / "story.export.CSV")
    before, _, _ = article_neo4j.execute_query("MATCH (e:Event) RETURN count(e) AS n", database_=database)
    load_files(article_neo4j, database, [path])
    assert _links(article_neo4j, database) == EXPECTED
    after, _, _ = article_neo4j.execute_query("MATCH (e:Event) RETURN count(e) AS n", database_=database)
    assert after[0]["n"] == before[0]["n"] + 6  # every GDELT row is its own event beside the article's

    load_files(article_neo4j, database, [path])  # again: no second link
    records, _, _ = article_neo4j.execute_query(
        "MATCH ()-[c:CORROBORATES]->() RETURN count(c) AS n, collect(DISTINCT c.sources) AS sources",
        database_=database,
    )
    assert records[0]["n"] == 4 and records[0]["sources"] == [["gdelt-2.0-events"]]
