"""Synthetic GDELT 2.0 export files of any size, for measuring scale where no feed can be downloaded.

Deterministic: the same seed and arguments give byte-identical files. Realistic where it matters for loading:
61 tab-separated columns, no header; a Zipf-like skew so a few actors (and places, and news sites) are in most
events; dates over several years, with DATEADDED a little after SQLDATE; articles that report several events in a
row (adjacent rows share a SOURCEURL, as in real exports); some empty actor and geo fields; optionally a share of
malformed rows (truncated, non-numeric, impossible dates, invalid UTF-8).

Run ``python -m loaders.gdelt.synth --rows 100000 --out var/gdelt/synth-100k.export.CSV`` (``--zip`` to compress).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

from loaders.gdelt.columns import CAMEO_ROOTS, COLUMNS

# (CAMEO country code, name, FIPS country code of its capital's geo, capital, lat, long, feature id)
COUNTRIES: tuple[tuple[str, str, str, str, float, float, str], ...] = (
    ("USA", "UNITED STATES", "US", "Washington, District of Columbia, United States", 38.8951, -77.0364, "531871"),
    ("CHN", "CHINA", "CH", "Beijing, Beijing, China", 39.9289, 116.388, "-1898541"),
    ("RUS", "RUSSIA", "RS", "Moscow, Moskva, Russia", 55.7522, 37.6156, "-2960561"),
    ("GBR", "UNITED KINGDOM", "UK", "London, London, City of, United Kingdom", 51.5, -0.1167, "-2601889"),
    ("UKR", "UKRAINE", "UP", "Kyiv, Kyyiv, Misto, Ukraine", 50.4333, 30.5167, "-1044367"),
    ("ISR", "ISRAEL", "IS", "Jerusalem, Israel (general), Israel", 31.7833, 35.2167, "-797156"),
    ("IRN", "IRAN", "IR", "Tehran, Tehran, Iran", 35.75, 51.5148, "10074674"),
    ("IND", "INDIA", "IN", "New Delhi, Delhi, India", 28.6, 77.2, "-2106102"),
    ("FRA", "FRANCE", "FR", "Paris, France (general), France", 48.8667, 2.3333, "-1456928"),
    ("DEU", "GERMANY", "GM", "Berlin, Berlin, Germany", 52.5167, 13.4, "-1746443"),
    ("JPN", "JAPAN", "JA", "Tokyo, Tokyo, Japan", 35.685, 139.751, "-246227"),
    ("TWN", "TAIWAN", "TW", "Taipei, T'ai-pei, Taiwan", 25.0392, 121.525, "-2637824"),
    ("PHL", "PHILIPPINES", "RP", "Manila, Manila, Philippines", 14.6042, 120.982, "-2437790"),
    ("KOR", "SOUTH KOREA", "KS", "Seoul, Seoul-t'ukpyolsi, South Korea", 37.5664, 127.0, "-716583"),
    ("PRK", "NORTH KOREA", "KN", "Pyongyang, P'yongyang-si, North Korea", 39.0194, 125.755, "-903365"),
    ("TUR", "TURKEY", "TU", "Ankara, Ankara, Turkey", 39.9272, 32.8644, "-735861"),
    ("BRA", "BRAZIL", "BR", "Brasilia, Distrito Federal, Brazil", -15.7833, -47.9167, "-586917"),
    ("ZAF", "SOUTH AFRICA", "SF", "Pretoria, Gauteng, South Africa", -25.7069, 28.2294, "-1276974"),
    ("NGA", "NIGERIA", "NI", "Abuja, Federal Capital Territory, Nigeria", 9.0833, 7.5333, "-2005232"),
    ("AUS", "AUSTRALIA", "AS", "Canberra, Australian Capital Territory, Australia", -35.2833, 149.217, "-1563952"),
    ("CAN", "CANADA", "CA", "Ottawa, Ontario, Canada", 45.4167, -75.7, "-570760"),
    ("MEX", "MEXICO", "MX", "Mexico City, Distrito Federal, Mexico", 19.4342, -99.1386, "-1658079"),
    ("EGY", "EGYPT", "EG", "Cairo, Al Qahirah, Egypt", 30.05, 31.25, "-290692"),
    ("SAU", "SAUDI ARABIA", "SA", "Riyadh, Ar Riya?, Saudi Arabia", 24.6408, 46.7728, "-3092186"),
    ("PAK", "PAKISTAN", "PK", "Islamabad, Islamabad, Pakistan", 33.7, 73.1667, "-2767043"),
    ("VNM", "VIETNAM", "VM", "Hanoi, Ha Noi, Vietnam", 21.0333, 105.85, "-3715890"),
)
ROLE_CODES = ("GOV", "MIL", "BUS", "MED", "OPP", "COP", "JUD", "LEG", "EDU", "CVL")
FIRST = ("JOHN", "LI", "ANNA", "SERGEI", "MARIA", "AHMED", "YUKI", "DAVID", "FATIMA", "KIM", "PAUL", "ELENA", "RAJ")
LAST = ("SMITH", "WANG", "IVANOV", "GARCIA", "KHAN", "TANAKA", "MULLER", "PARK", "SILVA", "NGUYEN", "DUBOIS")
DOMAINS = (
    "reuters.com",
    "apnews.com",
    "bbc.co.uk",
    "scmp.com",
    "aljazeera.com",
    "theguardian.com",
    "nytimes.com",
    "xinhuanet.com",
    "tass.com",
    "timesofindia.indiatimes.com",
    "dw.com",
    "france24.com",
    "japantimes.co.jp",
)
WORDS = (
    "talks",
    "minister",
    "defence",
    "trade",
    "border",
    "summit",
    "protest",
    "election",
    "deal",
    "sanctions",
    "visit",
    "ceasefire",
    "court",
    "navy",
    "aid",
    "police",
    "strike",
    "port",
    "energy",
    "vote",
)
# Root -> (relative frequency in real exports, quad class, Goldstein score, sub-codes)
ROOT_PROFILE: dict[str, tuple[int, int, float, tuple[str, ...]]] = {
    "01": (18, 1, 0.0, ("010", "012", "013", "014", "015", "016", "017", "018")),
    "02": (6, 1, 3.0, ("020", "022", "023", "0231", "024", "025", "026", "027", "028")),
    "03": (6, 1, 4.0, ("030", "031", "032", "033", "036", "037", "038", "039")),
    "04": (20, 1, 1.0, ("040", "041", "042", "043", "044", "045", "046")),
    "05": (8, 1, 3.5, ("050", "051", "052", "053", "054", "055", "056", "057")),
    "06": (3, 2, 6.0, ("060", "061", "062", "063", "064")),
    "07": (3, 2, 7.0, ("070", "071", "072", "073", "074", "075")),
    "08": (3, 2, 5.0, ("080", "081", "082", "083", "084", "085", "086", "087")),
    "09": (2, 3, -2.0, ("090", "091", "092", "093", "094")),
    "10": (3, 3, -5.0, ("100", "101", "102", "103", "104", "105", "106", "107", "108")),
    "11": (6, 3, -2.0, ("110", "111", "112", "113", "114", "115", "116")),
    "12": (2, 3, -4.0, ("120", "121", "122", "123", "124", "125", "126", "127", "128", "129")),
    "13": (2, 3, -6.0, ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139")),
    "14": (2, 3, -6.5, ("140", "141", "142", "143", "144", "145")),
    "15": (1, 4, -7.2, ("150", "151", "152", "153", "154")),
    "16": (2, 4, -4.0, ("160", "161", "162", "163", "164", "165", "166")),
    "17": (5, 4, -5.0, ("170", "171", "172", "173", "174", "175")),
    "18": (4, 4, -9.0, ("180", "181", "182", "183", "184", "185", "186")),
    "19": (3, 4, -10.0, ("190", "191", "192", "193", "194", "195", "196")),
    "20": (1, 4, -10.0, ("200", "201", "202", "203", "204")),
}
assert set(ROOT_PROFILE) == set(CAMEO_ROOTS)

FIRST_EVENT_ID = 1_100_000_000
BAD_KINDS = ("truncated", "event-id", "sqldate", "goldstein", "quadclass", "no-url", "utf8")


class _Zipf:
    """Draw indexes 0..n-1 with weight 1/(i+1)^s: index 0 most often."""

    def __init__(self, n: int, s: float, rng: random.Random) -> None:
        self.rng = rng
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))

    def __call__(self) -> int:
        return bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])


def _actor_pool(rng: random.Random, size: int) -> list[tuple[str, ...]]:
    """(code, name, country, knowngroup, ethnic, rel1, rel2, type1, type2, type3), most prominent first."""
    pool: list[tuple[str, ...]] = []
    for code, name, *_ in COUNTRIES:  # bare countries first: the most frequent actors in real data
        pool.append((code, name, code, "", "", "", "", "", "", ""))
    for code, name, *_ in COUNTRIES:
        for role in ROLE_CODES[:4]:
            pool.append((code + role, name, code, "", "", "", "", role, "", ""))
    pool.append(("IGOUNO", "UNITED NATIONS", "", "UNO", "", "", "", "IGO", "", ""))
    pool.append(("IGOEEC", "EUROPEAN UNION", "", "EEC", "", "", "", "IGO", "", ""))
    while len(pool) < size:
        country = COUNTRIES[rng.randrange(len(COUNTRIES))][0]
        role = ROLE_CODES[rng.randrange(len(ROLE_CODES))]
        person = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]} {len(pool)}"
        pool.append((country + role, person, country, "", "", "", "", role, "", ""))
    return pool


def _place_pool(rng: random.Random, size: int) -> list[tuple[str, ...]]:
    """(type, fullname, country, adm1, adm2, lat, long, featureid)."""
    pool: list[tuple[str, ...]] = []
    for _code, _name, fips, capital, lat, lon, feature in COUNTRIES:
        pool.append(("4", capital, fips, f"{fips}01", "", f"{lat:.4f}", f"{lon:.4f}", feature))
    for _code, name, fips, *_ in COUNTRIES:
        pool.append(("1", name.title(), fips, fips, "", "", "", fips))
    while len(pool) < size:
        _c, name, fips, _cap, lat, lon, _f = COUNTRIES[rng.randrange(len(COUNTRIES))]
        n = len(pool)
        pool.append(
            (
                "4",
                f"Town {n}, Province {n % 40}, {name.title()}",
                fips,
                f"{fips}{n % 40:02d}",
                f"{n % 977}",
                f"{lat + rng.uniform(-3, 3):.4f}",
                f"{lon + rng.uniform(-3, 3):.4f}",
                str(-(n * 7919 % 9_000_000)),
            )
        )
    return pool


def generate_rows(
    rows: int,
    *,
    seed: int = 42,
    start: dt.date = dt.date(2019, 1, 1),
    years: int = 5,
    bad_rate: float = 0.0,
    actors: int | None = None,
) -> Iterator[bytes]:
    """``rows`` export lines (bytes, newline included). About ``bad_rate`` of them are malformed."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    actor_pool = _actor_pool(rng, actors or max(200, min(50_000, rows // 20)))
    place_pool = _place_pool(rng, max(100, min(20_000, rows // 50)))
    pick_actor, pick_place = _Zipf(len(actor_pool), 1.1, rng), _Zipf(len(place_pool), 1.0, rng)
    pick_domain = _Zipf(len(DOMAINS), 1.2, rng)
    roots = list(ROOT_PROFILE)
    root_cum = list(itertools.accumulate(ROOT_PROFILE[r][0] for r in roots))
    days = (start.replace(year=start.year + years) - start).days
    empty_actor = ("",) * 10
    empty_geo = ("",) * 8
    url, url_left, added = "", 0, dt.datetime(start.year, start.month, start.day)
    for i in range(rows):
        if url_left == 0:  # a new article, recorded by GDELT in one 15-minute update, reporting 1-8 events
            day0 = start + dt.timedelta(days=int(days * (rng.random() ** 0.8)))  # more events in later years
            added = dt.datetime(day0.year, day0.month, day0.day) + dt.timedelta(minutes=15 * rng.randrange(96))
            url_left = 1 + int(rng.expovariate(0.45)) % 8
            words = "-".join(WORDS[rng.randrange(len(WORDS))] for _ in range(4))
            url = f"https://www.{DOMAINS[pick_domain()]}/{added:%Y/%m/%d}/{words}-{i}.html"
        url_left -= 1
        # Most events are of the article's day; some are of the days before it.
        day = added.date() - dt.timedelta(days=0 if rng.random() < 0.7 else int(rng.expovariate(0.2)))
        root = roots[bisect.bisect_left(root_cum, rng.random() * root_cum[-1])]
        _weight, quad, goldstein, codes = ROOT_PROFILE[root]
        code = codes[rng.randrange(len(codes))]
        a1 = actor_pool[pick_actor()] if rng.random() > 0.08 else empty_actor
        a2 = actor_pool[pick_actor()] if rng.random() > 0.25 else empty_actor
        place = place_pool[pick_place()] if rng.random() > 0.1 else empty_geo
        a1geo = place if a1[0] else empty_geo
        a2geo = place_pool[pick_place()] if a2[0] else empty_geo
        mentions = 1 + int(rng.expovariate(0.3))
        sources = 1 + min(mentions - 1, int(rng.expovariate(1.5)))
        fields = [
            str(FIRST_EVENT_ID + i),
            f"{day:%Y%m%d}",
            f"{day:%Y%m}",
            f"{day:%Y}",
            f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
            *a1,
            *a2,
            "1" if rng.random() < 0.6 else "0",
            code,
            code[:3],
            root,
            str(quad),
            f"{goldstein:.1f}",
            str(mentions),
            str(sources),
            str(mentions),
            f"{rng.gauss(-2.0, 3.5):.10f}",
            *a1geo,
            *a2geo,
            *place,
            f"{added:%Y%m%d%H%M%S}",
            url,
        ]
        assert len(fields) == len(COLUMNS)
        line = "\t".join(fields).encode("utf-8")
        if bad_rate and rng.random() < bad_rate:
            line = _spoil(line, fields, BAD_KINDS[rng.randrange(len(BAD_KINDS))])
        yield line + b"\n"


def _spoil(line: bytes, fields: list[str], kind: str) -> bytes:
    f = list(fields)
    if kind == "truncated":
        return "\t".join(f[:40]).encode()
    if kind == "utf8":  # a stray Latin-1 byte in Actor1Name: repaired and loaded, not skipped
        parts = [x.encode() for x in f]
        parts[6] += b" S\xe3o"
        return b"\t".join(parts)
    index, value = {
        "event-id": (0, "12a45"),
        "sqldate": (1, f[1][:4] + "1340"),
        "goldstein": (30, "n/a"),
        "quadclass": (29, "7"),
        "no-url": (60, ""),
    }[kind]
    f[index] = value
    return "\t".join(f).encode()


def write_file(
    path: Path, rows: int, *, seed: int = 42, bad_rate: float = 0.0, zipped: bool = False, years: int = 5
) -> Path:
    """Write ``rows`` rows to ``path`` (a zip holding one ``.export.CSV`` when ``zipped``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = generate_rows(rows, seed=seed, bad_rate=bad_rate, years=years)
    if zipped:
        inner = path.name.removesuffix(".zip")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive, archive.open(inner, "w") as out:
            for line in lines:
                out.write(line)
    else:
        with open(path, "wb") as out:
            out.writelines(lines)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--bad-rate", type=float, default=0.0, help="share of malformed rows, e.g. 0.001")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--zip", action="store_true", help="write a .zip holding the .export.CSV")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_file(args.out, args.rows, seed=args.seed, bad_rate=args.bad_rate, zipped=args.zip, years=args.years)


if __name__ == "__main__":
    main()
