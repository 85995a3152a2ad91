"""Profile loading (CONTRACTS §6): clear errors (exit 2), aliases, warnings with suggestions."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from skillgap.analysis.cli import app
from skillgap.analysis.errors import ProfileError
from skillgap.analysis.profile import Profile, load_profile
from tests.factories import P, make_db


class FakeSkill:
    def __init__(self, name):
        self.name = name


class FakeTaxonomy:
    ALIASES = {"sklearn": "scikit-learn", "scikit-learn": "scikit-learn", "python": "Python",
               "torch": "PyTorch", "pytorch": "PyTorch", "docker": "Docker"}

    def resolve(self, name):
        hit = self.ALIASES.get(name.strip().casefold())
        return FakeSkill(hit) if hit else None

    def closest(self, name, n=3):
        return ["PyTorch", "Python"][:n] if name.lower().startswith("py") else []


def write(tmp_path, text, name="me.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping_with_levels_and_aliases_resolve_to_canonical(tmp_path):
    path = write(tmp_path, "skills:\n  python: advanced\n  sklearn: intermediate\n  torch: beginner\n")
    prof = load_profile(path, taxonomy=FakeTaxonomy())
    assert dict(prof.skills) == {"Python": "advanced", "scikit-learn": "intermediate", "PyTorch": "beginner"}
    assert prof.target_roles == ("ml",) and prof.seniority == ("intern", "entry")
    assert prof.has("SCIKIT-LEARN") and not prof.has("Docker")
    assert prof.warnings == ()


def test_list_form_and_duplicates_keep_the_highest_level(tmp_path):
    path = write(tmp_path, "skills: [python, Docker]\ntarget_roles: [ml, data]\nyears_experience: 1\n")
    prof = load_profile(path, taxonomy=FakeTaxonomy())
    assert dict(prof.skills) == {"Python": "intermediate", "Docker": "intermediate"}
    assert prof.years_experience == 1.0
    path = write(tmp_path, "skills:\n  pytorch: beginner\n  torch: advanced\n")
    assert dict(load_profile(path, taxonomy=FakeTaxonomy()).skills) == {"PyTorch": "advanced"}


def test_unknown_skill_is_a_warning_with_suggestions(tmp_path):
    path = write(tmp_path, "skills: [pytorh, python]\n")
    prof = load_profile(path, taxonomy=FakeTaxonomy())
    assert prof.unknown_skills == ("pytorh",)
    assert "pytorh" in prof.skills
    assert len(prof.warnings) == 1
    assert "unknown skill 'pytorh'" in prof.warnings[0] and "did you mean: PyTorch" in prof.warnings[0]
    assert str(path) in prof.warnings[0]


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("skills:\n  python: expert\n", ["skills.python", "'expert'", "beginner, intermediate, advanced"]),
        ("skills: [python]\nseniority: [junior]\n", ["seniority[0]", "'junior'", "intern, entry, mid, senior, unknown"]),
        ("skills: [python]\ntarget_roles: [ai]\n", ["target_roles[0]", "'ai'", "ml, data, other"]),
        ("skills: [python]\ntarget_roles: ml\n", ["target_roles", "a list of role families: ml, data, other"]),
        ("skills: [python]\nfavourite_colour: blue\n", ["unknown field 'favourite_colour'", "allowed fields: skills, target_roles"]),
        ("skills: python\n", ["field 'skills'", "a list of skill names, or a mapping"]),
        ("target_roles: [ml]\n", ["missing required field 'skills'"]),
        ("skills: [python]\nyears_experience: lots\n", ["years_experience", "a number >= 0"]),
        ("skills: [python]\nyears_experience: -2\n", ["years_experience", "a number >= 0"]),
        ("skills: [python]\nlocations: remote\n", ["locations", "a list of strings"]),
        ("skills: [python]\nseniority: []\n", ["seniority", "at least one"]),
        ("- just\n- a list\n", ["expected a mapping with fields skills"]),
        ("", ["empty"]),
        ("skills: [python\n", ["not valid YAML", "line 2"]),
    ],
)
def test_bad_profiles_name_file_field_and_allowed_values(tmp_path, text, needles):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile(path, taxonomy=FakeTaxonomy())
    msg = str(info.value)
    assert str(path) in msg
    for needle in needles:
        assert needle in msg, (needle, msg)
    assert info.value.exit_code == 2


def test_all_problems_are_reported_at_once(tmp_path):
    path = write(tmp_path, "skills:\n  python: expert\nseniority: [junior]\nfoo: 1\n")
    msg = str(pytest.raises(ProfileError, load_profile, path).value)
    assert "skills.python" in msg and "seniority[0]" in msg and "unknown field 'foo'" in msg


def test_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "nope.yaml")


# --- through the CLI: exit 2, one message, no traceback ---------------------------------------------

@pytest.fixture()
def db(tmp_path):
    return make_db(tmp_path, [P(title=f"ML {i}", company=f"C{i}", skills={"Python": "required"}) for i in range(3)])


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("skills:\n  python: expert\n", ["skills.python", "beginner, intermediate, advanced"]),
        ("skills: [python]\nseniority: [junior]\n", ["seniority[0]", "intern, entry"]),
        ("skills: [python]\nwat: 1\n", ["unknown field 'wat'"]),
        ("skills: [python\n", ["not valid YAML"]),
    ],
)
def test_cli_bad_profile_exits_2_without_traceback(tmp_path, db, text, needles):
    path = write(tmp_path, text)
    result = CliRunner().invoke(app, ["--profile", str(path), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    assert str(path) in result.stderr
    for needle in needles:
        assert needle in result.stderr
    assert result.stdout == ""


def test_cli_missing_profile_file_exits_2(tmp_path, db):
    result = CliRunner().invoke(app, ["--profile", str(tmp_path / "none.yaml"), "--db", str(db)])
    assert result.exit_code == 2 and "not found" in result.stderr and "Traceback" not in result.output


def test_cli_unknown_skill_warns_on_stderr_and_succeeds(tmp_path, db):
    path = write(tmp_path, "skills: [Pythn]\n")
    result = CliRunner().invoke(app, ["--profile", str(path), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "unknown skill 'Pythn'" in result.stderr and "Python" in result.stderr


def test_profile_to_json_is_sorted_and_complete():
    prof = Profile(skills={"b": "beginner", "A": "advanced"})
    data = prof.to_json()
    assert list(data["skills"]) == ["A", "b"]
    assert set(data) >= {"skills", "target_roles", "seniority", "locations", "years_experience"}


def test_levels_roles_and_seniority_are_case_insensitive(tmp_path):
    path = write(tmp_path, "skills:\n  Python: Advanced\ntarget_roles: [ML]\nseniority: [Entry]\ndegree: Bachelor\n")
    prof = load_profile(path, taxonomy=FakeTaxonomy())
    assert dict(prof.skills) == {"Python": "advanced"}
    assert prof.target_roles == ("ml",) and prof.seniority == ("entry",) and prof.degree == "bachelor"
