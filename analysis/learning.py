"""Learning paths per gap (``data/learning.yaml``, installed as ``skillgap.data``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from skillgap.analysis.errors import LearningDataError


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
        if "default" not in v:
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


def parse_learning(text: str, *, source: str) -> Learning:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        model = _LearningFile.model_validate(data)
    except yaml.YAMLError as exc:
        raise LearningDataError(f"{source} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise LearningDataError(f"invalid {source}: {problems}") from None
    conv = lambda rs: tuple(Resource(r.provider, r.title, r.url) for r in rs)  # noqa: E731
    return Learning(
        search=tuple((s.provider, s.url) for s in model.search),
        skills={k: conv(v) for k, v in model.skills.items()},
        categories={k: conv(v) for k, v in model.categories.items()},
    )


@functools.cache
def load_learning(path: str | None = None) -> Learning:
    """The bundled ``learning.yaml`` (or ``path``)."""
    if path is not None:
        return parse_learning(Path(path).read_text(encoding="utf-8"), source=str(path))
    res = files("skillgap.data").joinpath("learning.yaml")
    return parse_learning(res.read_text(encoding="utf-8"), source="skillgap.data/learning.yaml")
