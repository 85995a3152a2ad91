"""benchmarks/ingest_speed.py compares memory across N only at the same board size.

Peak RSS of an ingest depends on how many postings one board holds (a board is fetched, parsed and
stored as one piece, a few at once), so `--board-size` must keep that size at every N: the issue 20
figures of 100k against 20k were once taken with `--boards 20` at both, i.e. 5,000-posting boards
against 1,000-posting ones (benchmarks/RESULTS.md, "Memory flat in N").
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    """benchmarks/ingest_speed.py as a module (it imports its siblings from benchmarks/)."""
    here = str(ROOT / "benchmarks")
    sys.path.insert(0, here)
    try:
        spec = importlib.util.spec_from_file_location("ingest_speed_under_test", ROOT / "benchmarks" / "ingest_speed.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(here)


def test_board_size_keeps_the_same_postings_per_board_at_every_n(bench):
    assert [bench.boards_for(n, 20, 1000) for n in (20_000, 100_000)] == [20, 100]
    assert bench.boards_for(2_500, 20, 1000) == 3  # a last, smaller board rather than larger ones
    # without a board size the board count is fixed, so the board size grows with N
    assert [bench.boards_for(n, 20, None) for n in (20_000, 100_000)] == [20, 20]
    with pytest.raises(ValueError, match="at least 1"):
        bench.boards_for(1_000, 20, 0)


def test_written_boards_hold_the_board_size(bench, tmp_path):
    sizes = {}
    for n in (1_200, 3_000):
        root = tmp_path / f"n{n}"
        bench.write_boards(root, n, bench.boards_for(n, 20, 600), shared=None)  # our own sentences
        sizes[n] = sorted(len(json.loads(p.read_text(encoding="utf-8"))["jobs"])
                          for p in root.glob("v1/boards/*/jobs.json"))
    assert sizes == {1_200: [600, 600], 3_000: [600] * 5}


def test_results_section_names_boards_and_board_size_of_each_n(bench):
    run = {"wall": 10.0, "cpu": 12.0, "load": 1.0, "extracted": 0, "rss_main": 500.0, "rss_tree": 900.0, "db_mb": 40.0}
    rows = [(n, "ours", dict(run), dict(run)) for n in (20_000, 100_000)]
    text = bench._section(rows, {"our own sentences"}, {20_000: 20, 100_000: 100}, loopback=True)
    assert "20 boards of 1,000 at 20,000" in text
    assert "100 boards of 1,000 at 100,000" in text
