"""The labelled-names lexicon (``data/vocab/labelled.tsv.gz``, ``training/skills/build_lexicon.py``):
how its forms join the taxonomy (new names, forms of known skills, known forms ignored), that a
lexicon form becomes a candidate carrying its support, that workers match the same, and what the
build counts. Texts and names written for these tests; a tiny fixture taxonomy, no ../shared."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from skillgap.extractors.extract import Extractor, _Skills
from skillgap.extractors.taxonomy import LEXICON_ORIGIN, Taxonomy, extend, load_taxonomy
from skillgap.pipelines.store import skill_origin

FIXTURE_YAML = """\
version: 1
categories: [language, concept, soft_skill]
skills:
  - {name: Python, category: language}
  - {name: mentoring, category: soft_skill}
  - {name: reporting, category: concept}
"""

TEXT = """Quant Analyst

Requirements
- Python and backtesting of trading strategies
- You mentor new analysts and write weekly reports
- Familiarity with Frobnicate or C/D pipelines
"""


def _lexicon(rows: list[tuple[str, str, str, int]]) -> bytes:
    lines = ["# form\tname\tkind\tcompanies", *("\t".join((f, n, k, str(c))) for f, n, k, c in rows)]
    return gzip.compress(("\n".join(lines) + "\n").encode())


LEXICON = _lexicon([
    ("backtesting", "Backtesting", "hard", 4),  # a new name
    ("Frobnicate", "Frobnicate", "hard", 2),
    ("mentor", "mentoring", "soft", 9),  # another form of a known skill
    ("Python", "Python", "hard", 30),  # a known form: the taxonomy's entry wins
    ("C/D", "C/D", "hard", 3),  # names two things: left out
])


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    path = tmp_path_factory.mktemp("lex") / "taxonomy.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return extend(load_taxonomy(path), vocabulary=b"", lexicon=LEXICON)


def test_lexicon_form_of_a_new_name_becomes_a_skill_shown_as_vocabulary(taxonomy: Taxonomy) -> None:
    skill = taxonomy.resolve("backtesting")
    assert skill is not None and skill.name == "Backtesting" and skill.origin == LEXICON_ORIGIN
    assert skill.kind == "hard"
    assert skill_origin(skill) == "vocabulary"  # CONTRACTS §3: taxonomy | vocabulary | discovered


def test_lexicon_form_of_a_known_name_matches_as_that_skill_and_known_forms_keep_theirs(taxonomy: Taxonomy) -> None:
    forms = {f: (sid, n) for f, sid, n in taxonomy.lexicon_forms}
    assert forms["mentor"] == ("mentoring", 9)
    assert "Python" not in forms  # the curated entry has it
    assert "C/D" not in forms
    assert taxonomy.get("mentor") is None  # no second skill for the same thing


def test_lexicon_forms_are_candidates_with_their_number_of_companies(taxonomy: Taxonomy) -> None:
    ex = Extractor(taxonomy, skill_model=None, discover=False)
    _text, cands = ex.candidate_features("Quant Analyst", TEXT)
    lex = {c["skill"]: c["features"] for c in cands if "lex" in c["features"]}
    assert set(lex) == {"Backtesting", "mentoring", "Frobnicate"}
    assert "lex=3-4" in lex["Backtesting"] and "o&lex=labelled3-4" in lex["Backtesting"]
    assert "lex=5-9" in lex["mentoring"] and "o&lex=cur5-9" in lex["mentoring"]
    assert "o=labelled" in lex["mentoring"]  # its name features apart from the curated forms'
    python = next(c for c in cands if c["skill"] == "Python")
    assert "lex" not in python["features"]
    names = {m.skill for m in ex.extract("Quant Analyst", TEXT).skills}
    assert {"Backtesting", "mentoring"} <= names


def test_no_lexicon_leaves_the_candidates_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    tax = extend(load_taxonomy(path), vocabulary=b"", lexicon=b"")
    assert tax.lexicon_forms == ()
    _text, cands = Extractor(tax, skill_model=None, discover=False).candidate_features("Quant Analyst", TEXT)
    assert {c["skill"] for c in cands} == {"Python"}


def test_worker_built_from_skills_and_lexicon_forms_matches_the_same(taxonomy: Taxonomy) -> None:
    here = Extractor(taxonomy, skill_model=None, discover=False)
    worker = Extractor(_Skills(taxonomy.skills, taxonomy.lexicon_forms), skill_model=None, discover=False)
    assert here.extract("Quant Analyst", TEXT).skills == worker.extract("Quant Analyst", TEXT).skills


def test_build_counts_companies_not_postings_and_keeps_the_commonest_name() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "skills"))
    import build_lexicon as L

    def rec(i: int, company: str, *skills: tuple[str, list[str]]) -> dict:
        return {"id": str(i), "company": company, "skills": [{"name": n, "forms": f, "kind": "hard"} for n, f in skills]}

    recs = [
        rec(1, "Acme", ("backtesting", ["Backtesting"])),
        rec(2, "Acme", ("backtesting", ["backtesting"])),  # same company: still one
        rec(3, "Initech", ("Backtesting", ["backtesting"]), ("data", ["data"])),  # a stopword: never
        rec(4, "Globex", ("Backtesting", ["Back testing", "backtesting"])),
    ]
    rows = L.rows(L.collect(recs), 2)
    assert rows == [("backtesting", "Backtesting", "hard", 3)]
    assert L.rows(L.collect(recs[:2]), 2) == []
    raw = L.to_bytes(rows, "header")
    assert gzip.decompress(raw).decode().splitlines()[-1] == "backtesting\tBacktesting\thard\t3"
    assert L.to_bytes(rows, "header") == raw  # reproducible


def test_build_leaves_out_a_form_most_postings_holding_it_do_not_label() -> None:
    """rules 2.9: ``lexicon.min_rate`` (labelled postings / postings whose text holds the form)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "skills"))
    import build_lexicon as L

    def rec(i: int, company: str, text: str, *forms: str) -> dict:
        return {"id": str(i), "company": company, "description": text,
                "skills": [{"name": f.lower(), "forms": [f], "kind": "hard"} for f in forms]}

    recs = [rec(1, "Acme", "You will lead our Backtesting work.", "lead", "Backtesting"),
            rec(2, "Globex", "Lead the team; backtesting a plus.", "lead", "backtesting"),
            *(rec(10 + k, f"Co{k}", f"We lead the market ({k}). Misleading words do not count.") for k in range(8))]
    entries, texts = L.collect(recs), L.lowered_texts(recs)
    assert L.label_rate("lead", entries["lead"], texts) == pytest.approx(2 / 10)
    assert L.label_rate("backtesting", entries["backtesting"], texts) == 1.0
    assert [r[0].lower() for r in L.rows(entries, 2)] == ["backtesting", "lead"]
    assert [r[0].lower() for r in L.rows(entries, 2, min_rate=0.25, texts=texts)] == ["backtesting"]


def test_bundled_lexicon_rows_are_well_formed() -> None:
    from skillgap.extractors.taxonomy import lexicon_bytes

    raw = lexicon_bytes()
    if not raw:
        pytest.skip("no bundled lexicon")
    rows = [x.split("\t") for x in gzip.decompress(raw).decode().splitlines() if x and not x.startswith("#")]
    assert rows and all(len(r) == 4 and r[2] in ("hard", "soft") and int(r[3]) >= 1 for r in rows)
    tax = load_taxonomy()
    assert all(tax.resolve(sid) is not None for _f, sid, _n in tax.lexicon_forms)


def test_training_counts_only_the_other_companies_that_labelled_a_form(skills_train) -> None:
    """A labelled posting sees the lexicon as a new company's posting would (train.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "skills"))
    import build_lexicon as L

    T = skills_train

    from skillgap.extractors.features import lexicon_features

    gold = [{"id": str(i), "company": c, "skills": [{"name": "Backtesting", "forms": ["backtesting"], "kind": "hard"}]}
            for i, c in enumerate(("Acme", "Globex", "Initech"))]
    entries = L.collect(gold)
    feats = ["s=backtesting", *lexicon_features(3, "labelled")]
    recs = [*gold, {"id": "9", "company": "Umbrella"}]
    got = T._own_support(None, [[((feats, "Backtesting"), 1)]] * 4, [0, 1, 2, 3], recs, entries, k=3)
    assert got[:3] == [[], [], []]  # two other companies only: below k, no candidate
    (kept, y), = got[3]  # a fourth company sees all three
    assert y == 1 and "lex=3-4" in kept and "o&lex=labelled3-4" in kept
    got = T._own_support(None, [[((feats, "backtestings"), 1)]], [0], recs, entries, k=2)
    assert "lex=2" in got[0][0][0]  # the plural a lexicon form also matches
