"""``run_extract`` output encoding and blank lines; company-talk cues."""

from __future__ import annotations

import io
import json

import pytest

from skillgap.extractors.extract import Extractor
from skillgap.extractors.jsonl import run_extract


def run_bytes(ex, text: str, *, errors: str = "strict", **kw):
    """Run over a real UTF-8 text stream, as ``skillgap extract`` writes to stdout."""
    inp = io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogateescape")), encoding="utf-8", errors=errors)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)
    n_errors = run_extract(inp, out, extractor=ex, **kw)
    out.flush()
    data = raw.getvalue().decode("utf-8")  # strict: the output must be valid UTF-8
    return n_errors, [json.loads(x) for x in data.splitlines()]


def test_lone_surrogate_keeps_the_run_going_and_offsets(ex):
    desc = "Requirements: Python \ud83d SQL and Docker"
    lines = [
        json.dumps({"id": "a", "title": "Data Engineer", "description": "Requirements: Python and SQL"}),
        json.dumps({"id": "s", "title": "Data Engineer", "description": desc}),  # escaped: valid JSON
        json.dumps({"id": "z", "title": "Data Engineer", "description": "Requirements: Docker"}),
    ]
    n_errors, out = run_bytes(ex, "".join(x + "\n" for x in lines))
    assert [o["id"] for o in out] == ["a", "s", "z"]
    assert n_errors == 0
    rec = out[1]
    assert "error" not in rec
    assert {s["skill"] for s in rec["skills"]} >= {"Python", "SQL"}
    for s in rec["skills"]:
        assert desc[s["start"] : s["end"]] == s["text"]
    assert out[2]["skills"] and out[2]["skills"][0]["skill"] == "Docker"


def test_non_ascii_stays_unescaped_when_encodable(ex):
    line = json.dumps({"id": "é", "title": "Data Engineer", "description": "Requirements: Python, café"})
    inp = io.StringIO(line + "\n")
    out = io.StringIO()
    assert run_extract(inp, out, extractor=ex) == 0
    assert '"id": "é"' in out.getvalue()


def test_input_decoded_with_replace_and_surrogateescape(ex):
    raw = b'{"id": "r", "title": "Data Engineer", "description": "Requirements: Python \xff\xfe and SQL"}\n'
    for errors in ("replace", "surrogateescape"):
        inp = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors=errors)
        buf = io.BytesIO()
        out = io.TextIOWrapper(buf, encoding="utf-8", newline="\n", write_through=True)
        assert run_extract(inp, out, extractor=ex) == 0
        out.flush()
        (rec,) = [json.loads(x) for x in buf.getvalue().decode("utf-8").splitlines()]
        assert {s["skill"] for s in rec["skills"]} >= {"Python", "SQL"}, errors


def test_narrow_stream_encoding_falls_back_to_escapes(ex):
    line = json.dumps({"id": "n", "title": "Data Engineer", "description": "Requirements: Python, naïve"})
    buf = io.BytesIO()
    out = io.TextIOWrapper(buf, encoding="ascii", newline="\n", write_through=True)
    assert run_extract(io.StringIO(line + "\n"), out, extractor=ex) == 0
    out.flush()
    (rec,) = [json.loads(x) for x in buf.getvalue().decode("ascii").splitlines()]
    assert rec["id"] == "n"


def test_blank_and_whitespace_lines_are_skipped(ex):
    a = json.dumps({"id": "a", "title": "Data Engineer", "description": "Requirements: Python"})
    b = json.dumps({"id": "b", "title": "Data Engineer", "description": "Requirements: SQL"})
    n_errors, out = run_bytes(ex, "\n" + a + "\n\n   \t\n" + b + "\n\n")
    assert n_errors == 0
    assert [o["id"] for o in out] == ["a", "b"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We need SQL.", {"SQL"}),
        ("We need SQL & pandas.", {"SQL", "pandas"}),
        ("Our team works with Python, SQL and Airflow.", {"Python", "SQL", "Airflow"}),
        ("We're looking for someone with Python", {"Python"}),
    ],
)
def test_company_sentences_that_state_a_need_keep_their_skills(sentence, expected):
    ex = Extractor()
    r = ex.extract(title="Data Engineer", description="Data engineer role.\n\n" + sentence + "\n\nApply today.")
    assert {m.skill for m in r.skills} >= expected


def test_self_description_soft_skills_still_dropped():
    ex = Extractor()
    r = ex.extract(title="Data Engineer", description="Data engineer role.\n\nWe value creativity and teamwork.\n\nApply today.")
    assert not [m for m in r.skills if m.category == "soft_skill"]


def test_surrogate_in_echoed_fields_is_written_as_valid_json(ex):
    lines = [
        json.dumps({"id": "x\udc80", "title": "Data Engineer", "description": "Requirements: Python"}),
        json.dumps({"id": "h", "title": "Data Engineer", "description": "<p>Requirements: Python \ud83d SQL</p>"}),
        json.dumps({"id": "last", "title": "Data Engineer", "description": "Requirements: SQL"}),
    ]
    n_errors, out = run_bytes(ex, "".join(x + "\n" for x in lines))
    assert n_errors == 0
    assert [o["id"] for o in out] == ["x\udc80", "h", "last"]
    text = out[1]["description_text"]
    for s in out[1]["skills"]:
        assert text[s["start"] : s["end"]] == s["text"]
