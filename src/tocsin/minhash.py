"""MinHash signatures of article texts, for the ``stories`` finalizer (``tocsin.dedup``).

Computed where articles are analysed (``sign_documents``: in each worker process or Ray
actor) and written with them, so the finalizer, which runs once in the writing process,
only reads them. This module is light on purpose: importing datasketch pulls in SciPy
(~70 MB in every worker), so the signature is computed here with numpy, bit for bit as
datasketch's ``MinHash`` computes it under the ``affine32`` scheme (SHA-1 of each shingle,
MurmurHash3's 32-bit finalizer, then ``a * h + b`` modulo 2^32 per permutation, with the
permutations drawn from ``numpy.random.RandomState(seed)``), and the LSH band layout as
``MinHashLSH`` chooses it. ``tests/test_minhash.py`` holds both to datasketch's own.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tocsin.config import Settings
from tocsin.ingest.ids import normalise_text
from tocsin.records import Document, Signature

#: datasketch's MinHash permutation scheme and seed; stored with each signature, so a change
#: (or a new num_perm / shingle size) re-signs articles instead of comparing unlike sketches.
MINHASH_SCHEME = "affine32"
MINHASH_SEED = 1
#: LSH band layout weights (false positives, false negatives): recall first, because every
#: candidate is checked against the Jaccard estimate anyway. At threshold 0.5 and 128
#: permutations this picks 32 bands of 4 rows: a pair at 0.55 is a candidate 95 % of the
#: time (the balanced default, 25 x 5, finds it 72 % of the time).
LSH_WEIGHTS = (0.1, 0.9)
#: An odd 64-bit multiplier (2^64 / golden ratio) mixing band values into band keys.
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD = re.compile(r"\w+")
#: MurmurHash3's 32-bit finalizer: shifts and multipliers (datasketch's ``_fmix``).
_FMIX32 = (
    np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16)
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupParams:
    """Near-duplicate settings (``[dedup]``)."""

    shingle_words: int = 5
    num_perm: int = 128
    threshold: float = 0.5
    window_days: int = 30
    chunk_articles: int = 1000

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupParams:
        """The ``[dedup]`` section as parameters."""
        d = settings.dedup
        return cls(
            shingle_words=d.shingle_words,
            num_perm=d.num_perm,
            threshold=d.threshold,
            window_days=d.window_days,
            chunk_articles=d.chunk_articles,
        )

    @property
    def scheme(self) -> str:
        """Identifies comparable signatures: scheme/permutations/shingle words/seed."""
        return f"{MINHASH_SCHEME}/{self.num_perm}/{self.shingle_words}/{MINHASH_SEED}"


def shingles(text: str, words: int) -> list[bytes]:
    """Distinct ``words``-word shingles of the normalised text (case and spacing ignored).

    A text shorter than one shingle is one shingle; a text without words has none.
    """
    tokens = _WORD.findall(normalise_text(text))
    if not tokens:
        return []
    if len(tokens) <= words:
        return [" ".join(tokens).encode("utf-8")]
    grams = {" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1)}
    return [g.encode("utf-8") for g in sorted(grams)]


@functools.cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``affine32`` permutations ``(a, b)``: ``a`` odd, both uint32, drawn as datasketch
    draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    out: np.ndarray = hv ^ (hv >> s3)
    return out


def hash_values(grams: Sequence[bytes], num_perm: int) -> np.ndarray:
    """The MinHash of a set of shingles: ``num_perm`` uint32 minima (``affine32``)."""
    digests = b"".join(hashlib.sha1(g).digest()[:4] for g in grams)  # noqa: S324 - not security
    hv = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    a, b = _permutations(num_perm, MINHASH_SEED)
    minima: np.ndarray = (hv[:, None] * a + b).min(axis=0)
    return minima


def text_hash_values(texts: Sequence[str], params: DedupParams) -> list[np.ndarray | None]:
    """The MinHash values of each text's shingles (None for a text without words)."""
    out: list[np.ndarray | None] = []
    for text in texts:
        grams = shingles(text, params.shingle_words)
        out.append(hash_values(grams, params.num_perm) if grams else None)
    return out


def to_blob(values: np.ndarray) -> bytes:
    """Hash values as the ``signature`` column stores them: little-endian uint64."""
    return np.asarray(values, dtype="<u8").tobytes()


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The LSH band layout (bands, rows per band) that ``MinHashLSH`` picks for a threshold
    and permutation count under ``LSH_WEIGHTS``: the least weighted sum of the false
    positive and false negative areas, the first found on a tie (same search order).

    The areas are integrals of polynomials of degree ``bands * rows`` at most
    ``num_perm``; Gauss-Legendre quadrature with ``num_perm // 2 + 1`` nodes is exact for
    them (datasketch integrates them adaptively with SciPy).
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    fp_w, fn_w = LSH_WEIGHTS

    def miss(s: np.ndarray, b: int, r: int) -> np.ndarray:  # P(not a candidate at s)
        return (1 - s ** float(r)) ** float(b)

    def integral(values: np.ndarray, lo: float, hi: float) -> float:
        return float((weights * values).sum() * (hi - lo) / 2)

    below = threshold / 2 * nodes + threshold / 2  # the nodes on [0, threshold] ...
    above = (1 - threshold) / 2 * nodes + (1 + threshold) / 2  # ... and on [threshold, 1]

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_pos = integral(1 - miss(below, b, r), 0.0, threshold)
            false_neg = integral(miss(above, b, r), threshold, 1.0)
            error = false_pos * fp_w + false_neg * fn_w
            if error < best:
                best, opt = error, (b, r)
    return opt


def band_layout(params: DedupParams) -> str:
    """Names the band keys of a signature row (``band_layout``): bands x rows."""
    bands, rows = lsh_bands(params.threshold, params.num_perm)
    return f"{bands}x{rows}"


def band_keys(hashvalues: np.ndarray, params: DedupParams) -> np.ndarray:
    """One 64-bit key per LSH band of each signature: ``(n, num_perm)`` → ``(n, bands)``.

    Two signatures with an equal band have an equal key in that band (the key mixes the
    band's number and its hash values), so the stored keys find every LSH candidate by a
    join; an equal key of unequal bands (odds ~2^-64) is dropped by the index, which
    compares the bands themselves. Pure integer arithmetic: the same keys on every platform.
    """
    bands, rows = lsh_bands(params.threshold, params.num_perm)
    values = np.asarray(hashvalues, dtype=np.uint64)[:, : bands * rows]
    values = values.reshape(len(values), bands, rows)
    keys = np.repeat((np.arange(1, bands + 1, dtype=np.uint64) * _MIX)[None, :], len(values), 0)
    for row in range(rows):
        keys = (keys ^ values[:, :, row]) * _MIX
        keys ^= keys >> np.uint64(31)
    return keys


def signatures_of(values: Sequence[np.ndarray], params: DedupParams) -> list[Signature]:
    """Hash values (one ``num_perm`` array each) as ``article_signatures`` holds them, with
    their band keys."""
    if not values:
        return []
    keys = band_keys(np.vstack(values), params)
    layout = band_layout(params)
    return [
        Signature(params.scheme, to_blob(v), layout, tuple(int(k) for k in row))
        for v, row in zip(values, keys, strict=True)
    ]


def signatures(texts: Sequence[str], params: DedupParams) -> list[Signature | None]:
    """Each text's signature (``signatures_of``; None for a text without words)."""
    hashed = text_hash_values(texts, params)
    signed = iter(signatures_of([v for v in hashed if v is not None], params))
    return [next(signed) if v is not None else None for v in hashed]


def sign_documents(docs: Sequence[Document], params: DedupParams) -> None:
    """Set each document's ``signature`` (where its article is analysed: in a worker, off
    the writer's core); the ``stories`` finalizer then reads it instead of hashing the text."""
    for doc, sig in zip(docs, signatures([d.article.text for d in docs], params), strict=True):
        doc.signature = sig
