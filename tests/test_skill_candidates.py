"""Skill candidates from the derived vocabulary (data/vocab): loaded with the bundled taxonomy,
every entry resolvable with a category and a kind, curated entries win, junk filtered out, the
matcher finds derived forms, and everything extraction emits resolves (so the store's `skills`
view lists it). Runs without ../shared."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from skillgap.extractors.pipeline import SPANS_KEY
from skillgap.extractors.taxonomy import VOCAB_CATEGORY, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def derived(tax):
    return [s for s in tax.skills if s.origin != "curated"]


def test_bundled_taxonomy_adds_tens_of_thousands_of_derived_skills(tax):
    curated = load_taxonomy(extended=False)
    assert len(derived(tax)) > 20_000
    assert len(tax) == len(curated) + len(derived(tax))
    # rules 2.8: "labelled", the new names of the labelled-names lexicon (data/vocab/labelled.tsv.gz)
    assert {s.origin for s in derived(tax)} <= {"onet", "gaz", "onet+gaz", "labelled"}


def test_every_derived_skill_has_a_declared_category_and_a_kind(tax):
    cats = set(tax.categories)
    assert VOCAB_CATEGORY in cats
    for s in derived(tax):
        assert s.category in cats and s.kind in ("hard", "soft"), s
    soft = [s for s in derived(tax) if s.kind == "soft"]
    assert soft and all(s.category == "soft_skill" for s in soft)


def test_curated_entries_win_over_derived_spellings(tax):
    for name in ("python", "PyTorch", "sklearn", "Kubernetes"):
        assert tax.resolve(name).origin == "curated"


@pytest.mark.parametrize("word", ["English", "Spanish", "data", "software", "tools", "business", "software engineer", "data scientist"])
def test_spoken_languages_generic_words_and_job_titles_are_not_derived_skills(tax, word):
    s = tax.resolve(word)
    assert s is None or s.origin == "curated"


def test_vocabulary_and_model_files_are_compact():
    assert (ROOT / "data" / "vocab" / "skills.tsv.gz").stat().st_size < 3_000_000
    assert (ROOT / "data" / "models" / "skills" / "model.json.gz").stat().st_size < 3_000_000
    assert "CC BY 4.0" in (ROOT / "data" / "vocab" / "CREDITS.md").read_text(encoding="utf-8")


def test_derived_forms_are_found_by_the_matcher(ex, tax):
    sample = random.Random(3).sample(derived(tax), 400)
    texts = [f"Experience with {s.name} is required" for s in sample]
    missed = []
    start = len("Experience with ")
    for s, doc in zip(sample, ex.nlp.pipe(texts)):
        if not any(sp.start_char <= start < sp.end_char for sp in doc.spans[SPANS_KEY]):
            missed.append(s.name)
    assert len(missed) <= 8, missed  # a few spell the same key as a longer curated form


def test_derived_entry_matches_its_own_form_not_another_entrys_plural(ex, tax):
    # an entry that looks like another one's plural keeps its own skill
    for s in derived(tax):
        if s.name.endswith("s") and tax.get(s.name[:-1]) is not None and tax.get(s.name[:-1]).origin != "curated":
            doc = ex.nlp(f"Knowledge of {s.name} please")
            assert [sp.id_ for sp in doc.spans[SPANS_KEY]] == [s.name]
            break
    else:  # pragma: no cover - depends on the vocabulary
        pytest.skip("no such pair in the vocabulary")


def test_long_tail_tools_come_from_the_derived_vocabulary(ex, tax):
    r = ex.extract(
        title="Integration Engineer",
        description="Requirements:\n- Hands-on experience with NetSuite, Coupa and Guidewire\n- Experience with Python and SQL",
    )
    found = {m.text for m in r.skills}
    assert {"Python", "SQL"} <= found
    assert found - {"Python", "SQL"}, "a tool outside the curated taxonomy is found"
    assert any(tax.get(m.skill).origin != "curated" for m in r.skills)


def test_everything_extraction_emits_resolves_in_the_taxonomy_or_is_a_discovered_name(ex, tax):
    """A known skill resolves with its category; a name beyond both lists (rules 2.6) comes as
    category 'discovered' under its normalised surface (the store lists it in ``skills``)."""
    from skillgap.extractors.discover import DISCOVERED, normalised_name

    texts = [
        "Requirements:\n- Experience with event-driven architecture, webhooks and Jamf\n- Strong written communication",
        "What you'll do\n- Build dashboards in Looker and Power BI; write dbt models\n- Coach junior analysts",
        "Qualifications: Terraform, Ansible, Prometheus and Grafana. Nice to have: OpenTelemetry.",
    ]
    for text in texts:
        for m in ex.extract(title="Engineer", description=text).skills:
            if m.category == DISCOVERED:
                assert m.skill == normalised_name(m.text) and tax.resolve(m.text) is None, m
                continue
            s = tax.get(m.skill)
            assert s is not None, m
            assert m.category == s.category


def test_store_skills_view_lists_derived_skills(tmp_path, tax):
    from skillgap.pipelines.store import Store

    name = next(s.name for s in derived(tax) if s.origin == "onet")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.sync_taxonomy(tax)
        n = store.con.execute("SELECT count(*) FROM skills").fetchone()[0]
        row = store.con.execute("SELECT category, kind FROM skills WHERE skill = ?", [name]).fetchone()
    assert n == len(tax)
    assert row is not None and row[1] in ("hard", "soft")
