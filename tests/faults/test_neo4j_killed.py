"""Neo4j killed (SIGKILL, as a crash or the OOM killer would) in the middle of a load, by `timeline-kg load` of an
annotated source and by `timeline-kg load-gdelt`: the command says so in one line with the cause and the fix and
exits 3; after a restart the graph holds the source as it was or as it became (never a half), or whole GDELT
batches only; and the same command run again completes and gives the graph a load that never failed gives.

The kill lands while the loader writes: the server's own transaction list (SHOW TRANSACTIONS, on a second
connection) must show the source's transaction holding locks on many nodes, or a GDELT batch's event statements
running after two batches committed; the command must still be running then, and must not have succeeded.
The server is the crash tests' own (tests/faults/conftest.py), never the one other tests share.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import yaml

from loaders.load import load_neo4j

from .conftest import CLI, FaultNeo4j

pytestmark = pytest.mark.neo4j

ANNOTATED_EVENTS = 400  # a load of this source takes seconds: time to see it writing, and kill it there
GDELT_ROWS = 12_000
GDELT_BATCH = 400  # events per transaction: 30 transactions
_QUERY_NAME = re.compile(r"^// name: (\S+)")
_VOLATILE = {"loadedAt"}  # the time of the load: differs between any two loads


# ------------------------------------------------------------------------------------------- the graph, compared


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.iso_format() if hasattr(value, "iso_format") else value


def _graph(driver: neo4j.Driver) -> list[str]:
    """Every node and relationship with its properties (but the load time), one sorted line each."""
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
    )
    lines = [
        repr((sorted(n["labels"]), sorted((k, _plain(v)) for k, v in n["props"].items() if k not in _VOLATILE)))
        for n in nodes
    ]
    lines += [
        repr((r["type"], r["start"], r["end"], sorted((k, _plain(v)) for k, v in r["props"].items()))) for r in rels
    ]
    return sorted(lines)


def _same_graph(actual: list[str], expected: list[str], what: str) -> None:
    if actual != expected:
        missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
        pytest.fail(
            f"{what}: {len(actual)} nodes and relationships, expected {len(expected)}; "
            f"{len(missing)} missing, e.g. {missing[:2]}; {len(extra)} not expected, e.g. {extra[:2]}"
        )


def _clear(driver: neo4j.Driver) -> None:
    with driver.session() as session:  # in several transactions: a small server's transaction memory is bounded
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


@pytest.fixture
def driver(crash_neo4j: FaultNeo4j) -> Iterator[neo4j.Driver]:
    crash_neo4j.start()  # no-op when it runs: a test that failed may have left it killed
    with neo4j.GraphDatabase.driver(crash_neo4j.uri, auth=("neo4j", crash_neo4j.password)) as opened:
        _clear(opened)
        yield opened


# ------------------------------------------------------------------------------------------- the kill


def _cli_env(server: FaultNeo4j) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TIMELINE_KG_"))}
    return env | {"NEO4J_URI": server.uri, "NEO4J_PASSWORD": server.password}


def _start_cli(server: FaultNeo4j, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CLI), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_cli_env(server)
    )


def _run_cli(server: FaultNeo4j, *args: str) -> None:
    """The command, run to its end: it must succeed."""
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=600, env=_cli_env(server))
    assert done.returncode == 0, done.stderr[-1500:]


def _open_transactions(watch: neo4j.Driver) -> list[tuple[str, int]]:
    """The other connections' open transactions: the name (queries/*.cypher) of the statement each runs, "" between
    statements, and how many locks it holds (a transaction holds locks once it has written)."""
    records, _, _ = watch.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery, activeLockCount"
        " WHERE currentQuery IS NULL OR NOT currentQuery STARTS WITH 'SHOW'"
        " RETURN currentQuery, activeLockCount"
    )
    named = [(_QUERY_NAME.match(r["currentQuery"] or ""), r["activeLockCount"]) for r in records]
    return [(m.group(1) if m else "", int(locks or 0)) for m, locks in named]


def _kill_while_writing(
    server: FaultNeo4j,
    cli: subprocess.Popen[str],
    watch: neo4j.Driver,
    writing: Callable[[list[tuple[str, int]]], bool],
) -> list[tuple[str, int]]:
    """SIGKILL the server as soon as ``writing`` says the loader is mid-write; the transactions seen then."""
    deadline = time.monotonic() + 300
    while True:
        if cli.poll() is not None:
            _, stderr = cli.communicate()
            pytest.fail(f"the load ended (exit {cli.returncode}) before it was seen writing: {stderr[-1500:]}")
        assert time.monotonic() < deadline, "the load was never seen writing"
        running = _open_transactions(watch)
        if writing(running):
            server.kill()
            return running
        time.sleep(0.01)


def _reported_in_one_line(cli: subprocess.Popen[str]) -> str:
    """The command's exit (3) and its one error line, with a cause and a fix; no traceback."""
    _, stderr = cli.communicate(timeout=120)
    assert cli.returncode == 3, f"exit {cli.returncode} (expected 3, the load did not finish): {stderr[-1500:]}"
    assert "Traceback" not in stderr, stderr[-3000:]
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, stderr[-3000:]
    [line] = errors
    assert "stopped answering" in line, line  # the cause (during the load, or while a transaction committed)
    assert "run the same command again" in line, line  # the fix
    assert len(line) < 400, line
    return line


# ------------------------------------------------------------------------------------------- an annotated source


class _NoAliases(yaml.SafeDumper):
    """Annotated sources refuse anchors and aliases; PyYAML writes them for objects it meets twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _sentence(i: int) -> str:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1400)
    return f"On {day.isoformat()}, Person {i % 97} met Person {(i * 7 + 3) % 101} in Town {i % 13} (meeting {i})."


def _meetings_source(folder: Path, first: int, version: str) -> Path:
    """One source reporting ANNOTATED_EVENTS meetings, from meeting ``first`` on, titled by ``version``: two
    versions share most events (changed titles), and each has events the other has not."""
    folder.mkdir(parents=True)
    total = ANNOTATED_EVENTS * 2
    (folder / "meetings.txt").write_text("\n".join(_sentence(i) for i in range(total)) + "\n", encoding="utf-8")
    people = sorted({i % 97 for i in range(total)} | {(i * 7 + 3) % 101 for i in range(total)})
    entities = [{"id": f"person-{p}", "kind": "person", "name": f"Person {p}"} for p in people]
    entities += [{"id": f"town-{t}", "kind": "place", "name": f"Town {t}"} for t in range(13)]
    events = []
    for i in range(first, first + ANNOTATED_EVENTS):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1400)
        people_met = dict.fromkeys((i % 97, (i * 7 + 3) % 101))
        events.append(
            {
                "id": f"meeting-{i}",
                "title": f"Meeting {i} ({version})",
                "kind": "meeting",
                "date": day.isoformat(),
                "date_text": f"On {day.isoformat()}",
                "status": "occurred",
                "participants": [{"entity": f"person-{p}", "role": "participant"} for p in people_met],
                "place": f"town-{i % 13}",
                "evidence": [{"quote": _sentence(i)}],
            }
        )
    document = {
        "source": {
            "id": "synthetic-meetings",
            "title": f"Meetings ({version})",
            "publisher": "The fault tests",
            "published": "2024-04-03",
            "published_basis": "stated",
            "text": "meetings.txt",
        },
        "entities": entities,
        "events": events,
    }
    path = folder / "meetings.yaml"
    path.write_text(yaml.dump(document, Dumper=_NoAliases, sort_keys=False), encoding="utf-8")
    return path


# Statements of loaders/neo4j_writer.py's one transaction per source that run after its first write (the
# source's node): killed during one of them, or between two of them, the transaction has written part of the source.
_SOURCE_WRITES = {
    "", "write/merge-entities", "write/merge-events", "write/merge-tenures", "write/merge-claims",
    "write/merge-relationships", "write/withdraw-relationships", "write/withdraw-claims", "write/claims-of",
    "write/set-derived", "write/delete-unclaimed",
}  # fmt: skip


def _writing_the_source(running: list[tuple[str, int]]) -> bool:
    # Locks on 50 nodes or more: it has written entities or events of the source, not only the source's own node.
    return any(name in _SOURCE_WRITES and locks >= 50 for name, locks in running)


def test_a_source_killed_mid_load_is_as_it_was_and_a_rerun_completes(
    crash_neo4j: FaultNeo4j, driver: neo4j.Driver, tmp_path: Path
) -> None:
    old = _meetings_source(tmp_path / "old", 0, "as first loaded")
    new = _meetings_source(tmp_path / "new", ANNOTATED_EVENTS // 4, "as corrected")
    # The two graphs a load of `new` over `old` may leave: before it, and after it (a load that completed).
    load_neo4j(driver, "neo4j", [old])
    before = _graph(driver)
    load_neo4j(driver, "neo4j", [new])
    after = _graph(driver)
    _clear(driver)
    load_neo4j(driver, "neo4j", [old])
    _same_graph(_graph(driver), before, "the old source loaded again")

    cli = _start_cli(crash_neo4j, "load", str(new))
    try:
        seen = _kill_while_writing(crash_neo4j, cli, driver, _writing_the_source)
        line = _reported_in_one_line(cli)
    finally:
        if cli.poll() is None:
            cli.kill()
    crash_neo4j.start()
    with neo4j.GraphDatabase.driver(crash_neo4j.uri, auth=("neo4j", crash_neo4j.password)) as restarted:
        graph = _graph(restarted)
        assert graph in (before, after), f"neither the old source nor the new one (killed during {seen}): {line}"
        print(f"killed during {seen}: the graph holds the {'old' if graph == before else 'new'} source")  # -rP
        _run_cli(crash_neo4j, "load", str(new))
        _same_graph(_graph(restarted), after, "the load run again after the kill")


# ------------------------------------------------------------------------------------------- GDELT


def _rows_by_batch(path: Path) -> list[list[dict[str, Any]]]:
    """The events the loader writes, in its batches (GDELT_BATCH rows each, in file order)."""
    from loaders.gdelt.read import FileReport, iter_records

    events = [record.event for record, _ in iter_records(path, FileReport(path))]
    return [events[i : i + GDELT_BATCH] for i in range(0, len(events), GDELT_BATCH)]


# Statements of a batch's transaction (loaders/gdelt/write.py) that run after its sources, actors and places were
# written: killed during one of them, the transaction holds nodes whose events are not written yet.
_GDELT_EVENT_WRITES = {"write/gdelt-existing-events", "write/gdelt-create-events", "write/gdelt-merge-events"}


def _event_count(driver: neo4j.Driver) -> int:
    records, _, _ = driver.execute_query("MATCH (e:Event) RETURN count(e) AS n")
    return int(records[0]["n"])


def test_a_gdelt_load_killed_mid_batch_leaves_whole_batches_and_a_rerun_completes(
    crash_neo4j: FaultNeo4j, driver: neo4j.Driver, tmp_path: Path
) -> None:
    from loaders.gdelt import synth as gdelt_synth
    from loaders.gdelt.write import FEED_SOURCE_ID

    path = gdelt_synth.write_file(tmp_path / "20240101000000.export.CSV", GDELT_ROWS)
    batches = _rows_by_batch(path)
    args = ("load-gdelt", str(path), "--batch-size", str(GDELT_BATCH))

    def writing(running: list[tuple[str, int]]) -> bool:  # two batches committed, and the writer inside another
        inside = any(name in _GDELT_EVENT_WRITES for name, _locks in running)
        return inside and _event_count(driver) >= 2 * GDELT_BATCH

    cli = _start_cli(crash_neo4j, *args)
    try:
        seen = _kill_while_writing(crash_neo4j, cli, driver, writing)
        _reported_in_one_line(cli)
    finally:
        if cli.poll() is None:
            cli.kill()
    crash_neo4j.start()
    with neo4j.GraphDatabase.driver(crash_neo4j.uri, auth=("neo4j", crash_neo4j.password)) as restarted:
        records, _, _ = restarted.execute_query(
            """MATCH (e:Event)
               RETURN e.id AS id,
                      [(e)-[:REPORTED_BY]->(s:Source) | s.id] AS sources,
                      COUNT { (:Entity)-[:PARTICIPATED_IN]->(e) } AS participants,
                      [(e)-[:OCCURRED_IN]->(p:Entity) | p.id] AS places"""
        )
        written = {r["id"]: r for r in records}
        whole = 0
        while whole < len(batches) and batches[whole][0]["id"] in written:
            whole += 1
        expected = [event for batch in batches[:whole] for event in batch]
        assert 2 <= whole < len(batches), f"{whole} of {len(batches)} batches written: the kill was not mid-load"
        assert sorted(written) == sorted(e["id"] for e in expected), (
            f"{len(written)} events written, not the {whole} whole batches' {len(expected)} (killed during {seen})"
        )
        for event in expected:
            got = written[event["id"]]
            assert got["sources"] == [event["source"]], (event, got)
            assert got["participants"] == len(event["actors"]), (event, got)
            assert got["places"] == ([event["place"]] if event["place"] else []), (event, got)
        orphans, _, _ = restarted.execute_query(
            """MATCH (n) WHERE (n:Entity OR n:Source) AND n.id <> $feed AND NOT (n)--(:Event)
               RETURN labels(n) AS labels, n.id AS id LIMIT 5""",
            feed=FEED_SOURCE_ID,
        )
        assert not orphans, f"written without the events of their batch: {[dict(r) for r in orphans]}"
        print(f"killed during {seen}: {whole} of {len(batches)} batches written")  # -rP

        _run_cli(crash_neo4j, *args)
        assert _event_count(restarted) == sum(len(b) for b in batches)
        resumed = _graph(restarted)
        _clear(restarted)
        _run_cli(crash_neo4j, *args)
        _same_graph(resumed, _graph(restarted), "the load run again after the kill, against a clean load")
