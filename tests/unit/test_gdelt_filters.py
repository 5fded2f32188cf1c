"""The load filters: command-line texts into a RowFilter (bad ones named), and which parsed rows it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.gdelt import FileReport, Record, parse_line
from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.filters import FilterError, RowFilter, build_filter
from loaders.gdelt.read import iter_records


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return [parse_line(line.rstrip(b"\n"))[0] for line in gdelt_synth.generate_rows(3_000, seed=21)]


def _countries(record: Record) -> list[str | None]:
    return [actor["countryCode"] for actor, _role in record.actors]


def test_no_option_keeps_everything(records: list[Record]) -> None:
    row_filter = build_filter()
    assert not row_filter.active
    assert all(row_filter.keeps(r) for r in records)


def test_both_actors_keeps_only_rows_between_the_countries(records: list[Record]) -> None:
    both = build_filter(actor_country="usa, chn", both_actors=True)
    either = build_filter(actor_country="USA,CHN")
    kept_both = [r for r in records if both.keeps(r)]
    kept_either = [r for r in records if either.keeps(r)]
    assert kept_both and len(kept_both) < len(kept_either) < len(records)
    assert all(len(_countries(r)) == 2 and set(_countries(r)) <= {"USA", "CHN"} for r in kept_both)
    assert all({"USA", "CHN"} & set(_countries(r)) for r in kept_either)
    # The oracle: every row the filter drops has an actor outside the pair, or fewer than two actors.
    dropped = [r for r in records if not both.keeps(r)]
    assert all(len(_countries(r)) < 2 or not set(_countries(r)) <= {"USA", "CHN"} for r in dropped)


def test_cameo_roots_quad_classes_goldstein_and_dates_all_hold(records: list[Record]) -> None:
    row_filter = build_filter(
        cameo_root="3,04,05,06", quad_class="1,2", goldstein="-2.5:", date_from="20220101", date_to="2023-06-30"
    )
    kept = [r for r in records if row_filter.keeps(r)]
    assert kept
    for r in kept:
        e = r.event
        assert e["cameoRoot"] in {"03", "04", "05", "06"} and e["quadClass"] in {1, 2}
        assert e["goldstein"] >= -2.5 and "2022-01-01" <= e["date"] <= "2023-06-30"
    assert len(kept) == sum(
        r.event["cameoRoot"] in {"03", "04", "05", "06"}
        and r.event["quadClass"] in {1, 2}
        and r.event["goldstein"] >= -2.5
        and "2022-01-01" <= r.event["date"] <= "2023-06-30"
        for r in records
    )


def test_cameo_codes_are_prefixes_and_actor_codes_match_either_actor(records: list[Record]) -> None:
    by_code = build_filter(cameo_code="04")
    assert all(r.event["cameoCode"].startswith("04") for r in records if by_code.keeps(r))
    code = next(a["gdeltCode"] for r in records for a, _ in r.actors if a["gdeltCode"] and len(a["gdeltCode"]) > 3)
    by_actor = build_filter(actor_code=code.lower())
    kept = [r for r in records if by_actor.keeps(r)]
    assert kept and all(code in [a["gdeltCode"] for a, _ in r.actors] for r in kept)


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"cameo_root": "21"}, "--cameo-root: 21 not a CAMEO root"),
        ({"cameo_root": ","}, "--cameo-root: no value"),
        ({"cameo_code": "04x"}, "--cameo-code"),
        ({"quad_class": "5"}, "--quad-class"),
        ({"goldstein": "3"}, "--goldstein: '3' is not MIN:MAX"),
        ({"goldstein": "5:-5"}, "MIN above MAX"),
        ({"goldstein": "-11:0"}, "outside the scale"),
        ({"goldstein": "a:b"}, "with numbers"),
        ({"date_from": "2024-02-30"}, "--from: '2024-02-30' is not a day"),
        ({"date_from": "2024-02-01", "date_to": "2024-01-01"}, "is after --to"),
        ({"both_actors": True}, "--both-actors needs"),
    ],
)
def test_bad_options_are_refused_naming_the_option(options: dict[str, object], says: str) -> None:
    with pytest.raises(FilterError, match=None) as caught:
        build_filter(**options)  # type: ignore[arg-type]
    assert says in str(caught.value)


def test_filtered_rows_are_counted_apart_from_bad_rows(tmp_path: Path) -> None:
    path = gdelt_synth.write_file(tmp_path / "f.export.CSV", 2_000, seed=8, bad_rate=0.02)
    row_filter = build_filter(cameo_root="04")
    report = FileReport(path)
    kept = list(iter_records(path, report, row_filter))
    assert report.skipped_total > 0 and report.filtered > 0
    assert len(kept) == report.loaded
    assert report.loaded + report.filtered + report.skipped_total == report.rows_read
    assert report.as_dict()["filteredOut"] == report.filtered
    assert all(record.event["cameoRoot"] == "04" for record, _ in kept)
    assert RowFilter() == build_filter()
