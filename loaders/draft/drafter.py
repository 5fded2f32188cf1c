"""The drafter: one spaCy pipeline per process, then each article in a fraction of a second."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.language import Language

from loaders.draft import entities as entity_rules
from loaders.draft import events as event_rules
from loaders.draft import timexes
from loaders.draft.article import Article
from loaders.draft.entities import DraftEntity
from loaders.draft.events import DraftEvent
from loaders.draft.known import Knowledge
from loaders.draft.pipeline import load_pipeline
from loaders.draft.timexes import Timex

# Where a captured page's article ends and its furniture begins (syndication lines, copyright, link lists).
_FURNITURE = re.compile(
    r"^(?:This article (?:originally )?appeared|Copyright|©|All rights reserved|More from|Related (?:Articles|Stories"
    r"|Books)|Read more|Sign up for|Subscribe to)",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Draft:
    article: Article
    body_end: int
    timexes: list[Timex]
    entities: list[DraftEntity]
    events: list[DraftEvent]
    knowledge: Knowledge
    pipeline: str
    drafted_on: dt.date


class Drafter:
    def __init__(self, pipeline: str) -> None:
        self.pipeline_name = pipeline
        self.nlp: Language = load_pipeline(pipeline)

    def draft(self, article: Article, knowledge: Knowledge, drafted_on: dt.date | None = None) -> Draft:
        today = drafted_on or dt.date.today()
        text, start = article.text, article.body_start
        furniture = _FURNITURE.search(text, start)
        end = furniture.start() if furniture is not None and furniture.start() > start else len(text)
        # The header is blanked (line breaks: a sentence ends there), the furniture cut, so that every offset
        # still points into the text.
        doc = self.nlp("\n" * start + text[start:end])
        found_timexes = timexes.find(doc, text, start, end, article.published, today)
        found_entities = entity_rules.recognise(doc, text, start, end, knowledge)
        context = event_rules.Context(doc, text, article.published, today, found_entities, found_timexes, knowledge)
        found_events = event_rules.propose(context, start, end)
        meta = self.nlp.meta
        name = f"{meta.get('lang', '')}_{meta.get('name', self.pipeline_name)} {meta.get('version', '')}".strip(" _")
        return Draft(article, end, found_timexes, found_entities, found_events, knowledge, name, today)
