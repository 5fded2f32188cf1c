"""The annotated-source format: one file describes one source and everything it reports.

These pydantic models are the format's definition; ``timeline-kg schema`` prints the JSON Schema generated from
them, and ``docs/annotation-format.md`` walks through an example. Validation here is strict and structural (types,
controlled vocabularies, EDTF syntax); checks that need the source text or the whole file (quotes found verbatim,
references resolved, dates against publication) live in :mod:`loaders.annotated`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from timeline_kg.temporal import DateError, parse_timespan

# Ids are shared across sources (two articles naming "lloyd-austin" mean the same man), so they are kept plain:
# lower-case words joined by hyphens, readable in Cypher and URLs alike.
ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


def _edtf(value: str) -> str:
    try:
        parse_timespan(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    return value


def _year_as_text(value: object) -> object:
    # YAML reads an unquoted year (date: 2023) as a number; a year is still a valid EDTF date.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


EdtfDate = Annotated[
    str, BeforeValidator(_year_as_text), StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_edtf)
]


class Strict(BaseModel):
    # Validated from JSON (see loaders.annotated): strict types, yet enum values and ISO dates given as text.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    PLACE = "place"
    OFFICE = "office"
    CHANNEL = "channel"  # a standing line of contact between parties: a military hotline, a dialogue mechanism
    TOPIC = "topic"


class EventKind(StrEnum):
    """What sort of thing happened. Documented in docs/annotation-format.md."""

    MEETING = "meeting"  # face to face, two or more parties
    CALL = "call"  # phone or video call
    VISIT = "visit"  # one party travels to another
    SUMMIT = "summit"  # meeting of heads of state or government
    TALKS = "talks"  # rounds of working-level or military talks
    APPOINTMENT = "appointment"
    DISMISSAL = "dismissal"
    SUSPENSION = "suspension"  # contact or cooperation frozen
    RESUMPTION = "resumption"
    INCIDENT = "incident"
    STATEMENT = "statement"  # a statement, briefing or announcement
    AGREEMENT = "agreement"
    ELECTION = "election"
    INAUGURATION = "inauguration"
    CANCELLATION = "cancellation"  # a planned event called off
    CLASH = "clash"  # confrontation between forces or vessels


class EventStatus(StrEnum):
    OCCURRED = "occurred"
    EXPECTED = "expected"  # reported as anticipated by others
    PLANNED = "planned"  # scheduled by the parties themselves
    CANCELLED = "cancelled"


class Role(StrEnum):
    PARTICIPANT = "participant"
    HOST = "host"
    VISITOR = "visitor"
    INITIATOR = "initiator"  # the party that acted: froze contact, dismissed, appointed
    SUBJECT = "subject"  # the party acted upon: the official dismissed or appointed, the object found
    SPEAKER = "speaker"
    CANDIDATE = "candidate"
    TARGET = "target"  # the party an act is aimed at or in protest against


class ChannelState(StrEnum):
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    ADVANCED = "advanced"  # agreed to deepen or widen
    USED = "used"  # contact took place over it


class RelationType(StrEnum):
    """Event-to-event relations; each is read "from ... to": the from-event CAUSED the to-event, etc."""

    CAUSED = "caused"
    LED_TO = "led_to"
    IN_RESPONSE_TO = "in_response_to"  # the from-event responds to the to-event
    PART_OF = "part_of"  # the from-event is part of the to-event


class DateBasis(StrEnum):
    STATED = "stated"  # the text or its page says when it was published
    INFERRED = "inferred"  # read from the text's own clues ("this week", a weekday); the note says how
    UNKNOWN = "unknown"  # nothing says when: ``published`` is null and dates relative to publication stay open


class Evidence(Strict):
    """Words of the source that support a fact, copied verbatim (whitespace included)."""

    quote: Text
    occurrence: Annotated[int, Field(ge=1)] = 1  # which occurrence, when the words appear more than once


class Review(Strict):
    """A machine-drafted fact awaiting a reviewer (``timeline-kg draft``): why it was proposed and how sure the
    extractor is. A reviewer accepts the fact by deleting this marker, or edits or deletes the fact."""

    reason: Text
    confidence: Annotated[float, Field(ge=0, le=1)]
    start: Annotated[int, Field(ge=0)] | None = None  # character offsets of the first quote in the source text
    end: Annotated[int, Field(ge=0)] | None = None


class SourceMeta(Strict):
    id: Id
    title: Text
    publisher: Text  # the original publisher: whose words these are
    republisher: Text | None = None  # the site whose copy was captured, when it is not the original publisher
    url: str | None = None  # where the text was captured from
    original_url: str | None = None  # the original's address, when known and different from ``url``
    republication_of: Id | None = None  # another source in the corpus that is the same release (counted once)
    published: dt.date | None  # None exactly when ``published_basis`` is unknown
    published_basis: DateBasis
    published_note: str | None = None  # why; required unless the date is stated
    text: Text  # path of the raw text, relative to the annotation file
    body_start: str | None = None  # text at which the article starts (skips header lines); quotes come after it
    body_end: str | None = None  # text from which on the capture is page furniture, not article
    truncated: bool = False  # the capture stops mid-text
    language: str = "en"

    @model_validator(mode="after")
    def _publication_is_consistent(self) -> SourceMeta:
        unknown = self.published_basis is DateBasis.UNKNOWN
        if unknown and self.published is not None:
            raise ValueError("published_basis is unknown, so published must be null")
        if not unknown and self.published is None:
            raise ValueError("published is null, so published_basis must be unknown")
        if self.published_basis is not DateBasis.STATED and not (self.published_note or "").strip():
            raise ValueError(f"published_basis {self.published_basis.value} needs a published_note saying why")
        if self.republication_of == self.id:
            raise ValueError("republication_of names the source itself")
        return self


class Entity(Strict):
    id: Id
    kind: EntityKind
    name: Text
    aliases: list[Text] = []
    description: str | None = None
    part_of: Id | None = None  # an office of a country, a place within a country
    parties: list[Id] = []  # for channels: who talks over it
    evidence: list[Evidence] = []
    note: str | None = None
    review: Review | None = None


class Participant(Strict):
    entity: Id
    role: Role = Role.PARTICIPANT
    office: Id | None = None  # the office the entity acted in, when the text says so


class ChannelChange(Strict):
    channel: Id
    state: ChannelState


class Event(Strict):
    """An event the source DEFINES (``id``, with title and kind), or one defined by another source that this
    source REPORTS too (``same_as``: the other event's id). Either way the date, its words and the status are this
    source's claims, and so are the title, kind and place when given."""

    id: Id | None = None
    same_as: Id | None = None
    title: Text | None = None
    kind: EventKind | None = None
    date: EdtfDate
    date_text: Text  # the source's own words for when
    status: EventStatus
    participants: list[Participant] = []
    place: Id | None = None
    topics: list[Id] = []
    channel_changes: list[ChannelChange] = []
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    note: str | None = None
    review: Review | None = None

    @model_validator(mode="after")
    def _defines_or_reports(self) -> Event:
        if (self.id is None) == (self.same_as is None):
            raise ValueError(
                "give either id (this source defines the event) or same_as (it reports one defined elsewhere)"
            )
        if self.id is not None and (self.title is None or self.kind is None):
            raise ValueError("an event defined here (id) needs a title and a kind")
        return self

    @property
    def ref(self) -> str:
        """The event's id, whether defined here or reported with ``same_as``."""
        ident = self.id or self.same_as
        assert ident is not None
        return ident


class Relation(Strict):
    id: Id | None = None
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    type: RelationType
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    note: str | None = None
    review: Review | None = None

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Tenure(Strict):
    id: Id
    person: Id
    office: Id
    start: EdtfDate | None = None  # None: the text does not say when the tenure began
    end: EdtfDate | None = None  # None: still held, or the text does not say
    started_by: Id | None = None  # the appointment event
    ended_by: Id | None = None  # the dismissal or succession event
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    note: str | None = None
    review: Review | None = None


class AnnotatedSource(Strict):
    """One source and everything it reports."""

    source: SourceMeta
    entities: list[Entity] = []
    events: list[Event] = []
    relations: list[Relation] = []
    tenures: list[Tenure] = []
    notes: list[str] = []


def is_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None
