"""Find weapon names and class phrases in plain text, before any look at the parse.

Text and lexicon entries are cut into *pieces*: runs of letters or of digits, so "Kh-101",
"Kh 101" and "Kh101" are all ``kh|101`` and "F-16s" is ``f|16|s``. Entries sit in a trie of
pieces; ``LexiconMatcher.find`` walks it from each word start and keeps the leftmost-longest
match. Hyphen/space variants, plurals ("Kalibrs", "F-16s", "air defences"), variant suffixes
("MiG-31K", "Leopard 2A6") and British spellings (the catalog's ``spelling`` map) are handled
here; whether an ambiguous name ("Patriot") is a weapon is decided later on the parse
(``tocsin.enrich.weapons``).

Case rules, per alias piece: designations (aliases with a digit) match in any case; other
system names need a capital first letter ("Zircon" yes, "zircon" no); all-capital acronyms of
up to four letters must be all capitals ("SAM", "TOW"), longer ones only capitalised
("Atacms", "Himars", as some outlets write them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tocsin.errors import DataFileError

if TYPE_CHECKING:
    from tocsin.enrich.weapon_catalog import WeaponCatalog

_PIECE = re.compile(r"[^\W\d_]+|\d+")
#: Between two pieces of one name: one or two spaces, or a hyphen/dash with optional spaces.
_FLEX_SEP = re.compile(r"\s{1,2}|\s?[-\u2010\u2011\u2012\u2013]\s?")
_APOSTROPHES = frozenset("'\u2019")
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013")
#: Longest all-capital acronym that must match in capitals exactly ("SAM" but not "Sam").
_EXACT_ACRONYM_MAX = 4
#: Shortest letter part of a designation that may be spaced from its number ("Hwasong 17").
_SPACED_LETTERS_MIN = 3
#: Longest attached variant suffix after a designation ("MiG-31K", "Tu-95MS", "Su-35S").
_VARIANT_MAX = 3

CASE_ANY, CASE_INITIAL, CASE_EXACT = 0, 1, 2
_NO_START, _WORD_START, _AFTER_HYPHEN = 0, 1, 2
GAP_NONE, GAP_SPACE, GAP_HYPHEN, GAP_APOSTROPHE = "none", "space", "hyphen", "apostrophe"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of letters or digits in the text: offsets, raw text, normalised form."""

    start: int
    end: int
    raw: str
    norm: str


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One alias or phrase: what it names and how it must be written.

    ``kind`` is ``system`` (``target`` = system id), ``class`` (``target`` = first class)
    or ``stop`` (a phrase that is consumed and dropped: "think tank").
    """

    kind: str
    target: str
    classes: tuple[str, ...]
    surface: str
    ambiguous: bool
    cases: tuple[tuple[int, str], ...]
    gaps: tuple[str, ...]
    ends_with_digit: bool
    veto: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found in the text: character span and the pieces it used."""

    entry: LexEntry
    start: int
    end: int
    first: int
    last: int
    text: str


class _Node:
    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[LexEntry] = []


def normalise_piece(raw: str, spelling: dict[str, str]) -> str:
    """Lower-case ``raw`` and map British spellings (also in the plural) to American."""
    low = raw.lower()
    if low in spelling:
        return spelling[low]
    if low.endswith("s") and low[:-1] in spelling:
        return spelling[low[:-1]] + "s"
    return low


def split_pieces(text: str, spelling: dict[str, str]) -> list[Piece]:
    """Cut ``text`` into letter and digit runs with their offsets."""
    return [
        Piece(m.start(), m.end(), m.group(), normalise_piece(m.group(), spelling))
        for m in _PIECE.finditer(text)
    ]


def _plural_stems(norm: str) -> Iterator[str]:
    """Singular forms ``norm`` may be the plural of (missiles, defenses, batteries)."""
    if len(norm) > 3 and norm.endswith("s"):
        yield norm[:-1]
        if norm.endswith("es"):
            yield norm[:-2]
        if norm.endswith("ies"):
            yield norm[:-3] + "y"


class LexiconMatcher:
    """A trie of normalised pieces over every alias, class phrase and stop phrase."""

    def __init__(self, spelling: dict[str, str], *, path: str = "weapons data") -> None:
        self.spelling = spelling
        self.path = path
        self.root = _Node()

    def add(self, entry: LexEntry) -> None:
        """Add ``entry``; a second entry with the same pieces must name the same thing."""
        node = self.root
        for piece in split_pieces(entry.surface, self.spelling):
            node = node.children.setdefault(piece.norm, _Node())
        for other in node.entries:
            if (other.kind, other.target) != (entry.kind, entry.target):
                reason = (
                    f"{entry.surface!r} ({entry.kind} {entry.target!r}) is written like "
                    f"{other.surface!r} ({other.kind} {other.target!r})"
                )
                raise DataFileError("D001", path=self.path, reason=reason)
        node.entries.append(entry)

    def find(self, text: str, accept: Callable[[Match], bool] | None = None) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``text`` that ``accept`` keeps.

        At each word start the candidates are tried longest first; the first accepted one
        is kept and the scan goes on after it.
        """
        pieces = split_pieces(text, self.spelling)
        out: list[Match] = []
        i = 0
        while i < len(pieces):
            chosen = None
            start = _start_kind(text, pieces[i].start)
            if start != _NO_START:
                chosen = next(
                    (
                        m
                        for m in self._candidates(text, pieces, i)
                        if (start == _WORD_START or m.entry.kind == "stop")
                        and (accept is None or accept(m))
                    ),
                    None,
                )
            if chosen is None:
                i += 1
                continue
            out.append(chosen)
            i = chosen.last + 1
        return out

    def _candidates(self, text: str, pieces: list[Piece], i: int) -> list[Match]:
        found: list[Match] = []
        node = self.root
        j = i
        while j < len(pieces):
            if j > i and not _joinable(text[pieces[j - 1].end : pieces[j].start]):
                break
            for stem in _plural_stems(pieces[j].norm):
                child = node.children.get(stem)
                if child is not None and child.entries:
                    found.extend(self._complete(text, pieces, i, j, child, plural=True))
            nxt = node.children.get(pieces[j].norm)
            if nxt is None:
                break
            node = nxt
            if node.entries:
                found.extend(self._complete(text, pieces, i, j, node, plural=False))
            j += 1
        found.sort(key=lambda m: m.end - m.start, reverse=True)
        return found

    def _complete(
        self, text: str, pieces: list[Piece], i: int, j: int, node: _Node, *, plural: bool
    ) -> Iterator[Match]:
        """The match (if any) of ``node``'s entries over pieces ``i..j`` plus suffixes."""
        used = pieces[i : j + 1]
        seps = [text[a.end : b.start] for a, b in itertools.pairwise(used)]
        entries = [e for e in node.entries if _case_ok(e, used) and _seps_ok(e, used, seps)]
        if not entries:
            return
        exact = [e for e in entries if _same_raw(e, used)]
        entry = (exact or entries)[0]
        last = j if plural else _suffix_end(text, pieces, j, entry)
        end = pieces[last].end
        if end < len(text) and text[end].isalnum():
            return
        start = pieces[i].start
        yield Match(entry, start, end, i, last, text[start:end])


def _start_kind(text: str, pos: int) -> int:
    """Whether a name may start at ``pos``: not inside a word or after a possessive
    apostrophe; after a hyphen inside a compound ("anti-tank") only a stop phrase may."""
    if pos == 0:
        return _WORD_START
    prev = text[pos - 1]
    if prev.isalnum() or prev in _APOSTROPHES:
        return _NO_START
    if prev in _HYPHENS and pos >= 2 and text[pos - 2].isalnum():
        return _AFTER_HYPHEN
    return _WORD_START


def _joinable(sep: str) -> bool:
    return sep == "" or sep in _APOSTROPHES or _FLEX_SEP.fullmatch(sep) is not None


def _case_ok(entry: LexEntry, used: list[Piece]) -> bool:
    for (rule, alias_raw), piece in zip(entry.cases, used, strict=True):
        if rule == CASE_INITIAL and not piece.raw[0].isupper():
            return False
        if rule == CASE_EXACT and not piece.raw.startswith(alias_raw):
            return False
    return True


def _seps_ok(entry: LexEntry, used: list[Piece], seps: list[str]) -> bool:
    """Separators the entry allows: an apostrophe only where it has one ("David's Sling");
    between letters and digits a space only where it has one or after a word of three or
    more letters ("Hwasong 17" for Hwasong-17, but "a 10" is not an A-10)."""
    for k, (sep, gap) in enumerate(zip(seps, entry.gaps, strict=True)):
        if (sep in _APOSTROPHES) != (gap == GAP_APOSTROPHE):
            return False
        left, right = used[k].raw, used[k + 1].raw
        if left[-1].isdigit() == right[0].isdigit() or gap == GAP_SPACE:
            continue
        letters = right if left[-1].isdigit() else left
        if any(c.isspace() for c in sep) and len(letters) < _SPACED_LETTERS_MIN:
            return False
    return True


def _same_raw(entry: LexEntry, used: list[Piece]) -> bool:
    return all(p.raw == raw for (_, raw), p in zip(entry.cases, used, strict=True))


def _suffix_end(text: str, pieces: list[Piece], j: int, entry: LexEntry) -> int:
    """Index of the last piece once a plural "s" or a variant suffix ("K", "2A6") is added."""
    nxt = j + 1
    if nxt >= len(pieces) or pieces[nxt].start != pieces[j].end:
        return j
    raw = pieces[nxt].raw
    if raw == "s" and pieces[j].raw.isdigit():
        return nxt
    if entry.ends_with_digit and raw.isalpha() and raw.isupper() and len(raw) <= _VARIANT_MAX:
        after = nxt + 1
        if after < len(pieces) and pieces[after].start == pieces[nxt].end:
            return after if pieces[after].raw.isdigit() else j
        return nxt
    return j


# ---------------------------------------------------------------- building
def make_entry(
    surface: str,
    *,
    kind: str,
    target: str,
    classes: tuple[str, ...] = (),
    ambiguous: bool = False,
    veto: frozenset[str] = frozenset(),
) -> LexEntry:
    """Build a ``LexEntry`` with the case rule of each piece and its apostrophe gaps."""
    raw = [m.group() for m in _PIECE.finditer(surface)]
    spans = [(m.start(), m.end()) for m in _PIECE.finditer(surface)]
    gaps = tuple(_gap_kind(surface[a[1] : b[0]]) for a, b in itertools.pairwise(spans))
    designation = any(p.isdigit() for p in raw)
    cases = tuple(
        (_case_rule(p, first=k == 0, name=kind == "system", designation=designation), p)
        for k, p in enumerate(raw)
    )
    return LexEntry(
        kind=kind,
        target=target,
        classes=classes,
        surface=surface,
        ambiguous=ambiguous,
        cases=cases,
        gaps=gaps,
        ends_with_digit=bool(raw) and raw[-1].isdigit(),
        veto=veto,
    )


def _gap_kind(sep: str) -> str:
    if any(c in _APOSTROPHES for c in sep):
        return GAP_APOSTROPHE
    if sep and sep.isspace():
        return GAP_SPACE
    return GAP_HYPHEN if sep else GAP_NONE


def _case_rule(piece: str, *, first: bool, name: bool, designation: bool) -> int:
    if designation or not piece.isalpha():
        return CASE_ANY
    if len(piece) >= 2 and piece.isupper():
        return CASE_EXACT if len(piece) <= _EXACT_ACRONYM_MAX else CASE_INITIAL
    if first and name and piece[0].isupper():
        return CASE_INITIAL
    return CASE_ANY


def build_matcher(catalog: WeaponCatalog) -> LexiconMatcher:
    """The matcher over every system alias, class phrase and stop phrase of ``catalog``."""
    matcher = LexiconMatcher(catalog.spelling, path=" + ".join(catalog.paths))
    for stop in catalog.stop_phrases:
        matcher.add(make_entry(stop.lower(), kind="stop", target=""))
    for phrase in catalog.class_phrases:
        for surface in phrase.phrases:
            matcher.add(
                make_entry(
                    surface,
                    kind="class",
                    target=phrase.classes[0],
                    classes=phrase.classes,
                    ambiguous=phrase.context,
                    veto=phrase.veto,
                )
            )
    for system in catalog.systems.values():
        for alias in system.aliases:
            matcher.add(make_entry(alias, kind="system", target=system.id))
        for alias in system.ambiguous:
            matcher.add(make_entry(alias, kind="system", target=system.id, ambiguous=True))
    return matcher
