"""The cascade's trained filter: how likely a sketched sentence is to hold a coded event.

A logistic model over ``cascade.features`` (``src/tocsin/models/cascade/weights.json``,
trained by ``train/cascade.py`` from what the full pipeline codes in real news; its card is
the folder's README.md). Without the file, or with ``cascade.threshold`` below zero, every
sentence with a trigger word and an actor or pronoun passes (the rule the model refines).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tocsin.errors import DataFileError

MODEL_DIR = "models/cascade"


@dataclass(frozen=True, slots=True)
class FilterModel:
    """Weights by feature name, a bias, and the threshold chosen when it was trained."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = -1.0  # below 0: no model, the rule alone decides

    def score(self, feats: dict[str, float]) -> float:
        """Probability (0..1) that the sentence holds a coded event."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items() if k != "bias")
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def read_model(path: str | Path | None = None) -> FilterModel:
    """The filter at ``path`` (a weights.json), or the packaged one when None.

    Raises ``DataFileError`` D001 when the file is unreadable or malformed.
    """
    if path is None:
        ref = resources.files("tocsin").joinpath(f"{MODEL_DIR}/weights.json")
        if not ref.is_file():
            return FilterModel()
        text, where = ref.read_text("utf-8"), f"tocsin/{MODEL_DIR}/weights.json"
    else:
        try:
            text, where = Path(path).read_text("utf-8"), str(path)
        except OSError as exc:
            raise DataFileError("D001", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        data = json.loads(text)
        return FilterModel(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataFileError("D001", path=where, reason=f"not a cascade model: {exc}") from exc


@functools.lru_cache(maxsize=4)
def packaged_model() -> FilterModel:
    """The packaged filter (read once per process)."""
    return read_model()
