"""Whether a skill name outside the curated taxonomy is a soft skill or a hard one.

One rule for every name the curated taxonomy does not list: the derived vocabulary's entries
(``training/skills/build_vocab.py`` writes their kind into ``data/vocab``) and the names found in
postings beyond both (``discover.py``; the store keeps their kind in ``discovered_skills``, which
the ``skills`` view and trends' hard-skill table read). Soft when the name holds a soft-skill word
("communication", "self-starter", "decision-making"), or the whole name is a trait of the person
("independence", "autonomy", "results-oriented"), or it is a curated soft skill followed by
"skills" ("project management skills" when project management were soft); otherwise hard. The
trait words match the whole name only, so "autonomous systems", "due diligence" and "data
persistence" stay hard.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from skillgap.extractors.taxonomy import normalize_key

__all__ = ["name_kind"]

_SOFT = re.compile(
    r"\b(?:communicat\w*|leadership|teamwork|team player|collaborat\w*|interpersonal|problem[- ]solving|"
    r"creativ\w*|curios\w*|adaptab\w*|flexib\w*|empath\w*|attention to detail|time management|"
    r"critical thinking|mindset|attitude|motivat\w*|initiative|ownership|negotiat\w*|presentation skills|"
    r"public speaking|listening|organi[sz]ational skills|work ethic|self[- ]starter|proactiv\w*|"
    r"resilien\w*|integrity|accountab\w*|mentor\w*|coaching|storytelling|emotional intelligence|"
    r"customer focus|relationship building|stakeholder management|decision[- ]making|multi-?task\w*|"
    r"written|verbal|soft skills?|people skills|conflict resolution|judg(?:e)?ment|patience)\b",
    re.I,
)
# (rules 2.13) A whole name that is a trait of the person, not a skill to learn.
_TRAIT = re.compile(
    r"(?:independen(?:ce|t)|autonomy|autonomous|assertive(?:ness)?|discretion|diligen(?:ce|t)|dependab(?:le|ility)|reliable|"
    r"versatil(?:e|ity)|ambitio(?:n|us)|persisten(?:t|ce)|perseverance|tenacity|tenacious|enthusias(?:m|tic)|punctual(?:ity)?|"
    r"humility|humble|honesty|intellectual honesty|professionalism|entrepreneurial|proactive|"
    r"self[- ]?(?:motivated|driven|directed|starter|reliant)|"
    r"(?:the )?(?:ability to )?work(?:ing)? (?:independently|autonomously|under pressure)|independent(?:ly)? work(?:ing)?(?: style)?|"
    r"(?:performance|task execution) under pressure|entrepreneurial (?:spirit|drive|thinking|mindset|skills)|"
    r"(?:customer|client)[- ](?:orient(?:ed|ation)|focus(?:ed)?)(?: thinking)?|customer service orientation|"
    r"results?[- ]oriented|(?:organi[sz]ed|structured) (?:and|&) detail[- ]oriented|team (?:building|cooperation|spirit)|"
    r"enthusiasm (?:to|for) learn(?:ing)?|open[- ]minded(?:ness)?|positive attitude)",
    re.I,
)
_SKILLS_TAIL = re.compile(r"^(.+?)\s+skills?$", re.I)


def name_kind(name: str, soft_forms: Collection[str] = ()) -> str:
    """"soft" or "hard" for a skill name (any case); ``soft_forms``: the ``normalize_key`` forms
    of the curated soft skills (names and aliases), for the "<soft skill> skills" rule."""
    low = name.strip().lower()
    tail = _SKILLS_TAIL.match(low)
    soft = _SOFT.search(low) or _TRAIT.fullmatch(low) or (tail and normalize_key(tail.group(1)) in soft_forms)
    return "soft" if soft else "hard"
