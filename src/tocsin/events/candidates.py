"""Event candidates for the learned ranker: ordered pairs of actors in a sentence.

The rule coder (``events.coder``) knows English news patterns precisely but misses much of
real news; the actors of a missed event are nearly always recognised (90 % of the sources
and targets of the coded real-news training passages are among the sentence's actor
mentions). So every ordered pair of actor mentions of a sentence, and every actor alone
(no recipient), is a candidate; ``events.ranker`` scores it for each PLOVER type.

A candidate's features say how the two actors stand to each other in the parse (the path
between them, the word that governs each, the word where their paths meet), what the
sentence says (its content words), how the clause is qualified (``events.context``:
reported, negated, hypothetical, background), which lexicon senses the sentence holds and
what the rule coder made of it. They are plain ``name → value`` dicts: the same function
builds them for training (``train/events.py``) and at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tocsin.events import syntax
from tocsin.events.context import Frames, analyse
from tocsin.events.lexicon import Lexicon
from tocsin.events.triggers import Trigger
from tocsin.nlp import ParsedSentence
from tocsin.records import Actor, Event, Mention

Token = Any
#: Most actor mentions of one sentence paired (in order of appearance): a long list of
#: countries ("talks with Britain, France, Germany, ...") adds candidates, not events.
MAX_PARTIES = 8
#: Steps walked up the parse from a mention to the word that governs it.
MAX_CLIMB = 8
_CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ"})
_GOVERNOR_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX"})


@dataclass(slots=True)
class Party:
    """An actor mention as a possible argument: its actor and the head of its phrase."""

    actor: Actor
    head: Token
    start: int
    end: int


@dataclass(slots=True)
class Candidate:
    """One ordered pair (or an actor alone) in one sentence, with its features."""

    ps: ParsedSentence
    source: Party
    target: Party | None
    anchor: Token  # the word the act is read from
    features: dict[str, float] = field(default_factory=dict)
    rules: dict[str, Event] = field(default_factory=dict)  # type → rule event with this key

    @property
    def key(self) -> tuple[str | None, str | None]:
        return self.source.actor.code, self.target.actor.code if self.target else None


def parties(ps: ParsedSentence, mentions: Iterable[Mention]) -> list[Party]:
    """The sentence's resolved actor mentions as ``Party``s, one per phrase head."""
    by_offset = {ps.offset + t.idx: t for t in ps.span}
    out: list[Party] = []
    seen: set[tuple[int, str | None, str | None]] = set()
    for m in mentions:
        if m.sentence_index != ps.sentence.index or m.actor is None or not m.actor.code:
            continue
        toks = [t for off, t in by_offset.items() if m.start <= off < m.end]
        if not toks:
            continue
        inside = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
        key = (head.i, m.actor.code, m.actor.sector)
        if key in seen:
            continue
        seen.add(key)
        out.append(Party(m.actor, head, m.start, m.end))
    return out[:MAX_PARTIES]


def candidates(
    ps: ParsedSentence,
    mentions: Iterable[Mention],
    *,
    frames: Frames,
    lexicon: Lexicon,
    triggers: list[Trigger],
    rule_events: list[Event],
) -> list[Candidate]:
    """The candidates of one sentence, one per (source code, target code), with features.

    Mention pairs with the same codes are one candidate ("Russian President Vladimir Putin"
    and "Russia" before "Brazil"): its features are those of all its pairs, its anchor and
    parties those of the pair the rules coded, else the first whose source is a subject.
    """
    found = parties(ps, mentions)
    if not found:
        return []
    shared = _sentence_features(ps, triggers, lexicon)
    by_anchor: dict[int, dict[str, float]] = {}  # an anchor's own features, read once
    groups: dict[tuple[str | None, str | None], list[Candidate]] = {}
    for s in found:
        for t in [None, *found]:
            if t is not None and (t is s or _overlap(s, t)):
                continue
            cand = _candidate(ps, s, t, frames=frames, lexicon=lexicon, triggers=triggers,
                              shared=shared, by_anchor=by_anchor)  # fmt: skip
            _rule_features(cand, rule_events)
            groups.setdefault(cand.key, []).append(cand)
    return [_merge(group) for group in groups.values()]


def pair_keys(
    ps: ParsedSentence, mentions: Iterable[Mention]
) -> set[tuple[str | None, str | None]]:
    """The (source code, target code) keys ``candidates`` would give this sentence, without
    their features (what the article-level features count)."""
    found = parties(ps, mentions)
    return {
        (s.actor.code, t.actor.code if t is not None else None)
        for s in found
        for t in [None, *found]
        if t is None or (t is not s and not _overlap(s, t))
    }


def _merge(group: list[Candidate]) -> Candidate:
    if len(group) == 1:
        return group[0]
    best = next((c for c in group if c.rules), None) or next(
        (c for c in group if c.features.get("sdep=nsubj")), group[0]
    )
    features: dict[str, float] = {}
    rules: dict[str, Event] = {}
    for c in group:
        features.update(c.features)
        for t, ev in c.rules.items():
            rules.setdefault(t, ev)
    best.features, best.rules = features, {**rules, **best.rules}
    return best


def _overlap(a: Party, b: Party) -> bool:
    return a.start < b.end and b.start < a.end


def _sentence_features(
    ps: ParsedSentence, triggers: list[Trigger], lexicon: Lexicon
) -> dict[str, float]:
    f: dict[str, float] = {f"kind={ps.sentence.kind}": 1.0}
    f[f"sidx={min(ps.sentence.index, 3)}"] = 1.0
    for tok in ps.span:
        if tok.pos_ in _CONTENT_POS and tok.is_alpha:
            lemma = tok.lemma_.lower()
            f[f"w={lemma}"] = 1.0
            for t in lexicon.loose_types(lemma):
                f[f"lexr={t}"] = 1.0
    for trig in triggers:
        f[f"lex={trig.entry.type}"] = 1.0
        f[f"lexid={trig.entry.id}"] = 1.0
    return f


def _climb(tok: Token) -> tuple[Token, str]:
    """The first verb, noun or adjective above ``tok`` that is not part of its own phrase,
    and the dependency by which the phrase hangs from it ("pobj:against", "nsubj")."""
    current, dep = tok, tok.dep_
    for _ in range(MAX_CLIMB):
        head = current.head
        if head.i == current.i:
            return current, "ROOT"
        dep = current.dep_
        if dep == "pobj" and head.dep_ == "prep":
            dep = f"pobj:{head.lower_}"
            head = head.head
        elif dep in ("compound", "amod", "poss", "appos", "conj", "nmod", "det"):
            current = head
            continue
        if head.pos_ in _GOVERNOR_POS:
            return head, dep
        current = head
    return current.head, dep


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    for _ in range(30):
        if out[-1].head.i == out[-1].i:
            break
        out.append(out[-1].head)
    return out


def _path(a: Token, b: Token) -> tuple[Token | None, str]:
    """The lowest common ancestor of ``a`` and ``b`` and the dependency path between them."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            left = [x.dep_ for x in up_a[:n]]
            right = [x.dep_ for x in up_b[: ids_b[t.i]]]
            return t, ">".join(left) + "^" + "<".join(reversed(right))
    return None, ""


def _party_features(f: dict[str, float], role: str, party: Party) -> Token:
    """How one party stands (``role`` "s" for the source, "t" for the target): the word it
    hangs from and by which dependency, its kind and sector. Returns that word."""
    gov, dep = _climb(party.head)
    lemma = gov.lemma_.lower()
    f[f"{role}dep={dep}"] = 1.0
    f[f"{role}gov={lemma}"] = 1.0
    f[f"{role}govdep={lemma}|{dep}"] = 1.0
    f[f"{role}kind={party.actor.kind}"] = 1.0
    f[f"{role}sec={party.actor.sector}"] = 1.0
    return gov


def _candidate(
    ps: ParsedSentence,
    s: Party,
    t: Party | None,
    *,
    frames: Frames,
    lexicon: Lexicon,
    triggers: list[Trigger],
    shared: dict[str, float],
    by_anchor: dict[int, dict[str, float]],
) -> Candidate:
    f = dict(shared)
    s_gov = _party_features(f, "s", s)
    anchor = syntax.clause_of(s_gov) if s_gov.pos_ not in ("VERB", "AUX") else s_gov
    if t is None:
        f["tnone"] = 1.0
    else:
        t_gov = _party_features(f, "t", t)
        f[f"pair_sec={s.actor.sector}|{t.actor.sector}"] = 1.0
        if t.actor.code == s.actor.code:
            f["same_code"] = 1.0
        f["s_first" if s.start < t.start else "t_first"] = 1.0
        lca, path = _path(s.head, t.head)
        if lca is not None:
            f[f"path={path}"] = 1.0
            f[f"lca={lca.lemma_.lower()}"] = 1.0
            f[f"lcapos={lca.pos_}"] = 1.0
            if lca.pos_ in ("VERB", "AUX", "NOUN"):
                anchor = lca
        if t_gov.i == s_gov.i:
            f["same_gov"] = 1.0
    f[f"a={anchor.lemma_.lower()}"] = 1.0
    own = by_anchor.get(anchor.i)
    if own is None:
        own = by_anchor[anchor.i] = {}
        _anchor_features(own, anchor)
        _context_features(own, anchor, frames)
    f.update(own)  # names apart from the lexicon's below (adep=, ctx_*, ...)
    for where, tok in (("a", anchor), ("s", s_gov)) + ((("t", t_gov),) if t is not None else ()):
        for typ in lexicon.loose_types(tok.lemma_.lower()):
            f[f"lexr{where}={typ}"] = 1.0
    for trig in triggers:
        if trig.verb.i == anchor.i or (trig.noun is not None and trig.noun.i == anchor.i):
            f[f"lexa={trig.entry.type}"] = 1.0
            f[f"lexaid={trig.entry.id}"] = 1.0
    return Candidate(ps=ps, source=s, target=t, anchor=anchor, features=f)


#: Words that put an act in the background or in doubt ("allegedly killed", "since 2003").
_HEDGES = frozenset({"allegedly", "reportedly", "purportedly", "apparently", "suspected"})
_BACKGROUND = frozenset({"since", "ago", "former", "last", "previous", "earlier", "history"})


def _anchor_features(f: dict[str, float], anchor: Token) -> None:
    """How the act's word stands in its sentence: its dependency, tense and auxiliaries,
    hedges and background markers in its clause, a year named there."""
    f[f"adep={anchor.dep_}"] = 1.0
    f[f"atag={anchor.tag_}"] = 1.0
    for c in anchor.children:
        if c.dep_ in ("aux", "auxpass"):
            f[f"aaux={c.lower_}"] = 1.0
        if c.dep_ == "neg":
            f["aneg"] = 1.0
    clause = list(anchor.subtree)
    words = {t.lower_ for t in clause}
    if words & _HEDGES:
        f["ahedge"] = 1.0
    if words & _BACKGROUND:
        f["aback"] = 1.0
    if any(t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in clause):
        f["ayear"] = 1.0
    if any(t.text in ('"', "“", "”") for t in anchor.sent):
        f["quoted"] = 1.0


def _context_features(f: dict[str, float], anchor: Token, frames: Frames) -> None:
    ctx = analyse(anchor, frames)
    if ctx.skip:
        f[f"ctx_skip={ctx.skip}"] = 1.0
    for name in ("negated", "hypothetical", "future", "possible", "attempt", "deontic"):
        if getattr(ctx, name):
            f[f"ctx_{name}"] = 1.0
    for name in ("report", "threat", "refuse", "promise", "deny", "command", "rule_out",
                 "request", "cease", "condition"):  # fmt: skip
        if getattr(ctx, name) is not None:
            f[f"ctx_{name}"] = 1.0


def _rule_features(cand: Candidate, rule_events: list[Event]) -> None:
    """What the rule coder made of this sentence, as features of the candidate."""
    s_code, t_code = cand.key
    f = cand.features
    for ev in rule_events:
        if ev.sentence_index != cand.ps.sentence.index or ev.source is None:
            continue
        flagged = ev.negated or ev.hypothetical
        f[f"rulea={ev.type}"] = 1.0
        if ev.source.code != s_code:
            continue
        f[f"rules={ev.type}"] = 1.0
        ev_t = ev.target.code if ev.target else None
        if ev_t == t_code:
            f[f"rule{'f' if flagged else ''}={ev.type}"] = 1.0
            f[f"ruleid={ev.rule}"] = 1.0
            if not flagged or ev.type not in cand.rules:
                cand.rules[ev.type] = ev
