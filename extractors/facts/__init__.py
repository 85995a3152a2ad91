"""Parsers for facts stated in a posting, one module per fact: :mod:`.years` and :mod:`.years_paths` (years of
experience), :mod:`.degree`, :mod:`.salary`, :mod:`.visa`, :mod:`.remote`.

Pure functions of text (plus, where it helps, the section layout from :mod:`skillgap.extractors.sections`).
Every public name stays importable from ``skillgap.extractors.facts``.
"""

from __future__ import annotations

from skillgap.extractors.facts.degree import DEGREE_LEVELS, parse_degree
from skillgap.extractors.facts.remote import parse_remote
from skillgap.extractors.facts.salary import ANNUAL_FACTORS, Salary, parse_salary, salary_from_fields
from skillgap.extractors.facts.visa import parse_visa
from skillgap.extractors.facts.years import YearsMention, parse_years
from skillgap.extractors.facts.years_paths import years_min, years_min_graduate

__all__ = [
    "Salary",
    "YearsMention",
    "parse_years",
    "years_min",
    "years_min_graduate",
    "parse_degree",
    "parse_salary",
    "salary_from_fields",
    "parse_visa",
    "parse_remote",
    "ANNUAL_FACTORS",
    "DEGREE_LEVELS",
]
