from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.pipelines.dedup import canonical_url, cluster_key, normalise_key_text
from skillgap.pipelines.normalise import clean_description, parse_timestamp, remote_from_location


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-08-25T17:40:40-04:00", datetime(2026, 8, 25, 21, 40, 40)),
        ("2026-08-25T17:40:40Z", datetime(2026, 8, 25, 17, 40, 40)),
        ("2026-08-25", datetime(2026, 8, 25)),
        (1767225600, datetime(2026, 1, 1)),
        (1767225600000, datetime(2026, 1, 1)),
        ("1767225600", datetime(2026, 1, 1)),
        ("not a date", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_timestamp_formats(value, expected):
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize(
    ("location", "expected"),
    [("Remote - US", True), ("San Francisco, CA", None), ("London (on-site)", False), (None, None), ("Anywhere", True)],
)
def test_remote_from_location(location, expected):
    assert remote_from_location(location) is expected


def test_clean_description_plain_and_html():
    assert clean_description("  Python, SQL  ") == "Python, SQL"
    assert clean_description("<p>Python</p><p>SQL</p>") == "Python\n\nSQL"
    assert clean_description(None) == ""


def test_canonical_url_drops_tracking_and_fragment():
    a = canonical_url("HTTPS://Boards.Greenhouse.io/acme/jobs/1/?utm_source=x&gh_src=y&b=2&a=1#apply")
    assert a == "https://boards.greenhouse.io/acme/jobs/1?a=1&b=2"


def test_cluster_key_ignores_case_accents_punctuation_and_roman_levels():
    assert cluster_key("Acme, Inc.", "ML Engineer I", "New York") == cluster_key("acme inc", "ml engineer 1", "new york")
    assert cluster_key("Café", "Data Scientist", None) == cluster_key("Cafe", "data  scientist", "")
    assert cluster_key("Acme", "ML Engineer", None) != cluster_key("Acme", "Data Engineer", None)


urls = st.builds(
    lambda host, path, q: f"https://{host}.example.com/{path}?{q}",
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[a-z0-9/]{0,12}", fullmatch=True),
    st.from_regex(r"([a-z]{1,4}=[a-z0-9]{0,4}&?){0,3}", fullmatch=True),
)


@given(urls)
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_cluster_key_is_a_function_of_normalised_text(company, title, location):
    key = cluster_key(company, title, location)
    assert len(key) == 16
    assert key == cluster_key(normalise_key_text(company).upper(), normalise_key_text(title), normalise_key_text(location))
