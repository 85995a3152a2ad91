"""Digests of what the extractor makes of the labelled postings in ``../shared/data/postings``.

The golden test (``tests/test_extract_golden.py``) recomputes them and compares with
``extract_digests.json``; ``python -m tests.golden.regen`` rewrites that file. Only digests are
stored (sha256 of canonical JSON), never a posting's text.

Per posting, three digests:

- ``out``: the whole :class:`~skillgap.extractors.extract.Extraction` of ``Extractor.extract``
  (every mention with its offsets, section and evidence, every fact);
- ``jsonl``: the line ``skillgap extract`` prints for it (``jsonl.run_extract``, the batch path);
- ``cand``: every skill candidate with its model features and the rules' verdict, so that a
  change in the features is seen even where the model's decisions do not move.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
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


def jsonl_digests(ex: Any, folder: Path) -> dict[str, str]:
    """The sha256 of each output line of ``skillgap extract`` (one run per file, in order)."""
    from skillgap.extractors.jsonl import run_extract

    out: dict[str, str] = {}
    for name in FILES:
        keys, lines = [], []
        for key, rec in postings(folder):
            if key.startswith(name.removesuffix(".jsonl") + ":"):
                keys.append(key)
                fields = ("id", "title", "description", "company", "location")
                lines.append(json.dumps({k: rec.get(k) for k in fields}, ensure_ascii=False))
        buf = io.StringIO()
        run_extract(io.StringIO("\n".join(lines) + "\n"), buf, extractor=ex)
        got = buf.getvalue().split("\n")[:-1]
        assert len(got) == len(keys), (name, len(got), len(keys))
        out.update({k: hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest() for k, line in zip(keys, got)})
    return out


def compute(folder: Path) -> dict[str, dict[str, str]]:
    from skillgap.extractors.extract import Extractor

    ex = Extractor()
    lines = jsonl_digests(ex, folder)
    return {key: {**digest_one(ex, rec), "jsonl": lines[key]} for key, rec in postings(folder)}
