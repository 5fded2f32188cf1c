"""Pytest plugin: the run ends with what was skipped and why, and says so loudly when every test that needs Neo4j
was skipped (a run can otherwise "pass" while testing nothing against the real database)."""

from __future__ import annotations

from collections import Counter

import pytest
from _pytest.terminal import TerminalReporter

_NEEDS_NEO4J = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[_NEEDS_NEO4J] = sum(1 for item in items if item.get_closest_marker("neo4j"))


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_terminal_summary(terminalreporter: TerminalReporter, config: pytest.Config) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if isinstance(r, pytest.TestReport)]
    if not skipped:
        return
    reasons = Counter(_reason(r) for r in skipped)
    terminalreporter.section(f"{len(skipped)} skipped, by reason", sep="-")
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count:5d}  {reason}")
    needs = config.stash.get(_NEEDS_NEO4J, 0)
    skipped_neo4j = sum(1 for r in skipped if "neo4j" in r.keywords)
    if needs and skipped_neo4j >= needs:
        terminalreporter.write_line(
            f"!!! EVERY TEST THAT NEEDS NEO4J WAS SKIPPED ({skipped_neo4j} of {needs}): nothing ran against a "
            "real database. See the reason above; README 'Tests' says how a server is found (REQUIRE_NEO4J=1 "
            "fails instead).",
            red=True,
            bold=True,
        )
