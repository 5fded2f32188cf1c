"""`load-gdelt --follow` against a feed on loopback whose update list changes during the test: each file loaded
once, a cut download retried, a bad checksum rejected and reported, a killed follower resumed without loading
anything twice, SIGTERM a clean stop."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from loaders.gdelt import FileReport, iter_rows
from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.follow import Follower, parse_update_list
from tests.feed_server import FeedState, serve_feed

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]


def _export(tmp_path: Path, name: str, rows: int, seed: int) -> bytes:
    """A zipped export whose event ids do not clash with another seed's (GDELT's ids grow file by file)."""
    plain = gdelt_synth.write_file(tmp_path / f"{name}.plain", rows, seed=seed)
    lines = plain.read_bytes().splitlines(keepends=True)
    shifted = b"".join(str(seed * 10_000_000 + i).encode() + line[line.index(b"\t") :] for i, line in enumerate(lines))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name.removesuffix(".zip"), shifted)
    return buffer.getvalue()


def _event_ids(tmp_path: Path, body: bytes) -> set[str]:
    path = tmp_path / "check.export.CSV.zip"
    path.write_bytes(body)
    return {item.event["id"] for _n, item, _c in iter_rows(path, FileReport(path)) if not isinstance(item, Exception)}


def _graph(driver: Driver, database: str) -> tuple[set[str], dict[str, Any]]:
    events, _, _ = driver.execute_query("MATCH (e:Event) RETURN e.id AS id", database_=database)
    exports, _, _ = driver.execute_query(
        "MATCH (f:GdeltExport) RETURN f.name AS name, f.loadedAt AS at, f.events AS events", database_=database
    )
    return {r["id"] for r in events}, {r["name"]: (r["at"], r["events"]) for r in exports}


def _name(i: int) -> str:
    return f"2024040312{i:02d}00.export.CSV.zip"


def test_update_list_keeps_the_export_files() -> None:
    text = f"10 {'a' * 32} http://x/gdeltv2/{_name(1)}\n11 {'b' * 32} http://x/gdeltv2/{_name(1)}.mentions.CSV.zip\n"
    (entry,) = parse_update_list(text, "http://x/gdeltv2/lastupdate.txt")
    assert (entry.name, entry.size, entry.md5) == (_name(1), 10, "a" * 32)
    with pytest.raises(Exception, match="line 1 is not"):
        parse_update_list("garbage\n", "http://x/lastupdate.txt")


def test_each_file_once_cut_download_retried_bad_checksum_rejected(
    neo4j_driver: Driver, neo4j_server: Any, tmp_path: Path
) -> None:
    database = neo4j_server.database
    state = FeedState()
    bodies = {_name(i): _export(tmp_path, _name(i), 120, seed=i) for i in range(1, 5)}
    for name in (_name(1), _name(2), _name(3)):
        state.add(name, bodies[name])
    state.cut_once.add(_name(2))
    state.wrong_md5.add(_name(3))
    messages: list[tuple[str, str]] = []
    with serve_feed(state) as base:
        follower = Follower(
            neo4j_driver, database, f"{base}/lastupdate.txt", tmp_path / "work", backoff=0.01,
            notify=lambda name, message: messages.append((name, message)),
        )  # fmt: skip
        try:
            report = follower.run(interval=0, once=True)
            assert [r.path.name for r in report.loaded] == [_name(1), _name(2)]
            assert state.requests[_name(2)] == 2  # cut short once, retried, then whole
            assert [name for name, _why in report.rejected] == [_name(3)]
            assert "MD5" in report.rejected[0][1]
            assert any(name == _name(3) and "rejected" in message for name, message in messages)
            events, exports = _graph(neo4j_driver, database)
            assert events == _event_ids(tmp_path, bodies[_name(1)]) | _event_ids(tmp_path, bodies[_name(2)])
            assert set(exports) == {_name(1), _name(2)}

            # The list changes: a new file; the rejected one stays rejected, the loaded ones are not fetched.
            state.add(_name(4), bodies[_name(4)])
            follower.poll()
            assert state.requests[_name(1)] == 1 and state.requests[_name(3)] == 1
            events_after, exports_after = _graph(neo4j_driver, database)
            assert events_after == events | _event_ids(tmp_path, bodies[_name(4)])
            assert {k: v for k, v in exports_after.items() if k != _name(4)} == exports  # not loaded again
            assert exports_after[_name(4)][1] == 120

            # The list gives the file a correct checksum now: it is loaded.
            state.wrong_md5.discard(_name(3))
            follower.poll()
            assert _name(3) in _graph(neo4j_driver, database)[1]
        finally:
            follower.close()


def _follower_process(server: Any, feed: str, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env |= {
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": server.user,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
        "TIMELINE_KG_NEO4J_HOME": str(tmp_path / "home" / "neo4j"),  # the download directory is beside it
    }
    run_cli = "from graph_service.cli import main; main()"
    cmd = [sys.executable, "-c", run_cli, "load-gdelt", "--follow", feed, "--retries", "3", *extra]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition: Any, timeout: float, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(
                f"follower exited early ({proc.returncode}): {proc.stderr.read() if proc.stderr else ''}"
            )
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_killed_follower_resumes_without_loading_twice_and_stops_on_sigterm(
    neo4j_driver: Driver, neo4j_server: Any, tmp_path: Path
) -> None:
    database = neo4j_server.database
    state = FeedState()
    bodies = {_name(i): _export(tmp_path, _name(i), 80, seed=10 + i) for i in range(1, 4)}
    for name, body in bodies.items():
        state.add(name, body)
    state.delay[_name(3)] = 60.0  # the third download hangs: the follower is killed during it
    with serve_feed(state) as base:
        feed = f"{base}/lastupdate.txt"
        first = _follower_process(neo4j_server, feed, tmp_path, "--interval", "0.2")
        try:
            _wait_for(lambda: len(_graph(neo4j_driver, database)[1]) == 2, 120, first)
            _wait_for(lambda: state.requests[_name(3)] >= 1, 30, first)
        finally:
            first.kill()
            first.wait()
        _events, exports = _graph(neo4j_driver, database)
        assert set(exports) == {_name(1), _name(2)}

        state.delay.clear()
        second = _follower_process(neo4j_server, feed, tmp_path, "--interval", "0.2")
        try:
            _wait_for(lambda: _name(3) in _graph(neo4j_driver, database)[1], 120, second)
            second.send_signal(signal.SIGTERM)
            _out, err = second.communicate(timeout=60)
        finally:
            if second.poll() is None:
                second.kill()
        assert second.returncode == 0, err
        assert "SIGTERM: stopped between files" in err
    events_after, exports_after = _graph(neo4j_driver, database)
    assert {k: v for k, v in exports_after.items() if k != _name(3)} == exports  # the resumed run loaded them not
    assert state.requests[_name(1)] == state.requests[_name(2)] == 1
    expected = set().union(*(_event_ids(tmp_path, body) for body in bodies.values()))
    assert events_after == expected


def test_follow_stops_between_polls_on_sigint(neo4j_server: Any, neo4j_driver: Driver, tmp_path: Path) -> None:
    state = FeedState()
    state.add(_name(1), _export(tmp_path, _name(1), 20, seed=30))
    with serve_feed(state) as base:
        proc = _follower_process(neo4j_server, f"{base}/lastupdate.txt", tmp_path, "--interval", "300")
        _wait_for(lambda: bool(_graph(neo4j_driver, neo4j_server.database)[1]), 120, proc)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and time.monotonic() - started < 30, err
    assert "SIGINT: stopped between files" in err
