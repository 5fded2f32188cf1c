"""The GDELT 2.0 event table: its 61 columns in file order, and the small code tables the loader needs.

Column order follows the GDELT 2.0 Event Codebook (the ``*.export.CSV`` files: tab-separated, no header row,
no quoting). CAMEO root codes and quad classes follow the CAMEO manual as GDELT uses it.
"""

from __future__ import annotations

from typing import Final

from timeline_kg.annotation import EventKind

COLUMNS: Final[tuple[str, ...]] = (
    # event id and date
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    # actor 1
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    # actor 2
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    # event action
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    # actor 1 geography
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    # actor 2 geography
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    # action geography: where the event took place
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    # data management
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

# Index of every column by name: ``COL["SQLDATE"] == 1``.
COL: Final[dict[str, int]] = {name: i for i, name in enumerate(COLUMNS)}

# The two actors' column blocks start here; offsets inside a block are the same for both.
ACTOR_BLOCKS: Final[dict[str, int]] = {"Actor1": COL["Actor1Code"], "Actor2": COL["Actor2Code"]}

# CAMEO event root codes (the first two digits of EventCode).
CAMEO_ROOTS: Final[dict[str, str]] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

QUAD_CLASSES: Final[dict[int, str]] = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

# CAMEO root -> the project's event kind. The vocabulary is coarser than CAMEO, so the mapping is lossy on
# purpose; every GDELT event also keeps `cameoCode`, `cameoRoot` and `cameoName`, which say exactly what it was.
# Words (statements, appeals, demands, threats) are statements; physical acts without a closer kind are incidents.
ROOT_KINDS: Final[dict[str, EventKind]] = {
    "01": EventKind.STATEMENT,
    "02": EventKind.STATEMENT,
    "03": EventKind.STATEMENT,
    "04": EventKind.MEETING,
    "05": EventKind.STATEMENT,
    "06": EventKind.AGREEMENT,
    "07": EventKind.INCIDENT,
    "08": EventKind.INCIDENT,
    "09": EventKind.INCIDENT,
    "10": EventKind.STATEMENT,
    "11": EventKind.STATEMENT,
    "12": EventKind.STATEMENT,
    "13": EventKind.STATEMENT,
    "14": EventKind.INCIDENT,
    "15": EventKind.INCIDENT,
    "16": EventKind.SUSPENSION,
    "17": EventKind.INCIDENT,
    "18": EventKind.CLASH,
    "19": EventKind.CLASH,
    "20": EventKind.CLASH,
}

# Finer CAMEO codes where our vocabulary has a closer word than the root's.
CODE_KINDS: Final[dict[str, EventKind]] = {
    "041": EventKind.CALL,  # discuss by telephone
    "042": EventKind.VISIT,  # make a visit
    "043": EventKind.VISIT,  # host a visit
    "046": EventKind.TALKS,  # engage in negotiation
    "057": EventKind.AGREEMENT,  # sign formal agreement
    "161": EventKind.SUSPENSION,  # reduce or break diplomatic relations
}


def event_kind(event_code: str, root: str) -> EventKind:
    """The project's kind for a CAMEO code: the closest finer code, else the root's."""
    return CODE_KINDS.get(event_code[:3], ROOT_KINDS[root])
