"""Weapon systems and weapon classes in parsed sentences, with any range the text states.

``find_weapons(ps, article_id)`` returns the ``WeaponMention``s of one parsed sentence:

1. Surface matching (``weapon_matcher``) finds aliases ("Storm Shadows", "U.S.-made ATACMS",
   "F-16s") and class phrases ("long-range missiles", "air defense systems").
2. Names of one system written side by side merge ("Kh-47M2 Kinzhal", "MQ-9 Reaper"), and a
   class phrase right after a system name becomes part of it ("Kalibr cruise missiles").
3. Ambiguous names ("Patriot", "Typhoon", "Caesar", "Club") are kept only with weapon context
   in the parse: a weapon noun they modify, a weapon or made/supplied modifier, coordination
   with another weapon, or a supply/fire/intercept verb; the data file lists the words.
4. Distances (``units``) become a mention's stated range only when the grammar ties them to
   the weapon's capability: a range noun ("a range of roughly 250 km", "a 300-km
   range") or a capability verb ("capable of flying 700 miles", "can fly 1,500 km").
   "fired from 40 km away" and "300 km from the border" are not ranges. A mention without
   such a phrase keeps ``stated_range_km=None``.

``range_flag`` is set when the stated range lies more than the tolerance (setting
``weapons.range_tolerance``, 30 %) outside the system's reference span (``range_deviation``).
``weapon_classes`` and ``class_matches`` let other code (the red-line ledger) test whether a
mention satisfies a class such as "long-range missiles".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from tocsin.config import Settings
from tocsin.enrich.units import Distance, find_distances, has_distance
from tocsin.enrich.weapon_catalog import WeaponCatalog, WeaponSystem, load_catalog
from tocsin.enrich.weapon_matcher import Match
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Document, WeaponMention

#: Default share a stated range may lie outside the reference span before it is flagged.
DEFAULT_TOLERANCE = 0.30

_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
#: Between two names of one system that are one mention: "Kh-47M2 Kinzhal", "Kinzhal (Kh-47M2)".
_MERGE_GAP = re.compile(r"[\s/(\-\u2013]*")
#: Between a system name and the class phrase that is its head: "Kalibr cruise missiles",
#: "Kalibr-type missiles".
_HEAD_GAP = re.compile(r"\s+|\s*-\s*(?:type|class|style|series|made|built)\s+", re.IGNORECASE)
#: Up to three modifier words between a name and its head ("nuclear-powered", "Russian-made").
_MODIFIER_GAP = re.compile(r"\s+(?:(?!and\b|or\b)[\w-]+\s+){1,3}")
#: Dependencies through which a name modifies the noun it stands before.
_MODIFIER_DEPS = frozenset(
    {"compound", "nmod", "amod", "pobj", "prep", "poss", "appos", "npadvmod", "nummod"}
)
_NOUN_HOPS = 3
_ANCHOR_HOPS = 8
_OWNER_HOPS = 10
#: How far back a "-made"/"-supplied" modifier is looked for, in characters.
_MADE_WINDOW = 40
_MADE = re.compile(r"[-\u2010-\u2013](\w+)\s*$")
_POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
#: Entity types of a proper noun that may stand before a weapon name as its owner.
_OWNER_ENTITIES = frozenset({"GPE", "NORP"})


@dataclass(slots=True)
class _Found:
    """A mention being built: its span in the sentence text, what it names, its range."""

    match: Match
    start: int
    end: int
    system: WeaponSystem | None
    classes: tuple[str, ...]
    pending: bool
    distance: Distance | None = None


# ---------------------------------------------------------------- public API
def find_weapons(
    ps: ParsedSentence,
    article_id: str,
    *,
    catalog: WeaponCatalog | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[WeaponMention]:
    """The weapon mentions of one parsed sentence, with article character offsets.

    ``catalog`` defaults to the packaged data file; ``tolerance`` is the share a stated
    range may lie outside the reference span before ``range_flag`` is set.
    """
    cat = catalog or load_catalog()
    span = ps.span
    found = _recognise(cat, span)
    if found and has_distance(span.text):
        _attach_ranges(cat, span, found)
    base = ps.offset + span.start_char
    return [_record(cat, f, ps, article_id, base, tolerance) for f in found]


def range_deviation(stated_km: float, system: WeaponSystem) -> float | None:
    """How far ``stated_km`` lies outside the system's reference span, as a share of the
    nearest end (0.0 inside the span); None when the system has no reference range."""
    bounds = system.range_bounds()
    if bounds is None:
        return None
    low, high = bounds
    if stated_km < low:
        return (low - stated_km) / low
    if stated_km > high:
        return (stated_km - high) / high
    return 0.0


def normalise_class(text: str, *, catalog: WeaponCatalog | None = None) -> str | None:
    """The class vocabulary name for ``text`` ("long-range missiles" → "long-range missile").

    Accepts a vocabulary name in any case or any class phrase of the data file; returns
    None when ``text`` names no class.
    """
    cat = catalog or load_catalog()
    name = text.strip()
    by_lower = {c.lower(): c for c in cat.classes}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    found = cat.matcher.find(name, accept=lambda m: m.entry.kind == "class")
    return found[0].entry.target if found else None


def weapon_classes(mention: WeaponMention, *, catalog: WeaponCatalog | None = None) -> set[str]:
    """Every class ``mention`` belongs to: its own, the implied and the range-derived ones.

    A system mention takes the system's classes; a class mention the classes of the phrase
    it was written with ("long-range cruise missiles" is both a long-range and a cruise
    missile). A stated range can add a derived class ("missiles with a 500 km range").
    """
    cat = catalog or load_catalog()
    system = cat.systems.get(mention.system) if mention.system else None
    if system is not None:
        base = system.all_classes
    else:
        named = _phrase_classes(cat, mention.text)
        if not named and mention.weapon_class:
            named = {mention.weapon_class}
        base = cat.closure(named)
    return set(cat.derive(base, mention.stated_range_km))


def class_matches(
    required_class: str, mention: WeaponMention, *, catalog: WeaponCatalog | None = None
) -> bool:
    """True when ``mention`` satisfies ``required_class`` (a class name or phrase).

    Storm Shadow satisfies "long-range missiles"; a bare "missiles" mention does not.
    Unknown class names satisfy nothing.
    """
    required = normalise_class(required_class, catalog=catalog)
    return required is not None and required in weapon_classes(mention, catalog=catalog)


class WeaponStage:
    """Pipeline stage: fill ``Document.weapons`` from the parsed sentences."""

    name: ClassVar[str] = "weapons"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences")
    assigns: ClassVar[tuple[str, ...]] = ("weapons",)

    def __init__(self, *, catalog: WeaponCatalog, tolerance: float = DEFAULT_TOLERANCE) -> None:
        self.catalog = catalog
        self.tolerance = tolerance

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        """Load the packaged data plus ``weapons.extra_files``; raises ``DataFileError``."""
        catalog = load_catalog(settings.weapons.extra_files)
        return cls(catalog=catalog, tolerance=settings.weapons.range_tolerance)

    def __call__(self, doc: Document) -> Document:
        """Set ``doc.weapons`` to the mentions of every sentence, in text order."""
        doc.weapons = [
            mention
            for ps in parsed_sentences(doc)
            for mention in find_weapons(
                ps, doc.article.id, catalog=self.catalog, tolerance=self.tolerance
            )
        ]
        return doc


# ---------------------------------------------------------------- recognition
def _recognise(cat: WeaponCatalog, span: Any) -> list[_Found]:
    text = span.text
    lemmas: list[set[str]] = []  # the sentence's lemmas, computed once, only if a veto needs them

    def plausible(m: Match) -> bool:
        if m.entry.veto:
            if not lemmas:
                lemmas.append({t.lemma_.lower() for t in span})
            if m.entry.veto & lemmas[0]:
                return False
        return m.entry.kind != "class" or _plausible_class(span, m)

    found = [
        _found(cat, m) for m in cat.matcher.find(text, accept=plausible) if m.entry.kind != "stop"
    ]
    found = _absorb_heads(span, _merge_names(text, found))
    return _resolve_ambiguous(cat, span, found)


def _plausible_class(span: Any, m: Match) -> bool:
    """A class phrase must end in a noun ("tank" the verb is not a weapon) and must not be
    part of a title or name written in capitals mid-sentence ("How to Dismantle an Atomic
    Bomb", "White Sands Missile Range", "the Anti-Ballistic Missile Treaty")."""
    toks = _tokens(span, m.start, m.end)
    head = toks[-1]
    if not (head.pos_ in _NOUNS or head.tag_.startswith("NN")):
        return False
    titled = all(t.text[0].isupper() for t in toks if t.is_alpha)
    return not (titled and m.start > 0 and head.pos_ == "PROPN" and not m.text.isupper())


def _found(cat: WeaponCatalog, m: Match) -> _Found:
    system = cat.systems[m.entry.target] if m.entry.kind == "system" else None
    classes = system.classes if system is not None else m.entry.classes
    return _Found(m, m.start, m.end, system, classes, pending=m.entry.ambiguous)


def _merge_names(text: str, found: list[_Found]) -> list[_Found]:
    """Join adjacent names of one system; an unambiguous name vouches for an ambiguous one."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.system is not None
            and f.system is prev.system
            and _MERGE_GAP.fullmatch(text[prev.end : f.start])
        ):
            prev.end = f.end
            prev.pending = prev.pending and f.pending
            continue
        out.append(f)
    return out


def _absorb_heads(span: Any, found: list[_Found]) -> list[_Found]:
    """A class phrase that is a system name's head noun joins it: one mention, in context.

    "Kalibr cruise missiles", "Kalibr-type missiles", and with modifiers between them when
    the parse makes the phrase the name's head ("Burevestnik nuclear-powered cruise missile").
    """
    text = span.text
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.system is not None and f.system is None:
            gap = text[prev.end : f.start]
            if _HEAD_GAP.fullmatch(gap) or (
                _MODIFIER_GAP.fullmatch(gap) and _is_head_of(span, f, prev)
            ):
                prev.end = f.end
                prev.pending = False
                continue
        out.append(f)
    return out


def _is_head_of(span: Any, phrase: _Found, name: _Found) -> bool:
    head: int = _tokens(span, name.start, name.end).root.head.i
    toks = _tokens(span, phrase.start, phrase.end)
    return bool(toks.start <= head < toks.end)


def _resolve_ambiguous(cat: WeaponCatalog, span: Any, found: list[_Found]) -> list[_Found]:
    """Keep ambiguous names with weapon context; one accepted name can vouch for the next."""
    changed = True
    while changed:
        changed = False
        settled = [_token_ids(span, f) for f in found if not f.pending]
        for f in found:
            if f.pending and _has_context(cat, span, f, settled):
                f.pending = False
                changed = True
    return [f for f in found if not f.pending]


def _has_context(cat: WeaponCatalog, span: Any, f: _Found, settled: list[set[int]]) -> bool:
    words = cat.words.context
    toks = _tokens(span, f.start, f.end)
    root = toks.root
    surface = f.match.entry.surface
    if f.system is not None and surface.isalpha() and surface.isupper() and f.match.text.isupper():
        return True  # "CAESAR", "VAMPIRE", "TOW": the official all-capital designation
    if _made_before(span.text, f.start, words["made_words"]):
        return True
    if _noun_context(root, toks, words["nouns"]) or _coordinated(root, settled):
        return True
    if any(t.ent_type_ == "PERSON" for t in toks) or _inside_name(root, toks):
        return False  # "Stacey Abrams", "Ballet Club": a name, unless a weapon noun said so
    return _verb_context(root, words)


def _inside_name(root: Any, toks: Any) -> bool:
    """The word ends a longer proper name ("the Ballet Club", "Julius Caesar"); a country
    or an acronym before it ("U.S. Patriots", "RAF Typhoons") does not count."""
    return any(
        c.dep_ in ("compound", "nmod")
        and c.pos_ == "PROPN"
        and c.i < toks.start
        and c.ent_type_ not in _OWNER_ENTITIES
        and not c.text.isupper()
        for c in root.children
    )


def _made_before(text: str, start: int, made_words: frozenset[str]) -> bool:
    """True after "U.S.-made", "German-built", "British-supplied"."""
    m = _MADE.search(text[max(0, start - _MADE_WINDOW) : start])
    return m is not None and m.group(1).lower() in made_words


def _noun_context(root: Any, toks: Any, nouns: frozenset[str]) -> bool:
    """The name modifies a weapon noun: "Patriot batteries", "a battery of Patriots"."""
    nxt = toks.doc[toks.end] if toks.end < len(toks.doc) else None
    if nxt is not None and nxt.pos_ in _NOUNS and nxt.lemma_.lower() in nouns:
        return True
    t = root
    for _ in range(_NOUN_HOPS):
        head = t.head
        if head is t:
            return False
        if head.i not in range(toks.start, toks.end) and _is_noun(head, nouns):
            return True
        if t.dep_ not in _MODIFIER_DEPS:
            return False
        t = head
    return False


def _is_noun(token: Any, lemmas: frozenset[str]) -> bool:
    return token.pos_ in _NOUNS and token.lemma_.lower() in lemmas


def _coordinated(root: Any, settled: list[set[int]]) -> bool:
    """Listed with, or in apposition to, an accepted weapon: "NASAMS and Patriots"."""
    links = [root.head.i] if root.dep_ in ("conj", "appos") else []
    links += [c.i for c in root.children if c.dep_ in ("conj", "appos")]
    return any(i in ids for i in links for ids in settled)


def _verb_context(root: Any, words: Mapping[str, frozenset[str]]) -> bool:
    """Object of a supply/fire verb or subject of an intercept/strike verb."""
    t = root
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in {"NOUN", "NUM", "ADJ"}:
        t = t.head.head  # partitive: "most of the rockets", "45 of the Shaheds"
    head = t.head
    if t.dep_ in ("dobj", "nsubjpass", "dative") and head.lemma_.lower() in words["object_verbs"]:
        return True
    if t.dep_ == "pobj" and head.dep_ == "agent":
        return head.head.lemma_.lower() in words["subject_verbs"]
    if t.dep_ == "pobj" and head.lower_ == "with":
        return head.head.lemma_.lower() in words["object_verbs"]
    return t.dep_ == "nsubj" and head.lemma_.lower() in words["subject_verbs"]


# ---------------------------------------------------------------- stated ranges
def _attach_ranges(cat: WeaponCatalog, span: Any, found: list[_Found]) -> None:
    """Give each mention the first distance the grammar ties to its capability."""
    owners: dict[int, _Found] = {}
    for f in found:
        owners.update(dict.fromkeys(_token_ids(span, f), f))
    for distance in find_distances(span.text):
        unit = _tokens(span, distance.unit_start, distance.end)[-1]
        anchor = _capability_anchor(unit, cat.words.ranges)
        if anchor is None:
            continue
        owner = _range_owner(anchor, owners, found, distance.start)
        if owner is not None and owner.distance is None:
            owner.distance = distance


def _capability_anchor(unit: Any, words: Mapping[str, frozenset[str]]) -> Any | None:
    """The range noun or capability verb a distance measures, or None (not a range)."""
    t = unit
    for _ in range(_ANCHOR_HOPS):
        lemma = t.lemma_.lower()
        if t is not unit and t.pos_ == "NOUN" and lemma in words["nouns"]:
            return t
        if t.pos_ in _VERBS:
            if lemma == "be":
                subjects = [c for c in t.children if c.dep_ == "nsubj"]
                return next((s for s in subjects if _is_noun(s, words["nouns"])), None)
            if lemma in words["verbs"] and _capable(t, words["modals"]):
                return t
            return None  # "fired from 40 km away", "massed 300 km from the border"
        if t.head is t:
            return None
        t = t.head
    return None


def _capable(verb: Any, modals: frozenset[str]) -> bool:
    """Stated as a capability: can/could, capable of/able to/designed to, generic present."""
    if any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in modals for c in verb.children):
        return True
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    head = verb.head
    if verb.dep_ in ("pcomp", "xcomp", "advcl", "acl"):
        if head.lemma_.lower() in modals:
            return True
        return head.dep_ == "prep" and head.head.lemma_.lower() in modals
    return False


def _range_owner(anchor: Any, owners: dict[int, _Found], found: list[_Found], at: int) -> Any:
    """The mention whose range the anchor gives.

    Up the tree to a mention, or to a verb whose subject (or object: "used ATACMS with a
    range of 300 km") is one; "its range" → the nearest mention before it. When the parser
    left the capability verb without a subject, the nearest mention before the distance.
    """
    for child in anchor.children:
        if child.dep_ == "poss":
            if child.i in owners:
                return owners[child.i]
            if child.lower_ in _POSSESSIVE_PRONOUNS:
                return _nearest_before(found, at)
    t = anchor
    for _ in range(_OWNER_HOPS):
        owner = owners.get(t.i) or (_verb_owner(t, owners, at) if t.pos_ in _VERBS else None)
        if owner is not None:
            return owner
        if t.head is t:
            break
        t = t.head
    if anchor.pos_ in _VERBS and not _has_subject(anchor):
        return _nearest_before(found, at)
    return None


def _verb_owner(verb: Any, owners: dict[int, _Found], at: int) -> _Found | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            owner = _np_owner(child, owners)
            if owner is not None:
                return owner
    objects = [
        owner
        for c in _with_conjuncts(verb, ("dobj", "dative"))
        if (owner := _np_owner(c, owners)) is not None
    ]
    return _nearest_before(objects, at) if objects else None


def _np_owner(noun: Any, owners: dict[int, _Found]) -> _Found | None:
    """The mention a noun is, or that names it as a modifier ("the CAESAR system")."""
    if noun.i in owners:
        return owners[noun.i]
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "amod", "appos") and child.i in owners:
            return owners[child.i]
    return None


def _has_subject(verb: Any) -> bool:
    """False for a finite verb the parser left without a subject (a mis-parse)."""
    if verb.dep_ in ("relcl", "acl", "pcomp", "xcomp", "advcl", "conj"):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _with_conjuncts(verb: Any, deps: tuple[str, ...]) -> list[Any]:
    direct = [c for c in verb.children if c.dep_ in deps]
    return direct + [c for d in direct for c in d.conjuncts]


def _nearest_before(found: Iterable[_Found], at: int) -> _Found | None:
    before = [f for f in found if f.start < at]
    return max(before, key=lambda f: f.start) if before else None


# ---------------------------------------------------------------- helpers
def _tokens(span: Any, start: int, end: int) -> Any:
    """The spaCy tokens covering sentence characters ``start:end``."""
    base = span.start_char
    return span.doc.char_span(base + start, base + end, alignment_mode="expand")


def _token_ids(span: Any, f: _Found) -> set[int]:
    toks = _tokens(span, f.start, f.end)
    return set(range(toks.start, toks.end))


def _phrase_classes(cat: WeaponCatalog, text: str) -> set[str]:
    found = cat.matcher.find(text, accept=lambda m: m.entry.kind == "class")
    return {c for m in found for c in m.entry.classes}


def _record(
    cat: WeaponCatalog,
    f: _Found,
    ps: ParsedSentence,
    article_id: str,
    base: int,
    tolerance: float,
) -> WeaponMention:
    system = f.system
    stated = f.distance.km if f.distance else None
    deviation = range_deviation(stated, system) if system and stated is not None else None
    nuclear = system.nuclear_capable if system else "nuclear weapon" in cat.closure(f.classes)
    return WeaponMention(
        article_id=article_id,
        sentence_index=ps.sentence.index,
        start=base + f.start,
        end=base + f.end,
        text=ps.span.text[f.start : f.end],
        system=system.id if system else None,
        name=system.name if system else None,
        category=system.type if system else None,
        weapon_class=f.classes[0],
        origin=system.origin if system else None,
        reference_range_km=system.range_km if system else None,
        stated_range_km=stated,
        stated_range_text=f.distance.text if f.distance else None,
        range_flag=deviation is not None and deviation > tolerance,
        nuclear_capable=nuclear,
    )
