"""What can go wrong managing the local server: one error class per cause, each naming its fix."""

from __future__ import annotations


class LocalNeo4jError(RuntimeError):
    """Any failure to manage the local server.

    ``summary`` is one line naming the cause and the fix; ``details`` optionally
    carries the tail of a log or of Maven's output.  ``str(error)`` is both.
    """

    def __init__(self, summary: str, details: str = "") -> None:
        self.summary = summary
        self.details = details.rstrip()
        super().__init__(f"{summary}\n{self.details}" if self.details else summary)


class PortInUseError(LocalNeo4jError):
    """A port the server needs is already bound by another process."""

    def __init__(self, port: int, purpose: str, host: str) -> None:
        self.port = port
        self.purpose = purpose
        option = "--bolt-port" if purpose == "bolt" else "--http-port"
        super().__init__(
            f"port {port} ({purpose}) on {host} is already in use; stop whatever listens there "
            f"(see `ss -ltnp 'sport = :{port}'`) or choose another port ({option})"
        )


class JavaNotFoundError(LocalNeo4jError):
    """No usable Java runtime (missing, or older than Java 17)."""


class ArtifactError(LocalNeo4jError):
    """Maven is missing or could not resolve the Neo4j jars."""


class ServerStartError(LocalNeo4jError):
    """The JVM exited, timed out or rejected our credentials during start."""
