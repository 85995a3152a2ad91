"""Context gates for ambiguous skill names.

A gate decides, from the words around one candidate mention, whether it really names the skill:
"R" the language vs "R&D"; "Go" vs "go to market"; "Spark" vs "spark curiosity"; "Snowflake" the
warehouse vs Snowflake the employer; "excel in" vs Microsoft Excel; "CV" the résumé vs computer
vision; Hugging Face "transformers" vs power transformers.

The taxonomy names a gate per skill (``Skill.gate``). Gates also apply by canonical name for the
well-known ambiguous skills, so a taxonomy that forgets a gate does not flood the output with
"go" and "r". Gates only judge single-token matches: a longer match ("Apache Spark", "Microsoft
Excel", "Go programming") is unambiguous by construction.

Every gate is a pure function ``(MentionContext) -> bool`` (True keeps the mention).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "MentionContext",
    "Gate",
    "GATES",
    "gate_for",
    "refinement_for",
    "is_case_sensitive",
    "KNOWN_GATE_NAMES",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What a gate may look at: one candidate mention inside its sentence."""

    text: str  # the whole description text
    start: int  # mention offsets into text
    end: int
    sent_start: int
    sent_end: int
    tokens_before: tuple[str, ...]  # up to 4 token texts before the mention, nearest last
    tokens_after: tuple[str, ...]  # up to 4 token texts after the mention, nearest first
    listed: bool  # directly next to another skill mention ("Python, R", "C/C++", "R or SAS")
    sentence_skills: int  # other (ungated) skill mentions in the same sentence
    company: str | None = None
    title: str | None = None
    neighbour_names: frozenset[str] = field(default_factory=frozenset)

    @property
    def surface(self) -> str:
        return self.text[self.start : self.end]

    @property
    def sentence(self) -> str:
        return self.text[self.sent_start : self.sent_end]

    @property
    def at_sentence_start(self) -> bool:
        return not self.text[self.sent_start : self.start].strip(" -•*>·\t0123456789.)(")

    def prev(self, i: int = 1) -> str:
        return self.tokens_before[-i].lower() if len(self.tokens_before) >= i else ""

    def next(self, i: int = 1) -> str:
        return self.tokens_after[i - 1].lower() if len(self.tokens_after) >= i else ""


Check = Callable[[MentionContext], bool]


@dataclass(frozen=True, slots=True)
class Gate:
    name: str
    check: Check
    case_sensitive: bool = False


_TECH_CUES = re.compile(
    r"\b(?:programming|program|languages?|coding|code|scripting|software|develop(?:ment|ing)?|"
    r"librar(?:y|ies)|frameworks?|packages?|tools?|tooling|stack|proficien\w*|fluen\w*|"
    r"experience (?:with|in|using)|knowledge of|familiar\w*|skills? in|expertise in|"
    r"written in|implemented in|technolog\w*|platforms?|statistical|analytics|engineer\w*|"
    r"machine learning|data|sql|python|compute|deploy\w*|api|backend|back-end|services|apps?|ios|android|mobile|cloud|database|model\w*|ml|ai|developer)\b",
    re.I,
)


def tech_context(ctx: MentionContext) -> bool:
    """Listed with other skills, or the sentence is about technology."""
    if ctx.listed or ctx.sentence_skills >= 1:
        return True
    window = ctx.text[max(ctx.sent_start, ctx.start - 80) : min(ctx.sent_end, ctx.end + 80)]
    return bool(_TECH_CUES.search(window))


def _needs_tech_context(ctx: MentionContext) -> bool:
    return tech_context(ctx)


_PROG_CUES = re.compile(
    r"\b(?:programming|languages?|coding|code|scripting|proficien\w*|written in|developing in|"
    r"libraries|packages|statistical (?:software|packages|programming|computing)|apps?|ios|macos|"
    r"mobile|services|systems programming|backend|back-end|compiler|runtime|numerical|scientific computing)\b",
    re.I,
)


def programming_language(ctx: MentionContext) -> bool:
    """A programming language named by a common word or letter: listed with skills or cued."""
    if ctx.listed:
        return True
    nxt = ctx.next()
    if nxt in ("programming", "language", "code", "developer", "developers", "engineer", "lang"):
        return True
    window = ctx.text[max(ctx.sent_start, ctx.start - 60) : min(ctx.sent_end, ctx.end + 40)]
    if _PROG_CUES.search(window):
        return True
    return ctx.sentence_skills >= 2


_R_CUES = re.compile(r"\b(?:statistic\w*|stats|tidyverse|cran|ggplot\w*|dplyr|rstudio|sas|stata|spss|matlab|python)\b", re.I)


def _r_language(ctx: MentionContext) -> bool:
    if ctx.surface.lower() != "r":
        return True  # "RStudio", "R programming"
    if ctx.surface != "R":
        return False
    if ctx.next() in ("&", "&d", "&amp;", "and d", "'s", "’s") or ctx.text[ctx.end : ctx.end + 1] in "&'’":
        return False
    if ctx.prev() in ("&", "q", "p", "section", "grade", "size", "(", "®"):  # "Q&R", "(R)"
        if not (ctx.prev() == "(" and ctx.listed):
            return False
    if ctx.prev() in ("in", "using", "with", "and", "or") and ctx.text[ctx.end : ctx.end + 1] in (".", ",", ";", ")", " ", "\n", ""):
        if ctx.prev() in ("in", "using", "with") or ctx.listed:
            return True
    if ctx.next() in ("shiny", "packages", "package", "studio", "markdown", "programming", "scripts", "code"):
        return True
    window = ctx.text[max(ctx.sent_start, ctx.start - 60) : min(ctx.sent_end, ctx.end + 40)]
    if _R_CUES.search(window):
        return True
    # "John R. Smith": an initial between two capitalised words.
    if ctx.text[ctx.end : ctx.end + 1] == "." and ctx.next(2)[:1].isalpha() and ctx.tokens_after[1:2] and ctx.tokens_after[1][:1].isupper() and ctx.tokens_before[-1:] and ctx.tokens_before[-1][:1].isupper():
        return False
    return programming_language(ctx)


_GO_VERBISH_NEXT = frozenset(
    "to beyond above further live ahead through into over back on out after for the a an with "
    "deeper forward get green hand-in-hand along about far wrong well".split()
)
_GO_VERBISH_PREV = frozenset(
    "to will can could would should must may might let's lets let we you they i and or not "
    "never always 'll ready willing".split()
)


def _go_language(ctx: MentionContext) -> bool:
    s = ctx.surface
    if s.lower() != "go":
        return True  # "Golang"
    if s != "Go":
        return False
    if ctx.next() in _GO_VERBISH_NEXT or ctx.prev() in _GO_VERBISH_PREV:
        return False
    if ctx.next() in ("-", "–") and ctx.next(2) in ("to", "live", "getter", "getters"):
        return False
    return programming_language(ctx)


_C_BAD_NEXT = frozenset("- – level suite corp corporation . & programming-free".split())


def _c_language(ctx: MentionContext) -> bool:
    if ctx.surface.lower() != "c":
        return True
    if ctx.surface != "C":
        return False
    nxt = ctx.next()
    if nxt in ("-", "–") and ctx.next(2) in ("level", "suite", "corp", "store", "section"):
        return False
    if nxt in ("&", "corp", "corporation", "suite", "level", "class", "grade"):
        return False
    if ctx.prev() in ("series", "vitamin", "grade", "level", "class", "type", "plan", "schedule", "form", "section", "part", "category", "°", "degrees"):
        return False
    if ctx.text[ctx.end : ctx.end + 1] == "." and ctx.text[ctx.end + 1 : ctx.end + 2] not in (" ", "\n", ""):
        return False
    return programming_language(ctx)


_SPARK_VERB_NEXT = frozenset(
    "curiosity innovation joy change conversations conversation ideas interest creativity "
    "new the a an your our their growth excitement debate discussion".split()
)


def _spark(ctx: MentionContext) -> bool:
    if ctx.surface.lower() != "spark":
        return True
    if ctx.next() in _SPARK_VERB_NEXT or ctx.prev() in ("to", "will", "can", "that", "who", "and", "which", "helps", "help"):
        if not ctx.listed:
            return False
    if ctx.surface.islower() and not tech_context(ctx):
        return False
    return tech_context(ctx)


def _person_or_word_name(ctx: MentionContext) -> bool:
    """Julia, Rust, Swift, Ruby, Scala...: keep when listed with skills or cued as code."""
    if ctx.surface.lower() not in ("julia", "rust", "swift", "ruby", "scala", "dart", "elixir"):
        return True
    if ctx.surface.islower() and not ctx.listed:
        return False
    if ctx.surface.isupper() and len(ctx.surface) > 2 and not ctx.listed:  # "SWIFT" (banking)
        return False
    if ctx.prev() in ("in", "using", "with") and ctx.surface[:1].isupper():
        return programming_language(ctx) or ctx.text[ctx.end : ctx.end + 1] in (".", ",", ";", ")", "")
    return programming_language(ctx) or (ctx.listed and ctx.sentence_skills >= 1)


_SNOWFLAKE_COMPANY = re.compile(
    r"(?:\b(?:at|join|joining|joins|about|from|with us at|welcome to|life at)\s+Snowflake\b(?!\s+(?:data|warehouse|sql|schemas?|tables?|models?|pipelines?|environment|platform))"
    r"|\bSnowflake(?:'s|’s|\s+Inc\.?|\s+is\s+(?:a|an|the|proud|committed|an?\s)|\s+(?:was|has been)\s+founded|\s+offers|\s+believes|\s+values))",
)


def _snowflake(ctx: MentionContext) -> bool:
    if ctx.surface.lower() != "snowflake":
        return True
    if ctx.company and ctx.company.strip().lower().startswith("snowflake"):
        # At Snowflake itself, the product is named all the time; keep only tool-listing uses.
        return ctx.listed
    window = ctx.text[max(ctx.sent_start, ctx.start - 30) : min(ctx.sent_end, ctx.end + 40)]
    if _SNOWFLAKE_COMPANY.search(window):
        return ctx.listed
    if ctx.surface.islower() and not ctx.listed:
        return False
    return True


_EXCEL_VERB_NEXT = frozenset("in at as when with within under and on through".split())
_EXCEL_VERB_PREV = frozenset(
    "to will can who you we they and that help helps helping i also truly really "
    "wants want ability desire motivated".split()
)


def _excel(ctx: MentionContext) -> bool:
    s = ctx.surface
    if s.lower() != "excel":
        return True
    nxt, prv = ctx.next(), ctx.prev()
    if ctx.listed and nxt not in ("in", "at", "as", "when", "with"):
        return True
    if nxt in _EXCEL_VERB_NEXT and not (nxt == "and" and ctx.listed):
        # "excel in", "excel at" - the verb (even capitalised at a sentence start)
        return nxt == "and" and s == "Excel" and not ctx.at_sentence_start
    if prv in _EXCEL_VERB_PREV:
        return False
    if s == "excel" and not tech_context(ctx):
        return False
    return True


_RESUME_CUES = re.compile(
    r"\b(?:resume|résumé|cover letter|send|submit|upload|attach|apply|application|your cv|"
    r"cv/resume|motivation letter|curriculum)\b",
    re.I,
)
_VISION_CUES = re.compile(
    r"\b(?:vision|image|images|video|nlp|deep learning|machine learning|ml|models?|detection|"
    r"segmentation|perception|pytorch|tensorflow|opencv|robotics|speech|ai)\b",
    re.I,
)


def _cv(ctx: MentionContext) -> bool:
    s = ctx.surface
    if s.lower() not in ("cv",):
        return True
    window = ctx.text[max(ctx.sent_start, ctx.start - 60) : min(ctx.sent_end, ctx.end + 60)]
    if _RESUME_CUES.search(window):
        return False
    if ctx.prev() in ("your", "a", "the", "my", "updated"):
        return False
    return bool(_VISION_CUES.search(window)) or ctx.listed


_ML_CUES = re.compile(
    r"\b(?:hugging\s*face|llms?|nlp|bert|gpt|pytorch|tensorflow|language models?|deep learning|"
    r"machine learning|attention|fine-tun\w*|models?|diffusers|tokenizers|ai|ml|neural)\b",
    re.I,
)


def _transformers(ctx: MentionContext) -> bool:
    if ctx.surface.lower() not in ("transformers", "transformer"):
        return True
    window = ctx.text[max(ctx.sent_start, ctx.start - 80) : min(ctx.sent_end, ctx.end + 80)]
    return bool(_ML_CUES.search(window)) or ctx.listed


_SPOKEN_CUES = re.compile(
    r"\b(?:fluen\w*|speak\w*|spoken|written|verbal|native|proficien\w*|language|languages|"
    r"bilingual|business[- ]level|mother tongue|command of|C1|C2|B2)\b",
    re.I,
)


def spoken_language(ctx: MentionContext) -> bool:
    """English, German...: only when the posting asks for the language itself."""
    window = ctx.text[max(ctx.sent_start, ctx.start - 60) : min(ctx.sent_end, ctx.end + 60)]
    if ctx.next() in ("-", "–") and ctx.next(2) in ("speaking", "speaker"):
        return True
    return bool(_SPOKEN_CUES.search(window))


def _case_sensitive(ctx: MentionContext) -> bool:
    return True


def _lowercase_word(ctx: MentionContext) -> bool:
    """A tool named by a common English word (React, Spring, Flask, Airflow...):
    keep a capitalised use mid-sentence, or any use listed with skills / in a tech sentence."""
    if ctx.listed:
        return True
    if ctx.surface[:1].isupper() and not ctx.at_sentence_start:
        return tech_context(ctx)
    return programming_language(ctx)


# The taxonomy's gate names (skillgap.extractors.taxonomy.GATES) and what each one checks.
_TAXONOMY_GATES: dict[str, Check] = {
    "case_sensitive": _case_sensitive,
    "needs_tech_context": _needs_tech_context,
    "r_language": _r_language,
    "go_language": _go_language,
    "c_language": _c_language,
    "cv_computer_vision": _cv,
    "resolve_only": lambda _ctx: False,  # never passes: the rules alone never keep these forms (rules 2.9: the model may)
}

GATES: dict[str, Gate] = {
    name: Gate(name, check, case_sensitive=True) for name, check in _TAXONOMY_GATES.items()
}
KNOWN_GATE_NAMES = tuple(sorted(GATES))

# Refinements by canonical skill name (lower-cased), applied on top of the taxonomy's gate:
# what we know about these words whatever the taxonomy says (Snowflake the employer, "excel in",
# "spark curiosity", Hugging Face vs power transformers). Each passes unambiguous surfaces.
_BY_SKILL: dict[str, Check] = {
    "r": _r_language,
    "go": _go_language,
    "c": _c_language,
    "spark": _spark,
    "apache spark": _spark,
    "julia": _person_or_word_name,
    "rust": _person_or_word_name,
    "swift": _person_or_word_name,
    "snowflake": _snowflake,
    "excel": _excel,
    "microsoft excel": _excel,
    "computer vision": _cv,
    "hugging face transformers": _transformers,
    "transformers": _transformers,
}
# Without any taxonomy gate these short names still match only as written (R, C, Go).
_CASE_SENSITIVE_BY_SKILL = frozenset({"r", "c", "go"})

_warned: set[str] = set()


def _all(*checks: Check) -> Check:
    def check(ctx: MentionContext) -> bool:
        return all(c(ctx) for c in checks)

    return check


def gate_for(skill_name: str, gate_name: str | None) -> Gate | None:
    """The gate for a skill: the taxonomy's gate (``gate_name``) and/or a built-in refinement
    by canonical name; None when the skill is not ambiguous."""
    refine = _BY_SKILL.get(skill_name.lower())
    base: Check | None = None
    if gate_name is not None:
        base = _TAXONOMY_GATES.get(gate_name)
        if base is None:
            if gate_name not in _warned:
                _warned.add(gate_name)
                log.warning("unknown gate %r on skill %r: using needs_tech_context", gate_name, skill_name)
            base = _needs_tech_context
    if base is None and refine is None:
        return None
    if base is None or base is refine:
        check = refine
    elif refine is None:
        check = base
    else:
        check = _all(base, refine)
    return Gate(
        gate_name or f"builtin:{skill_name.lower()}",
        check,  # type: ignore[arg-type]
        case_sensitive=gate_name is not None or skill_name.lower() in _CASE_SENSITIVE_BY_SKILL,
    )


def refinement_for(skill_name: str) -> Gate | None:
    """The built-in check for a skill's ungated forms (passes unambiguous surfaces)."""
    check = _BY_SKILL.get(skill_name.lower())
    return Gate(f"builtin:{skill_name.lower()}", check) if check is not None else None


def is_case_sensitive(skill_name: str, gate_name: str | None) -> bool:
    gate = gate_for(skill_name, gate_name)
    return bool(gate and gate.case_sensitive)
