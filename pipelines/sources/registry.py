"""The one list of source adapters. Adding a board type = one module + one line here."""

from __future__ import annotations

from skillgap.pipelines.sources.adzuna import Adzuna
from skillgap.pipelines.sources.arbeitnow import Arbeitnow
from skillgap.pipelines.sources.ashby import Ashby
from skillgap.pipelines.sources.base import Source
from skillgap.pipelines.sources.greenhouse import Greenhouse
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
