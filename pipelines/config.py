"""Loading and validating ``sources.yaml`` (CONTRACTS §2).

``--config`` beats ``$SKILLGAP_CONFIG`` beats the user's ``$XDG_CONFIG_HOME/skillgap/sources.yaml``
beats the bundled default. Every file, bundled or not, is read by the bounded loader of
:mod:`skillgap.userfiles` (1 MB, alias budget). Every problem is a
:class:`~skillgap.pipelines.errors.ConfigError` naming the file, the field and what is allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from skillgap.pipelines.errors import ConfigError
from skillgap.pipelines.paths import data_path
from skillgap.userfiles import brief, clip, listing, load_user_yaml, user_file

__all__ = ["SourceSpec", "SourcesConfig", "load_config", "resolve_config_path", "DEFAULT_USER_AGENT"]

DEFAULT_USER_AGENT = "skillgap/0.1 (+https://github.com/skillgap/skillgap)"


class _BoardModel(BaseModel):
    """A board with its display name: ``{board: real, company: "Real Brokerage"}`` (for boards
    whose payload names no company: Lever, Ashby)."""

    model_config = ConfigDict(extra="forbid")

    board: str
    company: str | None = None


class _SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    boards: list[str | _BoardModel] | None = None
    base_url: str | None = None
    urls: list[str] | None = None
    filters: dict[str, Any] | None = None

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v.rstrip("/") if v else v

    @field_validator("boards")
    @classmethod
    def _boards(cls, v: list[str | _BoardModel] | None) -> list[str | _BoardModel] | None:
        if v is not None:
            bad = [b for b in v if not (b.board if isinstance(b, _BoardModel) else str(b)).strip()]
            if bad:
                raise ValueError("board tokens must be non-empty strings")
        return v


class _ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_agent: str | None = None
    sources: list[_SourceModel]


@dataclass(frozen=True)
class SourceSpec:
    type: str
    boards: tuple[str, ...] = ()
    base_url: str | None = None
    urls: tuple[str, ...] = ()
    filters: tuple[tuple[str, Any], ...] = ()
    companies: tuple[tuple[str, str], ...] = ()  # (board, display name) from ``{board, company}`` entries

    def company_for(self, board: str) -> str | None:
        """The display name the config gives ``board``, or None."""
        return dict(self.companies).get(board)


@dataclass(frozen=True)
class SourcesConfig:
    path: Path
    user_agent: str
    sources: tuple[SourceSpec, ...]


def resolve_config_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--config`` beats ``$SKILLGAP_CONFIG`` beats ``$XDG_CONFIG_HOME/skillgap/sources.yaml`` (when
    that file exists) beats the bundled ``sources.yaml``. The file found is used whole (no merge)."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("SKILLGAP_CONFIG")
    if env:
        return Path(env).expanduser()
    return user_file("sources.yaml") or data_path("sources.yaml")


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_config(path: str | os.PathLike[str]) -> SourcesConfig:
    """Read and validate a sources file; raises :class:`ConfigError` with every problem found."""
    from skillgap.pipelines.sources.registry import SOURCES  # the registry knows the adapters

    path = Path(path)
    doc = load_user_yaml(path, label=f"sources config {path}", error=ConfigError,
                         missing=f"{path}: config file not found")
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: expected a mapping with a 'sources' list at the top level")
    try:
        model = _ConfigModel.model_validate(doc)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            # a board is a token or {board, company}: name the entry, not pydantic's union branch
            loc = tuple(p for p in err["loc"] if p not in ("str", "_BoardModel"))
            field = _loc(loc)
            if "boards[" in field and err["type"] in ("string_type", "model_type"):
                if any(e["loc"][: len(err["loc"]) - 1] == err["loc"][:-1] and e["type"] not in ("string_type", "model_type")
                       for e in exc.errors()):
                    continue  # the mapping branch says what is wrong
                problems.append(f"{field}: a board is a token or a mapping {{board: <token>, company: <display name>}}")
                continue
            if err["type"] == "extra_forbidden" and "boards[" in field:
                problems.append(f"{field}: unknown key; allowed keys: board, company")
                continue
            if err["type"] == "extra_forbidden":
                allowed = (
                    sorted(_SourceModel.model_fields) if field.startswith("sources[") else sorted(_ConfigModel.model_fields)
                )
                problems.append(f"{clip(field)}: unknown key; allowed keys: {', '.join(allowed)}")
            else:
                problems.append(f"{clip(field)}: {clip(err['msg'], 200)}")
        raise ConfigError(f"{path}: " + "; ".join(listing(list(dict.fromkeys(problems))))) from None

    problems = []
    specs = []
    for i, src in enumerate(model.sources):
        adapter = SOURCES.get(src.type)
        if adapter is None:
            problems.append(
                f"sources[{i}].type: unknown source type {brief(src.type)}; allowed: {', '.join(sorted(SOURCES))}"
            )
            continue
        if adapter.takes_boards and not src.boards:
            problems.append(f"sources[{i}].boards: the {src.type} adapter needs a list of board tokens")
        if not adapter.takes_boards and src.boards:
            problems.append(f"sources[{i}].boards: the {src.type} adapter is a single feed and takes no boards")
        takes_urls = getattr(adapter, "takes_urls", False)
        if src.urls and not takes_urls:
            problems.append(f"sources[{i}].urls: the {src.type} adapter takes no urls (only page-scraping adapters do)")
        if takes_urls and not src.urls:
            problems.append(f"sources[{i}].urls: the {src.type} adapter needs a list of page URLs")
        if src.filters:
            allowed = sorted(getattr(adapter, "filter_keys", ()))
            unknown = sorted(set(src.filters) - set(allowed))
            if unknown:
                problems.append(
                    f"sources[{i}].filters: unknown filter(s) {', '.join(clip(u) for u in unknown[:10])} for {src.type}; "
                    f"allowed: {', '.join(allowed) if allowed else 'none (this adapter takes no filters)'}"
                )
        specs.append(
            SourceSpec(
                type=src.type,
                boards=tuple((b.board if isinstance(b, _BoardModel) else str(b)).strip() for b in (src.boards or ())),
                companies=tuple(
                    (b.board.strip(), b.company.strip())
                    for b in (src.boards or ())
                    if isinstance(b, _BoardModel) and b.company and b.company.strip()
                ),
                base_url=src.base_url,
                urls=tuple(src.urls or ()),
                filters=tuple(sorted((src.filters or {}).items())),
            )
        )
    if not model.sources:
        problems.append("sources: the list is empty; add at least one source")
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(listing(problems)))
    return SourcesConfig(path=path, user_agent=model.user_agent or DEFAULT_USER_AGENT, sources=tuple(specs))
