"""Profiles read as people write them: a skill with no level, skills named after a listed one
("git workflows" for a Git user), no credit offered for what is listed, suggestions from names
people list."""

from __future__ import annotations

import pytest

from skillgap.analysis.api import generate
from skillgap.analysis.covered import covered_by
from skillgap.analysis.profile import load_profile
from tests.factories import P, make_db


def write(tmp_path, text, name="me.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_skill_with_no_level_is_intermediate(tmp_path):
    prof = load_profile(write(tmp_path, "skills:\n  git:\n  python: advanced\n"), taxonomy=None)
    assert dict(prof.skills) == {"git": "intermediate", "python": "advanced"}


@pytest.mark.parametrize("name", ["git workflows", "git branching strategies", "Git GUI", "git workflow"])
def test_a_listed_skill_covers_its_name_plus_facet_words(name):
    assert covered_by({"Git": ("git version control",)}, [name]) == {name: "Git"}


@pytest.mark.parametrize("name", ["git & github", "gitlab ci", "sql server", "linux kernel modules", "digit workflows"])
def test_another_skill_is_never_covered(name):
    assert covered_by({"Git": (), "SQL": (), "Linux": ()}, [name]) == {}


def test_versions_and_aliases_count_short_names_and_curated_skills_never():
    assert covered_by({"Java": ()}, ["java 17", "java 8+", "java 17 / 21"]) == {
        "java 17": "Java", "java 8+": "Java", "java 17 / 21": "Java"}
    assert covered_by({"scikit-learn": ("sklearn",)}, ["sklearn basics"]) == {"sklearn basics": "scikit-learn"}
    assert covered_by({"R": ()}, ["r programming"]) == {}  # a 1-letter name covers nothing
    assert covered_by({"Git": ()}, ["git workflows"], curated=["git workflows"]) == {}


def test_git_user_is_not_shown_git_workflows_missing(tmp_path):
    posts = [P(title=f"ML Engineer {i}", company=f"C{i}",
               skills={"Python": "required", "git workflows": "required", "Docker": "required"}) for i in range(3)]
    db = make_db(tmp_path, posts)
    rep, _ = generate(profile=write(tmp_path, "skills: [Python, Git]\n"), db=db)
    assert "git workflows" not in {g["skill"] for g in rep["gaps"]}
    assert all("git workflows" not in m["missing_skills"] for m in rep["matches"])
    assert rep["profile"]["covered"] == {"git workflows": "Git"}
    assert "git workflows" not in rep["profile"]["skills"]
    # both ways: without Git it is a gap
    rep, _ = generate(profile=write(tmp_path, "skills: [Python]\n"), db=db)
    assert "git workflows" in {g["skill"] for g in rep["gaps"]}


def test_explain_offers_no_credit_for_a_skill_the_profile_lists(tmp_path):
    from skillgap.extractors.taxonomy import load_taxonomy

    posts = [P(title=f"Data Scientist {i}", company=f"C{i}", skills={"pandas": "required", "SQL": "required"})
             for i in range(3)]
    db = make_db(tmp_path, posts, taxonomy=load_taxonomy())
    doc, _ = generate(profile=write(tmp_path, "skills: [Python, SQL]\n"), db=db, explain="pandas")
    assert "Python" not in {i["skill"] for i in doc["implies"]}
    doc, _ = generate(profile=write(tmp_path, "skills: [SQL]\n", name="other.yaml"), db=db, explain="pandas")
    assert "Python" in {i["skill"] for i in doc["implies"]}


def test_typo_suggestions_are_names_people_list(tmp_path):
    from skillgap.extractors.taxonomy import load_taxonomy

    curated = {s.name for s in load_taxonomy(extended=False).skills}
    db = make_db(tmp_path, [P(skills={"Python": "required"})])
    _, prof = generate(profile=write(tmp_path, "skills: [pyhton, pytroch, dokcer, tensorflw, gti]\n"), db=db)
    suggested = [s for w in prof.warnings for s in w.split("did you mean: ")[1].rstrip("?").split(", ")]
    assert suggested and set(suggested) <= curated
    assert "ptr" not in suggested
    firsts = {w.split("'")[1]: w.split("did you mean: ")[1].split(",")[0].rstrip("?") for w in prof.warnings}
    assert firsts["pyhton"] == "Python" and firsts["pytroch"] == "PyTorch" and firsts["dokcer"] == "Docker"
