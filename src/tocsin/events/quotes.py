"""Quotations and attributed statements with their speakers: the ``quotes`` stage.

Three kinds of ``Quote`` come out of a parsed article (docs/data.md, "quotes"):

* ``direct``: words in quotation marks that stand as a statement of their own ('"We will
  respond," Putin said.'), over one or several sentences, and the wire convention of a
  quotation over several paragraphs (each paragraph opens with a mark, only the last one
  closes it), which gives one ``Quote`` per paragraph.
* ``partial``: a quoted fragment inside reported speech (warned that Serbia "will not stand
  idly by"). A fragment that no speech verb governs is a scare quote (a "red line", a report
  titled "...") and keeps a confidence of at most 0.3.
* ``indirect``: a reported clause without quotation marks ("X said (that) ...", "according
  to X, ...", "X told reporters ...", "in a statement, X ...").

Per paragraph, a character scan pairs the quotation marks (typographic or straight; single
marks only when they close; marks nested in a quotation stay part of it). The cue of a span is
the speech verb that governs it in the parse, else the reporting clause right after it ('," X
said'), else the one before it ('X said: "'); a direct quotation with no cue of its own
belongs to the paragraph quotation it continues, or to the quotation just before it. Reported
clauses are the clausal complements of speech verbs. The cue's subject is the speaker: names
are expanded to their fullest form in the article, pronouns and definite descriptions ("the
minister added") refer back to the last person named or quoted, and the speaker's actor comes
from the actor stage's mentions (``doc.mentions``). The cues, their weights and the word lists
are data: ``data/quote_cues.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from tocsin.config import Settings
from tocsin.events.quote_cues import CUES_FILE, Cue, QuoteCues, load_cues, packaged_cues
from tocsin.events.quote_marks import (
    DOUBLE_MARKS,
    SINGLE_MARKS,
    MarkedSpan,
    Paragraph,
    inner_offsets,
    paragraphs,
    scan_quotes,
    standalone,
)
from tocsin.events.speakers import (
    Speaker,
    SpeakerContext,
    SpeakerResolver,
    after_comma,
    cue_subject,
)
from tocsin.nlp import ParsedSentence
from tocsin.records import Document, Quote

_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
#: A verb between a quotation and the cue above it passes the cue down only from these
#: relations (reported clause, conjunct, complement, adverbial clause); a relative clause or
#: participle ("a report titled ...") puts the quotation in another speaker's mouth.
_PASS_VERB_DEPS = frozenset({"ccomp", "conj", "xcomp", "advcl"})
_SENTENCE_END = frozenset(".!?")
#: Base confidences, before the cue's weight (see ``_confidence``).
_BASE = {
    "own": 0.9,  # a direct quotation with its own cue
    "chain": 0.85,  # a paragraph of a multi-paragraph quotation attributed at its end
    "inherit": 0.75,  # no cue: continues the quotation before it, same paragraph
    "inherit_paragraph": 0.6,  # no cue: continues the previous paragraph's speaker
    "unattributed": 0.5,
    "partial_speech": 0.8,
    "partial_naming": 0.7,
    "indirect": 0.8,
    "source": 0.7,
    "statement": 0.5,
}
#: Weight of a quotation that is its subject's own predicate ('X "totally condemned" Y').
_PREDICATE_WEIGHT = 0.6
#: Scare quotes: a fragment no cue governs. Short ones (a "red line") are almost never
#: somebody's words; longer ones may be a quotation whose attribution we missed.
_SCARE_SHORT, _SCARE_LONG, _SHORT_WORDS = 0.15, 0.25, 3


@dataclass(slots=True)
class _Found:
    """A quotation or statement found, before its speaker is settled."""

    kind: str
    start: int  # article offsets
    end: int
    ps: ParsedSentence
    para: Paragraph
    base: str  # key of _BASE
    cue: Cue | None = None
    subject: Any = None  # the speaker's head token
    chain: int | None = None  # multi-paragraph quotation id
    opens_paragraph: bool = False
    unclosed: bool = False
    words: int = 0
    speaker: Speaker | None = None


class QuoteFinder:
    """Finds the quotations and attributed statements of parsed articles.

    ``cues`` defaults to the packaged cue file; ``resolver`` (an ``ActorResolver``, optional)
    reads a speaker's actor where the actor stage's mentions have none.
    """

    def __init__(self, cues: QuoteCues | None = None, resolver: Any | None = None) -> None:
        self.cues = cues or packaged_cues()
        self.resolver = resolver
        self.speakers = SpeakerResolver(self.cues)

    def find(self, doc: Document) -> list[Quote]:
        """The document's quotes, in text order (needs its parse and, for actors, mentions)."""
        paras = paragraphs(doc)
        art = SpeakerContext(doc, paras, self.cues, self.resolver)
        found: list[_Found] = []
        chains = _Chains()
        for para in paras:
            found.extend(self._marked(para, chains))
            found.extend(self._reported(para))
        found.sort(key=lambda f: (f.start, -f.end))
        self._attribute(found, art)
        return _dedupe([self._quote(f, doc) for f in found])

    # -- quotation marks ---------------------------------------------------------
    def _marked(self, para: Paragraph, chains: _Chains) -> Iterator[_Found]:
        previous: _Found | None = None
        for n, span in enumerate(para.spans):
            chain = chains.link(para, span, n)
            found = self._one_marked(para, span, n, previous)
            if found is None:
                continue
            found.chain = chain
            previous = found
            yield found

    def _one_marked(
        self, para: Paragraph, span: MarkedSpan, n: int, previous: _Found | None
    ) -> _Found | None:
        start, end = inner_offsets(para.text, span)
        if start >= end or not any(c.isalpha() for c in para.text[start:end]):
            return None
        inner = [t for t in para.tokens(start, end) if not t.is_space]
        if not inner:
            return None
        direct = self._is_direct(para, span, start, end, previous)
        cue = self._span_cue(para, span, n, inner, direct=direct)
        found = _Found(
            kind="direct" if direct else "partial",
            start=para.offset + start,
            end=para.offset + end,
            ps=para.sentence_at(start),
            para=para,
            base="own",
            cue=cue,
            subject=cue_subject(cue.token, para.floor) if cue is not None else None,
            opens_paragraph=not para.text[: span.open].strip(),
            unclosed=span.close is None or span.run_on,
            words=len([t for t in inner if not t.is_punct]),
        )
        if not direct:
            found.base = self._partial_base(para, span, cue)
            if found.base == "scare":
                found.cue, found.subject = None, None
        return found

    def _span_cue(
        self, para: Paragraph, span: MarkedSpan, n: int, inner: list[Any], *, direct: bool
    ) -> Cue | None:
        """The cue of a quotation: the verb governing it; for a direct quotation, else the
        reporting clause after it or before it (a fragment is only ever governed)."""
        cue = self._governing(para, inner)
        if cue is None and direct:
            cue = self._after(para, span, n) or self._before(para, span, n)
        return cue

    def _governing(self, para: Paragraph, inner: list[Any]) -> Cue | None:
        """The nearest cue above the quotation in the parse, through nouns and reported clauses."""
        ids = {t.i for t in inner}
        roots = [t for t in inner if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        for root in roots:
            if root.dep_ == "appos":  # 'an offensive, code-named "Operation X"': a name
                continue
            cue = self._climb(para, root)
            if cue is not None:
                return cue
        return self._quoted_predicate(para, roots)

    def _quoted_predicate(self, para: Paragraph, roots: list[Any]) -> Cue | None:
        """'Richard Thomas "totally condemned" the deletion': the quotation is its subject's
        own verb phrase, so the subject said it (weakly: it may be the writer's irony)."""
        for root in roots:
            clause = root.pos_ == "VERB" and (
                root.head.i == root.i or root.dep_ in ("ccomp", "conj")
            )
            if clause and any(c.dep_ == "nsubj" and not para.quoted[c.i] for c in root.children):
                return Cue("predicate", root.lemma_.lower(), _PREDICATE_WEIGHT, root)
        return None

    def _climb(self, para: Paragraph, token: Any) -> Cue | None:
        prev, cur = token, token.head
        for _ in range(10):
            if cur.i == prev.i:
                return None
            cue = self.cues.verb_cue(cur)
            if (
                cue is not None
                and not para.quoted[cur.i]
                and (not cue.clause_only or prev.dep_ == "ccomp")
            ):
                return cue
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in _PASS_VERB_DEPS:
                return None
            prev, cur = cur, cur.head
        return None

    def _after(self, para: Paragraph, span: MarkedSpan, n: int) -> Cue | None:
        """'"...," Putin said.': the first cue after the closing mark, before the sentence ends."""
        if span.close is None:
            return None
        stop = para.spans[n + 1].open if n + 1 < len(para.spans) else len(para.text)
        for tok in para.tokens(span.close + 1, stop):
            if tok.text in _SENTENCE_END and not para.quoted[tok.i]:
                return None
            cue = self.cues.verb_cue(tok)
            if cue is not None and cue.kind != "naming" and tok.dep_ not in ("relcl", "acl"):
                return cue
        return None

    def _before(self, para: Paragraph, span: MarkedSpan, n: int) -> Cue | None:
        """'Putin said: "...': the last cue before the opening mark, in the same sentence."""
        start = para.end_of(para.spans[n - 1]) if n else 0
        start = max(start, para.sentence_at(span.open).span.start_char)
        for tok in reversed(para.tokens(start, span.open)):
            cue = self.cues.verb_cue(tok)
            if (
                cue is not None
                and cue.kind != "naming"
                and tok.dep_ not in ("relcl", "acl", "advcl")
            ):
                return cue
        return None

    def _is_direct(
        self, para: Paragraph, span: MarkedSpan, start: int, end: int, previous: _Found | None
    ) -> bool:
        """Whether a quotation stands as a statement of its own rather than a fragment."""
        text = para.text
        before = text[: span.open].rstrip()
        inner = text[start:end]
        upper = next((c.isupper() for c in inner if c.isalpha()), False)
        if span.close is None or span.run_on:
            return True
        if not standalone(text, span):  # "'Errors' doomed the sale": a phrase in a sentence
            return False
        if not before or before[-1] in ".!?:;":
            return True
        if before[-1] in ",—–":
            return upper or self._continues(para, span, previous)
        terminal = inner.rstrip("\"'”’").endswith(("!", "?", "."))
        lead = para.token_before(len(before))  # 'Kurti said "Serbia will ...'
        lead_cue = lead is not None and self.cues.verb_cue(lead) is not None
        return upper and (terminal or lead_cue)

    def _continues(self, para: Paragraph, span: MarkedSpan, previous: _Found | None) -> bool:
        """'"The virus," said X, "is adapting ...': the second part of an interrupted quotation."""
        if previous is None or previous.kind != "direct" or previous.para is not para:
            return False
        between = para.text[previous.end - para.offset : span.open]
        return between.lstrip("\"”'’ ").startswith(",") or "," in between[:3]

    def _partial_base(self, para: Paragraph, span: MarkedSpan, cue: Cue | None) -> str:
        """How a fragment is attributed: by a speech verb, a naming verb, or nobody (scare)."""
        if self._named(para.text[: span.open]):
            return "scare"
        if cue is None:
            return "scare"
        return "partial_naming" if cue.kind == "naming" else "partial_speech"

    def _named(self, before: str) -> bool:
        words = tuple(before.lower().split())
        return any(words[-len(m) :] == m for m in self.cues.name_markers)

    # -- reported clauses -------------------------------------------------------
    def _reported(self, para: Paragraph) -> Iterator[_Found]:
        for ps in para.sents:
            for tok in ps.span:
                if para.quoted[tok.i]:
                    continue
                yield from self._speech_clauses(para, ps, tok)
                yield from self._according(para, ps, tok)
                yield from self._in_statement(para, ps, tok)

    def _speech_clauses(self, para: Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'X said (that) ...': the clausal complement of a speech verb."""
        cue = self.cues.verb_cue(tok)
        if cue is None or cue.kind != "speech" or _passive(tok) or _negated(tok):
            return
        if self._parenthetical(tok):
            return  # "X said [Y failed, state TV reported]": X's statement, TV its source
        comps = [self._inner_report(c) for c in tok.children if c.dep_ == "ccomp"]
        subject = cue_subject(tok, para.floor)
        for group in ([c for c in comps if c.i < tok.i], [c for c in comps if c.i > tok.i]):
            tokens = self._clause(para, tok, group, subject) if group else []
            if tokens:
                yield self._statement(para, ps, tokens, cue, subject, "indirect")

    def _clause(self, para: Paragraph, cue: Any, comps: list[Any], subject: Any) -> list[Any]:
        """The tokens of a reported clause (the cue's complements on one side of it).

        [] when the clause is a quotation's frame ('"...," he said') or a report of a report
        ("[X said ...], state media reported": the inner report is the statement).
        """
        if any(self._reports(c) or _conditional(c) for c in comps):
            return []
        lo, hi = min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps)
        if comps[0].i > cue.i:
            lo = max(lo, cue.i + 1)  # "a missile that Moscow says can reach": after the cue
            for conj in cue.children:  # "said X, and that Y": one statement
                if (
                    conj.dep_ == "conj"
                    and conj.i > hi
                    and any(c.lower_ == "that" for c in conj.children)
                ):
                    hi = max(hi, conj.right_edge.i)
        elif subject is not None and subject.i > comps[0].i:
            hi = min(hi, subject.left_edge.i - 1)
        hi = min([hi, *(t.left_edge.i - 1 for c in comps for t in self._later_reports(c))])
        tokens = _drop_leading_date(_trim(list(cue.doc[lo : hi + 1])))
        words = [t for t in tokens if not t.is_punct]
        if len(words) < 2 or sum(para.quoted[t.i] for t in words) * 2 > len(words):
            return []
        return tokens

    def _parenthetical(self, verb: Any) -> bool:
        """A report after its own clause, inside another speaker's: ", state TV reported"."""
        head = verb.head
        return (
            verb.dep_ == "ccomp"
            and head.i < verb.i
            and self._reports(verb)
            and after_comma(verb)
            and all(c.i < verb.i for c in verb.children if c.dep_ == "ccomp")
            and self.cues.verb_cue(head) is not None
        )

    def _inner_report(self, comp: Any) -> Any:
        """The clause a parenthetical report wraps, or ``comp`` itself."""
        if self._parenthetical(comp):
            return next(c for c in comp.children if c.dep_ == "ccomp")
        return comp

    def _reports(self, verb: Any) -> bool:
        """Whether ``verb`` reports a clause of its own ("X said ...", not "would respond")."""
        cue = self.cues.verb_cue(verb)
        return (
            cue is not None
            and cue.kind == "speech"
            and _has_subject(verb)
            and any(c.dep_ == "ccomp" for c in verb.children)
        )

    def _later_reports(self, root: Any) -> Iterator[Any]:
        """Cue verbs that end a clause: ", state media reported", "and urged Washington to"."""
        for tok in root.doc[root.i + 1 : root.right_edge.i + 1]:
            if self.cues.verb_cue(tok) is None:
                continue
            complement = any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children)
            if (tok.dep_ == "conj" and complement) or (_has_subject(tok) and after_comma(tok)):
                yield tok

    def _according(self, para: Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'According to X, ...': the clause a source phrase modifies, X the speaker."""
        phrase = next((p for p in self.cues.sources if p[0] == tok.lower_), None)
        if phrase is None or tok.head.i == tok.i:
            return
        prep = next((c for c in tok.children if c.lower_ == phrase[-1]), None)
        source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        clause = tok.head
        if source is None or clause.pos_ not in ("VERB", "AUX") or self._has_speech(clause):
            return
        skip = {t.i for t in tok.subtree}
        tokens = _trim([t for t in clause.subtree if t.i not in skip])
        tokens = _contiguous(tokens, clause)
        vague = source.lower_ in self.cues.vague_sources  # "according to reports"
        weight = self.cues.sources[phrase] * (0.6 if vague else 1.0)
        cue = Cue("source", " ".join(phrase), weight, tok)
        if len([t for t in tokens if not t.is_punct]) >= 2:
            yield self._statement(para, ps, tokens, cue, source, "source")

    def _in_statement(self, para: Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'In a statement, X reaffirmed ...': a clause made a statement by its frame."""
        if tok.dep_ != "pobj" or tok.lemma_.lower() not in self.cues.statement_nouns:
            return
        prep, verb = tok.head, tok.head.head
        if prep.lower_ != "in" or verb.pos_ != "VERB" or self.cues.verb_cue(verb) is not None:
            return
        subject = cue_subject(verb, para.floor)
        if subject is None or self._has_speech(verb):
            return
        skip = {t.i for t in prep.subtree} | {t.i for t in subject.subtree}
        for conj in verb.children:  # "reaffirmed X but reiterated that Y": Y is its own
            if conj.dep_ in ("conj", "cc") and (self.cues.verb_cue(conj) or conj.dep_ == "cc"):
                skip |= {t.i for t in conj.subtree}
        tokens = _contiguous(_trim([t for t in verb.subtree if t.i not in skip]), verb)
        cue = Cue("statement", tok.lemma_.lower(), 1.0, tok)
        if len([t for t in tokens if not t.is_punct]) >= 2:
            yield self._statement(para, ps, tokens, cue, subject, "statement")

    def _has_speech(self, verb: Any) -> bool:
        """Whether ``verb`` is, or directly governs, a speech verb with a reported clause."""
        for tok in (verb, *verb.children):
            cue = self.cues.verb_cue(tok)
            if (
                cue is not None
                and cue.kind == "speech"
                and any(c.dep_ == "ccomp" for c in tok.children)
            ):
                return True
        return False

    def _statement(
        self,
        para: Paragraph,
        ps: ParsedSentence,
        tokens: list[Any],
        cue: Cue,
        subject: Any,
        base: str,
    ) -> _Found:
        first, last = tokens[0], tokens[-1]
        return _Found(
            kind="indirect",
            start=para.offset + first.idx,
            end=para.offset + last.idx + len(last),
            ps=ps,
            para=para,
            base=base,
            cue=cue,
            subject=subject,
            words=len([t for t in tokens if not t.is_punct]),
        )

    # -- speakers ------------------------------------------------------------------
    def _attribute(self, found: list[_Found], art: SpeakerContext) -> None:
        """Settle speakers: own cues in text order, then chains, then continuing quotations."""
        for f in found:
            if f.subject is not None:
                f.speaker = self.speakers.speaker(f.subject, f.para, art)
                if f.speaker is not None:
                    art.history.append(f.speaker)
        by_chain: dict[int, Speaker] = {}
        for f in reversed(found):  # a chain is attributed at its end
            if f.chain is not None and f.speaker is not None:
                by_chain.setdefault(f.chain, f.speaker)
        previous: _Found | None = None
        for f in found:
            if f.speaker is None and f.kind == "direct":
                self._inherit(f, previous, by_chain)
            if f.kind != "indirect" and f.speaker is not None:
                previous = f

    def _inherit(self, f: _Found, previous: _Found | None, by_chain: dict[int, Speaker]) -> None:
        if f.chain is not None and f.chain in by_chain:
            f.speaker, f.base = by_chain[f.chain], "chain"
        elif previous is None or previous.speaker is None:
            f.base = "unattributed"
        elif previous.para is f.para:
            f.speaker, f.base = previous.speaker, "inherit"
        elif f.opens_paragraph and previous.para.index == f.para.index - 1:
            f.speaker, f.base = previous.speaker, "inherit_paragraph"
        else:
            f.base = "unattributed"

    # -- records ---------------------------------------------------------------
    def _quote(self, f: _Found, doc: Document) -> Quote:
        speaker = f.speaker
        return Quote(
            article_id=doc.article.id,
            sentence_index=f.ps.sentence.index,
            start=f.start,
            end=f.end,
            text=doc.article.text[f.start : f.end],
            kind=f.kind,
            speaker=speaker.name if speaker else None,
            speaker_actor=speaker.actor if speaker else None,
            cue=f.cue.lemma if f.cue else None,
            confidence=round(_confidence(f), 3),
        )


class _Chains:
    """Links the parts of a quotation that runs over paragraph breaks.

    A part that does not close (at a paragraph's end, or where the next quotation opens in
    text whose paragraphs were run together) is continued by the next quotation when that
    one opens the next paragraph, or follows at once in the same paragraph.
    """

    def __init__(self) -> None:
        self.open_chain: int | None = None  # the chain the previous part left open
        self.last_para = -1
        self.count = 0

    def link(self, para: Paragraph, span: MarkedSpan, n: int) -> int | None:
        """The chain id of ``span`` (None for an ordinary quotation)."""
        opens_paragraph = n == 0 and not para.text[: span.open].strip()
        follows = (n > 0 and self.last_para == para.index) or (
            opens_paragraph and self.last_para == para.index - 1
        )
        chain = self.open_chain if follows else None
        if span.close is None or span.run_on:
            if chain is None:
                self.count += 1
                chain = self.count
            self.open_chain = chain
        else:
            self.open_chain = None
        self.last_para = para.index
        return chain


def _conditional(verb: Any) -> bool:
    """ "warning ..., suggesting X if they continue": an "if" clause is no reported content."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def _has_subject(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _passive(verb: Any) -> bool:
    """'Asked whether ...', 'it was said': no speaker stands behind the clause."""
    if any(c.dep_ in _PASSIVE_DEPS for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _trim(tokens: list[Any]) -> list[Any]:
    """Drop edge punctuation, conjunctions and the complementiser "that".

    A quotation mark at an edge stays when its partner is inside ('"not a drop" of water').
    """
    while tokens and _loose(tokens[0], tokens):
        tokens = tokens[1:]
    while tokens and _loose(tokens[-1], tokens):
        tokens = tokens[:-1]
    return tokens


def _loose(tok: Any, tokens: list[Any]) -> bool:
    if tok.dep_ == "cc" or (tok.dep_ == "mark" and tok.lower_ == "that" and tok is tokens[0]):
        return True
    if not tok.is_punct:
        return False
    if tok.text in DOUBLE_MARKS:
        return sum(t.text in DOUBLE_MARKS for t in tokens) % 2 == 1
    return tok.text not in SINGLE_MARKS or sum(t.text in SINGLE_MARKS for t in tokens) < 2


def _drop_leading_date(tokens: list[Any]) -> list[Any]:
    """'said on Friday it would': the date belongs to the saying, not to what was said."""
    if len(tokens) > 2 and tokens[0].lower_ == "on" and tokens[1].ent_type_ == "DATE":
        skip = {t.i for t in tokens[0].subtree}
        return _trim([t for t in tokens if t.i not in skip])
    return tokens


def _contiguous(tokens: list[Any], head: Any) -> list[Any]:
    """The run of consecutive tokens that contains ``head`` (or the first run)."""
    if not tokens:
        return tokens
    runs: list[list[Any]] = [[tokens[0]]]
    for tok in tokens[1:]:
        if tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return _trim(next((r for r in runs if r[0].i <= head.i <= r[-1].i), runs[0]))


def _confidence(f: _Found) -> float:
    """Base confidence of how the quote was attributed, times the cue's weight."""
    if f.base == "scare":
        return _SCARE_SHORT if f.words <= _SHORT_WORDS else _SCARE_LONG
    value = _BASE[f.base] * (
        f.cue.weight
        if f.cue is not None and f.base not in ("chain", "inherit", "inherit_paragraph")
        else 1.0
    )
    if f.kind == "partial" and f.base == "partial_naming" and f.words <= 2:
        value *= 0.7  # "called it a 'provocation'": a word or two is often the writer's gloss
    if f.unclosed and f.chain is None:
        value *= 0.7  # a mark that never closes: maybe a typo
    if f.speaker is None:
        value *= 0.8
    return min(1.0, value)


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """One quote per span and kind (two cues can report the same clause): the most confident."""
    best: dict[tuple[int, int, str], Quote] = {}
    for q in quotes:
        key = (q.start, q.end, q.kind)
        if key not in best or q.confidence > best[key].confidence:
            best[key] = q
    return sorted(best.values(), key=lambda q: (q.start, q.end))


class QuoteStage:
    """Fills ``doc.quotes`` with direct, partial and indirect quotations and their speakers."""

    name: ClassVar[str] = "quotes"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences", "mentions")
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def __init__(self, finder: QuoteFinder) -> None:
        self.finder = finder

    @classmethod
    def from_settings(cls, settings: Settings) -> QuoteStage:
        """The stage with the packaged cues and the actor resolver of ``settings``.

        Raises ``DataFileError`` when the cue file or an actor file is invalid.
        """
        from tocsin.actors import ActorResolver

        return cls(QuoteFinder(packaged_cues(), ActorResolver.from_settings(settings)))

    def __call__(self, doc: Document) -> Document:
        """Set ``doc.quotes`` (the parse and the actor mentions must be there)."""
        doc.quotes = self.finder.find(doc)
        return doc


__all__ = [
    "CUES_FILE", "Cue", "MarkedSpan", "QuoteCues", "QuoteFinder", "QuoteStage", "load_cues",
    "packaged_cues", "scan_quotes",
]  # fmt: skip
