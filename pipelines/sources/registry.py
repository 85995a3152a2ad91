"""The one list of source adapters. Adding a board type = one module + one line here."""

from __future__ import annotations

from pipelines.sources.adzuna import Adzuna
from pipelines.sources.arbeitnow import Arbeitnow
from pipelines.sources.ashby import Ashby
from pipelines.sources.base import Source
from pipelines.sources.greenhouse import Greenhouse
from pipelines.sources.himalayas import Himalayas
from pipelines.sources.hn_whoishiring import HNWhoIsHiring
from pipelines.sources.jobicy import Jobicy
from pipelines.sources.jsonld import JsonLd
from pipelines.sources.lever import Lever
from pipelines.sources.recruitee import Recruitee
from pipelines.sources.remoteok import RemoteOK
from pipelines.sources.remotive import Remotive
from pipelines.sources.smartrecruiters import SmartRecruiters
from pipelines.sources.themuse import TheMuse
from pipelines.sources.usajobs import USAJobs
from pipelines.sources.workable import Workable

__all__ = ["SOURCES", "get_source"]

SOURCES: dict[str, type[Source]] = {
    # ATS job boards (take `boards`)
    Greenhouse.name: Greenhouse,
    Lever.name: Lever,
    Ashby.name: Ashby,
    SmartRecruiters.name: SmartRecruiters,
    Workable.name: Workable,
    Recruitee.name: Recruitee,
    # single feeds (optional `filters`)
    RemoteOK.name: RemoteOK,
    Remotive.name: Remotive,
    Arbeitnow.name: Arbeitnow,
    Himalayas.name: Himalayas,
    Jobicy.name: Jobicy,
    TheMuse.name: TheMuse,
    HNWhoIsHiring.name: HNWhoIsHiring,
    # keyed APIs (keys from the environment; optional `filters`)
    USAJobs.name: USAJobs,
    Adzuna.name: Adzuna,
    # career pages with schema.org JobPosting (take `urls`)
    JsonLd.name: JsonLd,
}


def get_source(name: str) -> Source:
    return SOURCES[name]()
