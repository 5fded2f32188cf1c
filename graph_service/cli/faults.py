"""Faults of the command line as one line each (the cause and the fix) with a documented exit code, never a
traceback: a Neo4j that does not answer, refuses the credentials or fails in the middle of a load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from rich.console import Console

EXIT_CODES = (
    "Exit codes: 0 done; 1 bad input (every problem listed, nothing written); 2 usage (a missing file, NEO4J_URI "
    "not set); 3 Neo4j did not answer, refused the credentials or failed during the work."
)

NEO4J_FAILED = 3

err = Console(stderr=True)


def fail(message: str, code: int) -> typer.Exit:
    """Print ``message`` as the one error line and return the exit to raise."""
    err.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def neo4j_faults(uri: str) -> Iterator[None]:
    """Turn the driver's faults inside the block into one line and exit code 3."""
    try:
        yield
    except AuthError:
        raise fail(f"Neo4j at {uri} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD", 3) from None
    except ConfigurationError as exc:
        raise fail(f"NEO4J_URI {uri!r} is not usable ({exc}): use bolt://host:7687 or neo4j://host:7687", 3) from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        cause = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise fail(
            f"Neo4j at {uri} does not answer ({cause}): start it (`timeline-kg neo4j start`) or fix NEO4J_URI", 3
        ) from None
    except Neo4jError as exc:
        raise fail(
            f"Neo4j failed during the work ({exc.code}): the open transaction was rolled back; run the command again",
            3,
        ) from None
    except DriverError as exc:
        raise fail(f"the Neo4j driver failed ({type(exc).__name__}: {exc}); run the command again", 3) from None
