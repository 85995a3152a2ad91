#!/usr/bin/env python3
"""The corpus-mined names list (``data/vocab/mined.tsv.gz``): names that stand as a skill in the
unlabelled corpus, in the postings of several companies (issue 17, mine17). Label-free.

    nice -n 10 .venv/bin/python training/skills/build_mined.py [--min-companies K] [--items ask|all] [--out PATH]

Recipe: every posting of ``../shared/data/corpus/unlabelled.jsonl.gz`` (4,720 real postings;
reference use only, never copied into the repository) **less the near-copies of a labelled
posting** (train_pool, dev_payloads, dev: a corpus posting sharing at least
:data:`evalkit.NEAR_SHARE` of its 8-word shingles with the labelled postings, or whose first 400 letters
and digits equal one's; so that a held-out posting's own text never proposes its names) goes
through the extractor's own name discovery (``extractors/discover.py``, without lexicon, span
proposer or model): the names cut from list items of requirements / preferred sections and from
"experience with X", "knowledge of X", ... frames, with the discovered-name filters (edge words,
one common word alone, verb / -ing first, trait last) and not a vocabulary form. Per normalised
name (case-folded, white space collapsed): the number of distinct corpus companies it was
discovered in. Names discovered in >= K companies are kept (K: ``config.json``
``mined.min_companies``, chosen by company-grouped CV). ``--items all`` (config ``mined.items``)
also takes the list items of every other kept section (duties). What ships is names and counts
only. Measured (RESULTS.md, "Names mined from the unlabelled corpus"): no gain; off.

At extraction (``extractors/mined.py``) an occurrence of a listed name anywhere outside the
dropped sections that is no known match and no name discovery already proposes becomes a
discovered candidate (label ``DISC_MINED``); every discovered candidate whose name is listed
carries the count bucket as a feature (``mined=<bucket>``). Stored as ``origin = 'discovered'``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402

OUT = ROOT / "data" / "vocab" / "mined.tsv.gz"
def company(r: dict[str, Any]) -> str:
    c = " ".join(str(r.get("company") or "").lower().split())
    return "c:" + c if c and c != "none" else "id:" + str(r.get("id"))


def collect(recs: list[dict[str, Any]], items: str = "ask") -> dict[str, set[str]]:
    """Normalised discovered name -> the corpus companies it was discovered in. ``items``: "ask"
    (discover.py as it is: list items of requirements / preferred sections) or "all" (list items
    of every headed section that is not dropped: duties too)."""
    from skillgap.extractors import discover as D
    from skillgap.extractors.discover import FRAME_LABEL, ITEM_LABEL
    from skillgap.extractors.extract import Extractor
    from skillgap.extractors.taxonomy import extend, load_taxonomy

    ex = Extractor(extend(load_taxonomy(extended=False), lexicon=b""), skill_model=None, discover=True)
    labels = {"disc=" + FRAME_LABEL, "disc=" + ITEM_LABEL}
    out: dict[str, set[str]] = {}
    saved = D.ITEM_SECTIONS
    if items == "all":
        from skillgap.extractors.sections import DROPPED_SECTIONS

        D.ITEM_SECTIONS = _AllBut(DROPPED_SECTIONS)  # type: ignore[assignment]
    t0 = time.perf_counter()
    for n, r in enumerate(recs):
        _text, cands = ex.candidate_features(r.get("title") or "", str(r.get("description") or ""), company=r.get("company"))
        comp = company(r)
        for c in cands:
            if labels.intersection(c["features"]):
                out.setdefault(c["skill"], set()).add(comp)
        if (n + 1) % 1000 == 0:
            print(f"  {n + 1} postings, {len(out)} names ({time.perf_counter() - t0:.0f} s)", flush=True)
    D.ITEM_SECTIONS = saved
    return out


class _AllBut:
    """Every section kind but some (``in`` only)."""

    def __init__(self, but: frozenset[str]) -> None:
        self.but = but

    def __contains__(self, kind: object) -> bool:
        return kind not in self.but


def rows(names: dict[str, set[str]], min_companies: int) -> list[tuple[str, int]]:
    """(name, companies) of the names discovered in ``min_companies`` or more, most first."""
    got = [(k, len(v)) for k, v in names.items() if len(v) >= min_companies]
    got.sort(key=lambda r: (-r[1], r[0]))
    return got


def to_bytes(mined: list[tuple[str, int]], header: str = "") -> bytes:
    lines = [f"# {line}" for line in header.splitlines()] + ["# name\tcompanies"]
    lines += [f"{n.replace(chr(9), ' ')}\t{c}" for n, c in mined]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def _cache(items: str) -> Path:
    return HERE / ".cache" / ("mined_names.json.gz" if items == "ask" else f"mined_names_{items}.json.gz")


def mined_names(refresh: bool = False, items: str = "ask") -> dict[str, list[str]]:
    """Every discovered name with its companies (cached in ``.cache``: the corpus pass takes minutes)."""
    cache = _cache(items)
    if cache.exists() and not refresh:
        return json.loads(gzip.decompress(cache.read_bytes()))
    shared = E.shared_dir()
    assert shared is not None
    recs, dropped = E.corpus_postings()
    print(f"corpus: {len(recs)} postings kept, {dropped} near-copies of labelled postings left out", flush=True)
    got = {k: sorted(v) for k, v in collect(recs, items).items()}
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(gzip.compress(json.dumps({"_meta": [str(len(recs)), str(dropped)], **got}).encode(), mtime=0))
    return json.loads(gzip.decompress(cache.read_bytes()))


def build(min_companies: int, items: str = "ask") -> bytes:
    got = mined_names(items=items)
    kept, dropped = got.pop("_meta")
    mined = rows({k: set(v) for k, v in got.items()}, min_companies)
    where = "list items of requirements / preferred sections" if items == "ask" else "list items of every kept section"
    header = (f"names discovered (extractors/discover.py: {where} and 'experience with X' frames) in the postings of >= "
              f"{min_companies} companies of corpus/unlabelled.jsonl.gz ({kept} postings; {dropped} near-copies of labelled "
              "postings left out); label-free; built by training/skills/build_mined.py")
    return to_bytes(mined, header)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cfg = json.loads((HERE / "config.json").read_text())
    ap.add_argument("--min-companies", type=int, default=int((cfg.get("mined") or {}).get("min_companies", 3)))
    ap.add_argument("--items", choices=("ask", "all"), default=str((cfg.get("mined") or {}).get("items", "ask")),
                    help="list items of requirements / preferred sections (discover.py's) or of every kept section")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--refresh", action="store_true", help="redo the corpus pass (else cached in training/skills/.cache)")
    args = ap.parse_args()
    if E.shared_dir() is None:
        print("skipped: needs ../shared (corpus, labelled postings)", file=sys.stderr)
        return 0
    if args.refresh:
        mined_names(refresh=True, items=args.items)
    raw = build(args.min_companies, args.items)
    Path(args.out).write_bytes(raw)
    n = sum(1 for x in gzip.decompress(raw).decode().splitlines() if x and not x.startswith("#"))
    print(f"wrote {args.out}: {n} names ({len(raw) // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
