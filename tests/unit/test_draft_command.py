"""`timeline-kg draft` end to end: every readout gives a draft that `timeline-kg validate` accepts as it is; bad
input gets a clear one-line error (never a stack trace) or an honest empty draft."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from graph_service.cli import app
from timeline_kg.settings import BUNDLED_SOURCES

READOUTS = sorted(p for p in BUNDLED_SOURCES.glob("*.txt") if p.read_text(encoding="utf-8").startswith("URL:"))
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def draft_and_validate(article: Path, out: Path, *extra: str) -> dict[str, object]:
    code, output = run("draft", str(article), "-o", str(out), *extra)
    assert code == 0, output
    code, output = run("validate", str(out))
    assert code == 0, output
    loaded = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_there_are_readouts_to_draft() -> None:
    assert len(READOUTS) >= 9


@pytest.mark.parametrize("article", READOUTS, ids=lambda p: p.stem[:40])
def test_each_readout_drafts_to_a_valid_source_with_review_markers(article: Path, tmp_path: Path) -> None:
    data = draft_and_validate(article, tmp_path / "draft.yaml")
    facts = [*data["entities"], *data["events"]]  # type: ignore[misc]
    assert data["events"], "a readout reports at least one event"
    for fact in facts:
        review = fact["review"]
        assert review["reason"] and 0 <= review["confidence"] <= 1
        quote = fact["evidence"][0]["quote"]
        assert article.read_text(encoding="utf-8")[review["start"] : review["end"]] == quote


def test_the_seed_article_drafts_with_a_given_publication_date(tmp_path: Path) -> None:
    article = BUNDLED_SOURCES / "scmp-2024-04-03-us-china-defence-chiefs.txt"
    data = draft_and_validate(article, tmp_path / "draft.yaml", "--published", "2024-04-03")
    assert data["source"]["published"] == "2024-04-03"  # type: ignore[index]
    assert data["source"]["body_end"].startswith("This article")  # type: ignore[index]
    dates = {e["date_text"]: e["date"] for e in data["events"]}  # type: ignore[attr-defined]
    assert dates["on Thursday"] == "2024-04-04"


def test_unknown_publication_date_drafts_open_dates_and_says_why(tmp_path: Path) -> None:
    article = tmp_path / "undated.txt"
    article.write_text(
        "URL: https://www.example.gov/readout\nPUBLISHED: unknown\n\n"
        "Secretary of Defense Lloyd J. Austin III spoke today with General Wei Fenghe.\n",
        encoding="utf-8",
    )
    data = draft_and_validate(article, tmp_path / "draft.yaml")
    source = data["source"]
    assert source["published"] is None and source["published_basis"] == "unknown"  # type: ignore[index]
    call = next(e for e in data["events"] if e["kind"] == "call")  # type: ignore[attr-defined]
    assert call["date"].startswith("../") and call["date_text"] == "today"
    assert "unknown" in call["note"]


def test_a_body_without_dates_drafts_honestly(tmp_path: Path) -> None:
    article = tmp_path / "plain.txt"
    article.write_text("The two sides discussed maritime safety and professionalism.\n", encoding="utf-8")
    data = draft_and_validate(article, tmp_path / "draft.yaml", "--published", "2024-01-02")
    assert data["events"] == []
    assert not any("date expression" in note for note in data["notes"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"Caf\xe9 au lait: Latin-1, not UTF-8\n", "not UTF-8"),
        (b"URL: https://example.gov/x\nPUBLISHED: 2024-01-02\n\n", "no body"),
        (b"URL: https://example.gov/x\nPUBLISHED: 2024-13-45\n\nA body.\n", "not an ISO date"),
    ],
    ids=["empty", "blank", "binary", "utf16", "no-body", "bad-date"],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    code, output = run("draft", str(article), "-o", str(tmp_path / "draft.yaml"))
    assert code == 1
    assert message in output and str(article) in output.replace("\n", "")
    assert not (tmp_path / "draft.yaml").exists()


def test_a_missing_file_and_missing_sources_are_clear_errors(tmp_path: Path) -> None:
    code, output = run("draft", str(tmp_path / "nope.txt"))
    assert code == 1 and "file not found" in output
    article = BUNDLED_SOURCES / READOUTS[0].name
    code, output = run("draft", str(article), "--sources", str(tmp_path / "none.yaml"))
    assert code == 1 and "do not validate" in output


def test_against_an_unreachable_neo4j_is_a_clear_error(tmp_path: Path) -> None:
    code, output = run("draft", str(READOUTS[0]), "--against", "bolt://127.0.0.1:9")
    assert code == 1 and "cannot reach Neo4j" in output


def test_the_pipeline_loads_once_and_a_missing_one_is_a_clear_error(tmp_path: Path) -> None:
    from loaders.draft.pipeline import load_pipeline
    from timeline_kg.settings import get_settings

    name = get_settings().spacy_pipeline
    assert load_pipeline(name) is load_pipeline(name)
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["draft", str(READOUTS[0])], env={"TIMELINE_KG_SPACY_PIPELINE": "no_such_pipeline"})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "'no_such_pipeline' is not installed" in result.output and "Traceback" not in result.output
