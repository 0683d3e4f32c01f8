"""Features of a sketched sentence for the cascade's filter (``cascade.filter``).

Each names something the coder needs and that a word-level reading can see: which trigger
lemmas and which PLOVER types they may code (type features carry a lemma the lexicon gained
after the filter was trained), the word before each trigger (what marks a verb: "to",
"will", a name; or a noun: "the", "a"), the kinds of actors named and their order around
the trigger, pronouns a coder could resolve, quotation marks, numbers (market reports),
length, and where the sentence stands in the article.
"""

from __future__ import annotations

from tocsin.cascade.sketch import Sketch
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
    for pronoun in sketch.pronouns:
        f[f"pronoun={pronoun}"] = 1.0
    if sketch.quote_marks or sketch.quote_open:
        f["quote"] = 1.0
    return f
