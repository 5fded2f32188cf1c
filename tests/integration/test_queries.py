"""Every query file against the real server: its header parses and the server plans it (EXPLAIN) with the header's
example parameters, without deprecation warnings. A failure names the file.

EXPLAIN plans without running, so write queries change nothing; schema files are EXPLAINed statement by statement
(Neo4j 5.26 plans DDL too: CreateConstraint / CreateIndex operators).
"""

from __future__ import annotations

import pytest
from neo4j import Driver, NotificationClassification, RoutingControl

import queries
from tests.neo4j_server import Neo4jConnection

pytestmark = pytest.mark.neo4j


def _statements(query: queries.Query) -> list[str]:
    return query.statements if query.mode == "schema" else [query.text]


@pytest.mark.parametrize("name", queries.names())
def test_server_plans_every_query_file(name: str, neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> None:
    where = f"queries/{name}.cypher"
    try:
        query = queries.load(name)
    except queries.QueryError as error:
        pytest.fail(f"{where}: bad header: {error}", pytrace=False)
    routing = RoutingControl.READ if query.mode == "read" else RoutingControl.WRITE
    statements = _statements(query)
    assert statements, f"{where}: no statement"
    for number, statement in enumerate(statements, start=1):
        label = where if len(statements) == 1 else f"{where} (statement {number})"
        try:
            result = neo4j_driver.execute_query(
                "EXPLAIN " + statement,
                query.examples,
                database_=neo4j_server.database,
                routing_=routing,
            )
        except Exception as error:
            pytest.fail(f"{label}: EXPLAIN failed: {error}", pytrace=False)
        assert result.summary.plan, f"{label}: EXPLAIN returned no plan"
        deprecated = [
            status.status_description
            for status in result.summary.gql_status_objects
            if status.is_notification and status.classification == NotificationClassification.DEPRECATION
        ]
        assert not deprecated, f"{label}: deprecated Cypher: {deprecated}"


def test_explain_failure_names_the_file(neo4j_driver: Driver, neo4j_server: Neo4jConnection) -> None:
    """The check above is not vacuous: a query the server rejects fails EXPLAIN."""
    broken = queries.parse(
        "analyst/99-broken",
        "// name: analyst/99-broken\n// description: d\n// mode: read\n// returns: r\nMATCH (n RETURN n\n",
    )
    with pytest.raises(Exception, match=r"Invalid input|SyntaxError"):
        neo4j_driver.execute_query("EXPLAIN " + broken.text, database_=neo4j_server.database)
