"""GDELT row parsing, the column layout and the synthetic generator; no server needed."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from loaders.gdelt import (
    BadRow,
    Batcher,
    FileReport,
    Reason,
    actor_id,
    iter_rows,
    parse_fields,
    parse_line,
    place_id,
    source_id,
)
from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.columns import CAMEO_ROOTS, COL, COLUMNS, ROOT_KINDS, event_kind

MALFORMED = Path(__file__).parents[1] / "data" / "gdelt" / "malformed.export.CSV"


def _row(**changes: str) -> list[str]:
    line = next(gdelt_synth.generate_rows(1, seed=3)).rstrip(b"\n").decode()
    fields = line.split("\t")
    for name, value in changes.items():
        fields[COL[name]] = value
    return fields


def test_codebook_layout() -> None:
    assert len(COLUMNS) == 61
    assert COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert COL["Actor1Code"] == 5 and COL["Actor2Code"] == 15
    assert COL["IsRootEvent"] == 25 and COL["EventCode"] == 26 and COL["QuadClass"] == 29
    assert COL["AvgTone"] == 34 and COL["ActionGeo_Type"] == 51 and COL["ActionGeo_FeatureID"] == 58
    assert COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert set(CAMEO_ROOTS) == {f"{i:02d}" for i in range(1, 21)} == set(ROOT_KINDS)


def test_a_good_row() -> None:
    fields = _row(
        GLOBALEVENTID="1159482300",
        SQLDATE="20240403",
        Actor1Code="USAGOV",
        Actor1Name="LLOYD AUSTIN",
        Actor1CountryCode="USA",
        Actor2Code="CHN",
        Actor2Name="CHINA",
        Actor2CountryCode="CHN",
        EventCode="041",
        EventBaseCode="041",
        EventRootCode="04",
        QuadClass="1",
        GoldsteinScale="1.0",
        AvgTone="-1.25",
        NumMentions="10",
        NumSources="2",
        NumArticles="9",
        ActionGeo_FeatureID="531871",
        ActionGeo_FullName="Washington, District of Columbia, United States",
        DATEADDED="20240403121500",
        SOURCEURL="https://www.scmp.com/news/china/article/3257619",
    )
    record = parse_fields(fields)
    event = record.event
    assert event["id"] == "gdelt-1159482300"
    assert event["date"] == "2024-04-03" and event["datePrecision"] == "day" and event["dateText"] == "20240403"
    assert event["recordedAt"] == "2024-04-03T12:15:00Z"
    assert event["kind"] == "call"  # 041: discuss by telephone
    assert event["status"] == "occurred"
    assert (event["cameoCode"], event["cameoRoot"], event["cameoName"]) == ("041", "04", "Consult")
    assert (event["quadClass"], event["goldstein"], event["avgTone"]) == (1, 1.0, -1.25)
    assert (event["numMentions"], event["numSources"], event["numArticles"]) == (10, 2, 9)
    assert event["title"] == "LLOYD AUSTIN – Consult – CHINA"
    assert event["source"] == record.source["id"] == source_id("https://www.scmp.com/news/china/article/3257619")
    assert record.source["url"].startswith("https://") and record.source["publisher"] == "www.scmp.com"
    (austin, role1), (china, role2) = record.actors
    assert (austin["id"], role1, austin["kind"]) == ("gdelt-actor-usagov-lloyd-austin", "initiator", "organisation")
    assert (china["id"], role2, china["kind"]) == ("gdelt-actor-chn-china", "target", "country")
    assert china["isCountry"]
    assert record.place is not None and record.place["id"] == "gdelt-place-531871"


def test_empty_actor_and_place_are_left_out() -> None:
    fields = _row(Actor2Code="", Actor2Name="", ActionGeo_FeatureID="", ActionGeo_FullName="")
    record = parse_fields(fields)
    assert [role for _, role in record.actors] == ["initiator"]
    assert record.place is None


def test_a_citation_that_is_not_a_url_is_still_a_source() -> None:
    record = parse_fields(_row(SOURCEURL="BBC Monitoring"))
    assert record.source["url"] is None and record.source["citation"] == "BBC Monitoring"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"GLOBALEVENTID": "12a45"}, Reason.EVENT_ID),
        ({"SQLDATE": "2024043"}, Reason.SQLDATE),
        ({"SQLDATE": "20230230"}, Reason.SQLDATE),
        ({"DATEADDED": "20240403256000"}, Reason.DATEADDED),
        ({"EventRootCode": "21"}, Reason.CAMEO),
        ({"EventCode": "0x1"}, Reason.CAMEO),
        ({"QuadClass": "5"}, Reason.QUAD_CLASS),
        ({"GoldsteinScale": "n/a"}, Reason.NUMBER),
        ({"GoldsteinScale": "11"}, Reason.NUMBER),
        ({"AvgTone": "nan"}, Reason.NUMBER),
        ({"NumMentions": "1.5"}, Reason.NUMBER),
        ({"SOURCEURL": " "}, Reason.NO_SOURCE),
    ],
)
def test_bad_rows_say_why(changes: dict[str, str], reason: Reason) -> None:
    with pytest.raises(BadRow) as caught:
        parse_fields(_row(**changes))
    assert caught.value.reason is reason


def test_wrong_column_count() -> None:
    with pytest.raises(BadRow) as caught:
        parse_fields(_row()[:60])
    assert caught.value.reason is Reason.COLUMNS and "got 60" in caught.value.detail


def test_invalid_utf8_is_repaired_not_skipped() -> None:
    line = "\t".join(_row(Actor1Name="SAO PAULO")).encode().replace(b"SAO", b"S\xe3O")
    record, repaired = parse_line(line)
    assert repaired and record.actors[0][0]["name"] == "S\ufffdO PAULO"


def test_ids() -> None:
    assert actor_id("USAGOV", "BARACK OBAMA") == "gdelt-actor-usagov-barack-obama"
    assert actor_id("", "PROTESTERS") == "gdelt-actor-nocode-protesters"
    assert place_id("-1898541", "Beijing, Beijing, China") == "gdelt-place-1898541"
    assert place_id("", "Somewhere, Far") == "gdelt-place-name-somewhere-far"
    assert source_id("https://a.example/x") == source_id("https://a.example/x") != source_id("https://a.example/y")


def test_kinds() -> None:
    assert event_kind("042", "04") == "visit"
    assert event_kind("0874", "08") == "incident"
    assert event_kind("190", "19") == "clash"
    assert event_kind("161", "16") == "suspension"


def test_malformed_file_reports_lines_and_reasons() -> None:
    report = FileReport(MALFORMED)
    items = list(iter_rows(MALFORMED, report))
    bad = {line: item.reason for line, item, _ in items if isinstance(item, BadRow)}
    assert bad == {
        3: Reason.COLUMNS,
        5: Reason.SQLDATE,
        7: Reason.EVENT_ID,
        9: Reason.NO_SOURCE,
        10: Reason.QUAD_CLASS,
        13: Reason.NUMBER,
    }
    assert report.rows_read == 12  # line 6 is blank
    assert report.repaired == 1
    assert report.skipped_total == 6
    assert [b.line for b in report.bad_rows] == [3, 5, 7, 9, 10, 13]


def test_zipped_export_reads_like_the_plain_one(tmp_path: Path) -> None:
    plain = gdelt_synth.write_file(tmp_path / "a.export.CSV", 300, seed=5)
    zipped = gdelt_synth.write_file(tmp_path / "a.export.CSV.zip", 300, seed=5, zipped=True)
    assert zipfile.is_zipfile(zipped)

    def ids(path: Path) -> list[str]:
        return [i.event["id"] for _, i, _ in iter_rows(path, FileReport(path)) if not isinstance(i, BadRow)]

    assert ids(plain) == ids(zipped) and len(ids(plain)) == 300


def test_generator_is_deterministic() -> None:
    def digest(seed: int, bad_rate: float = 0.0) -> str:
        return hashlib.sha256(b"".join(gdelt_synth.generate_rows(2_000, seed=seed, bad_rate=bad_rate))).hexdigest()

    assert digest(1) == digest(1)
    assert digest(1) != digest(2)
    assert digest(1, 0.01) == digest(1, 0.01) != digest(1)


def test_generator_is_skewed_and_spread_over_years() -> None:
    counts: dict[str, int] = {}
    years = set()
    bad = 0
    for line in gdelt_synth.generate_rows(5_000, seed=9, bad_rate=0.02):
        try:
            record, _ = parse_line(line.rstrip(b"\n"))
        except BadRow:
            bad += 1
            continue
        years.add(record.event["date"][:4])
        for actor, _role in record.actors:
            counts[actor["id"]] = counts.get(actor["id"], 0) + 1
    top = sorted(counts.values(), reverse=True)
    assert sum(top[:10]) > 0.3 * sum(top)  # a few actors are in most events
    assert len(counts) > 100
    assert len(years) >= 4
    assert 40 < bad < 160  # about 2 % malformed (some spoiled rows are repaired, not skipped)


def test_batcher_dedupes_and_remembers() -> None:
    batcher = Batcher()
    records = [parse_line(line.rstrip(b"\n"))[0] for line in gdelt_synth.generate_rows(500, seed=4)]
    for record in records[:250]:
        batcher.add(record)
    first = batcher.take()
    assert len(first) == 250 and len(first.actors) < 250 and len(first.sources) < 250
    for record in records[250:]:
        batcher.add(record)
    second = batcher.take()
    assert not set(first.actors) & set(second.actors)  # written once per run
    assert not set(first.sources) & set(second.sources)
