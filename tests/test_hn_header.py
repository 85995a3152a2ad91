"""HN "Who is hiring" header lines -> company, title, location, remote, salary text, apply URL.

Header lines written for this test in the thread's conventions (not copied from a thread)."""

import pytest

from skillgap.pipelines.sources.hn_whoishiring import HNWhoIsHiring, parse_header


@pytest.mark.parametrize(("line", "expected"), [
    ("Lanternfish | Senior Data Engineer | Remote (EU) | Full-time | €80k-€100k | https://lanternfish.example/jobs",
     ("Lanternfish", "Senior Data Engineer", "Remote (EU)", True, "€80k-€100k", "https://lanternfish.example/jobs")),
    ("Quayside Labs | ML Research Intern | Boston, MA | ONSITE | $45/hour",
     ("Quayside Labs", "ML Research Intern", "Boston, MA", False, "$45/hour", None)),
    ("Pebblework | Toronto, Canada | Backend Developer | HYBRID",
     ("Pebblework", "Backend Developer", "Toronto, Canada", False, None, None)),
    ("Mossgate (YC W25) | Founding AI Engineer | San Francisco or REMOTE (US) | $150k - $190k + equity | mossgate.ai",
     ("Mossgate (YC W25)", "Founding AI Engineer", "San Francisco or REMOTE (US)", True, "$150k - $190k + equity",
      "https://mossgate.ai")),
    ("Birchline | Data Analyst | NYC | Full-time | VISA",
     ("Birchline", "Data Analyst", "NYC", None, None, None)),
])
def test_parse_header_fields(line, expected):
    h = parse_header(line)
    assert (h.company, h.title, h.location, h.remote, h.salary_text, h.apply_url) == expected


def test_free_sentence_header_is_only_a_title():
    h = parse_header("We are hiring data engineers in Oslo, remote possible.")
    assert (h.company, h.location, h.salary_text) == (None, None, None)
    assert h.title == "We are hiring data engineers in Oslo, remote possible." and h.remote is True


def test_comment_rest_is_the_description_and_salary_is_kept():
    comment = {
        "id": 7, "created_at": "2026-10-01T15:00:00.000Z",
        "text": "Fjordly | Data Scientist | Oslo, Norway | NOK 700k | <a href=\"https:&#x2F;&#x2F;fjordly.example\">"
                "https:&#x2F;&#x2F;fjordly.example</a><p>We forecast ferry demand with Python &amp; SQL.<p>Email us.",
    }
    (p,) = HNWhoIsHiring().parse([comment], board=None)
    assert (p.company, p.title, p.location) == ("Fjordly", "Data Scientist", "Oslo, Norway")
    assert p.description.startswith("We forecast ferry demand with Python & SQL.")
    assert "Fjordly |" not in p.description and p.description.endswith("Salary: NOK 700k")
    assert p.extra["apply_url"] == "https://fjordly.example" and p.extra["salary_text"] == "NOK 700k"
