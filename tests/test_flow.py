"""The real Prefect ingestion flow, end to end over recorded responses (no network)."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.factories import query

FIXTURES = Path(__file__).parent / "fixtures" / "greenhouse"

pytestmark = pytest.mark.flow


def replay_root(tmp_path, board_files):
    root = tmp_path / "replay"
    for board, name in board_files.items():
        target = root / "v1" / "boards" / board / "jobs.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, target)
    return root


def write_config(tmp_path, boards):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - type: greenhouse\n    base_url: http://127.0.0.1:8000\n    boards: [" + ", ".join(boards) + "]\n"
    )
    return path


def test_ingest_stores_extracts_and_survives_a_failing_board(prefect_harness, tmp_path):
    from skillgap.pipelines.flows import ingest_flow

    db = tmp_path / "db" / "skillgap.duckdb"
    config = write_config(tmp_path, ["acme", "gone"])
    replay = replay_root(tmp_path, {"acme": "jobs_content.json"})
    n_jobs = len(json.loads((FIXTURES / "jobs_content.json").read_text())["jobs"])

    summary = ingest_flow(str(config), str(db), None, str(replay))

    assert summary.status == "partial"
    assert [(b.board, b.status) for b in summary.boards] == [("acme", "ok"), ("gone", "failed")]
    assert "404" in summary.failed[0].error
    assert summary.extracted == n_jobs
    rows = query(db, "SELECT source, board, count(*), count(role_family) FROM postings GROUP BY ALL")
    assert rows == [("greenhouse", "acme", n_jobs, n_jobs)]
    runs = query(db, "SELECT board, status, fetched, new, error IS NOT NULL FROM source_runs ORDER BY board")
    assert runs == [("acme", "ok", n_jobs, n_jobs, False), ("gone", "failed", 0, 0, True)]
    assert query(db, "SELECT status FROM ingest_runs") == [("partial",)]
    # descriptions are plain text; every mention's offsets point at its text
    bad = query(
        db,
        "SELECT count(*) FROM posting_skills s JOIN postings p USING (posting_id) "
        "WHERE substr(p.description, s.start + 1, s.\"end\" - s.start) <> s.text",
    )
    assert bad == [(0,)]
    assert query(db, "SELECT count(*) FROM postings WHERE description LIKE '%&lt;%' OR description LIKE '%<li>%'") == [(0,)]
    assert query(db, "SELECT count(*) FROM posting_skills")[0][0] > 0
    assert query(db, "SELECT count(*) FROM skills")[0][0] >= 150

    # The next day: one job gone, one changed, one new. Only changed + new are extracted.
    replay_v2 = replay_root(tmp_path / "v2", {"acme": "jobs_content_v2.json"})
    summary2 = ingest_flow(str(config), str(db), ["greenhouse"], str(replay_v2))
    acme = summary2.boards[0]
    assert (acme.stats.new, acme.stats.updated, acme.stats.closed) == (1, 1, 1)
    assert summary2.extracted == 2
    assert query(db, "SELECT count(*) FROM postings WHERE closed_at IS NOT NULL") == [(1,)]

    # Same data again: nothing new, nothing extracted, no duplicates.
    summary3 = ingest_flow(str(config), str(db), None, str(replay_v2))
    assert summary3.extracted == 0
    assert summary3.boards[0].stats.new == 0
    assert query(db, "SELECT count(*), count(DISTINCT posting_id) FROM postings")[0] == (n_jobs + 1, n_jobs + 1)


def test_demo_twice_adds_no_duplicates_and_prints_report(prefect_harness, tmp_path):
    from typer.testing import CliRunner

    from skillgap.pipelines.cli import app

    db = tmp_path / "demo.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--db", str(db)])
    assert first.exit_code == 0, first.output
    count = query(db, "SELECT count(*) FROM postings")[0][0]
    assert count >= 30
    assert "gap report" in first.stdout
    # the most-asked skills the example profile lacks are what the report leads with
    top = [r[0] for r in query(db, "SELECT skill FROM posting_skills GROUP BY skill ORDER BY count(*) DESC, skill LIMIT 12")]
    assert any(skill in first.stdout for skill in top if skill not in ("Python", "SQL", "pandas", "NumPy"))
    second = runner.invoke(app, ["demo", "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert query(db, "SELECT count(*), count(DISTINCT posting_id) FROM postings")[0] == (count, count)
    assert query(db, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == [(2,)]
    latest = query(db, "SELECT run_id FROM ingest_runs ORDER BY started_at DESC, run_id LIMIT 1")[0][0]
    assert query(db, f"SELECT sum(new), sum(fetched) > 0 FROM source_runs WHERE run_id = '{latest}'") == [(0, True)]


def test_reextract_redoes_stale_versions_without_refetching(prefect_harness, tmp_path):
    from typer.testing import CliRunner

    from skillgap.pipelines.cli import app
    from skillgap.pipelines.flows import ingest_flow

    db = tmp_path / "re.duckdb"
    config = write_config(tmp_path, ["acme"])
    replay = replay_root(tmp_path, {"acme": "jobs_content.json"})
    ingest_flow(str(config), str(db), None, str(replay))
    n = query(db, "SELECT count(*) FROM postings")[0][0]
    mentions = query(db, "SELECT count(*) FROM posting_skills")[0][0]

    # Pretend one posting was extracted by an older extractor (a taxonomy or rule change).
    con = duckdb.connect(str(db))
    con.execute("UPDATE posting_facts SET extractor_version = 'old' WHERE posting_id = (SELECT min(posting_id) FROM posting_facts)")
    con.close()
    shutil.rmtree(replay)  # nothing can be fetched any more

    runner = CliRunner()
    r = runner.invoke(app, ["reextract", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "re-extracted 1 postings" in r.stderr
    assert query(db, "SELECT count(*) FROM posting_facts WHERE extractor_version = 'old'") == [(0,)]
    r = runner.invoke(app, ["reextract", "--db", str(db), "--all"])
    assert r.exit_code == 0 and f"re-extracted {n} postings" in r.stderr
    assert query(db, "SELECT count(*) FROM posting_skills")[0][0] == mentions


def test_cli_exit_code_is_3_when_some_boards_fail_and_1_when_all_do(prefect_harness, tmp_path):
    from skillgap.pipelines.cli import _run_ingest

    replay = replay_root(tmp_path, {"acme": "jobs_content.json"})
    partial = _run_ingest(write_config(tmp_path, ["acme", "gone"]), tmp_path / "a.duckdb", None, str(replay), "ingest")
    assert partial == 3
    assert query(tmp_path / "a.duckdb", "SELECT count(*) > 0 FROM postings") == [(True,)]
    (tmp_path / "b").mkdir()
    from skillgap.pipelines.store import Store

    with Store.open(tmp_path / "b.duckdb"):  # a database that existed: the failed run is recorded in it
        pass
    failed = _run_ingest(write_config(tmp_path / "b", ["gone"]), tmp_path / "b.duckdb", None, str(replay), "ingest")
    assert failed == 1
    assert query(tmp_path / "b.duckdb", "SELECT status FROM ingest_runs") == [("failed",)]


def test_extraction_batches_are_written_a_few_at_a_time_and_the_rest_at_the_end(prefect_harness, tmp_path, monkeypatch):
    from skillgap.pipelines import flows
    from skillgap.pipelines.store import Store

    sizes: list[int] = []
    write = Store.write_extractions

    def counting(self, results, **kw):
        results = list(results)
        sizes.append(len(results))
        return write(self, results, **kw)

    monkeypatch.setattr(Store, "write_extractions", counting)
    db = tmp_path / "db" / "skillgap.duckdb"
    config = write_config(tmp_path, ["acme"])
    replay = replay_root(tmp_path, {"acme": "jobs_content.json"})
    n_jobs = len(json.loads((FIXTURES / "jobs_content.json").read_text())["jobs"])
    assert n_jobs > flows.WRITE_BATCHES

    summary = flows.ingest_flow(str(config), str(db), None, str(replay), batch_size=1)

    assert summary.extracted == n_jobs == sum(sizes)
    assert all(n >= flows.WRITE_BATCHES for n in sizes[:-1]) and len(sizes) < n_jobs  # not one write per batch
    assert query(db, "SELECT count(*) FROM posting_facts") == [(n_jobs,)]
