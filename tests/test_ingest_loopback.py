"""`skillgap ingest` end to end against a local HTTP server at each API's own path (no network):
the real payloads through all fifteen adapters, and failing boards next to a re-listed job."""

import json
from pathlib import Path

import pytest

from tests.factories import job_text, query
from tests.loopback import Loopback

pytestmark = pytest.mark.flow

PAYLOADS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "payloads"
JSON = {"Content-Type": "application/json"}


def ingest(config_path, db):
    from skillgap.pipelines.cli import _run_ingest

    return _run_ingest(config_path, db, None, None, "ingest")


def real_routes():
    p = PAYLOADS
    smart = json.loads((p / "smartrecruiters.json").read_text(encoding="utf-8"))
    detail = json.loads((p / "smartrecruiters_docs_posting_object.json").read_text(encoding="utf-8"))
    routes = {
        "/v1/boards/stripe/jobs": p / "greenhouse.json",
        "/v0/postings/leverdemo": p / "lever.json",
        "/posting-api/job-board/ramp": p / "ashby.json",
        "/v1/companies/Ubisoft2/postings": smart,
        "/api/accounts/persado": p / "workable.json",
        "/api/offers/": p / "recruitee.json",
        "/api": p / "remoteok.json",
        "/api/remote-jobs": p / "remotive.json",
        "/api/job-board-api": p / "arbeitnow.json",
        "/jobs/api": lambda q: (200, JSON, (p / "himalayas.json").read_bytes()) if "cursor" not in q
        else (200, JSON, b'{"jobs": [], "nextCursor": null}'),
        "/api/v2/remote-jobs": p / "jobicy.json",
        # The Muse capture is one job: served in the API's envelope.
        "/api/public/jobs": {"page": 0, "page_count": 1, "results": [json.loads((p / "themuse_single_result.json").read_text())]},
        "/api/v1/items/49522897": p / "hn_algolia_item_condensed.json",
        "/api/search": p / "real_usajobs_1.json",
        "/careers/software-engineer": (200, {"Content-Type": "text/html"}, (p / "jsonld_jobposting_meta.html").read_bytes()),
    }
    for item in smart["content"]:  # the docs' detail object, answered for each listed id
        routes[f"/v1/companies/Ubisoft2/postings/{item['id']}"] = {**detail, "id": item["id"], "name": item["name"]}
    return routes


def test_all_fifteen_adapters_ingest_the_real_payloads(prefect_harness, tmp_path, monkeypatch):
    if not PAYLOADS.is_dir():
        pytest.skip("../shared/data/payloads is absent (fresh clone)")
    monkeypatch.setenv("USAJOBS_API_KEY", "test-key")
    monkeypatch.setenv("USAJOBS_EMAIL", "tests@example.org")
    with Loopback(real_routes()) as server:
        u = server.url
        config = tmp_path / "sources.yaml"
        config.write_text(f"""
sources:
  - {{type: greenhouse, boards: [stripe], base_url: "{u}"}}
  - {{type: lever, boards: [leverdemo], base_url: "{u}"}}
  - {{type: ashby, boards: [ramp], base_url: "{u}"}}
  - {{type: smartrecruiters, boards: [Ubisoft2], base_url: "{u}"}}
  - {{type: workable, boards: [persado], base_url: "{u}"}}
  - {{type: recruitee, boards: [channable], base_url: "{u}"}}
  - {{type: remoteok, base_url: "{u}"}}
  - {{type: remotive, base_url: "{u}"}}
  - {{type: arbeitnow, base_url: "{u}"}}
  - {{type: himalayas, base_url: "{u}"}}
  - {{type: jobicy, base_url: "{u}"}}
  - {{type: themuse, base_url: "{u}"}}
  - {{type: hn_whoishiring, base_url: "{u}", filters: {{story_id: 49522897}}}}
  - {{type: usajobs, base_url: "{u}"}}
  - {{type: jsonld, base_url: "{u}", urls: ["https://careers.example.com/careers/software-engineer"]}}
""", encoding="utf-8")
        db = tmp_path / "real.duckdb"
        assert ingest(config, db) == 0
    runs = query(db, "SELECT source, status, fetched, skipped, error FROM source_runs ORDER BY source")
    assert len(runs) == 15 and {r[1] for r in runs} == {"ok"}, runs
    stored = dict(query(db, "SELECT source, count(*) FROM postings GROUP BY source"))
    assert set(stored) == {r[0] for r in runs} and all(n > 0 for n in stored.values())
    for source, _, fetched, skipped, error in runs:  # nothing listed is lost: stored or counted as skipped
        assert fetched == stored[source] + skipped or (skipped and error), (source, fetched, stored[source], skipped)
    bad = query(db, r"""SELECT posting_id FROM postings WHERE regexp_matches(title || ' ' || coalesce(company, '') || ' '
                         || description, '&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);|Ã[\x80-\xbf]|â€|ï¼')""")
    assert bad == []
    hn = query(db, "SELECT company, title, location FROM postings WHERE source = 'hn_whoishiring' ORDER BY source_id")
    assert ("Modash.io", "Senior Product Engineer", "Remote (Europe)") in hn


def greenhouse_board(jobs):
    return {"jobs": [{"id": jid, "title": title, "company_name": company, "absolute_url": f"https://boards.greenhouse.io/x/jobs/{jid}",
                      "location": {"name": "Remote (US)"}, "updated_at": "2026-11-20T10:00:00-05:00",
                      "first_published": "2026-11-18T10:00:00-05:00", "content": "&lt;p&gt;" + text.replace("\n", "&lt;/p&gt;&lt;p&gt;") + "&lt;/p&gt;"}
                     for jid, title, company, text in jobs],
            "meta": {"total": len(jobs)}}


def test_failing_boards_are_recorded_and_a_relisted_job_joins_its_original(prefect_harness, tmp_path):
    ds = (101, "Data Scientist", "Loafwise Foods", job_text("Loafwise Foods"))
    pe = (102, "Platform Engineer", "Loafwise Foods", job_text("Loafwise Foods", topic="store routing"))
    flaky_calls = []

    def flaky(query):
        flaky_calls.append(1)
        if len(flaky_calls) == 1:
            return 429, {"Retry-After": "0", **JSON}, b'{"error": "slow down"}'
        return 200, JSON, json.dumps(greenhouse_board([(7, "Analytics Engineer", "Crumbly", job_text("Crumbly"))])).encode()

    routes = {
        "/v1/boards/loafwise/jobs": greenhouse_board([ds, pe]),
        "/v1/boards/down/jobs": (500, JSON, b'{"error": "internal"}'),
        "/v1/boards/bad/jobs": (200, JSON, b'{"jobs": [{"id": 1, "title": "cut off'),
        "/v1/boards/flaky/jobs": flaky,
        "/posting-api/job-board/lw-careers": {"apiVersion": "1", "jobs": [{
            "id": "c0ffee", "title": "Data Scientist", "location": "United States", "workplaceType": "Remote",
            "isListed": True, "publishedAt": "2026-11-25T09:00:00.000+00:00", "jobUrl": "https://jobs.ashbyhq.com/lw-careers/c0ffee",
            "descriptionHtml": "<p>" + ds[3].replace("\n", "</p><p>") + "</p>"}]},
    }
    with Loopback(routes) as server:
        config = tmp_path / "sources.yaml"
        config.write_text(f"""
sources:
  - {{type: greenhouse, boards: [loafwise, down, bad, flaky], base_url: "{server.url}"}}
  - {{type: ashby, boards: [lw-careers], base_url: "{server.url}"}}
""", encoding="utf-8")
        db = tmp_path / "a.duckdb"
        assert ingest(config, db) == 3
        runs = {r[0]: r[1:] for r in query(db, "SELECT board, status, fetched, new, error FROM source_runs")}
        assert runs["down"][0] == "failed" and "HTTP 500" in runs["down"][3]
        assert runs["bad"][0] == "failed" and "not JSON" in runs["bad"][3]
        assert runs["flaky"][:3] == ("ok", 1, 1) and len(flaky_calls) == 2
        assert runs["loafwise"][:3] == ("ok", 2, 2) and runs["lw-careers"][:3] == ("ok", 1, 1)
        clusters = dict(query(db, "SELECT posting_id, cluster_id FROM postings"))
        assert clusters["ashby:lw-careers:c0ffee"] == clusters["greenhouse:loafwise:101"]
        assert clusters["greenhouse:loafwise:102"] != clusters["greenhouse:loafwise:101"]
        before = query(db, "SELECT posting_id, cluster_id, content_hash, first_seen, closed_at FROM postings ORDER BY 1")

        assert ingest(config, db) == 3  # a second run changes nothing
        assert query(db, "SELECT posting_id, cluster_id, content_hash, first_seen, closed_at FROM postings ORDER BY 1") == before
        second = query(db, "SELECT sum(new), sum(updated), sum(closed) FROM source_runs WHERE run_id = "
                           "(SELECT run_id FROM ingest_runs ORDER BY started_at DESC LIMIT 1)")
        assert second == [(0, 0, 0)]

        routes["/v1/boards/loafwise/jobs"] = greenhouse_board([ds])  # the platform job is taken down
        assert ingest(config, db) == 3
    closed = query(db, "SELECT posting_id FROM postings WHERE closed_at IS NOT NULL")
    assert closed == [("greenhouse:loafwise:102",)]
