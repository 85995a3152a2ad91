"""Digests of what the extractor makes of the labelled postings in ``../shared/data/postings``.

The golden test (``tests/test_extract_golden.py``) recomputes them and compares with
``extract_digests.json``; ``python -m tests.golden.regen`` rewrites that file. Only digests are
stored (sha256 of canonical JSON), never a posting's text.

Per posting, two digests:

- ``out``: the whole :class:`~skillgap.extractors.extract.Extraction` (every mention with its
  offsets, section and evidence, every fact), i.e. what ``skillgap extract`` prints and more;
- ``cand``: every skill candidate with its model features and the rules' verdict, so that a
  change in the features is seen even where the model's decisions do not move.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = Path(__file__).resolve().parent / "extract_digests.json"
FILES = ("dev.jsonl", "dev_payloads.jsonl", "train_pool.jsonl")


def postings_dir() -> Path | None:
    """``../shared/data/postings`` beside the repository (or under ``$SKILLGAP_SHARED``); None
    when absent (a fresh clone has no reference data)."""
    env = os.environ.get("SKILLGAP_SHARED")
    path = (Path(env) if env else ROOT.parent / "shared") / "data" / "postings"
    return path if all((path / f).is_file() for f in FILES) else None


def postings(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, record) per labelled posting; the key is ``file:id`` (ids repeat across files)."""
    for name in FILES:
        # split("\n"), not splitlines(): descriptions hold U+2028 and other line separators
        for line in (folder / name).read_text(encoding="utf-8").split("\n"):
            if line.strip():
                rec = json.loads(line)
                yield f"{name.removesuffix('.jsonl')}:{rec['id']}", rec


def _sha(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest_one(ex: Any, rec: dict[str, Any]) -> dict[str, str]:
    kw = {"company": rec.get("company")}
    result = ex.extract(rec.get("title") or "", rec["description"], location=rec.get("location"), **kw)
    _text, cands = ex.candidate_features(rec.get("title") or "", rec["description"], **kw)
    return {"out": _sha(dataclasses.asdict(result)), "cand": _sha(cands)}


def compute(folder: Path) -> dict[str, dict[str, str]]:
    from skillgap.extractors.extract import Extractor

    ex = Extractor()
    return {key: digest_one(ex, rec) for key, rec in postings(folder)}
