"""How good are `timeline-kg draft`'s drafts? Draft every text that has a hand annotation and score the draft.

For each annotated source (default: data/sources/*.yaml) the text is drafted with the publication date the
annotation uses (the capture's PUBLISHED line, or the annotation's own date when the text has no header), linking
against every OTHER annotated source (leave one out: a text is never linked against its own annotation). Scores:

- temporal expressions, against two truths: the annotation's event dates whose `date_text` is found verbatim in
  the body, and bench/draft_truth/readout-dates.yaml (the capture notes' list of expressions and dates): span
  found; EDTF exactly right; drafted bounds contain the true ones;
- entities (people, organisations, countries, places, offices): found; linked to the right id, of those the
  other sources already know;
- events: a drafted event matches an annotated one when their dates overlap and they share a participant (or,
  with no participants annotated, their evidence overlaps): recall, precision; status right among matches;
- seconds per article, after the pipeline has loaded once (its load time is printed apart).

Prints a table per text and overall; writes JSON (--json, default bench/results/draft_eval.json).

    .venv/bin/python bench/draft_eval.py [FILES...] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders.annotated import LoadedSource, read_annotation  # noqa: E402
from loaders.draft import known as known_module  # noqa: E402
from loaders.draft.article import read_article  # noqa: E402
from loaders.draft.drafter import Draft, Drafter  # noqa: E402
from loaders.draft.entities import DraftEntity  # noqa: E402
from loaders.draft.timexes import Timex  # noqa: E402
from timeline_kg.settings import BUNDLED_SOURCES, get_settings  # noqa: E402
from timeline_kg.temporal import DateError, TimeSpan, parse_timespan  # noqa: E402

TRUTH = Path(__file__).resolve().parent / "draft_truth" / "readout-dates.yaml"
ENTITY_KINDS = {"person", "organisation", "country", "place", "office"}


@dataclass
class Counts:
    found: int = 0
    total: int = 0

    def rate(self) -> float | None:
        return None if self.total == 0 else self.found / self.total


@dataclass
class TextScore:
    text: str
    timex_found: Counts = field(default_factory=Counts)
    timex_exact: Counts = field(default_factory=Counts)
    timex_bounds: Counts = field(default_factory=Counts)
    notes_found: Counts = field(default_factory=Counts)
    notes_exact: Counts = field(default_factory=Counts)
    notes_bounds: Counts = field(default_factory=Counts)
    notes_left_open: Counts = field(default_factory=Counts)
    entities_found: Counts = field(default_factory=Counts)
    entities_linked: Counts = field(default_factory=Counts)
    events_recall: Counts = field(default_factory=Counts)
    events_precision: Counts = field(default_factory=Counts)
    status_right: Counts = field(default_factory=Counts)
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process's CPU time: what a busy shared machine inflates least
    misses: list[str] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="annotated sources (default: data/sources/*.yaml)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "draft_eval.json")
    parser.add_argument("--misses", action="store_true", help="list what each draft missed")
    args = parser.parse_args()
    files = args.files or sorted(BUNDLED_SOURCES.glob("*.yaml"))
    gold = [read_annotation(path) for path in files]
    truth = yaml.safe_load(TRUTH.read_text(encoding="utf-8"))
    began = time.perf_counter()
    drafter = Drafter(get_settings().spacy_pipeline)
    drafter.draft(read_article(gold[0].path.parent / gold[0].annotation.source.text), known_module.Knowledge())
    load_seconds = time.perf_counter() - began
    scores = [_score_text(drafter, source, files, truth) for source in gold]
    overall = _overall(scores)
    _print_table([*scores, overall], load_seconds)
    if args.misses:
        for score in scores:
            for miss in score.misses:
                print(f"  {score.text}: {miss}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"pipeline": drafter.pipeline_name, "load_seconds": load_seconds,
               "texts": [_as_json(s) for s in scores], "overall": _as_json(overall)}  # fmt: skip
    args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"JSON: {args.json}")


def _score_text(drafter: Drafter, gold: LoadedSource, files: list[Path], truth: dict[str, Any]) -> TextScore:
    meta = gold.annotation.source
    text_path = gold.path.parent / meta.text
    article = read_article(text_path)
    if article.published is None and meta.published is not None and "PUBLISHED:" not in article.text[:300]:
        article = read_article(text_path, meta.published.isoformat())  # no header: the annotator's date
    others = [f for f in files if f.resolve() != gold.path.resolve()]
    knowledge = known_module.from_sources(others)
    began, began_cpu = time.perf_counter(), time.process_time()
    draft = drafter.draft(article, knowledge)
    score = TextScore(text_path.name, seconds=time.perf_counter() - began, cpu_seconds=time.process_time() - began_cpu)
    _score_annotation_dates(score, gold, draft)
    _score_note_dates(score, gold, draft, truth.get(text_path.name, []))
    mapping = _score_entities(score, gold, draft, {e.id for e in knowledge.entities})
    _score_events(score, gold, draft, mapping)
    return score


# ------------------------------------------------------------------------------------------------ dates


def _span(value: str | None) -> TimeSpan | None:
    if not value:
        return None
    try:
        return parse_timespan(value)
    except DateError:
        return None


def _contains(outer: TimeSpan | None, inner: TimeSpan | None) -> bool:
    if outer is None or inner is None:
        return False
    low_ok = outer.lower is None or (inner.lower is not None and outer.lower <= inner.lower)
    high_ok = outer.upper is None or (inner.upper is not None and inner.upper <= outer.upper)
    return low_ok and high_ok


def _best(timexes: list[Timex], value: str) -> Timex | None:
    """Of the drafted expressions inside a true one, the exact one, else one whose bounds contain it."""
    if not timexes:
        return None
    exact = [t for t in timexes if t.edtf == value]
    holding = [t for t in timexes if _contains(_span(t.edtf), _span(value))]
    return (exact or holding or timexes)[0]


def _judge(found: Counts, exact: Counts, bounds: Counts, hit: Timex | None, value: str) -> None:
    for counter in (found, exact, bounds):
        counter.total += 1
    if hit is None:
        return
    found.found += 1
    exact.found += hit.edtf == value
    bounds.found += _contains(_span(hit.edtf), _span(value))


def _overlapping(draft: Draft, start: int, end: int) -> list[Timex]:
    return [t for t in draft.timexes if t.start < end and start < t.end]


# A date_text counts as a temporal expression when it has a word of time in it; event descriptions an annotator
# dated by inference ("when they spoke on the phone", "has yet to take place") are not expressions to find.
_TIME_WORDS = re.compile(
    r"\b(?:\d{1,4}|today|yesterday|tomorrow|tonight|soon|recent(?:ly)?|earlier|later|ago|weekend|week|weeks|month"
    r"|months|year|years|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug"
    r"|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def _located(gold: LoadedSource, event: Any, words: str) -> int:
    """Where the event's date words are: inside one of its quotes if they are there, else their first place."""
    for evidence in event.evidence:
        quote_at = gold.text.find(evidence.quote, gold.body_start, gold.body_end)
        inner = evidence.quote.find(words) if quote_at >= 0 else -1
        if inner >= 0:
            return quote_at + inner
    return gold.text.find(words, gold.body_start, gold.body_end)


def _score_annotation_dates(score: TextScore, gold: LoadedSource, draft: Draft) -> None:
    seen: set[tuple[int, str]] = set()
    for event in gold.annotation.events:
        words, value = event.date_text, event.date
        if not words or not value or not _TIME_WORDS.search(words):
            continue
        at = _located(gold, event, words)
        if at < 0 or (at, value) in seen:
            continue  # an annotator's paraphrase, not words of the text; or the same words counted already
        seen.add((at, value))
        seen.add((words, value))
        hit = _best(_overlapping(draft, at, at + len(words)), value)
        _judge(score.timex_found, score.timex_exact, score.timex_bounds, hit, value)
        if hit is None or hit.edtf != value:
            score.misses.append(f"date {words!r}: drafted {hit.edtf if hit else 'nothing'}, annotated {value}")


def _score_note_dates(score: TextScore, gold: LoadedSource, draft: Draft, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        at = _nth(gold.text, row["text"], gold.body_start, int(row.get("occurrence", 1)))
        if at < 0:
            score.misses.append(f"truth {row['text']!r} not in the text")
            continue
        hits = _overlapping(draft, at, at + len(row["text"]))
        if row["edtf"] is None:
            score.notes_left_open.total += 1
            # Left open: unresolved, or with no lower bound (bounded only by the day of drafting).
            score.notes_left_open.found += bool(hits) and all(t.edtf is None or t.edtf.startswith("..") for t in hits)
            continue
        hit = _best(hits, row["edtf"])
        _judge(score.notes_found, score.notes_exact, score.notes_bounds, hit, row["edtf"])
        if hit is None or hit.edtf != row["edtf"]:
            score.misses.append(f"notes {row['text']!r}: drafted {hit.edtf if hit else 'nothing'}, true {row['edtf']}")


def _nth(text: str, words: str, start: int, occurrence: int) -> int:
    at = start - 1
    for _ in range(occurrence):
        at = text.find(words, at + 1)
        if at < 0:
            return -1
    return at


# ------------------------------------------------------------------------------------------------ entities


def _forms(name: str, aliases: list[str]) -> set[str]:
    return {form.lower().replace("’", "'") for form in (name, *aliases)}


def _score_entities(score: TextScore, gold: LoadedSource, draft: Draft, known_ids: set[str]) -> dict[str, str]:
    """Scores entities; returns drafted id -> annotated id for the events' participants."""
    mapping: dict[str, str] = {}
    for entity in gold.annotation.entities:
        if entity.kind.value not in ENTITY_KINDS:
            continue
        forms = _forms(entity.name, list(entity.aliases))
        match = _find_entity(draft.entities, entity.id, forms)
        score.entities_found.total += 1
        if match is None:
            score.misses.append(f"entity {entity.id} not found")
            continue
        score.entities_found.found += 1
        mapping.setdefault(match.id, entity.id)
        if entity.id in known_ids:
            score.entities_linked.total += 1
            score.entities_linked.found += match.id == entity.id
            if match.id != entity.id:
                score.misses.append(f"entity {entity.id} linked to {match.id}")
    for entity in draft.entities:
        mapping.setdefault(entity.id, entity.id)
    return mapping


def _find_entity(drafted: list[DraftEntity], ident: str, forms: set[str]) -> DraftEntity | None:
    by_id = next((e for e in drafted if e.id == ident), None)
    if by_id is not None:
        return by_id
    for entity in drafted:
        names = _forms(entity.name, [m.text for m in entity.mentions])
        if names & forms:
            return entity
    return None


# ------------------------------------------------------------------------------------------------ events


def _score_events(score: TextScore, gold: LoadedSource, draft: Draft, mapping: dict[str, str]) -> None:
    truth = list(gold.annotation.events)
    score.events_recall.total = len(truth)
    score.events_precision.total = len(draft.events)
    taken: set[int] = set()
    for event in draft.events:
        who = {mapping.get(p.entity, p.entity) for p in event.participants}
        span = _span(event.date)
        best: tuple[int, int] | None = None
        for i, candidate in enumerate(truth):
            if i in taken or not _overlap(span, _span(candidate.date)):
                continue
            theirs = {p.entity for p in candidate.participants}
            shared = len(who & theirs)
            if shared == 0 and (theirs or not _evidence_overlaps(gold, candidate, event.start, event.end)):
                continue
            rank = shared * 2 + (candidate.kind is not None and candidate.kind.value == event.kind)
            if best is None or rank > best[0]:
                best = (rank, i)
        if best is None:
            score.misses.append(f"drafted event {event.kind} {event.date} {sorted(who)} matches nothing")
            continue
        taken.add(best[1])
        score.events_precision.found += 1
        score.events_recall.found += 1
        score.status_right.total += 1
        score.status_right.found += truth[best[1]].status.value == event.status
    for i, candidate in enumerate(truth):
        if i not in taken:
            score.misses.append(f"event {candidate.id or candidate.same_as} not drafted")


def _overlap(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    if a is None or b is None:
        return False
    return (a.lower is None or b.upper is None or a.lower <= b.upper) and (
        b.lower is None or a.upper is None or b.lower <= a.upper
    )


def _evidence_overlaps(gold: LoadedSource, event: Any, start: int, end: int) -> bool:
    for evidence in event.evidence:
        at = gold.text.find(evidence.quote, gold.body_start)
        if at >= 0 and at < end and start < at + len(evidence.quote):
            return True
    return False


# ------------------------------------------------------------------------------------------------ report

_COLUMNS = [
    ("dates found", "timex_found"), ("EDTF exact", "timex_exact"), ("bounds hold", "timex_bounds"),
    ("notes found", "notes_found"), ("notes exact", "notes_exact"), ("notes bounds", "notes_bounds"),
    ("left open", "notes_left_open"), ("entities found", "entities_found"), ("linked", "entities_linked"),
    ("event recall", "events_recall"), ("event precision", "events_precision"), ("status", "status_right"),
]  # fmt: skip


def _overall(scores: list[TextScore]) -> TextScore:
    total = TextScore("overall")
    for _, name in _COLUMNS:
        counter: Counts = getattr(total, name)
        for score in scores:
            part: Counts = getattr(score, name)
            counter.found += part.found
            counter.total += part.total
    total.seconds = sum(s.seconds for s in scores) / max(1, len(scores))
    total.cpu_seconds = sum(s.cpu_seconds for s in scores) / max(1, len(scores))
    return total


def _cell(counts: Counts) -> str:
    rate = counts.rate()
    return "-" if rate is None else f"{counts.found}/{counts.total}"


def _print_table(rows: list[TextScore], load_seconds: float) -> None:
    header = ["text", *[title for title, _ in _COLUMNS], "s/article", "cpu s"]
    lines = [header]
    for row in rows:
        cells = [_cell(getattr(row, name)) for _, name in _COLUMNS]
        lines.append([row.text[:44], *cells, f"{row.seconds:.2f}", f"{row.cpu_seconds:.2f}"])
    overall = rows[-1]
    percents = [_percent(getattr(overall, name)) for _, name in _COLUMNS]
    lines.append(["overall %", *percents, f"{overall.seconds:.2f}", f"{overall.cpu_seconds:.2f}"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    print(f"pipeline load (once per process): {load_seconds:.1f} s; s/article (wall) and cpu s are after it")


def _percent(counts: Counts) -> str:
    rate = counts.rate()
    return "-" if rate is None else f"{100 * rate:.0f}%"


def _as_json(score: TextScore) -> dict[str, Any]:
    data = asdict(score)
    for _, name in _COLUMNS:
        data[name]["rate"] = getattr(score, name).rate()
    return data


if __name__ == "__main__":
    main()
