#!/usr/bin/env python3
"""Derive the extended skill vocabulary (``data/vocab/``) from the curated taxonomy, O*NET 29.2
Technology Skills and the skill_extractor gazetteer in ``../shared/data/taxonomies``.

    .venv/bin/python training/skills/build_vocab.py            # writes data/vocab/skills.tsv.gz

Each derived entry: canonical name, category, kind (hard | soft), origin (onet | gaz | onet+gaz)
and the word frequency of its form (wordfreq zipf, one decimal; a feature of the candidate
classifier). A second file lists the zipf of the curated forms. Filters are generic, never fixes
for particular postings:

- forms the curated taxonomy already has (by ``normalize_key``) stay curated (gates, aliases);
- the taxonomy's STOPWORDS and very common English single words (zipf >= 5.0: "present",
  "data", "english") go - the classifier learns the rest from labelled candidates;
- job titles (O*NET alternate/reported titles, and names ending in a job noun) go;
- spoken languages go (the labelling guide does not count "English");
- names of more than five words, or without a letter, go;
- (rules 2.5) a curated product's name followed by a generic noun ("aws services", "Alteryx
  software", "Tableau tools") goes: the curated name inside it is the name people search for;
- (rules 2.5) a single plain English verb ("Analyze", "combine", "upgrade": its -ed and -ing
  forms are common English words, zipf >= 3) goes: no skill by itself.

Kind: ``skillgap.extractors.kinds.name_kind`` (shared with the store's discovered names): soft when
the name matches the soft-skill words, or (rules 2.13) when the whole name is a trait of the person
("independence", "autonomy", "results-oriented"), or when it is a curated soft skill followed by
"skills" ("project management skills"); otherwise hard.

Needs ``wordfreq`` (the ``train`` extra) at build time only; extraction reads the built files.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evalkit import shared_dir  # noqa: E402

from skillgap.extractors.kinds import name_kind  # noqa: E402  (the kind rule, shared with the store)

OUT = ROOT / "data" / "vocab"

# O*NET commodity titles -> our categories (everything else: tool).
_ONET_CATEGORY = {
    "Data base management system software": "database",
    "Object or component oriented development software": "tool",
}

_JOB_NOUN = re.compile(
    r"\b(?:engineers?|developers?|managers?|analysts?|scientists?|specialists?|consultants?|architects?|"
    r"administrators?|directors?|officers?|assistants?|technicians?|coordinators?|representatives?|"
    r"executives?|designers?|interns?|recruiters?|accountants?|clerks?|nurses?|president|vp|head of)$",
    re.I,
)
_SPOKEN = frozenset(
    """english french german spanish italian portuguese dutch russian chinese mandarin cantonese japanese
    korean arabic hindi urdu bengali punjabi turkish polish swedish norwegian danish finnish greek hebrew
    czech slovak hungarian romanian bulgarian ukrainian serbian croatian vietnamese thai indonesian malay
    tagalog filipino swahili persian farsi tamil telugu marathi gujarati kannada malayalam catalan basque
    estonian latvian lithuanian slovenian icelandic irish welsh afrikaans bilingual multilingual""".split()
)


#: Curated categories whose names are products (a generic noun after one adds nothing).
_PRODUCT_CATEGORIES = frozenset({"language", "framework", "library", "tool", "platform", "cloud", "database"})
_GENERIC_TAIL = re.compile(
    r"^(.+?)\s+(?:services?|tools?|technolog(?:y|ies)|platforms?|products?|solutions?|ecosystems?|stack|"
    r"environments?|skills?|knowledge|experience|suite|software|applications?|apps?)$",
    re.I,
)


def _plain_verb(low: str, zipf) -> bool:
    """A single lower-case English word whose -ed and -ing forms are both common."""
    if " " in low or not low.isalpha():
        return False
    stem = low[:-1] if low.endswith("e") else low
    ed = max(zipf(low + "d" if low.endswith("e") else low + "ed", "en"), zipf(stem + "ed", "en"))
    return ed >= 3.0 and zipf(stem + "ing", "en") >= 3.0


def _norm_key(s: str) -> str:
    from skillgap.extractors.taxonomy import normalize_key

    return normalize_key(s)


def _onet_titles(tx: Path) -> set[str]:
    """Lower-cased O*NET job titles (alternate titles, and reported titles when present): a
    candidate name equal to one is a job, not a skill."""
    titles: set[str] = set()
    with (tx / "onet_titles" / "alternate_titles.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            titles.add(row["Alternate Title"].strip().lower())
            titles.add(row["Title"].strip().lower())
    rep = tx / "onet_titles" / "sample_of_reported_titles.csv"
    if rep.exists():
        with rep.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for k in row:
                    if "Title" in k and row[k]:
                        titles.add(row[k].strip().lower())
    return titles


def _write(entries: dict[str, dict[str, str]], curated_skills: Any, dropped: dict[str, int], zipf_frequency: Any) -> None:
    """Write ``skills.tsv.gz`` (the entries by name) and ``curated_zipf.json`` (word frequency of
    the curated forms) to ``OUT``."""
    OUT.mkdir(parents=True, exist_ok=True)
    rows = sorted(entries.values(), key=lambda e: e["name"].lower())
    body = "# name\tcategory\tkind\torigin\tzipf  (derived by training/skills/build_vocab.py; see CREDITS.md)\n"
    body += "".join(f"{e['name']}\t{e['category']}\t{e['kind']}\t{e['origin']}\t{e['zipf']}\n" for e in rows)
    # mtime=0: the same content gives the same bytes (the file's digest is in EXTRACTOR_VERSION)
    (OUT / "skills.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    zipf_curated = {}
    for s in curated_skills:
        for form in s.forms:
            z = zipf_frequency(form.lower(), "en")
            if z >= 1.0:
                zipf_curated[form.lower()] = round(z, 1)
    (OUT / "curated_zipf.json").write_text(json.dumps(zipf_curated, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rows)} derived entries; dropped: {dropped}")


def main() -> int:
    sh = shared_dir()
    if sh is None:
        print("needs ../shared/data/taxonomies", file=sys.stderr)
        return 2
    from wordfreq import zipf_frequency

    from skillgap.extractors.taxonomy import STOPWORDS, _parse

    tax_text = (ROOT / "data" / "taxonomy.yaml").read_text(encoding="utf-8")
    curated = _parse(tax_text, "taxonomy.yaml")
    taken = {_norm_key(f) for s in curated.skills for f in s.forms}
    products = {_norm_key(f) for s in curated.skills if s.category in _PRODUCT_CATEGORIES for f in s.forms}
    soft_forms = {_norm_key(f) for s in curated.skills if s.category == "soft_skill" for f in s.forms}
    tx = sh / "data" / "taxonomies"

    titles = _onet_titles(tx)

    entries: dict[str, dict[str, str]] = {}
    dropped: dict[str, int] = {}

    def drop(why: str) -> None:
        dropped[why] = dropped.get(why, 0) + 1

    def consider(name: str, origin: str, category: str) -> None:
        name = " ".join(name.split())
        low = name.lower()
        key = _norm_key(name)
        if not key or not re.search(r"[a-z]", low):
            return drop("no letter")
        if key in taken:
            return drop("curated")
        if len(low.split()) > 5 or len(low) > 60 or len(low) < 2:
            return drop("length")
        if low in STOPWORDS or low in _SPOKEN or any(w in _SPOKEN for w in low.split()):
            return drop("stopword or spoken language")
        if low in titles or _JOB_NOUN.search(low):
            return drop("job title")
        tail = _GENERIC_TAIL.match(name)
        if tail and _norm_key(tail.group(1)) in products:
            return drop("product + generic noun")
        if _plain_verb(low, zipf_frequency):
            return drop("plain English verb")
        z = zipf_frequency(low, "en")
        if " " not in low and "-" not in low and z >= 5.0:
            return drop("common word")
        if key in entries:
            e = entries[key]
            if origin not in e["origin"]:
                e["origin"] = "onet+gaz"
            return
        kind = name_kind(low, soft_forms)
        if kind == "soft":
            category = "soft_skill"
        entries[key] = {"name": name, "category": category, "kind": kind, "origin": origin, "zipf": f"{z:.1f}"}

    with (tx / "onet_29_2" / "Technology Skills.txt").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            consider(row["Example"], "onet", _ONET_CATEGORY.get(row["Commodity Title"], "tool"))
    for name in json.loads((tx / "skill_extractor_gazetteer" / "skills.json").read_text(encoding="utf-8")):
        consider(name, "gaz", "concept")

    _write(entries, curated.skills, dropped, zipf_frequency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
