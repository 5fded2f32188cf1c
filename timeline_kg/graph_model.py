"""The graph's vocabulary, in one place: labels, relationship types, and the batch every loader produces.

Documented for analysts in ``docs/graph-model.md``. Both stores (Neo4j and the embedded networkx graph) are filled
from a :class:`GraphBatch`, so they hold the same nodes and relationships by construction. Labels and types are
closed enums because Cypher cannot take them as parameters everywhere; nothing outside these enums ever reaches a
query as a label or type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args


class Label(StrEnum):
    """Primary labels: every node has exactly one, and its id is unique under it."""

    SOURCE = "Source"
    EVENT = "Event"
    ENTITY = "Entity"
    TENURE = "Tenure"


class EntityLabel(StrEnum):
    """The second label of an :Entity node, one per entity kind."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    COUNTRY = "Country"
    PLACE = "Place"
    OFFICE = "Office"
    CHANNEL = "Channel"
    TOPIC = "Topic"


class RelType(StrEnum):
    PARTICIPATED_IN = "PARTICIPATED_IN"  # (Entity)->(Event) {role, office}
    OCCURRED_IN = "OCCURRED_IN"  # (Event)->(Entity:Place|Country)
    ABOUT = "ABOUT"  # (Event)->(Entity:Topic)
    CHANGED_STATE = "CHANGED_STATE"  # (Event)->(Entity:Channel) {state}
    CAUSED = "CAUSED"  # (Event)->(Event)
    LED_TO = "LED_TO"
    IN_RESPONSE_TO = "IN_RESPONSE_TO"
    PART_OF = "PART_OF"  # (Event)->(Event) or (Entity)->(Entity)
    BETWEEN = "BETWEEN"  # (Entity:Channel)->(Entity) party to the channel
    HELD = "HELD"  # (Entity:Person)->(Tenure)
    OF_OFFICE = "OF_OFFICE"  # (Tenure)->(Entity:Office)
    STARTED = "STARTED"  # (Event)->(Tenure)
    ENDED = "ENDED"  # (Event)->(Tenure)
    REPORTED_BY = "REPORTED_BY"  # (Event|Tenure|Entity)->(Source) {quote, start, end}: provenance
    # (Event|Tenure|Entity)->(Source) {key: source id, defines, date..., status, title, ...}: what that one source
    # says about the node; the node's own properties are derived from all its claims (timeline_kg.claims).
    CLAIMED_BY = "CLAIMED_BY"


# The entity kinds (timeline_kg.annotation.EntityKind values) that can act in events: take part, hold an office,
# be party to a channel. A Literal so that the API can take it as a parameter type; a unit test keeps it a subset
# of EntityKind.
ActorKind = Literal["person", "organisation", "country", "office"]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)

# Event-to-event relations that carry cause and effect; the /paths causal mode follows only these.
CAUSAL_TYPES: tuple[RelType, ...] = (RelType.CAUSED, RelType.LED_TO, RelType.IN_RESPONSE_TO, RelType.PART_OF)


@dataclass(frozen=True, slots=True)
class Quote:
    """Verbatim words of a source, at ``text[start:end]``."""

    source: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class NodeRecord:
    label: Label
    id: str
    props: dict[str, Any]
    kind_label: EntityLabel | None = None  # second label, for entities


@dataclass(slots=True)
class RelRecord:
    type: RelType
    start: tuple[Label, str]
    end: tuple[Label, str]
    # Distinguishes parallel relationships of one type between the same two nodes (two quotes from one event).
    key: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Quote] = field(default_factory=list)  # for relationship facts: quotes kept on the relationship


@dataclass(slots=True)
class GraphBatch:
    """Everything one source asserts. Loading it replaces what that source asserted before."""

    source_id: str
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    claims: list[RelRecord] = field(default_factory=list)  # CLAIMED_BY: this source's version of each node

    def claim_rows(self) -> list[dict[str, Any]]:
        """Claims with their absent properties left out (a claim is replaced whole when it changes)."""
        return [
            {
                "label": c.start[0].value,
                "id": c.start[1],
                "props": {"key": c.key} | {k: v for k, v in c.props.items() if v is not None},
            }
            for c in self.claims
        ]

    def node_rows(self, label: Label) -> list[dict[str, Any]]:
        return [
            {"id": n.id, "kind": n.kind_label.value if n.kind_label else None, "props": n.props}
            for n in self.nodes
            if n.label is label
        ]

    def rel_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "type": r.type.value,
                "fromLabel": r.start[0].value,
                "from": r.start[1],
                "toLabel": r.end[0].value,
                "to": r.end[1],
                "key": r.key,
                "props": r.props,
                "quotes": [q.text for q in r.evidence],
                "starts": [q.start for q in r.evidence],
                "ends": [q.end for q in r.evidence],
            }
            for r in self.rels
        ]
