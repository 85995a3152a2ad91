"""The skill model's features of one candidate: sparse binary feature names (the model's
vocabulary, see ``skill_model.py``), built from the candidate's name, its context and the rules'
flags, plus a few facts about the whole posting (:func:`add_posting_features`).

Changing what a feature is named or when it fires changes the model's input: retrain the model
(``training/skills/train.py``) and regenerate the golden digests in the same commit.
"""

from __future__ import annotations

import gzip
import json
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from skillgap.extractors import roles
from skillgap.extractors.rule_words import words
from skillgap.extractors.rules import ASK_SECTIONS, TOOL_CATEGORIES
from skillgap.extractors.vectors import vector_features

if TYPE_CHECKING:
    from skillgap.extractors.candidates import Candidate
    from skillgap.extractors.rules import Spot

__all__ = ["form_zipf", "features", "lexicon_features", "add_posting_features", "ASK_OR_DUTY"]

ASK_OR_DUTY = frozenset({"requirements", "preferred", "responsibilities"})
_BULLETS = frozenset(words("bullets"))  # a list item's first character

_ZIPF: dict[str, float] = {}


def form_zipf() -> dict[str, float]:
    """Word frequency (wordfreq zipf, from data/vocab) of each lower-cased skill form."""
    if not _ZIPF:
        d = files("skillgap.data").joinpath("vocab")
        try:
            _ZIPF.update(json.loads(d.joinpath("curated_zipf.json").read_text(encoding="utf-8")))
            for line in gzip.decompress(d.joinpath("skills.tsv.gz").read_bytes()).decode("utf-8").splitlines():
                if line and not line.startswith("#"):
                    parts = line.split("\t")
                    _ZIPF.setdefault(parts[0].lower(), float(parts[4]))
        except (OSError, FileNotFoundError, ValueError, IndexError):
            pass
        _ZIPF.setdefault("", 0.0)
    return _ZIPF


def _case(surface: str) -> str:
    if surface.isupper():
        return "U"
    if surface.islower():
        return "L"
    if surface[:1].isupper() and surface[1:].islower():
        return "T"
    return "M"


def _tok(lowers: list[str], t: int) -> str:
    if t < 0 or t >= len(lowers):
        return "<edge>"
    w = lowers[t]
    if not w.strip():
        return "<nl>" if "\n" in w else "<sp>"
    return w


# The features of a candidate that depend only on its name (surface, origin, category, number of
# tokens, word frequency), built once per name: (the ones listed first, the ones listed later).
_NAME_FEATURES: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}


def _name_features(surface: str, low: str, og: str, category: str, ntok: int, zb: str) -> tuple[list[str], list[str]]:
    key = (surface, og, category, ntok, zb)
    got = _NAME_FEATURES.get(key)
    if got is not None:
        return got
    case = _case(surface)
    head = [
        "s=" + low, "o=" + og, "c=" + category, "o&c=" + og + category, "case=" + case, "o&case=" + og + case,
        "ntok=" + str(ntok), "o&ntok=" + og + str(ntok), "z=" + zb, "o&z=" + og + zb, "z&case=" + zb + case,
    ]
    words_ = low.split()
    # the shape of the name: what makes an unseen name look like a tool ("Workato", "gRPC",
    # "Node.js", "S3", "ArgoCD") or like an English phrase
    tail = ["sfx=" + low[-3:]]
    if any(ch.isdigit() for ch in surface):
        tail.append("has_digit")
    if "." in surface or "+" in surface or "#" in surface:
        tail.append("has_punct")
    if case == "M" and " " not in surface:
        tail.append("camel")
    if len(words_) > 1:
        tail += ("head=" + words_[-1], "first=" + words_[0], "o&head=" + og + words_[-1])
    else:
        tail.append("o&s=" + og + low)
    if len(_NAME_FEATURES) >= 200_000:  # bounded: names repeat across postings, a run holds few
        _NAME_FEATURES.clear()
    got = _NAME_FEATURES[key] = (head, tail)
    return got


def _cue_features(s: Spot, text: str) -> list[str]:
    """The character just before the mention and the cues of its sentence."""
    cues, start = s.cues, s.start
    f: list[str] = []
    if start > 0:
        c = text[start - 1]
        if c == "#":
            f.append("hashtag")
        if c == "(":
            f.append("in_paren")
    if cues.preferred:
        f.append("pref_cue")
    if cues.candidate:
        f.append("cand_cue")
    if cues.company:
        f.append("comp_cue")
    if cues.candidate and not cues.company:
        f.append("cand_only")
    return f


def features(s: Spot, lowers: list[str], text: str, flags: list[str], rule_keep: bool, n_in_sent: int,
             zipf: float | None, title_low: str) -> list[str]:
    """Sparse binary features of one candidate (names are the model's vocabulary)."""
    og = "cur" if s.origin == "curated" else s.origin
    zb = "n" if zipf is None else str(min(int(zipf), 6))
    tok_start, tok_end, start, category, section = s.tok_start, s.tok_end, s.start, s.category, s.section
    ntok = min(tok_end - tok_start, 3)
    got = _NAME_FEATURES.get((s.surface, og, category, ntok, zb))
    head, tail = got if got is not None else _name_features(s.surface, s.low, og, category, ntok, zb)
    line_start = text.rfind("\n", 0, start) + 1
    rule = "keep" if rule_keep else "drop"
    f = [
        *head, "sec=" + section, "o&sec=" + og + section,
        "p1=" + _tok(lowers, tok_start - 1), "n1=" + _tok(lowers, tok_end),
        "p2=" + _tok(lowers, tok_start - 2), "n2=" + _tok(lowers, tok_end + 1),
        "rule=" + rule, "o&rule=" + og + rule, "nsk=" + str(min(n_in_sent, 6)),
    ]
    for fl in flags:
        f += ("f=" + fl, "o&f=" + og + fl)
    if s.listed:
        f += ("listed", "o&listed=" + og)
    if not text[line_start:start].strip(" \t-•*>·●▪◦0123456789.)(:"):
        f.append("line_start")
    f += _cue_features(s, text)
    if s.low in title_low:
        f.append("in_title")
    # The kind of name where it stands: a soft skill in a duty list, a tool in the
    # company's own text; and the words a little further out than p2/n2, once each (training
    # counts a feature once per candidate, so scoring must too): "...you will [analyze] data to
    # inform our product" vs "...our [analytics] team builds ..."
    f.append("c&sec=" + category + section)
    if s.cues.candidate:
        f.append("c&cand=" + category)
    if s.cues.company:
        f.append("c&comp=" + category)
    lead = text[line_start:start].lstrip(" \t")[:1]
    if lead and lead in _BULLETS:
        f += ("bullet", "c&bullet=" + category)
    ctx = lowers[max(0, tok_start - 5) : max(0, tok_start - 2)] + lowers[tok_end + 2 : tok_end + 5]
    f += ["ctx=" + w for w in dict.fromkeys(ctx) if w.isalpha()]  # once each, in a fixed order
    f += tail
    if start - s.sent_start < 3:
        f.append("sent_start")
    # the job the posting is for (the title's role family, once per title): a business word
    # such as "reporting" is asked of an analyst, rarely of an ML engineer
    role = _TITLE_ROLE.get(title_low)
    if role is None:
        role = _title_role(title_low)
    if role:
        f += ("role&o=" + role + og, "role&o&c=" + role + og + category)
    # the words around it, weighed through word vectors learned from the corpus
    f += vector_features(lowers, tok_start, tok_end, not s.listed and section not in ASK_SECTIONS, rule_keep)
    return f


def lexicon_support_bucket(n: int) -> str:
    """The number of companies that labelled a lexicon form, as a feature value."""
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-9" if n <= 9 else "10+"


def lexicon_features(n: int, origin: str) -> list[str]:
    """Features of a candidate matched by a form of the labelled-names lexicon that ``n``
    companies labelled (``origin``: its skill's)."""
    b = lexicon_support_bucket(n)
    og = "cur" if origin == "curated" else origin
    return ["lex", "lex=" + b, "o&lex=" + og + b]


_TITLE_ROLE: dict[str, str] = {}


def _title_role(title_low: str) -> str:
    """The role family of a (lower-cased) title, "" for none; cached per title (bounded)."""
    role = roles.predict(title_low) if title_low.strip() else ""
    if len(_TITLE_ROLE) >= 4096:
        _TITLE_ROLE.clear()
    _TITLE_ROLE[title_low] = role
    return role


def add_posting_features(cands: list[Candidate], sentences: list[int], derived: Any, first: int = 0) -> None:
    """Append to each candidate's features what the whole posting says about the same skill (the
    scorer and the report count a skill once per posting): asked for in some ask section, how
    often named, whether the posting has ask sections at all, and the known tools named in the
    same sentence. ``sentences``: each candidate's sentence start; ``derived``: the skills not
    from the curated taxonomy (by name); ``first``: only the candidates from this index on get
    the features (the others count)."""
    asked = {c.skill for c in cands if c.section in ASK_OR_DUTY}
    times: dict[str, int] = {}
    for c in cands:
        times[c.skill] = times.get(c.skill, 0) + 1
    has_asks = "doc_asks" if asked or any(c.section in ASK_OR_DUTY for c in cands) else "doc_no_asks"
    tools_in_sent: dict[int, int] = {}
    for c, sent in zip(cands, sentences):
        if c.category in TOOL_CATEGORIES and c.skill not in derived:
            tools_in_sent[sent] = tools_in_sent.get(sent, 0) + 1
    for c, sent in zip(cands[first:], sentences[first:]):
        f = c.features
        # known tools named in the same sentence ("MuleSoft, Boomi or Workato"): an unknown
        # name among them is likely a tool too
        k = tools_in_sent.get(sent, 0) - (1 if c.category in TOOL_CATEGORIES and c.skill not in derived else 0)
        f.append("sent_tools=" + str(min(k, 3)))
        f.append("o&sent_tools=" + ("cur" if c.skill not in derived else "new") + str(min(k, 3)))
        f.append(has_asks)
        f.append("sec&doc=" + c.section + has_asks)
        if c.skill in asked:
            f.append("skill_asked")
        f.append("times=" + str(min(times[c.skill], 3)))
