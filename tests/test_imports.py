"""Import direction (docs/internals.md): extractors -> nothing; pipelines -> extractors; analysis -> store only."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "extractors": {"pipelines", "analysis"},
    "pipelines": {"analysis"},  # except the CLI, which hands the report to analysis
    "analysis": {"pipelines"},
}
ALLOWED = {("pipelines", "cli.py")}


def _subpackage(module: str) -> str:
    """``skillgap.pipelines.store`` -> ``pipelines``; a third-party module keeps its top level."""
    parts = module.split(".")
    return parts[1] if parts[0] == "skillgap" and len(parts) > 1 else parts[0]


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {_subpackage(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(_subpackage(node.module))
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if (package, path.name) in ALLOWED:
            continue
        bad = imported_top_levels(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders


def test_cli_module_does_not_import_prefect_or_spacy_at_import_time():
    for module in ("pipelines/cli.py", "analysis/cli.py"):
        path = ROOT / module
        if not path.exists():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                top |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                top.add(node.module.split(".")[0])
        assert not top & {"prefect", "spacy"}, module
