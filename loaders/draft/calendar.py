"""Calendar arithmetic against the publication date (DCT) and EDTF values that keep the words' precision.

No library does this part: which November "last November" is, which days "over the weekend" covers, what
"earlier this year" bounds. Weeks are ISO weeks (Monday to Sunday), as the bundled annotations read them.
"""

from __future__ import annotations

import datetime as dt

ONE_DAY = dt.timedelta(days=1)


def day(value: dt.date) -> str:
    return value.isoformat()


def month(year: int, month_number: int) -> str:
    return f"{year:04d}-{month_number:02d}"


def interval(lower: dt.date | str | None, upper: dt.date | str | None) -> str:
    """An EDTF interval; equal day bounds collapse to the day, ``None`` is an open end."""
    low = lower.isoformat() if isinstance(lower, dt.date) else lower
    high = upper.isoformat() if isinstance(upper, dt.date) else upper
    if low is not None and low == high:
        return low
    return f"{low or '..'}/{high or '..'}"


def week_of(dct: dt.date) -> tuple[dt.date, dt.date]:
    monday = dct - dt.timedelta(days=dct.weekday())
    return monday, monday + dt.timedelta(days=6)


def weekend_before(dct: dt.date) -> tuple[dt.date, dt.date]:
    """The last Saturday-Sunday that ended before ``dct`` (on a Sunday: the day before and that day)."""
    sunday = dct - dt.timedelta(days=(dct.weekday() + 1) % 7 or 7) if dct.weekday() != 6 else dct
    return sunday - ONE_DAY, sunday


def weekend_after(dct: dt.date) -> tuple[dt.date, dt.date]:
    saturday = dct + dt.timedelta(days=(5 - dct.weekday()) % 7)
    return saturday, saturday + ONE_DAY


def weekday_near(dct: dt.date, weekday: int, future: bool, strict: bool = False) -> dt.date:
    """The ``weekday`` (Monday=0) nearest before (or after) ``dct``; the DCT itself counts unless ``strict``."""
    if future:
        ahead = (weekday - dct.weekday()) % 7
        return dct + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (dct.weekday() - weekday) % 7
    return dct - dt.timedelta(days=back or (7 if strict else 0))


def month_near(dct: dt.date, month_number: int, future: bool, strict: bool = False) -> tuple[int, int]:
    """The year of the named month nearest before (or after) the DCT's month; the DCT's own month counts unless
    ``strict`` ("last November" said in November means the year before)."""
    if future:
        later = month_number > dct.month or (month_number == dct.month and not strict)
        return (dct.year if later else dct.year + 1), month_number
    earlier = month_number < dct.month or (month_number == dct.month and not strict)
    return (dct.year if earlier else dct.year - 1), month_number


def month_day_near(dct: dt.date, month_number: int, day_number: int, future: bool) -> dt.date | None:
    """A month and day without a year: the nearest such date on the side of the DCT the tense says."""
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidates.append(dt.date(year, month_number, day_number))
        except ValueError:
            continue
    side = [c for c in candidates if (c >= dct if future else c <= dct)]
    if not side:
        return None
    return min(side) if future else max(side)


def month_bounds(year: int, month_number: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month_number, 1)
    following = dt.date(year + (month_number == 12), month_number % 12 + 1, 1)
    return first, following - ONE_DAY


def shift_months(year: int, month_number: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month_number - 1) + months
    return index // 12, index % 12 + 1
