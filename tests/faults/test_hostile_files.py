"""Hostile annotation files: every command and the embedded store's start-up refuse them in one line, quickly and
in bounded memory (each child process gets 1.5 GB of address space; today's bomb takes 23 GB)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import ARTICLE

from .conftest import free_port, run_cli

MEMORY_MB = 1536

# "Billion laughs": 377 bytes whose aliases expand to 10^9 list items when the parsed file is serialised.
ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _one_line_error(result: object, *needles: str) -> str:
    """Exit 1, and stderr is one short line naming the problem (no traceback)."""
    code, stderr = result.returncode, result.stderr  # type: ignore[attr-defined]
    assert code == 1, f"exit {code}, stderr: {stderr[-2000:]}"
    assert "Traceback" not in stderr and "MemoryError" not in stderr, stderr[-2000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, stderr[-2000:]  # the problem, and "nothing was written"
    assert len(stderr) < 1000, f"{len(stderr)} characters of error"
    for needle in needles:
        assert needle in stderr.lower(), stderr
    return stderr


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bomb(tmp_path: Path) -> Path:
    return _write(tmp_path, "bomb.yaml", ALIAS_BOMB)


def test_alias_bomb_is_refused_by_validate(bomb: Path) -> None:
    _one_line_error(run_cli("validate", str(bomb), memory_mb=MEMORY_MB, timeout=60), "alias")


def test_alias_bomb_is_refused_by_load_before_connecting(bomb: Path) -> None:
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    _one_line_error(run_cli("load", str(bomb), env=env, memory_mb=MEMORY_MB, timeout=60), "alias")


def test_alias_bomb_stops_the_embedded_store_start_in_one_line(bomb: Path) -> None:
    port = free_port()
    env = {"TIMELINE_KG_SOURCES": json.dumps([str(bomb)]), "TIMELINE_KG_PORT": str(port)}
    result = run_cli("serve", env=env, memory_mb=MEMORY_MB, timeout=60)
    _one_line_error(result, "alias", str(bomb))


def test_anchor_without_alias_is_refused_too(tmp_path: Path) -> None:
    # Anchors are the bomb's fuse: the format has no use for them, so they are refused outright.
    text = ARTICLE.read_text(encoding="utf-8").replace("source:\n", "source: &src\n", 1)
    path = _write(tmp_path, ARTICLE.name, text)
    (tmp_path / ARTICLE.with_suffix(".txt").name).write_bytes(ARTICLE.with_suffix(".txt").read_bytes())
    _one_line_error(run_cli("validate", str(path), timeout=60), "anchor")


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(ARTICLE.read_text(encoding="utf-8"))
        for _ in range(60):
            out.write("# " + "x" * (1 << 20) + "\n")  # 60 MB of comments
    started = time.monotonic()
    _one_line_error(run_cli("validate", str(path), memory_mb=MEMORY_MB, timeout=60), "too large")
    assert time.monotonic() - started < 20


def test_a_huge_rejected_value_is_not_echoed_whole(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8").replace("  language: en\n", "  language: " + "q" * 500_000 + "\n", 1)
    path = _write(tmp_path, ARTICLE.name, text)
    (tmp_path / ARTICLE.with_suffix(".txt").name).write_bytes(ARTICLE.with_suffix(".txt").read_bytes())
    result = run_cli("validate", str(path), timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr) < 2000, f"{len(result.stderr)} characters of error"


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_one_line(tmp_path: Path, opener: str) -> None:
    text = "".join("  " * i + "-\n" for i in range(3000)) if opener == "- " else opener * 20_000
    path = _write(tmp_path, "deep.yaml", text)
    _one_line_error(run_cli("validate", str(path), memory_mb=MEMORY_MB, timeout=60), "nest")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_annotation_that_is_not_a_regular_file_is_one_line(tmp_path: Path, kind: str) -> None:
    # Neither claims a size: a FIFO waits for a writer forever, /dev/zero never ends.
    path = tmp_path / "source.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    _one_line_error(run_cli("validate", str(path), memory_mb=MEMORY_MB, timeout=30), "not a regular file")
