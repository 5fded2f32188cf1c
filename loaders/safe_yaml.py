"""YAML read defensively: no anchors or aliases, and limits on file size, value size and nesting depth.

Annotated sources are written by hand and never need anchors; refusing them removes "billion laughs" (377 bytes
of aliases expand to 10^9 items once the parsed document is serialised). The limits keep a hostile or mistaken
file to a bounded amount of memory and time, and each breach is reported as one ordinary YAML problem, with the
line it is on, before anything is built from the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from loaders import source_text

# An annotation of a long article is ~100 kB; these leave ample room and still bound what a file can cost.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_VALUE_CHARS = 100_000
MAX_DEPTH = 40


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The file's text; :class:`loaders.source_text.TextRefused` for a missing, special, oversized or non-UTF-8
    file, checked before it is read (a FIFO or /dev/zero claims no size and would never end)."""
    return source_text.decode_utf8(source_text.read_bytes(path, limit))


class _Limits:
    """Composer checks, mixed into a SafeLoader: every node passes here before it is built."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent):
            raise _refused(event, f"aliases (*{event.anchor}) are not allowed in annotated sources")
        if getattr(event, "anchor", None):
            raise _refused(event, f"anchors (&{event.anchor}) are not allowed in annotated sources")
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_VALUE_CHARS:
            raise _refused(event, f"a value of {len(event.value):,} characters (at most {MAX_VALUE_CHARS:,})")
        nested = isinstance(event, CollectionStartEvent)
        if nested:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _refused(event, f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            if nested:
                self._depth -= 1


def _refused(event: Any, problem: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


def load(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, built by ``loader`` (a SafeLoader) under the
    limits above; :class:`yaml.YAMLError` for bad YAML or a breached limit."""
    limited: Any = type(f"Limited{loader.__name__}", (_Limits, loader), {})
    reader = limited(text)
    try:
        root = reader.get_single_node()
        data = reader.construct_document(root) if root is not None else None
    finally:
        reader.dispose()
    return root, data
