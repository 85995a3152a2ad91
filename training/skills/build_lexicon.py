#!/usr/bin/env python3
"""The labelled-names lexicon (``data/vocab/labelled.tsv.gz``): skill forms that the annotators
labelled in the postings of several companies (issue 17).

    .venv/bin/python training/skills/build_lexicon.py [--min-companies K]

Recipe: every gold skill of ``postings/train_pool.jsonl`` and ``postings/dev_payloads.jsonl``
(``../shared/data``, the labelled sets that choose models; never copied into the repository)
gives its surface ``forms``; a form (lower-cased, white space collapsed) labelled in the postings
of at least K different companies (``config.json`` ``lexicon.min_companies``) is kept with the
gold name most often given to it, the kind most often given, and its number of companies. Forms
of more than five words, without a letter, of one character, or one of the taxonomy's STOPWORDS
go. What ships is names and counts only, no posting text.

At load time (``extractors/taxonomy.py``) a form that a curated or vocabulary skill already has
is ignored; a form whose name is a known skill becomes another form of it; the rest become new
skills (origin ``labelled``, shown as ``vocabulary`` in the ``skills`` view). Each candidate a
lexicon form matches carries its number of companies as a feature of the learned model; training
counts, for a labelled posting, only the *other* companies (``train.py``), as a posting of a new
company sees it. Chosen by company-grouped cross-validation with the lexicon built from the
training folds only (``compare_models.py``; RESULTS.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import evalkit as E  # noqa: E402

OUT = ROOT / "data" / "vocab" / "labelled.tsv.gz"
#: the labelled sets the lexicon is built from (dev.jsonl, read while writing rules, is not)
LEXICON_SETS = ("train_pool", "dev_payloads")
MAX_WORDS = 5
_LETTER = re.compile(r"[^\W\d_]")


def form_key(form: str, merge: bool = False) -> str:
    """A form as the lexicon counts it: lower-cased, white space collapsed; with ``merge`` (config
    ``lexicon.merge``; compared, CV-equal, not shipped) also
    hyphens as spaces and a plural last word as its singular ("Cross-functional teams" and
    "cross functional team" count together)."""
    key = " ".join(form.lower().split())
    if merge:
        key = " ".join(key.replace("-", " ").split())
        if len(key) > 4 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
            key = key[:-3] + "y" if key.endswith("ies") else key[:-1]
    return key


def company_of(rec: dict[str, Any]) -> str:
    """The company a labelled posting counts for (the CV's grouping key)."""
    company = " ".join(str(rec.get("company") or "").lower().split())
    return "c:" + company if company and company != "none" else "id:" + str(rec["id"])


@dataclass
class Entry:
    forms: Counter[str] = field(default_factory=Counter)  # surfaces as written
    names: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    companies: set[str] = field(default_factory=set)
    postings: set[str] = field(default_factory=set)  # ids of the postings that labelled it


def collect(recs: Iterable[dict[str, Any]], merge: bool = False) -> dict[str, Entry]:
    """Form key -> its surfaces, gold names, kinds and companies, over ``recs``' gold skills."""
    from skillgap.extractors.taxonomy import STOPWORDS

    out: dict[str, Entry] = {}
    for r in recs:
        company = company_of(r)
        for s in r.get("skills") or ():
            for f in dict.fromkeys(s.get("forms") or ()):
                key = form_key(f, merge)
                if len(key) < 2 or len(key.split()) > MAX_WORDS or not _LETTER.search(key) or key in STOPWORDS:
                    continue
                e = out.setdefault(key, Entry())
                e.forms[" ".join(f.split())] += 1
                e.names[s["name"]] += 1
                e.kinds[s.get("kind") or "hard"] += 1
                e.companies.add(company)
                e.postings.add(str(r.get("id")))
    return out


def label_rate(key: str, e: Entry, texts: list[str]) -> float:
    """Of the postings ``texts`` (lower-cased, white space collapsed) that contain the form
    ``key`` as a whole word, the share that labelled it (1.0 when none contains it)."""
    pat = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")
    seen = sum(1 for t in texts if pat.search(t))
    return min(1.0, len(e.postings) / seen) if seen else 1.0


def lowered_texts(recs: Iterable[dict[str, Any]]) -> list[str]:
    """The postings' descriptions as :func:`label_rate` reads them."""
    return [" ".join(str(r.get("description") or "").lower().split()) for r in recs]


def rows(entries: dict[str, Entry], min_companies: int, all_forms: bool = False, min_rate: float = 0.0,
         texts: list[str] | None = None) -> list[tuple[str, str, str, int]]:
    """(form, name, kind, companies) of the entries labelled by ``min_companies`` or more, most
    supported first (ties by form): the entry's most common surface, or with ``all_forms`` each
    of its surfaces (distinct lower-cased). With ``min_rate`` (config ``lexicon.min_rate``, rules
    2.9) also only the entries labelled in at least that share of the postings ``texts``
    (:func:`lowered_texts` of the same postings) whose text holds the form: a word the annotators
    labelled in a few postings but that most postings use otherwise ("stakeholders", "lead",
    "training") costs a candidate everywhere and is (almost) never kept."""
    out = []
    for key, e in entries.items():
        n = len(e.companies)
        if n >= min_companies and (min_rate <= 0 or texts is None or label_rate(key, e, texts) >= min_rate):
            ranked = sorted(e.forms.items(), key=lambda kv: (-kv[1], kv[0]))
            name = min(e.names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            kind = "soft" if e.kinds["soft"] > e.kinds["hard"] else "hard"
            seen: set[str] = set()
            for form, _c in ranked if all_forms else ranked[:1]:
                if form.lower() not in seen:
                    seen.add(form.lower())
                    out.append((form, name, kind, n))
    out.sort(key=lambda r: (-r[3], r[0].lower(), r[0]))
    return out


def to_bytes(lex_rows: list[tuple[str, str, str, int]], header: str = "") -> bytes:
    """The rows as the gzip TSV the extractor reads (reproducible: no timestamp)."""
    lines = [f"# {line}" for line in header.splitlines()] + ["# form\tname\tkind\tcompanies"]
    lines += ["\t".join((f.replace("\t", " "), n.replace("\t", " "), k, str(c))) for f, n, k, c in lex_rows]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def labelled_records() -> list[dict[str, Any]]:
    return [r for name in LEXICON_SETS for r in E.postings(name)]


def build(min_companies: int, merge: bool = False, min_rate: float = 0.0) -> bytes:
    recs = labelled_records()
    lex = rows(collect(recs, merge), min_companies, all_forms=merge, min_rate=min_rate, texts=lowered_texts(recs))
    header = (f"skill forms labelled in the postings of >= {min_companies} companies"
              + (f" and in >= {min_rate:g} of the postings whose text holds them" if min_rate > 0 else "")
              + f": gold skills of postings/{' + postings/'.join(s + '.jsonl' for s in LEXICON_SETS)} ({len(recs)} postings); "
              "built by training/skills/build_lexicon.py")
    return to_bytes(lex, header)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cfg = json.loads((HERE / "config.json").read_text())
    ap.add_argument("--min-companies", type=int, default=int((cfg.get("lexicon") or {}).get("min_companies", 2)))
    args = ap.parse_args()
    if E.shared_dir() is None:
        print("skipped: needs ../shared (labelled postings)", file=sys.stderr)
        return 0
    raw = build(args.min_companies, bool((cfg.get("lexicon") or {}).get("merge")), float((cfg.get("lexicon") or {}).get("min_rate", 0.0)))
    OUT.write_bytes(raw)
    n = sum(1 for x in gzip.decompress(raw).decode().splitlines() if x and not x.startswith("#"))
    print(f"wrote {OUT.relative_to(ROOT)}: {n} forms ({len(raw) // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
