"""Temporal expressions of each family, resolved to EDTF against the publication date with the clause's tense."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from loaders.draft.pipeline import load_pipeline
from loaders.draft.tense import Modality, Tense, clause_of
from loaders.draft.timexes import find
from timeline_kg.settings import get_settings

WEDNESDAY = dt.date(2024, 4, 3)
MONDAY = dt.date(2024, 9, 16)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(get_settings().spacy_pipeline)


def dates(nlp: Language, text: str, dct: dt.date | None) -> dict[str, str | None]:
    doc = nlp(text)
    return {t.text: t.edtf for t in find(doc, text, 0, len(text), dct)}


@pytest.mark.parametrize(
    ("text", "words", "edtf"),
    [
        ("Delegations met in Qingdao, China, Nov. 6-8, 2024.", "Nov. 6-8, 2024", "2024-11-06/2024-11-08"),
        ("The session runs Dec. 14-16, 2021.", "Dec. 14-16, 2021", "2021-12-14/2021-12-16"),
        ("The readout was issued 04/26/2024 by the department.", "04/26/2024", "2024-04-26"),
        ("The agreement was signed in January 1998 by both sides.", "in January 1998", "1998-01"),
        ("The two met on June 10, 2022, in Singapore.", "June 10, 2022", "2022-06-10"),
        ("The talks were held Nov. 2023 in California.", "Nov. 2023", "2023-11"),
        ("OCTOBER 27, 2023", "OCTOBER 27, 2023", "2023-10-27"),
    ],
)
def test_absolute_dates_keep_their_precision(nlp: Language, text: str, words: str, edtf: str) -> None:
    assert dates(nlp, text, WEDNESDAY)[words] == edtf


@pytest.mark.parametrize(
    ("text", "words", "edtf"),
    [
        ("Austin met Dong Jun today in Singapore.", "today", "2024-04-03"),
        ("The ministers spoke yesterday by phone.", "yesterday", "2024-04-02"),
        ("Yellen will arrive in China on Thursday.", "on Thursday", "2024-04-04"),
        ("Yellen arrived in China on Thursday.", "on Thursday", "2024-03-28"),
        ("Biden and Xi met in Bali last November.", "last November", "2023-11"),
        ("The working group met earlier this year in Honolulu.", "earlier this year", "2024-01-01/2024-04-02"),
        ("The delegation concluded talks over the weekend.", "over the weekend", "2024-03-30/2024-03-31"),
        ("The presidents spoke by phone this week.", "this week", "2024-04-01/2024-04-03"),
        ("The two countries are planning to hold talks in Hawaii this week.", "this week", "2024-04-01/2024-04-07"),
        ("Dong Jun was appointed in December.", "in December", "2023-12"),
        ("The ministers will meet in December.", "in December", "2024-12"),
        ("Efforts faltered last year.", "last year", "2023"),
        ("A call between the chiefs is expected soon.", "soon", "2024-04-03/.."),
        ("Blinken will visit in the coming weeks.", "in the coming weeks", "2024-04-03/.."),
    ],
)
def test_relative_dates_resolve_against_publication_and_tense(
    nlp: Language, text: str, words: str, edtf: str
) -> None:
    assert dates(nlp, text, WEDNESDAY)[words] == edtf


def test_last_month_name_in_that_month_means_the_year_before(nlp: Language) -> None:
    assert dates(nlp, "They met in Bali last November.", dt.date(2023, 11, 15))["last November"] == "2022-11"


def test_weekend_and_weekday_from_a_monday(nlp: Language) -> None:
    found = dates(nlp, "The talks concluded over the weekend, an official said Sunday.", MONDAY)
    assert found["over the weekend"] == "2024-09-14/2024-09-15"
    assert found["Sunday"] == "2024-09-15"


def test_month_and_day_without_a_year_take_the_publication_year(nlp: Language) -> None:
    assert dates(nlp, "The commanders held a call Sept. 9.", dt.date(2024, 9, 9))["Sept. 9"] == "2024-09-09"


def test_a_duration_ending_at_publication_dates_its_start(nlp: Language) -> None:
    text = "The ministers are expected to end a 17-month hiatus and speak soon."
    assert dates(nlp, text, WEDNESDAY)["17-month hiatus"] == "2022-11"


def test_unknown_publication_leaves_relative_dates_open_and_keeps_absolute_ones(nlp: Language) -> None:
    found = dates(nlp, "Austin spoke today with Wei. The pact was signed in January 1998.", None)
    assert found["today"] is None
    assert found["in January 1998"] == "1998-01"


def test_unknown_publication_reads_this_year_against_the_texts_own_year(nlp: Language) -> None:
    text = "The plenary met Nov. 6-8, 2024. It builds on the working group held earlier this year."
    assert dates(nlp, text, None)["earlier this year"] == "2024"


def test_a_name_that_looks_like_a_month_is_no_date(nlp: Language) -> None:
    found = dates(nlp, "Chinese Defense Minister Dong Jun may visit. Janet Yellen spoke.", WEDNESDAY)
    assert not any(words in found for words in ("Jun", "May", "Jan"))


def test_body_without_dates_finds_none(nlp: Language) -> None:
    assert dates(nlp, "The two sides discussed maritime safety and communication.", WEDNESDAY) == {}


@pytest.mark.parametrize(
    ("text", "word", "tense", "modality"),
    [
        ("Yellen will arrive in China.", "arrive", Tense.FUTURE, Modality.PLAN),
        ("The ministers are expected to speak soon.", "speak", Tense.FUTURE, Modality.EXPECTATION),
        ("The countries were planning to hold talks.", "hold", Tense.FUTURE, Modality.PLAN),
        ("The first meeting has yet to take place.", "take", Tense.FUTURE, Modality.EXPECTATION),
        ("China froze military contacts.", "froze", Tense.PAST, Modality.FACT),
        ("Senior commanders have spoken.", "spoken", Tense.PAST, Modality.FACT),
        ("The talks could resume next month.", "resume", Tense.FUTURE, Modality.EXPECTATION),
    ],
)
def test_tense_and_modality_of_the_clause(
    nlp: Language, text: str, word: str, tense: Tense, modality: Modality
) -> None:
    doc = nlp(text)
    clause = clause_of(next(t for t in doc if t.text == word))
    assert (clause.tense, clause.modality) == (tense, modality)
