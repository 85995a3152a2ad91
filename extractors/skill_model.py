"""The learned decision per skill candidate: "is this a skill asked of the candidate?".

A compact logistic regression over sparse binary features of one candidate mention in context
(surface form, case, category, origin, word frequency, section, neighbouring words, list
membership, and the outcome of every context rule in ``rules.py`` as a feature; built by ``features.py``). Trained by
``training/skills/train.py`` on SkillSpan train and the labelled dev postings; shipped as
``data/models/skills/model.json.gz`` (see the model card beside it).

Scoring is a dictionary look-up per feature and one sum per candidate: no numpy, no per-token
work. Features the model has not seen weigh nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["SkillModel", "MODEL_FILE", "load_skill_model", "model_bytes"]

MODEL_FILE = "models/skills/model.json.gz"
_ZEROS = itertools.repeat(0.0)  # the default of every weight look-up (map stops at the features)
FORMAT = 1


@dataclass(frozen=True)
class SkillModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    digest: str = ""
    meta: dict[str, Any] | None = None

    @property
    def logit_threshold(self) -> float:
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        return math.log(t / (1 - t))

    def logit(self, features: Iterable[str]) -> float:
        return self.bias + sum(map(self.weights.get, features, _ZEROS))

    def proba(self, features: Iterable[str]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def keep(self, features: Sequence[str]) -> bool:
        return self.logit(features) >= self.logit_threshold

    def to_bytes(self) -> bytes:
        body = {
            "format": FORMAT,
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "meta": self.meta or {},
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5},
        }
        return gzip.compress(json.dumps(body, separators=(",", ":"), sort_keys=False).encode("utf-8"), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, raw: bytes) -> SkillModel:
        body = json.loads(gzip.decompress(raw).decode("utf-8"))
        if body.get("format") != FORMAT:
            raise ValueError(f"skill model format {body.get('format')!r} is not {FORMAT}")
        return cls(
            weights={str(k): float(v) for k, v in body["weights"].items()},
            bias=float(body["bias"]),
            threshold=float(body.get("threshold", 0.5)),
            digest=hashlib.sha256(raw).hexdigest(),
            meta=body.get("meta") or {},
        )


def model_bytes() -> bytes:
    """The bundled model file, b"" when absent."""
    try:
        from importlib.resources import files

        return files("skillgap.data").joinpath(MODEL_FILE).read_bytes()
    except (OSError, FileNotFoundError, ModuleNotFoundError):
        return b""


_CACHE: dict[str, SkillModel | None] = {}


def load_skill_model() -> SkillModel | None:
    """The bundled model (cached), None when the package holds none."""
    if "bundled" not in _CACHE:
        raw = model_bytes()
        _CACHE["bundled"] = SkillModel.from_bytes(raw) if raw else None
    return _CACHE["bundled"]
