"""A posting that hangs the extractor (a runaway regex) cannot hang the run: its batch times out,
the workers are restarted, the batch is split until the posting is found, and that posting is
stored with empty facts and the reason; every other posting is extracted."""

from __future__ import annotations

import time

import duckdb
import pytest

from skillgap.pipelines.extraction import BatchResult
from tests.factories import FakeExtraction

pytestmark = pytest.mark.flow

MARKER = "HANG-ME"


def fake_work(batch):
    """Runs in the pool's worker processes: instant fake facts, or forever on the marker."""
    if any(MARKER in (r["description"] or "") for r in batch):
        time.sleep(3600)
    facts = [FakeExtraction("ml", "entry", True, 1.0, False, None, None, None, None, ()) for _ in batch]
    return BatchResult([r["posting_id"] for r in batch], [r["content_hash"] for r in batch], facts, {})


def test_a_posting_that_hangs_extraction_is_isolated_and_the_run_finishes(prefect_harness, greenhouse_boards, tmp_path, monkeypatch):
    from skillgap.pipelines import extraction, flows

    jobs = [{"id": 100 + i, "title": f"ML Engineer {i}", "company_name": "Acme",
             "content": f"&lt;p&gt;Python {i} and SQL{' ' + MARKER if i == 5 else ''}&lt;/p&gt;",
             "absolute_url": f"https://boards.example.org/acme/jobs/{100 + i}"} for i in range(12)]
    config, replay = greenhouse_boards({"acme": jobs}, base_url="http://127.0.0.1:8000")
    db = tmp_path / "hang.duckdb"

    monkeypatch.setattr(extraction, "POOL_WORK", fake_work)
    monkeypatch.setattr(extraction, "BATCH_TIMEOUT_BASE", 4.0)
    monkeypatch.setattr(extraction, "BATCH_TIMEOUT_PER_POSTING", 0.0)
    monkeypatch.setattr(flows, "POOL_MIN", 1)

    t = time.monotonic()
    summary = flows.run_ingest(str(config), str(db), None, str(replay), workers=2, batch_size=4)
    assert time.monotonic() - t < 240
    assert summary.status == "ok" and summary.extracted == 12

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT posting_id, role_family, extract_error FROM posting_facts ORDER BY posting_id").fetchall()
    finally:
        con.close()
    assert len(rows) == 12
    bad = [r for r in rows if r[2] is not None]
    assert [r[0] for r in bad] == ["greenhouse:acme:105"]
    assert "took over" in bad[0][2] and bad[0][1] == "other"
    assert all(r[1] == "ml" for r in rows if r[2] is None)


def test_the_last_batches_of_a_run_shrink_so_the_workers_finish_together(prefect_harness, greenhouse_boards, tmp_path, monkeypatch):
    from skillgap.pipelines import extraction, flows

    jobs = [{"id": 100 + i, "title": f"ML Engineer {i}", "company_name": "Acme",
             "content": f"&lt;p&gt;Python {i} and SQL&lt;/p&gt;",
             "absolute_url": f"https://boards.example.org/acme/jobs/{100 + i}"} for i in range(40)]
    config, replay = greenhouse_boards({"acme": jobs}, base_url="http://127.0.0.1:8000")

    sizes: list[int] = []
    submit = extraction.LocalPool.submit

    def counting(self, batch):
        sizes.append(len(batch))
        return submit(self, batch)

    monkeypatch.setattr(extraction.LocalPool, "submit", counting)
    monkeypatch.setattr(extraction, "POOL_WORK", fake_work)
    monkeypatch.setattr(flows, "POOL_MIN", 1)
    monkeypatch.setattr(flows, "TAIL_BATCH_MIN", 2)
    summary = flows.run_ingest(str(config), str(tmp_path / "t.duckdb"), None, str(replay), workers=2,
                               batch_size=8)
    assert summary.status == "ok" and summary.extracted == 40 == sum(sizes)
    # full batches while much is pending, then ceil(pending / (2 * workers)), down to the floor
    # (recorded in the order the task threads ran, not quite the order they were submitted in)
    assert sorted(sizes, reverse=True)[:2] == [8, 8] and min(sizes) <= 2 and len(sizes) > 40 // 8, sizes
