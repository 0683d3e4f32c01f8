"""One ``Doc`` per paragraph even when the cascade parsed only some of its sentences.

The stages read a paragraph as one parsed ``Doc`` (quotations and their speakers are found
paragraph by paragraph, offsets are ``Doc`` offsets plus the paragraph's start). When the
cascade parses two runs of a paragraph with unparsed sentences between them, the runs' docs
and the text between are joined into one ``Doc`` whose text is exactly that stretch of the
paragraph. The unparsed sentences get tokens and a flat placeholder tree (each token
attached to the sentence's first word, dependency label ``dep``, no tags or entities) so
that the joined ``Doc`` keeps their sentence boundaries; no stage reads them, as they are
not among the document's parsed sentences.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from tocsin.nlp import Paragraph

#: Dependency label of the placeholder tree over unparsed sentences.
PLACEHOLDER_DEP = "dep"


def placeholder(nlp: Any, text: str, sentences: list[tuple[int, int]]) -> Any:
    """``text`` tokenized, with a flat tree per sentence (``sentences``: offsets in text)."""
    from spacy.tokens import Doc

    tokens = nlp.make_doc(text)
    heads, deps = [], []
    root = 0
    starts = {a for a, _ in sentences}
    for tok in tokens:
        if tok.i == 0 or tok.idx in starts:
            root = tok.i
        heads.append(root)
        deps.append("ROOT" if tok.i == root else PLACEHOLDER_DEP)
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def join(docs: list[Any]) -> tuple[Any, list[int]]:
    """``docs`` joined into one (texts concatenated as they are), and the token index where
    each starts in the result."""
    from spacy.tokens import Doc

    starts, n = [], 0
    for doc in docs:
        starts.append(n)
        n += len(doc)
    # spaCy's stub lacks `exclude`; run docs carry tensors, the placeholders none
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
    return joined, starts


def stitched(paras: list[Paragraph], text: str, nlp: Any) -> list[Paragraph]:
    """``paras`` (one article's, in order) with the parsed runs of each paragraph that has
    two or more joined into one ``Doc``; each run keeps its token range in it."""
    out: list[Paragraph] = []
    for _, items in itertools.groupby(paras, key=lambda p: p.index):
        group = list(items)
        parsed = [n for n, p in enumerate(group) if p.doc is not None]
        if len(parsed) < 2:
            out.extend(group)
            continue
        first, last = parsed[0], parsed[-1]
        docs, cursor = [], 0
        for n in range(first, last + 1):
            para = group[n]
            if para.doc is not None:
                docs.append(para.doc)
                cursor = para.offset + len(para.doc.text)
                continue
            nxt = group[n + 1]  # runs alternate: an unparsed run lies between two parsed ones
            gap = [(para.offset + a - cursor, para.offset + b - cursor) for a, b in para.unparsed]
            docs.append(placeholder(nlp, text[cursor : nxt.offset], gap))
        joined, starts = join(docs)
        start_of = dict(zip(range(first, last + 1), starts, strict=True))
        for n, para in enumerate(group):
            if para.doc is None:
                out.append(para)
                continue
            start = start_of[n]
            out.append(
                dataclasses.replace(
                    para,
                    offset=group[first].offset,
                    doc=joined,
                    tokens=(start, start + len(para.doc)),
                )
            )
    return out
