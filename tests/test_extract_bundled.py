"""The extractor on the bundled taxonomy (``data/taxonomy.yaml``): every form matches itself,
the ambiguous names are gated both ways, and the version carries the taxonomy digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if not (ROOT / "data" / "taxonomy.yaml").exists():  # pragma: no cover - while it is being written
    pytest.skip("data/taxonomy.yaml is not there yet", allow_module_level=True)

from skillgap.extractors.extract import EXTRACTOR_VERSION, RULES_VERSION, taxonomy_digest  # noqa: E402
from skillgap.extractors.pipeline import SPANS_KEY  # noqa: E402
from skillgap.extractors.taxonomy import load_taxonomy  # noqa: E402


def test_version_includes_the_bundled_taxonomy_vocabulary_lexicon_and_model_digests(ex):
    # rules 2.0: the derived vocabulary and the skill model are part of the version too; 2.8: the
    # labelled-names lexicon
    vocab = ROOT / "data" / "vocab"
    content = (ROOT / "data" / "taxonomy.yaml").read_bytes() + (vocab / "skills.tsv.gz").read_bytes() + (vocab / "labelled.tsv.gz").read_bytes()
    model = hashlib.sha256((ROOT / "data" / "models" / "skills" / "model.json.gz").read_bytes()).hexdigest()
    assert EXTRACTOR_VERSION.startswith(f"{RULES_VERSION}+{taxonomy_digest(content)[:8]}.m{model[:8]}")
    assert ex.version == EXTRACTOR_VERSION


def test_every_ungated_form_matches_its_own_skill(ex):
    """Tokenizer and patterns agree: each form, alone in a sentence, is found as its skill
    (or as a longer/equal form of another skill that contains it). Curated forms; the derived
    vocabulary is checked in test_skill_candidates.py."""
    tax = load_taxonomy(extended=False)
    cases = []
    for s in tax.skills:
        for form in s.forms:
            if s.gate is not None and form in s.gate_forms:
                continue
            cases.append((s.name, form))
    texts = [f"Experience with {form} is required" for _, form in cases]
    bad = []
    for (name, form), doc in zip(cases, ex.nlp.pipe(texts, batch_size=256)):
        spans = list(doc.spans[SPANS_KEY])
        start = len("Experience with ")
        hit = [sp for sp in spans if sp.start_char <= start < sp.end_char]
        if not hit or (hit[0].id_ != name and hit[0].end_char - hit[0].start_char <= len(form)):
            bad.append((name, form, [(sp.text, sp.id_) for sp in spans]))
    assert not bad, bad[:20]


@pytest.mark.parametrize(
    "text, skill, keep",
    [
        ("Proficiency in Python, R and SQL.", "R", True),
        ("Our R&D group ships chips.", "R", False),
        ("Services in Go and Python.", "Go", True),
        ("You will go to customer sites.", "Go", False),
        ("Programming in C/C++.", "C", True),
        ("Present to C-level executives.", "C", False),
        ("Big data processing with Spark and Hadoop.", "Spark", True),
        ("Ideas that spark curiosity.", "Spark", False),
        ("Advanced Excel and SQL skills.", "Excel", True),
        ("You excel in fast-paced environments.", "Excel", False),
        ("Please send your CV and cover letter.", "computer vision", False),
        # software-engineering tools added in rules 1.2: the common-word names are gated
        ("Desktop apps in Electron and React.", "Electron", True),
        ("An electron microscope is on site.", "Electron", False),
        ("Unit tests with Jest, Enzyme and Mocha.", "Enzyme", True),
        ("Knowledge of enzyme kinetics.", "Enzyme", False),
        ("Build pipelines with Gulp and Webpack.", "Gulp", True),
        ("Take a gulp of fresh air.", "Gulp", False),
        ("Debug traffic with Wireshark.", "Wireshark", True),
        ("Monitoring with Dynatrace or AppDynamics.", "AppDynamics", True),
        ("Design for high availability and disaster recovery.", "disaster recovery", True),
        ("You will use cutting-edge AI tools.", "edge AI", False),
    ],
)
def test_bundled_gates_both_ways(ex, text, skill, keep):
    got = [m.skill for m in ex.extract(title="Data Scientist", description=text).skills]
    assert (skill in got) is keep, got


def test_resolve_only_forms_are_never_kept_by_the_rules_alone():
    from skillgap.extractors.extract import Extractor

    rules = Extractor(skill_model=None)
    tax = load_taxonomy()
    forms = [(s.name, f) for s in tax.skills if s.gate == "resolve_only" for f in s.gate_forms]
    assert len(forms) > 10
    for name, form in forms:
        got = [m.skill for m in rules.extract(title="", description=f"Experience with {form} and Python.").skills]
        assert name not in got or form.lower() != name.lower(), form


def test_resolve_only_form_reaches_the_model_as_a_flagged_candidate(ex):
    # rules 2.9: "data science", "AI", "Oracle" are candidates the model judges, flagged resolve_only
    # (never kept by the rules; a drop flag: its weight can only count against the candidate)
    text, cands = ex.candidate_features("", "Experience with data science, AI and Oracle.")
    got = {text[c["start"] : c["end"]]: c for c in cands}
    for surface, skill in (("data science", "data science"), ("AI", "artificial intelligence"), ("Oracle", "Oracle Database")):
        assert got[surface]["skill"] == skill and not got[surface]["rule_keep"]
        assert "f=resolve_only" in got[surface]["features"]


@pytest.mark.parametrize(
    "text, skill",
    [
        ("Strong C++ skills.", "C++"),
        ("Experience with C# and .NET.", "C#"),
        ("Own the CI/CD pipelines.", "CI/CD"),
        ("Run A/B testing.", "A/B testing"),
        ("Fluent in scikit-learn.", "scikit-learn"),
        ("Backend in Node.js.", "Node.js"),
    ],
)
def test_bundled_tricky_forms(ex, text, skill):
    got = {m.skill: m for m in ex.extract(title="", description=text).skills}
    assert skill in got
    m = got[skill]
    assert text[m.start : m.end] == m.text
