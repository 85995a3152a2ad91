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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MODEL_FILE", "DenseHead", "SkillModel", "load_skill_model", "model_bytes", "prior_features"]

MODEL_FILE = "models/skills/model.json.gz"
_ZEROS = itertools.repeat(0.0)  # the default of every weight look-up (map stops at the features)
FORMAT = 1


@dataclass(frozen=True)
class DenseHead:
    """A small nonlinear term added to the linear logit (model format 2): ``w2 · tanh(W1 x + b1) + u · x``
    where ``x`` concatenates, per block of context words (``vectors.VECTOR_PREFIXES``), the sum of
    the words' vectors (corpus floret vectors projected to ``dim`` dimensions, stored as int8 with
    one scale). Words without a vector count nothing."""

    words: dict[str, int]
    vectors: Any  # numpy int8 (n_words, dim)
    scale: float
    blocks: tuple[str, ...]
    W1: Any  # (len(blocks) * dim, hidden)
    b1: Any
    w2: Any
    u: Any  # a linear term on x as well: w2 · tanh(W1 x + b1) + u · x

    def scores(self, feature_lists: Sequence[Sequence[str]]) -> list[float]:
        """The head's term for each candidate (by its feature list)."""
        import numpy as np

        n = len(feature_lists)
        if not n:
            return []
        words, block_of = self.words, {b: i for i, b in enumerate(self.blocks)}
        rows, cols, idx = [], [], []
        for r, feats in enumerate(feature_lists):
            for f in feats:
                if f[:1] == "v":
                    b = block_of.get(f[:3])
                    if b is not None:
                        j = words.get(f[3:])
                        if j is not None:
                            rows.append(r)
                            cols.append(b)
                            idx.append(j)
        dim = self.vectors.shape[1]
        x = np.zeros((n, len(self.blocks), dim), dtype=np.float32)
        if idx:
            np.add.at(x, (np.array(rows), np.array(cols)), self.vectors[np.array(idx)].astype(np.float32) * self.scale)
        x2 = x.reshape(n, -1)
        h = np.tanh(x2 @ self.W1 + self.b1)
        return (h @ self.w2 + x2 @ self.u).tolist()

    def to_json(self) -> dict[str, Any]:
        import base64

        return {"words": sorted(self.words, key=self.words.__getitem__), "scale": self.scale, "blocks": list(self.blocks),
                "dim": int(self.vectors.shape[1]), "vectors_b64": base64.b64encode(self.vectors.astype("int8").tobytes()).decode("ascii"),
                "W1": [[round(float(v), 5) for v in row] for row in self.W1], "b1": [round(float(v), 5) for v in self.b1],
                "w2": [round(float(v), 5) for v in self.w2], "u": [round(float(v), 5) for v in self.u]}

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> DenseHead:
        import base64

        import numpy as np

        words = body["words"]
        vec = np.frombuffer(base64.b64decode(body["vectors_b64"]), dtype=np.int8).reshape(len(words), int(body["dim"]))
        return cls(words={w: i for i, w in enumerate(words)}, vectors=vec, scale=float(body["scale"]), blocks=tuple(body["blocks"]),
                   W1=np.array(body["W1"], dtype=np.float32), b1=np.array(body["b1"], dtype=np.float32),
                   w2=np.array(body["w2"], dtype=np.float32), u=np.array(body["u"], dtype=np.float32))


#: Where ``features.features`` puts the candidate's surface ("s=...") and section ("sec=...").
_S_AT, _SEC_AT = 0, 11


def prior_features(bucket: str, section: str) -> tuple[str, str]:
    """The label-rate prior's features of a candidate whose form is in prior bucket ``bucket``
    (``training/skills/train.py`` ``prior_bucket``), standing in ``section``."""
    return "pr=" + bucket, "pr&sec=" + bucket + section


@dataclass(frozen=True)
class SkillModel:
    """``prior`` (rules 2.9): the label-rate prior, "s=<form>" -> its bucket (how often the
    annotators labelled the form where it was a candidate, over the labelled postings the model
    was fit on; names and rates only); a candidate of such a form also weighs
    ``prior_features(bucket, section)``."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    digest: str = ""
    meta: dict[str, Any] | None = None
    head: DenseHead | None = None
    prior: dict[str, str] | None = None
    stacker: Any = None  # a second stage over all of a posting's candidates (``stacker.Stacker``), or None
    corpus: Any = None  # corp17: the corpus facts of each form (``corpus_stats.CorpusStats``); their bins weigh too

    def logits(self, feature_lists: Sequence[Sequence[str]]) -> list[float]:
        """The logit of each candidate (one call per posting: the head works in a batch)."""
        lin = [self.logit(f) for f in feature_lists]
        if self.head is None:
            return lin
        return [a + b for a, b in zip(lin, self.head.scores(feature_lists))]

    @property
    def logit_threshold(self) -> float:
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        return math.log(t / (1 - t))

    def logit(self, features: Sequence[str]) -> float:
        z = self.bias + sum(map(self.weights.get, features, _ZEROS))
        prior = self.prior
        if prior:
            b = prior.get(features[_S_AT]) if features else None
            if b is not None:
                sec = features[_SEC_AT] if len(features) > _SEC_AT else ""
                w = self.weights
                z += w.get("pr=" + b, 0.0) + w.get("pr&sec=" + b + sec[4:], 0.0)
        if self.corpus is not None and features:
            z += sum(map(self.weights.get, self.corpus.features(features[_S_AT], features[1] if len(features) > 1 else ""), _ZEROS))
        return z

    def proba(self, features: Sequence[str]) -> float:
        z = self.logits([features])[0]
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def keep(self, features: Sequence[str]) -> bool:
        return self.logits([features])[0] >= self.logit_threshold

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT if self.head is None else 2,
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "meta": self.meta or {},
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5},
        }
        if self.head is not None:
            body["head"] = self.head.to_json()
        if self.prior:
            body["prior"] = dict(sorted(self.prior.items()))
        if self.stacker is not None:
            body["stacker"] = self.stacker.to_json()
        if self.corpus is not None:
            body["corpus"] = self.corpus.to_json()
        return gzip.compress(json.dumps(body, separators=(",", ":"), sort_keys=False).encode("utf-8"), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, raw: bytes) -> SkillModel:
        body = json.loads(gzip.decompress(raw).decode("utf-8"))
        if body.get("format") not in (FORMAT, 2):
            raise ValueError(f"skill model format {body.get('format')!r} is not {FORMAT} or 2")
        return cls(
            weights={str(k): float(v) for k, v in body["weights"].items()},
            bias=float(body["bias"]),
            threshold=float(body.get("threshold", 0.5)),
            digest=hashlib.sha256(raw).hexdigest(),
            meta=body.get("meta") or {},
            head=DenseHead.from_json(body["head"]) if body.get("head") else None,
            prior={str(k): str(v) for k, v in body["prior"].items()} if body.get("prior") else None,
            stacker=_stacker(body.get("stacker")),
            corpus=_corpus(body.get("corpus")),
        )


def _stacker(body: dict[str, Any] | None) -> Any:
    if not body:
        return None
    from skillgap.extractors.stacker import Stacker

    return Stacker.from_json(body)


def _corpus(body: dict[str, Any] | None) -> Any:
    if not body:
        return None
    from skillgap.extractors.corpus_stats import CorpusStats

    return CorpusStats.from_json(body)


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
