"""Docs that cannot drift: every gap-report option and every scoring constant is in docs/gap-report.md."""

from __future__ import annotations

from pathlib import Path

import click
import typer.main

from skillgap.analysis import coverage, graph
from skillgap.analysis.cli import app
from skillgap.analysis.learning import load_learning

DOC = (Path(__file__).resolve().parents[1] / "docs" / "gap-report.md").read_text(encoding="utf-8")


def test_every_gap_report_option_is_documented():
    command = typer.main.get_command(app)
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in DOC, opt


def test_scoring_constants_match_the_documented_formula():
    assert coverage.UNLOCK_THRESHOLD == 0.5 and "50 %" in DOC
    assert graph.PARENT_CREDIT == 0.5 and graph.OVERLAP_CREDIT == 0.5 and graph.MAX_HOPS == 2
    assert "fit(c) = (requirements of c you meet) / (requirements of c)" in DOC
    assert ("credit(t) = 1 listed or implied by a listed tool · 0.5 one step (narrower or overlapping skill listed) "
            "· 0.25 two steps up · else 0; only credit 1 counts as met") in DOC
    assert graph.FULL_CREDIT == coverage.MET_AT + 1e-9 == 1.0
    assert coverage.PLAN_STEPS == 5 and "five steps" in DOC


def test_learning_paths_cover_every_taxonomy_category():
    from skillgap.extractors.taxonomy import load_taxonomy

    learning = load_learning()
    missing = set(load_taxonomy().categories) - set(learning.categories)
    assert not missing, f"data/learning.yaml has no paths for categories {sorted(missing)}"
    providers = {r.provider for rs in learning.categories.values() for r in rs}
    assert {"Kaggle Learn", "Coursera", "edX", "Udacity", "DataQuest", "LinkedIn Learning"} <= providers
    assert all(r.url.startswith("https://") for rs in learning.categories.values() for r in rs)


def test_learning_links_never_offer_a_course_for_a_skill_the_profile_lists():
    learning = load_learning()
    plain = [r.url for r in learning.for_skill("Polars", "library")]
    assert "https://www.kaggle.com/learn/pandas" in plain  # the category's path, for someone without pandas
    mine = [r.url for r in learning.for_skill("Polars", "library", listed=["pandas", "Python"])]
    assert "https://www.kaggle.com/learn/pandas" not in mine and "https://www.kaggle.com/learn/python" not in mine
    assert any("query=Polars" in u for u in mine)  # the links point at the skill itself
    assert "https://www.kaggle.com/learn/pandas" in [r.url for r in learning.for_skill("pandas", "library",
                                                                                        listed=["pandas"])]
