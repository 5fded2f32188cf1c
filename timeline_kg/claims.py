"""What the graph believes about a node, derived from what each source claims about it.

Every annotated source states its own version of an event, entity or tenure (a *claim*: its date, status, title,
name, aliases ...). The node's own properties are derived from all its claims by the pure functions here, the same
for both stores and for "as known on a day" reads (which derive from the claims of sources published by then):

- an event's date is the intersection of its claims' bounds, at the precision the intersection supports; claims that
  share no day give their hull and mark the event ``conflicting`` (every claim is kept);
- its status: ``occurred`` from any source wins (something that happened stays happened); otherwise the claim of
  the latest-published source (a later report supersedes an earlier plan), cancelled before planned before expected
  among sources published the same day;
- title, kind, place, name, description: the defining source's, else the earliest-published source's that gives one;
  aliases are the union;
- corroboration: independent sources, republications of one original counted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from timeline_kg.graph_model import Label
from timeline_kg.temporal import narrow, parse_timespan

# Property names of a claim (a CLAIMED_BY relationship) that are bookkeeping, not the node's properties.
CLAIM_META = ("key", "defines", "quote", "quoteStart", "quoteEnd")
_STATUS_RANK = {"occurred": 3, "cancelled": 2, "planned": 1, "expected": 0}


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's statement about one node."""

    source: str
    published: dt.date | None  # None: the source's publication day is unknown
    origin: str  # the original release the source reproduces (its own id when it is the original)
    props: Mapping[str, Any]  # the properties the source gives the node (dates as EDTF and bounds)

    @property
    def defines(self) -> bool:
        return bool(self.props.get("defines"))


def claim_order(c: Claim) -> tuple[int, dt.date, str]:
    """Definer first, then by publication (unknown last), then source id: a stable order no load order changes."""
    return (0 if c.defines else 1, c.published or dt.date.max, c.source)


def known_at(claims: Iterable[Claim], day: dt.date) -> list[Claim]:
    """The claims of sources published on or before ``day`` (unknown publication excluded)."""
    return [c for c in claims if c.published is not None and c.published <= day]


def corroboration(claims: Iterable[Claim]) -> int:
    """How many independent sources make these claims: republications of one original count once."""
    return len({c.origin for c in claims})


def _first(claims: Sequence[Claim], name: str) -> Any:
    return next((c.props[name] for c in claims if c.props.get(name) is not None), None)


def derive(label: Label, claims: Sequence[Claim]) -> dict[str, Any]:
    """The node's properties from its claims (at least one). Keys with ``None`` are absent properties."""
    ordered = sorted(claims, key=claim_order)
    common = {"sources": sorted({c.source for c in ordered})}
    if label is Label.EVENT:
        return common | derive_event(ordered)
    if label is Label.ENTITY:
        aliases: list[str] = []
        for c in ordered:
            aliases += [a for a in c.props.get("aliases") or [] if a not in aliases]
        return common | {
            "name": _first(ordered, "name"),
            "kind": _first(ordered, "kind"),
            "aliases": aliases,
            "description": _first(ordered, "description"),
            "note": _first(ordered, "note"),
        }
    if label is Label.TENURE:
        names = ["title", "note"] + [f"{p}{s}" for p in ("start", "end") for s in ("", "Lower", "Upper", "Precision")]
        return common | {name: _first(ordered, name) for name in names}
    raise ValueError(f"{label} nodes carry no claims")


def derive_event(ordered: Sequence[Claim]) -> dict[str, Any]:
    """An event's properties from its claims, already in :func:`claim_order`."""
    spans = [parse_timespan(str(c.props["date"])) for c in ordered]
    narrowed = narrow(spans)
    span = narrowed.span
    # The words of the claim that dates it alone, when one does; otherwise every claim's words.
    alone = [c for c, s in zip(ordered, spans, strict=True) if (s.lower, s.upper) == (span.lower, span.upper)]
    texts = [str(c.props["dateText"]) for c in (alone[:1] or ordered)]
    return {
        "title": _first(ordered, "title"),
        "kind": _first(ordered, "kind"),
        "status": derive_status(ordered),
        "note": _first(ordered, "note"),
        # That claim's own EDTF when one dates it alone (../2022-11 stays as written), else the bounds' own.
        "date": str(alone[0].props["date"]) if alone else span.edtf,
        "dateLower": span.lower,
        "dateUpper": span.upper,
        "datePrecision": span.precision.value,
        "dateText": "; ".join(dict.fromkeys(texts)),
        "conflicting": narrowed.conflicting,
        "claimCount": len(ordered),
        "corroboration": corroboration(ordered),
    }


def derive_status(claims: Sequence[Claim]) -> str:
    statuses = [str(c.props["status"]) for c in claims]
    if "occurred" in statuses:
        return "occurred"
    latest = max((c.published or dt.date.min) for c in claims)
    newest = [str(c.props["status"]) for c in claims if (c.published or dt.date.min) == latest]
    return max(newest, key=lambda s: _STATUS_RANK.get(s, -1))


def date_conflicts(claims: Sequence[Claim]) -> bool:
    """Whether the claims' dates share no day."""
    return narrow([parse_timespan(str(c.props["date"])) for c in claims]).conflicting
