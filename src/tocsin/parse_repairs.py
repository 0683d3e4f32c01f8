"""Repairs to two parse errors of the small English model (``data/parse_repairs.yaml``).

A component at the end of the pipeline (``tocsin_parse_repairs``) rewrites, per sentence:

* an infinitive complement read as a purpose: "threatened on Sunday to impose tariffs"
  (``advcl`` → ``xcomp`` after the verbs the data file lists, when no object stands between);
* a finite verb read as a clause on its subject: "A special tribunal in Dhaka sentenced ..."
  (the root noun becomes the subject of the past-tense verb, which becomes the root);
* a past-tense verb joined to an infinitive ("ordered troops to leave and expelled the
  ambassador": the conjunct of "ordered", not of "leave").

``HeadlineRepair`` re-parses a Title Case headline whose verb was read as a noun ("Houthis
Fire Missile At Tel Aviv") with the verb in the past tense, and lays that parse on the
headline's own words. Everything downstream (the coder, the ranker, the quotes) reads the
repaired trees.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
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
            if _mistagged_infinitive(tok):
                tok.pos_, tok.tag_ = "VERB", "VB"
            if _infinitive_complement(tok):
                tok.dep_ = "xcomp"
            if _finite_conjunct(tok):
                _rehang_conjunct(tok)
    return doc


def _finite_conjunct(tok: Any) -> bool:
    """ "ordered French troops to leave the country and expelled France's ambassador": a
    past-tense verb cannot be joined to an infinitive; it is the ordering verb's conjunct."""
    head = tok.head
    return bool(
        tok.dep_ == "conj"
        and tok.tag_ == "VBD"
        and head.tag_ == "VB"
        and head.dep_ == "xcomp"
        and head.head.tag_ == "VBD"
    )


def _rehang_conjunct(tok: Any) -> None:
    old, new = tok.head, tok.head.head
    for c in old.children:
        if c.dep_ == "cc" and c.i < tok.i and c.i > old.i:
            c.head = new
    tok.head = new


def _mistagged_infinitive(tok: Any) -> bool:
    """ "voted on Tuesday to authorise a new force": "to" before it and an object after it
    make a verb, whatever the tagger said ("authorise" read as an adverb)."""
    return (
        tok.pos_ != "VERB"
        and _to_before(tok)
        and any(c.dep_ == "dobj" and c.i > tok.i for c in tok.children)
    )


def _to_before(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" and c.i == tok.i - 1 for c in tok.children)


def _infinitive_complement(tok: Any) -> bool:
    """ "threatened on Sunday to impose": a to-infinitive on a complement-taking verb."""
    head = tok.head
    if tok.dep_ != "advcl" or tok.tag_ != "VB" or head.i > tok.i or head.pos_ != "VERB":
        return False
    if head.lemma_.lower() not in _words("infinitive_verbs"):
        return False
    if not _to_before(tok):
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


@dataclass(frozen=True, slots=True)
class _Reparse:
    """A headline's re-parse: the rewritten words (a ``Doc``), where each headline word
    went, the verb's index and lemma."""

    words: Any
    keep: list[int]
    verb: int
    lemma: str


class HeadlineRepair:
    """Re-parse a headline whose verb the model read as a noun (``data/parse_repairs.yaml``,
    3). ``verbs`` are the lemmas that may be the headline's act (the trigger lexicon's)."""

    def __init__(self, nlp: Any, verbs: Iterable[str]) -> None:
        self.nlp = nlp
        self.verbs = frozenset(verbs)
        self._past = _past_forms(nlp)

    @classmethod
    def from_settings(cls, settings: Any, nlp: Any) -> HeadlineRepair:
        """The repair for the trigger lexicon the settings name (``extract.lexicon_files``)."""
        return cls(nlp, _lexicon_verbs(tuple(settings.extract.lexicon_files)))

    def __call__(self, doc: Any) -> Any:
        """``doc`` (one headline) with the repaired parse, or ``doc`` itself."""
        return self.repair_all([doc])[0]

    def repair_all(self, docs: list[Any]) -> list[Any]:
        """Each headline of ``docs`` repaired, or itself; the re-parses go through the model
        as one batch."""
        plans = [self._plan(doc) for doc in docs]
        todo = [(i, plan) for i, plan in enumerate(plans) if plan is not None]
        out = list(docs)
        texts = (plan.words for _, plan in todo)
        for (i, plan), reparsed in zip(todo, self.nlp.pipe(texts), strict=True):
            out[i] = self._finish(docs[i], reparsed, plan)
        return out

    def _plan(self, doc: Any) -> _Reparse | None:
        """What to re-parse for ``doc`` (its verb written in the past tense, an article
        before a bare object), or None where the parse stands."""
        verb = self._verb(doc)
        if verb is None or any(
            t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") and t.i != verb and not _credit(t, verb)
            for t in doc
        ):
            return None  # "Obama Says Iran Talks Fail": the parse has a verb of its own
        lemma = self._base(doc[verb].lower_) or ""  # ``_verb`` found it: never empty
        words = [t.text for t in doc]
        words[verb] = self.past(lemma)
        keep = list(range(len(doc)))  # new index of each headline word
        obj = verb + 1
        single = obj + 1 == len(doc) or doc[obj + 1].pos_ not in ("NOUN", "PROPN")
        if obj < len(doc) and doc[obj].tag_ == "NN" and single:
            words.insert(obj, "a")  # "Storm Prison" → "stormed a prison"
            keep = [i if i < obj else i + 1 for i in keep]
        spaces = [True] * len(words)
        spaces[-1] = False
        from spacy.tokens import Doc

        return _Reparse(Doc(self.nlp.vocab, words=words, spaces=spaces), keep, verb, lemma)

    def _finish(self, doc: Any, reparsed: Any, plan: _Reparse) -> Any:
        new_verb = reparsed[plan.keep[plan.verb]]
        reported = new_verb.dep_ in ("ccomp", "parataxis") and _credit(new_verb.head, new_verb.i)
        if new_verb.pos_ != "VERB" or not (new_verb.dep_ == "ROOT" or reported):
            return doc
        return _laid_on(doc, reparsed, plan.keep, plan.verb, plan.lemma)

    def _verb(self, doc: Any) -> int | None:
        """The index of the headline's first trigger verb after a noun phrase, or None. A
        preposition or "to" before it ("Briton Charged With Plotting Bomb Attack", "Envoys
        Off To Inspect Blast Site") makes the words before no subject."""
        for tok in doc[1:-1]:
            if tok.lower_ == "to" or (tok.pos_ == "ADP" and tok.lower_ != "of"):
                return None
            before = doc[tok.i - 1]
            if before.pos_ in ("ADP", "DET", "PART", "AUX") or before.is_punct:
                continue
            if self._base(tok.lower_) is None:
                continue
            # a subject before it ("Houthis" may be tagged anything in a headline)
            if any(not t.is_punct and not t.is_stop for t in doc[: tok.i]):
                return int(tok.i)
        return None

    def _base(self, form: str) -> str | None:
        if form in self.verbs:
            return form
        for end, repl in (("ies", "y"), ("s", ""), ("es", "")):
            if form.endswith(end) and form[: -len(end)] + repl in self.verbs:
                return form[: -len(end)] + repl
        return None

    def past(self, lemma: str) -> str:
        """The past tense of ``lemma``: "fire" → "fired", "strike" → "struck"."""
        if lemma in self._past:
            return self._past[lemma]
        if lemma.endswith("e"):
            return lemma + "d"
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            return lemma[:-1] + "ied"
        return lemma + "ed"


def _credit(root: Any, verb: int) -> bool:
    """A reporting verb after the headline's act: "U.S. Bombs Three Iranian Sites, Trump
    Says" (the act is still the headline's)."""
    return root.i > verb and root.lemma_.lower() in _words("credit_verbs")


def _laid_on(doc: Any, reparsed: Any, keep: list[int], verb: int, lemma: str) -> Any:
    """A copy of ``doc`` (its words, spaces and entities) with the tree, tags and lemmas of
    ``reparsed``; ``keep`` maps each word of ``doc`` to its index in ``reparsed`` (the other
    words of ``reparsed`` are leaves: an inserted article)."""
    from spacy.tokens import Doc

    back = {new: old for old, new in enumerate(keep)}
    heads, deps, tags, pos, lemmas = [], [], [], [], []
    for old, new in enumerate(keep):
        tok = reparsed[new]
        heads.append(back.get(tok.head.i, old))
        deps.append(tok.dep_)
        tags.append("VBZ" if old == verb else tok.tag_)
        pos.append(tok.pos_)
        lemmas.append(lemma if old == verb else doc[old].lemma_)
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        ents=ents,
    )


@functools.lru_cache(maxsize=4)
def _lexicon_verbs(lexicon_files: tuple[str, ...]) -> frozenset[str]:
    from tocsin.cascade.vocab import AUXILIARIES
    from tocsin.events.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_files)
    heads = set(lexicon.by_verb) | set(lexicon.by_light)
    return frozenset(heads - AUXILIARIES - {"say"})  # "say" reports, it is no headline's act


def _past_forms(nlp: Any) -> dict[str, str]:
    """Irregular past tenses from the lemmatizer's verb exceptions ("struck", "took"), and the
    verbs whose past is the verb itself (``same_past``)."""
    out = {w: w for w in _words("same_past")}
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    except (KeyError, ValueError):
        return out
    for key, lemmas in table.items():
        form = str(key)
        if form.endswith(("ing", "en", "s")) and not form.endswith("ed"):
            continue  # "hitting", "taken", "withdrawn", "faxes": no simple past
        for lemma in lemmas:
            out.setdefault(str(lemma), form)
    return out


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    from tocsin.events.lexicon import load_yaml

    text = resources.files("tocsin").joinpath("data/parse_repairs.yaml").read_text("utf-8")
    return dict(load_yaml(text) or {})


@functools.lru_cache(maxsize=8)
def _words(key: str) -> frozenset[str]:
    """One word list of the data file (read once per list: the component runs per token)."""
    return frozenset(str(w) for w in _data().get(key) or ())
