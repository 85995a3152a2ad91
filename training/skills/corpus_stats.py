#!/usr/bin/env python3
"""Name-level statistics of the unlabelled corpus (issue 17, corp17: distant supervision).

    nice -n 10 .venv/bin/python training/skills/corpus_stats.py [--min-postings 2]

Recipe: every posting of ``../shared/data/corpus/unlabelled.jsonl.gz`` (4,720 real postings;
reference use only, never copied into the repository) **less the ones whose text is also a
labelled posting's** (``evalkit.without_labelled``: the same id or first 400 letters and digits,
or >= 20 % of its 8-word shingles shared: 511 postings; the corp17 rows in RESULTS were measured
when only the first 400 letters and digits counted, 27 postings; left out so that a labelled
posting's own text never counts in its forms' statistics, as a new posting's would not) goes through the extractor's own candidate generation: vocabulary and discovered
names, without the labelled-names lexicon, the span proposer or any model (nothing here is fit on
a label; the context rules' verdict is the only judgement). Per normalised form ("s=<lower-cased
surface>"), over its occurrences: postings and companies holding it, and the shares listed /
in a requirements or preferred section / outside any headed section / in a sentence about the
company / written with a capital / followed by "experience", "skills", "knowledge", ... / kept by the context rules, and the share
of its neighbours (other candidates of the same line, and of the same paragraph when it is a list
item) that are vocabulary names the rules keep, and a pseudo-label rate: the share of its
occurrences that the linear model of the shipped configuration, fit on SkillSpan train alone (no
labelled posting), accepts. Shares are smoothed toward the corpus-wide share (pseudo-count 2). Forms seen in fewer than ``--min-postings`` postings are left out.

Written to ``training/skills/.cache/corpus_stats.json.gz`` (not committed); ``train.py`` /
``stack.py`` read it with ``"stacker": {..., "corpus": true}`` and the stacker ships it inside the
model file (``extractors/corpus_stats.py``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
from bisect import bisect_right
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402

OUT = HERE / ".cache" / "corpus_stats.json.gz"
_EXP = frozenset({"experience", "skills", "skill", "knowledge", "proficiency", "expertise", "background", "fundamentals"})
_ASK = frozenset({"requirements", "preferred"})
_VOCAB = frozenset({"cur", "gaz", "onet", "onet+gaz"})
SMOOTH = 2.0


def _value(feats: list[str], prefix: str) -> str:
    return next((f[len(prefix):] for f in feats if f.startswith(prefix)), "")


def collect(ex: Any, recs: list[dict[str, Any]], model: Any) -> dict[str, list[Any]]:
    """Form -> [occurrences, postings, companies(set), listed, ask, other, comp_cue, cap, exp, keep, nbr_vocab, nbr_n,
    accepted by ``model``]."""
    acc: dict[str, list[Any]] = {}
    cut = model.logit_threshold
    for n, r in enumerate(recs):
        text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
        if not cands:
            continue
        comp = " ".join(str(r.get("company") or "").lower().split()) or "id:" + str(r.get("id"))
        nl = [m.start() for m in re.finditer("\n", text)]
        pb = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
        lines = [bisect_right(nl, c["start"]) for c in cands]
        paras = [bisect_right(pb, c["start"]) for c in cands]
        vocab_keep = [int(c["features"][1][2:] in _VOCAB and bool(c["rule_keep"])) for c in cands]
        listed = ["listed" in c["features"] for c in cands]
        # neighbours: the other candidates of the same line, and of the same paragraph's list items for a list item
        by_line: dict[int, list[int]] = {}
        by_list: dict[int, list[int]] = {}
        for j in range(len(cands)):
            by_line.setdefault(lines[j], []).append(j)
            if listed[j]:
                by_list.setdefault(paras[j], []).append(j)
        seen: set[str] = set()
        for i, c in enumerate(cands):
            f = c["features"]
            form = f[0]
            a = acc.get(form)
            if a is None:
                a = acc[form] = [0, 0, set(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            a[0] += 1
            if form not in seen:
                seen.add(form)
                a[1] += 1
                a[2].add(comp)
            a[3] += listed[i]
            a[4] += c["section"] in _ASK
            a[5] += c["section"] == "other"
            a[6] += "comp_cue" in f
            a[7] += _value(f, "case=") != "L"
            a[8] += _value(f, "n1=") in _EXP
            a[9] += bool(c["rule_keep"])
            a[12] += model.logit(f) >= cut
            nb = set(by_line[lines[i]])
            if listed[i]:
                nb.update(by_list[paras[i]])
            nb.discard(i)
            a[10] += sum(vocab_keep[j] for j in nb)
            a[11] += len(nb)
        if (n + 1) % 500 == 0:
            print(f"  {n + 1} postings, {len(acc)} forms", flush=True)
    return acc


def ngram_collect(ex: Any, recs: list[dict[str, Any]], targets: set[str]) -> dict[str, list[Any]]:
    """The text-level facts of the word n-grams (1-4 words within a line) whose form is in
    ``targets``: form -> [occurrences, postings, companies(set), listed (on a bullet line), ask,
    other, cap, exp]."""
    from skillgap.extractors.extract import _tokenizable
    from skillgap.extractors.rule_words import words
    from skillgap.extractors.sections import analyse

    bullets = frozenset(words("bullets"))
    lengths = {len(t.split()) for t in targets}
    acc: dict[str, list[Any]] = {}
    for n, r in enumerate(recs):
        text, _html = ex._prepare(r["description"], None)
        text = _tokenizable(text)
        toks = ex._tokens(text)
        if toks.starts is None:
            continue
        lay = analyse(text)
        comp = " ".join(str(r.get("company") or "").lower().split()) or "id:" + str(r.get("id"))
        ws, lows, st = toks.words, toks.lowers, toks.starts
        idx = [i for i, w in enumerate(lows) if w.strip()]  # the words, spaces and newlines left out
        seen: set[str] = set()
        for a, i in enumerate(idx):
            for k in range(1, 5):
                if a + k > len(idx):
                    break
                j = idx[a + k - 1]
                start, end = st[i], st[j] + len(ws[j])
                surface = text[start:end]
                if "\n" in surface:
                    break
                if k not in lengths:
                    continue
                form = "s=" + surface.lower()
                if form not in targets:
                    continue
                e = acc.get(form)
                if e is None:
                    e = acc[form] = [0, 0, set(), 0, 0, 0, 0, 0]
                e[0] += 1
                if form not in seen:
                    seen.add(form)
                    e[1] += 1
                    e[2].add(comp)
                line_start = text.rfind("\n", 0, start) + 1
                lead = text[line_start:start].lstrip(" \t")[:1]
                e[3] += bool(lead) and lead in bullets
                sec = lay.section_at(start)
                e[4] += sec in _ASK
                e[5] += sec == "other"
                e[6] += surface != surface.lower()
                e[7] += a + k < len(idx) and lows[idx[a + k]] in _EXP
        if (n + 1) % 1000 == 0:
            print(f"  n-grams: {n + 1} postings, {len(acc)} forms", flush=True)
    return acc


def labelled_candidate_forms() -> set[str]:
    """Every candidate form of the labelled postings in the cached candidate sets (``compare_models.cached_data``)."""
    import glob
    import pickle

    out: set[str] = set()
    for path in glob.glob(str(HERE / ".cache" / "candidates_*.pkl")):
        data = pickle.loads(Path(path).read_bytes())
        out |= {f[0] for cands in data["c_recs"] for f, _y in cands}
    return out


def table(acc: dict[str, list[Any]], min_postings: int) -> dict[str, tuple[float, ...]]:
    occ = sum(a[0] for a in acc.values())
    means = [sum(a[k] for a in acc.values()) / max(1, occ) for k in range(3, 10)]
    nbr_mean = sum(a[10] for a in acc.values()) / max(1, sum(a[11] for a in acc.values()))
    pseudo_mean = sum(a[12] for a in acc.values()) / max(1, occ)
    out = {}
    for form, a in acc.items():
        if a[1] < min_postings:
            continue
        shares = [(a[k] + SMOOTH * m) / (a[0] + SMOOTH) for k, m in zip(range(3, 10), means)]
        nbr = (a[10] + SMOOTH * nbr_mean) / (a[11] + SMOOTH) if a[11] else math.nan
        pseudo = (a[12] + SMOOTH * pseudo_mean) / (a[0] + SMOOTH)
        out[form] = (math.log1p(a[1]), math.log1p(len(a[2])), *shares, nbr, pseudo)
    return out


def load(path: Path = OUT) -> Any:
    """The recipe's table as a ``CorpusStats`` (SystemExit when it was not built)."""
    from skillgap.extractors.corpus_stats import CorpusStats

    if not path.exists():
        raise SystemExit("no corpus statistics: run training/skills/corpus_stats.py first")
    return CorpusStats.from_json(json.loads(gzip.decompress(path.read_bytes())))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-postings", type=int, default=2)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--cover-labelled-candidates", action="store_true",
                    help="also give the labelled postings' candidate forms the scan lacks their text-level n-gram facts (measurement only)")
    args = ap.parse_args()
    sh = E.shared_dir()
    if sh is None:
        print("needs ../shared (corpus, postings)", file=sys.stderr)
        return 2
    import train as T

    from skillgap.extractors.corpus_stats import CorpusStats

    t0 = time.perf_counter()
    kept, left_out = E.corpus_postings()
    cfg = json.loads((HERE / "config.json").read_text())
    ex = T.lexicon_extractor({**cfg, "lexicon": None}, None, [], [])[0]  # vocabulary + discovered names, no model
    # the pseudo-labeller: the linear model (shipped configuration) fit on SkillSpan train alone
    ss = [r for src in cfg["skillspan_sources"] for r in E.skillspan("train", src)]
    model = T.fit(T._examples(T.candidates(ex, ss, "skillspan"), cfg["weight_skillspan"]), cfg)
    print(f"pseudo-labeller fit on {len(ss)} SkillSpan train records ({time.perf_counter() - t0:.0f} s)", flush=True)
    acc = collect(ex, kept, model)
    tab = table(acc, args.min_postings)
    n_scan = len(tab)
    if args.cover_labelled_candidates:
        # the forms the scan does not hold, by their text-level facts (the rest missing): what a
        # table of every corpus n-gram would give them, restricted to the forms the CV meets
        targets = {f for f in labelled_candidate_forms() if f not in tab}
        occ = sum(a[0] for a in acc.values())
        means = [sum(a[k] for a in acc.values()) / max(1, occ) for k in (3, 4, 5, 7, 8)]
        for form, e in ngram_collect(ex, kept, targets).items():
            if e[1] >= args.min_postings:
                sh = [(e[k] + SMOOTH * m) / (e[0] + SMOOTH) for k, m in zip((3, 4, 5, 6, 7), means)]
                tab[form] = (math.log1p(e[1]), math.log1p(len(e[2])), sh[0], sh[1], sh[2], math.nan, sh[3], sh[4], math.nan, math.nan, math.nan)
    meta = {"recipe": "training/skills/corpus_stats.py", "corpus": "corpus/unlabelled.jsonl.gz", "postings": len(kept),
            "left_out_as_labelled": left_out, "min_postings": args.min_postings, "forms_seen": len(acc), "forms": len(tab),
            "forms_by_text_ngrams": len(tab) - n_scan}
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(gzip.compress(json.dumps(CorpusStats(tab, meta).to_json(), separators=(",", ":")).encode(), mtime=0))
    print(json.dumps(meta), f"{out.stat().st_size // 1024} kB, {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
