"""Malformed annotation files: each fails validation with a clear message at the right place, and nothing is written."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from graph_service.cli import app
from loaders.load import load_embedded, validate
from loaders.problems import InvalidSource
from timeline_kg.embedded import EmbeddedGraph

TEXT = (
    "Defence chiefs to talk\n\n"
    "The last formal interaction was in November 2022, when US Defence Secretary Lloyd Austin met the "
    "then-Chinese defence minister Wei Fenghe in Cambodia. The two ministers are expected to speak soon.\n"
    "More from Post Magazine\nUnrelated furniture.\n"
)

BASE: dict[str, Any] = {
    "source": {
        "id": "test-source",
        "title": "Defence chiefs to talk",
        "publisher": "Test Post",
        "published": "2024-04-03",
        "published_basis": "inferred",
        "published_note": "No date line; read from the text.",
        "text": "article.txt",
        "body_end": "More from Post Magazine",
    },
    "entities": [
        {"id": "lloyd-austin", "kind": "person", "name": "Lloyd Austin", "aliases": ["Austin"]},
        {"id": "wei-fenghe", "kind": "person", "name": "Wei Fenghe"},
        {"id": "cambodia", "kind": "country", "name": "Cambodia"},
    ],
    "events": [
        {
            "id": "austin-wei-meeting",
            "title": "Austin meets Wei",
            "kind": "meeting",
            "date": "2022-11",
            "date_text": "in November 2022",
            "status": "occurred",
            "participants": [{"entity": "lloyd-austin"}, {"entity": "wei-fenghe"}],
            "place": "cambodia",
            "evidence": [{"quote": "US Defence Secretary Lloyd Austin met the then-Chinese defence minister"}],
        },
        {
            "id": "ministers-call",
            "title": "Ministers expected to speak",
            "kind": "call",
            "date": "2024-04-03/..",
            "date_text": "soon",
            "status": "expected",
            "evidence": [{"quote": "expected to speak soon"}],
        },
    ],
    "relations": [
        {"from": "austin-wei-meeting", "to": "ministers-call", "type": "led_to", "evidence": [{"quote": "speak soon"}]}
    ],
}


def write(tmp_path: Path, data: Any, *, raw: str | None = None, text: bool = True) -> Path:
    if text:
        (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "annotation.yaml"
    path.write_text(raw if raw is not None else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def test_the_base_file_is_valid(tmp_path: Path) -> None:
    [loaded] = validate([write(tmp_path, BASE)])
    assert loaded.annotation.events[0].date == "2022-11"


# (name, how to break the base file, where the error must be, words the message must contain)
CASES: list[tuple[str, Any, str, str]] = [
    (
        "wrong type",
        lambda d: d["events"][0].update(participants="lloyd-austin"),
        "events[0].participants",
        "valid array",
    ),
    ("unknown kind", lambda d: d["events"][0].update(kind="party"), "events[0].kind", "meeting"),
    ("missing id", lambda d: d["entities"][1].pop("id"), "entities[1].id", "missing"),
    ("unknown field", lambda d: d["events"][0].update(colour="red"), "events[0].colour", "unknown field"),
    (
        "dangling participant",
        lambda d: d["events"][0]["participants"].append({"entity": "li-shangfu"}),
        "events[0].participants[2].entity",
        "'li-shangfu' is not defined",
    ),
    ("dangling relation", lambda d: d["relations"][0].update(to="nowhere"), "relations[0].to", "not defined"),
    ("wrong kind of reference", lambda d: d["events"][0].update(place="wei-fenghe"), "events[0].place", "is a person"),
    (
        "quote not in text",
        lambda d: d["events"][0]["evidence"].append({"quote": "Austin met Dong Jun"}),
        "events[0].evidence[1].quote",
        "does not occur verbatim",
    ),
    (
        "quote in page furniture",
        lambda d: d["events"][1]["evidence"].append({"quote": "Unrelated furniture"}),
        "events[1].evidence[1].quote",
        "outside the article's body",
    ),
    ("unparseable date", lambda d: d["events"][0].update(date="November 2022"), "events[0].date", "not an EDTF date"),
    ("impossible date", lambda d: d["events"][0].update(date="2022-13"), "events[0].date", "EDTF"),
    ("reversed interval", lambda d: d["events"][0].update(date="2023/2022"), "events[0].date", "ends before"),
    ("date the library fails on", lambda d: d["events"][0].update(date="2022-1X"), "events[0].date", "EDTF"),
    ("unknown end", lambda d: d["events"][0].update(date="2022-11/"), "events[0].date", "unknown end"),
    (
        "occurred after publication",
        lambda d: d["events"][0].update(date="2024-05"),
        "events[0].date",
        "after publication 2024-04-03",
    ),
    (
        "expected wholly before publication",
        lambda d: d["events"][1].update(date="2023"),
        "events[1].date",
        "wholly before publication",
    ),
    ("duplicate ids", lambda d: d["entities"][2].update(id="wei-fenghe"), "entities[2].id", "duplicate id"),
    ("event id reused", lambda d: d["events"][1].update(id="cambodia"), "events[1].id", "duplicate id"),
    ("bad id", lambda d: d["entities"][0].update(id="Lloyd Austin"), "entities[0].id", "pattern"),
    ("no evidence", lambda d: d["events"][0].update(evidence=[]), "events[0].evidence", "at least 1"),
    ("entity never mentioned", lambda d: d["entities"][2].update(name="Laos"), "entities[2].name", "alias"),
]


@pytest.mark.parametrize(("change", "location", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_file_reports_where_and_why(tmp_path: Path, change: Any, location: str, words: str) -> None:
    path = write(tmp_path, mutated(change))
    with pytest.raises(InvalidSource) as caught:
        validate([path])
    problems = caught.value.problems
    assert any(p.location == location and words in p.message for p in problems), problems
    assert all(p.file == path for p in problems)
    located = next(p for p in problems if p.location == location)
    assert located.line is not None and located.line > 1  # points into the file, not at its top
    # The command says so and exits non-zero; loading writes nothing.
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and location in result.output
    graph = EmbeddedGraph()
    with pytest.raises(InvalidSource):
        load_embedded(graph, [path])
    assert graph.graph.number_of_nodes() == 0


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    def break_three(d: dict[str, Any]) -> None:
        d["events"][0]["place"] = "laos"
        d["events"][0]["evidence"][0]["quote"] = "not in the text"
        d["events"][1]["date"] = "2020"

    with pytest.raises(InvalidSource) as caught:
        validate([write(tmp_path, mutated(break_three))])
    assert {p.location for p in caught.value.problems} == {
        "events[0].place",
        "events[0].evidence[0].quote",
        "events[1].date",
    }


def test_line_numbers_point_at_the_bad_value(tmp_path: Path) -> None:
    path = write(tmp_path, mutated(lambda d: d["events"][0].update(date="someday")))
    with pytest.raises(InvalidSource) as caught:
        validate([path])
    [problem] = caught.value.problems
    assert "someday" in path.read_text().splitlines()[problem.line - 1]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("raw", "text", "words"),
    [
        ("", True, "the file is empty"),
        ("   \n# only a comment\n", True, "the file is empty"),
        ("source: [unclosed\n", True, "invalid YAML"),
        ("- just\n- a list\n", True, "expected a mapping"),
        (yaml.safe_dump(BASE), False, "source text"),
    ],
    ids=["empty", "blank", "invalid yaml", "not a mapping", "missing text file"],
)
def test_unreadable_files(tmp_path: Path, raw: str, text: bool, words: str) -> None:
    path = write(tmp_path, None, raw=raw, text=text)
    with pytest.raises(InvalidSource) as caught:
        validate([path])
    assert any(words in p.message for p in caught.value.problems), caught.value.problems


def test_missing_annotation_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidSource, match="file not found"):
        validate([tmp_path / "nope.yaml"])


def test_a_bad_file_writes_nothing_even_beside_good_ones(tmp_path: Path, article_path: Path) -> None:
    bad = write(tmp_path, mutated(lambda d: d["events"][0].update(date="2024-05")))
    graph = EmbeddedGraph()
    with pytest.raises(InvalidSource):
        load_embedded(graph, [article_path, bad])
    assert graph.graph.number_of_nodes() == 0


def test_cli_validate_lists_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    def break_two(d: dict[str, Any]) -> None:
        d["events"][0]["date"] = "2024-05"
        d["relations"][0]["to"] = "nowhere"

    path = write(tmp_path, mutated(break_two))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "events[0].date" in result.output and "relations[0].to" in result.output
    assert "2 problem(s); nothing was written." in result.output


def test_cli_validate_accepts_the_bundled_article(article_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(article_path)])
    assert result.exit_code == 0, result.output
    assert "26 events" in result.output


def test_the_published_json_schema_is_current() -> None:
    import json

    from timeline_kg.annotation import AnnotatedSource
    from timeline_kg.settings import REPO_ROOT

    published = json.loads((REPO_ROOT / "docs" / "annotation.schema.json").read_text())
    assert published == AnnotatedSource.model_json_schema(by_alias=True), (
        "run: timeline-kg schema > docs/annotation.schema.json"
    )


def test_the_documented_example_is_a_valid_annotation_shape() -> None:
    from timeline_kg.annotation import AnnotatedSource
    from timeline_kg.settings import REPO_ROOT

    doc = (REPO_ROOT / "docs" / "annotation-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    parsed = AnnotatedSource.model_validate_json(__import__("json").dumps(yaml.safe_load(example)))
    assert parsed.events[0].date == "2022-11"
