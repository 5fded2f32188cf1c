"""Entities recognised with their titles and linked to known ones by name, alias and office; candidate events
with their kind, participants, date and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loaders.draft.article import read_article
from loaders.draft.drafter import Draft, Drafter
from loaders.draft.known import Knowledge, KnownEntity, KnownEvent
from timeline_kg.settings import get_settings

KNOWN = Knowledge(
    [
        KnownEntity("lloyd-austin", "person", "Lloyd Austin", ("Austin",)),
        KnownEntity("wei-fenghe", "person", "Wei Fenghe", ("Wei",)),
        KnownEntity("united-states", "country", "United States", ("US",)),
        KnownEntity("china", "country", "China", ("Beijing",)),
        KnownEntity("us-secretary-of-defense", "office", "US Secretary of Defense", ("Secretary of Defense",),
                    "united-states"),
        KnownEntity("china-minister-of-national-defence", "office", "Chinese Minister of National Defence",
                    ("Chinese defence minister",), "china"),
        KnownEntity("us-china-military-communication", "channel", "US-China military communication",
                    ("military contacts",), None, ("united-states", "china")),
    ],
    [
        KnownEvent("austin-wei-meeting-2022-11", "meeting", "Austin meets Wei", dt.date(2022, 11, 1),
                   dt.date(2022, 11, 30), frozenset({"lloyd-austin", "wei-fenghe"})),
    ],
    "the test's entities",
)


@pytest.fixture(scope="module")
def drafter() -> Drafter:
    return Drafter(get_settings().spacy_pipeline)


def draft(drafter: Drafter, tmp_path: Path, body: str, published: str = "2024-05-31") -> Draft:
    path = tmp_path / "article.txt"
    path.write_text(f"URL: https://www.example.gov/news/1\nPUBLISHED: {published}\n\n{body}\n", encoding="utf-8")
    return drafter.draft(read_article(path), KNOWN, dt.date(2026, 1, 1))


def test_titled_people_link_to_known_people_and_offices(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(
        drafter,
        tmp_path,
        "Secretary of Defense Lloyd J. Austin III met Chinese Defense Minister Adm. Dong Jun today in Singapore. "
        "General Wei was not there.",
    )
    people = {e.id: e for e in result.entities if e.kind == "person"}
    assert people["lloyd-austin"].known and people["lloyd-austin"].office == "us-secretary-of-defense"
    assert people["wei-fenghe"].known  # "General Wei": a rank and a known alias
    assert not people["dong-jun"].known  # unknown: proposed as new, with its office linked by title
    assert people["dong-jun"].office == "china-minister-of-national-defence"
    assert {m.text for m in people["lloyd-austin"].mentions} >= {"Lloyd J. Austin III"}


def test_unknown_people_are_proposed_with_all_their_mentions(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(drafter, tmp_path, "Maj. Gen. Jay Bargeron led the delegation. Bargeron said talks went well.")
    person = next(e for e in result.entities if e.id == "jay-bargeron")
    assert not person.known
    assert [m.text for m in person.mentions] == ["Jay Bargeron", "Bargeron"]


def test_a_meeting_today_with_its_parties_place_and_date(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(drafter, tmp_path, "Secretary of Defense Lloyd J. Austin III met Wei Fenghe today in Singapore.")
    meeting = next(e for e in result.events if e.kind == "meeting")
    assert {p.entity for p in meeting.participants} >= {"lloyd-austin", "wei-fenghe"}
    assert (meeting.date, meeting.status, meeting.date_text) == ("2024-05-31", "occurred", "today")
    assert meeting.place == "singapore"


def test_future_and_expected_events_from_tense_and_modality(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(
        drafter,
        tmp_path,
        "Austin will visit China on Thursday. Wei and Austin are expected to speak soon.",
        published="2024-04-03",
    )
    by_kind = {e.kind: e for e in result.events}
    assert (by_kind["visit"].status, by_kind["visit"].date) == ("planned", "2024-04-04")
    assert (by_kind["call"].status, by_kind["call"].date) == ("expected", "2024-04-03/..")


def test_a_freeze_changes_the_known_channel_and_its_initiator_acts(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(drafter, tmp_path, "China froze military contacts with the US in August 2022.")
    freeze = next(e for e in result.events if e.kind == "suspension")
    assert freeze.channel_changes == [("us-china-military-communication", "suspended")]
    assert any(p.entity == "china" and p.role == "initiator" for p in freeze.participants)
    assert (freeze.date, freeze.status) == ("2022-08", "occurred")


def test_an_event_the_graph_has_is_proposed_as_the_same_event(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(drafter, tmp_path, "Austin met Wei Fenghe in Cambodia in November 2022.")
    meeting = next(e for e in result.events if e.kind == "meeting")
    assert meeting.same_as is not None and meeting.same_as.id == "austin-wei-meeting-2022-11"


def test_an_event_on_other_dates_is_not_the_same_event(drafter: Drafter, tmp_path: Path) -> None:
    result = draft(drafter, tmp_path, "Austin met Wei Fenghe in Singapore in June 2022.")
    assert all(e.same_as is None for e in result.events)
