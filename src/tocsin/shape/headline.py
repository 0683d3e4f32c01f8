"""Where a headline glued to its story ends.

News dumps (AG News, many CSV exports, some feeds) hold the headline and the lead run
together with one space: "Putin in Brazil for space talks Russian president Vladimir Putin
visits Brazil for talks on ...". Parsed as one sentence, the headline's last noun and the
lead's subject fuse into one phrase and both events are lost.

The boundary is found in two steps:

1. markers that leave no doubt: a wire credit ("(Reuters) Reuters - "), a dateline
   ("BAGHDAD (Reuters) - ", "PUNTA GORDA, Fla. - "), a truncation mark ("... RAFAH"), a
   courtesy title after a capitalised word ("... defend Taiwan Mr Powell says");
2. else a small trained model (``tocsin/models/headline``, built by ``make train`` from
   AG News and BBC items whose boundary is known) scores each capitalised word of the
   opening as the start of the story; the best one wins when its score clears the model's
   threshold. Its features are the shape of the words around the cut (title case before,
   sentence case after, a function word or punctuation before it, a word of the headline
   repeated), see ``features``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import yaml

from tocsin.shape.credits import PAREN_CREDIT, dateline_at, opening_credit

#: The boundary is looked for in the opening characters only: headlines are short.
SEARCH_CHARS = 300
#: Fewest words a headline has before a boundary ("Kiwis earn draw").
MIN_HEADLINE_WORDS = 2
#: Words a glued headline can have at most (AG News headlines: 95th percentile about 14).
MAX_HEADLINE_WORDS = 24
_WORD = re.compile(r"\S+")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s+(?=[\"“'‘(]?[A-Z])")


@functools.lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """The word lists of ``shape/data/words.yaml`` (function words, openers, ...)."""
    raw = resources.files("tocsin.shape").joinpath("data/words.yaml").read_text("utf-8")
    data = yaml.safe_load(raw) or {}
    return {k: frozenset(str(w) for w in v) for k, v in data.items() if isinstance(v, list)}


@dataclass(frozen=True, slots=True)
class Boundary:
    """A headline ``[0:head_end]`` and its story from ``body_start``; ``how`` says why."""

    head_end: int
    body_start: int
    how: str  # "credit", "dateline", "truncation", "courtesy" or "model"
    score: float = 1.0


#: ``splits_phrase(text, offset)``: whether a cut at ``offset`` would split a name or a phrase
#: of ``text`` (the parser's judgement, supplied by ``nlp``): "Xi | Jinping" and "would
#: annihilate | South Korea" are no boundaries.
CutTest = Callable[[str, int], bool]


def glued_boundary(para: str, *, splits_phrase: CutTest | None = None) -> Boundary | None:
    """The boundary of a headline glued to the story in ``para``, or None."""
    return _marked(para) or _modelled(para, splits_phrase)


def _marked(para: str) -> Boundary | None:
    words = list(_WORD.finditer(para[:SEARCH_CHARS]))
    opening = dateline_at(para, 0)
    for n, word in enumerate(words):
        if n < MIN_HEADLINE_WORDS:
            continue
        pos = word.start()
        if opening is not None and pos < opening.end():
            continue  # "KIRKUK, Iraq (Reuters) - ": the credit of a dateline, not a headline's
        if para[pos] == "(" and PAREN_CREDIT.match(para, pos):
            return Boundary(_rstrip(para, pos), opening_credit(para, pos), "credit")
        if para[pos].isupper() and (match := dateline_at(para, pos)) is not None:
            if _leading_acronym(match.group(0)) and n + 1 < len(words):
                continue  # "Jail Term for Italy's PM  MILAN (Reuters) -": the place is MILAN
            return Boundary(_rstrip(para, pos), opening_credit(para, pos), "dateline")
    courtesy = _courtesy_opening(words)
    if courtesy is not None:
        return Boundary(_rstrip(para, courtesy), courtesy, "courtesy")
    cut = _TRUNCATED.search(para, 0, SEARCH_CHARS)
    if cut is not None and len(_WORD.findall(para[: cut.start()])) >= MIN_HEADLINE_WORDS:
        end = cut.end()
        return Boundary(_rstrip(para, cut.start()), opening_credit(para, end), "truncation")
    return None


def _courtesy_opening(words: list[re.Match[str]]) -> int | None:
    """ "US confirms commitment to defend Taiwan Mr Powell says ...": a courtesy title right
    after a capitalised word that is neither a function word nor an office ("Prime Minister
    Mr Blair") opens the story; the headline before it has a lower-case word."""
    lists = word_lists()
    for n in range(MIN_HEADLINE_WORDS, min(len(words), MAX_HEADLINE_WORDS + 1)):
        if words[n].group() not in lists["courtesy"]:
            continue
        prev = words[n - 1].group()
        if not prev[:1].isupper() or not prev[-1:].isalnum():
            return None
        if _bare(prev) in lists["function"] or _bare(prev) in lists["titles"]:
            return None
        head = [w.group() for w in words[:n]]
        if not any(w[:1].islower() for w in head):
            return None  # an all-capitalised run is a list of names, not a headline and a story
        return words[n].start()
    return None


def _leading_acronym(dateline: str) -> bool:
    """ "PM  MILAN (Reuters) - ": a headline's short capitalised word before the place."""
    first, _, rest = dateline.partition(" ")
    return (
        bool(rest.strip()[:1].isupper()) and len(first) <= 3 and first not in word_lists()["places"]
    )


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " -–—:":
        end -= 1
    return end


# -- the model ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HeadlineModel:
    """Logistic weights over ``features`` and the score a boundary must clear."""

    weights: dict[str, float]
    bias: float
    threshold: float
    strict_threshold: float  # for a cut whose story repeats no word of the headline

    def score(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@functools.lru_cache(maxsize=1)
def load_model() -> HeadlineModel | None:
    """The packaged model (``tocsin/models/headline/weights.json``), or None if absent."""
    path = resources.files("tocsin.models").joinpath("headline/weights.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    return HeadlineModel(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        strict_threshold=float(data.get("strict_threshold", 1.0)),
    )


def _modelled(para: str, splits_phrase: CutTest | None) -> Boundary | None:
    model = load_model()
    if model is None:
        return None
    words = [(m.start(), m.group()) for m in _WORD.finditer(para[: SEARCH_CHARS * 2])]
    best: tuple[float, int] | None = None
    for i in candidates([w for _, w in words]):
        s = model.score(features([w for _, w in words], i))
        if best is None or s > best[0]:
            best = (s, i)
    if best is None or best[0] < model.threshold:
        return None
    feats = features([w for _, w in words], best[1])
    if not feats["repeat_share"] and best[0] < model.strict_threshold:
        return None  # the story does not repeat the "headline": most likely one sentence
    cut = best[1]
    if (
        _possessive(words[cut - 1][1])
        and cut - 1 >= MIN_HEADLINE_WORDS
        and _bare(words[cut - 2][1]) not in word_lists()["function"]
    ):
        cut -= 1  # "Musharraf meets Pope John Paul | Pakistan's President ...": no headline
        # ends with a possessive
    start = words[cut][0]
    if splits_phrase is not None and splits_phrase(para, start):
        return None  # "Trump and Xi | Jinping met", "to annihilate | South Korea"
    return Boundary(_rstrip(para, start), start, "model", round(best[0], 3))


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s")) and word[:1].isupper()


def candidates(words: list[str]) -> list[int]:
    """Word indexes that may start the story: capitalised (or a quote, a digit) words after
    at least ``MIN_HEADLINE_WORDS`` words, within ``MAX_HEADLINE_WORDS``."""
    out = []
    for i in range(MIN_HEADLINE_WORDS, min(len(words) - 1, MAX_HEADLINE_WORDS + 1)):
        first = words[i].lstrip("\"“'‘(")
        prev = words[i - 1].rstrip("\"”’'")
        if prev.endswith(","):
            continue  # "met in Busan, South Korea": a headline does not end with a comma
        if prev.endswith(".") and not _abbreviation(prev):
            continue  # a full stop ends a sentence: the parser cuts there anyway
        if first[:1].isupper() or first[:1].isdigit():
            out.append(i)
    return out


def _bare(word: str) -> str:
    return word.strip("\"“”'‘’(),.:;!?").lower().removesuffix("'s").removesuffix("’s")


def _capitalised(word: str) -> bool:
    w = word.lstrip("\"“'‘(")
    return w[:1].isupper()


def _title_share(words: list[str]) -> float:
    content = [w for w in words if len(_bare(w)) > 3 and _bare(w) not in word_lists()["function"]]
    if not content:
        return 0.5
    return sum(_capitalised(w) for w in content) / len(content)


def features(words: list[str], i: int) -> dict[str, float]:
    """Features of a boundary before ``words[i]`` (see the module docstring)."""
    prev, cur = words[i - 1], words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    head, body = words[:i], words[i + 1 : i + 12]
    head_set = {_bare(w) for w in head if len(_bare(w)) > 2}
    f: dict[str, float] = {
        "prev_function": float(
            _bare(prev) in word_lists()["function"] and prev[-1:] not in ".,:;?!"
        ),
        "prev_comma": float(prev.endswith(",")),
        "prev_colon": float(prev.endswith((":", ";"))),
        "prev_stop": float(prev.endswith((".", "?", "!")) and not _abbreviation(prev)),
        "prev_abbrev": float(_abbreviation(prev)),
        "prev_quote": float(prev.endswith(("'", '"', "’", "”"))),
        "prev_cap": float(_capitalised(prev)),
        "prev_digit": float(prev[:1].isdigit()),
        "prev_verb_ed": float(prev.islower() and prev.endswith("ed")),
        "prev_number_word": float(_bare(prev) in word_lists()["numbers"]),
        "cur_opener": float(_bare(cur) in word_lists()["openers"]),
        "cur_allcaps": float(cur.isupper() and len(cur) > 1),
        "cur_quote": float(cur[:1] in "\"“'‘"),
        "cur_digit": float(cur[:1].isdigit()),
        "cur_repeat": float(_bare(cur) in head_set),
        "next_repeat": float(_bare(nxt) in head_set and len(_bare(nxt)) > 2),
        "next_lower": float(bool(nxt) and nxt[:1].islower()),
        "head_title": _title_share(head[1:]),
        "body_title": _title_share(body),
        "head_len": min(len(head), 20) / 20.0,
    }
    f["title_drop"] = f["head_title"] - f["body_title"]
    content = [w for w in head_set if w not in word_lists()["function"] and len(w) > 3]
    ahead = {_bare(w) for w in words[i : i + 16]}
    f["repeat_share"] = sum(w in ahead for w in content) / len(content) if content else 0.0
    f["first=" + _bare(words[0])] = 1.0
    f["w=" + _bare(cur)] = 1.0
    f["p=" + _bare(prev)] = 1.0
    f["pshape=" + _shape(prev) + "|" + _shape(cur)] = 1.0
    f[f"head_len_{_bucket(len(head))}"] = 1.0
    f["both_cap"] = f["prev_cap"] * float(_capitalised(cur))
    f["lower_then_cap"] = float(prev[:1].islower() and not f["prev_function"])
    return f


def _shape(word: str) -> str:
    """A coarse shape: X (capitalised), XX (upper), x (lower), d (digit), with end punctuation."""
    core = word.strip("\"“”'‘’()")
    if not core:
        return "p"
    kind = (
        "d"
        if core[0].isdigit()
        else "XX"
        if core.isupper() and len(core) > 1
        else ("X" if core[0].isupper() else "x")
    )
    return kind + (word[-1] if word[-1] in ".,:;?!" else "")


def _abbreviation(word: str) -> bool:
    """ "U.S.", "Gov't.", "Jr.": a full stop that does not end a sentence."""
    core = word.strip("\"“”'‘’()")
    return bool(
        re.fullmatch(
            r"(?:[A-Z]\.){2,}|[A-Z][a-z]?\.|(?:Mr|Mrs|Ms|Dr|St|Jr|Gen|Sen|Rep|Gov)\.", core
        )
    )


def _bucket(n: int) -> str:
    for limit, name in ((2, "2"), (4, "4"), (7, "7"), (11, "11"), (16, "16")):
        if n <= limit:
            return name
    return "long"
