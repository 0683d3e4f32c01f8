"""Features of a sketched sentence for the cascade's filter (``cascade.filter``).

Each names something the coder needs and that a word-level reading can see: which trigger
lemmas and which PLOVER types they may code (type features carry a lemma the lexicon gained
after the filter was trained), the word before each trigger (what marks a verb: "to",
"will", a name; or a noun: "the", "a"), the kinds of actors named and their order around
the trigger, pronouns a coder could resolve, quotation marks, numbers (market reports),
length, and where the sentence stands in the article. Around each trigger: the words either
side of it and the kinds of actors named just before it (a subject) and just after it (an
object), which a word-level reading sees where a parse would find the verb's arguments; and
the sentence's words themselves (what a market report or a match report is made of: "dlrs",
"shares", "goal").
"""

from __future__ import annotations

import itertools

from tocsin.cascade.sketch import Sketch, Trigger
from tocsin.cascade.vocab import TriggerVocab

#: Words before a trigger that tell its use; any other word counts as "other".
BEFORE_WORDS = frozenset(
    {
        "to", "will", "would", "could", "may", "might", "can", "should", "must", "has",
        "have", "had", "was", "were", "is", "are", "be", "been", "being", "not", "n't",
        "the", "a", "an", "of", "for", "on", "in", "and", "or", "its", "their", "his", "her",
        "'s", "who", "which", "that", "they", "he", "she", "it", "we", "i", "said", "also",
        "new", "further", "more", "after", "by", "with", "against",
    }
)  # fmt: skip


#: An actor this many tokens before a trigger may be its subject, this many after its object.
SUBJECT_WINDOW = 4
OBJECT_WINDOW = 6


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def _suffix(form: str, lemma: str) -> str:
    if form == lemma:
        return "base"
    for end in ("ing", "ed", "s"):
        if form.endswith(end):
            return end
    return "other"


def features(sketch: Sketch, vocab: TriggerVocab, *, position: int) -> dict[str, float]:
    """Binary and count features of ``sketch``, the ``position``-th sentence of its article."""
    f: dict[str, float] = {"bias": 1.0, f"kind={sketch.kind}": 1.0}
    f[f"pos={_bucket(position, (0, 1, 3, 7))}"] = 1.0
    f[f"len={_bucket(sketch.tokens, (8, 15, 25, 40, 60))}"] = 1.0
    f[f"numbers={_bucket(sketch.numbers, (0, 1, 3))}"] = 1.0
    f[f"triggers={_bucket(len({t.lemma for t in sketch.triggers}), (0, 1, 2, 4))}"] = 1.0
    for trig in sketch.triggers:
        cue = vocab.cues[trig.lemma]
        _around(f, sketch, trig)
        f[f"lemma={trig.lemma}"] = 1.0
        f[f"lemma={trig.lemma}|{_suffix(trig.form, trig.lemma)}"] = 1.0
        before = trig.before if trig.before in BEFORE_WORDS else "other"
        f[f"before={'CAP' if trig.before_cap else before}"] = 1.0
        for type_ in cue.types:
            f[f"type={type_}"] = 1.0
            f[f"type={type_}|before={before}"] = 1.0
        for frame in cue.frames:
            f[f"frame={frame}"] = 1.0
    kinds = {k for _, k in sketch.actors}
    for kind in kinds:
        f[f"actor={kind}"] = 1.0
    named = sum(1 for _, k in sketch.actors if sketch.named(k))
    f[f"named={_bucket(named, (0, 1, 2, 3))}"] = 1.0
    if sketch.triggers and sketch.actors:
        first = sketch.triggers[0].position
        f["actor_before_trigger"] = float(any(p < first for p, _ in sketch.actors))
        f["actor_after_trigger"] = float(any(p > first for p, _ in sketch.actors))
    for a, b in itertools.combinations_with_replacement(sorted({str(k) for k in kinds}), 2):
        f[f"pair={a}|{b}"] = 1.0
    for pronoun in sketch.pronouns:
        f[f"pronoun={pronoun}"] = 1.0
    if sketch.quote_marks or sketch.quote_open:
        f["quote"] = 1.0
    for word in set(sketch.words):
        if word.isalpha():
            f[f"w={word}"] = 1.0
    return f


def _around(f: dict[str, float], sketch: Sketch, trig: Trigger) -> None:
    """The trigger's neighbours: the word after it, the words either side with its lemma,
    and the kinds of actors named in the subject and object windows."""
    at = trig.position
    after = sketch.words[at + 1] if at + 1 < len(sketch.words) else ""
    subject = {k for p, k in sketch.actors if 0 < at - p <= SUBJECT_WINDOW}
    obj = {k for p, k in sketch.actors if 0 < p - at <= OBJECT_WINDOW}
    f[f"next={after}"] = 1.0
    f[f"lemma={trig.lemma}|next={after}"] = 1.0
    f[f"lemma={trig.lemma}|prev={trig.before}"] = 1.0
    f[f"lemma={trig.lemma}|subject={bool(subject)}|object={bool(obj)}"] = 1.0
    for kind in subject:
        f[f"subject={kind}"] = 1.0
    for kind in obj:
        f[f"object={kind}"] = 1.0
