"""Problems found in input, reported all at once with where they are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A problem is one line on a terminal: what is wrong, and a prefix of the offending value at most.
MAX_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path
    location: str  # a path inside the file: events[3].date; "" for the file as a whole
    message: str
    line: int | None = None  # 1-based, where the format tells

    def __str__(self) -> str:
        where = str(self.file) + (f":{self.line}" if self.line else "")
        inside = f" {self.location}:" if self.location else ""
        message = self.message
        if len(message) > MAX_MESSAGE:  # a message may quote the input it refuses, which may be huge
            message = f"{message[:MAX_MESSAGE]}... ({len(message):,} characters)"
        return f"{where}:{inside} {message}"


class InvalidSource(Exception):
    """A source that cannot be loaded; carries every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
