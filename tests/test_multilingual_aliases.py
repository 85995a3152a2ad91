"""Dutch, French and German aliases of curated skills (issue 17): a posting in those languages
names common skills in its own words ("communicatieve vaardigheden", "esprit d'équipe",
"Teamfähigkeit"), and they must reach the model as candidates of the English canonical skill.
Accents, ß/ü and both apostrophes (' and ’) must match. Sentences written for these tests."""

from __future__ import annotations

import pytest

from skillgap.extractors.taxonomy import load_taxonomy

EXTRACTOR_OPTIONS = {"skill_model": None}  # the candidate stage only: no learned decision


def candidate_skills(ex, text: str) -> set[str]:
    _text, cands = ex.candidate_features("", text)
    return {c["skill"] for c in cands}


DUTCH = (
    "Profiel\n"
    "- Je bent communicatief en een echte teamspeler.\n"
    "- Je hebt een sterk analytisch denkvermogen en probleemoplossende vaardigheden.\n"
    "- Ervaring met datamodellering, datakwaliteit en rapportering.\n"
    "- Je bent leergierig, klantgericht en kan zelfstandig werken.\n"
)
FRENCH = (
    "Profil\n"
    "- Vous avez l'esprit d'équipe et de bonnes capacités d’analyse.\n"
    "- Vous maîtrisez la modélisation des données et la qualité des données.\n"
    "- Rigoureux, curieux et doté d'un esprit critique.\n"
    "- Vous savez travailler en toute autonomie et êtes force de proposition.\n"
    "- Connaissance de l’IA générative et des tests unitaires.\n"
)
GERMAN = (
    "Dein Profil\n"
    "- Hohe Kommunikationsfähigkeit und Teamfähigkeit\n"
    "- Analytisches Denkvermögen und Lösungsorientierung\n"
    "- Erfahrung mit Datenmodellierung und Datenqualität\n"
    "- Selbstständige Arbeitsweise, Lernbereitschaft und Kundenorientierung\n"
    "- Kenntnisse in generativer KI und maschinellem Lernen\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DUTCH, {"communication", "teamwork", "analytical skills", "problem solving", "data modeling",
                 "data quality", "reporting and analytics", "growth mindset", "customer focus",
                 "working independently"}),
        (FRENCH, {"teamwork", "analytical skills", "data modeling", "data quality", "attention to detail",
                  "curiosity", "critical thinking", "working independently", "self-motivation", "generative AI",
                  "unit testing"}),
        (GERMAN, {"communication", "teamwork", "analytical skills", "problem solving", "data modeling",
                  "data quality", "growth mindset", "customer focus", "generative AI", "machine learning"}),
    ],
    ids=["dutch", "french", "german"],
)
def test_posting_language_skill_phrases_are_candidates_of_the_english_skill(ex, text, expected):
    got = candidate_skills(ex, text)
    assert expected <= got, sorted(expected - got)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_french_forms_match_with_either_apostrophe_and_after_an_elided_article(ex, apostrophe):
    text = f"Profil\n- Esprit d{apostrophe}équipe, esprit d{apostrophe}analyse et sens de l{apostrophe}organisation.\n"
    assert {"teamwork", "analytical skills", "organizational skills"} <= candidate_skills(ex, text)
    elided = f"Profil\n- Expérience de l{apostrophe}analyse des données et de l{apostrophe}intelligence artificielle.\n"
    assert {"data analysis", "artificial intelligence"} <= candidate_skills(ex, elided)


def test_accented_and_sharp_s_forms_match_only_with_their_letters(ex):
    # "é", "ü", "ä" are part of the word: the form matches as written (any case) ...
    assert "teamwork" in candidate_skills(ex, "Requirements\n- TEAMFÄHIGKEIT und Teamgeist\n")
    assert "working independently" in candidate_skills(ex, "Requirements\n- selbständiges Arbeiten\n")
    # ... and a word that only shares a prefix with a form is no match
    assert "teamwork" not in candidate_skills(ex, "Requirements\n- Teamfähigkeitstraining im Angebot\n")


def test_english_near_misses_of_the_new_forms_are_no_candidates(ex):
    text = (
        "About us\n"
        "We build autonomous vehicles on critical infrastructure, with flexible hours and a communicative"
        " culture. Our analytic reports are tested by an independent lab; a teamplay event"
        " closes each quarter.\n"
    )
    got = candidate_skills(ex, text)
    new_only = {"critical thinking", "working independently", "adaptability", "communication", "teamwork",
                "reporting and analytics", "analytical skills", "software testing"}
    assert not (got & new_only), sorted(got & new_only)


def test_new_aliases_resolve_to_existing_skills_and_add_no_skill():
    tax = load_taxonomy(extended=False)
    for form, name in [
        ("communicatieve vaardigheden", "communication"),
        ("esprit d’équipe", "teamwork"),
        ("esprit d'équipe", "teamwork"),
        ("Teamfähigkeit", "teamwork"),
        ("analytisch denkvermogen", "analytical skills"),
        ("capacités d'analyse", "analytical skills"),
        ("datamodellering", "data modeling"),
        ("rapportering", "reporting and analytics"),
        ("IA générative", "generative AI"),
    ]:
        skill = tax.resolve(form)
        assert skill is not None and skill.name == name, form
    assert tax.get("esprit d'équipe") is None  # an alias, not a canonical skill
