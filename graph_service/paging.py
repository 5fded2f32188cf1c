"""Timeline pages: the sort key, opaque cursors over it, and a page cut from a store's answer."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import TYPE_CHECKING

from graph_service import models as m
from graph_service.errors import InvalidParameter
from timeline_kg.temporal import EARLIEST, LATEST, RangeRelation

if TYPE_CHECKING:
    from graph_service.stores.base import TimelineQuery

SortKey = tuple[dt.date, dt.date, str]

# A cursor holds two ISO dates and an id (ids are at most 120 characters): anything much longer is not ours, and
# decoding deeply nested JSON would exhaust the recursion limit.
_MAX_CURSOR = 400


def sort_key(s: m.Span | None) -> tuple[dt.date, dt.date]:
    """The timeline order: earliest possible day, then latest; open bounds are the edges of time."""
    if s is None:
        return (LATEST, LATEST)
    return (s.lower or EARLIEST, s.upper or LATEST)


def event_key(e: m.EventSummary) -> SortKey:
    return (*sort_key(e.date), e.id)


def encode_cursor(key: SortKey) -> str:
    raw = json.dumps([key[0].isoformat(), key[1].isoformat(), key[2]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    try:
        if len(cursor) > _MAX_CURSOR:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        lower, upper, ident = json.loads(raw)
        if not all(isinstance(v, str) for v in (lower, upper, ident)):
            raise ValueError("not three strings")
        return (dt.date.fromisoformat(lower), dt.date.fromisoformat(upper), ident)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidParameter("cursor is not one this API returned", ("query", "cursor")) from exc


def timeline_page(events: list[m.EventSummary], q: TimelineQuery) -> m.Timeline:
    """``events`` holds up to ``q.limit + 1`` events in order; the extra one only says there is a next page."""
    page, more = events[: q.limit], len(events) > q.limit
    ranged = q.start is not None or q.end is not None
    items = [
        m.TimelineItem(**e.model_dump(), relation=_relation(e.date, q.start, q.end) if ranged else None) for e in page
    ]
    cursor = encode_cursor(event_key(page[-1])) if more and page else None
    return m.Timeline(items=items, page=m.Page(limit=q.limit, next_cursor=cursor))


def _relation(date: m.Span, start: dt.date | None, end: dt.date | None) -> RangeRelation | None:
    lower, upper = date.lower or EARLIEST, date.upper or LATEST
    if lower > (end or LATEST) or upper < (start or EARLIEST):
        return None
    inside = lower >= (start or EARLIEST) and upper <= (end or LATEST)
    return RangeRelation.WITHIN if inside else RangeRelation.OVERLAPS
