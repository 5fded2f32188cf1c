"""The project's Cypher, one query per ``.cypher`` file, loaded by name.

The service runs exactly the files an analyst can paste into Neo4j Browser. Every file opens with a header of
``// key: value`` comment lines::

    // name: read/timeline
    // description: Events in time order, filtered by actor, kind, channel, topic, status, source and dates.
    // mode: read
    // param: actors | ["lloyd-austin"] | entity ids the events must involve
    // returns: one row per event, earliest first

``name`` must match the file's path under ``queries/`` (without ``.cypher``); ``mode`` is ``read``, ``write`` or
``schema``; each ``param`` line is ``name | example value as JSON | description``. Unknown keys are an error.
Files made of several statements (``schema``) separate them with a line ending in ``;``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

HEADER_KEYS = frozenset({"name", "description", "mode", "param", "returns"})
Mode = Literal["read", "write", "schema"]


class QueryError(Exception):
    """A query file that is missing or whose header is malformed."""


class UnknownQuery(QueryError, KeyError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name, self.known = name, known
        super().__init__(f"no query named {name!r}; known queries: {', '.join(known)}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    example: Any
    description: str


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    description: str
    mode: Mode
    returns: str
    text: str  # the whole file, header included: comments are harmless to Cypher
    params: tuple[Param, ...] = field(default=())

    @property
    def statements(self) -> list[str]:
        """The statements of a multi-statement file, without comments or trailing semicolons."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("//"))
        return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";").strip()]

    @property
    def examples(self) -> dict[str, Any]:
        return {p.name: p.example for p in self.params}


def parse(name: str, text: str) -> Query:
    """Parse a query file's header; raise :class:`QueryError` naming the file and the fault."""
    where = f"queries/{name}.cypher"
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        raw = stripped.removeprefix("//")
        content = raw.strip()
        if not content:
            continue
        if fields and raw.startswith("  "):  # an indented line continues the previous field, colons and all
            last = next(reversed(fields))
            fields[last] += " " + content
            continue
        key, sep, value = content.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in HEADER_KEYS:
            if not sep and fields:  # a continuation line of the previous field
                last = next(reversed(fields))
                fields[last] += " " + content
                continue
            raise QueryError(f"{where}:{number}: unknown header key {key!r} (known: {', '.join(sorted(HEADER_KEYS))})")
        if key == "param":
            parts = [p.strip() for p in value.split("|", 2)]
            if len(parts) != 3 or not parts[0].isidentifier():
                raise QueryError(f"{where}:{number}: param must be 'name | example JSON | description'")
            try:
                example = json.loads(parts[1])
            except json.JSONDecodeError as exc:
                raise QueryError(f"{where}:{number}: example for {parts[0]!r} is not JSON: {exc}") from None
            params.append(Param(parts[0], example, parts[2]))
        elif key in fields:
            raise QueryError(f"{where}:{number}: header key {key!r} given twice")
        else:
            fields[key] = value
    missing = sorted({"name", "description", "mode", "returns"} - fields.keys())
    if missing:
        raise QueryError(f"{where}: header is missing {', '.join(missing)}")
    if fields["name"] != name:
        raise QueryError(f"{where}: header name {fields['name']!r} does not match the file name {name!r}")
    if fields["mode"] not in ("read", "write", "schema"):
        raise QueryError(f"{where}: mode must be read, write or schema, not {fields['mode']!r}")
    mode: Mode = fields["mode"]  # type: ignore[assignment]
    return Query(name, fields["description"], mode, fields["returns"], text, tuple(params))


def names() -> list[str]:
    """Every query name, e.g. ``read/timeline`` or ``analyst/01-actor-timeline``."""
    root = resources.files(__name__)
    found: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir() and not child.name.startswith(("_", ".")):
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".cypher"):
                found.append(prefix + child.name.removesuffix(".cypher"))

    walk(root, "")
    return sorted(found)


@cache
def load(name: str) -> Query:
    """The query called ``name``; :class:`UnknownQuery` lists the known ones when there is none."""
    if name not in names():
        raise UnknownQuery(name, names())
    text = resources.files(__name__).joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    return parse(name, text)
