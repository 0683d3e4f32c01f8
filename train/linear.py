"""Sparse L2 logistic regression for the small trained components (deterministic).

Fitted with L-BFGS from zeros (scipy), so the same data gives the same weights, byte for
byte after rounding. Rows are dicts of feature name → value; the result maps names to
weights, the form the packaged models load (``tocsin.models``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import optimize, sparse

#: Feature names seen fewer times than this are dropped: rare words only memorise.
MIN_COUNT = 2


def vectorise(
    rows: Sequence[dict[str, float]], names: list[str] | None = None
) -> tuple[list[str], sparse.csr_matrix]:
    """A CSR matrix of ``rows`` over ``names`` (built from the rows when not given)."""
    if names is None:
        counts: dict[str, int] = {}
        for r in rows:
            for k in r:
                counts[k] = counts.get(k, 0) + 1
        names = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
    index = {k: j for j, k in enumerate(names)}
    data, cols, ptr = [], [], [0]
    for r in rows:
        for k, v in r.items():
            j = index.get(k)
            if j is not None and v:
                cols.append(j)
                data.append(v)
        ptr.append(len(cols))
    x = sparse.csr_matrix((data, cols, ptr), shape=(len(rows), len(names)))
    return names, x


def fit(
    x: sparse.csr_matrix,
    y: np.ndarray,
    *,
    l2: float = 1.0,
    balance: bool = True,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Weights and bias minimising weighted log loss + ``l2``/2 · |w|² (bias unpenalised).

    ``balance`` weighs the two classes equally; ``sample_weight`` (0 leaves a row out)
    multiplies in.
    """
    n, d = x.shape
    pos = max(float(y.mean()), 1e-6)
    weight = np.where(y > 0, 0.5 / pos, 0.5 / (1 - pos)) if balance else np.ones(n)
    if sample_weight is not None:
        weight = weight * sample_weight

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d], theta[d]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        eps = 1e-12
        ll = -(weight * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))).sum()
        g = weight * (p - y)
        grad = np.concatenate([x.T @ g + l2 * w, [g.sum()]])
        return ll + 0.5 * l2 * float(w @ w), grad

    res = optimize.minimize(
        loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300}
    )
    return res.x[:d], float(res.x[d])


def predict(x: sparse.csr_matrix, w: np.ndarray, b: float) -> np.ndarray:
    """Probabilities of the positive class."""
    return 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -40, 40)))
