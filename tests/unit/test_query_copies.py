"""Cypher that must repeat itself stays the same everywhere it is repeated.

Each query file has to run on its own in Neo4j Browser, and the timeline's two plans filter inside each branch
(a filter after the LIMIT of the date walk would drop events), so some clauses stand in several files. A change to
one copy that misses another would make the plans answer differently; this catches it before the parity suite."""

from __future__ import annotations

import re

import queries

# The timeline filters every plan applies, one key of $filters each (the actor clause differs by plan on purpose).
TIMELINE_FILTERS = tuple(
    f"$filters.{key}" for key in ("kinds", "statuses", "sources", "rangeStart", "rangeEnd", "channels", "topics")
)


def _clauses(name: str, marker: str) -> list[str]:
    """Every line of the query that mentions ``marker``, without indentation or a leading AND/WHERE."""
    lines = [line.strip() for line in queries.load(name).statements[0].splitlines() if marker in line]
    return [re.sub(r"^(AND|WHERE) ", "", line) for line in lines if not line.startswith("//")]


def test_timeline_filters_are_the_same_in_every_branch_of_every_plan() -> None:
    for marker in TIMELINE_FILTERS:
        copies = _clauses("read/timeline", marker) + _clauses("read/timeline-of-actors", marker)
        copies = [c for c in copies if c.startswith("(")]  # filter clauses, not the walk's own range arithmetic
        assert len(copies) == 3, (marker, copies)  # two branches of the date walk, one actor walk
        assert len(set(copies)) == 1, (marker, copies)


def test_path_rules_are_the_same_in_every_branch_of_the_near_probe() -> None:
    text = queries.load("read/paths-within-two-hops").text
    rules = re.findall(r"WHERE none\(r IN rs WHERE r:REPORTED_BY\).*?dateLower\)\)", text, flags=re.S)
    assert len(rules) == 3
    assert len({re.sub(r"\s+", " ", r) for r in rules}) == 1
