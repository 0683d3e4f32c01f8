"""Repairs to two parse errors of the small English model (``data/parse_repairs.yaml``).

A component at the end of the pipeline (``tocsin_parse_repairs``) rewrites, per sentence:

* an infinitive complement read as a purpose: "threatened on Sunday to impose tariffs"
  (``advcl`` → ``xcomp`` after the verbs the data file lists, when no object stands between);
* a finite verb read as a clause on its subject: "A special tribunal in Dhaka sentenced ..."
  (the root noun becomes the subject of the past-tense verb, which becomes the root).

Everything downstream (the coder, the ranker, the quotes) reads the repaired tree.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

COMPONENT = "tocsin_parse_repairs"


def add_parse_repairs(nlp: Any) -> None:
    """Add the repair component at the end of the pipeline, where the lemmas it reads are
    set (once)."""
    if "parser" not in nlp.pipe_names or COMPONENT in nlp.pipe_names:
        return
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=repair)
    nlp.add_pipe(COMPONENT, last=True)


def repair(doc: Any) -> Any:
    for sent in doc.sents:
        _root_clause(sent)
        for tok in sent:
            if _infinitive_complement(tok):
                tok.dep_ = "xcomp"
    return doc


def _infinitive_complement(tok: Any) -> bool:
    """ "threatened on Sunday to impose": a to-infinitive on a complement-taking verb."""
    head = tok.head
    if tok.dep_ != "advcl" or tok.tag_ != "VB" or head.i > tok.i or head.pos_ != "VERB":
        return False
    if head.lemma_.lower() not in _infinitive_verbs():
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" and c.i == tok.i - 1 for c in tok.children):
        return False
    # "urged Iran on Monday to halt": an object between them makes it the object's act
    return not any(c.dep_ in ("dobj", "dative") and c.i < tok.i for c in head.children)


def _root_clause(sent: Any) -> None:
    """ "A special tribunal in Dhaka sentenced X": make the past-tense verb the root."""
    root = sent.root
    if root.pos_ not in ("NOUN", "PROPN") or root.left_edge.i != sent.start:
        return
    verb = next(
        (c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBD" and c.i > root.i),
        None,
    )
    if verb is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    after = [c for c in root.children if c.i > verb.i]
    verb.head = verb
    verb.dep_ = "ROOT"
    root.head = verb
    root.dep_ = "nsubj"
    for c in after:
        c.head = verb


@functools.lru_cache(maxsize=1)
def _infinitive_verbs() -> frozenset[str]:
    from tocsin.events.lexicon import load_yaml

    text = resources.files("tocsin").joinpath("data/parse_repairs.yaml").read_text("utf-8")
    data = load_yaml(text) or {}
    return frozenset(str(w) for w in data.get("infinitive_verbs") or ())
