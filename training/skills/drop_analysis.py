#!/usr/bin/env python3
"""Which hard rule drops held-out gold skills (issue 17, lever 1): counts per rule, not postings.

    nice -n 10 .venv/bin/python training/skills/drop_analysis.py [--seed 7]

Over the company-grouped CV folds of ``train.py`` (each fold's extractor carries the lexicon of its
training folds only, as in the CV), for every held-out gold skill that no candidate overlaps, the
reason of each vocabulary match overlapping one of its occurrences: the hard drop that removed the
match (a dropped section, ``edge_compound``, ``part_of_name``, a compact form outside a hashtag, a
``drops=True`` flag rule, ``tracking_hashtag``), or, with no match there, whether the occurrence's
text is a known form at all (then a longer match or the case of a gated form took it). Prints per
rule the number of gold skills it drops (selection sets and dev.jsonl apart) and, per rule, the
dropped matches that are *not* gold (the precision the rule buys). Reads ``../shared`` only; writes
nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train as T  # noqa: E402


def drop_reason(p: Any, i: int) -> str | None:
    """The hard drop that removes match ``i`` of the posting ``p`` (``candidates._Posting``), None
    when it becomes a candidate (the same checks, in the same order, as ``_Posting.candidate``)."""
    from skillgap.extractors.candidates import _RULES
    from skillgap.extractors.rules import edge_compound, part_of_name, tracking_hashtag
    from skillgap.extractors.sections import DROPPED_SECTIONS

    _ts, _te, start, end, _sid, _label = p.rows[i]
    text = p.text
    section = p.layout.section_at(start)
    if section in DROPPED_SECTIONS:
        return "section=" + section
    if edge_compound(text, start):
        return "edge_compound"
    if ((start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())) and part_of_name(
        text, start, end, p.view.employer, p.glued
    ):
        return "part_of_name"
    low = text[start:end].lower()
    if low in p.tables.compact and (start == 0 or text[start - 1] != "#"):
        return "compact"
    s = p.spot(i)
    if s is None:
        return "spot?"
    flags: list[str] = []
    drops = []
    for flag, check, dr in _RULES:
        if flag not in flags and check(s, p.view):
            flags.append(flag)
            if dr:
                drops.append(flag)
    if drops:
        return "rule=" + drops[0]
    if tracking_hashtag(text, s.start, s.end, s.section):
        return "tracking_hashtag"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--examples", type=int, default=0, help="print this many dropped gold surfaces per rule")
    args = ap.parse_args()
    from skillgap.extractors.candidates import Tokens, _Posting
    from skillgap.extractors.extract import _tokenizable
    from skillgap.extractors.sections import analyse
    from skillgap.extractors.taxonomy import normalize_key

    cfg = json.loads((HERE / "config.json").read_text())
    occurrences = T._occurrences()
    recs, sets = [], []
    for name in T.SETS:
        got = T.E.postings(name)
        recs += got
        sets += [name] * len(got)
    gold_dropped: dict[str, Counter[str]] = {"selection": Counter(), "dev": Counter()}
    nongold_dropped: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for fold in T.grouped_folds(sets, recs, cfg["folds"], args.seed):
        fs = set(fold)
        ex = T.lexicon_extractor(cfg, [i for i in range(len(recs)) if i not in fs], recs, sets)[0]
        for i in fold:
            r = recs[i]
            group = "dev" if sets[i] == "dev" else "selection"
            text, cands = ex.candidate_features(r.get("title") or "", r["description"], company=r.get("company"))
            text = _tokenizable(text)
            doc = ex._tokens(text)
            toks = doc if isinstance(doc, Tokens) else Tokens.of(doc)
            p = _Posting(ex.tables, toks, text, analyse(text), r.get("company"), r.get("title") or "")
            reasons = [drop_reason(p, j) for j in range(len(toks.rows))]
            gold_spans = [occurrences(text, s["forms"]) for s in r["skills"]]
            all_gold = [sp for g in gold_spans for sp in g]
            for j, why in enumerate(reasons):
                if why is not None and not T._overlaps(toks.rows[j].start, toks.rows[j].end, all_gold):
                    nongold_dropped[why] += 1
            for s, occ in zip(r["skills"], gold_spans):
                totals[group] += 1
                if any(T._overlaps(c["start"], c["end"], occ) for c in cands):
                    continue
                whys = {reasons[j] for j, row in enumerate(toks.rows) if T._overlaps(row.start, row.end, occ)} - {None}
                if whys:
                    why = sorted(whys)[0]
                elif not occ:
                    why = "no_occurrence"
                elif any(normalize_key(text[a:b]) in ex.tables.by_key for a, b in occ):
                    why = "known_form_no_match"  # a longer match took it, or a gated form's case
                else:
                    why = "unknown_form"
                gold_dropped[group][why] += 1
                examples.setdefault(why, Counter())[s["name"]] += 1
    print(f"gold skills: {dict(totals)}")
    print("held-out gold skills no candidate reaches, by reason (selection | dev.jsonl | non-gold matches the drop removes):")
    for why, n in gold_dropped["selection"].most_common():
        print(f"  {why:28s} {n:5d} | {gold_dropped['dev'][why]:4d} | {nongold_dropped.get(why, '-')}")
        if args.examples:
            print("      " + ", ".join(f"{k} ({v})" for k, v in examples[why].most_common(args.examples)))
    for why, n in nongold_dropped.most_common():
        if why not in gold_dropped["selection"]:
            print(f"  {why:28s} {0:5d} | {gold_dropped['dev'][why]:4d} | {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
