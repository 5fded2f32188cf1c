"""A timeline page as a TimelineJS3 document (https://timeline.knightlab.com/docs/json-format.html): partial dates
stay partial, open-ended ones say so in words."""

from __future__ import annotations

import datetime as dt

from graph_service import models as m

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _tl_date(part: str, bound: dt.date | None) -> m.TLDate | None:
    """One side of an EDTF date as a TimelineJS date, no more precise than the text: 2022-11 -> year and month."""
    core = part.strip().rstrip("?~%").lstrip("?~%")
    if core in ("", ".."):
        return None
    pieces = core.split("-")
    try:
        numbers = [int(p) for p in pieces[:3]]
    except ValueError:  # unspecified digits (2023-1X) and the like: fall back on the bound, to the day
        if bound is None:
            return None
        return m.TLDate(year=bound.year, month=bound.month, day=bound.day)
    return m.TLDate(
        year=numbers[0], month=numbers[1] if len(numbers) > 1 else None, day=numbers[2] if len(numbers) > 2 else None
    )


def _display(d: m.TLDate) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def timelinejs(timeline: m.Timeline, title: str, description: str) -> m.TimelineJS:
    slides = []
    for item in timeline.items:
        date = item.date
        parts = date.edtf.split("/") if "/" in date.edtf else [date.edtf, date.edtf]
        start = _tl_date(parts[0], date.lower)
        end = _tl_date(parts[1], date.upper) if "/" in date.edtf else None
        display = None
        if start is None and end is not None:  # ../2022-11: only the latest day is known
            display = f"by {_display(end)}"
            start, end = end, None
        elif start is None:
            continue  # open both ends: the loaders refuse such dates, so nothing to place
        elif end is None and date.edtf.endswith(".."):
            display = f"{_display(start)} or later"
        text = f"{item.status.capitalize()}. {date.text}" if date.text else item.status.capitalize()
        slides.append(
            m.TLSlide(
                start_date=start,
                end_date=end if end != start else None,
                text=m.TLText(headline=item.title, text=text),
                group=item.kind,
                display_date=display,
                unique_id=item.id,
            )
        )
    return m.TimelineJS(title=m.TLSlide(text=m.TLText(headline=title, text=description)), events=slides)
