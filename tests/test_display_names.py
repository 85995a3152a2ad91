"""Lower-cased vocabulary names are shown as the postings spell them ("mujoco" -> "MuJoCo") in
text, Markdown and HTML; JSON keeps the canonical names and adds ``display_names``."""

from __future__ import annotations

import json

import duckdb

from skillgap.analysis.api import generate, render
from skillgap.analysis.display import _spelled
from tests.factories import P, make_db


def test_a_spelling_counts_only_when_it_is_more_than_a_sentence_start():
    assert _spelled("MuJoCo", "mujoco") and _spelled("SNOMED CT", "snomed ct") and _spelled("Isaac Sim", "isaac sim")
    assert not _spelled("Mujoco", "mujoco")  # a capitalised first letter: a sentence start
    assert not _spelled("mujoco", "mujoco") and not _spelled("MuJoCo sim", "mujoco")


def test_reports_show_the_postings_spelling_of_lowercased_vocabulary_names(tmp_path):
    posts = [P(title=f"Robotics Intern {i}", company=f"C{i}",
               skills={"Python": "required", "mujoco": "required", "isaac sim": "required", "deep learning": "required"})
             for i in range(4)]
    db = make_db(tmp_path, posts)
    con = duckdb.connect(str(db))
    con.execute("UPDATE skill_mentions SET text = 'MuJoCo' WHERE skill = 'mujoco'")
    # 'Isaac Sim' in three of four mentions; 'deep learning' is curated: never respelled
    con.execute("UPDATE skill_mentions SET text = 'Isaac Sim' WHERE skill = 'isaac sim' AND posting_id NOT LIKE '%1000'")
    con.execute("UPDATE skill_mentions SET text = 'Deep Learning' WHERE skill = 'deep learning'")
    con.close()
    prof = tmp_path / "me.yaml"
    prof.write_text("skills: [Python]\n", encoding="utf-8")
    doc, _ = generate(profile=prof, db=db)
    assert doc["display_names"] == {"mujoco": "MuJoCo", "isaac sim": "Isaac Sim"}
    for fmt in ("text", "md", "html"):
        out = render(doc, fmt, width=120)
        assert "MuJoCo" in out and "Isaac Sim" in out, fmt
        assert "deep learning" in out, fmt  # (learning links may say "Deep Learning")
    data = json.loads(render(doc, "json"))
    assert {"mujoco", "isaac sim"} <= {g["skill"] for g in data["gaps"]}  # canonical names in JSON fields


def test_reports_show_a_discovered_name_as_its_most_common_surface(tmp_path):
    posts = [P(title=f"Data Engineer {i}", company=f"C{i}",
               skills={"Python": "required", "event sourcing": "required"}, categories={"event sourcing": "discovered"})
             for i in range(4)]
    db = make_db(tmp_path, posts)
    con = duckdb.connect(str(db))
    con.execute("UPDATE skill_mentions SET text = 'Event Sourcing' WHERE skill = 'event sourcing'")
    con.execute("UPDATE discovered_skills SET display = 'Event Sourcing'")  # the store wrote the surface as stored
    con.close()
    prof = tmp_path / "me.yaml"
    prof.write_text("skills: [Python]\n", encoding="utf-8")
    doc, _ = generate(profile=prof, db=db)
    assert doc["display_names"] == {"event sourcing": "Event Sourcing"}
    assert "Event Sourcing" in render(doc, "text", width=120)
