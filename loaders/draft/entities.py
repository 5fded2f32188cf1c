"""People, countries, organisations, places and offices: recognised by spaCy, titles read from the words before a
name, and linked to known entities by name, alias and office; the rest proposed as new entities."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from loaders.draft.known import Knowledge, KnownEntity

_LABEL_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "country", "LOC": "place",
                "FAC": "place"}  # fmt: skip
# Ranks and honorifics: kept with the name as its title, never offices of their own.
_RANKS = re.compile(
    r"^(?:(?:Rear|Vice|Fleet|Brig\.?|Brigadier|Lt\.?|Lieutenant|Maj\.?|Major|Gen\.?|General|Adm\.?|Admiral|Col\.?"
    r"|Colonel|Capt\.?|Captain|Cmdr\.?|Commander|Sgt\.?|Sergeant|Gov\.?|Sen\.?|Rep\.?|Amb\.?|Dr\.?|Mr\.?|Mrs\.?"
    r"|Ms\.?|Gen)\s*)+$"
)
# Words that make a title an office: "Secretary of Defense", "Chinese Defense Minister", "President".
_OFFICE_WORDS = re.compile(
    r"\b(?:Secretary|Minister|President|Premier|Chairman|Chair|Director|Commander|Ambassador|Chief|Speaker"
    r"|Prime Minister|Vice President|Counselor|Adviser|Advisor|Spokesperson|Spokesman|Head)\b",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|for|and|the|on|to|&|U\.S\.|PLA|PRC|then-[A-Za-z-]+)$")
# Words that belong to titles, not to names: a capitalised word before a name that is none of these is the
# person's first name ("Secretary of Defense | Lloyd J. Austin III").
_TITLE_VOCAB = {
    "secretary", "minister", "president", "premier", "chairman", "chair", "director", "commander", "ambassador",
    "chief", "chiefs", "speaker", "deputy", "assistant", "under", "vice", "rear", "senior", "acting", "defense",
    "defence", "state", "treasury", "foreign", "affairs", "national", "security", "homeland", "joint", "staff",
    "navy", "army", "air", "force", "forces", "marine", "corps", "coast", "guard", "command", "general", "admiral",
    "chinese", "u.s.", "us", "american", "military", "commission", "central", "theater", "theatre", "southern",
    "northern", "eastern", "western", "pacific", "indo-pacific", "fleet", "pla", "prc", "people's", "liberation",
    "of", "for", "and", "the", "adviser", "advisor", "counselor", "spokesperson", "spokesman", "head", "prime",
    "ministry", "department", "office", "policy", "strategic", "planning", "director-general", "member",
}  # fmt: skip
_SUFFIX = re.compile(r"\s+(?:Jr\.?|Sr\.?|II|III|IV)$")
_INITIAL = re.compile(r"\s+[A-Z]\.(?=\s)")
_ORG_TRAILING = re.compile(r"\s+(?:at|and|of|for|the|in|on)$")

# Countries by their other names and adjectives; a known entity's own aliases add to these.
COUNTRY_NAMES: dict[str, str] = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "america": "United States",
    "american": "United States", "united states": "United States", "the united states": "United States",
    "china": "China", "prc": "China", "chinese": "China", "people's republic of china": "China",
    "the people's republic of china": "China", "taiwan": "Taiwan", "taiwanese": "Taiwan",
    "russia": "Russia", "russian": "Russia", "japan": "Japan", "japanese": "Japan",
    "philippines": "Philippines", "the philippines": "Philippines", "philippine": "Philippines",
    "filipino": "Philippines", "north korea": "North Korea", "north korean": "North Korea",
    "south korea": "South Korea", "south korean": "South Korea", "korea": "South Korea",
    "cambodia": "Cambodia", "cambodian": "Cambodia", "singapore": "Singapore", "vietnam": "Vietnam",
    "vietnamese": "Vietnam", "india": "India", "indian": "India", "australia": "Australia",
    "australian": "Australia", "ukraine": "Ukraine", "ukrainian": "Ukraine", "iran": "Iran", "iranian": "Iran",
    "israel": "Israel", "israeli": "Israel", "germany": "Germany", "german": "Germany", "france": "France",
    "french": "France", "united kingdom": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom",
    "british": "United Kingdom", "indonesia": "Indonesia", "malaysia": "Malaysia", "thailand": "Thailand",
    "mongolia": "Mongolia", "pakistan": "Pakistan", "canada": "Canada", "mexico": "Mexico",
    "new zealand": "New Zealand", "european union": "European Union", "eu": "European Union",
}  # fmt: skip


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str  # the name as written, title removed
    title: str | None = None  # "Secretary of Defense", "Adm."
    title_start: int | None = None


@dataclass(slots=True)
class DraftEntity:
    id: str
    kind: str
    name: str
    known: bool
    confidence: float
    reason: str
    mentions: list[Mention] = field(default_factory=list)
    office: str | None = None  # id of the office the person's title names
    part_of: str | None = None

    @property
    def aliases(self) -> list[str]:
        forms = dict.fromkeys(m.text for m in self.mentions if m.text != self.name)
        return list(forms)


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))
    return "-".join(words)[:80].strip("-") or "entity"


def _norm(text: str) -> str:
    text = text.replace("’", "'").lower().replace("defence", "defense").replace("u.s.", "us")
    text = re.sub(r"\b(?:the|then|new|former|current|acting)\b-?", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .,'-")


def _clean_name(text: str) -> str:
    text = text.split("\n")[0].strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"(?:'s|’s)$", "", text)
    return _ORG_TRAILING.sub("", text).strip(" ,.") if not text.endswith(".") or " " in text else text


def _person_key(text: str) -> str:
    return _norm(_INITIAL.sub("", _SUFFIX.sub("", text)))


class Linker:
    """Known entities indexed by every name form; links a mention to one id or to none."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.by_id = {e.id: e for e in knowledge.entities}
        self.by_name: dict[str, list[KnownEntity]] = {}
        for entity in knowledge.entities:
            for form in (entity.name, *entity.aliases):
                key = _person_key(form) if entity.kind == "person" else _norm(form)
                self.by_name.setdefault(key, []).append(entity)
        for form, country in COUNTRY_NAMES.items():
            target = self._unique(_norm(country), "country")
            if target is not None:
                self.by_name.setdefault(_norm(form), []).append(target)

    def _unique(self, key: str, kind: str | None = None) -> KnownEntity | None:
        found = {e.id: e for e in self.by_name.get(key, []) if kind is None or e.kind == kind}
        return next(iter(found.values())) if len(found) == 1 else None

    def link(self, name: str, kind: str) -> tuple[KnownEntity | None, str]:
        key = _person_key(name) if kind == "person" else _norm(name)
        exact = self._unique(key, kind) or self._unique(key)
        # An exact name or alias links whatever the model took it for ("DOD" read as a person, "SecDef" as an
        # organisation): the graph's own kind wins.
        if exact is not None:
            return exact, f"name {name!r} is {'the name' if _norm(exact.name) == key else 'an alias'} of {exact.id}"
        if kind != "person":
            return None, ""
        tokens = set(key.split())
        candidates = {
            e.id: e
            for e in self.by_id.values()
            if e.kind == "person"
            and any(tokens <= set(_person_key(form).split()) for form in (e.name, *e.aliases))
        }
        if len(candidates) == 1:
            match = next(iter(candidates.values()))
            return match, f"{name!r} is part of the known name {match.name!r}"
        return None, ""

    def office(self, title: str) -> KnownEntity | None:
        """The known office a title names: its name or an alias, with the nation word agreeing when given."""
        key = _norm(re.sub(r"^(?:People's |People’s )?Republic of China\b", "Chinese", title))
        exact = [e for e in self.by_name.get(key, []) if e.kind == "office"]
        if exact:
            return exact[0]
        nation, bare = _nation(key)
        found: dict[str, KnownEntity] = {}
        for known_key, entities in self.by_name.items():
            for office in (e for e in entities if e.kind == "office"):
                office_nation, office_bare = _nation(known_key)
                if office_bare != bare or not bare:
                    continue
                owner = office_nation or (office.part_of and self.by_id.get(office.part_of))
                owner_name = owner if isinstance(owner, str) else (owner.name if owner else None)
                if nation and owner_name and _norm(owner_name) != _norm(nation):
                    continue
                found[office.id] = office
        return next(iter(found.values())) if len(found) == 1 else None


def _nation(key: str) -> tuple[str | None, str]:
    """A title's leading nation word as a country name, and the rest: "chinese defense minister" -> China."""
    match = re.match(r"^(us|usa|american|chinese|china|prc|japanese|russian|british)\s+(.*)$", key)
    if match is None:
        return None, key
    return COUNTRY_NAMES.get(match.group(1)), match.group(2)


def recognise(doc: Doc, text: str, start: int, end: int, knowledge: Knowledge) -> list[DraftEntity]:
    """Every entity mentioned between ``start`` and ``end``, linked where the knowledge allows."""
    linker = Linker(knowledge)
    found: dict[str, DraftEntity] = {}
    persons: list[tuple[Mention, Span]] = []
    for ent in doc.ents:
        if ent.label_ not in _LABEL_KINDS or ent.start_char < start or ent.end_char > end:
            continue
        mention = _mention(ent)
        if mention is None:
            continue
        if ent.label_ == "PERSON":
            persons.append((mention, ent))
            continue
        kind = _LABEL_KINDS[ent.label_]
        if ent.label_ == "ORG" and " " not in mention.text and mention.text.lower() in _TITLE_VOCAB:
            continue  # "State" of "Secretary of State": a piece of a title the model took for a name
        if kind == "country" and _norm(mention.text) not in COUNTRY_NAMES:
            kind = "place" if ent.label_ == "GPE" else "organisation"
            if ent.label_ == "NORP":
                continue  # groups by nationality or creed that are not countries: not an actor here
        _add(found, linker, mention, kind)
    for mention, ent in persons:
        _first_names(doc, ent, mention, text)
        _title(doc, ent, mention, text)
        _strip_person_name(mention, text)
        if mention.end > mention.start:
            _add(found, linker, mention, "person")
    _drop_title_parts(found)
    _join_short_names(found)
    _drop_name_parts(found)
    _known_names(found, knowledge, text, start, end)
    return list(found.values())


def _mention(ent: Span) -> Mention | None:
    name = _clean_name(ent.text)
    if len(name) < 2 or not any(ch.isalpha() for ch in name) or "\n" in name:
        return None
    offset = ent.text.find(name)
    start = ent.start_char + max(offset, 0)
    rank = re.match(r"^((?:[A-Z][a-z]*\.?\s+)+?)(?=[A-Z][a-z]+\s+[A-Z])", name)
    if ent.label_ == "ORG" and rank and _RANKS.match(rank.group(1).strip()):
        return None  # "PLA Rear Adm." and the like: a rank the model took for an organisation
    return Mention(start, start + len(name), name)


_EVENT_WORDS = {"call", "meeting", "talks", "visit", "meets", "calls", "hosts", "remarks", "readout", "trip"}


def _strip_person_name(mention: Mention, text: str) -> None:
    """Title words the model kept inside a name move to the title ("Spokesperson | Matthew Miller"); a headline's
    trailing event word or possessive goes ("Lloyd Austin Call", "Blinken's Meeting")."""
    words = mention.text.split()
    lead = 0
    while lead < len(words) - 1 and (words[lead].lower() in _TITLE_VOCAB or _RANKS.match(words[lead])):
        lead += 1
    if lead:
        cut = text.find(words[lead], mention.start)
        mention.title = (mention.title + " " if mention.title else "") + text[mention.start : cut].strip()
        mention.title_start = mention.title_start if mention.title_start is not None else mention.start
        mention.start = cut
    possessive = re.search(r"(?:'s|’s)\b", text[mention.start : mention.end])
    if possessive:
        mention.end = mention.start + possessive.start()
    words = text[mention.start : mention.end].split()
    while len(words) > 1 and words[-1].lower() in _EVENT_WORDS:
        words.pop()
        mention.end = mention.start + text[mention.start : mention.end].rfind(words[-1]) + len(words[-1])
    mention.text = text[mention.start : mention.end]


def _drop_title_parts(found: dict[str, DraftEntity]) -> None:
    """Organisations named inside a person's title ("Director of the CCP Central Foreign Affairs Office Wang Yi")
    are part of the title, not actors; entities only mentioned there go, the others lose those mentions."""
    titles = [
        (m.title_start, m.start)
        for e in found.values()
        if e.kind == "person"
        for m in e.mentions
        if m.title_start is not None
    ]
    for ident in list(found):
        entity = found[ident]
        if entity.kind != "organisation":
            continue  # a country in a title ("US Defence Secretary") is still the country; an office is the title
        kept = [m for m in entity.mentions if not any(a <= m.start and m.end <= b for a, b in titles)]
        if not kept:
            del found[ident]
        else:
            entity.mentions = kept


def _first_names(doc: Doc, ent: Span, mention: Mention, text: str) -> None:
    """Capitalised words the model left out of a name that are no title words join it ("Lloyd" J. Austin)."""
    i = ent.start - 1
    while i >= 0 and doc[i].text[:1].isupper() and doc[i].is_alpha and doc[i].lower_ not in _TITLE_VOCAB:
        if not _RANKS.match(doc[i].text) and doc[i].is_sent_start is not True:
            mention.start = doc[i].idx
            mention.text = text[mention.start : mention.end]
            i -= 1
            continue
        break


def _title(doc: Doc, ent: Span, mention: Mention, text: str) -> None:
    """The capitalised words right before a name that make up its title ("Secretary of Defense", "Adm.")."""
    begin = next(t.i for t in ent if t.idx >= mention.start)
    i = begin - 1
    first = begin
    while i >= 0 and _TITLE_WORD.match(doc[i].text) and doc[i].ent_type_ not in ("PERSON",):
        if doc[i].text in ("the", "The", "and", "of", "for", "on", "to") and not (
            i > 0 and doc[i - 1].text[:1].isupper()
        ):
            break
        first = i
        i -= 1
    while first < begin and doc[first].text.lower() in ("the", "and", "of", "for", "on", "to"):
        first += 1
    if first == begin:
        return
    words = text[doc[first].idx : mention.start].strip(" ,")
    if words:
        mention.title, mention.title_start = words, doc[first].idx


def _office_words(title: str) -> str | None:
    """The office in a title, without trailing ranks ("Minister of National Defense General" -> the minister);
    None when the title names no office (a bare rank) or joins two ("Secretary and Director")."""
    words = title.replace(",", " ").split()
    while words and _RANKS.match(words[-1]):
        words.pop()
    while words and (_RANKS.match(words[0]) or words[0].lower() in ("the", "then", "former")):
        words.pop(0)
    office = " ".join(words)
    if not office or " and " in office or not _OFFICE_WORDS.search(office):
        return None
    return office


def _add_office(found: dict[str, DraftEntity], linker: Linker, person: DraftEntity, mention: Mention) -> None:
    if mention.title is None or mention.title_start is None:
        return
    words = _office_words(mention.title)
    if words is None:
        return
    at = mention.title_start + mention.title.find(words)
    title = Mention(at, at + len(words), words)
    known = linker.office(words)
    if known is not None:
        ident, name, reason = known.id, known.name, f"title {words!r} names the office {known.id}"
    elif len(words.split()) >= 2:
        ident, name, reason = slug(words), words, f"not in the graph: a new office, the title {words!r}"
    else:
        return  # one word ("President") names no office without its country
    office = found.get(ident)
    if office is None:
        office = found[ident] = DraftEntity(ident, "office", name, known is not None, 0.8 if known else 0.5, reason)
    office.mentions.append(title)
    if person.office is None:
        person.office = ident
        person.reason += f"; title {words!r} is the office {ident}"


def _add(found: dict[str, DraftEntity], linker: Linker, mention: Mention, kind: str) -> None:
    known, why = linker.link(mention.text, kind)
    if known is not None:
        entity = found.get(known.id)
        if entity is None:
            entity = found[known.id] = DraftEntity(known.id, known.kind, known.name, True, 0.9, why)
    else:
        name = COUNTRY_NAMES.get(_norm(mention.text), mention.text) if kind == "country" else mention.text
        ident = slug(name)
        entity = found.get(ident)
        if entity is None:
            reason = f"not in the graph: a new {kind} named {name!r} (spaCy)"
            entity = found[ident] = DraftEntity(ident, kind, name, False, 0.6, reason)
    entity.mentions.append(mention)
    if kind == "person":
        _add_office(found, linker, entity, mention)


def _join_short_names(found: dict[str, DraftEntity]) -> None:
    """A new person named by one word ("Bargeron") is the same as a new person whose full name ends or starts
    with it ("Jay Bargeron") in the same text."""
    people = [e for e in found.values() if e.kind == "person" and not e.known]
    for short in [e for e in people if " " not in e.name]:
        longer = [e for e in people if e is not short and short.name in e.name.split()]
        if len(longer) == 1:
            longer[0].mentions.extend(short.mentions)
            longer[0].office = longer[0].office or short.office
            del found[short.id]


def _drop_name_parts(found: dict[str, DraftEntity]) -> None:
    """A one-word organisation or place that is a word of a person's name is that person, mistyped by the model
    (a headline's "Paparo"); its mentions go to the person."""
    people = [e for e in found.values() if e.kind == "person"]
    for other in [e for e in found.values() if e.kind in ("organisation", "place") and not e.known]:
        if " " in other.name:
            continue
        owners = [p for p in people if other.name in p.name.split() or other.name in p.aliases]
        if len(owners) == 1:
            owners[0].mentions.extend(other.mentions)
            del found[other.id]


def _known_names(found: dict[str, DraftEntity], knowledge: Knowledge, text: str, start: int, end: int) -> None:
    """Known entities by their own names where the model saw none ("PLA", "Pentagon", "Secretary of Defense"):
    proper names only (capitalised), whole words, outside every mention already found."""
    taken = [(m.start, m.end) for e in found.values() for m in e.mentions]
    taken += [(m.title_start, m.start) for e in found.values() for m in e.mentions if m.title_start is not None]
    for known in knowledge.entities:
        if known.kind in ("channel", "topic"):
            continue
        for form in dict.fromkeys((known.name, *known.aliases)):
            if not _proper(form, known.kind):
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text[:end]):
                if match.start() < start or any(match.start() < b and a < match.end() for a, b in taken):
                    continue
                entity = found.get(known.id)
                if entity is None:
                    reason = f"{form!r} is a name of {known.id} in the graph"
                    entity = found[known.id] = DraftEntity(known.id, known.kind, known.name, True, 0.8, reason)
                entity.mentions.append(Mention(match.start(), match.end(), form))
                taken.append((match.start(), match.end()))


def _proper(form: str, kind: str) -> bool:
    words = form.split()
    if not words or not all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the") for w in words):
        return False
    if kind == "office":
        return len(words) >= 2
    return len(form) >= 3 or form.isupper()


def entity_at(entities: Iterable[DraftEntity], start: int, end: int) -> DraftEntity | None:
    for entity in entities:
        if any(m.start < end and start < m.end for m in entity.mentions):
            return entity
    return None
