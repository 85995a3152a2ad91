"""Learning paths per gap: the bundled ``data/learning.yaml`` (installed as ``skillgap.data``),
merged with the user's ``$XDG_CONFIG_HOME/skillgap/learning.yaml`` when it exists (the user's
entries win; :func:`merge_learning`). The user's file is read by the bounded loader of
:mod:`skillgap.userfiles`."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from skillgap.analysis.errors import LearningDataError
from skillgap.userfiles import clip, listing, load_user_yaml, user_file


class _Resource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provider: str
    title: str
    url: str

    @field_validator("url")
    @classmethod
    def _https(cls, v: str) -> str:
        if not v.startswith("https://"):
            raise ValueError("must be an https:// URL")
        return v


class _Search(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provider: str
    url: str

    @field_validator("url")
    @classmethod
    def _template(cls, v: str) -> str:
        if not v.startswith("https://") or "{query}" not in v:
            raise ValueError("must be an https:// URL containing {query}")
        return v


class _LearningFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    search: list[_Search] = []
    skills: dict[str, list[_Resource]] = {}
    categories: dict[str, list[_Resource]]

    @field_validator("categories")
    @classmethod
    def _default(cls, v: dict[str, list[_Resource]]) -> dict[str, list[_Resource]]:
        if "default" not in {k.casefold() for k in v}:
            raise ValueError("needs a 'default' category")
        return v


@dataclass(frozen=True)
class Resource:
    provider: str
    title: str
    url: str

    def to_json(self) -> dict[str, str]:
        return {"provider": self.provider, "title": self.title, "url": self.url}


@dataclass(frozen=True)
class Learning:
    search: tuple[tuple[str, str], ...]
    skills: Mapping[str, tuple[Resource, ...]]
    categories: Mapping[str, tuple[Resource, ...]]

    def for_skill(self, skill: str, category: str | None, *, limit: int = 3,
                  listed: Iterable[str] = ()) -> list[Resource]:
        """Curated paths (the skill's own, else up to two of its category's or the default) plus one
        search link per provider. A path for a skill in ``listed`` (the profile's) is never offered
        for another skill: a pandas user is not sent to a pandas course for "data analysis"."""
        out: list[Resource] = []
        by_skill = {k.casefold(): v for k, v in self.skills.items()}
        have = {x.casefold() for x in listed} - {skill.casefold()}
        seen: set[str] = {r.url for k in have for r in by_skill.get(k, ())}
        seen |= {r.url for rs in self.categories.values() for r in rs if r.title.casefold() in have}
        cat = (category or "").casefold()
        by_cat = {k.casefold(): v for k, v in self.categories.items()}
        curated = list(by_skill.get(skill.casefold(), ())) or list(by_cat.get(cat) or by_cat["default"])[:2]
        for r in curated:
            if r.url not in seen and len(out) < limit:
                seen.add(r.url)
                out.append(r)
        for provider, template in self.search:
            out.append(Resource(provider, f"Search {provider} for {skill}", template.replace("{query}", quote(skill))))
        return out


def _problems(source: str, exc: ValidationError) -> str:
    problems = [f"{clip('.'.join(map(str, e['loc'])))}: {clip(e['msg'], 200)}" for e in exc.errors()]
    return f"invalid {source}: " + "; ".join(listing(problems))


def _build(model: _LearningFile) -> Learning:
    conv = lambda rs: tuple(Resource(r.provider, r.title, r.url) for r in rs)  # noqa: E731
    return Learning(
        search=tuple((s.provider, s.url) for s in model.search),
        skills={k: conv(v) for k, v in model.skills.items()},
        categories={k: conv(v) for k, v in model.categories.items()},
    )


def _parse_model(text: str, *, source: str) -> _LearningFile:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
        return _LearningFile.model_validate(data)
    except yaml.YAMLError as exc:
        raise LearningDataError(f"{source} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise LearningDataError(_problems(source, exc)) from None


def parse_learning(text: str, *, source: str) -> Learning:
    """Parse the bundled file's text (reviewed data: the fast loader, no limits; a user's file goes
    through :func:`load_learning`)."""
    return _build(_parse_model(text, source=source))


class _LearningOverride(BaseModel):
    """A user's ``learning.yaml``: the bundled shape, every key optional."""

    model_config = ConfigDict(extra="forbid")
    search: list[_Search] = []
    skills: dict[str, list[_Resource]] = {}
    categories: dict[str, list[_Resource]] = {}


def _merge_by_key(base: dict[str, list[_Resource]], user: dict[str, list[_Resource]]) -> dict[str, list[_Resource]]:
    """``base`` with ``user``'s entries replacing those of the same key (case-insensitive)."""
    mine = {k.casefold() for k in user}
    return {**{k: v for k, v in base.items() if k.casefold() not in mine}, **user}


def merge_learning(base: _LearningFile, user: _LearningOverride) -> _LearningFile:
    """The user's file over the bundled one: a skill's or category's list replaces the bundled list
    of the same name; a search provider replaces the bundled one of the same name; the rest is
    added."""
    providers = {s.provider.casefold() for s in user.search}
    return _LearningFile(
        search=[s for s in base.search if s.provider.casefold() not in providers] + list(user.search),
        skills=_merge_by_key(base.skills, user.skills),
        categories=_merge_by_key(base.categories, user.categories),
    )


def _read_user(path: str) -> _LearningOverride:
    source = f"learning paths {path}"
    data = load_user_yaml(path, label=source, error=LearningDataError)
    try:
        return _LearningOverride.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise LearningDataError(_problems(source, exc)) from None


@functools.cache
def _bundled() -> _LearningFile:
    res = files("skillgap.data").joinpath("learning.yaml")
    return _parse_model(res.read_text(encoding="utf-8"), source="skillgap.data/learning.yaml")


@functools.lru_cache(maxsize=8)
def _load(user: str | None, _stamp: tuple[int, int] | None) -> Learning:
    if user is None:
        return _build(_bundled())
    return _build(merge_learning(_bundled(), _read_user(user)))


def load_learning(path: str | os.PathLike[str] | None = None) -> Learning:
    """The bundled ``learning.yaml`` merged with the user's (``path``, else
    ``$XDG_CONFIG_HOME/skillgap/learning.yaml`` when it exists); see :func:`merge_learning`.

    Results are cached per file and modification time, so an edited file is read again.
    """
    user = Path(path) if path is not None else user_file("learning.yaml")
    if user is None:
        return _load(None, None)
    try:
        st = user.stat()
        stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None  # the loader reports it
    return _load(str(user), stamp)
