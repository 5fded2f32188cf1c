"""Temporal expressions in the body, normalised to EDTF against the publication date (DCT).

Finding: patterns for the families news and readouts use (absolute dates and ranges, numeric dates, months,
years, day words, weekdays, "this/last/next week|month|year", weekends, vague futures, durations that end at an
event), plus spaCy's DATE entities for what the patterns miss (those stay unresolved unless ``dateparser`` reads
a full date in them). Resolving: ``dateparser`` reads the written forms; :mod:`calendar` does the DCT-relative
arithmetic; the clause's tense (:mod:`tense`) picks past or future where the words leave it open.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from loaders.draft import calendar as cal
from loaders.draft.tense import Clause, Tense, after_preposition, clause_of


class Family(StrEnum):
    RANGE = "range"  # Nov. 6-8, 2024
    DATE = "date"  # June 10, 2022 / 04/26/2024 / Sept. 9
    MONTH_YEAR = "month_year"  # January 1998, Nov. 2023
    MONTH = "month"  # in December, last November, November's
    YEAR = "year"  # 2024, in 1998
    DAY_WORD = "day_word"  # today, yesterday, tomorrow
    WEEKDAY = "weekday"  # on Thursday, Sunday
    UNIT = "unit"  # this week, last year, earlier this year, over the weekend
    VAGUE_FUTURE = "vague_future"  # soon, in the coming weeks
    VAGUE_PAST = "vague_past"  # recently
    DURATION = "duration"  # a 17-month hiatus
    OTHER = "other"  # found by the statistical model only


@dataclass(frozen=True, slots=True)
class Timex:
    start: int  # offsets into the article text
    end: int
    text: str
    family: Family
    edtf: str | None  # None: not resolved (no publication date, or nothing to resolve against)
    relative: bool  # depends on the publication date
    confidence: float
    reason: str


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![A-Za-z])"
)
# Abbreviations only with their full stop or before a number: "Jun" alone is as often a name (Dong Jun).
_MONTH_ABBR = r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?=\s+\d)))"
_MONTH_NAMES = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
# A bare month: "May" and "March" are verbs too, so they need a word before them that makes them months.
_MONTH_BARE = (
    r"(?:(?:January|February|April|June|July|August|September|October|November|December)(?![A-Za-z])"
    r"|(?:(?<=in )|(?<=by )|(?<=last )|(?<=next )|(?<=this )|(?<=since )|(?<=until ))(?:May|March)(?![A-Za-z]))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"  # hyphen, en and em dashes: how ranges are written

_PATTERNS: list[tuple[Family, re.Pattern[str]]] = [
    (Family.RANGE, re.compile(
        rf"\b(?P<m>{_MONTH_NAMES})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\b(?:,?\s+(?P<y>{_YEAR})\b)?")),
    (Family.RANGE, re.compile(
        rf"\b(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?P<m>{_MONTH_NAMES})(?:,?\s+(?P<y>{_YEAR})\b)?")),
    (Family.DATE, re.compile(
        rf"\b(?:(?:on\s+)?(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH_NAMES})\s+(?P<d>{_DAY})\b(?!:)"
        rf"(?:,?\s+(?P<y>{_YEAR})\b)?")),
    (Family.DATE, re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH_NAMES})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    (Family.DATE, re.compile(r"\b(?P<num>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d)\b")),
    (Family.DATE, re.compile(r"\b(?P<iso>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b")),
    (Family.MONTH_YEAR, re.compile(rf"\b(?:in\s+)?(?P<m>{_MONTH_NAMES}),?\s+(?P<y>{_YEAR})\b")),
    (Family.MONTH, re.compile(
        rf"\b(?:(?P<mod>last|next|this|since|until|by|early|late|mid-|in|in\s+early|in\s+late|in\s+mid-)\s*)?"
        rf"(?P<m>{_MONTH_BARE})(?P<poss>'s|’s)?(?!\s+\d)")),
    (Family.DAY_WORD, re.compile(
        r"\b(?P<w>today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening))\b",
        re.IGNORECASE)),
    (Family.UNIT, re.compile(
        r"\b(?P<mod>earlier this|later this|earlier in the|later in the|over the|this past|the past|"
        r"the coming|the next|the previous|this|last|next|past)\s+(?P<unit>week|weekend|month|year)\b(?!s)",
        re.IGNORECASE)),
    (Family.WEEKDAY, re.compile(rf"\b(?:(?P<mod>on|last|next|this|by|until|since)\s+)?(?P<wd>{_WEEKDAY})\b")),
    (Family.VAGUE_FUTURE, re.compile(
        r"\b(?:soon|shortly|in the (?:coming|next few|near) (?:days|weeks|months|future)|"
        r"in the (?:days|weeks|months) ahead|later this (?:week|month|year))\b", re.IGNORECASE)),
    (Family.VAGUE_PAST, re.compile(r"\b(?:recently|recent|in recent (?:days|weeks|months))\b", re.IGNORECASE)),
    (Family.DURATION, re.compile(
        r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]"
        r"(?P<unit>day|week|month|year)s?[- ](?:long\s+)?"
        r"(?P<what>hiatus|freeze|pause|break|gap|suspension|lull|absence|halt|standoff)\b", re.IGNORECASE)),
    (Family.YEAR, re.compile(rf"\b(?:(?P<mod>in|since|by|until|of|early|late|mid-)\s+)?(?P<y>{_YEAR})\b(?![-/]\d)")),
]  # fmt: skip

_TIME_WORD = re.compile(
    r"\b(?:days?|weeks?|weekends?|months?|years?|annual|decades?|centur(?:y|ies)|spring|summer|autumn|fall|winter"
    r"|mornings?|nights?|earlier|later|ago)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@cache
def _parser() -> DateDataParser:
    # Month-first numeric dates (US texts); a missing day means the whole month, never the 1st.
    return DateDataParser(languages=["en"], settings={"DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first"})


def month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:3]]


def find(
    doc: Doc, text: str, body_start: int, body_end: int, dct: dt.date | None, today: dt.date | None = None
) -> list[Timex]:
    """Every temporal expression between ``body_start`` and ``body_end``, resolved; in text order. Without a
    publication date, a relative one is open, bounded by ``today`` (the text exists, so what it reports as
    done happened before the day of drafting) when given, else unresolved."""
    taken: list[tuple[int, int]] = []
    found: list[Timex] = []
    for family, pattern in _PATTERNS:
        for match in pattern.finditer(text, body_start, body_end):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(_resolve(doc, match, family, dct))
    anchor = _anchor_year(found) if dct is None else None
    if anchor is not None:
        found = [_with_anchor(t, anchor) for t in found]
    if dct is None and today is not None:
        found = [_open_until(t, today) if t.relative and t.edtf is None else t for t in found]
    for ent in doc.ents:
        if ent.label_ != "DATE" or ent.start_char < body_start or ent.end_char > body_end:
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        if not _TIME_WORD.search(ent.text):
            continue  # numbers the model took for dates: photo ids, times of day
        found.append(Timex(ent.start_char, ent.end_char, ent.text, Family.OTHER, None, False, 0.3,
                           "a date-like phrase the statistical model found; no rule resolves it"))
    return sorted(found, key=lambda t: t.start)


def _clause_at(doc: Doc, start: int, end: int) -> tuple[Clause, bool]:
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return clause_of(doc[0]), False
    return clause_of(span.root), after_preposition(span.root)


def _resolve(doc: Doc, match: re.Match[str], family: Family, dct: dt.date | None) -> Timex:
    clause, anchored_before = _clause_at(doc, match.start(), match.end())
    future = clause.tense is Tense.FUTURE and not anchored_before
    tense_word = "future" if future else "past"
    edtf, relative, reason = _value(match, family, dct, future, clause.tense)
    why = reason if not relative else f"{reason}; {tense_word} from the clause ({clause.cue})"
    if relative and dct is None:
        why = f"{reason}: the publication date is unknown, so it stays unresolved"
        edtf = None
    confidence = 0.95 if not relative else (0.8 if edtf else 0.4)
    return Timex(match.start(), match.end(), match.group(0), family, edtf, relative, confidence, why)


def _value(
    m: re.Match[str], family: Family, dct: dt.date | None, future: bool, tense: Tense
) -> tuple[str | None, bool, str]:
    g = m.groupdict()
    base = dct or dt.date(2000, 1, 1)
    if family is Family.RANGE:
        return _range(g, base, future, dct is None)
    if family is Family.DATE:
        return _date(m.group(0), g, base, future)
    if family is Family.MONTH_YEAR:
        return cal.month(int(g["y"]), month_number(g["m"])), False, "a month and year"
    if family is Family.MONTH:
        return _month(g, base, future, tense)
    if family is Family.YEAR:
        return g["y"], False, "a year"
    if family is Family.DAY_WORD:
        return _day_word(g["w"].lower(), base)
    if family is Family.WEEKDAY:
        return _weekday(g, base, future)
    if family is Family.UNIT:
        return _unit(g["mod"].lower(), g["unit"].lower(), base, future)
    if family is Family.VAGUE_FUTURE:
        return cal.interval(base, None), True, "a vague future: open after publication"
    if family is Family.VAGUE_PAST:
        return cal.interval(None, base), True, "a vague past: open before publication"
    return _duration(g, base)


def _range(g: dict[str, str | None], base: dt.date, future: bool, undated: bool) -> tuple[str | None, bool, str]:
    mon = month_number(str(g["m"]))
    d1, d2 = int(re.sub(r"\D", "", str(g["d1"]))), int(re.sub(r"\D", "", str(g["d2"])))
    if g["y"]:
        year, relative = int(g["y"]), False
    else:
        first = cal.month_day_near(base, mon, d1, future)
        if first is None:
            return None, True, "a day range in a month that has no such days"
        year, relative = first.year, True
    try:
        return cal.interval(dt.date(year, mon, d1), dt.date(year, mon, d2)), relative, "a range of days"
    except ValueError:
        return None, relative, "a range of days that do not exist"


def _date(text: str, g: dict[str, str | None], base: dt.date, future: bool) -> tuple[str | None, bool, str]:
    if g.get("num") or g.get("iso"):
        parsed = _parser().get_date_data(str(g.get("num") or g.get("iso")))
        if parsed.date_obj is None:
            return None, False, "a numeric date that is not a calendar date"
        return parsed.date_obj.date().isoformat(), False, "a numeric date (month first)"
    mon, day_number = month_number(str(g["m"])), int(re.sub(r"\D", "", str(g["d"])))
    if g.get("y"):
        parsed = _parser().get_date_data(f"{g['m']} {day_number} {g['y']}")
        if parsed.date_obj is None:
            return None, False, "a date that is not on the calendar"
        return parsed.date_obj.date().isoformat(), False, "a full date"
    resolved = cal.month_day_near(base, mon, day_number, future)
    if resolved is None:
        return None, True, "a month and day that do not exist"
    if g.get("wd") and _WEEKDAYS.index(str(g["wd"]).lower()) != resolved.weekday():
        # The weekday names the year: try the other side before giving up on the agreement.
        other = cal.month_day_near(base, mon, day_number, not future)
        if other is not None and _WEEKDAYS.index(str(g["wd"]).lower()) == other.weekday():
            resolved = other
    return resolved.isoformat(), True, "a month and day; the year from publication"


def _month(g: dict[str, str | None], base: dt.date, future: bool, tense: Tense) -> tuple[str | None, bool, str]:
    mod = (g.get("mod") or "").lower().split()[-1] if g.get("mod") else ""
    mon = month_number(str(g["m"]))
    if mod in ("last", "since"):
        year, _ = cal.month_near(base, mon, future=False, strict=True)
        return cal.month(year, mon), True, f"'{mod} <month>': the latest before the publication month"
    if mod in ("next", "until", "by"):
        year, _ = cal.month_near(base, mon, future=True, strict=mod == "next")
        return cal.month(year, mon), True, f"'{mod} <month>': the first after publication"
    if mod == "this":
        return cal.month(base.year, mon), True, "'this <month>': in the publication year"
    # A bare month: the clause's tense says which side; a present-tense mention ("in the run-up to November's
    # election") looks ahead, as news does.
    ahead = future or tense is Tense.PRESENT
    year, _ = cal.month_near(base, mon, future=ahead)
    return cal.month(year, mon), True, f"a month without a year: the nearest {'ahead' if ahead else 'before'}"


def _day_word(word: str, base: dt.date) -> tuple[str | None, bool, str]:
    if word == "yesterday" or word == "last night":
        return (base - cal.ONE_DAY).isoformat(), True, f"'{word}': the day before publication"
    if word == "tomorrow":
        return (base + cal.ONE_DAY).isoformat(), True, "'tomorrow': the day after publication"
    return base.isoformat(), True, f"'{word}': the publication day"


def _weekday(g: dict[str, str | None], base: dt.date, future: bool) -> tuple[str | None, bool, str]:
    weekday = _WEEKDAYS.index(str(g["wd"]).lower())
    mod = (g.get("mod") or "").lower()
    if mod in ("last", "since"):
        return cal.weekday_near(base, weekday, False, strict=True).isoformat(), True, f"'{mod} <weekday>'"
    if mod in ("next", "by", "until"):
        return cal.weekday_near(base, weekday, True, strict=mod == "next").isoformat(), True, f"'{mod} <weekday>'"
    if mod == "this":
        monday, _ = cal.week_of(base)
        return (monday + dt.timedelta(days=weekday)).isoformat(), True, "'this <weekday>': in the publication week"
    side = "the next" if future else "the last"
    return cal.weekday_near(base, weekday, future).isoformat(), True, f"a weekday: {side} one from publication"


def _unit(mod: str, unit: str, base: dt.date, future: bool) -> tuple[str | None, bool, str]:
    if unit == "weekend":
        if mod in ("next", "the coming") or (future and mod in ("this", "over the")):
            low, high = cal.weekend_after(base)
        else:
            low, high = cal.weekend_before(base)
        return cal.interval(low, high), True, f"'{mod} weekend'"
    low, high = _unit_bounds(unit, base, 0)
    if mod in ("last", "the previous", "the past", "past"):
        if mod in ("the past", "past"):
            back = {"week": 7, "month": 30, "year": 365}[unit]
            return cal.interval(base - dt.timedelta(days=back), base), True, f"'{mod} {unit}': up to publication"
        return _calendar_unit(unit, base, -1), True, f"'{mod} {unit}': the one before publication's"
    if mod in ("next", "the next", "the coming"):
        return _calendar_unit(unit, base, 1), True, f"'{mod} {unit}': the one after publication's"
    if mod in ("earlier this", "earlier in the"):
        return cal.interval(low, max(low, base - cal.ONE_DAY)), True, f"'{mod} {unit}': from its start to publication"
    if mod in ("later this", "later in the"):
        return cal.interval(min(high, base + cal.ONE_DAY), high), True, f"'{mod} {unit}': publication to its end"
    if unit == "week":
        # This week, said of something done: Monday to the publication day; of something ahead: the whole week.
        if future:
            return cal.interval(low, high), True, "'this week', ahead: the whole ISO week of publication"
        return cal.interval(low, base), True, "'this week', done: Monday to publication"
    return _calendar_unit(unit, base, 0), True, f"'{mod} {unit}': the {unit} of publication"


def _unit_bounds(unit: str, base: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    if unit == "week":
        monday, sunday = cal.week_of(base + dt.timedelta(weeks=offset))
        return monday, sunday
    if unit == "month":
        year, mon = cal.shift_months(base.year, base.month, offset)
        return cal.month_bounds(year, mon)
    return dt.date(base.year + offset, 1, 1), dt.date(base.year + offset, 12, 31)


def _calendar_unit(unit: str, base: dt.date, offset: int) -> str:
    if unit == "year":
        return str(base.year + offset)
    if unit == "month":
        year, mon = cal.shift_months(base.year, base.month, offset)
        return cal.month(year, mon)
    low, high = _unit_bounds(unit, base, offset)
    return cal.interval(low, high)


def _duration(g: dict[str, str | None], base: dt.date) -> tuple[str | None, bool, str]:
    raw = str(g["n"]).lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit, what = str(g["unit"]).lower(), str(g["what"]).lower()
    reason = f"a {count}-{unit} {what} running up to publication: when it began"
    if unit == "month":
        year, mon = cal.shift_months(base.year, base.month, -count)
        return cal.month(year, mon), True, reason
    if unit == "year":
        return str(base.year - count), True, reason
    days = count * (7 if unit == "week" else 1)
    return (base - dt.timedelta(days=days)).isoformat(), True, reason


def _anchor_year(found: list[Timex]) -> int | None:
    """Without a publication date, the one year the text's own full dates agree on, if they agree."""
    years = {t.edtf[:4] for t in found if t.edtf and not t.relative and t.family in (Family.DATE, Family.RANGE)}
    return int(years.pop()) if len(years) == 1 else None


def _open_until(timex: Timex, today: dt.date) -> Timex:
    reason = f"{timex.reason}; open, bounded only by the day of drafting"
    return Timex(timex.start, timex.end, timex.text, timex.family, f"../{today}", True, 0.3, reason)


def _with_anchor(timex: Timex, year: int) -> Timex:
    words = timex.text.lower()
    if timex.edtf is None and timex.family is Family.UNIT and words.endswith("this year"):
        reason = (
            f"'{timex.text}' without a publication date: {year}, the one year of the text's own full dates"
        )
        return Timex(timex.start, timex.end, timex.text, timex.family, str(year), True, 0.5, reason)
    return timex
