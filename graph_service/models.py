"""Response models, shared by both stores: what the API promises, whichever store answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from timeline_kg.annotation import ChannelState
from timeline_kg.temporal import Precision, RangeRelation


class Model(BaseModel):
    model_config = ConfigDict(frozen=False, use_enum_values=False)


class Span(Model):
    """A date as the source gave it: EDTF text, inclusive bounds (``null`` = open) and precision."""

    edtf: str = Field(examples=["2022-11"])
    lower: dt.date | None = Field(examples=["2022-11-01"], description="Earliest possible day; null: open")
    upper: dt.date | None = Field(examples=["2022-11-30"], description="Latest possible day; null: open")
    precision: Precision = Field(examples=["month"])
    text: str | None = Field(default=None, description="The source's own words for when", examples=["in November 2022"])


class Citation(Model):
    """Verbatim words of a source, at ``text[start:end]`` of its stored text."""

    source: str = Field(examples=["scmp-2024-04-03-us-china-defence-chiefs"])
    quote: str
    start: int
    end: int
    kind: str | None = Field(default=None, description="'evidence', or 'mention' for the first naming of an entity")


class Ref(Model):
    """A node named by id, with what a reader needs to recognise it."""

    id: str
    name: str
    kind: str | None = None


class KnownAt(Model):
    """An answer as known on a day: only the claims of sources published on or before it."""

    date: dt.date
    sources_excluded_unknown_publication: int = Field(
        description="Sources left out because their publication day is unknown"
    )
    sources_excluded_later: int = Field(description="Sources left out because they were published after the day")


class EventSummary(Model):
    id: str = Field(examples=["austin-wei-meeting-2022-11"])
    title: str = Field(description="The defining source's title, else the earliest source's; else the id")
    kind: str | None = Field(examples=["meeting"], description="Null only when no source (known then) gives one")
    status: str = Field(examples=["occurred"], description="Derived from the sources' status claims")
    date: Span = Field(description="The intersection of the sources' date claims (their hull when they conflict)")
    conflicting: bool = Field(default=False, description="The sources' dates share no day: see /conflicts")
    corroboration: int = Field(
        default=1, description="Independent sources reporting it (republications of one original count once)"
    )


class TimelineItem(EventSummary):
    relation: RangeRelation | None = Field(
        default=None,
        description="How the event's date relates to the from/to range: within (every possible day inside) or "
        "overlaps (some). Null when no range was given.",
    )


class Page(Model):
    limit: int
    next_cursor: str | None = Field(description="Pass as ?cursor= to get the next page; null on the last page")


class Timeline(Model):
    items: list[TimelineItem]
    page: Page
    known_at: KnownAt | None = None


class Participant(Model):
    actor: Ref
    role: str = Field(examples=["participant"])
    office: Ref | None = None


class ChannelChange(Model):
    channel: Ref
    state: str = Field(examples=["suspended"])


class RelatedEvent(Model):
    """An event one hop away through a cause or part relation, with the relation's own evidence."""

    relation: str = Field(examples=["IN_RESPONSE_TO"], description="Relationship type in the graph")
    direction: Literal["outgoing", "incoming"] = Field(description="outgoing: (this)-[relation]->(other)")
    event: EventSummary
    note: str | None = None
    evidence: list[Citation]


class SourceQuotes(Model):
    id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: dt.date | None
    quotes: list[Citation]


class Claim(Model):
    """What one source says about an event: its date (EDTF, bounds, its words), status, and the words it says it in."""

    source: str
    publisher: str | None
    published: dt.date | None = Field(description="Null: the source's publication day is unknown")
    defines: bool = Field(description="This source defines the event; the others report it with same_as")
    date: Span
    status: str
    title: str | None
    kind: str | None
    place: str | None
    quote: Citation | None


class EventDetail(EventSummary):
    note: str | None
    participants: list[Participant]
    place: Ref | None
    topics: list[Ref]
    channel_changes: list[ChannelChange]
    causes: list[RelatedEvent] = Field(description="Events that caused or led to this one, or that it responds to")
    effects: list[RelatedEvent] = Field(description="Events this one caused or led to, or that respond to it")
    part_of: list[RelatedEvent] = Field(description="Events this one is part of")
    parts: list[RelatedEvent] = Field(description="Events that are part of this one")
    sources: list[SourceQuotes]
    claims: list[Claim] = Field(description="Each source's claim, by publication day (unknown last), then source")
    known_at: KnownAt | None = None


class Conflict(Model):
    """An event whose sources' dates share no day: every claim, with its source and quote."""

    event: EventSummary
    claims: list[Claim]


class Conflicts(Model):
    items: list[Conflict] = Field(description="In timeline order")
    known_at: KnownAt | None = None


class ActorSummary(Ref):
    aliases: list[str]
    event_count: int


class OfficeHeld(Model):
    office: Ref
    tenure: str = Field(description="Id of the :Tenure node")
    start: Span | None = Field(description="Null: the sources do not say when it began")
    end: Span | None = Field(description="Null: still held, or the sources do not say")


class ActorEvent(Model):
    event: EventSummary
    role: str
    office: Ref | None


class ActorDetail(ActorSummary):
    description: str | None
    note: str | None
    offices: list[OfficeHeld]
    events: list[ActorEvent] = Field(description="In timeline order")
    known_at: KnownAt | None = None


# The channel states that open an interval (timeline_kg.annotation.ChannelState has all of them).
IntervalState = Literal[ChannelState.SUSPENDED, ChannelState.RESUMED]


class StateChange(Model):
    """One CHANGED_STATE relationship: the event, the state it records, and the event's evidence."""

    event: EventSummary
    state: str
    evidence: list[Citation]


class Interval(Model):
    state: IntervalState
    start: Span = Field(description="When the opening event happened, as uncertain as the sources leave it")
    end: Span | None = Field(description="When the closing event happened; null: still in this state")
    opened_by: StateChange
    closed_by: StateChange | None
    activity: list[StateChange] = Field(
        description="Other changes recorded on the channel in the interval (used, advanced)"
    )


class StateAt(Model):
    at: dt.date
    state: IntervalState | None = Field(description="Null: no suspension or resumption is recorded before the date")
    certain: bool = Field(
        description="False when a state change's date bounds straddle the date: it may or may not have happened yet"
    )
    possible_states: list[IntervalState | None] = Field(description="Every state the channel may have been in")
    interval: Interval | None
    uncertain_changes: list[StateChange] = Field(description="The changes whose bounds straddle the date")


class ChannelSummary(Ref):
    aliases: list[str]
    parties: list[Ref]
    state: IntervalState | None = Field(description="Current state: that of the last suspension or resumption")
    since: Span | None
    changed_by: EventSummary | None


class ChannelHistory(Model):
    channel: ChannelSummary
    intervals: list[Interval]
    before_first_change: list[StateChange] = Field(description="Changes recorded before any suspension or resumption")
    at: StateAt | None = None
    known_at: KnownAt | None = None


class PathNode(Model):
    element: Literal["node"] = "node"
    id: str
    label: str = Field(examples=["Event"])
    kind: str | None = Field(examples=["person"])
    name: str
    date: Span | None = Field(description="Events: their date; tenures: their start")


class PathRelationship(Model):
    element: Literal["relationship"] = "relationship"
    type: str = Field(examples=["IN_RESPONSE_TO"])
    start: str = Field(description="Id of the node the relationship points from")
    end: str
    properties: dict[str, Any] = Field(description="role, office, state, note: whatever the relationship holds")


PathElement = Annotated[PathNode | PathRelationship, Field(discriminator="element")]


class Path(Model):
    hops: int
    elements: list[PathElement] = Field(description="node, relationship, node, ... from `from` to `to`")


class Paths(Model):
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    mode: str
    paths: list[Path]
    known_at: KnownAt | None = None

    model_config = ConfigDict(populate_by_name=True)


class Health(Model):
    status: Literal["ok"] = "ok"


class Ready(Model):
    status: Literal["ready"] = "ready"
    store: str


# TimelineJS3 (https://timeline.knightlab.com/docs/json-format.html): only what this API fills in.
class TLDate(Model):
    year: int
    month: int | None = None
    day: int | None = None
    display_date: str | None = None


class TLText(Model):
    headline: str
    text: str | None = None


class TLSlide(Model):
    start_date: TLDate | None = None
    end_date: TLDate | None = None
    text: TLText
    group: str | None = None
    display_date: str | None = None
    unique_id: str | None = None


class TimelineJS(Model):
    title: TLSlide
    events: list[TLSlide]
