"""Every job-board adapter behind the one ``Source`` protocol, under the contract's names, and
parsing the real payload shapes kept beside the repository (skipped in a fresh clone)."""

from __future__ import annotations

import json

import pytest

from skillgap.pipelines.sources.adzuna import Adzuna
from skillgap.pipelines.sources.arbeitnow import Arbeitnow
from skillgap.pipelines.sources.ashby import Ashby
from skillgap.pipelines.sources.base import Source
from skillgap.pipelines.sources.himalayas import Himalayas
from skillgap.pipelines.sources.hn_whoishiring import HNWhoIsHiring
from skillgap.pipelines.sources.jobicy import Jobicy
from skillgap.pipelines.sources.jsonld import JsonLd
from skillgap.pipelines.sources.lever import Lever
from skillgap.pipelines.sources.recruitee import Recruitee
from skillgap.pipelines.sources.remoteok import RemoteOK
from skillgap.pipelines.sources.remotive import Remotive
from skillgap.pipelines.sources.smartrecruiters import SmartRecruiters
from skillgap.pipelines.sources.themuse import TheMuse
from skillgap.pipelines.sources.usajobs import USAJobs
from skillgap.pipelines.sources.workable import Workable
from tests.source_helpers import PAYLOADS

BOARDS = [Lever, Ashby, SmartRecruiters, Workable, Recruitee]  # one company per board
FEEDS = [RemoteOK, Remotive, Arbeitnow, Himalayas, Jobicy, TheMuse]  # the whole feed, no board
OTHERS = [USAJobs, Adzuna, JsonLd, HNWhoIsHiring]
ALL = BOARDS + FEEDS + OTHERS


@pytest.mark.parametrize("cls", ALL)
def test_adapters_satisfy_the_source_protocol(cls):
    assert isinstance(cls(), Source)
    assert cls.name and cls.attribution and cls.default_base_url.startswith("https://")
    assert cls.takes_boards is (cls in BOARDS)
    assert getattr(cls, "takes_urls", False) is (cls is JsonLd)


def test_adapter_names_are_unique_and_the_contract_names():
    assert [cls.name for cls in ALL] == [
        "lever", "ashby", "smartrecruiters", "workable", "recruitee",
        "remoteok", "remotive", "arbeitnow", "himalayas", "jobicy", "themuse",
        "usajobs", "adzuna", "jsonld", "hn_whoishiring",
    ]


# --- the real payload shapes (reference data beside the repo; skipped in a fresh clone) -------

@pytest.mark.parametrize(
    ("cls", "filename", "unwrap", "board"),
    [
        (Lever, "lever.json", None, "leverdemo"),
        (Ashby, "ashby.json", "jobs", "ramp"),
        (SmartRecruiters, "smartrecruiters.json", "content", "Ubisoft2"),
        (Workable, "workable.json", "jobs", "persado"),
        (Recruitee, "recruitee.json", "offers", "channable"),
        (RemoteOK, "remoteok.json", None, None),
        (Remotive, "remotive.json", "jobs", None),
        (Arbeitnow, "arbeitnow.json", "data", None),
        (Himalayas, "himalayas.json", "jobs", None),
        (Jobicy, "jobicy.json", "jobs", None),
        (TheMuse, "themuse_single_result.json", "[one]", None),
    ],
)
def test_parses_the_real_payload_shapes(cls, filename, unwrap, board):
    path = PAYLOADS / filename
    if not path.is_file():
        pytest.skip(f"reference payload {path} not present (../shared/data is not part of a clone)")
    payload = json.loads(path.read_text(encoding="utf-8"))
    records = [payload] if unwrap == "[one]" else (payload[unwrap] if unwrap else payload)
    postings = cls().parse(records, board=board)
    assert postings and len({p.posting_id for p in postings}) == len(postings)
    for p in postings:
        assert p.title and p.source_id and p.url
        # Remote OK sometimes names a placeholder ('jobs') as the company: unknown, not a name.
        assert p.company or cls is RemoteOK
        assert (p.company or "").casefold() not in {"jobs", "real"}
        assert p.posted_at is not None and p.posted_at.tzinfo is None
        assert "&lt;" not in p.description and "<p>" not in p.description and "&amp;" not in p.description
