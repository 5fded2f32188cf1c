"""One GDELT export row, checked and mapped: the maps it contributes to each write, or why it is bad.

Real exports repeat the same few actors, places, days and timestamps over and over, so the maps are memoised
(capped); a record's entity and source maps are shared between records and must not be mutated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from loaders.gdelt.columns import ACTOR_BLOCKS, CAMEO_ROOTS, COL, COLUMNS, QUAD_CLASSES, event_kind
from timeline_kg.annotation import EntityKind, EventStatus, Role

ROLE_OF_ACTOR = {"Actor1": Role.INITIATOR.value, "Actor2": Role.TARGET.value}

_N = len(COLUMNS)
_C = COL
_SLUG = re.compile(r"[^a-z0-9]+")


class Reason(StrEnum):
    """Why a row was skipped: the keys of the summary's skipped-by-reason counts."""

    COLUMNS = "wrong number of columns"
    EVENT_ID = "bad GLOBALEVENTID"
    SQLDATE = "bad SQLDATE"
    DATEADDED = "bad DATEADDED"
    CAMEO = "bad CAMEO code"
    QUAD_CLASS = "bad QuadClass"
    NUMBER = "bad number"
    NO_SOURCE = "empty SOURCEURL"


class BadRow(ValueError):
    """A row that cannot be loaded; ``line`` is 1-based in the (uncompressed) file."""

    def __init__(self, reason: Reason, detail: str, path: Path | None = None, line: int = 0) -> None:
        self.reason, self.detail, self.path, self.line = reason, detail, path, line
        super().__init__(str(self))

    def at(self, path: Path, line: int) -> BadRow:
        return BadRow(self.reason, self.detail, path, line)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path else ""
        return f"{where}{self.reason.value}: {self.detail}"


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def actor_id(code: str, name: str) -> str:
    """``gdelt-actor-<code>-<name>``: the CAMEO code says what kind of actor (USAGOV), the name which one
    (BARACK OBAMA): one code covers many named actors, one name may act under several codes."""
    return f"gdelt-actor-{slug(code) or 'nocode'}-{slug(name) or 'noname'}"


def place_id(feature_id: str, full_name: str) -> str:
    """``gdelt-place-<FeatureID>`` (a GNS/GNIS feature id, or an ADM1/country code for coarse places)."""
    return f"gdelt-place-{slug(feature_id) or 'name-' + slug(full_name)}"


def source_id(url: str) -> str:
    return "gdelt-src-" + hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _int(value: str, what: str, reason: Reason = Reason.NUMBER) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadRow(reason, f"{what} is {value!r}, not an integer") from None


def _float(value: str, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BadRow(Reason.NUMBER, f"{what} is {value!r}, not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise BadRow(Reason.NUMBER, f"{what} is {value!r}, not a finite number")
    return number


def _opt_float(value: str, what: str) -> float | None:
    return _float(value, what) if value else None


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A capped memo: real exports repeat the same few actors, places, days and timestamps over and over."""

    def __init__(self, cap: int = 50_000) -> None:
        super().__init__()
        self.cap = cap

    def put(self, key: _K, value: _V) -> _V:
        if len(self) >= self.cap:
            self.clear()
        self[key] = value
        return value


_days: _Memo[str, str] = _Memo()
_times: _Memo[str, str] = _Memo()
_actors: _Memo[tuple[str, ...], dict[str, Any]] = _Memo()
_places: _Memo[tuple[str, ...], dict[str, Any]] = _Memo()
_sources: _Memo[str, dict[str, Any]] = _Memo(1_000)


# Dates travel as ISO text and become Date/DateTime values in Cypher (date(), datetime()): the driver's
# per-value temporal packing costs more client CPU than everything else in a row put together.


def _sqldate(value: str) -> str:
    """SQLDATE (YYYYMMDD) as an ISO day, checked to be a real day."""
    day: str | None = _days.get(value)
    if day is not None:
        return day
    if len(value) != 8 or not value.isdigit():
        raise BadRow(Reason.SQLDATE, f"SQLDATE is {value!r}, not YYYYMMDD")
    try:
        iso = dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        raise BadRow(Reason.SQLDATE, f"SQLDATE {value!r} is not a real day") from None
    return _days.put(value, iso)


def _dateadded(value: str) -> str:
    """DATEADDED (YYYYMMDDHHMMSS, UTC) as an ISO instant, checked to be a real time."""
    stamp: str | None = _times.get(value)
    if stamp is not None:
        return stamp
    if len(value) != 14 or not value.isdigit():
        raise BadRow(Reason.DATEADDED, f"DATEADDED is {value!r}, not YYYYMMDDHHMMSS")
    try:
        moment = dt.datetime(
            int(value[:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            int(value[10:12]),
            int(value[12:]),
            tzinfo=dt.UTC,
        )
    except ValueError:
        raise BadRow(Reason.DATEADDED, f"DATEADDED {value!r} is not a real time") from None
    return _times.put(value, moment.isoformat().replace("+00:00", "Z"))


@dataclass(slots=True)
class Record:
    """One parsed row: the rows it contributes to each write statement. Entity and source maps are shared
    between records (memoised): never mutate them."""

    event: dict[str, Any]
    source: dict[str, Any]
    actors: list[tuple[dict[str, Any], str]]  # (actor row, role)
    place: dict[str, Any] | None


_COUNTRY, _ORGANISATION = EntityKind.COUNTRY.value, EntityKind.ORGANISATION.value
_OCCURRED = EventStatus.OCCURRED.value
_KINDS: dict[tuple[str, str], str] = {}  # (first three digits of EventCode, root) -> kind, filled as met
_QUADS = {str(k): (k, v) for k, v in QUAD_CLASSES.items()}
_A1, _A2 = ACTOR_BLOCKS["Actor1"], ACTOR_BLOCKS["Actor2"]
_ROLE1, _ROLE2 = ROLE_OF_ACTOR["Actor1"], ROLE_OF_ACTOR["Actor2"]
(_IS_ROOT, _CODE, _ROOT, _QUAD, _GOLD, _MENTIONS, _NSOURCES, _NARTICLES, _TONE) = (
    _C[c]
    for c in (
        "IsRootEvent",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
)
_GEO = _C["ActionGeo_Type"]
_ADDED, _URL = _C["DATEADDED"], _C["SOURCEURL"]


def _actor(f: list[str], i: int) -> dict[str, Any] | None:
    key = tuple(f[i : i + 10])
    entity: dict[str, Any] | None = _actors.get(key)
    if entity is not None:
        return entity
    code, name, country = key[0], key[1], key[2]
    if not code and not name:
        return None
    is_country = bool(country) and code == country
    ident = actor_id(code, name)
    return _actors.put(
        key,
        {
            "id": ident,
            "isCountry": is_country,  # :Country if the actor is a bare country code, else :Organisation
            "name": name or code,
            "kind": _COUNTRY if is_country else _ORGANISATION,
            "gdeltCode": code or None,
            "countryCode": country or None,
            "knownGroupCode": key[3] or None,
            "ethnicCode": key[4] or None,
            "religion1Code": key[5] or None,
            "religion2Code": key[6] or None,
            "type1Code": key[7] or None,
            "type2Code": key[8] or None,
            "type3Code": key[9] or None,
        },
    )


def _place(f: list[str]) -> dict[str, Any] | None:
    key = tuple(f[_GEO : _GEO + 8])
    place: dict[str, Any] | None = _places.get(key)
    if place is not None:
        return place
    geo_type, full_name, country, adm1, adm2, lat, long, feature = key
    if not feature and not full_name:
        return None
    ident = place_id(feature, full_name)
    return _places.put(
        key,
        {
            "id": ident,
            "name": full_name or feature,
            "geoType": _int(geo_type, "ActionGeo_Type") if geo_type else None,
            "countryCode": country or None,
            "adm1Code": adm1 or None,
            "adm2Code": adm2 or None,
            "lat": _opt_float(lat, "ActionGeo_Lat"),
            "long": _opt_float(long, "ActionGeo_Long"),
            "featureId": feature or None,
        },
    )


def _source(url: str) -> dict[str, Any]:
    source: dict[str, Any] | None = _sources.get(url)
    if source is not None:
        return source
    sid = source_id(url)
    is_url = url.startswith(("http://", "https://"))
    return _sources.put(
        url,
        {
            "id": sid,
            "url": url if is_url else None,
            "citation": None if is_url else url,  # GDELT cites some sources by name (e.g. "BBC Monitoring")
            "publisher": url.split("/", 3)[2] if is_url and url.count("/") >= 2 else None,
            "title": None,
        },
    )


def parse_fields(f: list[str]) -> Record:
    """One row's fields (already split on tabs) into a :class:`Record`; :class:`BadRow` says why not."""
    if len(f) != _N:
        raise BadRow(Reason.COLUMNS, f"expected {_N} tab-separated columns, got {len(f)}")
    gid = f[0]
    if not gid.isdigit():
        raise BadRow(Reason.EVENT_ID, f"GLOBALEVENTID is {gid!r}, not a positive integer")
    day = _sqldate(f[1])
    recorded = _dateadded(f[_ADDED])
    code, root = f[_CODE], f[_ROOT]
    if root not in CAMEO_ROOTS or not code.isdigit() or not code.startswith(root):
        raise BadRow(Reason.CAMEO, f"EventCode {code!r} / EventRootCode {root!r} is not a CAMEO code")
    quad = _QUADS.get(f[_QUAD])
    if quad is None:
        raise BadRow(Reason.QUAD_CLASS, f"QuadClass is {f[_QUAD]!r}, not 1-4")
    url = f[_URL].strip()
    if not url:
        raise BadRow(Reason.NO_SOURCE, "SOURCEURL is empty: the event would have no provenance")
    goldstein = _float(f[_GOLD], "GoldsteinScale")
    if not -10.0 <= goldstein <= 10.0:
        raise BadRow(Reason.NUMBER, f"GoldsteinScale {goldstein} is outside -10..10")
    tone = _float(f[_TONE], "AvgTone")
    mentions = _int(f[_MENTIONS], "NumMentions")
    n_sources = _int(f[_NSOURCES], "NumSources")
    articles = _int(f[_NARTICLES], "NumArticles")

    actor1, actor2 = _actor(f, _A1), _actor(f, _A2)
    actors = []
    if actor1 is not None:
        actors.append((actor1, _ROLE1))
    if actor2 is not None:
        actors.append((actor2, _ROLE2))
    place = _place(f)
    source = _source(url)
    kind = _KINDS.get((code[:3], root))
    if kind is None:
        kind = _KINDS[(code[:3], root)] = event_kind(code, root).value
    cameo_name = CAMEO_ROOTS[root]
    # GDELT has no headline: "UNITED STATES – Consult – CHINA" says who did what to whom.
    title = cameo_name
    if actor1 is not None:
        title = actor1["name"] + " – " + title
    if actor2 is not None:
        title = title + " – " + actor2["name"]
    event_id = "gdelt-" + gid
    event = {
        "id": event_id,
        "source": source["id"],
        "title": title,
        "kind": kind,
        "status": _OCCURRED,
        "date": day,  # EDTF day; dateLower = dateUpper = this day, set in Cypher
        "dateText": f[1],
        "datePrecision": "day",
        "recordedAt": recorded,
        "isRootEvent": f[_IS_ROOT] == "1",
        "cameoCode": code,
        "cameoRoot": root,
        "cameoName": cameo_name,
        "quadClass": quad[0],
        "goldstein": goldstein,
        "avgTone": tone,
        "numMentions": mentions,
        "numSources": n_sources,
        "numArticles": articles,
    }
    event["actors"] = [{"actor": actor["id"], "role": role} for actor, role in actors]
    event["place"] = place["id"] if place is not None else None
    return Record(event, source, actors, place)


def parse_line(raw: bytes) -> tuple[Record, bool]:
    """A raw line (without its newline) into a record, and whether its bytes had to be repaired."""
    try:
        text, repaired = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        text, repaired = raw.decode("utf-8", errors="replace"), True
    return parse_fields(text.split("\t")), repaired
