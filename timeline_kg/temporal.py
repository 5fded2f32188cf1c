"""Event time as the source gave it: an EDTF string, its date bounds and its precision.

A date is never made more precise than its words. ``2022-11`` stays a month: its bounds are the first and
last day of November 2022, and the precision says "month" so nobody reads 1 November as the date.
Parsing is the ``edtf`` package's job (Library of Congress EDTF, levels 0-2); this module only turns a parsed
value into the bounds every store indexes and compares.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

# Sorting and overlap tests treat an open bound as the edge of time.
EARLIEST = dt.date.min
LATEST = dt.date.max


class Precision(StrEnum):
    """How much of a date the source supports."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    INTERVAL = "interval"  # bounded both ends, e.g. 2022-08/2022-11
    BEFORE = "before"  # only an upper bound is known: ../2022-11
    AFTER = "after"  # only a lower bound is known: 2024-04-03/..


class RangeRelation(StrEnum):
    """How an event's date relates to a queried range."""

    WITHIN = "within"  # every day the date could be falls inside the range
    OVERLAPS = "overlaps"  # some, not all, of its possible days fall inside


class DateError(ValueError):
    """An EDTF string that does not parse, or names a date that cannot exist."""


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A date as the source gave it, with inclusive bounds; ``None`` is an open bound."""

    edtf: str
    lower: dt.date | None
    upper: dt.date | None
    precision: Precision

    def wholly_before(self, day: dt.date) -> bool:
        return self.upper is not None and self.upper < day

    def wholly_after(self, day: dt.date) -> bool:
        return self.lower is not None and self.lower > day


def _bound(value: time.struct_time | float) -> dt.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    assert isinstance(value, time.struct_time)
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def _precision(lower: dt.date | None, upper: dt.date | None) -> Precision:
    """What the bounds span, not how the text looks: 2022-11-XX is a month, a season an interval."""
    if lower is None:
        return Precision.BEFORE
    if upper is None:
        return Precision.AFTER
    if lower == upper:
        return Precision.DAY
    next_day = upper + dt.timedelta(days=1)
    if lower.day == 1 and next_day.day == 1 and (lower.year, lower.month) == (upper.year, upper.month):
        return Precision.MONTH
    if (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31) and lower.year == upper.year:
        return Precision.YEAR
    return Precision.INTERVAL


@lru_cache(maxsize=8192)  # the EDTF grammar is slow (~15 ms a parse) and sources repeat their dates
def parse_timespan(text: str) -> TimeSpan:
    """Parse an EDTF string into a :class:`TimeSpan`; raise :class:`DateError` saying why it is not one."""
    text = text.strip()
    if not text:
        raise DateError("empty date")
    if text.startswith("/") or text.endswith("/"):
        # EDTF's unknown end: the library invents a bound ten years off. The text must say open (..) or bounds.
        raise DateError(f"{text!r} has an unknown end; write '..' for an open end, or give a bound")
    if text[:1] in "[{":
        raise DateError(f"{text!r} is an EDTF set; give one date or an interval")
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the library prints its failures; stdout may be piped
            parsed = parse_edtf(text)
        lower = _bound(parsed.lower_strict())
        upper = _bound(parsed.upper_strict())
    except EDTFParseException as exc:
        raise DateError(f"{text!r} is not an EDTF date") from exc
    except (ValueError, OverflowError) as exc:  # parses, but names a day that does not exist (2023-02-30)
        raise DateError(f"{text!r} is not a real date: {exc}") from exc
    except Exception as exc:  # the library fails on some inputs with AttributeError and the like
        raise DateError(f"{text!r} is not an EDTF date the service can read") from exc
    if lower is None and upper is None:
        raise DateError(f"{text!r} is open at both ends and says nothing about when")
    if lower is not None and upper is not None and lower > upper:
        raise DateError(f"{text!r} ends before it starts")
    return TimeSpan(text, lower, upper, _precision(lower, upper))


_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_partial_date(text: str) -> TimeSpan:
    """A query bound such as ``2023``, ``2023-11`` or ``2023-11-15``: a plain year, month or day, no intervals."""
    span = parse_timespan(text.strip()) if _PARTIAL_DATE.fullmatch(text.strip()) else None
    if span is None or span.precision not in (Precision.YEAR, Precision.MONTH, Precision.DAY):  # 2023-21: a season
        raise DateError(f"{text!r} is not a year, month or day (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return span


def edtf_of_bounds(lower: dt.date | None, upper: dt.date | None) -> str:
    """The shortest EDTF string for exactly these bounds: a day, a month, a year, or an interval (``..`` open)."""
    precision = _precision(lower, upper)
    if precision is Precision.DAY:
        assert lower is not None
        return lower.isoformat()
    if precision is Precision.MONTH:
        assert lower is not None
        return f"{lower.year:04d}-{lower.month:02d}"
    if precision is Precision.YEAR:
        assert lower is not None
        return f"{lower.year:04d}"
    return f"{lower.isoformat() if lower else '..'}/{upper.isoformat() if upper else '..'}"


def span_of_bounds(lower: dt.date | None, upper: dt.date | None) -> TimeSpan:
    """The date these bounds make, with the precision they support: 2022-11-01..2022-11-30 is the month."""
    return TimeSpan(edtf_of_bounds(lower, upper), lower, upper, _precision(lower, upper))


@dataclass(frozen=True, slots=True)
class Narrowed:
    """What several claims about one date support together."""

    span: TimeSpan
    conflicting: bool  # the claims share no day: ``span`` is their hull, not their intersection


def narrow(spans: Sequence[TimeSpan]) -> Narrowed:
    """The intersection of the spans' bounds, as precise as it is (a month and a day in it make that day); when the
    spans share no day, their hull, marked conflicting. An open bound constrains nothing on its side."""
    if not spans:
        raise ValueError("no dates to narrow")
    lowers = [s.lower for s in spans if s.lower is not None]
    uppers = [s.upper for s in spans if s.upper is not None]
    lower, upper = (max(lowers) if lowers else None), (min(uppers) if uppers else None)
    if lower is None or upper is None or lower <= upper:
        return Narrowed(span_of_bounds(lower, upper), conflicting=False)
    hull_lower = None if any(s.lower is None for s in spans) else min(lowers)
    hull_upper = None if any(s.upper is None for s in spans) else max(uppers)
    return Narrowed(span_of_bounds(hull_lower, hull_upper), conflicting=True)
