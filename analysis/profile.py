"""Loading ``me.yaml`` (CONTRACTS §6) into a resolved, frozen :class:`Profile`.

Outside data enters here, so it is validated with pydantic; every problem is reported at once in
one message that names the file, the field and the allowed values (:class:`ProfileError`, exit 2).
Skill names resolve through the taxonomy (name or alias, case-insensitive) to canonical skills;
an unknown name is kept as written and produces a warning with the closest taxonomy names.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from skillgap.analysis.errors import ProfileError
from skillgap.userfiles import brief, clip, listing, load_user_yaml

Level = Literal["beginner", "intermediate", "advanced"]
RoleFamily = Literal["ml", "data", "other"]
Seniority = Literal["intern", "entry", "mid", "senior", "unknown"]
Degree = Literal["none", "bachelor", "master", "phd"]

LEVELS: tuple[str, ...] = get_args(Level)
ROLE_FAMILIES: tuple[str, ...] = get_args(RoleFamily)
SENIORITIES: tuple[str, ...] = get_args(Seniority)
DEGREES: tuple[str, ...] = get_args(Degree)
DEFAULT_LEVEL = "intermediate"
MAX_SUGGESTED = 20  # unknown names that get their own warning with suggestions; the rest are counted
DEGREE_RANK = {d: i for i, d in enumerate(DEGREES)}


class _SkillLike(Protocol):
    @property
    def name(self) -> str: ...


class TaxonomyLike(Protocol):
    """What profile loading needs from ``skillgap.extractors.taxonomy.Taxonomy``."""

    def resolve(self, name: str) -> _SkillLike | None: ...

    def closest(self, name: str, n: int = 3) -> list[str]: ...


class ProfileModel(BaseModel):
    """The YAML shape. Documented in docs/gap-report.md; CONTRACTS §6 plus optional additions."""

    model_config = ConfigDict(extra="forbid", strict=True)

    skills: list[str] | dict[str, Level]
    target_roles: list[RoleFamily] = Field(default_factory=lambda: list[RoleFamily](["ml"]))
    seniority: list[Seniority] = Field(default_factory=lambda: list[Seniority](["intern", "entry"]))
    locations: list[str] | None = None
    years_experience: float | None = Field(default=None, ge=0)
    # additions (CONTRACTS allow adding): gates checked when matching roles
    degree: Degree | None = None
    needs_visa_sponsorship: bool | None = None

    @field_validator("years_experience", mode="before")
    @classmethod
    def _int_years(cls, v: Any) -> Any:
        if isinstance(v, int) and not isinstance(v, bool):
            return float(v)
        return v

    @field_validator("skills", "target_roles", "seniority", "degree", mode="before")
    @classmethod
    def _fold_case(cls, v: Any, info: Any) -> Any:
        """Levels, role families, seniorities and degrees are case-insensitive ("Advanced" is fine).
        A skill with no level (``git:`` in YAML) is intermediate, as a skill in a plain list is."""

        def low(x: Any) -> Any:
            return x.strip().lower() if isinstance(x, str) else x

        if info.field_name == "skills":
            return {k: DEFAULT_LEVEL if x is None else low(x) for k, x in v.items()} if isinstance(v, dict) else v
        if isinstance(v, list):
            return [low(x) for x in v]
        return low(v)

    @field_validator("target_roles", "seniority")
    @classmethod
    def _non_empty(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("must list at least one value")
        return v


_FIELD_HELP = {
    "skills": "a list of skill names, or a mapping name -> " + "|".join(LEVELS),
    "target_roles": "a list of role families: " + ", ".join(ROLE_FAMILIES),
    "seniority": "a list of seniority levels: " + ", ".join(SENIORITIES),
    "locations": 'a list of strings, e.g. [remote, "New York"]',
    "years_experience": "a number >= 0",
    "degree": "one of " + ", ".join(DEGREES),
    "needs_visa_sponsorship": "true or false",
}


@dataclass(frozen=True)
class Profile:
    """A validated profile with skills resolved to canonical names.

    ``skills`` maps canonical name (or the name as written, when unknown) to a level.
    ``covered`` maps skills counted as listed because a listed skill obviously covers them
    ("git workflows" -> "Git", see :mod:`skillgap.analysis.covered`); they are in ``skills`` too.
    """

    skills: Mapping[str, str]
    target_roles: tuple[str, ...] = ("ml",)
    seniority: tuple[str, ...] = ("intern", "entry")
    locations: tuple[str, ...] = ()
    years_experience: float | None = None
    degree: str | None = None
    needs_visa_sponsorship: bool | None = None
    unknown_skills: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str = "<profile>"
    covered: Mapping[str, str] = field(default_factory=dict)
    _folded: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_folded", frozenset(s.casefold() for s in self.skills))

    def has(self, skill: str) -> bool:
        """True when the profile lists ``skill`` (canonical name, case-insensitive)."""
        return skill.casefold() in self._folded

    def level(self, skill: str) -> str | None:
        for name, lvl in self.skills.items():
            if name.casefold() == skill.casefold():
                return lvl
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "skills": dict(sorted(((k, v) for k, v in self.skills.items() if k not in self.covered),
                                  key=lambda kv: kv[0].casefold())),
            "covered": dict(sorted(self.covered.items(), key=lambda kv: kv[0].casefold())),
            "unknown_skills": list(self.unknown_skills),
            "target_roles": list(self.target_roles),
            "seniority": list(self.seniority),
            "locations": list(self.locations),
            "years_experience": self.years_experience,
            "degree": self.degree,
            "needs_visa_sponsorship": self.needs_visa_sponsorship,
        }


def _loc_str(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "<top level>"


def _format_errors(source: str, exc: ValidationError, data: Mapping[str, Any]) -> str:
    lines: list[str] = []
    seen: set[str] = set()
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in ("list", "dict")))]
        # pydantic adds union-branch names such as 'list[str]' / 'dict[str,literal[...]]': drop them
        top = str(loc[0]) if loc else ""
        field_name = _loc_str(loc)
        etype = err["type"]
        if etype == "extra_forbidden":
            allowed = ", ".join(ProfileModel.model_fields)
            msg = f"unknown field '{clip(field_name)}'; allowed fields: {allowed}"
        elif etype == "missing":
            msg = f"missing required field '{field_name}' ({_FIELD_HELP.get(top, '')})"
        elif etype == "literal_error":
            got = err.get("input")
            allowed = ", ".join(str(x).strip("'") for x in _literal_values(err))
            msg = f"field '{clip(field_name)}': {brief(got)} is not allowed; allowed values: {allowed}"
        else:
            got = err.get("input")
            shown = brief(got)
            if isinstance(got, (dict, list)) and len(shown) >= 60:
                shown = type(got).__name__
            msg = f"field '{clip(field_name)}': got {shown} ({err['msg']}); expected {_FIELD_HELP.get(top, 'a valid value')}"
        if msg not in seen:
            seen.add(msg)
            lines.append(msg)
    if "skills" in {str(e["loc"][0]) for e in exc.errors() if e["loc"]}:
        # a union error reports both branches; keep the clearest lines only
        lines = _dedupe_skill_lines(lines, data)
    return f"invalid profile {source}:\n  - " + "\n  - ".join(listing(lines))


def _literal_values(err: Mapping[str, Any]) -> list[str]:
    ctx = err.get("ctx") or {}
    expected = str(ctx.get("expected", ""))
    # "'beginner', 'intermediate' or 'advanced'"
    parts = [p.strip().strip("'") for p in expected.replace(" or ", ", ").split(",")]
    return [p for p in parts if p]


def _dedupe_skill_lines(lines: list[str], data: Mapping[str, Any]) -> list[str]:
    skills = data.get("skills")
    if isinstance(skills, dict):
        keep = [ln for ln in lines if not ln.startswith("field 'skills': got")]
    elif isinstance(skills, list):
        keep = [ln for ln in lines if not (ln.startswith("field 'skills'") and "dict" in ln)]
    elif "skills" not in data:
        keep = lines
    else:
        keep = [ln for ln in lines if not ln.startswith("field 'skills'")]
        keep.insert(0, f"field 'skills': got {type(skills).__name__}; expected {_FIELD_HELP['skills']}")
    return keep or lines


def _example_path() -> str:
    """The bundled example profile (examples/me.yaml, installed as skillgap.data.examples)."""
    try:
        from importlib.resources import files

        return str(files("skillgap.data.examples").joinpath("me.yaml"))
    except (ImportError, ModuleNotFoundError):  # pragma: no cover
        return "examples/me.yaml"


def read_profile_yaml(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """Parse ``path`` through the bounded user-file loader (:mod:`skillgap.userfiles`)."""
    source = str(path)
    data = load_user_yaml(
        path, label=f"profile {source}", error=ProfileError,
        missing=f"profile {source} not found; start from the example: cp {_example_path()} {source}",
    )
    if data is None:
        raise ProfileError(
            f"invalid profile {source}: the file is empty; it needs at least 'skills' "
            f"({_FIELD_HELP['skills']})"
        )
    if not isinstance(data, dict):
        raise ProfileError(
            f"invalid profile {source}: expected a mapping with fields "
            f"{', '.join(ProfileModel.model_fields)}, got {type(data).__name__}"
        )
    return data, source


def validate_profile_data(data: Mapping[str, Any], *, source: str = "<profile>") -> ProfileModel:
    try:
        return ProfileModel.model_validate(dict(data))
    except ValidationError as exc:
        raise ProfileError(_format_errors(source, exc, data)) from None


def resolve_profile(
    model: ProfileModel,
    *,
    taxonomy: TaxonomyLike | None,
    known_skills: Iterable[str] = (),
    source: str = "<profile>",
) -> Profile:
    """Resolve names/aliases to canonical skills; unknown names become warnings.

    ``known_skills`` are extra canonical names accepted case-insensitively (the database's
    ``skills`` view), used when a name is not in the bundled taxonomy.
    """
    raw: list[tuple[str, str]]
    if isinstance(model.skills, dict):
        raw = list(model.skills.items())
    else:
        raw = [(s, DEFAULT_LEVEL) for s in model.skills]
    known = {k.casefold(): k for k in known_skills}
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    skills: dict[str, str] = {}
    unknown: list[str] = []
    warnings: list[str] = []
    for name, level in raw:
        name_s = name.strip()
        if not name_s:
            raise ProfileError(f"invalid profile {source}:\n  - field 'skills': empty skill name")
        canonical: str | None = None
        if taxonomy is not None:
            hit = taxonomy.resolve(name_s)
            canonical = hit.name if hit is not None else None
        if canonical is None:
            canonical = known.get(name_s.casefold())
        if canonical is None:
            unknown.append(name_s)
            if len(unknown) <= MAX_SUGGESTED:  # a suggestion costs a fuzzy search of the taxonomy
                suggestions = taxonomy.closest(name_s, n=3) if taxonomy is not None else []
                hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
                warnings.append(f"{source}: unknown skill '{clip(name_s)}' (kept as written){hint}")
            canonical = name_s
        prev = skills.get(canonical)
        if prev is None or rank[level] > rank[prev]:
            skills[canonical] = level
    if len(unknown) > MAX_SUGGESTED:
        rest = unknown[MAX_SUGGESTED:]
        shown = ", ".join(f"'{clip(x, 30)}'" for x in rest[:5]) + (", ..." if len(rest) > 5 else "")
        warnings.append(f"{source}: {len(rest)} more unknown skills (kept as written): {shown}")
    return Profile(
        skills=skills,
        target_roles=tuple(dict.fromkeys(model.target_roles)),
        seniority=tuple(dict.fromkeys(model.seniority)),
        locations=tuple(model.locations or ()),
        years_experience=model.years_experience,
        degree=model.degree,
        needs_visa_sponsorship=model.needs_visa_sponsorship,
        unknown_skills=tuple(unknown),
        warnings=tuple(warnings),
        source=source,
    )


def default_taxonomy() -> TaxonomyLike | None:
    """The bundled taxonomy, or None while ``skillgap.extractors.taxonomy`` is unavailable."""
    try:
        from skillgap.extractors.taxonomy import load_taxonomy
    except ImportError:
        return None
    return load_taxonomy()


def load_profile(
    path: str | os.PathLike[str],
    *,
    taxonomy: TaxonomyLike | None = None,
    known_skills: Iterable[str] = (),
) -> Profile:
    """Read, validate and resolve a profile file. Raises :class:`ProfileError` (exit 2)."""
    data, source = read_profile_yaml(path)
    model = validate_profile_data(data, source=source)
    return resolve_profile(model, taxonomy=taxonomy, known_skills=known_skills, source=source)
