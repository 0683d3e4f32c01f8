"""The model's matrix products through numpy's BLAS, one thread per process.

thinc's ``NumpyOps`` multiplies matrices with its bundled BLIS; on the x86 machines we run
on, numpy's OpenBLAS does the model's products (a few thousand rows by 96 to 288 columns)
three to four times faster, and the products are a quarter to a third of the model's time.
``NumpyOps(use_blis=False)`` is thinc's own switch for this: the same weights and layers,
only ``gemm`` goes through numpy. The parser's and recogniser's per-step products stay in
spaCy's compiled loop (BLIS). Floating-point sums may round differently, so a score could in
principle tip; on 1,500 held-out news articles every token's tag, dependency, head and entity
was the same (``tests/test_fast_ops.py`` checks the team's sentences).

BLAS is held to one thread per process: ``--workers`` decides how many cores are used, and a
worker that spawned BLAS threads of its own would compete with the others.
"""

from __future__ import annotations

from typing import Any


def use_numpy_blas(nlp: Any) -> None:
    """Let every trained component of ``nlp`` multiply matrices with numpy's BLAS (thinc's
    ``NumpyOps(use_blis=False)``), and hold that BLAS to one thread in this process."""
    from thinc.api import NumpyOps

    fast = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = fast
    one_blas_thread()


def one_blas_thread() -> None:
    """Limit the BLAS libraries loaded in this process (numpy's OpenBLAS) to one thread."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
