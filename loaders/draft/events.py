"""Candidate events: a clause whose verb or noun reports something happening (a meeting, a call, a freeze ...),
with its participants, place, governing date, status from tense and modality, channel state changes and a
proposed "same event" link to one the graph already has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from loaders.draft.entities import DraftEntity
from loaders.draft.known import Knowledge, KnownEvent
from loaders.draft.tense import Clause, Modality, Tense, clause_of, governing_verb
from loaders.draft.timexes import Timex
from timeline_kg.temporal import DateError, TimeSpan, parse_timespan

# Trigger words by lemma. Verbs and nouns alike: news reports events in both ("met", "the meeting").
_VERB_KINDS = {
    "meet": "meeting", "host": "meeting", "phone": "call", "call": "call", "speak": "call", "talk": "talks",
    "visit": "visit", "travel": "visit", "arrive": "visit", "appoint": "appointment", "name": "appointment",
    "nominate": "appointment", "dismiss": "dismissal", "fire": "dismissal", "sack": "dismissal", "oust": "dismissal",
    "freeze": "suspension", "suspend": "suspension", "halt": "suspension", "sever": "suspension",
    "resume": "resumption", "restore": "resumption", "reopen": "resumption", "reestablish": "resumption",
    "agree": "agreement", "sign": "agreement", "elect": "election", "inaugurate": "inauguration",
    "cancel": "cancellation", "postpone": "cancellation", "scrap": "cancellation", "clash": "clash",
    "harass": "clash", "collide": "incident", "intercept": "incident", "announce": "statement",
}  # fmt: skip
_NOUN_KINDS = {
    "meeting": "meeting", "call": "call", "teleconference": "call", "videoconference": "call", "talk": "talks",
    "talks": "talks", "dialogue": "talks", "consultation": "talks", "plenary": "talks", "summit": "summit",
    "visit": "visit", "trip": "visit", "appointment": "appointment", "dismissal": "dismissal",
    "freeze": "suspension", "suspension": "suspension", "resumption": "resumption", "agreement": "agreement",
    "election": "election", "inauguration": "inauguration", "incident": "incident", "discovery": "incident",
    "collision": "incident", "clash": "clash", "confrontation": "clash", "statement": "statement",
    "briefing": "statement", "readout": "statement", "conference": "summit", "forum": "talks",
    "harassment": "clash", "provocation": "incident",
}  # fmt: skip
# Kinds that are one contact: a clause reporting "met ... their first meeting" is one event, not two.
_CONTACT = {"meeting", "call", "talks", "summit", "visit"}
_CHANGE_STATE = {"suspension": "suspended", "resumption": "resumed"}
_ACTOR_KINDS = {"person", "organisation", "country", "office"}
_GATHERINGS = {"summit", "dialogue", "talks", "conference", "forum"}
_SAY = {"say", "tell", "add", "note", "stress", "emphasize", "emphasise"}


@dataclass(slots=True)
class DraftParticipant:
    entity: str
    role: str
    office: str | None = None


@dataclass(slots=True)
class DraftEvent:
    kind: str
    status: str
    start: int  # the evidence sentence's offsets
    end: int
    trigger: str
    timex: Timex | None
    date: str
    date_text: str
    participants: list[DraftParticipant]
    place: str | None
    channel_changes: list[tuple[str, str]]
    same_as: KnownEvent | None
    note: str | None
    confidence: float
    verbal: bool  # told by a verb ("met"), not only a noun ("the meeting")
    has_subject: bool  # its verb has a subject of its own ("China froze ..."), not "agreed to resume"
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Context:
    doc: Doc
    text: str
    dct: dt.date | None
    drafted_on: dt.date  # the upper bound of anything that occurred when the publication date is unknown
    entities: list[DraftEntity]
    timexes: list[Timex]
    knowledge: Knowledge


def propose(ctx: Context, start: int, end: int) -> list[DraftEvent]:
    events: list[DraftEvent] = []
    speakers: set[str] = set()
    for sent in ctx.doc.sents:
        if sent.start_char < start or sent.end_char > end or not sent.text.strip():
            continue
        seen: set[tuple[int, str]] = set()
        for token in sent:
            kind = _kind(token)
            if kind is None:
                continue
            verb = governing_verb(token)
            own = _own_phrase(ctx, token)
            family = "contact" if kind in _CONTACT else kind
            key = (token.i, family) if own is not None else (verb.i if verb is not None else -1, family)
            if key in seen:
                continue
            seen.add(key)
            event = _event(ctx, sent, token, kind, own if own is not None else _clause_span(sent, verb))
            if event is not None and (kind != "statement" or _new_speaker(event, speakers)):
                events.append(event)
        speaker_event = _said(ctx, sent, speakers)
        if speaker_event is not None:
            events.append(speaker_event)
    return _one_per_known_event(_merge_repeats(_fold_state_changes(events)))


def _kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        if lemma == "call" and not any(c.dep_ == "prt" and c.lower_ == "off" for c in token.children):
            return None if any(c.dep_ in ("oprd", "xcomp") for c in token.children) else "call"
        if lemma == "call":
            return "cancellation"  # "call off a trip"
        if lemma == "name" and token.tag_ != "VBN":
            return None
        return _VERB_KINDS.get(lemma)
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound",):
        kind = _NOUN_KINDS.get(lemma) or _NOUN_KINDS.get(token.lower_)
        in_name = token.text[:1].isupper() and token.i > 0 and not token.is_sent_start and (
            token.doc[token.i - 1].text[:1].isupper() or token.doc[token.i - 1].text == "("
        )
        if kind is not None and (in_name or (token.ent_type_ and token.ent_type_ not in ("EVENT", "DATE"))):
            # A word inside a name ("Military Maritime Consultative Agreement"): an event only when the name is
            # one of a gathering ("the Woodside Summit", "Shangri-La Dialogue").
            return kind if kind in ("summit", "talks") and token.lower_ in _GATHERINGS else None
        return kind
    return None


def _clause_span(sent: Span, verb: Token | None) -> Span:
    """The verb's own clause: its subtree without the clauses joined to it ("..., and Ren said: ...")."""
    if verb is None:
        return sent
    joined = {
        t.i
        for child in verb.children
        if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX")
        for t in child.subtree
    }
    tokens = [t for t in verb.subtree if t.i not in joined] or [verb]
    return sent.doc[tokens[0].i : tokens[-1].i + 1]


def _own_phrase(ctx: Context, noun: Token) -> Span | None:
    """A noun that names its own parties ("the bilateral meeting between President Biden and President Xi held
    Nov. 2023") is an event of its own, told by its phrase, apart from the clause around it."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = list(noun.subtree)
    phrase = noun.doc[tokens[0].i : tokens[-1].i + 1]
    inside = [e for e, start, _ in _entities_in(ctx, phrase) if not (noun.idx <= start < noun.idx + len(noun))]
    return phrase if any(e.kind in _ACTOR_KINDS for e in inside) else None


def _event(ctx: Context, sent: Span, trigger: Token, kind: str, clause: Span) -> DraftEvent | None:
    actors = _entities_in(ctx, clause) or _entities_in(ctx, sent)
    nested = _nested_events(clause, trigger)
    actors = [a for a in actors if not any(s <= a[1] < e for s, e in nested)] or actors
    # Not the name the trigger is part of ("the Woodside Summit"), nor who is quoted saying it.
    speakers = _say_subjects(sent) if kind != "statement" else set()
    actors = [
        a for a in actors if not (a[1] <= trigger.idx < a[2]) and not any(s <= a[1] < e for s, e in speakers)
    ]
    participants, place = _participants(ctx, actors, trigger, kind)
    named_gathering = trigger.ent_type_ != "" and trigger.lower_ in _GATHERINGS
    if not participants and kind not in ("incident", "clash", "election") and not named_gathering:
        return None  # an event with nobody taking part is too vague to propose
    said = clause_of(trigger)
    timex = _governing_timex(ctx, clause, sent, trigger)
    kinds = {e.kind for e in ctx.entities if any(p.entity == e.id for p in participants)}
    if timex is None and kinds <= {"country"} and kind not in ("suspension", "resumption", "clash", "incident"):
        return None  # "the two countries" talking, with no date and no one named: background, not an event
    status, why_status = _status(said, kind, trigger)
    date, date_text, why_date = _date(ctx, timex, status)
    status = _reconcile(ctx, date, status)
    quote_start, quote_end = _trimmed(ctx.text, sent.start_char, sent.end_char)
    reasons = [f"'{trigger.text}' reports a {kind}", why_status, why_date]
    confidence = 0.7 if timex is not None and timex.edtf else 0.45
    changes = _channel_changes(ctx, kind, sent, participants)
    event = DraftEvent(kind, status, quote_start, quote_end, trigger.text, timex, date, date_text, participants,
                       place, changes, None, _undated_note(ctx, timex), confidence, trigger.pos_ == "VERB",
                       any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children), reasons)  # fmt: skip
    event.same_as = _same_as(ctx.knowledge, event)
    return event


def _nested_events(clause: Span, trigger: Token) -> list[tuple[int, int]]:
    """Character ranges of other events named inside the clause ("a follow-up to the recent call between
    President Biden and Xi"): their parties are not this event's."""
    ranges = []
    for token in clause:
        if token.i != trigger.i and token.pos_ in ("NOUN", "PROPN") and _kind(token) is not None:
            if trigger in token.subtree:
                continue
            subtree = list(token.subtree)
            ranges.append((subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)))
    return ranges


def _undated_note(ctx: Context, timex: Timex | None) -> str | None:
    if ctx.dct is not None or (timex is not None and not timex.relative):
        return None
    if timex is not None and timex.edtf is not None and not timex.edtf.startswith(".."):
        return f"Publication date unknown: {timex.text!r} read against the text's own dates ({timex.reason})."
    words = f"{timex.text!r} is relative to it" if timex is not None else "the clause gives no date"
    return (
        f"Publication date unknown and {words}: the date is left open, bounded only by the day this draft was "
        f"made ({ctx.drafted_on})."
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _entities_in(ctx: Context, span: Span) -> list[tuple[DraftEntity, int, int]]:
    found = []
    for entity in ctx.entities:
        for m in entity.mentions:
            if span.start_char <= m.start and m.end <= span.end_char:
                found.append((entity, m.start, m.end))
                break
    return sorted(found, key=lambda item: item[1])


def _participants(
    ctx: Context, actors: list[tuple[DraftEntity, int, int]], trigger: Token, kind: str
) -> tuple[list[DraftParticipant], str | None]:
    place: str | None = None
    out: list[DraftParticipant] = []
    for entity, begin, _ in actors:
        before = ctx.text[max(0, begin - 4) : begin].lower()
        if entity.kind in ("place", "country") and (before.endswith("in ") or before.endswith(" to ")):
            place = place or entity.id
            if entity.kind == "place" or kind in ("meeting", "talks", "summit", "visit", "call"):
                continue
        if entity.kind not in _ACTOR_KINDS:
            continue
        if any(p.entity == entity.id for p in out):
            continue
        out.append(DraftParticipant(entity.id, _role(kind, begin, trigger, entity.kind), entity.office))
    return out, place


def _role(kind: str, begin: int, trigger: Token, entity_kind: str) -> str:
    before_trigger = begin < trigger.idx
    if kind in ("suspension", "resumption", "cancellation") and before_trigger:
        return "initiator"
    if kind in ("appointment", "dismissal") and entity_kind == "person":
        return "subject"
    if kind == "visit" and before_trigger and entity_kind == "person":
        return "visitor"
    if kind == "meeting" and trigger.lemma_ == "host" and before_trigger:
        return "host"
    if kind == "statement" and before_trigger:
        return "speaker"
    return "participant"


def _say_subjects(sent: Span) -> set[tuple[int, int]]:
    ranges = set()
    for token in sent:
        if token.lemma_.lower() in _SAY and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    ranges.add((child.left_edge.idx, child.right_edge.idx + len(child.right_edge)))
    return ranges


def _quoted(text: str, start: int, at: int) -> bool:
    """Inside quotation marks, counting from the sentence's start."""
    marks = sum(text.count(q, start, at) for q in ('"', "“", "”"))
    return marks % 2 == 1


def _governing_timex(ctx: Context, clause: Span, sent: Span, trigger: Token) -> Timex | None:
    def resolved_in(span: Span) -> list[Timex]:
        inside = [t for t in ctx.timexes if span.start_char <= t.start and t.end <= span.end_char]
        # Resolved ones first; without a publication date a relative one still names the words of the date.
        return [t for t in inside if t.edtf] or [t for t in inside if ctx.dct is None and t.relative]

    in_clause = resolved_in(clause)
    if in_clause:
        return in_clause[0]
    # Else the nearest in the sentence on the same side of any quotation marks as the trigger.
    inside = _quoted(ctx.text, sent.start_char, trigger.idx)
    near = [t for t in resolved_in(sent) if _quoted(ctx.text, sent.start_char, t.start) == inside]
    return min(near, key=lambda t: abs(t.start - trigger.idx)) if near else None


def _status(said: Clause, kind: str, trigger: Token) -> tuple[str, str]:
    if said.tense is Tense.FUTURE:
        status = "planned" if said.modality is Modality.PLAN else "expected"
        return status, f"{status}: {said.cue}"
    if kind in ("election", "inauguration") and any(t.lower_ in ("next", "upcoming") for t in trigger.subtree):
        return "expected", "expected: 'next'/'upcoming'"
    return "occurred", f"occurred: {said.cue}"


def _date(ctx: Context, timex: Timex | None, status: str) -> tuple[str, str, str]:
    if timex is not None and timex.edtf is not None:
        return timex.edtf, timex.text, f"date from '{timex.text}' ({timex.reason})"
    if ctx.dct is None:
        day = ctx.drafted_on.isoformat()
        words = timex.text if timex is not None else "no date in the clause"
        return f"../{day}", words, (
            "no resolvable date and the publication date is unknown: open, before the day of drafting"
        )
    day = ctx.dct.isoformat()
    if status == "occurred":
        return f"../{day}", "no date in the clause", "no date in the clause: before publication (reported as done)"
    return f"{day}/..", "no date in the clause", "no date in the clause: after publication (reported as ahead)"


def _reconcile(ctx: Context, date: str, status: str) -> str:
    """A date wholly after publication cannot have occurred, nor one wholly before be ahead."""
    if ctx.dct is None:
        return status
    try:
        span: TimeSpan = parse_timespan(date)
    except DateError:
        return status
    if status == "occurred" and span.wholly_after(ctx.dct):
        return "planned"
    if status != "occurred" and span.wholly_before(ctx.dct):
        return "occurred"
    return status


def _channel_changes(
    ctx: Context, kind: str, sent: Span, participants: list[DraftParticipant]
) -> list[tuple[str, str]]:
    state = _CHANGE_STATE.get(kind)
    words = {t.lemma_.lower() for t in sent}
    if state is None:
        if "resume" in words or "restore" in words:
            state = "resumed"
        elif "advance" in words:
            state = "advanced"
        else:
            return []
    who = {p.entity for p in participants}
    for channel in (e for e in ctx.knowledge.entities if e.kind == "channel"):
        names = {w for form in (channel.name, *channel.aliases) for w in form.lower().split() if len(w) > 3}
        if set(channel.parties) & who and names & {w.lower() for w in words}:
            return [(channel.id, state)]
    return []


def _same_as(knowledge: Knowledge, event: DraftEvent) -> KnownEvent | None:
    if event.timex is None or event.timex.edtf is None:
        return None  # a default open date overlaps everything: no basis for "the same event"
    try:
        span = parse_timespan(event.date)
    except DateError:
        return None
    who = {p.entity for p in event.participants}
    best: tuple[int, KnownEvent] | None = None
    for known in knowledge.events:
        same_kind = known.kind == event.kind or {known.kind, event.kind} <= _CONTACT
        shared = len(who & known.participants)
        if not same_kind or shared == 0 or shared < min(2, len(who), len(known.participants)):
            continue
        overlaps = (span.lower is None or known.upper is None or span.lower <= known.upper) and (
            span.upper is None or known.lower is None or known.lower <= span.upper
        )
        if overlaps and (best is None or shared > best[0]):
            best = (shared, known)
    return best[1] if best else None


def _new_speaker(event: DraftEvent, speakers: set[str]) -> bool:
    names = {p.entity for p in event.participants}
    fresh = not names <= speakers
    speakers |= names
    return fresh


def _said(ctx: Context, sent: Span, speakers: set[str]) -> DraftEvent | None:
    """A named person's words, once per person: their statement is an event of the story."""
    for token in sent:
        if token.lemma_.lower() not in _SAY or token.pos_ != "VERB":
            continue
        for child in token.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            span = ctx.doc[child.left_edge.i : child.right_edge.i + 1]
            people = [e for e, _, _ in _entities_in(ctx, span) if e.kind == "person"]
            if not people or people[0].id in speakers:
                continue
            speakers.add(people[0].id)
            event = _event(ctx, sent, token, "statement", _clause_span(sent, token))
            if event is not None:
                event.participants = [DraftParticipant(people[0].id, "speaker", people[0].office)]
                event.reasons[0] = f"'{token.text}': {people[0].name} is quoted"
            return event
    return None


def _one_per_known_event(events: list[DraftEvent]) -> list[DraftEvent]:
    """A source reports a known event once: later tellings that match the same one are repeats."""
    claimed: set[str] = set()
    out = []
    for event in events:
        if event.same_as is not None:
            if event.same_as.id in claimed:
                continue
            claimed.add(event.same_as.id)
        out.append(event)
    return out


def _merge_repeats(events: list[DraftEvent]) -> list[DraftEvent]:
    """One event told twice (a headline, then the lead; "met ... the meeting"): same kind of contact, same date,
    a participant in common. The telling with a verb is kept: its clause names the parties best."""
    out: list[DraftEvent] = []
    for event in events:
        family = "contact" if event.kind in _CONTACT else event.kind
        twin = next(
            (
                o
                for o in out
                if ("contact" if o.kind in _CONTACT else o.kind) == family
                and o.date == event.date
                and event.timex is not None
                and {p.entity for p in o.participants} & {p.entity for p in event.participants}
            ),
            None,
        )
        if twin is None:
            out.append(event)
        elif event.verbal and not twin.verbal:
            out[out.index(twin)] = event
    return out


def _fold_state_changes(events: list[DraftEvent]) -> list[DraftEvent]:
    """A resumption or freeze reported in the same sentence as a meeting or call ("met ... and agreed to resume
    military communications") is that contact's channel change, not an event of its own."""
    out: list[DraftEvent] = []
    for event in events:
        host = next(
            (o for o in out if o.start == event.start and o.kind in _CONTACT | {"agreement"}),
            None,
        )
        if event.kind in _CHANGE_STATE and host is not None and not event.has_subject:
            host.channel_changes = host.channel_changes or event.channel_changes
            continue
        out.append(event)
    return out
