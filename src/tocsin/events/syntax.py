"""Small, reusable questions about a spaCy dependency parse (English, ClearNLP labels).

Everything here takes and returns spaCy tokens; nothing knows about PLOVER. The coder asks:
who is the subject of this verb (through xcomp/conj/relcl chains and passives), what are its
objects and prepositional arguments, is it negated, what modal or aspectual verb governs it,
and which clause-level governor (a speech verb, a condition) sits above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Token = Any  # spacy.tokens.Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "advcl", "relcl", "acl", "pcomp", "parataxis"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nor", "neither"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
POSSIBLE_AUX = frozenset({"may", "might", "could", "can", "ca"})


def children(tok: Token, *deps: str) -> list[Token]:
    """Children of ``tok`` with one of ``deps``."""
    return [c for c in tok.children if c.dep_ in deps]


def child(tok: Token, *deps: str) -> Token | None:
    """The first child of ``tok`` with one of ``deps``, or None."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def is_passive(verb: Token) -> bool:
    """True when ``verb`` is passive ("was attacked", "were delivered", and the reduced
    passives of headlines and participles: "Two Britons shot dead", "soldiers killed in an
    ambush")."""
    return (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        or is_reduced_passive(verb)
        or _shared_passive(verb) is not None
    )


def _shared_passive(verb: Token) -> Token | None:
    """The passive subject a conjoined participle shares with its head: "Eight Egyptians
    have been arrested and accused of plotting" (the Egyptians are accused too)."""
    if verb.dep_ != "conj" or verb.tag_ != "VBN":
        return None
    own = ("nsubj", "nsubjpass", "dobj", "obj", "aux", "auxpass")
    if any(c.dep_ in own for c in verb.children):
        return None
    return child(verb.head, "nsubjpass")


def passive_subject(verb: Token) -> Token | None:
    """The patient of a passive ``verb``: its passive subject, the noun a participle modifies
    or a headline's subject (``reduced_patient``), or the one it shares with its head."""
    return child(verb, "nsubjpass") or reduced_patient(verb) or _shared_passive(verb)


#: Verbs that always take an object: without one, a past form of them is a passive whose
#: subject is the patient ("Two Britons shot dead near the bridge").
#: Verbs that take no object, so never form a passive ("Protests flared in Germany").
INTRANSITIVE = frozenset(
    {"erupt", "flare", "rage", "arise", "occur", "happen", "die", "arrive", "emerge", "flee"}
)
TRANSITIVE_ONLY = frozenset(
    {
        "kill", "shoot", "wound", "injure", "arrest", "detain", "kidnap", "abduct", "seize",
        "capture", "jail", "imprison", "sentence", "execute", "behead", "free", "release",
        "expel", "deport", "charge", "convict", "hang", "elect", "appoint", "oust", "sack",
        "blame", "accuse", "indict", "sue", "fine", "ban", "bar", "bomb", "assassinate",
        "murder", "massacre", "torture", "hold", "question", "summon", "acquit", "extradite",
        "evacuate", "rescue", "slay", "gun", "stab", "dismiss", "impeach", "pardon",
        "criticize", "criticise", "condemn", "denounce", "slam", "rebuke", "censure",
        "reprimand", "snub", "ambush", "besiege",
    }
)  # fmt: skip


def is_reduced_passive(verb: Token) -> bool:
    """A participle or headline past form without auxiliary whose subject is its patient:
    "soldiers killed in an ambush" (a participle on a noun), "Four soldiers killed" and
    "Two Britons shot dead" (a headline's dropped "were")."""
    if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.dep_ == "acl":
        # parsed as a participle, yet active: "American airstrikes killed 44 people",
        # "Protests flared in Germany"; a past form of a verb that needs an object has
        # none here, so it is a participle all the same ("five Palestinians killed Saturday")
        return (
            (verb.tag_ == "VBN" or verb.lemma_.lower() in TRANSITIVE_ONLY)
            and not _moves(verb)
            and verb.head.pos_ in ("NOUN", "PROPN", "PRON")
            and verb.lemma_.lower() not in INTRANSITIVE
            and not any(c.dep_ == "dobj" and not _taken_captive(verb, c) for c in verb.children)
        )
    if any(
        (c.dep_ in ("dobj", "dative", "obj") or (c.dep_ in ("ccomp", "xcomp") and c.i > verb.i))
        and not _taken_captive(verb, c)
        for c in verb.children
    ):
        return False  # (a clause before the verb is another headline's: "X mourns, Y criticized")
    if child(verb, "nsubj") is None:
        return False
    if _moves(verb):
        return False  # "the army charged into a refugee camp": it moved, no one charged it
    return (
        verb.tag_ == "VBN"
        or verb.lemma_.lower() in TRANSITIVE_ONLY
        or any(_taken_captive(verb, c) for c in verb.children)
    )


def is_year(tok: Token) -> bool:
    """A four-digit number written as a year ("in 1989")."""
    return len(tok.text) == 4 and tok.text.isdigit()


_CAPTIVES = frozenset({"hostage", "captive", "prisoner"})
#: Prepositions of motion: a verb with one moves its subject ("charged into the camp").
_MOTION = frozenset({"into", "onto", "toward", "towards", "across"})


def _moves(verb: Token) -> bool:
    """The verb takes a preposition of motion: its subject moved ("charged into the camp")."""
    return any(c.dep_ == "prep" and c.lower_ in _MOTION for c in verb.children)


def _taken_captive(verb: Token, obj: Token) -> bool:
    """ "Japanese citizen taken hostage in Iraq": the object belongs to the verb's idiom."""
    return verb.lemma_.lower() == "take" and obj.lemma_.lower() in _CAPTIVES


def headline_participle(verb: Token) -> bool:
    """A participle on a noun that heads its sentence, with no finite verb: a headline's
    news ("Jakarta bombing blamed on Malaysian fugitives"), not a description; or a past
    tense the parser hung there, the sentence's own verb ("Protests flared at factories")."""
    return bool(verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.head.dep_ == "ROOT")


def reduced_patient(verb: Token) -> Token | None:
    """The patient of a reduced passive: the noun a participle modifies, or the subject."""
    if not is_reduced_passive(verb):
        return None
    return verb.head if verb.dep_ == "acl" else child(verb, "nsubj")


#: Heads of "N of X" phrases whose content is X: "two weeks of exercises", "dozens of people".
QUANTITY_HEADS = frozenset(
    {
        "week", "day", "month", "year", "hour", "round", "series", "wave", "number", "dozen",
        "hundred", "thousand", "million", "couple", "part", "some", "all", "more", "most", "lot",
        "batch", "package", "set", "rest", "kind", "sort", "type", "string", "spate", "flurry",
        "barrage", "volley", "salvo", "tranche", "group", "contingent", "shipment", "delivery",
        "consignment", "supply", "raft", "slew", "host", "range", "list", "pair", "handful",
        "scores", "score", "tens", "dozens", "hundreds", "thousands", "millions", "first",
        "second", "third", "last", "several", "many", "few", "each", "one", "two", "three",
        "tonne", "ton", "kilogram", "kilo", "litre", "liter", "barrel", "truckload", "planeload",
        "shipload", "crate", "box", "bag", "sack", "pallet", "carton", "gallon", "dose",
    }
)  # fmt: skip


def content_noun(tok: Token | None) -> Token | None:
    """Step through quantity heads: "dozens of people" → people, "a package of sanctions";
    and to the shared head of coordinated modifiers: "a massive missile and drone attack"
    (parsed as "missile" and "drone attack") → attack."""
    tok = _shared_head(tok) if tok is not None else None
    for _ in range(3):
        if tok is None or (tok.lemma_.lower() not in QUANTITY_HEADS and tok.pos_ != "NUM"):
            return tok
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = child(of, "pobj") if of is not None else None
        if pobj is None:
            return tok
        tok = pobj
    return tok


def _shared_head(tok: Token) -> Token:
    """The noun two coordinated modifiers share: in "a missile and drone attack" the parser
    makes "missile" the head, with "attack" (no article of its own, a modifier before it)
    as its conjunct."""
    if tok.tag_ != "NN" or child(tok, "det") is None:
        return tok
    for conj in (c for c in tok.children if c.dep_ == "conj" and c.i > tok.i):
        own_det = child(conj, "det") is not None
        if not own_det and any(c.dep_ == "compound" and c.i < conj.i for c in conj.children):
            return conj
    return tok


def direct_object(verb: Token) -> Token | None:
    """The direct object (or the passive subject, the logical object) of ``verb``."""
    obj = child(verb, "dobj", "obj")
    if obj is None and is_passive(verb):
        obj = passive_subject(verb)
    if obj is None:
        # "began deploying 10,000 troops": spaCy sometimes hangs the object on an xcomp.
        comp = child(verb, "xcomp")
        if comp is not None and comp.pos_ != "VERB":
            obj = child(comp, "dobj")
    return obj


def dative(verb: Token) -> Token | None:
    """The indirect object: "supplied Ukraine with missiles", "gave Kyiv aid"."""
    obj = child(verb, "dative", "iobj")
    if obj is not None:
        return obj
    # "supplied Ukraine with missiles": the recipient is the dobj and the theme is "with".
    return None


#: Adverbial particles a preposition may hang from: "walked away from the talks", "pulled
#: out of the government".
PARTICLES = frozenset({"away", "out", "off", "back", "down", "up"})


def attached(head: Token) -> Iterator[Token]:
    """The children of ``head``, with those of its adverbial particles ("away" in "walked
    away from"), where the parser hangs the preposition of a phrasal verb."""
    for c in head.children:
        yield c
        if c.dep_ in ("advmod", "prt") and c.lower_ in PARTICLES:
            yield from c.children


def prep_objects(head: Token, *preps: str) -> Iterator[Token]:
    """Objects of prepositions ``preps`` attached to ``head`` ("on Russia", "with Iran")."""
    for prep in attached(head):
        if prep.dep_ not in ("prep", "agent", "dative", "prt") or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ in ("pobj", "pcomp"):
                yield obj
        # "in front of": a multiword preposition hangs its object lower down
        for inner in prep.children:
            if inner.dep_ == "prep":
                yield from (o for o in inner.children if o.dep_ == "pobj")


def agent_phrase(verb: Token) -> Token | None:
    """The logical subject of a passive verb ("by Russia")."""
    for prep in verb.children:
        if prep.dep_ == "agent":
            # "killed by Russian shelling": the tagger reads the attack noun as a gerund
            return child(prep, "pobj") or _nominal_gerund(child(prep, "pcomp"))
    for comp in verb.children:
        # "has been branded a disgraceful waste by MPs": the parser hangs the agent on the
        # label the passive verb gives its subject
        if comp.dep_ in ("dobj", "oprd", "attr") and comp.i > verb.i:
            for prep in comp.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ == "by"
                    and prep.right_edge.i == comp.right_edge.i
                ):
                    return child(prep, "pobj")
    return None


def _nominal_gerund(tok: Token | None) -> Token | None:
    """A gerund with a determiner or an adjective and no object of its own is a noun
    ("by Russian shelling", "by heavy shelling"); "by shelling the town" is an act."""
    if tok is None or tok.tag_ != "VBG":
        return None
    modified = any(c.dep_ in ("amod", "det", "compound", "poss") for c in tok.lefts)
    acting = any(c.dep_ in ("dobj", "nsubj") for c in tok.children)
    return tok if modified and not acting else None


def subject(verb: Token, *, _depth: int = 0) -> Token | None:  # noqa: PLR0911, PLR0912 - one per construction
    """The logical subject of ``verb``, following the chains English leaves implicit.

    "Russia agreed to withdraw": withdraw ← xcomp ← agreed ← nsubj Russia. Conjoined verbs share
    the first verb's subject ("Russia fired and struck"), relative clauses take their head
    noun ("troops who stormed"), passives take the by-agent.
    """
    if _depth > 6:
        return None
    if is_reduced_passive(verb):
        return agent_phrase(verb)  # "Two Britons shot dead by gunmen": not the Britons
    if is_passive(verb):
        agent = agent_phrase(verb)
        if agent is not None:
            return agent
        if child(verb, "nsubjpass") is not None or child(verb, "auxpass") is not None:
            # "two soldiers died and another was injured", "47 Iraqis died and over 120 were
            # injured": no doer named, and none lent by the clause before
            return None
    subj = child(verb, "nsubj", "csubj")
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head  # "Poland, which closed its border": the antecedent
    if subj is not None:
        return subj
    head, dep = verb.head, verb.dep_
    if head.i == verb.i:
        return None
    if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return subject(head.head, _depth=_depth + 1)  # "a day after holding talks": who held them
    if dep == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
        return subject(head.head, _depth=_depth + 1)  # "Tehran was ready to resume talks"
    if dep in ("xcomp", "conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        # "ordered troops to withdraw": the object of the governing verb is the subject.
        if dep == "xcomp":
            obj = child(head, "dobj")
            if obj is not None and obj.i < verb.i:
                return obj
        if dep == "advcl" and child(verb, "mark") is not None:
            return None  # "after holding talks": the subject of a subordinate is not shared blindly
        return subject(head, _depth=_depth + 1)
    if dep == "relcl":
        # "places where Labour is targeted", "the man who was shot": the noun is where it
        # happened, or the one it happened to, not who did it
        if is_passive(verb) or any(
            c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in verb.children
        ):
            return None
        return head
    if dep in ("acl", "pcomp") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head if dep == "acl" else None
    return None


def is_negated(verb: Token) -> bool:
    """True when ``verb`` carries a negation ("did not attack", "never signed")."""
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in verb.children
    )


def aux_lemmas(verb: Token) -> set[str]:
    """Lower-cased auxiliaries of ``verb`` ("would", "could", "will", "has").

    A conjoined verb with no auxiliary or subject of its own shares its head's: "said it
    would disband and end its armed struggle" (the ending is announced too).
    """
    own = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if own or verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return own
    return {c.lower_ for c in verb.head.children if c.dep_ in ("aux", "auxpass")}


def governing_verbs(tok: Token) -> Iterator[tuple[Token, str]]:
    """Walk up clause links from ``tok``: yields ``(governor, dependency of the child)``.

    Stops at the sentence root; skips noun heads (relative clauses end the walk).
    """
    current = tok
    for _ in range(10):
        head = current.head
        if head.i == current.i:
            return
        yield head, current.dep_
        if current.dep_ not in CLAUSE_LINKS and current.dep_ not in ("prep", "pobj", "dobj", "aux"):
            return
        current = head


def to_infinitive(tok: Token) -> bool:
    """``tok`` is a verb with its own "to" ("told the army to withdraw")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def first_conjunct(tok: Token) -> Token:
    """The first of the coordinated words ``tok`` belongs to ("raising ... and threatening":
    "raising")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("Britain, France and Germany")."""
    return [tok, *tok.conjuncts]


def subtree_lemmas(tok: Token) -> set[str]:
    """Lower-cased lemmas of ``tok``'s subtree."""
    return {t.lemma_.lower() for t in tok.subtree}


def np_phrase(tok: Token) -> str:
    """The lemma phrase of a noun with its compound/amod modifiers: "hunger strike"."""
    mods = [c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod")]
    return " ".join([*mods, tok.lemma_.lower()])


def named_in(tok: Token, words: frozenset[str]) -> bool:
    """``tok``'s lemma or its lemma phrase ("car bombing", "press release") is in ``words``."""
    return tok.lemma_.lower() in words or np_phrase(tok) in words


def has_mark(verb: Token, *marks: str) -> bool:
    """True when the clause headed by ``verb`` is introduced by one of ``marks`` ("if")."""
    return any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def clause_of(tok: Token) -> Token:
    """The verb heading the clause that contains ``tok`` (``tok`` itself if it is a verb)."""
    current = tok
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            return current
        current = current.head
    return current
