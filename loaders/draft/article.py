"""The article as the drafter reads it: the raw text, the header lines it understands, and where the body is."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from loaders import source_text

# The capture header used by the shared readouts: "URL: ..." and "PUBLISHED: 2024-09-16|unknown", then the body.
_HEADER_LINE = re.compile(r"(?P<key>URL|PUBLISHED|TITLE):[ \t]*(?P<value>[^\r\n]*)\r?\n", re.IGNORECASE)


class DraftInputError(ValueError):
    """Input the drafter cannot work from: says what is wrong and where."""


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    text: str  # the whole file, byte-for-byte decoded; every offset points into it
    body_start: int  # offset of the first character of the body (after the header lines)
    url: str | None
    published: dt.date | None  # None: unknown
    published_stated: bool  # the header (or the caller) gave it; False when unknown

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def first_body_line(self) -> str:
        return self.body.lstrip().split("\n", 1)[0].strip()


def read_article(path: Path, published: str | None = None) -> Article:
    """Read a plain-text article; ``published`` (an ISO date or ``unknown``) overrides the header's."""
    text = _read_text(path)
    pos, header = 0, {}
    while (match := _HEADER_LINE.match(text, pos)) is not None:
        header[match["key"].upper()] = match["value"].strip()
        pos = match.end()
    while pos < len(text) and text[pos] in "\r\n":
        pos += 1
    if not text[pos:].strip():
        raise DraftInputError(f"{path}: no body: the file has {'only header lines' if header else 'no text'}")
    given = published if published is not None else header.get("PUBLISHED")
    day = _publication_day(path, given)
    return Article(path, text, pos, header.get("URL") or None, day, day is not None)


def _read_text(path: Path) -> str:
    try:
        return source_text.read_text(path)  # the limits of an annotated source's text: a draft becomes one
    except source_text.TextRefused as exc:
        raise DraftInputError(f"{path}: {exc}") from None


def _publication_day(path: Path, given: str | None) -> dt.date | None:
    if given is None or given.strip().lower() in ("", "unknown", "none", "null"):
        return None
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise DraftInputError(
            f"{path}: publication date {given!r} is not an ISO date (YYYY-MM-DD) or 'unknown'"
        ) from None
