"""Input files read within limits: the raw text of a source (an annotation's ``source.text``, the article
``timeline-kg draft`` reads) and, through :func:`read_bytes`, the annotation files themselves.

A file's size is checked before it is read, and never more than the limit is read whatever size the file claims:
a FIFO, /dev/zero or a file that grows would otherwise hang the loader or fill its memory. The whole text of a
source is held in memory, searched once per quote, stored as one property of its :Source node and sent to Neo4j in
the source's one transaction; a long article is 5-50 kB, so 2 MiB (40 times that) takes any real article and still
bounds what a mistaken or hostile file (a PDF, a disk image, a database dump) can cost.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1024 * 1024


class TextRefused(ValueError):
    """A file that cannot be used, with the reason and the fix in one line (without the path: callers add it)."""


class FileTooLarge(TextRefused):
    """A file over its limit, refused before it is read."""


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else :class:`TextRefused` saying why."""
    try:
        # Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise TextRefused("not a regular file: give the path of a plain-text file")
            if info.st_size > limit:
                raise FileTooLarge(f"the file is too large: {info.st_size:,} bytes (at most {limit:,})")
            raw = handle.read(limit + 1)  # a file that grew since, or a size the file system does not know
    except TextRefused:
        raise
    except FileNotFoundError:
        raise TextRefused("file not found") from None
    except IsADirectoryError:
        raise TextRefused("not a regular file: give the path of a plain-text file") from None
    except OSError as exc:
        raise TextRefused(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    except ValueError:  # a NUL in the path (a JSON list of sources may hold one): no file system takes it
        raise TextRefused("the path has a NUL character: name the file") from None
    if len(raw) > limit:
        raise FileTooLarge(f"the file is too large: more than {limit:,} bytes")
    return raw


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """A source's text; :class:`TextRefused` for a missing, special, oversized, empty, binary or non-UTF-8 file."""
    try:
        raw = read_bytes(path, limit)
    except FileTooLarge as exc:
        raise TextRefused(
            f"{exc}, {limit >> 20} MiB for a source text: give the article alone, without page furniture or attachments"
        ) from None
    if not raw.strip():
        raise TextRefused("the file is empty: a source needs its text (the words its quotes come from)")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise TextRefused(f"binary data (a NUL byte at offset {nul:,}), not plain text: give the text as UTF-8")
    return decode_utf8(raw)


def decode_utf8(raw: bytes) -> str:
    """The text, or :class:`TextRefused` naming the first byte that is not UTF-8 and where it is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextRefused(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start:,}): save the file as UTF-8"
        ) from None
