"""``tocsin.minhash`` computes what datasketch computes, without importing it (and SciPy)
in every worker: the same hash values for the same shingles, the same LSH band layout."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from tocsin.dedup import minhashes
from tocsin.minhash import (
    LSH_WEIGHTS,
    MINHASH_SCHEME,
    MINHASH_SEED,
    DedupParams,
    band_keys,
    lsh_bands,
    shingles,
    signatures,
    text_hash_values,
    to_blob,
)

TEXTS = [
    "Ministers met in Brussels on Monday to discuss sanctions against the regime.",
    "Too short",
    "A, b; c.",
    "word " * 40,  # one distinct shingle
    " ".join(f"w{n}" for n in range(3000)),  # thousands of shingles
    "Émigrés in Zürich said naïve façades 'mattered' — and 42 of them agreed.",
]


@pytest.mark.parametrize("num_perm", [16, 128, 256])
@pytest.mark.parametrize("words", [1, 5])
def test_hash_values_are_datasketchs(num_perm: int, words: int) -> None:
    params = DedupParams(num_perm=num_perm, shingle_words=words)
    ours = text_hash_values([*TEXTS, "  ... "], params)
    assert ours[-1] is None
    theirs = MinHash.bulk(
        [shingles(t, words) for t in TEXTS], num_perm=num_perm, seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
    )  # fmt: skip
    for mine, reference in zip(ours, theirs, strict=False):
        assert mine is not None
        assert mine.dtype == np.uint32
        assert np.array_equal(mine, reference.hashvalues)


def test_signatures_are_the_minhashes_with_their_band_keys() -> None:
    params = DedupParams()
    a, b = minhashes([TEXTS[0], "..."], params)
    assert a is not None
    assert b is None
    sig, none = signatures([TEXTS[0], "..."], params)
    assert none is None
    assert sig is not None
    assert (sig.scheme, sig.values, sig.band_layout) == (
        params.scheme,
        to_blob(a.hashvalues),
        "32x4",
    )
    assert list(sig.band_keys) == band_keys(a.hashvalues[None, :], params)[0].tolist()


@pytest.mark.parametrize("num_perm", [32, 128, 256])
def test_band_layout_is_the_one_minhashlsh_picks(num_perm: int) -> None:
    for threshold in np.round(np.arange(0.1, 0.96, 0.05), 2):
        lsh = MinHashLSH(threshold=float(threshold), num_perm=num_perm, weights=LSH_WEIGHTS)
        assert lsh_bands(float(threshold), num_perm) == (lsh.b, lsh.r), threshold


def test_signing_does_not_import_datasketch_or_scipy() -> None:
    # Each worker signs its articles; SciPy (which datasketch imports) would cost ~70 MB each.
    code = (
        "import sys; from tocsin.minhash import DedupParams, signatures; "
        "signatures(['Ministers met in Brussels on Monday.'], DedupParams()); "
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
