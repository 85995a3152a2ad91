"""The ingest's fast paths give exactly what the plain code gives, and skip only work that is not
needed: ftfy's badness check searched around non-ASCII text only, ftfy run only on the lines it
could change, one text normalisation for both dedup keys, no pacing for a server on this
machine, and no extraction workers started for a run that will extract nothing."""

from __future__ import annotations

import json
from datetime import datetime

import ftfy
import httpx
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.pipelines import dedup, normalise
from skillgap.pipelines.http import HttpClient, make_client
from skillgap.pipelines.models import NormalizedPosting
from skillgap.pipelines.store import Store
from tests.factories import FakeExtraction

# characters of ftfy's mojibake classes, a few it treats specially, ASCII letters, spaces and breaks
_ALPHABET = st.sampled_from(
    list("".join(MOJIBAKE_CATEGORIES.values()).replace("-", ""))
    + list("ÂÃÎÐ€œŠš¢£Ÿž\xa0\xad®©°·»–—´×²³ØÙàµ¹¼½¾√±∂†≠™≤≥¥ø≈‚ÄìîïòôúùûπâóäêвЂВГРСўΒΓΞΟāﬁ\x1b\x00\x85\u2028")
    + list("abcXYZ .,?!\n\t\r0123456789") * 4
)
_TEXTS = st.builds(lambda pre, mid, post: pre + mid + post,
                   st.text(st.sampled_from("ab .\n"), max_size=30), st.text(_ALPHABET, max_size=40),
                   st.text(st.sampled_from("xy ,\n"), max_size=30))


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_badness_check_around_non_ascii_runs_agrees_with_ftfy(text):
    assert normalise.looks_bad(text) == is_bad(text)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_ftfy_on_changed_lines_only_gives_ftfys_result(text):
    assert normalise._ftfy_lines(text) == ftfy.fix_text(text, normalise._FTFY)


def test_a_mostly_ascii_posting_with_one_mojibake_line_is_repaired_on_that_line():
    text = "Requirements:\n" + "We use Python and SQL every day.\n" * 200 + "Youâ\x80\x99ll ship models.\n" + "Done.\n" * 50
    fixed = normalise.fix_text(text)
    assert "You’ll ship models." in fixed and fixed.count("We use Python and SQL every day.") == 200
    assert fixed == ftfy.fix_text(text, normalise._FTFY)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300), st.text(max_size=30), st.text(max_size=30))
def test_one_normalisation_gives_the_same_dedup_keys_as_each_function(description, company, title):
    fp = dedup.fingerprint(company, title, description, "HTTPS://Example.org/jobs/1/?utm_source=x")
    assert dedup.normalise_key_text(description) == " ".join(dedup.key_words(description))
    assert fp.text_key == dedup.text_key(company, title, description)
    assert fp.canonical_url == "https://example.org/jobs/1"
    sig = dedup.minhash_signature(description)
    assert (fp.signature is None) == (sig is None)
    if sig is not None:
        assert (fp.signature.values == sig.values).all() and fp.signature.shingles == sig.shingles
        assert fp.bands == dedup.band_keys(sig.values)


def test_roman_level_words_become_digits_only_as_whole_words():
    assert dedup.normalise_key_text("Engineer II (iv), Civil-III; Vivid iii") == "engineer 2 4 civil 3 vivid 3"


def test_requests_to_this_machine_are_not_paced_but_other_hosts_are():
    sleeps: list[float] = []
    ok = httpx.MockTransport(lambda request: httpx.Response(200, json={}))
    http = HttpClient(make_client(user_agent="t", transport=ok), sleep=sleeps.append, min_interval=5.0)
    for _ in range(3):
        http.get("http://127.0.0.1:8123/v1/boards/a/jobs")
        http.get("http://localhost:8123/v1/boards/b/jobs")
    assert sleeps == []
    for _ in range(2):
        http.get("https://boards.example.org/v1/boards/a/jobs")
    assert len(sleeps) == 1 and sleeps[0] > 4.0


def _posting(i: int) -> NormalizedPosting:
    return NormalizedPosting(source="greenhouse", board="acme", source_id=str(i), title=f"ML Engineer {i}",
                             description=f"Python and SQL, requisition {i}.", company="Acme")


def test_workers_are_started_early_only_when_the_run_will_extract(tmp_path):
    from skillgap.extractors.extract import EXTRACTOR_VERSION
    from skillgap.pipelines.flows import _expects_extraction

    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - type: greenhouse\n    boards: [acme]\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert _expects_extraction(str(config), str(db), None)  # a new database: everything is new

    seen = datetime(2026, 11, 1)
    with Store.open(db) as store:
        postings = [_posting(i) for i in range(3)]
        stats = store.upsert_postings("greenhouse", "acme", postings, seen_at=seen)
        store.set_board_digest("greenhouse", "acme", "d1", stats, seen_at=seen)
    assert _expects_extraction(str(config), str(db), None)  # stored, but not extracted yet

    facts = FakeExtraction("ml", "entry", True, None, False, None, None, None, None, ())
    with Store.open(db) as store:
        store.write_extractions([(p.posting_id, p.content_hash, facts) for p in postings], version=EXTRACTOR_VERSION,
                                extracted_at=seen)
    assert not _expects_extraction(str(config), str(db), None)  # a steady nightly run

    config.write_text("sources:\n  - type: greenhouse\n    boards: [acme, newco]\n", encoding="utf-8")
    assert _expects_extraction(str(config), str(db), None)  # a board never stored
    assert not _expects_extraction(str(config), str(db), ["lever"])  # ... unless its source is left out


def test_parse_worker_fingerprints_match_what_the_store_would_compute(tmp_path):
    from skillgap.pipelines.extraction import parse_records

    jobs = [{"id": i, "title": "Data Scientist", "company_name": "Acme", "absolute_url": f"https://x.org/j/{i}?gh_src=1",
             "content": json.dumps("&lt;p&gt;" + " ".join(f"word{j}" for j in range(i, i + 40)) + "&lt;/p&gt;")[1:-1]}
            for i in range(5)]
    postings, fps = parse_records("greenhouse", "acme", jobs)
    assert sorted(fps) == sorted(p.posting_id for p in postings)
    for p in postings:
        fp = fps[p.posting_id]
        assert fp.text_key == dedup.text_key(p.company, p.title, p.description)
        assert fp.canonical_url == dedup.canonical_url(p.url)
        assert (fp.signature.values == dedup.minhash_signature(p.description).values).all()
    with Store.open(tmp_path / "a.duckdb") as a, Store.open(tmp_path / "b.duckdb") as b:
        a.upsert_postings("greenhouse", "acme", postings, seen_at=datetime(2026, 11, 1), fingerprints=fps)
        b.upsert_postings("greenhouse", "acme", postings, seen_at=datetime(2026, 11, 1))
        q = ("SELECT r.posting_id, cluster_id, canonical_url, text_key, m.signature FROM posting_records r "
             "JOIN posting_minhash m USING (posting_id) ORDER BY 1")
        assert a.con.execute(q).fetchall() == b.con.execute(q).fetchall()
        q2 = "SELECT band_key, posting_id FROM posting_lsh ORDER BY 1, 2"
        assert a.con.execute(q2).fetchall() == b.con.execute(q2).fetchall()


def test_the_early_temporary_api_is_not_started_when_prefect_is_loaded_or_a_server_is_set(monkeypatch):
    from skillgap.pipelines import prefect_env

    assert "prefect" in __import__("sys").modules  # this test process has Prefect loaded
    assert prefect_env.start_temporary_api() is False and not prefect_env.early_api_started()
    with prefect_env.temporary_api() as used:
        assert used is False


def test_ingest_with_no_prefect_server_configured_runs_on_the_early_temporary_api(tmp_path, greenhouse_boards):
    """The command's real path: no PREFECT_API_URL, so the ingest launches Prefect's temporary
    server itself before importing Prefect, runs the flow on it and stops it at exit."""
    import os
    import subprocess
    import sys

    import psutil

    jobs = [{"id": i, "title": f"Data Scientist {i}", "company_name": "Acme",
             "content": f"&lt;p&gt;Python and SQL, requisition {i}.&lt;/p&gt;"} for i in range(3)]
    config, replay = greenhouse_boards({"acme": jobs})
    runner = (
        "import sys, psutil\n"
        "from pathlib import Path\n"
        "from skillgap.pipelines.cli import _run_ingest, _setup_logging\n"
        "from skillgap.pipelines import prefect_env\n"
        "_setup_logging(False)\n"
        "code = _run_ingest(Path(sys.argv[1]), Path(sys.argv[2]), None, sys.argv[3], 'ingest', workers=1)\n"
        "print('EARLY', prefect_env.early_api_started(), flush=True)\n"
        "print('CHILD', ' '.join(str(c.pid) for c in psutil.Process().children()), flush=True)\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    out = subprocess.run([sys.executable, "-c", runner, str(config), str(tmp_path / "s.duckdb"), str(replay)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "EARLY True" in out.stdout and "3 postings extracted" in out.stderr
    children = [int(p) for p in out.stdout.split("CHILD", 1)[1].split()]
    assert not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in children)
    # the server skipped block registration and did not record it as done: a later `prefect
    # server start` over the same PREFECT_HOME still registers the block types
    memo = tmp_path / "prefect-home" / "memo_store.toml"
    assert not memo.exists() or "block_auto_registration" not in memo.read_text(encoding="utf-8")


def test_the_early_server_is_quieted_only_where_the_user_set_nothing():
    from skillgap.pipelines.prefect_env import quiet_server_settings

    assert quiet_server_settings({}) == {
        "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false", "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    }
    # a setting given by any of its names (here the older ones) is the user's: left alone
    assert quiet_server_settings({"PREFECT_API_BLOCKS_REGISTER_ON_START": "true",
                                  "PREFECT_API_SERVICES_TRIGGERS_ENABLED": "true"}) == {}


_PRESTART_PROBE = """
import sys, threading, time
from skillgap.extractors import pool as worker_pool
from skillgap.pipelines import flows

def probe():
    # a forked worker runs the extractor the parent built and handed over; a spawned one has none handed
    return worker_pool._HANDED is not None and worker_pool._EXTRACTOR is worker_pool._HANDED

if __name__ == "__main__":
    if sys.argv[1] == "thread":  # another thread running: forking is not safe any more
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
    flows._prestart_pool(2)
    pool = flows._take_prestarted(2)
    pool.wait_ready()
    print("SHARED", [pool._pool.submit(probe).result() for _ in range(4)], flush=True)
    pool.close()
"""


def test_prestarted_workers_share_one_extractor_built_before_any_thread_else_build_their_own(tmp_path):
    """As ``skillgap extract`` does: the ingest builds the extractor once and forks the workers
    from it while it has no other thread (before Prefect starts any); with a thread running it
    spawns them instead, each building its own."""
    import subprocess
    import sys

    script = tmp_path / "probe.py"  # a file: spawned workers import its probe from it
    script.write_text(_PRESTART_PROBE, encoding="utf-8")
    for mode, shared in (("alone", True), ("thread", False)):
        out = subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-3000:]
        assert f"SHARED {[shared] * 4}" in out.stdout, (mode, out.stdout)


def test_boards_fetched_before_the_flow_are_taken_by_its_fetch_tasks_not_fetched_again(tmp_path, greenhouse_boards, monkeypatch):
    from skillgap.pipelines import flows
    from skillgap.pipelines.config import load_config
    from skillgap.pipelines.runlock import holds_lock, writer_lock

    boards = [f"b{i}" for i in range(flows.FETCH_WINDOW + 1)]
    job = {"id": 1, "title": "Data Scientist", "company_name": "Acme", "content": "&lt;p&gt;Python and SQL.&lt;/p&gt;"}
    config, replay = greenhouse_boards({board: [job] for board in boards})
    db = tmp_path / "s.duckdb"
    assert not holds_lock(db)
    with writer_lock(db):
        assert holds_lock(db)  # run_ingest prefetches only then
    monkeypatch.setattr(flows, "_PREFETCHED", {})
    flows._prefetch(str(config), str(db), None, str(replay))
    assert sorted(flows._PREFETCHED) == [("greenhouse", b) for b in boards[: flows.FETCH_WINDOW]]  # the flow's first
    early = {key: fut.result() for key, fut in flows._PREFETCHED.items()}

    spec = load_config(config).sources[0]
    fetched = flows.fetch_board.fn(spec, "b0", user_agent="test", replay_dir=str(replay))
    assert fetched is early[("greenhouse", "b0")] and ("greenhouse", "b0") not in flows._PREFETCHED  # taken once
    again = flows.fetch_board.fn(spec, "b0", user_agent="test", replay_dir=str(replay))
    assert again is not fetched and [p.posting_id for p in again.postings] == [p.posting_id for p in fetched.postings]


def test_no_head_start_when_the_config_cannot_be_read_the_flow_reports_it(tmp_path, monkeypatch):
    from skillgap.pipelines import flows

    monkeypatch.setattr(flows, "_PREFETCHED", {})
    flows._prefetch(str(tmp_path / "missing.yaml"), str(tmp_path / "s.duckdb"), None, None)
    assert flows._PREFETCHED == {}
