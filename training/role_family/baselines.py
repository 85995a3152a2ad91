"""Baselines the role-family model is compared against (held-out figures in benchmarks/RESULTS.md).

- ``rules_1_4``: the role-family rules of extractors/classify.py as of extraction rules 1.4 (title
  regexes plus a description fallback), kept here verbatim so the comparison survives the switch.
- ``title_regex``: a plain keyword scan of the title (ml words, then data words, else other).
"""

from __future__ import annotations

import re

_PLAIN_ML = re.compile(
    r"\b(?:machine learning|ml|ai|artificial intelligence|data scien\w*|deep learning|nlp|computer vision|"
    r"mlops|llm|genai|generative ai|applied scientist|research scientist)\b",
    re.I,
)
_PLAIN_DATA = re.compile(
    r"\b(?:data|analytics|analyst|business intelligence|bi|database|etl|sql)\b",
    re.I,
)


def title_regex(title: str, description: str = "") -> str:
    if _PLAIN_ML.search(title or ""):
        return "ml"
    if _PLAIN_DATA.search(title or ""):
        return "data"
    return "other"


# --- rules 1.4 (verbatim copy of classify.role_family and its patterns) ---------------------------
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


def rules_1_4(title: str, description: str = "") -> str:
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


