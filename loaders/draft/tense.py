"""Past or future from the verb: tense, auxiliaries and modality of the clause that governs a word.

spaCy gives the parse and the Penn tags; the rules here read them the way a reviewer would: "will arrive" is
planned, "are expected to speak" expected, "froze" occurred, "has yet to take place" expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Token


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


class Modality(StrEnum):
    FACT = "fact"  # reported as happened or happening
    PLAN = "plan"  # scheduled or decided by the parties: will, plan to, scheduled to
    EXPECTATION = "expectation"  # anticipated, hoped, possible: expected to, may, soon, yet to


@dataclass(frozen=True, slots=True)
class Clause:
    verb: Token | None
    tense: Tense
    modality: Modality
    cue: str  # the words that decided it, for the review marker


_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
_HEDGE_AUX = {"may", "might", "could", "would", "should", "can"}
_EXPECT = {"expect", "anticipate", "hope", "want", "seek", "aim", "intend", "likely", "poise", "need", "look"}
_PLAN = {"plan", "schedule", "set", "prepare", "arrange", "decide", "due", "slate", "go"}
# Prepositions whose object happened before what they attach to ("following the call", "after the meeting").
_BEFORE_PREPS = {"following", "after", "since"}


def governing_verb(token: Token) -> Token | None:
    """The nearest verb (or auxiliary acting as a verb) at or above ``token`` in the parse."""
    node: Token | None = token
    for _ in range(12):
        if node is None:
            return None
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def after_preposition(token: Token) -> bool:
    """True when ``token`` sits under "following/after/since": what it names came before the clause's event."""
    node = token
    for _ in range(6):
        if node.lower_ in _BEFORE_PREPS and node.i != token.i:
            return True
        if node.head is node or node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def clause_of(token: Token) -> Clause:
    """Tense and modality of the clause governing ``token`` (a trigger word or a date's head)."""
    verb = governing_verb(token)
    if verb is None:
        return Clause(None, Tense.PRESENT, Modality.FACT, "no verb")
    return _read(verb)


def _aux_words(verb: Token) -> list[str]:
    return [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]


def _read(verb: Token) -> Clause:
    chain = [verb]
    node = verb
    # Up through control verbs: "expected to END", "planning to HOLD", "has yet to TAKE place".
    while node.dep_ in ("xcomp", "conj", "acomp") and node.head is not node and len(chain) < 4:
        node = node.head
        chain.append(node)
    for link in chain:
        lemma = link.lemma_.lower()
        if any(child.lower_ == "yet" for child in link.children) and link is not verb:
            return Clause(verb, Tense.FUTURE, Modality.EXPECTATION, f"yet to {verb.text}")
        if link is not verb and lemma in _EXPECT:
            return Clause(verb, Tense.FUTURE, Modality.EXPECTATION, f"{link.text} to {verb.text}")
        if link is not verb and lemma in _PLAN:
            return Clause(verb, Tense.FUTURE, Modality.PLAN, f"{link.text} to {verb.text}")
    for link in chain:
        auxes = _aux_words(link)
        if any(a in _FUTURE_AUX for a in auxes):
            return Clause(verb, Tense.FUTURE, Modality.PLAN, f"will {link.text}")
        if any(a in _HEDGE_AUX for a in auxes):
            return Clause(verb, Tense.FUTURE, Modality.EXPECTATION, f"{auxes[0]} {link.text}")
    head = chain[-1]
    if verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl", "relcl") and any(
        c.lower_ == "to" for c in verb.children
    ):
        # A bare "to be held" with no controlling verb we know: ahead of the clause it hangs on.
        return Clause(verb, Tense.FUTURE, Modality.EXPECTATION, f"to {verb.text}")
    return _finite(verb, head)


def _finite(verb: Token, head: Token) -> Clause:
    for link in (verb, head):
        auxes = _aux_words(link)
        if link.tag_ == "VBD" or any(a in ("did", "had", "was", "were") for a in auxes):
            return Clause(verb, Tense.PAST, Modality.FACT, f"past: {link.text}")
        if link.tag_ == "VBN" and any(a in ("has", "have", "'ve") for a in auxes):
            return Clause(verb, Tense.PAST, Modality.FACT, f"perfect: {' '.join(auxes)} {link.text}")
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "amod"):
        return Clause(verb, Tense.PAST, Modality.FACT, f"participle: {verb.text}")
    return Clause(verb, Tense.PRESENT, Modality.FACT, f"present: {verb.text}")
