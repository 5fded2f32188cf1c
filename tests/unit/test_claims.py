"""Deriving a node from its sources' claims: dates narrow to the intersection at the precision it supports,
disjoint dates give the hull and a conflict, status follows the rules of timeline_kg.claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeline_kg.claims import Claim, corroboration, derive, known_at
from timeline_kg.graph_model import Label
from timeline_kg.temporal import Precision, narrow, parse_timespan, span_of_bounds

D = dt.date


def spans(*texts: str) -> list[Any]:
    return [parse_timespan(t) for t in texts]


@pytest.mark.parametrize(
    ("claims", "edtf", "precision", "conflicting"),
    [
        (("2022", "2022-11", "2022-11-14"), "2022-11-14", Precision.DAY, False),  # year ∩ month ∩ day
        (("2022-11", "2022"), "2022-11", Precision.MONTH, False),
        (("2023", "2023-10-26/2023-10-27"), "2023-10-26/2023-10-27", Precision.INTERVAL, False),
        (("2022-11/2023-02", "2023"), "2023-01-01/2023-02-28", Precision.INTERVAL, False),
        (("2022-11/2023-12", "2023-12-01/2024-03-31"), "2023-12", Precision.MONTH, False),  # overlap is a month
        (("../2022-11", "2022"), "2022-01-01/2022-11-30", Precision.INTERVAL, False),
        (("2024-04-03/..", "2024-04"), "2024-04-03/2024-04-30", Precision.INTERVAL, False),
        (("../2022-11", "2022-06/.."), "2022-06-01/2022-11-30", Precision.INTERVAL, False),
        (("2024-04-03/..", "2024-04-05/.."), "2024-04-05/..", Precision.AFTER, False),
        (("2022-06-10", "2022-06-11"), "2022-06-10/2022-06-11", Precision.INTERVAL, True),  # two days: the hull
        (("2022-06", "2023"), "2022-06-01/2023-12-31", Precision.INTERVAL, True),
        (("../2022-01", "2023"), "../2023-12-31", Precision.BEFORE, True),  # hull keeps the open end
        (("2023-11-15",), "2023-11-15", Precision.DAY, False),
    ],
)
def test_narrowing(claims: tuple[str, ...], edtf: str, precision: Precision, conflicting: bool) -> None:
    out = narrow(spans(*claims))
    assert (out.span.edtf, out.span.precision, out.conflicting) == (edtf, precision, conflicting)
    # The derived EDTF says exactly the derived bounds.
    again = parse_timespan(out.span.edtf)
    assert (again.lower, again.upper, again.precision) == (out.span.lower, out.span.upper, out.span.precision)


def test_bounds_name_their_precision() -> None:
    assert span_of_bounds(D(2023, 1, 1), D(2023, 12, 31)).edtf == "2023"
    assert span_of_bounds(D(2024, 2, 1), D(2024, 2, 29)).edtf == "2024-02"
    assert span_of_bounds(None, D(2022, 11, 30)).edtf == "../2022-11-30"
    with pytest.raises(ValueError, match="no dates"):
        narrow([])


def claim(source: str, published: dt.date | None, date: str, status: str = "occurred", **props: Any) -> Claim:
    span = parse_timespan(date)
    base = {"date": date, "dateLower": span.lower, "dateUpper": span.upper, "dateText": f"words of {source}"}
    return Claim(source, published, props.pop("origin", source), base | {"status": status} | props)


def test_an_event_derives_its_date_words_and_counts_from_its_claims() -> None:
    claims = [
        claim("article", D(2024, 4, 3), "2023-11", title="Xi and Biden meet", kind="summit", defines=True),
        claim("readout", D(2024, 9, 9), "2023-11-15", title="Bilateral meeting"),
        claim("copy", D(2024, 9, 10), "2023", origin="readout"),
    ]
    props = derive(Label.EVENT, claims)
    assert (props["date"], props["datePrecision"], props["conflicting"]) == ("2023-11-15", "day", False)
    assert props["dateText"] == "words of readout"  # the claim that dates it alone
    assert props["title"] == "Xi and Biden meet"  # the definer's
    assert (props["claimCount"], props["corroboration"]) == (3, 2)  # the copy is the readout again
    assert props["sources"] == ["article", "copy", "readout"]


def test_disjoint_claims_keep_every_claim_and_mark_the_hull() -> None:
    props = derive(Label.EVENT, [claim("a", D(2022, 6, 10), "2022-06-10"), claim("b", D(2022, 6, 12), "2022-06-11")])
    assert (props["date"], props["conflicting"], props["claimCount"]) == ("2022-06-10/2022-06-11", True, 2)
    assert props["dateText"] == "words of a; words of b"


@pytest.mark.parametrize(
    ("claims", "status"),
    [
        ([("planned", D(2024, 4, 3)), ("occurred", D(2024, 4, 10))], "occurred"),  # a later report supersedes
        ([("occurred", D(2024, 4, 3)), ("expected", D(2024, 4, 10))], "occurred"),  # occurred from anyone wins
        ([("expected", D(2024, 1, 1)), ("cancelled", D(2024, 2, 1))], "cancelled"),
        ([("cancelled", D(2024, 1, 1)), ("planned", D(2024, 2, 1))], "planned"),  # rescheduled later
        ([("expected", D(2024, 1, 1)), ("planned", D(2024, 1, 1))], "planned"),  # same day: planned over expected
        ([("expected", None), ("planned", D(2024, 1, 1))], "planned"),  # unknown publication counts as oldest
        ([("occurred", None), ("planned", D(2024, 1, 1))], "occurred"),
    ],
)
def test_status_from_claims(claims: list[tuple[str, dt.date | None]], status: str) -> None:
    made = [claim(f"s{i}", published, "2024", state) for i, (state, published) in enumerate(claims)]
    assert derive(Label.EVENT, made)["status"] == status


def test_known_at_keeps_sources_published_by_then_and_drops_undated_ones() -> None:
    claims = [claim("a", D(2024, 4, 3), "2024-04", "planned"), claim("b", D(2024, 5, 1), "2024-04-04")]
    claims.append(claim("c", None, "2024"))
    early = known_at(claims, D(2024, 4, 3))
    assert [c.source for c in early] == ["a"]
    assert derive(Label.EVENT, early)["status"] == "planned"
    assert derive(Label.EVENT, claims)["date"] == "2024-04-04"
    assert corroboration(claims) == 3


def test_an_entity_keeps_every_sources_aliases_and_the_earliest_name() -> None:
    a = Claim("a", D(2024, 4, 3), "a", {"name": "Lloyd Austin", "kind": "person", "aliases": ["Austin"]})
    b = Claim("b", D(2022, 6, 10), "b", {"name": "Lloyd J. Austin III", "kind": "person", "aliases": ["Secretary"]})
    props = derive(Label.ENTITY, [a, b])
    assert props["name"] == "Lloyd J. Austin III"  # the earliest-published source's, whatever the load order
    assert props["aliases"] == ["Secretary", "Austin"]
    assert derive(Label.ENTITY, [b, a]) == props


def test_a_claim_that_dates_the_event_alone_keeps_its_own_edtf() -> None:
    props = derive(Label.EVENT, [claim("a", D(2024, 4, 3), "../2022-11"), claim("b", D(2024, 4, 3), "../2023")])
    assert (props["date"], props["dateUpper"], props["datePrecision"]) == ("../2022-11", D(2022, 11, 30), "before")
