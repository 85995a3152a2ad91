"""Opt-in live checks against real boards (SKILLGAP_LIVE=1). Never part of the default run or CI."""

import pytest

from skillgap.pipelines.http import HttpClient, make_client
from skillgap.pipelines.sources.registry import get_source

pytestmark = pytest.mark.network


@pytest.mark.parametrize(("source", "board"), [("greenhouse", "anthropic"), ("lever", "plaid"), ("ashby", "benchling")])
def test_live_board_parses(source, board):
    adapter = get_source(source)
    with HttpClient(make_client(user_agent="skillgap-live-test/0.1")) as http:
        result = adapter.fetch(http, board=board, base_url=None)
    postings = adapter.parse(result.records, board=board)
    assert postings, f"{source}:{board} listed no jobs"
    assert all(p.title and p.source_id for p in postings)
    assert all("&lt;" not in p.description for p in postings)
