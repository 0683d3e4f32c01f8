"""Cut an article into the segments the parser reads: its headline, its story paragraphs.

What a news text holds besides its report is left out here, before any parsing: wire
credits and datelines ("(Reuters) Reuters - ", "BAGHDAD (Reuters) - "), bylines, captions,
share prompts, menus, related-story strips and blocks repeated within the page. The headline
is found (the article's title when the reader kept one, a short first line, or a headline
glued to the story, see ``shape.headline``) and parsed as its own sentence; a Title Case
headline is parsed in sentence case ("Sistani Urges Supporters to Wait" → "Sistani urges
supporters to wait"), since the tagger reads every capitalised word as a name.

Every segment keeps its offset in ``Article.text`` and its text exactly as stored;
``parse_text`` (what the parser sees) has the same length, so parser offsets are article
offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tocsin.shape.credits import is_clutter, opening_credit
from tocsin.shape.headline import CutTest, glued_boundary
from tocsin.shape.truecase import is_title_case, sentence_case

_PARAGRAPH = re.compile(r"[^\n]+")
_SPACES = re.compile(r"\s+")
#: A first line this short, not ending like a sentence, before more text is a headline.
HEADLINE_WORDS = 22
#: Lines at most this long in a row of three or more, none ending like a sentence, are a
#: strip of related headlines or a menu, not the story.
STRIP_WORDS = 14
STRIP_RUN = 3
#: Repeated paragraphs shorter than this are kept (a one-word "Yes." can repeat for real).
REPEAT_MIN_CHARS = 25
#: A paragraph a page carries this many times is furniture in every copy (a sidebar, a
#: refrain); twice, the first copy is the article's own and the second a duplicate.
REPEAT_ALL = 3

PARSED = frozenset({"headline", "body"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the article: ``text`` = ``article_text[offset:offset + len(text)]``.

    ``kind``: "headline" or "body" (parsed), or why it is not parsed: "credit" (credit or
    dateline), "clutter", "repeat", "strip".
    """

    offset: int
    text: str
    kind: str
    parse_text: str = ""

    @property
    def parsed(self) -> bool:
        return self.kind in PARSED

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


def segments(
    text: str,
    *,
    title: str | None = None,
    max_chars: int = 200_000,
    known_word: Callable[[str], bool] | None = None,
    splits_phrase: CutTest | None = None,
    names: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[Segment]:
    """The segments of ``text`` in order (skipped ones included, with their reason).

    ``title`` is the article's title when the reader kept one; ``known_word`` says whether
    a lower-case word is an ordinary English word (for sentence-casing headlines);
    ``splits_phrase`` whether a cut at an offset of a paragraph would split a name or a
    phrase (no headline ends there); ``names`` the spans of known names of several words in
    a headline (they keep their capitals).
    """
    paras = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text) if m.start() < max_chars]
    paras = [(o, p[: max_chars - o]) for o, p in paras if p.strip()]
    out: list[Segment] = []
    seen: set[str] = set()
    strip = _strips(paras)
    flats = [_SPACES.sub(" ", p).strip().lower() for _, p in paras]
    counts = Counter(f for f in flats if len(f) >= REPEAT_MIN_CHARS)
    for n, (offset, para) in enumerate(paras):
        flat = flats[n]
        if counts[flat] >= REPEAT_ALL or (n > 0 and counts[flat] > 1 and flat in seen):
            out.append(Segment(offset, para, "repeat"))
            seen.add(flat)
            continue
        seen.add(flat)
        if n in strip:
            out.append(Segment(offset, para, "strip"))
        elif not out or all(not s.parsed for s in out):
            more = n + 1 < len(paras)
            out.extend(_opening(offset, para, title=title, more=more, splits_phrase=splits_phrase))
        elif is_clutter(para):
            out.append(Segment(offset, para, "clutter"))
        else:
            out.extend(_story(offset, para))
    return _cased(out, known_word, names)


def _opening(
    offset: int, para: str, *, title: str | None, more: bool, splits_phrase: CutTest | None
) -> list[Segment]:
    """The first paragraph with text: a headline line, a glued headline + story, or story."""
    if is_clutter(para):
        return [Segment(offset, para, "clutter")]
    # a short line before the story, or one standing alone in Title Case (a feed item or
    # a record that kept only its headline: "Russia Expels Two British Diplomats")
    alone = not more and is_title_case(para)
    if (title and _same(para, title)) or ((more or alone) and _headline_line(para)):
        return [Segment(offset, para, "headline")]
    boundary = glued_boundary(para, splits_phrase=splits_phrase)
    if boundary is None:
        return _story(offset, para)
    out = [Segment(offset, para[: boundary.head_end], "headline")]
    if boundary.body_start > boundary.head_end:
        gap = para[boundary.head_end : boundary.body_start]
        if gap.strip():
            out.append(Segment(offset + boundary.head_end, gap, "credit"))
    return out + _story(offset + boundary.body_start, para[boundary.body_start :])


def _story(offset: int, para: str) -> list[Segment]:
    """A story paragraph, without the credits and dateline that may open it."""
    cut = opening_credit(para)
    out = []
    if cut > 0 and para[:cut].strip():
        out.append(Segment(offset, para[:cut], "credit"))
    if para[cut:].strip():
        out.append(Segment(offset + cut, para[cut:], "body"))
    return out


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().lower() == _SPACES.sub(" ", b).strip().lower()


def _headline_line(para: str) -> bool:
    words = para.split()
    if not words or len(words) > HEADLINE_WORDS:
        return False
    end = para.rstrip()[-1:]
    return end not in ".:;," or para.rstrip().endswith(("...", "…"))


def _strips(paras: list[tuple[int, str]]) -> set[int]:
    """Indexes of paragraphs in runs of ``STRIP_RUN`` or more short non-sentences, after the
    first paragraph (the headline may stand alone)."""
    out: set[int] = set()
    run: list[int] = []
    for n, (_, para) in enumerate(paras):
        short = n > 0 and len(para.split()) <= STRIP_WORDS and para.rstrip()[-1:] not in '.!?"”'
        if short:
            run.append(n)
            continue
        if len(run) >= STRIP_RUN:
            out.update(run)
        run = []
    if len(run) >= STRIP_RUN:
        out.update(run)
    return out


def _cased(
    out: list[Segment],
    known_word: Callable[[str], bool] | None,
    names: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[Segment]:
    """Set ``parse_text``: headlines in sentence case, everything else as it is."""
    story = " ".join(s.text for s in out if s.kind == "body")
    done = []
    for seg in out:
        parse = seg.text
        if seg.kind == "headline":
            parse = sentence_case(seg.text, story, known_word=known_word, names=names)
        done.append(Segment(seg.offset, seg.text, seg.kind, parse))
    return done
