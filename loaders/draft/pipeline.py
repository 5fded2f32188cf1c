"""The spaCy pipeline, loaded once per process: loading costs seconds, parsing an article a fraction of one."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from loaders.draft.article import DraftInputError


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """Captured pages put headlines, datelines and captions on lines of their own, without a full stop; a line
    break ends a sentence. Set before the parser, which keeps boundaries already set."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads anything."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise DraftInputError(
            f"spaCy pipeline {name!r} is not installed: run `make venv` (installs the pinned one from "
            "requirements/english-pipeline.txt) or install another and set TIMELINE_KG_SPACY_PIPELINE"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks_end_sentences", before="parser")
    return nlp
