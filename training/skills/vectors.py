#!/usr/bin/env python3
"""Word vectors learned from the unlabelled corpus (one command, CPU, a few minutes).

    nice -n 10 .venv/bin/python training/skills/vectors.py [--dim 100] [--bucket 50000] [--epoch 5]

Recipe: every posting of ``../shared/data/corpus/unlabelled.jsonl.gz`` (4,720 real postings,
~18 M characters; reference use only, never copied into the repository) is tokenised with the
extractor's own tokenizer (the words ``skillgap extract`` reads, lower-cased) and fed to floret
(fastText with Bloom-hashed subwords, ``mode=floret``) as skip-gram. The result is written to
``training/skills/.cache/`` (not committed): the floret binary and a word table (every corpus word
seen at least ``--min-count`` times, its vector from floret, unit-normalised) that ``train.py``
reads for the context-vector features. What ships is derived from this table only (see
``train.py`` and the model card): no posting text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402


def tokens_of(ex, text: str) -> list[str]:
    """Lower-cased words of ``text`` as the extractor reads them (spaces and newlines dropped)."""
    text, _html = ex._prepare(text, None)
    from skillgap.extractors.extract import _tokenizable

    doc = ex._tokens(_tokenizable(text))
    lowers = doc.lowers if hasattr(doc, "lowers") else [t.lower_ for t in doc]
    return [w for w in lowers if w.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--bucket", type=int, default=50000)
    ap.add_argument("--epoch", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--leave-out-labelled", action="store_true",
                    help="train on the corpus less the near-copies of labelled postings (a check that the CV is not helped "
                         "by held-out postings' own text in the corpus; the shipped vectors use every posting)")
    args = ap.parse_args()
    sh = E.shared_dir()
    if sh is None:
        print("needs ../shared (corpus)", file=sys.stderr)
        return 2
    from skillgap.extractors.extract import Extractor

    CACHE.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    ex = Extractor(skill_model=None)
    counts: Counter[str] = Counter()
    corpus_txt = CACHE / "corpus_tokens.txt"
    n = 0
    recs, left_out = E.corpus_postings(leave_out_labelled=args.leave_out_labelled)
    if args.leave_out_labelled:
        print(f"left out {left_out} near-copies of labelled postings")
    with corpus_txt.open("w", encoding="utf-8") as out:
        for r in recs:
            toks = tokens_of(ex, (r.get("title") or "") + "\n" + (r.get("description") or ""))
            counts.update(toks)
            out.write(" ".join(toks) + "\n")
            n += 1
    print(f"tokenised {n} postings, {sum(counts.values())} tokens, {len(counts)} types ({time.perf_counter() - t0:.0f} s)")
    import floret

    model = floret.train_unsupervised(
        str(corpus_txt), model="skipgram", mode="floret", hashCount=2, bucket=args.bucket, minn=3, maxn=5,
        dim=args.dim, epoch=args.epoch, minCount=args.min_count, thread=args.threads, ws=5, neg=5, lr=0.05,
    )
    model.save_model(str(CACHE / "floret.bin"))
    words = sorted(w for w, c in counts.items() if c >= args.min_count)
    vecs = np.stack([model.get_word_vector(w) for w in words]).astype(np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-8)
    np.save(CACHE / "vectors.npy", vecs)
    (CACHE / "words.json").write_text(json.dumps(words))
    (CACHE / "recipe.json").write_text(json.dumps({**vars(args), "postings": n, "tokens": sum(counts.values()), "words": len(words)}))
    corpus_txt.unlink()
    print(f"{len(words)} words x {args.dim} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
