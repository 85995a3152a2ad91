"""The span proposer (extractors/tagger.py, training/skills/tagger.py): where it runs, what it may
propose (a name no vocabulary form covers, read as a name, outside the company's own text), how
its spans become discovered candidates, the array form of its line features, storage, and that
its recipe learns a tag from examples. Texts written for these tests; a tiny fixture taxonomy and
hand-set weights, no ../shared."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from skillgap.extractors.discover import DISCOVERED, TAG_LABEL, TAG_LABELS
from skillgap.extractors.extract import Extractor
from skillgap.extractors.tagger import _LINE_CODES, OFFSETS, Tagger, _line_codes, line_info
from skillgap.extractors.taxonomy import load_taxonomy

FIXTURE_YAML = """\
version: 1
categories: [language, framework, concept, soft_skill]
skills:
  - {name: Python, category: language}
  - {name: SQL, category: language}
  - {name: communication, category: soft_skill}
"""

TEXT = """Data Engineer

Requirements
You will be comfortable writing Python while the team moves its nightly jobs over to Zorblax this year.
- Experience with SQL

About us
Zorblax is the name of our office cat.
"""


@pytest.fixture(scope="module")
def tax(tmp_path_factory):
    path = tmp_path_factory.mktemp("tax") / "taxonomy.yaml"
    path.write_text(FIXTURE_YAML, encoding="utf-8")
    return load_taxonomy(path)


def _tagger(words: dict[str, float], sections=("requirements", "preferred")) -> Tagger:
    """A tagger that tags each word of ``words`` (lower case) as the start of a name with that
    logit, every other token "O"."""
    names = ["<pad>", "w=?", "s=?", "x=?", "p=?", *("w=" + w for w in words)]
    index = {n: i for i, n in enumerate(names)}
    W = np.zeros((len(OFFSETS), len(names), 3), dtype=np.float32)
    for w, z in words.items():
        W[OFFSETS.index(0), index["w=" + w], 1] = z
    return Tagger(index=index, W=W, b=np.array([0.0, -4.0, -4.0], dtype=np.float32), threshold=0.5, sections=frozenset(sections))


def _discovered(ex, text):
    _text, cands = ex.candidate_features("Data Engineer", text)
    return {c["skill"]: c for c in cands if c["category"] == DISCOVERED}


def test_a_tagged_unknown_tool_in_a_requirements_section_becomes_a_discovered_candidate(tax):
    ex = Extractor(tax, skill_model=None, discover=True)
    assert "zorblax" not in _discovered(ex, TEXT)  # no rule proposes it (prose: no list item, no frame)
    ex.tagger = _tagger({"zorblax": 9.0})
    found = _discovered(ex, TEXT)
    assert "zorblax" in found
    c = found["zorblax"]
    assert TEXT[c["start"] : c["end"]] == "Zorblax" and c["start"] < TEXT.index("About us")  # not the blurb's
    assert "o=" + DISCOVERED in c["features"]
    assert any(f == "disc=" + label for label in TAG_LABELS for f in c["features"])  # weighed apart, by bucket


def test_the_company_blurb_and_sections_outside_its_reach_are_never_tagged(tax):
    ex = Extractor(tax, skill_model=None, discover=True)
    ex.tagger = _tagger({"zorblax": 9.0, "cat": 9.0}, sections=("requirements", "preferred", "responsibilities", "other", "about"))
    found = _discovered(ex, TEXT)
    assert "cat" not in found  # "About us" is a dropped section even when listed
    assert [c["start"] for c in found.values() if c["skill"] == "zorblax"] == [TEXT.index("Zorblax")]


def test_known_forms_and_words_that_read_as_no_name_are_not_proposed(tax):
    ex = Extractor(tax, skill_model=None, discover=True)
    ex.tagger = _tagger({"python": 9.0, "experience": 9.0, "and": 9.0})
    found = _discovered(ex, TEXT)
    assert not {"python", "experience", "and"} & set(found)


def test_spans_below_the_threshold_are_not_proposed(tax):
    ex = Extractor(tax, skill_model=None, discover=True)
    ex.tagger = _tagger({"zorblax": 1.0})  # P(not O) about 0.05
    assert "zorblax" not in _discovered(ex, TEXT)


def test_a_model_judges_tagged_names_without_a_tagger_nothing_changes(tax):
    from skillgap.extractors.skill_model import SkillModel

    plain = Extractor(tax, skill_model=None, discover=True)
    before = plain.candidate_features("Data Engineer", TEXT)
    tagged = Extractor(tax, skill_model=None, discover=True)
    tagged.tagger = _tagger({"zorblax": 9.0})
    after = tagged.candidate_features("Data Engineer", TEXT)
    assert [c for c in after[1] if c["skill"] != "zorblax"] == before[1]
    keep = SkillModel(weights={f"disc={label}": 5.0 for label in TAG_LABELS}, bias=-1.0, threshold=0.5)
    tagged.skill_model = keep
    assert "zorblax" in {m.skill for m in tagged.extract("Data Engineer", TEXT).skills}
    tagged.skill_model = SkillModel(weights={}, bias=-1.0, threshold=0.5)
    assert "zorblax" not in {m.skill for m in tagged.extract("Data Engineer", TEXT).skills}


def test_line_features_in_arrays_equal_the_per_token_ones():
    words = ["\n", "-", "Spark", "and", "Kafka", "\n\n", "1.", "Airflow", "\n", "Good", "judgement", "  ", "•", "x",
             "\n", "•", "  ", "Spark", "  ", "jobs", "and", "\n", "  ", "Kafka", "  ", "-", "x"]
    tg = _tagger({})
    kinds = np.array([tg._word_ids(w)[4] for w in words])
    assert [_LINE_CODES[c] for c in _line_codes(kinds)] == [x.split("|")[1] for x in line_info(words, 0, len(words), "requirements")]
    assert [x.split("|")[1] for x in line_info(words, 0, 5, "requirements")] == ["sp", "bullet", "1b", "0b", "0b"]


def test_tagger_survives_storage():
    tg = _tagger({"zorblax": 9.0})
    back = Tagger.from_bytes(tg.to_bytes())
    assert back.index == tg.index and back.threshold == tg.threshold and back.sections == tg.sections
    assert np.allclose(back.W, tg.W, atol=1e-2) and np.allclose(back.b, tg.b)


def test_the_recipe_learns_to_tag_a_name_from_examples():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "skills"))
    pytest.importorskip("scipy")
    import tagger as recipe

    from skillgap.extractors.tagger import token_keys

    runs = []
    for k in range(30):
        words = ["\n", "-", "Zorblax" if k % 2 else "Quuxly", "and", "teamwork", "\n"]
        keys = [[*token_keys(w), "m=", x] for w, x in zip(words, line_info(words, 0, len(words), "requirements"))]
        y = np.array([0, 0, 1, 0, 0, 0], dtype=np.int8)
        runs.append({"keys": keys, "lows": [w.lower() for w in words], "inner": (0, len(words)), "y": y})
    tg = recipe.fit_tagger(runs, {"vectors": False, "l2": 0.1, "max_iter": 100})
    words = ["\n", "-", "Zorblax", "and", "teamwork", "\n"]
    P = tg.probabilities(tg.ids(words, 0, len(words), "requirements", []))
    assert P[2, 1] > 0.5 and P[4, 0] > 0.5
    assert TAG_LABEL + "4" in TAG_LABELS


def test_per_word_sums_score_as_the_slot_table_does():
    rng = np.random.default_rng(0)
    words = ["\n", "-", "Spark", "and", "Kafka", "\n", "•", "Zorblax", "pipelines", "\n"]
    names = ["<pad>", "w=?", "s=?", "x=?", "p=?", "w=spark", "s=Xxxx", "x=rka", "m=B", "m=I", "m=", "l=requirements|1b"]
    tg = Tagger(index={n: i for i, n in enumerate(names)}, W=rng.normal(0, 1, (len(OFFSETS), len(names), 3)).astype(np.float32),
                b=np.array([0.5, -1.0, -1.0], dtype=np.float32))
    tg.W[:, 0] = 0.0
    ids = tg.ids(words, 0, len(words), "requirements", [])
    rows = tg._word_rows(words)
    assert np.allclose(tg.probabilities(ids), tg._probabilities_rows(rows, ids[:, 4], ids[:, 5]), atol=1e-5)


def test_worker_processes_propose_what_this_process_does(tax):
    from skillgap.extractors.skill_model import SkillModel

    ex = Extractor(tax, skill_model=SkillModel(weights={f"disc={label}": 5.0 for label in TAG_LABELS}, bias=-1.0, threshold=0.5),
                   discover=True)
    ex.tagger = _tagger({"zorblax": 9.0})
    recs = [{"title": "Data Engineer", "description": TEXT}] * 3
    serial = [{m.skill for m in r.skills} for r in ex.extract_many(recs)]
    assert all("zorblax" in s for s in serial)
    assert [{m.skill for m in r.skills} for r in ex.extract_many(recs, n_process=2, chunk_size=1)] == serial


def test_vocabulary_match_slot_marks_starts_and_insides_of_matches():
    from skillgap.extractors.pipeline import MatchRow

    tg = _tagger({})
    tg.index.update({"m=": 5, "m=B": 6, "m=I": 7})
    rows = [MatchRow(1, 3, 0, 0, "a", "X"), MatchRow(5, 6, 0, 0, "b", "X")]
    assert tg._match_ids(rows, 0, 7).tolist() == [5, 6, 7, 5, 5, 6, 5]
    assert tg._match_ids(rows, 2, 6).tolist() == [7, 5, 5, 6]  # a match begun before the region continues
    assert tg._match_ids([], 0, 3).tolist() == [5, 5, 5]


def test_a_model_trained_with_a_tagger_marks_the_version_when_the_tagger_file_is_missing(monkeypatch):
    """A package whose model names a span proposer but lacks its file proposes fewer names: its
    version carries ``.t0`` so a store re-extracts rather than mixing the two extractors' output."""
    from types import SimpleNamespace

    from skillgap.extractors import extract as extract_mod
    from skillgap.extractors import tagger as tagger_mod

    model = SimpleNamespace(meta={"discover": True, "tagger": True})
    monkeypatch.setitem(tagger_mod._BUNDLED, "bundled", None)
    assert extract_mod._discover_tag(True, model).endswith(".t0")  # type: ignore[arg-type]
    assert extract_mod._discover_tag(False, model) == ".d0"  # type: ignore[arg-type]
    monkeypatch.setitem(tagger_mod._BUNDLED, "bundled", _tagger({}))
    assert extract_mod._discover_tag(True, model) == ""  # type: ignore[arg-type]


LONG_TEXT = """Platform Engineer

Responsibilities
- Own the Quuxly ingestion service and its Zorblax exporters.
- Pair with analysts on Python notebooks, SQL views and Flimflam dashboards every week.

Requirements
* 3+ years with Python, SQL or Grommet Studio
* Comfortable with Zorblax, Quuxly Streams (or Snarf) and good communication
1. Hands-on work with Borkdb / Wibble-ML in production
Nice prose line about building Flimflam pipelines and Grommet jobs.

Preferred
- Grommet Studio certification, Snarf Cloud, Quuxly

About us
We build Flimflam for cats.
"""


def _reference_spans(tg, text, words, starts, layout, rows, by_key):
    """What :meth:`Tagger.spans` should give, done the long way: region by region through the
    slot table (:meth:`Tagger.ids`, :meth:`Tagger.probabilities`), decoded token by token."""
    from skillgap.extractors.discover import MAX_WORDS, normalised_name, tagged_name_ok
    from skillgap.extractors.pipeline import MatchRow
    from skillgap.extractors.sections import DROPPED_SECTIONS
    from skillgap.extractors.tagger import bucket, regions
    from skillgap.extractors.taxonomy import normalize_key

    taken = {t for r in rows for t in range(r.tok_start, r.tok_end)}
    out = []
    for a, b, section in regions(starts, layout, tg.sections):
        ca, cb = max(0, a - 2), min(len(words), b + 2)
        P = tg.probabilities(tg.ids(words, ca, cb, section, rows))[a - ca : b - ca]
        inside = 1.0 - P[:, 0]
        t = 0
        while t < len(P):
            if inside[t] < tg.threshold:
                t += 1
                continue
            e = t + 1
            while e < len(P) and inside[e] >= tg.threshold and not P[e, 1] > P[e, 2]:
                e += 1
            score = float(inside[t:e].mean())
            ts, te, t = a + t, a + e, e
            while ts < te and not any(ch.isalnum() for ch in words[ts]):
                ts += 1
            while te > ts and not any(ch.isalnum() for ch in words[te - 1]):
                te -= 1
            if ts >= te or taken & set(range(ts, te)) or any("\n" in w for w in words[ts:te]):
                continue
            if not 1 <= sum(1 for w in words[ts:te] if w.strip()) <= MAX_WORDS:
                continue
            s, e_ = starts[ts], starts[te - 1] + len(words[te - 1])
            surface = text[s:e_]
            if layout.section_at(s) in DROPPED_SECTIONS or not tagged_name_ok(surface) or normalize_key(surface) in by_key:
                continue
            out.append(MatchRow(ts, te, s, e_, normalised_name(surface), TAG_LABEL + bucket(score)))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_spans_in_one_pass_equal_the_slot_table_region_by_region(tax, seed, monkeypatch):
    """The fast path (per-word and context tables, all regions at once, vectorised decoding) gives
    the spans of the plain slot-table computation, on random weights over every feature of a text
    with several sections, bullets, numbered items and vocabulary matches."""
    from skillgap.extractors.tagger import token_keys

    ex = Extractor(tax, skill_model=None, discover=True)
    calls = []
    spans = Tagger.spans

    def record(self, *args):
        calls.append(args)
        return spans(self, *args)

    monkeypatch.setattr(Tagger, "spans", record)
    ex.tagger = _tagger({})
    ex.candidate_features("Platform Engineer", LONG_TEXT)
    text, words, starts, layout, rows, by_key = calls[0]
    assert rows  # Python, SQL, communication are vocabulary matches
    sections = ("requirements", "preferred", "responsibilities", "other")
    names = ["<pad>", "w=?", "s=?", "x=?", "p=?", "m=", "m=B", "m=I"]
    names += sorted({k for w in words for k in token_keys(w)} | {f"l={s}|{c}" for s in sections for c in _LINE_CODES})
    rng = np.random.default_rng(seed)
    W = rng.normal(0.0, 1.5, (len(OFFSETS), len(names), 3)).astype(np.float32)
    W[:, 0] = 0.0
    tg = Tagger(index={n: i for i, n in enumerate(names)}, W=W, b=np.array([1.0, -1.0, -1.0], dtype=np.float32), threshold=0.3,
                sections=frozenset(sections))
    got = spans(tg, text, words, starts, layout, rows, by_key)
    assert got == _reference_spans(tg, text, words, starts, layout, rows, by_key)
    assert spans(tg, text, words, starts, layout, rows, by_key) == got  # the caches filled by the first call change nothing
    if seed == 0:
        assert len(got) >= 3  # the comparison has something to compare
