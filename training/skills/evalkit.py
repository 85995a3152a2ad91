"""Evaluation helpers for skill extraction (reads ../shared; never writes posting text into the repo).

Used by ``train.py`` (cross-validation) and ``benchmarks/extraction_quality.py``. Scoring goes
through the acceptance scorers in ``../shared/tools`` run as subprocesses, unchanged.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    env = os.environ.get("SKILLGAP_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if (path / "tools").is_dir() and (path / "data").is_dir() else None


def code_digest() -> str:
    """A digest of the installed extraction code, rule files and derived vocabularies: a training
    cache (candidates, fold taggers) made by other code or another vocabulary is rebuilt, not
    reused (the caches are otherwise keyed by the configuration only)."""
    import hashlib

    import skillgap.extractors as pkg

    root = Path(pkg.__file__).resolve().parent
    data = root.parent / "data"
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *data.glob("*.yaml"), *data.glob("vocab/*.gz")]):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:8]


SHINGLE = 8  # words
NEAR_SHARE = 0.2  # a corpus posting sharing this share of its shingles with the labelled postings is a near-copy
_ALNUM = re.compile(r"[a-z0-9]+")


def shingles(text: str) -> set[int]:
    """The hashed 8-word shingles of ``text`` (lower-cased letter and digit runs)."""
    w = _ALNUM.findall(text.lower())
    return {zlib.crc32(" ".join(w[i : i + SHINGLE]).encode()) for i in range(max(0, len(w) - SHINGLE + 1))}


def _opening(text: str) -> str:
    return "".join(_ALNUM.findall(text.lower()))[:400]


def without_labelled(rows: Iterable[dict[str, Any]], labelled: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (corpus postings) less the near-copies of ``labelled``: the same id, the same first
    400 letters and digits, or >= ``NEAR_SHARE`` of its 8-word shingles among the labelled ones'.
    The one rule of every recipe that learns from the corpus, so a held-out posting's own text
    (or a copy of it) never reaches what it is scored with."""
    labelled = list(labelled)
    ids = {r.get("id") for r in labelled}
    keys = {_opening(r["description"]) for r in labelled}
    pool: set[int] = set()
    for r in labelled:
        pool |= shingles(r["description"])
    out = []
    for r in rows:
        d = str(r.get("description") or "")
        sh = shingles(d)
        if r.get("id") in ids or _opening(d) in keys or (sh and len(sh & pool) >= NEAR_SHARE * len(sh)):
            continue
        out.append(r)
    return out


def corpus_postings(*, leave_out_labelled: bool = True) -> tuple[list[dict[str, Any]], int]:
    """The unlabelled corpus (``corpus/unlabelled.jsonl.gz``) and how many postings were left out:
    with ``leave_out_labelled``, the near-copies of any labelled posting (:func:`without_labelled`)."""
    import gzip

    sh = shared_dir()
    assert sh is not None, "../shared is absent"
    with gzip.open(sh / "data" / "corpus" / "unlabelled.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(x) for x in f if x.strip()]
    if not leave_out_labelled:
        return rows, 0
    kept = without_labelled(rows, (r for name in ("train_pool", "dev_payloads", "dev") for r in postings(name, with_skills=False)))
    return kept, len(rows) - len(kept)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def postings(name: str, *, with_skills: bool = True) -> list[dict[str, Any]]:
    """``dev``, ``dev_payloads`` or ``train_pool`` postings (only those with gold skills by default)."""
    sh = shared_dir()
    assert sh is not None, "../shared is absent"
    recs = read_jsonl(sh / "data" / "postings" / f"{name}.jsonl")
    return [r for r in recs if "skills" in r] if with_skills else recs


def skillspan(split: str, source: str = "tech") -> list[dict[str, Any]]:
    """SkillSpan ``train``/``dev`` postings as extract input with gold spans (via the shared converter)."""
    sh = shared_dir()
    assert sh is not None, "../shared is absent"
    out = subprocess.run(
        [sys.executable, str(sh / "tools" / "skillspan_to_jsonl.py"), str(sh / "data" / "skillspan" / "json" / f"{split}.json"), source],
        check=True, capture_output=True, text=True,
    ).stdout
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def predict(ex: Any, recs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``skillgap extract`` JSON lines (CONTRACTS §4) for ``recs`` through ``run_extract``."""
    import io

    from skillgap.extractors.jsonl import run_extract

    keep = ("id", "title", "description", "company", "location")
    inp = io.StringIO("".join(json.dumps({k: r.get(k) for k in keep if k in r}) + "\n" for r in recs))
    out = io.StringIO()
    run_extract(inp, out, extractor=ex, batch_size=64)
    return [json.loads(x) for x in out.getvalue().splitlines() if x.strip()]


def _run_scorer(script: str, gold: list[dict[str, Any]], preds: list[dict[str, Any]], *extra: str) -> str:
    sh = shared_dir()
    assert sh is not None
    with tempfile.TemporaryDirectory() as tmp:
        g, p = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        g.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
        p.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
        return subprocess.run([sys.executable, str(sh / "tools" / script), str(g), str(p), *extra],
                              check=True, capture_output=True, text=True).stdout


def score_postings(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    return json.loads(_run_scorer("score_extract.py", gold, preds, "--json"))


def score_market(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """Hard-skill F1 and top-20 overlap (``tools/score_market.py``)."""
    return json.loads(_run_scorer("score_market.py", gold, preds, "--json"))


def score_spans(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, float]:
    last = _run_scorer("score_skillspan.py", gold, preds).strip().splitlines()[-1].split()
    return {"P": float(last[1]), "R": float(last[3]), "F1": float(last[5])}


def extract_inputs(recs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``Extractor.extract_many`` inputs (title, description, company) of labelled records."""
    return [{"title": r.get("title") or "", "description": r["description"], "company": r.get("company")} for r in recs]


def alternating(variants: dict[str, Callable[[], Iterable[Any]]], runs: int, *, rotate: bool = False) -> dict[str, list[float]]:
    """In-process speed A/B on a shared machine: each round runs every variant once, in turn
    (``rotate``: the order shifted by one each round), draining the iterable its callable returns
    (the callable sets the variant up, e.g. the model, and returns ``extract_many(...)``). Each
    variant's seconds per round, so callers take the best of each and the median of paired ratios."""
    import time

    names = list(variants)
    took: dict[str, list[float]] = {n: [] for n in names}
    for k in range(runs):
        order = names[k % len(names):] + names[: k % len(names)] if rotate else names
        for n in order:
            t0 = time.perf_counter()
            for _x in variants[n]():
                pass
            took[n].append(time.perf_counter() - t0)
    return took
