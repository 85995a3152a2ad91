"""What extraction returns: :class:`Extraction` per posting, :class:`SkillMention` per skill."""

from __future__ import annotations

from dataclasses import dataclass

from skillgap.extractors.facts import Salary

__all__ = ["Extraction", "SkillMention", "Salary"]


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill: str  # canonical name (taxonomy)
    category: str
    requirement: str  # "required" | "preferred"
    start: int  # offsets into Extraction.description_text
    end: int
    text: str  # the surface form, == description_text[start:end]
    evidence: str  # the sentence (or list line) containing the mention
    section: str  # requirements|preferred|responsibilities|other
    alt_group: int | None = None  # mentions sharing it are alternatives ("AWS, GCP or Azure"): extractors/alternatives.py


@dataclass(frozen=True, slots=True)
class Extraction:
    description_text: str
    skills: tuple[SkillMention, ...]
    role_family: str  # "ml" | "data" | "other"
    seniority: str  # "intern" | "entry" | "mid" | "senior" | "unknown"
    entry_level: bool
    years_min: float | None
    experience_inflated: bool
    degree: str | None  # lowest accepted: "none" | "bachelor" | "master" | "phd"; None if unstated
    salary: Salary | None
    visa_sponsorship: bool | None
    remote_type: str | None  # "remote" | "hybrid" | "onsite" | None
    html: bool = False  # the description was HTML (description_text was made from it)
    # years on the paths open to a bachelor's/master's graduate (a PhD-only path left out)
    years_min_graduate: float | None = None

    def skill_names(self) -> list[str]:
        """Distinct canonical skills in order of first mention."""
        return list(dict.fromkeys(m.skill for m in self.skills))
