"""Role family, seniority and entry level of a posting (rules from the labelling guide).

- role family: ``ml`` (ML/AI/data science), ``data`` (data engineering/analytics/BI), ``other``;
  decided by the title, and by the description only when the title says nothing.
- seniority: ``intern`` | ``entry`` | ``mid`` | ``senior`` | ``unknown``. Required years decide
  when stated (0-2 entry, 3-5 mid, >5 senior); otherwise the title's cue; otherwise strong cues in
  the text ("new grad", "entry-level"); otherwise unknown. Interns stay interns.
- entry level: intern or entry seniority.
- experience inflated: an entry-level title that asks for 3 or more years.
"""

from __future__ import annotations

import re

__all__ = [
    "role_family",
    "seniority",
    "title_level",
    "is_entry_level",
    "experience_inflated",
]

_ML_TITLE = re.compile(
    r"\b(?:machine[- ]learning|ml|ai|a\.i\.|artificial intelligence|data scien\w*|deep[- ]learning|nlp|"
    r"natural language|computer vision|cv|mlops|ml\s?ops|llms?|gen\s?ai|generative|applied scientist|"
    r"research scientist|research engineer|quantitative (?:researcher|research|analyst)|quant researcher|"
    r"perception|recommendation|recommender|scientist|ai/ml|ml/ai|speech|robotics learning|"
    r"reinforcement learning|decision scien\w*|statistician|modeling|modelling)\b",
    re.I,
)
_DATA_TITLE = re.compile(
    r"\b(?:data engineer\w*|data analy\w*|analytics|analyst|business intelligence|bi|database|dba|"
    r"data warehouse|data warehousing|etl|data visuali[sz]ation|big data|data integration|"
    r"data platform|data architect|data management|data governance|data quality|data operations|"
    r"dataops|reporting|sql|insights|data specialist|data consultant|data developer|data)\b",
    re.I,
)
_OTHER_TITLE = re.compile(
    r"\b(?:software (?:engineer|developer|development)|backend|back-end|frontend|front-end|full[- ]stack|"
    r"developer|sales|account|recruit\w*|marketing(?! data| analy)|designer|nurse|payroll|tax|"
    r"accountant|assistant|representative|customer|hardware|asic|verification|firmware|"
    r"mechanical|electrical|geolog\w*|biolog\w*|environmental|office|legal|product manager|"
    r"program manager|sre|devops|site reliability|security|network|it support|applications engineer|"
    r"field applications|administrative|strategist|consultant|cpu|gpu|performance|accelerator)\b",
    re.I,
)
_ML_TEXT = re.compile(
    r"\b(?:machine learning|deep learning|ml models?|neural networks?|pytorch|tensorflow|"
    r"scikit-learn|llms?|nlp|computer vision|model training|data science|predictive model\w*)\b",
    re.I,
)
_DATA_TEXT = re.compile(
    r"\b(?:sql|etl|data pipelines?|data warehous\w*|dashboards?|tableau|power bi|looker|"
    r"analytics|reporting|data analysis|data modeling|excel|bigquery|snowflake|redshift|dbt)\b",
    re.I,
)


def role_family(title: str, description: str = "") -> str:
    """"ml" | "data" | "other"."""
    t = title or ""
    ml = _ML_TITLE.search(t)
    data = _DATA_TITLE.search(t)
    other = _OTHER_TITLE.search(t)
    if ml:
        word = ml.group(0).lower()
        if word in ("scientist", "research engineer", "modeling", "modelling") and other:
            return "other"
        if word in ("scientist",) and not re.search(r"data|research|applied|machine|ml|ai", t, re.I):
            return "other"
        if word == "cv" and not re.search(r"\b(?:engineer|scientist|researcher)\b", t, re.I):
            pass
        else:
            return "ml"
    if data:
        word = data.group(0).lower()
        if other and word in ("data", "sql", "big data", "data integration", "data platform", "reporting", "insights", "analyst", "analytics"):
            # "Software Engineer - Data Integrations", "Backend Development (Big Data Platform)",
            # "Sales Analyst": the role is the other thing.
            if not re.search(r"\b(?:data|bi|business intelligence|analytics)\s+(?:engineer|analyst|developer|consultant|scientist)", t, re.I):
                return "other"
        if word in ("analyst",) and not re.search(r"\b(?:data|bi|business|reporting|analytics|insights|quantitative|marketing|product|financial)\b", t, re.I):
            return "other"
        return "data"
    if other or re.search(r"\b(?:engineer|scientist|analyst|developer|manager|specialist|associate|architect|technician|coordinator|officer)\b", t, re.I):
        return "other"
    # Title says nothing (e.g. "Intern at Digital Sales", a company name): look at the text.
    ml_n = len(_ML_TEXT.findall(description))
    data_n = len(_DATA_TEXT.findall(description))
    if ml_n >= 3 and ml_n >= data_n:
        return "ml"
    if data_n >= 3:
        return "data"
    return "other"


_INTERN = re.compile(
    r"\b(?:intern|interns|internship|co-?op|student|werkstudent|working student|apprentice\w*|"
    r"trainee|summer analyst|placement|praktikum|praktikant\w*|stagiaire|stage|accelerator program)\b",
    re.I,
)
_SENIOR = re.compile(
    r"\b(?:senior|sr\.?|snr|staff|principal|lead|leader|manager|director|head|vp|vice president|"
    r"chief|cto|distinguished|fellow|expert)\b",
    re.I,
)
_ENTRY = re.compile(
    r"\b(?:junior|jr\.?|new grad\w*|graduate|grad|university grad\w*|entry[- ]level|entry|"
    r"early[- ]career|associate|college hire|campus|undergrad\w*|recent grad\w*|level i|l1|"
    r"(?:engineer|scientist|analyst|developer|specialist|consultant)\s+(?:i|1)(?![\w/])|apprentice)\b",
    re.I,
)
_MID = re.compile(
    r"\b(?:mid[- ]level|intermediate|level ii|level iii|l2|l3|l4|"
    r"(?:engineer|scientist|analyst|developer|specialist|consultant)\s+(?:ii|iii|iv|2|3|4)(?![\w/]))\b",
    re.I,
)
_TEXT_ENTRY = re.compile(
    r"\b(?:new grad(?:uate)?s?|recent (?:college |university )?grad(?:uate)?s?|entry[- ]level|"
    r"early[- ]career|graduate program|graduate programme|university graduates?|"
    r"no (?:prior |previous )?(?:work )?experience (?:is )?(?:required|necessary|needed))\b",
    re.I,
)
_TEXT_INTERN = re.compile(
    r"\b(?:this internship|our internship|internship program|interns? will|as an intern|"
    r"currently enrolled)\b",
    re.I,
)
_TEXT_SENIOR = re.compile(r"\b(?:senior|seasoned|veteran)\s+(?:engineer|scientist|leader|hire)\b", re.I)


def title_level(title: str) -> str | None:
    """The seniority cue of a title alone, or None."""
    t = title or ""
    if _INTERN.search(t):
        return "intern"
    senior = _SENIOR.search(t)
    entry = _ENTRY.search(t)
    mid = _MID.search(t)
    if senior and (not entry or senior.group(0).lower() not in ("associate",)):
        # "Sr Expert Data Science (Associate level)": the explicit level wins.
        if entry and re.search(r"associate\s+level|entry\s+level", t, re.I):
            return "entry"
        return "senior"
    if mid:
        return "mid"
    if entry:
        return "entry"
    return None


def seniority(title: str, years: float | None, description: str = "") -> str:
    """Seniority per the labelling guide."""
    cue = title_level(title)
    if cue == "intern":
        return "intern"
    if years is not None:
        if years <= 2:
            return "entry"
        if years <= 5:
            return "mid"
        return "senior"
    if cue is not None:
        return cue
    head = description[:4000]
    if _TEXT_INTERN.search(head):
        return "intern"
    if _TEXT_ENTRY.search(head):
        return "entry"
    if _TEXT_SENIOR.search(head):
        return "senior"
    return "unknown"


def is_entry_level(seniority_: str) -> bool:
    return seniority_ in ("intern", "entry")


def experience_inflated(title: str, years: float | None) -> bool:
    """An entry-level title ("Junior", "New Grad", "Engineer I", intern) asking for >= 3 years."""
    cue = title_level(title)
    return cue in ("entry", "intern") and years is not None and years >= 3
