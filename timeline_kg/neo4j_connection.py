"""Opening the one driver a process uses, from settings."""

from __future__ import annotations

import neo4j

from timeline_kg.settings import Settings


def open_driver(settings: Settings, verify: bool = True) -> neo4j.Driver:
    """A driver for ``settings.neo4j_uri``, verified unless ``verify`` is false (the service starts without
    Neo4j and becomes ready when it answers); bolt:// and neo4j:// (routing) URIs alike."""
    assert settings.neo4j_uri, "NEO4J_URI is not set"
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    auth = (settings.neo4j_username, password) if password else None
    driver = neo4j.GraphDatabase.driver(
        settings.neo4j_uri,
        auth=auth,
        user_agent="timeline-kg",
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        # A stalled server must not hold a new connection (or a wait for one) past the deadline.
        connection_timeout=min(5.0, settings.deadline),
        connection_acquisition_timeout=settings.deadline,
        # The read queries name relationship types and properties a graph may not have yet (GDELT data has no
        # CHANGED_STATE): Neo4j's "does not exist" warnings would otherwise be logged on every request.
        notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
    )
    if not verify:
        return driver
    try:
        driver.verify_connectivity()
    except Exception:
        driver.close()
        raise
    return driver
