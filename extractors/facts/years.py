"""Amounts of experience a posting asks of the candidate (:func:`parse_years`): each stated amount
with its place and whether it is only preferred. The minimum a posting REQUIRES (the labelling
guide's ``years_min``), over alternative paths, is :mod:`.years_paths`.

Pure functions of text, plus the section layout from :mod:`skillgap.extractors.sections`.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from skillgap.extractors.facts.degree_words import (
    BA,
    BA_DOT,
    BACHELOR,
    BACHELOR_POSSESSIVE,
    BACHELOR_TOKEN,
    BS,
    BS_DOT,
    DOCTORA,
    DOCTORATE,
    MA,
    MA_DOT,
    MASTER,
    MASTER_NOT_DATA,
    MASTER_POSSESSIVE,
    MASTER_TOKEN,
    MBA,
    MENG,
    MS,
    MS_DOT,
    MS_NOT_MICROSOFT,
    PHD,
    alternatives,
)
from skillgap.extractors.sections import FoldedRegex, Layout, analyse, fold

__all__ = ["YearsMention", "parse_years"]

_WORD_NUM = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    # Dutch, French, German, Spanish ("minstens twee jaar", "au moins cinq années", "zwei Jahre")
    "één": 1, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "tien": 10,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "dix": 10,
    "ein": 1, "einem": 1, "zwei": 2, "drei": 3, "fünf": 5, "sechs": 6, "sieben": 7, "zehn": 10,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "diez": 10,
    # Hebrew ("שלוש שנות ניסיון": three years of experience; "שתי שנות ניסיון": two years)
    "שתי": 2, "שלוש": 3, "שלושה": 3, "ארבע": 4, "ארבעה": 4, "חמש": 5, "חמישה": 5, "שש": 6, "שישה": 6,
    "שבע": 7, "שבעה": 7, "שמונה": 8, "תשע": 9, "תשעה": 9, "עשר": 10, "עשרה": 10,
    # Dutch "about N" ("een vijftal jaar ervaring", "een 2-tal jaar")
    "tweetal": 2, "drietal": 3, "viertal": 4, "vijftal": 5, "zestal": 6, "tiental": 10,
}
_NUM = (
    r"(?:\d{1,2}-tal(?!\w)|\d{1,2}(?:\.\d|,\d{1,2}(?!\d))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"(?<!\w)(?:één|een|tweetal|drietal|viertal|vijftal|zestal|tiental|twee|drie|vier|vijf|zes|zeven|acht|tien|"
    r"un|une|deux|trois|quatre|cinq|sept|huit|dix|"
    r"ein|einem|zwei|drei|fünf|sechs|sieben|zehn|dos|tres|cuatro|cinco|seis|diez)(?!\w)|"
    # (Hebrew behind one look-ahead: a single failed test at the other positions of a window)
    r"(?=[\u05d0-\u05ea])(?<!\w)(?:שתי|שלושה|שלוש|ארבעה|ארבע|חמישה|חמש|שישה|שש|שבעה|שבע|שמונה|תשעה|תשע|עשרה|עשר)(?!\w))"
)
# "three (3)", "three (3+)", "2 (two)", "three to five (3-5)"
_NUMP = _NUM + (
    r"(?:\s*\(\s*(?:\d{1,2}\s*\+?(?:\s*[-–]\s*\d{1,2}\s*\+?)?|one|two|three|four|five|six|seven|eight|nine|ten)\s*\))?"
)

_YEARS_RE = re.compile(
    r"(?<![\d$€£])(?<!\d\.)(?<!\$\.)(?<!\d-)(?<!\d–)(?<!\d/)(?<!\d~)(?<!\d,)(?<!\d,\s)(?P<pre>(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|a\s+minimum\s+of)\s+)?"
    r"(?P<btw>between\s+)?\+?(?P<a>" + _NUMP + r")\s*(?:\+|-?plus)?\s*(?:or\s+more\s+(?=\D))?"
    # a range, or a minimum and the amount hoped for ("Minimum 3, ideally 5+ years")
    # ("2 à 3 ans", "2 tot 3 jaar", "2 bis 3 Jahre", "2 a 3 años", "2~5 years", "3/4 years",
    # "between 5 and 10 years")
    r"(?:(?:-|–|—|~|/|to|or|à|tot|bis|a|(?(btw)and|(?!))|,\s*(?:but\s+)?(?:ideally|preferably))\s*\+?(?P<b>" + _NUMP + r")\s*\+?\s*)?"
    r"(?:\(\s*(?P<alt>\d{1,2})\s*\+?\s*\)\s*)?(?:or\s+more\s+)?(?:full\s+|complete\s+)?"
    r"-?(?P<unit>years?|yrs?\.?|yoe|months?|שנים|שנות|שנה|ans|an|années|année|jahre|jahren|jahr|jaar|jaren|años|año|anos)"
    # ("3+ years-experience": a hyphen glues the unit to the word experience)
    # (flattened text glues the next item's capital to the unit: "2+ yearsRequired Skills")
    # (a list's dash glued to the unit: "for at least 3 years-   You have learnt ...")
    r"(?:(?![\w-])|(?=-experience)|(?=-\s)|(?-i:(?=[A-Z][a-z])))(?:['’]|\s+or\s+more|\s*\+)?",
    re.I,
)
_EXP_AFTER = re.compile(
    r"^(?:[^.;\n•]{0,80}?\b(?:experience|exp\b|work(?:ing)?\b|industry|professional|track record|"
    r"background|employment|hands-on|in (?:a|an|the)\b|as (?:a|an)\b|building|developing|with\b|using\b|"
    r"designing|leading|applying|of (?:related|relevant|applied|practical|software|data|machine|"
    r"engineering|programming|analytics|quantitative|combined|public|paid))"
    # the amount names the work itself, up to three words on: "2+ years full-stack engineering
    # development", "3 years of backend programming"
    r"|\s*(?:of\s+)?(?:[\w+#/-]+\s+){0,3}?(?:development|programming|coding)\b"
    # a gerund right after it names the work too: "3+ years managing and reporting on datasets"
    r"|\s*(?!(?:starting|beginning|remaining|following|including|funding|during|pending|going|being)\b)[a-z]{2,}ing\b)",
    re.I,
)
_EXP_BEFORE = re.compile(
    # (a field label on its own line: "Experience Level\n\nAt least 3 years")
    r"(?:(?:experience|exp\.?|exp[ée]rience|ervaring|erfahrung|experiencia)\s*(?:required|level)?\s*[:\-–\](\n]\s*[^.;\n]{0,40}"
    # flattened text glues the number to the word before it ("Relevant experience2+ years"),
    # "relevant experience of 4-7 years", Hebrew "ניסיון של 2 שנים" (experience of 2 years)
    # (also with words between experience and its amount: "ניסיון מקצועי של 3 שנים", professional
    # experience of 3 years; "ניסיון בניהול פרויקטים מעל 3 שנים", experience in managing projects,
    # over 3 years)
    r"|experience|experience\s+of(?:\s+(?:at\s+least|minimum|min\.?))?\s*"
    r"|נ(?:י)?סיון(?:(?:\s+[^\s.;:\n•]+){0,4}?\s+(?:של|מעל|בן))?(?:\s+(?:לפחות|מינימום|מעל))?\s*"
    # a path's experience, then its amount: "OR Doctorate and job-related experience, 3 years"
    r"|\b(?:related|relevant|professional|work|industry)\s+experience,\s*"
    # French, German, Dutch, Spanish: "une expérience de 3 ans minimum", "Erfahrung von mindestens 2 Jahren"
    r"|(?:expérience|experience|erfahrung|berufserfahrung|ervaring|experiencia)\s+(?:de|d['’]|von|van|of)?\s*"
    r"(?:minimum|au\s+moins|mindestens|minstens|minimaal|al\s+menos|mínimo)?\s*"
    # "une expérience réussie de minimum 5 ans", "une expérience minimale de 3 ans", "une expérience de
    # plus de 10 ans", "une expérience pertinente d'au moins cinq années"
    r"|(?:exp[ée]rience|ervaring|erfahrung|experiencia)\b[^.;\n]{0,60}?\s(?:de|d['’]|van|von)\s*"
    r"(?:(?:minimum|au\s+moins|plus\s+de|minstens|mindestens|al\s+menos|mínimo)\s*)?"
    # "you have been in a similar position for around five to seven years"
    r"|\byou(?:\s+have|['’]ve)\s+(?:been|worked)\b[^.;\n]{0,80}\bfor\s+(?:around|about|approximately|roughly|at\s+least|over)?\s*"
    # "Advanced experience with Java and React (+5 years)", "Excellent Python skills (min 8 years)"
    r"|(?:experience|skills?|background|expertise|knowledge)\b[^.;\n]{0,60}\(\s*"
    # "Strong development experience in Node.js/TypeScript 5+ years": the tools, then the amount
    r"|(?<!gain\s)(?<!gains\s)(?<!gaining\s)(?<!get\s)(?<!you\s)(?<!offer\s)(?<!offers\s)(?<!provides\s)"
    r"experience\s+(?:in|with)\s+(?:[^.;,\n]|\.(?=\S)){1,40}?\s(?<!\blast\s)(?<!\bpast\s)(?<!\bthe\s)"
    # "full stack experience for a minimum of 3 years", "experience for at least 2 years",
    # "work experience as a QA engineer for 3+ years", "development experience for Go 2+ years"
    # (experience the job gives is no requirement: "you will gain experience in our scheme for 2 years")
    r"|(?<!gain\s)(?<!gains\s)(?<!gaining\s)(?<!get\s)(?<!you\s)(?<!offer\s)(?<!offers\s)(?<!provides\s)"
    r"experience\b[^.;\n]{0,50}?\bfor\s+(?:an?\s+)?(?:[\w+#.-]+\s+)?"
    r")[*_]{0,2}$",
    re.I,
)
_MONTHS_EXP = re.compile(r"^\s*(?:of\s+)?(?:[\w-]+\s+){0,3}?experience", re.I)
_STRONG_AFTER = re.compile(
    r"^[^.;\n]{0,60}?(?:\bexperience|נ(?:י)?סיון|\bexpérience|erfahrung|\bervaring|\bexperiencia|d['’]expérience|werkervaring)",
    re.I,
)
_TIME_BEFORE = re.compile(
    r"\b(?:past|last|next|coming|over\s+the|in\s+the|within|every|each|anniversar\w*|depuis|seit|sinds|voorbije|afgelopen|"
    r"derni[eè]res?|prochaines?)\s*(?:\w+\s+)?$",
    re.I,
)
_PREF_BEFORE = re.compile(r"\b(?:preferred|a plus|nice to have|bonus|ideally|desired|is an asset)\b", re.I)
_MIN_ITEM = re.compile(r"(?:\b|(?<=[a-z]))(?:[Mm]inimum|MINIMUM|[Mm]in\.|[Aa]t\s+[Ll]east|AT\s+LEAST|[Rr]equired|REQUIRED|[Mm]ust)\b")
# A preferred cue ending the item before, in flattened text: "MBA or PhD a plus 5+ years ...",
# "Ph.D preferred 5+ years ..." (not a heading: "Preferred: 3+ years", a line starting "Preferred").
_PREF_ENDS_ITEM = re.compile(r"[^\W\d_][^\n:]*?\s(?:preferred|a\s+plus|a\s+bonus|desired|is\s+an\s+asset)\s*$", re.I)
_PARENS = re.compile(r"\([^()]{0,80}\)")  # "(M.S. required, Ph.D. preferred)": about the degree, not the years
_ITEM_START = re.compile(r"(?:^|\n)\s*(?:[-*•·]|\d{1,2}[.)])?\s*[*_]{0,2}(?:(?:have|has|bring|with)\s+(?:at\s+least\s+)?)?$", re.I)
# Flattened text: an amount opening a sentence or an inline list item ("...or equivalent experience.
# 5+ years of experience in ...", "... - 401(k) - 1+ years of professional experience").
# ("...interfacing with executives7-10+ years of experience": glued to the last item, "...preferred 8-10 years")
_SENTENCE_ITEM_START = re.compile(r"(?:[A-Za-z)][.!?]\s?|\s[-–•·]\s+|[a-z)]|\s(?:preferred|a\s+plus|required)\s)[*_]{0,2}$")
_PREF_AFTER = re.compile(r"\b(?:preferred|a plus|nice to have|bonus|desired|is an asset|advantage)\b", re.I)
# Flattened text: a heading of what the candidate brings glued to the amount, after a word it ends
# ("...analytics requestsSKILLS & EXPERIENCE2 - 4 years", "...Competitive salaryAbout You3+ years"):
# the amount opens that section whatever ran on before it (the company blurb, the benefits).
_ASK_HEADING_GLUED = re.compile(
    r"(?:[a-z.]|^)\s?(?:(?:SKILLS\s*(?:&|AND|/)\s*)?EXPERIENCE|REQUIREMENTS|QUALIFICATIONS|About\s+[Yy]ou|"
    r"What\s+[Yy]ou(?:'|’)?ll\s+[Bb]ring|Who\s+[Yy]ou\s+[Aa]re|Requirements|Qualifications|"
    # ("...dashboards Skills/Experience 3-5 years", "...from management.What We're Looking For3+ years")
    r"(?:Skills\s*(?:&|and|/)\s*)?Experience|What\s+[Ww]e(?:'|’)?re\s+[Ll]ooking\s+[Ff]or|"
    r"What\s+[Ww]e\s+[Aa]re\s+[Ll]ooking\s+[Ff]or|What\s+[Yy]ou(?:'|’)?ll\s+[Nn]eed|What\s+[Yy]ou\s+[Nn]eed|"
    r"You\s+[Hh]ave|Must\s+[Hh]ave)\s*:?\s*$"
)
# Flattened text: an experience heading glued to the last item ("Desired: MSc, PhDExperience: 7+
# years", "Master's degree preferred.Minimum Experience: 5+ years") ends the preferred block before it.
# (also "...the following skills:Minimum Qualifications3years of ...")
_REQ_HEADING_GLUED = re.compile(
    r"(?<=[A-Za-z.)])(?:Minimum |Required |Work |Relevant )?Experience\s*(?:[:\-–]\s*)?$"
    r"|(?<=[A-Za-z.):])(?:Minimum|Basic|Required)\s+Qualifications\s*(?:[:\-–]\s*)?$"
)
# A capitalised cue glued to the next item or followed by a heading word is the heading of the next
# section in flattened text ("... 2 years of experience PreferredSome of the skills ...",
# "... 3 years of experience Preferred Qualifications ..."): it says nothing of the amount before it.
_PREF_HEADING = re.compile(
    r"(?:Preferred|PREFERRED|Nice [Tt]o [Hh]ave|Bonus|Desired)"
    # ("... 3+ years of analytical experience Preferred Insurance industry experience")
    r"(?=[A-Z]|\s*(?:[Qq]ualifications?|[Ss]kills|[Rr]equirements|[Ee]xperience\s*:|:)|\s+[A-Z][a-z])"
)
_DEGREE_LENGTH_AFTER = (
    r"(?:(?:undergraduate|college|university|" + BACHELOR_POSSESSIVE + r"|academic)\s+)?degree\b|"
    r"(?:college|university)\b(?!\s+(?:research|teaching|work|experience|students?|level|relations|recruit\w*))"
)
_DEGREE_LENGTH = re.compile(r"\s*(?:" + _DEGREE_LENGTH_AFTER + ")", re.I)
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:of\s+age|old\b|ago\b|since\b|in\s+(?-i:business)\b(?!\s+(?:intelligence|analy\w+|development|operations|systems|administration))|of\s+history|running|in\s+a\s+row|"
    r"from\s+now|or\s+less|later|after|with\s+(?:us|the\s+company)|of\s+(?:operation|growth|service\b|innovation)|"
    # years of schooling, in Hebrew ("12 שנות לימוד": twelve years of study, a school certificate),
    # and "the last/next N years" ("5 שנים האחרונות")
    r"(?:לימוד|השכלה|ה?אחרונות|ה?אחרונים|הבאות|הקרובות)|"
    # study towards a degree ("or equivalent 3 years towards an Engineering degree"); word
    # beginnings, not the degree_words fragments ("ph\.?d" not "Ph. D")
    r"(?:of\s+study\s+)?towards?\s+(?:an?\s+|the\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:degree|diploma|bachelor|master|ph\.?d|graduation)|"
    # the length of a degree ("4-year undergraduate degree or ...", "Four year college in a quantitative
    # field"; not "2 years of college-level ...", "3 years university research experience")
    + _DEGREE_LENGTH_AFTER + r"|"
    # a contract's length ("1 year contract", "a 12 months + extension contract")
    r"(?:\+\s*)?(?:contract|assignment|engagement)(?-i:(?![a-z]))|"
    # time served with the employer ("after three, five and ten years' service, one more day of leave")
    r"['’]?\s*service\s+(?:with|at|for)\b)",
    re.I,
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:past|last|next|first|coming|for\s+the|over\s+the|in\s+the|within|every|each|"
    r"anniversar\w*|for|during|after|founded|up\s+to|depuis|seit|sinds|voorbije|afgelopen)\s*(?:\w+\s+)?$|anniversar\w*\s*\([\d,\s]*$)",
    re.I,
)
# An upper bound is no minimum ("less than 4 years of research experience", "no more than 2
# years"), and the length of a contract, grant or appointment is no experience ("a fixed-term
# position of 4 to 6 years", "offered for a period of three years", "the post is for 2 years").
_BOUND_OR_TERM_BEFORE = re.compile(
    r"(?:\b(?:less|fewer)\s+than|\bno\s+more\s+than|\bnot\s+(?:more|longer)\s+than|\bat\s+most|"
    r"\bmax(?:imum|\.)?(?:\s+of)?|\bperiod\s+of|\b(?:term|duration|length|tenure)\s+of|"
    r"\b(?:contract|appointment|assignment|position|post|employment|grant|scholarship|fellowship|funding)\s+"
    r"(?:(?:is|will\s+be)\s+)?(?:of|for)|"
    r"\b(?:offered|appointed|employed|hired|funded|granted|available|extended)\s+for(?:\s+(?:a|an|the))?|"
    # a field of the contract ("Estimated Length: 1 year", "Duration: 12 months +", "Contract length - 6 months")
    r"(?:\b|(?-i:(?<=[A-Z])))(?:duration|length|contract|assignment|engagement)\s*[:\-–])"
    r"\s*(?:(?:up\s+to|about|approximately|around|an?\s+(?:initial|fixed)|an?)\s+)?\+?$",
    re.I,
)
# "You have been in a similar position for around five years": the candidate's past, no contract term.
_YOU_HAVE_BEEN = re.compile(
    r"\byou(?:\s+have|['’]ve)\s+(?:been|worked)\b[^.;\n]{0,80}\bfor\s+(?:around|about|approximately|roughly|at\s+least|over)?\s*$",
    re.I,
)
# Of those, the upper bounds: a graduate with no experience qualifies ("less than 2 years of
# experience", "a maximum of 1 year", "up to 2 years of experience"): the minimum is 0.
_UPPER_BOUND_BEFORE = re.compile(
    r"(?:\b(?:less|fewer)\s+than|\bno\s+more\s+than|\bnot\s+(?:more|longer)\s+than|\bat\s+most|"
    r"\bmax(?:imum|\.)?(?:\s+of)?|\bup\s+to)\s*\+?$",
    re.I,
)
# A degree named ("Scrum Master" is no degree; years_paths slices this pattern's "\b...\b" off)
_DEGREE_WORD = re.compile(
    r"\b(?:"
    + alternatives(BACHELOR, BS, BA_DOT, r"(?<!scrum\s)" + MASTER_NOT_DATA, MS_NOT_MICROSOFT, MA_DOT, MENG, MBA, PHD, DOCTORA)
    + r"|degree|graduate|undergraduate|diploma)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class YearsMention:
    value: float  # the minimum of the stated range
    start: int
    end: int
    preferred: bool


def _num(tok: str) -> float:
    tok = re.sub(r"\s*\([^()]*\)|-tal$", "", tok.strip().lower())
    if tok in _WORD_NUM:
        return float(_WORD_NUM[tok])
    return float(tok.replace(",", "."))  # "1,5 years" (a decimal comma)


# r"years?|yrs?|yoe|months?" under re.I, spelt case by case ("ſ" folds to "s") so that the
# pattern opens with one character class and the search skips in C to a "y" or an "m" (6x faster)
_UNIT_HINT = re.compile(r"[yYmM](?:(?<=[yY])(?:[eE][aA][rR][sS\u017f]?|[rR][sS\u017f]?|[oO][eE])|(?<=[mM])[oO][nN][tT][hH][sS\u017f]?)")
# Units in other languages, scanned only when a cheap substring test finds one of them.
# (French "an" only after a number: "1 an d'expérience", not the English article)
_UNIT_HINT_MORE = re.compile(r"שנים|שנות|שנה|\bans\b|(?<=\d)\s?an\b|\bun\s+an\b|années?|jahre|\bjahr\b|\bjaar\b|\bjaren\b|años?|\banos\b", re.I)
_MORE_SUBSTRINGS = ("שנ", " ans", " an ", "année", "ahr", "AHR", " jaar", "JAAR", " jaren", "año", " anos", "ANS")


# Where a match of ``_UNIT_HINT_MORE`` can start: every alternative begins with "שנ", "an",
# "añ", "un" or "ja", in either case (no other character folds to these under re.I), or with
# one space before "an" (tried one position earlier). One character class first, so the scan
# runs in C; ``_more_hints`` then tries the whole pattern only there: the same matches as
# ``_UNIT_HINT_MORE.finditer``, several times faster (that alternation with a look-behind was
# tried at every position of every posting holding " an ").
_MORE_START = re.compile(r"[aAuUjJ\u05e9](?:(?<=[aA])(?=[nN\u00f1\u00d1])|(?<=[uU])(?=[nN])|(?<=[jJ])(?=[aA])|(?<=\u05e9)(?=\u05e0))")


def _more_hints(text: str) -> Iterator[re.Match[str]]:
    """``_UNIT_HINT_MORE.finditer(text)``, trying the pattern only where a match can start."""
    match = _UNIT_HINT_MORE.match
    pos = 0
    for c in _MORE_START.finditer(text):
        q = c.start()
        # look-behind and \b see the text before q, as finditer's do
        # "(?<=\d)\s?an": the space before, after a digit (isdigit covers re's \d)
        m = match(text, q - 1) if q > pos and q >= 2 and text[q - 2].isdigit() else None
        if m is None and q >= pos:
            m = match(text, q)
        if m is not None:
            pos = m.end()
            yield m


def _unit_hints(text: str) -> Iterator[re.Match[str]]:
    if not any(x in text for x in _MORE_SUBSTRINGS):
        return _UNIT_HINT.finditer(text)
    return heapq.merge(_UNIT_HINT.finditer(text), _more_hints(text), key=lambda m: m.start())


def _years_matches(text: str) -> Iterator[re.Match[str]]:
    """``_YEARS_RE`` matches, searched only in windows before each "year"/"yr" (fast)."""
    last_end = -1
    for u in _unit_hints(text):
        i = u.start()
        if i < last_end:
            continue
        m = _YEARS_RE.search(text, max(0, i - 60, last_end), u.end() + 12)
        while m is not None and m.end() < u.end():
            m = _YEARS_RE.search(text, m.end(), u.end() + 12)
        if m is not None:
            last_end = m.end()
            yield m


# Who the years belong to. A requirement addresses the candidate (or is a bare list item:
# "5+ years of Python"); company history has the company as its subject ("With 30 years of
# experience, 6,000 workers and offices in 10 countries, we...", "a firm with over 25 years of
# investment experience", "our team has 15 years of...").
_CANDIDATE_WORDS = re.compile(
    r"\b(?:you|your|you've|you’ve|you'll|you’ll|you're|you’re|candidates?|applicants?|must|required|requires?|"
    r"requirements?|minimum|at\s+least|ideally|ideal|should|qualifications?|qualified|seeking|seek|looking\s+for|look\s+for|"
    r"need|needs|preferred|preferably|bring|brings|degree|" + BACHELOR + "|" + MASTER_POSSESSIVE + r"|seasoned|equivalent)\b",
    re.I,
)
# "* Has 3+ years of ...", "someone who has 8 yrs of exp": the candidate has them.
# ("...prototyping mindsetHas 3+ years": flattened text glues an item's capitalised "Has" to the last one)
_CANDIDATE_HAS = re.compile(
    r"(?:\bwho\s+(?:is\s*/\s*)?(?:has|have)|(?:^|[\n•*:|-])\s*(?:has|have)|[a-z](?-i:Ha(?:s|ve)))(?:\s*:\s*|\s+)(?:at\s+least\s+|over\s+)?[*_]{0,2}$", re.I
)
_COMPANY_SUBJECT = re.compile(
    r"\b(?:we|we've|we’ve|we're|we’re|our|us|company|companies|firm|organi[sz]ations?|group|"
    r"founders?|founded|established|history|legacy|heritage|brand|agency|investors?|partners?|leaders?|"
    r"employer|studio|institution|has|had|boasts?)\b",
    re.I,
)
# The size of an organisation, listed beside its years ("6,000 workers, offices in 10 countries").
_COMPANY_SIZE = re.compile(
    r"\b\d[\d,.]*\+?\s*(?:employees|workers|people|staff|professionals|consultants|engineers|offices|"
    r"countries|clients|customers|locations|stores|members|continents|cities|experts)\b"
    r"|\boffices\s+in\b|\bacross\s+\d+\s+(?:countries|continents)\b",
    re.I,
)
# "Two full years of progressively higher level graduate education": an education path.
_EDUCATION_AFTER = re.compile(
    r"^[^.;\n]{0,40}?\b(?:graduate|undergraduate|college|university|post-?secondary|doctoral)\s+"
    r"(?:education|study|studies|coursework|level\s+education)",
    re.I,
)
# A list item stating years "in" or "as" something: "4-5 years in credit risk analysis".
_YEARS_IN = re.compile(
    r"^[*_]{0,2}\s*(?:(?:of\s+)?(?:in|as|at|within|across|on)\s+(?:an?\s+|the\s+)?\w"
    # "5+ years of Python", "3 years of B2B sales" (not "2 years of college")
    r"|of\s+(?!(?:college|university|school|study|studies|education|coursework|under\w*|graduate|post\w*|age)\b)[A-Za-z0-9])",
    re.I,
)


# A company heading glued to the amount ("About Us10 years of experience serving banks").
_ABOUT_GLUED = re.compile(r"(?:About\s+(?:[Uu]s|[A-Z]\w*)|Who\s+[Ww]e\s+[Aa]re|Our\s+(?:[Ss]tory|[Cc]ompany|[Hh]istory|[Mm]ission))$")


def _glued(text: str, s: int) -> bool:
    """Flattened text glues the amount at ``s`` to the last item ("...improve business
    processes5-10 years overall work experience"): it opens an item of its own (not after a
    glued company heading: "About Us10 years of experience serving banks")."""
    return s > 0 and (text[s - 1].islower() or text[s - 1] == ")") and not _ABOUT_GLUED.search(text, max(0, s - 30), s)


def _company_history(text: str, s: int, e: int, ss: int, se: int) -> bool:
    """The years at ``s:e`` describe the company (its age, track record or people), not a
    requirement of the candidate."""
    before = text[max(ss, s - 100) : s]
    if _glued(text, s):
        # flattened text glues an item to the last one ("...improve business processes5-10
        # years overall work experience"): the amount opens its own item
        ss = s
        before = ""
    clause = text[max(ss, s - 100) : min(se, e + 160)]
    if _CANDIDATE_WORDS.search(clause) or _CANDIDATE_HAS.search(before):
        return False
    if _ASK_HEADING_GLUED.search(text, max(0, s - 40), s):
        return False  # a glued heading of the candidate's section opens here
    # a full stop glued to the amount ends the sentence before ("... federal agencies.5+ years")
    glued = max(before.rfind(". "), before.rfind(".") if before.endswith(".") else -1)
    if glued >= 0:
        before = before[glued + 1 :]
    if _COMPANY_SUBJECT.search(before):
        return True
    # "With 30 years of experience, 6,000 workers, offices in 10 countries ..."
    return bool(_COMPANY_SIZE.search(clause))


def _company_speaks(text: str, start: int, end: int) -> bool:
    """The company is the subject before the amount, and no candidate cue comes after it ("we
    need someone who has: 5+ years", "What we look for: 4+ years" ask the candidate)."""
    if _CANDIDATE_HAS.search(text, start, end):
        return False  # "... someone who has: 5+ years"
    subjects = list(_COMPANY_SUBJECT.finditer(text, start, end))
    if not subjects:
        return False
    return not _ASKS_AFTER_COMPANY.search(text, subjects[-1].end(), end)


# What turns a company sentence into a requirement ("we need someone who has", "what we look for");
# not "you" alone ("we offer you 3 years of paid tuition").
_ASKS_AFTER_COMPANY = re.compile(
    r"\b(?:need|needs|look(?:ing)?\s+for|seek(?:ing)?|require[sd]?|must|should|expect|ideal|"
    r"qualifications?|requirements?|someone\s+who|candidates?|applicants?|who\s+(?:has|have|is))\b",
    re.I,
)


def _years_sentence_asks(text: str, ss: int, se: int) -> bool:
    """A sentence that states a requirement of the candidate and is no legal boilerplate (in
    flattened text the equal-opportunity section may swallow the qualifications after it)."""
    sent = text[ss:se]
    low = fold(sent)
    return bool(_CANDIDATE_WORDS.search(sent)) and not _EEO_WORDS.search(sent, low)


def parse_years(text: str, layout: Layout | None = None) -> list[YearsMention]:
    """Every stated amount of experience REQUIRED of the candidate, in text order, with whether
    it is only preferred. Company history ("With 30 years of experience, 6,000 workers...") and
    education paths ("two years of graduate education") are not experience."""
    return [m for m in _parse_years(text, layout) if m.value >= 0]


# The last text read, its layout and what was found (extraction reads a posting's years twice:
# years_min, then seniority when neither the title nor a level cue decides it).
_LAST: tuple[str, Layout, tuple[YearsMention, ...]] | None = None


def _parse_years(text: str, layout: Layout | None = None) -> list[YearsMention]:
    """Like :func:`parse_years`, plus education paths as value -1 (a path needing no experience
    when it is an alternative: "... OR two years of graduate education")."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is text and last[1] is layout:  # the same objects: the same answer
        return list(last[2])
    layout = layout or analyse(text)
    out = _read_years(text, layout)
    _LAST = (text, layout, tuple(out))
    return out


def _read_years(text: str, layout: Layout) -> list[YearsMention]:
    out: list[YearsMention] = []
    for m in _years_matches(text):
        s, e = m.span()
        after = text[e : e + 90]
        before = text[max(0, s - 100) : s]
        if _NOT_EXPERIENCE.match(after):
            continue
        if _EDUCATION_AFTER.match(after):
            if re.search(r"\bor\s+(?:\w+\s+){0,2}$", before, re.I):
                ss, se = layout.sentence_at(s)
                if layout.section_at(s) not in ("benefits", "about"):
                    out.append(YearsMention(-1.0, s, e, False))
            continue
        mention = _experience_mention(text, layout, m, after, before)
        if mention is not None:
            out.append(mention)
    if "xperience" in text:
        out += _field_mentions(text, layout)
        if "+" in text:
            out += _plus_mentions(text, layout)
        out.sort(key=lambda x: x.start)
    if "סיון" in text and "שנ" in text:
        out += _hebrew_word_mentions(text, layout)
        out.sort(key=lambda x: x.start)
    return out


def _experience_mention(text: str, layout: Layout, m: re.Match[str], after: str, before: str) -> YearsMention | None:
    """The amount of experience an amount match asks for, or None when it asks none (a contract
    term, the company's age or history, a benefit, ...)."""
    s, e = m.span()
    bound = bool(_UPPER_BOUND_BEFORE.search(text, max(0, m.start("a") - 30), m.start("a")))
    strong = _strength(text, m, after, before, bound)
    if strong is None:
        return None
    ss, se = layout.sentence_at(s)
    section = _years_section(text, layout, s)
    if not (
        strong or _EXP_AFTER.match(after) or _EXP_BEFORE.search(before) or _minimum_of_work(m, after)
        or _degree_path_amount(before, after)
    ):
        # a list item of qualifications: "4-5 years in credit risk analysis", also where
        # flattened text lost the section headings ("...related field.5+ years of Python")
        if section in ("benefits", "about") or not _YEARS_IN.match(after):
            return None
    a = _amount(m, bound, strong)
    if a is None:
        return None
    if "יתרו" in text and _hebrew_prefers(text, s, e):  # ("יתרון", "יתרונות": advantage, -s)
        return YearsMention(a, s, e, True) if _asked_here(text, s, e, ss, se, section, strong) else None
    pref_text = re.split(r"[.;•]", _PARENS.sub(" ", text[max(ss, s - 80) : s]) + (m.group("pre") or ""))[-1]
    if _REQUIRES_BEFORE.search(text, max(ss, s - 100), m.start("a")) or (
        section == "preferred" and _REQUIRED_AFTER.match(text, e, min(se, e + 90))
    ):
        # a requirement stated in the amount's own clause outweighs the block it stands in and
        # a preferred cue after it ("Desired Skills: Requires a degree plus at least 2 years",
        # "Minimum 5 years of data management experience required" under a preferred heading,
        # "requires a minimum of 2 years related experience Knowledge of SQL is preferred")
        pref = False
    else:
        pref = (section == "preferred" and not _REQ_HEADING_GLUED.search(text, max(0, s - 40), s)) or (
            not _REQUIRED_AFTER.match(text, e, min(se, e + 90))
            and _text_prefers(text, s, e, ss, se, section, pref_text)
        )
    if not _asked_here(text, s, e, ss, se, section, strong):
        return None
    return YearsMention(a, s, e, pref)


# A line that prefers one thing it names is an item, not the heading of a preferred block
# ("Master's Degree preferred", "* Bachelor's Degree Preferred", "Experience with Oracle DMW
# preferred", "Majors preferred: statistics, economics"): the amounts on the lines after it are
# as required as the block it stands in. (Not "Experience with the following is desired:",
# "Skills Preferred", "Large Language Model (Preferred)": headings of what follows.)
_ITEM_PREF_LINE = re.compile(
    r"^[\s*•·#_-]*(?P<what>[^\n:]*?)\s*[,(]?\s*(?:is\s+|are\s+)?(?:highly\s+|strongly\s+)?"
    r"(?:preferred|desired|preferable|desirable)(?:\s+in)?[\s*_)]*(?::[^\n]{0,120})?$",
    re.I,
)
_ITEM_PREF_WHAT = re.compile(
    r"\b(?:" + alternatives(BACHELOR, MASTER) + r"|degrees?|" + alternatives(BS, MS, BA, MA, MBA, PHD) + r"|majors?|diploma)\b"
    r"|\b(?:with|in|of)\s+(?!(?:the\s+)?following\b)\w",
    re.I,
)


_CANDIDATE_LINE = re.compile(
    r"^[ \t*#_>-]*[^\n]{0,60}?\b(?:you(?:['’]ll|\s+will|\s+should|\s+must)?\s+(?:have|need|bring)|you\s+are|"
    r"(?:we(?:['’]re|\s+are)|what\s+we(?:['’]re|\s+are))\s+looking\s+for|requirements|qualifications|must[- ]haves?)\b"
    r"[^\n:]{0,30}:[ \t*_]*$",
    re.I | re.M,
)


_REQ_WORD = re.compile(r"\b(?:required|requirements?|prérequis|minimum|must)\b", re.I)
# A heading-shaped line of its own naming what the candidate brings, with no preferred cue.
# (a markdown heading or a bold line, not a list item: "* Python experience")
_REQ_LINE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*|\*\*|__)?(?![^\n]*\b(?i:prefer\w*|desir\w*|nice|bonus|plus|ideal\w*|apart|love|atouts?)\b)"
    r"(?=[^\n]*\b(?i:education|experience|qualifications?|requirements?|profile|profiel|prérequis)\b)"
    r"[A-Z][\w&/,’' -]{0,60}?[ \t*_]*:?[ \t*_]*$",
    re.M,
)


def _item_pref_heading(text: str, start: int, end: int) -> bool:
    """Whether the "preferred" heading at ``start:end`` is a one-line item preferring what it
    names, in line-structured text (its line starts within 150 characters before it)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le == -1 else le
    if start - ls > 150 or le - end > 130:
        return False
    m = _ITEM_PREF_LINE.match(text[ls:le])
    what = m.group("what") if m else ""
    return bool(what and _ITEM_PREF_WHAT.search(what) and "following" not in what.lower())


def _years_section(text: str, layout: Layout, s: int) -> str:
    """The section of the amount at ``s``, where a preferred "heading" that is an item
    preferring what it names (:func:`_item_pref_heading`) opens no preferred block: the
    section it stands in goes on."""
    section = layout.section_at(s)
    if section in ("benefits", "about"):
        # a line addressing the candidate, ending in a colon, that no heading list knows ("**To
        # succeed in the role, you will have:**") ends the benefits or company text before it
        i = bisect_right(layout.head_starts, s) - 1
        if i >= 0 and _CANDIDATE_LINE.search(text, layout.head_ends[i], s):
            return "requirements"
        return section
    if section != "preferred":
        return section
    i = bisect_right(layout.head_starts, s) - 1
    while i >= 0 and layout.head_kinds[i] == "preferred" and _item_pref_heading(text, layout.head_starts[i], layout.head_ends[i]):
        if text.find("\n", layout.head_ends[i], s) == -1:
            return section  # the amount stands on the item's own line
        i -= 1
    if i < 0:
        return "other"
    if layout.head_kinds[i] == "preferred":
        head = text[layout.head_starts[i] : layout.head_ends[i]]
        if _REQ_WORD.search(head):
            return "requirements"  # "Vos atouts et les prérequis pour réussir", "Required/Desired Skills"
        if _REQ_LINE.search(text, layout.head_ends[i], s):
            # a later heading line no heading list knows ends the preferred block ("### Education
            # and Experience", "Education & Experience", "Het Profiel", "Experience/Technology")
            return "requirements"
        if _DESIRED_HEAD.match(head) and "requirements" not in layout.head_kinds and "preferred" not in layout.head_kinds[:i]:
            # "Desired Skills and Experience", "Desired Experience:" as the posting's only list of
            # qualifications (no heading of requirements anywhere, no preferred block before it):
            # what is asked, not a wish beside the requirements
            return "requirements"
    return layout.head_kinds[i]


_DESIRED_HEAD = re.compile(r"[\W_]*(?:desired|desirable)\b", re.I)


# The work named right after a minimum ("Minimum 5-7 years of business intelligence analytics",
# "Min. 3 years Java or Python"): a minimum asks it of the candidate, in any section.
_MIN_PRE = re.compile(r"(?:at\s+least|minimum(?:\s+of)?|min\.?|a\s+minimum\s+of)\s+$", re.I)
_WORK_AFTER = re.compile(
    r"^['’]?\s*(?!(?:of\s+)?(?:service|warranty|guarantee|commitment|contract|term|period|remaining|left|study|studies|"
    r"school|college|university|education|age)\b)(?:of\s+)?[A-Za-z]",
    re.I,
)


# A degree's path names its amount alone, the experience said once for every path ("BS with ten
# (10) years of relevant experience, MS with eight (8) years; or PhD with five (5) years",
# "Bachelor's and 6+ years of relevant experience or Master's and 4+ years", "BS with 2+ years,
# or MS with 0-3 years", "... or 6 years and a Master's degree"); not years of study ("a degree
# with 4 years of study").
_DEGREE_PATH_BEFORE = re.compile(
    r"\b(?:" + alternatives(BACHELOR_TOKEN, MASTER_TOKEN, PHD, DOCTORATE, BS_DOT, MS_DOT, BA_DOT, MA_DOT, MBA) + r"|degree)"
    r"(?:\s+degree)?\s*(?:with|and|plus|\+)\s*$",
    re.I,
)
_DEGREE_PATH_AFTER = re.compile(
    # (used by .match only, so PHD's optional final dot, at the pattern's end, changes nothing)
    r"['’]?\s*(?:and|with|plus|\+)\s+(?:an?\s+)?(?:"
    + alternatives(BACHELOR_TOKEN, MASTER_TOKEN, PHD, DOCTORA, BS_DOT + r"\s", MS_DOT + r"\s", MBA)
    + ")",
    re.I,
)
_NO_STUDY_AFTER = re.compile(
    r"^['’]?\s*(?:of\s+)?(?:\w+\s+)?(?:study|studies|education|school\w*|college|university|coursework|training|tuition)\b", re.I
)


def _degree_path_amount(before: str, after: str) -> bool:
    return bool(
        (_DEGREE_PATH_BEFORE.search(before) or _DEGREE_PATH_AFTER.match(after)) and not _NO_STUDY_AFTER.match(after)
    )


def _minimum_of_work(m: re.Match[str], after: str) -> bool:
    pre = m.group("pre")
    return bool(pre and _MIN_PRE.match(pre) and _WORK_AFTER.match(after))


def _text_prefers(text: str, s: int, e: int, ss: int, se: int, section: str, pref_text: str) -> bool:
    """A preferred cue in the amount's own item, before it or after it."""
    return (
        # (in flattened text a sentence may end in a full stop glued to the number; a
        # "Minimum"/"At least" after the cue starts the next item: "advanced degree
        # preferred Minimum 3 years of ...")
        (
            _prefers_before(text, s, ss, _MIN_ITEM.split(pref_text)[-1])
            and not (section != "preferred" and _PREF_ENDS_ITEM.search(text, max(ss, s - 80), s) and "\n" not in pref_text)
        )
        or _preferred_after(text, e, min(se, e + 60))
    )


# A degree just before the cue: the degree is preferred, not the amount after it ("BS / MS
# Preferred in Computer Science or equivalent with 12+ years", "Bachelor's degree preferred in
# Physics, with 5+ years", "Masters or Ph.D. preferred, 5+ years"; not "... preferred with 2+
# years": the degree with the years).
_DEGREE_PREFERRED = re.compile(
    r"(?:" + _DEGREE_WORD.pattern + r")[\s'’s.]{0,4}(?:degree\s+)?(?:is\s+)?(?:highly\s+|strongly\s+)?"
    r"(?:preferred|desired)\b(?!\s+with\b|\s*,?\s*or\b)",
    re.I,
)


def _prefers_before(text: str, s: int, ss: int, item: str) -> bool:
    """A preferred cue in ``item`` (the amount's item, before it) that is about the amount, not
    a degree named just before the cue."""
    if not _PREF_BEFORE.search(item):
        return False
    window = text[max(ss, s - 80) : s]
    cues = list(_PREF_BEFORE.finditer(window))
    degrees = list(_DEGREE_PREFERRED.finditer(window))
    return not (cues and degrees and degrees[-1].end() == cues[-1].end())


def _strength(text: str, m: re.Match[str], after: str, before: str, bound: bool) -> bool | None:
    """Whether the match is strongly about experience ("yoe", "years of experience"); None when
    it is no amount of experience at all (a bound or term, "a 1-year contract", "after 6 months")."""
    if (
        not bound
        and _BOUND_OR_TERM_BEFORE.search(text, max(0, m.start("a") - 60), m.start("a"))
        and not _YOU_HAVE_BEEN.search(text, max(0, m.start("a") - 120), m.start("a"))
    ):
        return None
    unit = m.group("unit").lower()
    strong = unit == "yoe" or bool(_STRONG_AFTER.match(after))
    if not strong and text[m.start("unit") - 1] == "-":
        return None  # "a 1-year contract", "1-year validity" (but "1-year experience" counts)
    if unit.startswith("month") and (not _MONTHS_EXP.match(after) or _NOT_BEFORE.search(before)):
        return None  # "6 months of experience" counts; "after 6 months you gain experience" does not
    if strong:
        if _TIME_BEFORE.search(before):
            return None
    elif (
        m.group("pre") is None and not bound and _NOT_BEFORE.search(before) and not _EXP_BEFORE.search(before)
        and not _ASK_HEADING_GLUED.search(before)  # ("What We're Looking For2+ years": no duration)
    ):
        return None
    return strong


_MONTHS_TO_YEARS = re.compile(r"(?<![\d.,])(\d{1,2})\s*months?\s*(?:-|–|to)\s*$", re.I)


def _amount(m: re.Match[str], bound: bool, strong: bool = False) -> float | None:
    """The years a match asks for (the smaller of two paths, months as a fraction, 0 under an
    upper bound); None above 15 (no graduate market asks that: the company's age), unless a
    minimum of experience is stated ("At least 16 years of work experience", "Minimum of 25
    years of experience in ..."; a company speaks of "over" or "more than" its years)."""
    unit = m.group("unit").lower()
    a = _num(m.group("a"))
    if m.group("alt"):  # "8+ (6+) years": the second path
        a = min(a, float(m.group("alt")))
    if unit.startswith("month"):
        a /= 12.0  # "6 months of experience": half a year
    if not unit.startswith("month") and m.group("pre") is None:
        months = _MONTHS_TO_YEARS.search(m.string, max(0, m.start("a") - 20), m.start("a"))
        if months:  # "6 months - 2+ years of analytical experience": the lower end, in months
            a = min(a, float(months.group(1)) / 12.0)
    if a > 15 and not (strong and a <= 40 and _MIN_PRE.match(m.group("pre") or "")):
        # no graduate market asks that: the company's age ("25+ years of innovation",
        # "With millions of users and 23+ years of experience, Acme ...")
        return None
    if bound:
        a = 0.0  # "less than 2 years", "maximum 1 year": a graduate qualifies
    if m.group("b") is not None:
        b = _num(m.group("b"))
        if b < a and not bound and not unit.startswith("month") and "/" in m.string[m.end("a") : m.start("b")]:
            a = b  # two paths, not a range: "Bachelor's or Master's with 5+/3+ years, respectively"
    return a


def _asked_here(text: str, s: int, e: int, ss: int, se: int, section: str, strong: bool) -> bool:
    """Whether an amount at ``s:e`` (in the sentence ``ss:se``) is asked of the candidate where it
    stands: not in the benefits, the company blurb or EEO text unless its own sentence asks, and
    not the company's history."""
    if section in ("benefits", "about") and not (
        # flattened text or a missed heading: the company blurb or the benefits may run on
        # into the requirements; keep an amount whose own sentence asks something of the
        # candidate, or a list item opening with experience ("* 8+ years of Android
        # experience"), with no company subject before it
        (_years_sentence_asks(text, ss, se) or (strong and _ITEM_START.search(text, max(0, s - 30), s))
         or (strong and _SENTENCE_ITEM_START.search(text, max(0, s - 30), s))
         or _CANDIDATE_HAS.search(text, max(0, s - 40), s))
        and (_glued(text, s) or not _company_speaks(text, max(ss, s - 100), s))
    ) and not _ASK_HEADING_GLUED.search(text, max(0, s - 40), s):
        return False
    if section == "eeo" and not (
        _years_sentence_asks(text, ss, se)
        # flattened text: the equal-opportunity heading found first may swallow the
        # qualifications; an amount of experience opening an item, with no legal words before
        # it in its sentence, is still asked ("Master's degree preferred 8-10 years of relevant
        # experience ... Acme, an equal opportunity employer")
        or (strong and _SENTENCE_ITEM_START.search(text, max(0, s - 30), s)
            and not _EEO_WORDS.search(text[ss:s], fold(text[ss:s])))
    ):
        return False
    return not _company_history(text, s, e, ss, se)


def _field_mentions(text: str, layout: Layout) -> list[YearsMention]:
    """A field whose value has no unit: "Years of experience: 5+", "Min. years of experience - 3"."""
    out = []
    for m in _YEARS_FIELD.finditer(text):
        s = m.start("a")
        section = layout.section_at(s)
        if section in ("benefits", "about", "eeo"):
            continue
        out.append(YearsMention(float(m.group("a")), s, m.end(), section == "preferred"))
    return out


# An amount with a plus and no unit, the years left out ("5+ working experience", "BS degree5+
# experience as ...", "5+ of professional experience", "2+ Professional experience with Python"):
# not a version ("Python 3+ experience", "(ES6+) experience": a word and a space, or a capital,
# before the number).
# (searched from the plus, a literal the engine skips to, then the number before it: a pattern
# opening with the look-behinds was tried at every position, 5x slower)
_PLUS_EXPERIENCE = re.compile(
    r"\+\s*(?:of\s+)?(?:(?:working|work|professional|relevant|related|industry|hands[- ]on)\s+)?experience\b", re.I
)
_PLUS_NUMBER = re.compile(r"(?:(?<=[a-z)])|(?<![\w.,$€£#/+-]))(?<![A-Za-z0-9]\s)(?P<a>\d{1,2})\s*$")


def _plus_mentions(text: str, layout: Layout) -> list[YearsMention]:
    """Amounts of :data:`_PLUS_EXPERIENCE` asked of the candidate (not in the company blurb, the
    benefits or EEO text; preferred in a preferred section or with a preferred cue after it)."""
    out = []
    for m in _PLUS_EXPERIENCE.finditer(text):
        n = _PLUS_NUMBER.search(text, max(0, m.start() - 4), m.start())
        if n is None:
            continue
        s, e = n.start("a"), m.end()
        a = float(n.group("a"))
        section = _years_section(text, layout, s)
        if a > 15 or section in ("benefits", "about", "eeo"):
            continue
        _ss, se = layout.sentence_at(s)
        out.append(YearsMention(a, s, e, section == "preferred" or _preferred_after(text, e, min(se, e + 60))))
    return out


# Hebrew: one or two years as a word ("ניסיון של שנתיים לפחות": experience of two years at least;
# "שנת ניסיון": a year of experience; "שנה-שנתיים": one to two years; "עד שנתיים": up to two;
# "חצי שנה": half a year).
# No prefix glued to the word ("בשנתיים", "ושנתיים": in / and annual), no number before it.
_HE_YEAR_WORD = re.compile(
    r"(?<![\u0590-\u05ff\d])(?<!\d\s)(?:(?P<upto>עד)\s+)?(?:(?P<half>חצי)\s+)?"
    r"(?P<w>שנה\s*[-–]\s*שנתיים|שנה\s+עד\s+שנתיים|שנתיים|שנה|שנת)(?![\u0590-\u05ff])"
)
_HE_EXPERIENCE = re.compile(r"נ(?:י)?סיון")
_HE_EXPERIENCE_NEXT = re.compile(r"\s*(?:[^\s.;:\n•]+\s+)?נ(?:י)?סיון")
_HE_NOT_AFTER = re.compile(r"\s*(?:ה?אחרונ|הבא|הקרוב|ראשונ|שני|שלישי|ה?לימוד|אקדמית|עבודה\s+אחת)")
_HE_CLAUSE_BREAK = re.compile(r"[.;:\n•]|\s[-–](?=\S)")


def _hebrew_word_mentions(text: str, layout: Layout) -> list[YearsMention]:
    """Amounts of :data:`_HE_YEAR_WORD` with an experience word ("ניסיון") before them in their
    clause or right after them, outside the company blurb, benefits and EEO text."""
    out = []
    for m in _HE_YEAR_WORD.finditer(text):
        s, e = m.start(), m.end()
        w = m.group("w")
        after = text[e : e + 40]
        if _HE_NOT_AFTER.match(after):
            continue
        if not _HE_EXPERIENCE_NEXT.match(after):
            if w == "שנת":
                continue  # "שנת" is "the year of": only "שנת ניסיון" (a year of experience) asks one
            before = text[max(0, s - 80) : s]
            clause = _HE_CLAUSE_BREAK.split(before)[-1]
            if not _HE_EXPERIENCE.search(clause):
                continue
        section = _years_section(text, layout, s)
        if section in ("benefits", "about", "eeo"):
            continue
        value = 0.0 if m.group("upto") else 2.0 if w == "שנתיים" else 0.5 if m.group("half") else 1.0
        out.append(YearsMention(value, s, e, section == "preferred" or _hebrew_prefers(text, s, e)))
    return out


# Hebrew headings: of what is an advantage (preferred: "יתרונות:", "דרישות המהוות יתרון") and of
# what is required ("דרישות:", "דרישות התפקיד:", "תנאי סף", "למי התפקיד מתאים").
_HE_PREF_HEAD = re.compile(r"יתרונות\s*[:*]|יתרון\s*:|(?:דרישות|כישורים)\s+(?:ה?מהוות|שיהוו|שמהוות)\s+יתרון|\*\*\s*יתרונות")
_HE_REQ_HEAD = re.compile(
    r"(?:דרישות|כישורים)(?:\s+(?:התפקיד|חובה|סף|המשרה|נדרשים))?\s*[:*\n]|תנאי\s+סף|למי\s+(?:התפקיד|מתאים|מתאימה)"
)
# "... של שנתיים לפחות - יתרון משמעותי": the item ends in "an advantage" (not "יתרון ל...": an
# advantage for something else named after it)
_HE_PREF_ITEM = re.compile(r"[^\n•]{0,40}?[-–]\s*יתרון(?!\s*ל)")


def _hebrew_prefers(text: str, s: int, e: int) -> bool:
    """A Hebrew amount at ``s:e`` that is only an advantage: its item ends in "יתרון" or it
    stands under an advantage heading with no requirement heading after that."""
    if _HE_PREF_ITEM.match(text, e):
        return True
    window = max(0, s - 1500)
    prefs = [x.end() for x in _HE_PREF_HEAD.finditer(text, window, s)]
    if not prefs:
        return False
    reqs = [x.end() for x in _HE_REQ_HEAD.finditer(text, window, s)]
    return not reqs or prefs[-1] > reqs[-1]


def _preferred_after(text: str, start: int, end: int) -> bool:
    """A preferred cue after the amount, in its sentence, that is no heading of the next section
    and belongs to no other amount standing between them ("Minimum 3 years, 5+ years preferred",
    "8+ years of experience (10+ preferred)")."""
    for c in _PREF_AFTER.finditer(text, start, end):
        if _PREF_HEADING.match(text, c.start()) or _PREF_ATTRIBUTIVE.match(text, c.start()):
            continue
        if text.count("(", start, c.start()) > text.count(")", start, c.start()) and re.search(
            r"\([^()]*[A-Za-z]{2}[^()]*$", text[start : c.start()]
        ):
            continue  # a cue about something else: "2-4 years in finance (real estate experience a plus)"
        other = _OTHER_AMOUNT.search(text, start, c.start())
        if other and not re.search(r"\bor\b", text[start : other.start()], re.I):
            return False  # (not "B.S. with 8 years or M.S. with 6 years preferred": one cue for both paths)
        return True
    return False


# A cue naming another wish ("5+ years of related experience, with preferred experience in ..."):
# nothing about the amount before it.
_PREF_ATTRIBUTIVE = re.compile(
    r"(?i:preferred|desired)\s+(?i:experience|skills?|qualifications?|background|knowledge|exposure|industry|"
    r"domain|certifications?|education|focus|areas?)\b"
)
_OTHER_AMOUNT = re.compile(r"(?<![\w.])\d{1,2}\s*(?:\+|-\s*\d{1,2}|years?\b|yrs?\b)", re.I)
# A required cue right after the amount, in its clause, outweighs a preferred cue before it
# ("Bachelor's degree preferred with 7-10 years of work experience required").
_REQUIRED_AFTER = re.compile(r"[^.;:\n•()]{0,80}?\b(?<!not\s)(?:required|is\s+a\s+must|mandatory)\b", re.I)


# A requirement verb before the amount, in its clause, with no preferred cue between them
# ("Typically requires a minimum of 3 years", "must have 2+ years"; not "not required").
_REQUIRES_BEFORE = re.compile(
    r"\b(?<!not\s)(?:requires?|required|must\s+(?:have|possess|bring)|mandatory)\b"
    r"(?![^.;:\n•]*\b(?:preferred|preferably|desired|nice\s+to\s+have|bonus|a\s+plus|ideally)\b)[^.;:\n•]{0,90}$",
    re.I,
)


# (r"\byears?\s+of\s+..." under re.I, its first letter spelt as a class so that the search skips
# in C to a "y": "\b" before it is "no word character before the y")
_YEARS_FIELD = re.compile(
    r"[yY](?<!\w[yY])(?i:ears?\s+of\s+(?:[a-z]+\s+)?experience\s*(?:required\s*)?[:\-–]\s*(?P<a>\d{1,2})(?:\.\d)?\s*\+?"
    # (flattened text may glue the next field's capital: "Minimum years of work experience: 7Education: MSc")
    r"(?!\s*(?:years?|yrs?|months?|\d|%|(?-i:[a-z]))))"
)


_EEO_WORDS = FoldedRegex(
    r"equal (?:employment )?opportunit|affirmative action|without regard|regardless of|protected (?:veteran|characteristic|status)|"
    r"discriminat|reasonable accommodation|e-?verify|\beeo\b|background check|of age\b",
    first="abdefoprw",
)
