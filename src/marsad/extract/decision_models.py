"""The shipped decision models: logistic regressions over hashed features, and their file.

Fitted on the visible gold by scripts/fit_decisions.py (5-fold cross-validation by article on
the fixed folds) and shipped as one small JSON file (knowledge/built/decisions.json.gz):
hashed feature weights, an intercept and the threshold chosen by cross-validation. Applying
them needs no library: a sum of weights. Kept apart from the components that apply them
(extract/decisions.py), so the knowledge base can load them without importing the Doc.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

MODEL_FILE = "knowledge/built/decisions.json.gz"


def feature_index(feature: str, dim: int) -> int:
    """The hashed column of a feature string (stable across processes and machines)."""
    return zlib.crc32(feature.encode("utf-8")) & (dim - 1)


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over hashed features; `threshold` is where it says yes."""

    dim: int
    bias: float
    weights: dict[int, float]
    threshold: float = 0.5

    def probability(self, features: list[str]) -> float:
        z = self.bias
        w = self.weights
        dim = self.dim
        for f in features:
            z += w.get(zlib.crc32(f.encode("utf-8")) & (dim - 1), 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LinearModel:
        return cls(
            dim=int(raw["dim"]),
            bias=float(raw["bias"]),
            weights={int(k): float(v) for k, v in raw["weights"].items()},
            threshold=float(raw.get("threshold", 0.5)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "dim": self.dim,
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "weights": {str(k): round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5},
        }


@dataclass(frozen=True)
class DecisionModels:
    """The shipped decisions; `keep` None means every candidate is kept (no model fitted)."""

    keep: LinearModel | None = None
    confidence: LinearModel | None = None
    info: dict[str, Any] = field(default_factory=dict)  # how and on what they were fitted

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DecisionModels:
        keep = raw.get("keep")
        conf = raw.get("confidence")
        return cls(
            keep=LinearModel.from_json(keep) if keep else None,
            confidence=LinearModel.from_json(conf) if conf else None,
            info=raw.get("info", {}),
        )


@cache
def load_decisions() -> DecisionModels:
    ref = resources.files("marsad").joinpath(MODEL_FILE)
    if not ref.is_file():
        return DecisionModels()
    with ref.open("rb") as fh:
        return DecisionModels.from_json(json.loads(gzip.decompress(fh.read()).decode("utf-8")))
