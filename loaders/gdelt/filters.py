"""Which rows a load keeps: the slice an analyst studies (actors' countries or codes, CAMEO codes, quad classes,
Goldstein range, dates). Applied to each parsed record before it is batched, so nothing filtered out is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.gdelt.columns import CAMEO_ROOTS, QUAD_CLASSES
from loaders.gdelt.parse import Record


class FilterError(ValueError):
    """A filter option that cannot be understood; the message names the option and the value."""


@dataclass(frozen=True, slots=True)
class RowFilter:
    """Every condition given must hold (AND); within one condition any listed value will do (OR).

    ``actor_countries`` and ``actor_codes`` match an actor's country code (Actor1CountryCode) or CAMEO actor
    code (Actor1Code); by default either actor may match, with ``both_actors`` both must (so USA,CHN with both
    actors keeps US-China, China-US, and also US-US and China-China events). ``cameo_codes`` are prefixes of the
    event code (``042`` keeps 042 and 0421); dates are the event's day (SQLDATE), both ends included.
    """

    actor_countries: frozenset[str] = frozenset()
    actor_codes: frozenset[str] = frozenset()
    both_actors: bool = False
    cameo_codes: tuple[str, ...] = ()
    cameo_roots: frozenset[str] = frozenset()
    quad_classes: frozenset[int] = frozenset()
    goldstein_min: float | None = None
    goldstein_max: float | None = None
    date_from: str | None = None  # ISO days: records carry their day as ISO text, which sorts like the date
    date_to: str | None = None

    @property
    def active(self) -> bool:
        return self != RowFilter()

    def keeps(self, record: Record) -> bool:
        event = record.event
        if self.date_from is not None and event["date"] < self.date_from:
            return False
        if self.date_to is not None and event["date"] > self.date_to:
            return False
        if self.cameo_roots and event["cameoRoot"] not in self.cameo_roots:
            return False
        if self.cameo_codes and not event["cameoCode"].startswith(self.cameo_codes):
            return False
        if self.quad_classes and event["quadClass"] not in self.quad_classes:
            return False
        if self.goldstein_min is not None and event["goldstein"] < self.goldstein_min:
            return False
        if self.goldstein_max is not None and event["goldstein"] > self.goldstein_max:
            return False
        if self.actor_countries and not self._actors_match(record, "countryCode", self.actor_countries):
            return False
        return not self.actor_codes or self._actors_match(record, "gdeltCode", self.actor_codes)

    def _actors_match(self, record: Record, key: str, wanted: frozenset[str]) -> bool:
        values = [actor[key] for actor, _role in record.actors]
        if self.both_actors:
            return len(values) == 2 and all(v in wanted for v in values)
        return any(v in wanted for v in values)


def _codes(option: str, text: str | None) -> list[str]:
    if text is None:
        return []
    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    if not codes:
        raise FilterError(f"{option}: no value in {text!r}; give a comma-separated list")
    return codes


def _day(option: str, text: str | None) -> str | None:
    if text is None:
        return None
    value = text.strip()
    try:
        day = dt.date.fromisoformat(value) if "-" in value else dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise FilterError(f"{option}: {text!r} is not a day (YYYY-MM-DD or YYYYMMDD)") from None
    return day.isoformat()


def _goldstein(text: str | None) -> tuple[float | None, float | None]:
    if text is None:
        return None, None
    low_text, sep, high_text = text.partition(":")
    if not sep:
        raise FilterError(f"--goldstein: {text!r} is not MIN:MAX (either side may be empty: -10:0, 5:)")
    try:
        low = float(low_text) if low_text.strip() else None
        high = float(high_text) if high_text.strip() else None
    except ValueError:
        raise FilterError(f"--goldstein: {text!r} is not MIN:MAX with numbers") from None
    for bound in (low, high):
        if bound is not None and not -10.0 <= bound <= 10.0:
            raise FilterError(f"--goldstein: {bound} is outside the scale's -10..10")
    if low is not None and high is not None and low > high:
        raise FilterError(f"--goldstein: {text!r} has MIN above MAX")
    return low, high


def build_filter(
    *,
    actor_country: str | None = None,
    actor_code: str | None = None,
    both_actors: bool = False,
    cameo_code: str | None = None,
    cameo_root: str | None = None,
    quad_class: str | None = None,
    goldstein: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> RowFilter:
    """A filter from the command line's texts (comma-separated lists); :class:`FilterError` says what is wrong."""
    roots = [r.zfill(2) for r in _codes("--cameo-root", cameo_root)]
    unknown_roots = [r for r in roots if r not in CAMEO_ROOTS]
    if unknown_roots:
        raise FilterError(f"--cameo-root: {', '.join(unknown_roots)} not a CAMEO root (01-20)")
    codes = _codes("--cameo-code", cameo_code)
    if any(not c.isdigit() or len(c) < 2 for c in codes):
        raise FilterError(f"--cameo-code: {cameo_code!r} must be CAMEO codes of two to four digits")
    quads_text = _codes("--quad-class", quad_class)
    if any(q not in {str(k) for k in QUAD_CLASSES} for q in quads_text):
        raise FilterError(f"--quad-class: {quad_class!r} must be among 1, 2, 3, 4")
    low, high = _goldstein(goldstein)
    start, end = _day("--from", date_from), _day("--to", date_to)
    if start is not None and end is not None and start > end:
        raise FilterError(f"--from {date_from} is after --to {date_to}")
    countries, actor_codes = _codes("--actor-country", actor_country), _codes("--actor-code", actor_code)
    if both_actors and not (countries or actor_codes):
        raise FilterError("--both-actors needs --actor-country or --actor-code")
    return RowFilter(
        actor_countries=frozenset(countries),
        actor_codes=frozenset(actor_codes),
        both_actors=both_actors,
        cameo_codes=tuple(codes),
        cameo_roots=frozenset(roots),
        quad_classes=frozenset(int(q) for q in quads_text),
        goldstein_min=low,
        goldstein_max=high,
        date_from=start,
        date_to=end,
    )
