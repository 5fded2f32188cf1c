"""Faults of the command line as one line each (the cause and the fix) with a documented exit code, never a
traceback: a Neo4j that does not answer, refuses the credentials or fails in the middle of a load."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from rich.console import Console

EXIT_CODES = (
    "Exit codes: 0 done; 1 bad input (every problem listed, nothing written); 2 usage (a missing file, NEO4J_URI "
    "not set); 3 Neo4j did not answer, refused the credentials, or failed or stopped answering during the work (a "
    "load keeps whole sources and whole GDELT batches: run it again)."
)

NEO4J_FAILED = 3

err = Console(stderr=True)


def fail(message: str, code: int) -> typer.Exit:
    """Print ``message`` as the one error line and return the exit to raise."""
    err.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@dataclass(frozen=True, slots=True)
class Work:
    """What a command does once connected, for the line that says it was interrupted: its name, and what its
    transactions keep of it (the fix is the same for every load: run the command again)."""

    name: str
    kept: str


LOAD = Work("the load", "each source is one transaction, so the one being written was rolled back whole")
GDELT_LOAD = Work(
    "the load", "each batch is one transaction, so the one being written was rolled back whole (those before stay)"
)


@contextmanager
def neo4j_faults(uri: str, work: Work | None = None) -> Iterator[None]:
    """Turn the driver's faults inside the block into one line and exit code 3. Connect outside ``work`` and do
    the work inside it: a Neo4j that stops answering then was there and went away, which is said differently."""
    logging.getLogger("neo4j").addHandler(_DRIVER_LOG)  # it logs the same fault on stderr; the line below says it
    try:
        yield
    except AuthError:
        raise fail(f"Neo4j at {uri} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD", 3) from None
    except ConfigurationError as exc:
        raise fail(f"NEO4J_URI {uri!r} is not usable ({exc}): use bolt://host:7687 or neo4j://host:7687", 3) from None
    except IncompleteCommit as exc:
        raise fail(
            f"Neo4j at {uri} stopped answering while a transaction committed ({_cause(exc)}): it may or may not have "
            "been kept; when Neo4j answers again, run the same command again (a load is idempotent)",
            3,
        ) from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        if work is not None:
            raise fail(
                f"Neo4j at {uri} stopped answering during {work.name} ({_cause(exc)}): {work.kept}; when Neo4j "
                "answers again, run the same command again",
                3,
            ) from None
        raise fail(
            f"Neo4j at {uri} does not answer ({_cause(exc)}): start it (`timeline-kg neo4j start`) or fix NEO4J_URI", 3
        ) from None
    except Neo4jError as exc:
        raise fail(
            f"Neo4j failed during the work ({exc.code}): the open transaction was rolled back; run the command again",
            3,
        ) from None
    except DriverError as exc:
        raise fail(f"the Neo4j driver failed ({type(exc).__name__}: {_cause(exc)}); run the command again", 3) from None


_DRIVER_LOG = logging.NullHandler()


def _cause(exc: BaseException) -> str:
    """The exception's first line, cut short: a cause, not a dump."""
    text = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 120 else f"{text[:120]}..."
