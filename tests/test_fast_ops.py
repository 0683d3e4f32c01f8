"""The model's matrix products through numpy's BLAS (tocsin.fast_ops) give the same parse."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import plain_and_changed
from tocsin.fast_ops import use_numpy_blas

TEXTS = [
    "Moscow warned on Tuesday that supplying Kyiv with long-range missiles would mean war.",
    "The prime minister of Ghana met European Union envoys in Accra to discuss debt relief.",
    "Rebels shelled the town overnight, killing three soldiers, a military spokesman said.",
    "Shares in the airline fell 4 per cent after it cut its forecast for the third time.",
    '"We will not be intimidated," said Maria Lopez, the opposition leader, on Friday.',
    "Talks between the two sides collapsed in Geneva, and neither would say when they resume.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Any, Any]:
    return plain_and_changed(use_numpy_blas)


def test_every_trained_layer_multiplies_with_numpy(pair: tuple[Any, Any]) -> None:
    from thinc.api import NumpyOps

    plain, fast = pair
    for model in (fast.get_pipe(n).model for n in ("tok2vec", "tagger", "parser", "ner")):
        assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())
    assert all(n.ops.use_blis for n in plain.get_pipe("parser").model.walk())


def test_blas_runs_on_one_thread_in_this_process(pair: tuple[Any, Any]) -> None:
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas
    assert all(lib["num_threads"] == 1 for lib in blas)


def test_the_parse_is_the_same_token_for_token(pair: tuple[Any, Any]) -> None:
    plain, fast = pair
    compared = 0
    for a, b in zip(plain.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        for x, y in zip(a, b, strict=True):
            assert (x.tag_, x.dep_, x.head.i, x.ent_iob_, x.ent_type_) == (
                y.tag_,
                y.dep_,
                y.head.i,
                y.ent_iob_,
                y.ent_type_,
            ), x.text
            compared += 1
    assert compared > 80
