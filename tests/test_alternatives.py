"""Alternatives a posting offers ("AWS, GCP or Azure"): one group id per run, on text we wrote."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from skillgap.extractors import alternatives

CATS = {"AWS": "cloud", "GCP": "cloud", "Azure": "cloud", "Python": "language", "R": "language",
        "SQL": "language", "PyTorch": "framework", "TensorFlow": "framework", "Docker": "tool",
        "Spark": "framework", "Flink": "framework", "Beam": "framework", "S3": "cloud", "ECS": "cloud",
        "SageMaker": "cloud"}


@dataclass(frozen=True)
class M:
    skill: str
    category: str
    start: int
    end: int
    evidence: str
    alt_group: int | None = None


def mentions(text: str) -> tuple[M, ...]:
    out = []
    for name in CATS:
        for hit in re.finditer(rf"(?<!\w){re.escape(name)}(?![\w])", text):
            out.append(M(name, CATS[name], hit.start(), hit.end(), text))
    return tuple(sorted(out, key=lambda m: m.start))


def grouped(text: str) -> list[set[str]]:
    ms = alternatives.assign(text, mentions(text))
    by: dict[int, set[str]] = {}
    for m in ms:
        if m.alt_group is not None:
            by.setdefault(m.alt_group, set()).add(m.skill)
    return list(by.values())


@pytest.mark.parametrize("text,want", [
    ("Hands-on work with AWS, GCP or Azure is expected.", [{"AWS", "GCP", "Azure"}]),
    ("You write Python or R every day.", [{"Python", "R"}]),
    ("Models in PyTorch/TensorFlow.", [{"PyTorch", "TensorFlow"}]),
    ("Experience with one of Spark, Flink, Beam.", [{"Spark", "Flink", "Beam"}]),
    ("Cloud (AWS and/or GCP) experience.", [{"AWS", "GCP"}]),
    ("Some exposure to AWS (S3, ECS or SageMaker).", [{"S3", "ECS", "SageMaker"}]),  # the head is no alternative
])
def test_alternatives_are_grouped(text, want):
    assert grouped(text) == want


@pytest.mark.parametrize("text", [
    "You know Python, SQL and Spark.",          # "and": all three are asked for
    "We use Python or Docker for this.",         # different kinds of thing: two requirements
    "Skills: AWS, GCP, Azure.",                  # a plain list without "or" or "one of"
    "Python is a must. R or not, we care.",      # one mention each side of a sentence end
])
def test_lists_that_are_not_alternatives_stay_apart(text):
    assert grouped(text) == []


def test_each_run_gets_its_own_group_id():
    text = "Either AWS or GCP; also Python or R."
    ms = alternatives.assign(text, mentions(text))
    ids = {m.skill: m.alt_group for m in ms}
    assert ids["AWS"] == ids["GCP"] and ids["Python"] == ids["R"] and ids["AWS"] != ids["Python"]
