"""Each vocabulary is defined once: the narrower ones the API takes are drawn from the domain's enums."""

from __future__ import annotations

from typing import get_args

from graph_service import models as m
from timeline_kg.annotation import ChannelState, EntityKind
from timeline_kg.graph_model import ACTOR_KINDS, EntityLabel


def test_actor_kinds_are_entity_kinds() -> None:
    assert set(ACTOR_KINDS) < {k.value for k in EntityKind}
    assert {EntityLabel[k.upper()].value for k in ACTOR_KINDS} == {"Person", "Organisation", "Country", "Office"}


def test_interval_states_are_channel_states() -> None:
    states = get_args(m.IntervalState)
    assert all(isinstance(s, ChannelState) for s in states)
    assert {s.value for s in states} == {"suspended", "resumed"}
