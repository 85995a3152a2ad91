"""Shared helpers for the benchmark scripts (not a test module)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def shared_dir() -> Path | None:
    """``../shared`` beside the repository (or ``$SKILLGAP_SHARED``); None when absent."""
    env = os.environ.get("SKILLGAP_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if (path / "tools").is_dir() and (path / "data").is_dir() else None


def stale_installed_files() -> list[str]:
    """This tree's extraction code and shipped data (``extractors/**/*.py``, ``data/*.yaml``,
    ``data/models``, ``data/vocab``) that the installed ``skillgap`` does not hold byte for byte.
    Benchmarks and the golden digests run the *installed* package: after ``train.py`` writes a
    model or a rule changes, ``pip install --no-deps .`` comes first (an editable install never
    goes stale)."""
    import importlib.util

    out = []
    for pkg, sub, patterns in (("skillgap.extractors", "extractors", ("**/*.py",)),
                               ("skillgap.data", "data", ("*.yaml", "models/**/*", "vocab/**/*"))):
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            continue
        installed, tree = Path(next(iter(spec.submodule_search_locations))).resolve(), (ROOT / sub).resolve()
        if installed == tree:
            continue
        for f in sorted({f for pat in patterns for f in tree.glob(pat) if f.is_file() and "__pycache__" not in f.parts}):
            g = installed / f.relative_to(tree)
            if not g.is_file() or g.read_bytes() != f.read_bytes():
                out.append(f"{sub}/{f.relative_to(tree)}")
    return out


def require_fresh_install() -> None:
    """Exit (code 2, one line) when :func:`stale_installed_files` finds any."""
    stale = stale_installed_files()
    if stale:
        sys.exit(f"the installed skillgap differs from this tree in {len(stale)} file(s), e.g. {stale[0]}: "
                 f"run `.venv/bin/python -m pip install --no-deps .` first")


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section between ``<!-- name:start -->`` and ``<!-- name:end -->``
    (measured by the installed package, so only when it is this tree's: :func:`require_fresh_install`)."""
    require_fresh_install()
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pat = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pat.search(text):
        text = pat.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
