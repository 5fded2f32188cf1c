"""Hostile or broken source texts (the article an annotated source quotes, and the article `timeline-kg draft`
reads): each is refused in one line naming the file and the cause, by `validate`, by `load` (nothing written to
Neo4j) and by the embedded store's start, quickly and in bounded memory; never a traceback, a hang or a whole
echo of the bad input. The limit is loaders/source_text.py's: 2 MiB, a regular file, not empty, no NUL, UTF-8, in
the annotation's directory (or the project's data/)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.source_text import MAX_TEXT_BYTES
from tests.conftest import ARTICLE

from .conftest import FaultNeo4j, free_port, run_cli

MEMORY_MB = 1536  # each command's address space: a text read whole past the limit would not fit
TEXT = ARTICLE.with_suffix(".txt")

Spoil = Callable[[Path, Path], None]  # (annotation file, its text file), changed in place


def _edit(annotation: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    change(data)
    annotation.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _padded(size: int) -> bytes:
    """The article's text grown to ``size`` bytes with blank lines after it (its quotes all still there)."""
    text = TEXT.read_bytes()
    return text + b"\n" * (size - len(text))


def _oversized(_annotation: Path, text: Path) -> None:
    text.write_bytes(_padded(MAX_TEXT_BYTES + 1))


def _sparse_4gib(_annotation: Path, text: Path) -> None:
    with text.open("r+b") as handle:  # takes no disk: a hole after the text
        handle.truncate(4 << 30)


def _nul(_annotation: Path, text: Path) -> None:
    raw = text.read_bytes()
    text.write_bytes(raw[:500] + b"\x00" + raw[500:])


def _latin1(_annotation: Path, text: Path) -> None:
    raw = text.read_bytes()
    text.write_bytes(raw[:500] + "é".encode("latin-1") + raw[500:])


def _empty(_annotation: Path, text: Path) -> None:
    text.write_bytes(b"")


def _blank(_annotation: Path, text: Path) -> None:
    text.write_bytes(b" \n\n\t\n")


def _missing(_annotation: Path, text: Path) -> None:
    text.unlink()


def _fifo(_annotation: Path, text: Path) -> None:
    text.unlink()
    os.mkfifo(text)  # opened for reading, it waits for a writer that never comes


def _directory(_annotation: Path, text: Path) -> None:
    text.unlink()
    text.mkdir()


def _outside(annotation: Path, text: Path) -> None:
    outside = annotation.parent.parent / f"outside-{annotation.parent.name}.txt"
    text.rename(outside)
    _edit(annotation, lambda d: d["source"].update(text=f"../{outside.name}"))


def _link_outside(annotation: Path, text: Path) -> None:
    outside = annotation.parent.parent / f"outside-{annotation.parent.name}.txt"
    text.rename(outside)
    text.symlink_to(outside)


def _long_name(annotation: Path, _text: Path) -> None:
    _edit(annotation, lambda d: d["source"].update(text="n" * 50_000 + ".txt"))


def _nul_in_name(annotation: Path, _text: Path) -> None:
    _edit(annotation, lambda d: d["source"].update(text="a\0b.txt"))


def _review_offsets(annotation: Path, _text: Path) -> None:
    review = {"reason": "drafted", "confidence": 0.5, "start": 10**9, "end": 10**9 + 40}
    _edit(annotation, lambda d: d["events"][0].update(review=review))


def _occurrence(annotation: Path, _text: Path) -> None:
    _edit(annotation, lambda d: d["events"][0]["evidence"][0].update(occurrence=99))


# case -> (how the copy is spoiled, where the problem is, words of its cause)
CASES: dict[str, tuple[Spoil, str, str]] = {
    "oversized": (_oversized, "source.text", "too large"),
    "sparse-4gib": (_sparse_4gib, "source.text", "too large"),
    "nul-byte": (_nul, "source.text", "nul byte"),
    "not-utf8": (_latin1, "source.text", "not utf-8"),
    "empty": (_empty, "source.text", "empty"),
    "blank": (_blank, "source.text", "empty"),
    "missing": (_missing, "source.text", "not found"),
    "fifo": (_fifo, "source.text", "not a regular file"),
    "directory": (_directory, "source.text", "not a regular file"),
    "outside": (_outside, "source.text", "outside the annotation's directory"),
    "link-outside": (_link_outside, "source.text", "outside the annotation's directory"),
    "long-name": (_long_name, "source.text", "file name too long"),
    "nul-in-name": (_nul_in_name, "source.text", "nul character"),
    "review-offsets": (_review_offsets, "events[0].review.start", "past the end of the text"),
    "occurrence": (_occurrence, "events[0].evidence[0].quote", "not 99"),
}


def _spoilt(tmp_path: Path, case: str) -> Path:
    """A copy of the article's annotation and text in a folder of its own, spoilt as ``case`` says."""
    folder = tmp_path / case
    folder.mkdir()
    annotation = folder / ARTICLE.name
    shutil.copyfile(ARTICLE, annotation)
    shutil.copyfile(TEXT, folder / TEXT.name)
    spoil = CASES[case][0]
    spoil(annotation, folder / TEXT.name)
    return annotation


def _error_lines(result: Any, code: int = 1) -> list[str]:
    """The command's exit, no traceback, a bounded stderr; its error lines."""
    assert result.returncode == code, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    return [line for line in result.stderr.splitlines() if line.startswith("error")]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_text_is_one_line_naming_the_file_and_the_cause(tmp_path: Path, case: str) -> None:
    annotation = _spoilt(tmp_path, case)
    _spoil, location, cause = CASES[case]
    result = run_cli("validate", str(annotation), memory_mb=MEMORY_MB, timeout=30)
    [line] = _error_lines(result)
    assert len(result.stderr) < 1000, f"{len(result.stderr)} characters of error"  # the input is not echoed whole
    assert f"{annotation}:" in line and f" {location}:" in line, line
    assert cause in line.lower(), line
    if location == "source.text" and case not in ("outside", "long-name", "nul-in-name"):
        assert TEXT.name in line, line  # the text file, by name


def test_a_text_at_the_limit_is_accepted(tmp_path: Path) -> None:
    annotation = _spoilt(tmp_path, "oversized")
    (annotation.parent / TEXT.name).write_bytes(_padded(MAX_TEXT_BYTES))
    result = run_cli("validate", str(annotation), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def _all_spoilt(tmp_path: Path) -> list[Path]:
    return [_spoilt(tmp_path, case) for case in CASES]


def _one_line_each(result: Any, annotations: list[Path]) -> None:
    lines = _error_lines(result)
    assert len(lines) == len(annotations), "\n".join(lines)
    for annotation, line in zip(annotations, lines, strict=True):
        assert line.startswith(f"error {annotation}:"), line
    assert "nothing was written" in result.stderr


def test_bad_texts_stop_the_embedded_store_start_in_one_line_each(tmp_path: Path) -> None:
    from loaders.load import load_embedded
    from loaders.problems import InvalidSource
    from timeline_kg.embedded import EmbeddedGraph

    annotations = _all_spoilt(tmp_path)
    env = {"TIMELINE_KG_SOURCES": json.dumps([str(a) for a in annotations]), "TIMELINE_KG_PORT": str(free_port())}
    _one_line_each(run_cli("serve", env=env, memory_mb=MEMORY_MB, timeout=60), annotations)
    graph = EmbeddedGraph()
    with pytest.raises(InvalidSource) as refused:
        load_embedded(graph, annotations)
    assert len(refused.value.problems) == len(CASES)
    assert graph.graph.number_of_nodes() == 0


@pytest.mark.neo4j
def test_bad_texts_write_nothing_to_neo4j(tmp_path: Path, crash_neo4j: FaultNeo4j) -> None:
    from neo4j import GraphDatabase

    from loaders.load import load_neo4j

    annotations = _all_spoilt(tmp_path)
    crash_neo4j.start()  # no-op when it runs
    query = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels"
    with GraphDatabase.driver(crash_neo4j.uri, auth=("neo4j", crash_neo4j.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        load_neo4j(driver, "neo4j", [ARTICLE])  # the article as it was, which a bad copy of it must not change
        before, _, _ = driver.execute_query(query)
        text_before, _, _ = driver.execute_query("MATCH (s:Source) RETURN s.id AS id, s.textSha256 AS sha")
        env = {"NEO4J_URI": crash_neo4j.uri, "NEO4J_PASSWORD": crash_neo4j.password}
        _one_line_each(run_cli("load", *map(str, annotations), env=env, memory_mb=MEMORY_MB, timeout=60), annotations)
        after, _, _ = driver.execute_query(query)
        text_after, _, _ = driver.execute_query("MATCH (s:Source) RETURN s.id AS id, s.textSha256 AS sha")
    assert dict(after[0]) == dict(before[0])
    assert [dict(r) for r in text_after] == [dict(r) for r in text_before]


# ------------------------------------------------------------------------------------------- timeline-kg draft


@pytest.mark.parametrize("case", ["oversized", "sparse-4gib", "fifo", "nul-byte", "not-utf8", "empty", "directory"])
def test_draft_refuses_what_a_source_text_refuses(tmp_path: Path, case: str) -> None:
    annotation = _spoilt(tmp_path, case)
    article = annotation.parent / TEXT.name
    output = tmp_path / "draft.yaml"
    result = run_cli("draft", str(article), "-o", str(output), memory_mb=MEMORY_MB, timeout=30)
    [line] = _error_lines(result)
    assert len([x for x in result.stderr.splitlines() if x.strip()]) == 1, result.stderr
    assert str(article) in line and CASES[case][2] in line.lower(), line
    assert not output.exists()
