"""The raw text of a source (an annotation's ``source.text``, the article ``timeline-kg draft`` reads), read within
limits and refused in one line when it is not plain UTF-8 text.

The whole text is held in memory, searched once per quote, stored as one property of the :Source node and sent to
Neo4j in the source's one transaction; a long article is 5-50 kB, so 2 MiB (40 times the longest) still takes any
real article and bounds what a mistaken or hostile file (a PDF, a disk image, /dev/zero) can cost.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1024 * 1024


class TextRefused(ValueError):
    """A text that cannot be used, with the reason and the fix in one line (without the path: callers add it)."""


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text; :class:`TextRefused` for a missing, special, oversized, empty, binary or non-UTF-8 file.
    Never reads more than ``limit`` + 1 bytes, whatever the file claims its size is."""
    try:
        with open(path, "rb") as handle:  # one handle for the size check and the read
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise TextRefused("not a regular file: give the path of a plain-text file")
            if info.st_size > limit:
                raise TextRefused(_too_large(f"{info.st_size:,} bytes", limit))
            raw = handle.read(limit + 1)  # a file that grew since, or a size the file system does not know
    except FileNotFoundError:
        raise TextRefused("file not found") from None
    except IsADirectoryError:
        raise TextRefused("not a regular file: give the path of a plain-text file") from None
    except OSError as exc:
        raise TextRefused(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if len(raw) > limit:
        raise TextRefused(_too_large(f"more than {limit:,} bytes", limit))
    if not raw.strip():
        raise TextRefused("the file is empty: a source needs its text (the words its quotes come from)")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise TextRefused(f"binary data (a NUL byte at offset {nul:,}), not plain text: give the text as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextRefused(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start:,}): save the text as UTF-8"
        ) from None


def _too_large(size: str, limit: int) -> str:
    return (
        f"the file is too large: {size} (a source text is at most {limit:,}, {limit >> 20} MiB): "
        "give the article alone, without page furniture or attachments"
    )
