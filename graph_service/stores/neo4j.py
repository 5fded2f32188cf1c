"""The store over Neo4j: Cypher from queries/, reads routed as reads, database named, per-query timeout."""

from __future__ import annotations

import neo4j
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph_service.stores.base import StoreUnavailable


class Neo4jStore:
    name = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str, timeout: float) -> None:
        self.driver, self.database, self.timeout = driver, database, timeout

    def ping(self) -> None:
        try:
            self.driver.execute_query(
                "RETURN 1", database_=self.database, routing_=neo4j.RoutingControl.READ
            )
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.driver} is unreachable: {exc}") from exc
