"""Scale-out: the same ingest flow on Prefect's DaskTaskRunner, pointed at a Dask scheduler address."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.flow

FIXTURES = Path(__file__).parent / "fixtures" / "greenhouse"


def test_ingest_on_a_local_dask_cluster_extracts_on_its_workers(prefect_harness, tmp_path):
    pytest.importorskip("prefect_dask")
    distributed = pytest.importorskip("distributed")
    from skillgap.pipelines.flows import run_ingest

    replay = tmp_path / "replay"
    for board in ("acme", "beta"):
        target = replay / "v1" / "boards" / board / "jobs.json"
        target.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / "jobs_content.json", target)
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - type: greenhouse\n    base_url: http://127.0.0.1:8000\n    boards: [acme, beta, gone]\n")
    db = tmp_path / "dask.duckdb"
    n = 2 * len(json.loads((FIXTURES / "jobs_content.json").read_text())["jobs"])

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster.scheduler_address) as client:
        summary = run_ingest(str(config), str(db), None, str(replay), batch_size=4,
                             dask_address=cluster.scheduler_address)
        # the extraction ran in the Dask worker process: it built its own extractor there
        built = client.run(lambda: __import__("skillgap.pipelines.extraction", fromlist=["_"])._EXTRACTOR is not None)
    assert list(built.values()) == [True]
    assert summary.status == "partial" and [b.status for b in summary.boards] == ["ok", "ok", "failed"]
    assert summary.extracted == n
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(extractor_version) FROM postings").fetchone() == (n, n)
        assert con.execute("SELECT count(*) FROM posting_skills").fetchone()[0] > 0
    finally:
        con.close()
