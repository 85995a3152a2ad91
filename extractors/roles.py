"""Role family from the job title's head: ``ml`` | ``data`` | ``other``.

The job is the title's head noun phrase, not any word in it: "Account Executive, AI Sales" is a
sales job, "Machine Learning Engineer, Ads" an ML job. So:

1. :func:`parse_title` splits a title on separators (``,`` ``-`` ``|`` ``(`` ``:`` `` for ``
   `` of `` `` at `` ...), keeps the first part that names a job (it holds a job noun such as
   *engineer*, *executive*, *recruiter*), strips level words (senior, staff, II, intern, ...)
   and returns ``TitleParts(head, modifiers, managerial)``. A bare "Manager" / "Director" / "Head"
   takes its function from the next part ("Director of Data Science" -> head "data science").
2. :func:`features` turns the parts into hashed sparse features: head words, bigrams and
   character 4-grams, the head noun, head noun x every other word (so "engineer x learning" and
   "executive x ai" can carry different weights) and modifier words.
3. A multinomial logistic regression (numpy weights, shipped as package data in
   ``skillgap/data/models/role_family/``) scores the three families. It is trained by
   ``training/role_family/train.py`` on O*NET alternate titles labelled through the reviewed map
   ``data/soc_role_family.yaml`` plus head/modifier compositions and dev titles; see the model card.
4. The description goes through the model's text stage (rf-3, :class:`TextStage`): a logistic
   regression over the title model's log-probabilities, ML/data term counts and the
   description's words, fit on the labelled postings. It chooses only among the families the
   title model gives at least :data:`TEXT_STAGE_FLOOR`, so it never overrides a title the model is
   sure of ("Account Executive, AI"). A model without a text stage falls back to rules: the
   description decides when the title is uninformative ("Engineer II", "Principal Engineer"), or
   when the model says other but gives ml (data) at least :data:`TEXT_DECIDES_ABOVE` and the text
   is dense in ML (SQL/BI) words.

>>> predict("Account Executive, AI Platform")      # doctest: +SKIP
'other'

Loading is lazy and happens once per process (:func:`load_model`); :data:`MODEL_VERSION` names the
shipped artefact so the extractor version changes when the model does.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FAMILIES",
    "MODEL_VERSION",
    "TEXT_DENSE",
    "TEXT_STAGE_FLOOR",
    "RoleModel",
    "TextStage",
    "TitleParts",
    "features",
    "load_model",
    "parse_title",
    "predict",
    "role_family",
    "text_decides",
    "text_inputs",
    "title_is_uninformative",
]

FAMILIES = ("ml", "data", "other")

# Words that name a job (the head noun of a title). Plurals are folded ("engineers" -> "engineer").
JOB_NOUNS = frozenset(
    """
    engineer engineering developer development programmer architect scientist researcher research
    analyst analytics statistician economist actuary mathematician modeler modeller
    manager management director head lead leader chief officer president vp executive owner founder
    partner principal consultant advisor adviser specialist expert associate administrator admin
    coordinator representative rep agent recruiter sourcer accountant controller auditor bookkeeper
    clerk assistant secretary receptionist designer artist writer editor producer marketer
    strategist planner buyer seller salesperson technician tech operator mechanic electrician
    nurse physician doctor therapist pharmacist teacher instructor tutor professor lecturer trainer
    counsel attorney lawyer paralegal advocate evangelist ambassador officer investigator inspector
    intern internship trainee apprentice student fellow postdoc graduate
    sre devops swe sde dba tpm pm
    support success operations ops
    """.split()
)
# Level / seniority words stripped from the head (they say how senior, not what job).
LEVEL_WORDS = frozenset(
    """
    senior sr snr staff principal junior jr mid midlevel level entrylevel new grad graduate college university
    early career experienced intermediate distinguished i ii iii iv v vi 1 2 3 4 5 6
    l1 l2 l3 l4 l5 l6 l7 e3 e4 e5 e6 ic1 ic2 ic3 ic4 ic5 ic6
    intern interns internship co op coop trainee apprentice student working werkstudent
    summer fall spring winter 2024 2025 2026 2027 2028 phd msc ms bs ba masters master
    remote hybrid onsite contract temporary temp full part time
    """.split()
)
# A head made only of these (after level words) says nothing about the field.
GENERIC_HEADS = frozenset(
    """
    engineer engineering developer intern internship trainee apprentice student graduate associate
    specialist consultant analyst scientist researcher lead staff member professional individual
    contributor generalist ic hire
    """.split()
)
# A bare managerial head takes its function from the next part of the title.
MANAGERIAL = frozenset(
    """
    manager management director head lead leader vp president chief officer supervisor
    senior sr staff principal associate deputy group global regional vice general area
    """.split()
)
_MANAGER_NOUNS = frozenset("manager management director head lead leader vp president chief supervisor".split())

_ENTITIES_TWICE = 2
_SEPARATORS = re.compile(
    r"\s*[,;:|()\[\]{}•·]\s*"  # punctuation that ends a part
    r"|\s+[-‐‑–—]+\s*|\s*[-‐‑–—]+\s+|\s*[–—]\s*"  # dashes with a space on either side, long dashes
    r"|\s+/\s+"  # " / " between alternatives
    r"|\s+(?:for|of|at|in|with|within|on|to|@)\s+",
    re.I,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*", re.I)
_REPLACE = (
    # a Markdown link as the title ("[Data Engineer](https://...)"): its text
    (re.compile(r"\[([^\]]{1,200})\]\([^)]*\)"), r"\1"),
    (re.compile(r"c\+\+", re.I), "cplusplus"),
    (re.compile(r"c#", re.I), "csharp"),
    (re.compile(r"\.net\b", re.I), "dotnet"),
    (re.compile(r"\s*&\s*|\s*\+\s*"), " and "),
    (re.compile(r"\bentry[- ]level\b", re.I), "entrylevel"),
    (re.compile(r"\bsr\.", re.I), "senior"),
    (re.compile(r"\bjr\.", re.I), "junior"),
    (re.compile(r"\bm/w/d\b|\bm/f/d\b|\bf/m/d\b|\bm/f/x\b|\bx/f/m\b|\bf/m/x\b|\bw/m/d\b", re.I), " "),
)
_STOP = frozenset("and the a an to or our your is are be hiring new we job position role team x2 x3".split())


@dataclass(frozen=True)
class TitleParts:
    head: tuple[str, ...]  # the head noun phrase, level words removed ("machine", "learning", "engineer")
    modifiers: tuple[str, ...]  # words of the other parts ("ads", "platform")
    managerial: bool  # the head was a bare "Manager"/"Director"/"Head of" and took the next part
    job_noun: bool = True  # some part of the title holds a job noun


_MAX_TITLE = 300  # a longer "title" is a flattened posting: its head is at the start anyway


def _normalise(title: str) -> str:
    t = (title or "")[:_MAX_TITLE]
    for _ in range(_ENTITIES_TWICE):  # "&amp;#x2F;" needs two passes
        t = html.unescape(t)
    for pat, rep in _REPLACE:
        t = pat.sub(rep, t)
    return t.lower()


def _tokens(part: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(part):
        w = w.strip(".")
        if not w:
            continue
        if "/" in w:
            out.extend(x for x in w.split("/") if x)
            continue
        if len(w) > 3 and w.endswith("s") and w[:-1] in JOB_NOUNS:
            w = w[:-1]
        out.append(w)
    return out


def _split_words(part: str) -> list[str]:
    # "ai/ml", "back-end": keep as separate words
    return _tokens(re.sub(r"[/\-]", " ", part))


def parse_title(title: str) -> TitleParts:
    """Split a title into its head noun phrase (level words removed) and the rest."""
    parts = [p for p in (_split_words(x) for x in _SEPARATORS.split(_normalise(title)) if x) if p]
    if not parts:
        return TitleParts((), (), False)
    idx = next((i for i, p in enumerate(parts) if any(w in JOB_NOUNS for w in p)), None)
    if idx is None:
        # No part names a job (a company name, a team): the whole title is the head.
        words = [w for p in parts for w in p if w not in LEVEL_WORDS and w not in _STOP]
        return TitleParts(tuple(words), (), False, job_noun=False)
    head = [w for w in parts[idx] if w not in LEVEL_WORDS and w not in _STOP]
    rest = parts[:idx] + parts[idx + 1 :]
    managerial = False
    bare = not head or all(w in MANAGERIAL for w in head)
    if bare and idx + 1 < len(parts):
        nxt = [w for w in parts[idx + 1] if w not in LEVEL_WORDS and w not in _STOP]
        if nxt:
            managerial = any(w in _MANAGER_NOUNS for w in parts[idx])
            head = nxt
            rest = parts[:idx] + parts[idx + 2 :]
    if not head:
        head = [w for w in parts[idx] if w not in _STOP][-1:]
    after: list[str] = []
    last = max((i for i, w in enumerate(head) if w in JOB_NOUNS), default=None)
    if last is not None and last < len(head) - 1 and not managerial:
        # words after the last job noun qualify it ("Expert Toys and Models"): modifiers
        head, after = head[: last + 1], head[last + 1 :]
    mods = tuple(after) + tuple(w for p in rest for w in p if w not in _STOP and w not in LEVEL_WORDS)
    return TitleParts(tuple(head), mods, managerial)


_AGENT_NOUN = re.compile(r"^[a-z]{3,}(?:er|or|ist|ian|ant)$")


def title_is_uninformative(title: str, parts: TitleParts | None = None) -> bool:
    """True when the title's head is only a generic noun ("Engineer II", "Principal Engineer", "Intern")."""
    p = parts or parse_title(title)
    if p.managerial:
        return False
    if not p.job_noun:
        # no part names a job ("Acme | Time-Series Infrastructure | Onsite") - unless an agent noun
        # outside the list does ("Tax Preparer", "Claims Adjuster"): that job is named
        return not any(_AGENT_NOUN.search(w) for w in p.head)
    return all(w in GENERIC_HEADS for w in p.head) and not p.modifiers


def features(parts: TitleParts) -> list[str]:
    """Feature strings of a parsed title (hashed by the model)."""
    head = list(parts.head)
    feats = ["bias"]
    if not head:
        feats.append("h:<empty>")
    noun = head[-1] if head else "<none>"
    if parts.managerial:
        feats.append("f:managerial")
    feats.append("hn:" + noun)
    if len(head) >= 2:  # the compound's own modifier: "data engineer", "account executive"
        feats.append("ht:" + head[-2] + "_" + noun)
    for i, w in enumerate(head):
        feats.append("h:" + w)
        if i + 1 < len(head):
            feats.append("hb:" + w + "_" + head[i + 1])
        if w != noun:
            feats.append("hx:" + noun + "|" + w)
        if i < len(head) - 2:
            continue  # character n-grams only for the compound's last two words
        padded = "<" + w + ">"
        if len(padded) > 4:
            feats.extend("c:" + padded[j : j + 4] for j in range(len(padded) - 3))
        else:
            feats.append("c:" + padded)
    # Modifiers act only through the head: "engineer x ml" may differ from "executive x ml".
    tail = "_".join(head[-2:])
    for w in parts.modifiers:
        feats.append("mx:" + noun + "|" + w)
        if len(head) >= 2:
            feats.append("mt:" + tail + "|" + w)
    return feats


def hash_features(feats: list[str], bits: int) -> np.ndarray:
    mask = (1 << bits) - 1
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in feats), dtype=np.int64, count=len(feats))


# --- the shipped model ---------------------------------------------------------------------------

def _model_dir() -> Path:
    try:
        from importlib.resources import files

        p = files("skillgap.data").joinpath("models/role_family")
        if p.is_dir():
            return Path(str(p))
    except Exception:  # noqa: BLE001 - package absent in a bare checkout
        pass
    return Path(__file__).resolve().parent.parent / "data" / "models" / "role_family"


_DESC_WORD = re.compile(r"[a-z][a-z0-9+#]*")
#: Dense inputs of the text stage, in order: the title model's log-probabilities (one per class),
#: log(1 + ML-term count), log(1 + data-term count) of the description, and a bias.
TEXT_DENSE = ("logp_ml", "logp_data", "logp_other", "ml_terms", "data_terms", "bias")
_LOGP_FLOOR = 1e-6


def text_inputs(probs: np.ndarray, description: str, bits: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The text stage's inputs: the dense vector (:data:`TEXT_DENSE`), the hashed buckets of the
    description's distinct words, and the value each bucket takes (1/sqrt(number of buckets))."""
    low = (description or "")[:_TEXT_WINDOW].lower()  # one lower-casing serves the counts and the words
    ml_n = len(_ML_TEXT_LOW.findall(low))
    data_n = len(_DATA_TEXT_LOW.findall(low))
    dense = np.concatenate([np.log(np.clip(probs, _LOGP_FLOOR, 1.0)), [np.log1p(ml_n), np.log1p(data_n), 1.0]])
    mask = (1 << bits) - 1
    buckets = {zlib.crc32(b"w:" + w.encode("utf-8")) & mask for w in set(_DESC_WORD.findall(low))}
    idx = np.fromiter(sorted(buckets), dtype=np.int64, count=len(buckets))
    return dense, idx, (1.0 / np.sqrt(len(idx)) if len(idx) else 0.0)


@dataclass(frozen=True)
class TextStage:
    """Second stage: a logistic regression over the title model's probabilities and the
    description's words (trained on the labelled postings with out-of-fold title probabilities,
    ``training/role_family/train.py``)."""

    dense: np.ndarray  # (len(TEXT_DENSE), classes)
    words: np.ndarray  # (2**bits, classes)
    bits: int

    def scores(self, probs: np.ndarray, description: str) -> np.ndarray:
        dense, idx, value = text_inputs(probs, description, self.bits)
        z = dense @ self.dense + value * self.words[idx].sum(axis=0, dtype=np.float64)
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()


@dataclass(frozen=True)
class RoleModel:
    weights: np.ndarray  # (2**bits, 3) float32
    bits: int
    classes: tuple[str, ...]
    version: str
    meta: dict[str, Any]
    text: TextStage | None = None  # the description stage (rf-3); None: title model and rules only

    def scores(self, title: str) -> np.ndarray:
        """Class probabilities in ``self.classes`` order."""
        return self.scores_parts(parse_title(title))

    def scores_parts(self, parts: TitleParts) -> np.ndarray:
        idx = hash_features(features(parts), self.bits)
        z = self.weights[idx].sum(axis=0, dtype=np.float64)
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def predict(self, title: str) -> str:
        return self.classes[int(np.argmax(self.scores(title)))]

    @classmethod
    def from_dir(cls, path: Path) -> RoleModel:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        with np.load(path / "weights.npz") as z:
            w = z["weights"].astype(np.float32)
        text = None
        if (path / "text_weights.npz").exists():
            with np.load(path / "text_weights.npz") as z:
                text = TextStage(dense=z["dense"].astype(np.float64), words=z["words"].astype(np.float32),
                                 bits=int(meta["text_bits"]))
        return cls(weights=w, bits=int(meta["bits"]), classes=tuple(meta["classes"]), version=str(meta["version"]),
                   meta=meta, text=text)


@lru_cache(maxsize=1)
def load_model() -> RoleModel:
    """The shipped model (loaded once per process)."""
    return RoleModel.from_dir(_model_dir())


def _read_version() -> str:
    try:
        return str(json.loads((_model_dir() / "meta.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "none"


#: Version of the shipped role-family artefact (part of the extractor version).
MODEL_VERSION = _read_version()

_ML_TEXT = re.compile(
    r"\b(?:machine learning|deep learning|ml models?|neural networks?|pytorch|tensorflow|"
    r"scikit-learn|llms?|nlp|computer vision|model training|data science|predictive model\w*)\b",
    re.I,
)
_DATA_TEXT = re.compile(
    r"\b(?:sql|etl|data pipelines?|data warehous\w*|dashboards?|tableau|power bi|looker|"
    r"analytics|reporting|data analysis|data modeling|bigquery|snowflake|redshift|dbt)\b",
    re.I,
)
# the same terms over lower-cased text (the text stage lower-cases once; re.I costs more)
_ML_TEXT_LOW = re.compile(_ML_TEXT.pattern)
_DATA_TEXT_LOW = re.compile(_DATA_TEXT.pattern)
_BARE_ANALYST = frozenset({"analyst", "scientist"})
_RESEARCH = frozenset({"research", "researcher"})
_TEXT_WINDOW = 20000
# A weak tie-breaker: the text must name ML (or data) work repeatedly, and more than the other.
_TEXT_MIN = 5
#: The model's probability of ml (data) above which an ml- (data-) dense description makes an
#: "other" title ml (data); chosen by company-grouped cross-validation over train_pool +
#: dev_payloads (see the model card).
TEXT_DECIDES_ABOVE = 0.02


def _from_description(description: str) -> str | None:
    text = (description or "")[:_TEXT_WINDOW]
    ml_n = len(_ML_TEXT.findall(text))
    data_n = len(_DATA_TEXT.findall(text))
    if ml_n >= _TEXT_MIN and ml_n >= data_n:
        return "ml"
    if data_n >= _TEXT_MIN and data_n > ml_n:
        return "data"
    return None


#: The text stage never picks a family the title model gives less than this probability: a title
#: the model is sure of ("Account Executive, AI": > 0.99 other) keeps its label whatever the text.
TEXT_STAGE_FLOOR = 0.02


def text_decides(stage: TextStage, probs: np.ndarray, description: str, classes: tuple[str, ...] = FAMILIES) -> str:
    """The text stage's family among those the title model leaves open (>= :data:`TEXT_STAGE_FLOOR`)."""
    open_ = probs >= TEXT_STAGE_FLOOR
    if open_.sum() <= 1:  # the title leaves one family open: the text cannot change it
        return classes[int(np.argmax(probs))]
    s = np.where(open_, stage.scores(probs, description), -1.0)
    return classes[int(np.argmax(s))]


#: The text stage reads descriptions of at least this many words: it was fit on postings of 47
#: words and more, and a one-line description ("Requirements: Python, PyTorch, SQL") is too little
#: text to overrule the title; below it the rf-2 rules decide (the title, the description a tie).
TEXT_STAGE_MIN_WORDS = 40


def _long_enough(description: str) -> bool:
    return len(description[: 40 * TEXT_STAGE_MIN_WORDS].split()) >= TEXT_STAGE_MIN_WORDS


def predict(title: str, description: str = "", *, model: RoleModel | None = None) -> str:
    """``"ml" | "data" | "other"`` from the title's head, and the description through the text
    stage when the model has one (rf-3) and the description is long enough to judge
    (:data:`TEXT_STAGE_MIN_WORDS`); otherwise the description only breaks a tie."""
    parts = parse_title(title)
    m = model or load_model()
    probs = m.scores_parts(parts)
    if description and m.text is not None and _long_enough(description):
        return text_decides(m.text, probs, description, m.classes)
    label = m.classes[int(np.argmax(probs))]
    if label == "other" and description and title_is_uninformative(title, parts):
        return _from_description(description) or label
    if label == "other" and description:
        # The model is unsure: it gives ml (or data) a real chance, and the description is dense
        # in that family's words ("Staff Software Engineer, AI" whose text is all model training).
        # A title the model is sure of ("Account Executive, AI") keeps its label.
        text_label = _from_description(description)
        if text_label is not None and probs[m.classes.index(text_label)] >= TEXT_DECIDES_ABOVE:
            return text_label
    if label == "other" and description and parts.head and all(w in _BARE_ANALYST for w in parts.head):
        # "Senior Analyst, Health Informatics": a bare analyst or scientist whose area names no
        # function; a description that is mostly SQL, dashboards and reporting (or ML) says
        # which analyst. Job names with a function ("Financial Analyst") never get here.
        return _from_description(description) or label
    if label == "other" and description and _RESEARCH.intersection(parts.head) and _from_description(description) == "ml":
        # "Video Research Engineer": research is defined by its field; a description dense in ML
        # words makes it ML research (the guide's "research scientist in ML")
        return "ml"
    return label


role_family = predict
