"""Benchmarks and the golden digests run the installed package; they refuse to write when it is not
this tree's (a model written by train.py but not installed measured the old one)."""

from __future__ import annotations

import pytest

from benchmarks import _common


def test_a_tree_file_the_installed_package_lacks_or_differs_in_is_reported(tmp_path, monkeypatch):
    from pathlib import Path

    import skillgap.extractors as pkg

    installed = Path(pkg.__file__).resolve().parent
    tree = tmp_path / "extractors"
    tree.mkdir()
    (tree / "extract.py").write_bytes((installed / "extract.py").read_bytes())  # the same: fine
    (tree / "pool.py").write_bytes((installed / "pool.py").read_bytes() + b"\n# edited\n")
    (tree / "only_here.py").write_text("X = 1\n")
    monkeypatch.setattr(_common, "ROOT", tmp_path)
    assert _common.stale_installed_files() == ["extractors/only_here.py", "extractors/pool.py"]
    with pytest.raises(SystemExit) as exc:
        _common.write_section("nothing", "not written")
    assert "pip install --no-deps ." in str(exc.value)


def test_the_installed_package_holds_every_extraction_file_and_shipped_data_file_of_this_tree():
    assert _common.stale_installed_files() == []
