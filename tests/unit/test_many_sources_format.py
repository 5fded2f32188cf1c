"""The format's "many sources" extensions (issue 11): unknown publication dates, republications, body_start, and
events reported by more than one source (``same_as``), resolved across files, the graph and the bundled sources."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.load import bundled_events, load_embedded, validate
from loaders.problems import InvalidSource
from tests.unit.test_annotation_validation import BASE, TEXT
from timeline_kg.embedded import EmbeddedGraph

READOUT = (
    "URL: https://example.gov/readout\nPUBLISHED: unknown\n\n"
    "WASHINGTON -- Secretary Lloyd Austin met Wei Fenghe today. They first met in November 2022 in Cambodia.\n"
)


def _write(folder: Path, name: str, data: dict[str, Any], text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    data["source"]["text"] = f"{name}.txt"
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _readout(**source: Any) -> dict[str, Any]:
    return {
        "source": {
            "id": "readout",
            "title": "Readout",
            "publisher": "U.S. Department of Defense",
            "republisher": "Mirage News",
            "url": "https://example.org/copy",
            "original_url": "https://example.gov/readout",
            "published": None,
            "published_basis": "unknown",
            "published_note": "The page carries no date.",
            "text": "x",
            "body_start": "WASHINGTON --",
            "truncated": True,
        }
        | source,
        "entities": [{"id": "lloyd-austin", "kind": "person", "name": "Lloyd Austin"}],
        "events": [
            {
                "same_as": "austin-wei-meeting",
                "date": "2022-11",
                "date_text": "in November 2022",
                "status": "occurred",
                "participants": [{"entity": "lloyd-austin"}],
                "evidence": [{"quote": "They first met in November 2022 in Cambodia"}],
            },
            {
                "id": "austin-wei-meeting-today",
                "title": "Austin meets Wei",
                "kind": "meeting",
                "date": "2022/..",
                "date_text": "today",
                "status": "occurred",
                "note": "Published on an unknown day: 'today' stays open after the earlier meeting.",
                "evidence": [{"quote": "met Wei Fenghe today"}],
            },
        ],
    }


def _seed(folder: Path) -> Path:
    return _write(folder, "article", copy.deepcopy(BASE), TEXT)


def test_same_as_resolves_across_the_files_given(tmp_path: Path) -> None:
    seed, readout = _seed(tmp_path), _write(tmp_path, "readout", _readout(), READOUT)
    loaded = validate([seed, readout])
    assert [e.ref for e in loaded[1].annotation.events] == ["austin-wei-meeting", "austin-wei-meeting-today"]
    # Alone, the readout refers to an event nobody defines.
    with pytest.raises(InvalidSource) as exc:
        validate([readout])
    assert "events[0].same_as" in str(exc.value) and "no source defines event 'austin-wei-meeting'" in str(exc.value)
    # ... unless the graph (or the bundled sources) define it.
    assert validate([readout], {"austin-wei-meeting": "test-source"})


def test_reusing_an_id_defined_elsewhere_without_same_as_is_an_error(tmp_path: Path) -> None:
    data = _readout()
    data["events"][0] = {k: v for k, v in data["events"][0].items() if k != "same_as"} | {
        "id": "austin-wei-meeting",
        "title": "Again",
        "kind": "meeting",
    }
    with pytest.raises(InvalidSource) as exc:
        validate([_seed(tmp_path), _write(tmp_path, "readout", data, READOUT)])
    assert "events[0].id" in str(exc.value)
    assert "report it with same_as: austin-wei-meeting" in str(exc.value)


def test_an_event_needs_id_or_same_as_and_a_definition_needs_title_and_kind(tmp_path: Path) -> None:
    data = _readout()
    data["events"][0]["id"] = "both"
    data["events"][1].pop("title")
    with pytest.raises(InvalidSource) as exc:
        validate([_seed(tmp_path), _write(tmp_path, "readout", data, READOUT)])
    text = str(exc.value)
    assert "events[0]: give either id" in text and "events[1]: an event defined here (id) needs a title" in text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"published": "2024-01-01"}, "published_basis is unknown, so published must be null"),
        ({"published_basis": "stated"}, "published is null, so published_basis must be unknown"),
        ({"published_note": None}, "needs a published_note"),
        ({"republication_of": "readout"}, "names the source itself"),
        ({"body_start": "NOWHERE --"}, "'NOWHERE --' does not occur"),
    ],
)
def test_source_metadata_rules(tmp_path: Path, change: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidSource) as exc:
        validate([_seed(tmp_path), _write(tmp_path, "readout", _readout(**change), READOUT)])
    assert words in str(exc.value)


def test_quotes_before_body_start_are_refused_and_offsets_are_into_the_whole_text(tmp_path: Path) -> None:
    data = _readout()
    data["events"][1]["evidence"].append({"quote": "PUBLISHED: unknown"})
    with pytest.raises(InvalidSource) as exc:
        validate([_seed(tmp_path), _write(tmp_path, "readout", data, READOUT)])
    assert "events[1].evidence[1].quote" in str(exc.value) and "outside the article's body" in str(exc.value)
    [_, loaded] = validate([_seed(tmp_path), _write(tmp_path, "readout", _readout(), READOUT)])
    batch = loaded.batch()
    claim = next(c for c in batch.claims if c.start[1] == "austin-wei-meeting-today")
    assert READOUT[claim.props["quoteStart"] : claim.props["quoteEnd"]] == "met Wei Fenghe today"
    source = next(n for n in batch.nodes if n.id == "readout").props
    assert source["published"] is None and source["publishedBasis"] == "unknown"
    assert (source["publisher"], source["republisher"], source["truncated"]) == (
        "U.S. Department of Defense",
        "Mirage News",
        True,
    )


def test_an_undated_source_warns_about_dates_relative_to_publication(tmp_path: Path) -> None:
    [_, loaded] = validate([_seed(tmp_path), _write(tmp_path, "readout", _readout(), READOUT)])
    [warning] = loaded.warnings
    assert warning.location == "events[1].date" and "'today' is relative to it" in warning.message


def test_a_dated_source_checks_dates_against_publication_but_an_undated_one_cannot(tmp_path: Path) -> None:
    data = _readout()
    data["events"][1]["date"] = "2099"
    assert validate([_seed(tmp_path), _write(tmp_path, "readout", data, READOUT)])


def test_the_graph_resolves_same_as_when_loading(tmp_path: Path) -> None:
    graph = EmbeddedGraph()
    load_embedded(graph, [_seed(tmp_path / "a")])
    load_embedded(graph, [_write(tmp_path / "b", "readout", _readout(), READOUT)])
    assert graph.event_owners()["austin-wei-meeting"] == "test-source"
    with pytest.raises(InvalidSource):
        load_embedded(EmbeddedGraph(), [_write(tmp_path / "c", "readout", _readout(), READOUT)])


def test_bundled_events_name_their_defining_source() -> None:
    owners = bundled_events()
    assert owners["xi-biden-california-meeting-2023-11"] == "scmp-2024-04-03-us-china-defence-chiefs"
