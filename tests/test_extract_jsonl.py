"""``run_extract``: the streaming core of ``skillgap extract`` (CONTRACTS §4)."""

from __future__ import annotations

import io
import json

import pytest

from skillgap.extractors.jsonl import run_extract

CONTRACT_KEYS = {"id", "role_family", "seniority", "entry_level", "years_min", "skills", "salary"}
SKILL_KEYS = {"skill", "category", "requirement", "start", "end", "text"}


def run(ex, lines, **kw):
    inp = io.StringIO("".join(line + "\n" for line in lines))
    out = io.StringIO()
    errors = run_extract(inp, out, extractor=ex, **kw)
    return errors, [json.loads(x) for x in out.getvalue().splitlines()]


def test_contract_shape_order_and_malformed_lines(ex):
    lines = [
        json.dumps({"id": "a", "title": "Junior Data Scientist",
                    "description": "Requirements\n- 1+ years with Python and SQL\n- Docker is a plus\n"
                                   "Salary: $110,000 - $140,000 per year"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "title": "x"}),
        "",
        json.dumps({"id": "b", "title": "Nurse", "description": "Care for patients."}),
    ]
    errors, out = run(ex, lines, batch_size=2)
    assert errors == 3
    assert [o.get("id") for o in out] == ["a", None, None, 7, "b"]
    assert set(out[1]) == {"id", "error"} and "JSON" in out[1]["error"]
    assert "description" in out[3]["error"]
    a = out[0]
    assert CONTRACT_KEYS <= set(a)
    assert (a["role_family"], a["seniority"], a["entry_level"], a["years_min"]) == ("ml", "entry", True, 1.0)
    desc = json.loads(lines[0])["description"]
    for s in a["skills"]:
        assert SKILL_KEYS <= set(s)
        assert desc[s["start"] : s["end"]] == s["text"]
    assert {(s["skill"], s["requirement"]) for s in a["skills"]} == {
        ("Python", "required"), ("SQL", "required"), ("Docker", "preferred")
    }
    assert {k: a["salary"][k] for k in ("min", "max", "currency", "period")} == {
        "min": 110000, "max": 140000, "currency": "USD", "period": "year"
    }
    assert "description_text" not in a
    assert out[4]["salary"] is None and out[4]["skills"] == []


def test_html_input_gets_description_text(ex):
    html = "&lt;h2&gt;Requirements&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Python&lt;/li&gt;&lt;/ul&gt;"
    _, out = run(ex, [json.dumps({"id": 1, "title": "Data Engineer", "description": html})])
    o = out[0]
    text = o["description_text"]
    assert "<" not in text and "Python" in text
    s = o["skills"][0]
    assert text[s["start"] : s["end"]] == "Python"


def test_streams_without_reading_everything_first(ex):
    """Output for the first batch is written before later input is read."""
    seen_before_third: list[str] = []

    class Source(io.StringIO):
        def __init__(self, lines, out):
            super().__init__()
            self._lines = lines
            self._out = out

        def __iter__(self):
            for i, line in enumerate(self._lines):
                if i == 2:
                    seen_before_third.append(self._out.getvalue())
                yield line

    out = io.StringIO()
    lines = [json.dumps({"id": i, "title": "", "description": "Python"}) + "\n" for i in range(5)]
    assert run_extract(Source(lines, out), out, extractor=ex, batch_size=1) == 0
    assert seen_before_third[0].count("\n") == 2
    assert len(out.getvalue().splitlines()) == 5


def _mixed_lines(n: int) -> list[str]:
    lines = []
    for i in range(n):
        if i % 7 == 3:
            lines.append("{broken" if i % 2 else json.dumps({"id": i, "title": 5, "description": "x"}))
        else:
            lines.append(json.dumps({"id": i, "title": "Data Analyst" if i % 2 else "ML Intern",
                                     "description": f"Requirements\n- {i % 5 + 1}+ years of Python and SQL\n"
                                                    "- Docker is a plus\n"}))
    return lines


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_worker_processes_give_the_same_lines_in_input_order(ex, monkeypatch, start_method):
    import multiprocessing

    from skillgap.extractors import pool

    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start_method} here")
    if start_method == "spawn":
        monkeypatch.setattr(pool.threading, "active_count", lambda: 2)  # fork refused: spawn
    lines = _mixed_lines(45)
    serial = run(ex, lines, batch_size=4)
    parallel = run(ex, lines, batch_size=4, workers=2)
    assert parallel == serial
    assert [o["id"] for o in parallel[1]] == [None if i % 7 == 3 and i % 2 else i for i in range(45)]
    assert serial[0] == sum(1 for o in serial[1] if "error" in o) > 0
    assert any(o.get("skills") for o in parallel[1])


def test_one_batch_of_input_starts_no_worker_process(ex, monkeypatch):
    from skillgap.extractors import jsonl

    def no_pool(*_a, **_k):
        raise AssertionError("a pool was started for one batch")

    monkeypatch.setattr(jsonl, "WorkerPool", no_pool)
    errors, out = run(ex, _mixed_lines(3), batch_size=4, workers=2)
    assert len(out) == 3 and errors == 0
