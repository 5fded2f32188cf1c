"""GDELT rows written to match (and to just miss) the seed story's events, for the corroboration tests."""

from __future__ import annotations

from pathlib import Path

from loaders.gdelt import synth as gdelt_synth
from loaders.gdelt.columns import ACTOR_BLOCKS, COL

COUNTRY_NAMES = {"USA": "UNITED STATES", "CHN": "CHINA", "RUS": "RUSSIA"}

# (GLOBALEVENTID, day, actor 1, actor 2, EventCode): which annotated events each should corroborate, if any.
ROWS = (
    (900000001, "20240402", "USA", "CHN", "041"),  # a call on a day of the Xi-Biden call and the MMCA talks' week
    (900000002, "20240405", "CHN", "USA", "046"),  # negotiation inside the talks' week only
    (900000003, "20240402", "RUS", "CHN", "041"),  # wrong country
    (900000004, "20240402", "USA", "CHN", "190"),  # fighting: no root the call or talks allow
    (900000005, "20240420", "USA", "CHN", "040"),  # after both events' bounds
    (900000006, "20221115", "USA", "CHN", "043"),  # a visit hosted in November 2022: the Austin-Wei meeting's month
)
EXPECTED = {
    "gdelt-900000001": {"xi-biden-call-2024-04", "mmca-talks-hawaii-2024-04"},
    "gdelt-900000002": {"mmca-talks-hawaii-2024-04"},
    "gdelt-900000006": {"austin-wei-meeting-2022-11"},
}


def _actor(fields: list[str], block: str, code: str) -> None:
    start = ACTOR_BLOCKS[block]
    fields[start : start + 10] = [code, COUNTRY_NAMES[code], code] + [""] * 7


def write_story_rows(path: Path) -> Path:
    template = next(gdelt_synth.generate_rows(1, seed=5)).rstrip(b"\n").decode().split("\t")
    lines = []
    for gid, day, one, two, code in ROWS:
        fields = list(template)
        fields[COL["GLOBALEVENTID"]], fields[COL["SQLDATE"]] = str(gid), day
        fields[COL["DATEADDED"]] = day + "120000"
        fields[COL["EventCode"]] = fields[COL["EventBaseCode"]] = code
        fields[COL["EventRootCode"]] = code[:2]
        fields[COL["QuadClass"]] = "4" if code.startswith("19") else "1"
        _actor(fields, "Actor1", one)
        _actor(fields, "Actor2", two)
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
