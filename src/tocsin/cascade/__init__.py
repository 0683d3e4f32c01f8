"""The cascade in front of the parser: parse only what the coder can use, and parse it once.

Most sentences of a news day hold no codable event (on BBC + AG News + Reuters, the full
pipeline codes events in about 3 % of them). Before ``nlp.parse_documents`` runs spaCy,
each parsed segment (``tocsin.shape``) is read cheaply (``cascade.sketch``: tokenizer,
rule-based sentence split, trigger vocabulary, actor index), a trained filter scores each
sentence (``cascade.filter``), and the chosen sentences plus the context their coding needs
(``cascade.plan``) are parsed as runs; the other sentences are stored unparsed
(``Sentence.parsed`` is false). Repeated paragraphs — the copies of one story — are parsed
once per process (``cascade.cache``).

``Cascade.from_settings`` builds it; ``cascade.enabled = false`` parses every sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tocsin.cascade.cache import ParseCache
from tocsin.cascade.features import features
from tocsin.cascade.filter import FilterModel, packaged_model
from tocsin.cascade.plan import with_context
from tocsin.cascade.sketch import Sketch, Sketcher
from tocsin.cascade.vocab import TriggerVocab, build_vocab, inflected_forms
from tocsin.config import Settings

__all__ = ["Cascade", "ParseCache", "Run", "Sketch"]


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive sentences of one segment: parsed together, or stored unparsed.

    ``start``/``end`` are offsets in the segment; ``sentences`` the ``(start, end)`` of each
    sentence the sketch found (a parsed run is split again by the parser).
    """

    start: int
    end: int
    parse: bool
    sentences: tuple[tuple[int, int], ...]


class Cascade:
    """Decides which runs of each article's segments are parsed."""

    def __init__(
        self,
        sketcher: Sketcher,
        model: FilterModel,
        *,
        threshold: float,
        speech: frozenset[str] = frozenset(),
    ) -> None:
        self.sketcher = sketcher
        self.vocab: TriggerVocab = sketcher.vocab
        self.model = model
        self.threshold = threshold
        self.speech = speech  # forms of the quote cues' speech verbs ("said", "according")

    @classmethod
    def from_settings(cls, settings: Settings, nlp: Any) -> Cascade:
        """The cascade for ``settings`` over the loaded spaCy pipeline ``nlp``.

        Uses the same lexicon files and actor files as the stages, so an analyst's extra
        triggers and actors are never filtered out. Raises ``DataFileError`` for bad files.
        """
        from tocsin.actors.resolver import ActorResolver

        vocab = _vocab(tuple(settings.extract.lexicon_files), nlp)
        index = ActorResolver.from_settings(settings).index
        model = packaged_model()
        wanted = settings.cascade.threshold_value
        threshold = model.threshold if wanted is None else wanted
        sketcher = Sketcher(nlp.tokenizer, vocab, index)
        return cls(sketcher, model, threshold=threshold, speech=_speech_forms(nlp))

    def score(self, sketch: Sketch, position: int) -> float:
        """The filter's probability that ``sketch`` holds a coded event."""
        return self.model.score(features(sketch, self.vocab, position=position))

    def chosen(self, sketch: Sketch, position: int) -> bool:
        """Whether this sentence is parsed: ``always`` or ``filtered``."""
        return self.always(sketch) or self.filtered(sketch, position)

    def always(self, sketch: Sketch) -> bool:
        """A direct quotation with someone to attribute it to, or a statement reported of a
        named actor ("Serbia's minister said the talks had failed"): parsed whatever the
        filter says (the ``quotes`` stage stores them whether or not they hold an event)."""
        return quotation(sketch) or self.reported(sketch)

    def filtered(self, sketch: Sketch, position: int) -> bool:
        """Whether the filter (or, without a model, the rule) picks this sentence."""
        if not sketch.triggers:
            return False  # the coder needs a trigger word: nothing to find without one
        if self.threshold < 0:
            return bool(sketch.actors or sketch.pronouns)
        return self.score(sketch, position) >= self.threshold

    def runs(self, segments: Sequence[tuple[str, str]]) -> list[list[Run]]:
        """For one article's parsed segments (``(parse_text, kind)``), the runs of each."""
        sketches = self.sketcher.sketch([t for t, _ in segments], [k for _, k in segments])
        flat = [(text, sk) for (text, _), seg in zip(segments, sketches, strict=True) for sk in seg]
        chosen = [self.pick(text, sk, n) for n, (text, sk) in enumerate(flat)]
        keep = iter(with_context([sk for _, sk in flat], chosen))
        return [_runs(seg, [next(keep) for _ in seg]) for seg in sketches]

    def pick(self, segment: str, sketch: Sketch, position: int) -> bool:
        """Whether to parse the sentence ``sketch`` of the text ``segment`` (the
        ``position``-th sentence of its article): ``chosen``. A subclass may decide by
        other means (``benchmarks/ceiling.py`` puts an oracle here)."""
        return self.chosen(sketch, position)

    def reported(self, sketch: Sketch) -> bool:
        """A speech verb ("said", "told", "according to") in a sentence naming an actor of a
        named kind (a country, an IGO, a known person, a group): a statement to store."""
        return sketch.named() and any(w in self.speech for w in sketch.words)


def quotation(sketch: Sketch) -> bool:
    """Words in quotation marks with a possible speaker in the sentence: a named actor or a
    pronoun. Quotations are stored for the analyst whether or not they hold an event, and
    their speaker is found in the parse."""
    quoted = sketch.quote_marks > 0 or sketch.quote_open
    return quoted and bool(sketch.actors or sketch.pronouns & {"person", "plural", "speaker"})


def _runs(sketches: list[Sketch], keep: list[bool]) -> list[Run]:
    out: list[Run] = []
    group: list[Sketch] = []
    for i, sk in enumerate(sketches):
        group.append(sk)
        if i + 1 == len(sketches) or keep[i + 1] != keep[i]:
            spans = tuple((s.start, s.end) for s in group)
            out.append(Run(group[0].start, group[-1].end, keep[i], spans))
            group = []
    return out


@functools.lru_cache(maxsize=4)
def _speech_forms(nlp: Any) -> frozenset[str]:
    """Forms of the quote cues' speech verbs (not those that are speech only beside a
    quotation: "respond", "signal") and the first words of their source phrases."""
    from tocsin.events.quote_cues import packaged_cues

    cues = packaged_cues()
    verbs = [v for v in cues.speech if v not in cues.clause_only]
    return inflected_forms(verbs, nlp) | {phrase[0] for phrase in cues.sources}


@functools.lru_cache(maxsize=4)
def _vocab(lexicon_files: tuple[str, ...], nlp: Any) -> TriggerVocab:
    from tocsin.events.coder import named_party_nouns, nominal_types
    from tocsin.events.context import load_frames
    from tocsin.events.lexicon import load_lexicon

    nominal, participles = nominal_types()
    meetings = named_party_nouns()  # "talks between", "clashes with": noun -> type
    return build_vocab(
        load_lexicon(lexicon_files), load_frames(), {**nominal, **participles}, meetings, nlp
    )
