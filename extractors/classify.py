"""Role family, seniority and entry level of a posting (rules from the labelling guide).

- role family: ``ml`` (ML/AI/data science), ``data`` (data engineering/analytics/BI), ``other``;
  decided by the title's head (``roles.py``), and by the description among the families the title leaves open.
- seniority: ``intern`` | ``entry`` | ``mid`` | ``senior`` | ``unknown``. Required years decide
  when stated (0-2 entry, 3-5 mid, >5 senior); otherwise the title's cue; otherwise strong cues in
  the text ("new grad", "entry-level"); otherwise unknown. Interns stay interns.
- entry level (CONTRACTS §3): a fresh bachelor's or master's graduate with no full-time
  experience could realistically be hired: intern or entry seniority, no senior/lead/manager/
  director/staff/principal/head/VP or level-III cue in the title or the body, and required years
  absent or at most 1 on the paths open to a bachelor's or master's (a doctorate-only path
  needing no years does not count).
- experience inflated: an entry-level title that asks for 3 or more years.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from skillgap.extractors import roles

if TYPE_CHECKING:
    from skillgap.extractors.sections import Layout

__all__ = [
    "role_family",
    "ai_training_gig",
    "seniority",
    "title_level",
    "is_entry_level",
    "entry_level",
    "senior_cue",
    "experience_inflated",
]

def role_family(title: str, description: str = "", *, hourly_pay: float | None = None) -> str:
    """"ml" | "data" | "other" from the title's head noun phrase and the description (a learned
    model, see :mod:`skillgap.extractors.roles`); the description decides only among the families
    the title leaves open ("Software Engineer, AI" reads its text; "Account Executive, AI" does
    not). Gig work that feeds AI models (:func:`ai_training_gig`) is
    "other" whatever its title: per the labelling guide it builds no ML."""
    family = roles.predict(title or "", description or "")
    if family != "other" and ai_training_gig(title, description, hourly_pay):
        return "other"
    return family


# Writing, rating or labelling data for AI models ("train AI models", "evaluate AI responses",
# "RLHF", "data annotation").
_AI_TRAINING = re.compile(
    r"\b(?:ai\s+train(?:ing|er)s?|train(?:ing)?\s+(?:ai|llms?|large\s+language|language)\s+models?|rlhf|"
    r"(?:data\s+)?annotat(?:ion|ing|e)\s+(?:data|tasks?|projects?|work)|data\s+annotat\w+|"
    r"(?:evaluat|rat|rank|review)\w*\s+(?:ai|model|llm|chatbot)[- ](?:generated\s+)?(?:responses|outputs|answers)|"
    r"ai\s+tutor\w*)\b",
    re.I,
)


def ai_training_gig(title: str, description: str = "", hourly_pay: float | None = None) -> bool:
    """Paid by the hour, under $40, to write, rate or label data for AI models ("$11.50/h AI
    training"): a task a graduate can take, but no ML or data role."""
    if hourly_pay is None or hourly_pay >= 40:
        return False
    return bool(_AI_TRAINING.search(title or "") or _AI_TRAINING.search((description or "")[:20000]))


# "Student", "Placement" and "Stage" also name jobs that serve students or stages: "Student
# Success Advisor", "Placement Coordinator", "Stage Manager", "Early-Stage Startup" are no interns.
_INTERN = re.compile(
    r"\b(?:intern|interns|internship|co-?op|werkstudent|working student|apprentice\w*|"
    r"student(?!\s+(?:success|services?|recruit\w*|affairs|support|advis\w*|counsel\w*|life|housing|engagement|"
    r"experience|financ\w*|enrol\w*|admissions?|records|loans?|accounts?|wellbeing|welfare|career\w*)\b)|"
    r"trainee|summer analyst|(?<!product )placement(?!\s+(?:officer|coordinator|specialist|manager|advis\w*|consultant|lead)\b)|"
    r"praktikum|praktikant\w*|stagiaire|"
    # French apprenticeships ("Alternance - Développeur", "Apprenti(e) Développeur Web")
    r"alternan(?:ce|ts?|tes?)|apprentie?s?|"
    r"(?<!early[- ])(?<!later[- ])(?<!late[- ])(?<!growth[- ])(?<!seed[- ])(?<!multi[- ])stage"
    r"(?!\s+(?:manager|management|technician|hand|crew|director|designer|carpenter|electrician|door|\d))|"
    r"accelerator program|summer\s+20\d\d)\b",
    re.I,
)
# Vice presidents in all their forms: SVP, EVP, AVP, RVP, GVP.
_VP = re.compile(r"\b[saergd]vp\b", re.I)
# Level words, and the role nouns that imply a senior level unless the title says otherwise
# ("Associate Product Manager, New Grad" is an entry-level job; "Expert" names a job at auction
# houses and marketplaces, not a level: the guide does not list it).
_SENIOR = re.compile(
    r"\b(?:senior|sr\.?|snr|staff|principal|lead|leader|manager|director|head|vp|vice president|"
    r"chief|cto|distinguished|fellow|"
    # the same cues written as one word or in other languages: "Teamlead", "Techlead", "Teamleider",
    # "Abteilungsleiter", "Responsable", Hebrew manager (m/f) and team lead
    r"(?:team|tech)lead(?:er)?|teamleider|(?:team|abteilungs|bereichs|gruppen|projekt)?leiter(?:in)?|responsable|"
    # (the feminine written after a dot or a slash, "מנהל.ת", "מנהל/ת"; not "מנהל/ת חשבונות", a
    # bookkeeper; "בכיר/ה", senior)
    r"מנהל(?:[./]ת|ת)?(?=\s|$)(?!\s*חשבונות)|בכיר(?:[./]ה|ה)?(?![\u0590-\u05ff])|ראש\s+צוות)\b",
    re.I,
)
_ROLE_NOUN = frozenset({"manager", "leader"})
_STRONG_ENTRY = re.compile(
    r"\b(?:junior|jr\.?|new grad\w*|university grad\w*|recent grad\w*|entry[- ]level|"
    r"early[- ]career|college hire|(?:associate|apprentice)(?=\s+(?:\w+\s+){0,2}(?:manager|leader)\b))\b",
    re.I,
)
# The job nouns a level number follows ("Data Analyst II", "SDE 2", "Statistical Programmer 2",
# "Data Analyst - I"); "I/II" is the entry level of a two-level posting.
_LEVEL_NOUN = (
    r"engineer|scientist|analyst|developer|specialist|consultant|programmer|statistician|biostatistician|"
    r"architect|administrator|technician|designer|researcher|accountant|auditor|modell?er|sde|swe|sys"
)
# (a number of openings or a contract's length is no level: "Analyst, 2 positions", "Engineer - 1 year contract")
_NOT_A_COUNT = r"(?!\s*(?:positions?|openings?|roles?|vacanc\w*|hires?|heads?|years?|months?|weeks?|days?|yrs?|x)\b)"
_ENTRY = re.compile(
    r"\b(?:junior|jr\.?|new grad\w*|graduate|grads?|university grad\w*|[לוהב]?ג['׳’]וניור\w*|entry[- ]level|(?<!data )entry|"
    r"early[- ]career|associate|college hire|campus|undergrad\w*|recent grad\w*|level i|l1|20\d\d\s+start|"
    r"(?:" + _LEVEL_NOUN + r")\s*(?:[-–,]\s*)?(?:i|1)(?![\w/])" + _NOT_A_COUNT + "|(?:" + _LEVEL_NOUN + r")\s+(?:i|1)\s*/\s*(?:ii|2)(?![\w/])|"
    r"apprentice)\b",
    re.I,
)
_MID = re.compile(
    # ("Experienced Data Engineer": a title opening with the word names an experienced, not senior, hire)
    r"\b(?:(?:^|(?<=\[))experienced(?=\s)|mid[- ]level|intermediate|level\s+(?:ii|iii|2|3)|l2|l3|l4|l5|(?<![\w-])mid(?![\w-])|"
    r"(?:" + _LEVEL_NOUN + r")\s*(?:[-–,]\s*)?(?:ii|iii|iv|2|3|4)(?![\w/.])" + _NOT_A_COUNT + "|"
    r"(?:" + _LEVEL_NOUN + r")\s+(?:ii|2)\s*/\s*(?:iii|3)(?![\w/]))\b",
    re.I,
)
_TEXT_ENTRY = re.compile(
    r"\b(?:new grad(?:uate)?s?|recent (?:college |university )?grad(?:uate)?s?|entry[- ]level|"
    r"early[- ]career|early[- ]in[- ](?:their\s+|your\s+|the\s+)?careers?|graduate program|graduate programme|university graduates?|"
    r"no (?:prior |previous )?(?:work )?experience (?:is )?(?:required|necessary|needed))\b",
    re.I,
)
# Cues further into the text that the hire is a beginner: a first experience, coursework in place
# of work, "never worked ... before", and the words other languages use for graduates and starters.
_TEXT_BEGINNER = re.compile(
    # (a capital glued to a lower-case letter starts a word in flattened text: "agencyRelevant coursework")
    r"(?:\b|(?<=(?-i:[a-z]))(?=(?-i:[A-Z])))(?:(?:a|an|une|your)\s+first\s+(?:professional\s+|work\s+|relevant\s+)?experience\b|"
    r"premi[eè]re\s+exp[eé]rience|jeunes?\s+dipl[oô]m[eé]\w*|d[eé]butant\w*|relevant\s+coursework|"
    r"graduate[- ]eligible|you(?:['’]ve|\s+have)?\s+never\s+worked\b|"
    r"(?:recently|just)\s+graduated|fresh(?:ly)?\s+graduat\w*|freshers?\b|"
    r"(?:looking\s+for|seeking|hiring|recruiting)\s+(?:an?\s+)?junior|profils?\s+junior|"
    r"berufseinsteiger\w*|berufsanf[aä]nger\w*|absolvent\w*|hochschulabsolvent\w*|"
    r"starters?(?:sfunctie|\s+functie)?\s+(?:welkom|gezocht)|pas\s+afgestudeerd\w*|net\s+afgestudeerd\w*|"
    r"reci[eé]n\s+(?:titulad|egresad|graduad)\w*|"
    # Dutch "a first experience" ("Je hebt een eerste ervaring als ...", "een eerste relevante werkervaring")
    r"een\s+eerste\s+(?:relevante\s+|professionele\s+)?(?:werk)?ervaring)",
    re.I,
)
_TEXT_INTERN = re.compile(
    r"\b(?:this internship|our internship|internship program|interns? will|as an intern|"
    r"currently enrolled)\b",
    re.I,
)
_TEXT_SENIOR = re.compile(r"\b(?:senior|seasoned|veteran)\s+(?:engineer|scientist|leader|hire)\b", re.I)
# Programmes and phrases that hire people straight out of school.
_TEXT_PROGRAM = re.compile(
    r"\b(?:rotational (?:program|programme)|graduate scheme|early[- ]talent|"
    r"(?:class|cohort) of 20\d\d|graduating (?:in|between|by) (?:\w+ )?20\d\d)\b",
    re.I,
)
# The hire is clearly experienced, with no amount stated ("You are an experienced Android
# developer", "several years of hands-on experience"): mid, per the guide.
_TEXT_MID = re.compile(
    r"\b(?:(?:you(?:'re|’re| are)|you are an?|looking for an?|seeking an?|hiring an?)\s+"
    r"(?:\w+\s+){0,2}experienced\s+(?:\w+\s+){0,2}(?:engineer|developer|scientist|analyst|designer|"
    r"professional|manager|consultant|specialist|architect|accountant|marketer|writer|researcher)s?"
    r"|(?:several|multiple|many|extensive|numerous|considerable)\s+years\s+(?:of\s+)?(?:[\w-]+\s+){0,4}experience)\b",
    re.I,
)
# "Proven experience as a Backend Developer" (not "... as a Senior Architect": that level is no mid);
# searched where the text holds "proven" (_PROVEN_ROLE_NEEDS)
_PROVEN_ROLE = re.compile(
    r"\bproven\s+(?:work\s+|professional\s+)?experience\s+(?:working\s+)?as\s+an?\s+"
    r"(?!(?:senior|sr|lead|principal|staff|head|manager|director|chief)\b)[\w*]",
    re.I,
)
_PROVEN_ROLE_NEEDS = (("proven",),)
# The body naming the level of the hire, where the title names none: "we are looking for a Senior
# Full Stack Engineer", "As a Principal Software Engineer you ...", "This is a remote,
# intermediate-level position" (the level word capitalised before a job name, or "<level>-level role").
_HIRE_LEVEL = re.compile(
    r"(?:(?:looking\s+for|seeking|hiring|recruiting|searching\s+for|join\s+(?:us|our\s+team)\s+as|\b[Aa]s)\s+"
    r"(?:an?\s+|our\s+(?:next|new)\s+)?(?:experienced\s+|talented\s+|motivated\s+|passionate\s+)?"
    r"(?-i:(?P<w>Senior|Sr\.?|SENIOR|Lead(?!\s+Generat)|Principal|Staff|Junior|Jr\.?|Medior|Mid[- ]Level|Intermediate))\s+(?-i:[A-Z])"
    r"|\b(?P<l>senior|mid|intermediate|entry|junior|principal|staff|lead)[- ]level\s+(?:position|role|opportunity|job)\b)",
    re.I,
)
# The same in lower case, where a job name or "you" follows ("In this position as a senior machine
# learning engineer you ...", "As a senior, you work autonomously", "looking for a senior profile";
# not "as a senior member of staff", "senior management").
# (single spaces, so that "a senior" in the lower-cased text is a necessary condition: _SENIOR_HIRE_NEEDS)
_SENIOR_HIRE = re.compile(
    r"\b(?:(?:looking for|seeking|hiring|searching for) a senior (?:profile|profiel|candidate)"
    r"|as a senior(?: [\w-]+){0,3}? (?:engineer|developer|scientist|analyst|consultant|architect)"
    r"|as a senior,? you)\b",
    re.I,
)
_SENIOR_HIRE_NEEDS = (("a senior",),)
_HIRE_LEVELS = {"senior": "senior", "sr": "senior", "sr.": "senior", "lead": "senior", "principal": "senior",
                "staff": "senior", "junior": "entry", "jr": "entry", "jr.": "entry", "entry": "entry",
                "medior": "mid", "mid": "mid", "mid-level": "mid", "mid level": "mid", "intermediate": "mid"}


# Cheap necessary conditions for the two slowest level cues (re tries each at every position of
# up to 20,000 characters; most postings hold no match): a match of an alternative of
# _TEXT_BEGINNER needs all the words of one entry of _BEGINNER_NEEDS (one entry per top-level
# alternative, in order: edit both together; tests/test_classify_levels.py counts them); a match
# of _HIRE_LEVEL needs _HIRE_WORD (its case-sensitive level word and capital) or "level".
_BEGINNER_NEEDS = (
    ("first", "experience"), ("premi", "rience"), ("jeune", "dipl"), ("butant",), ("relevant", "coursework"),
    ("graduate", "eligible"), ("you", "never", "worked"), ("graduated",), ("fresh", "graduat"), ("fresher",),
    ("junior",), ("profil", "junior"), ("berufseinsteiger",), ("berufsanf",), ("absolvent",), ("hochschulabsolvent",),
    ("starter",), ("afgestudeerd",), ("afgestudeerd",), ("reci",), ("eerste", "ervaring"),
)
_HIRE_WORD = re.compile(r"(?:Senior|Sr\.?|SENIOR|Lead|Principal|Staff|Junior|Jr\.?|Medior|Mid[- ]Level|Intermediate)\s+[A-Z]")
# the only characters re.I matches to an ASCII letter other than the letter's two cases
# (İ and ı ~ i, ſ ~ s, Kelvin sign ~ k): where one occurs, the word test below cannot say
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


# the last text tested and its lower-cased form (None: it holds such a character); a posting's
# cues test the same text (or its first 4,000 characters, the same string when shorter) in turn
_LOWERED: tuple[str, str | None] = ("", "")


def _may_hold(text: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    """False only when no entry of ``needs`` (ASCII lower-case words) has all its words in
    ``text`` as a case-insensitive pattern reads it."""
    global _LOWERED
    last = _LOWERED
    if last[0] is text:
        low = last[1]
    else:
        low = None if _FOLDS_TO_ASCII.search(text) else text.lower()
        _LOWERED = (text, low)
    if low is None:
        return True
    return any(all(w in low for w in ws) for ws in needs)


# The words the other long-text level cues need, by alternative (see _BEGINNER_NEEDS)
_LEVEL_FIELD_NEEDS = (("level",), ("job type",), ("jobtype",))
_TEXT_INTERN_NEEDS = (("intern",), ("currently", "enrolled"))
_TEXT_PROGRAM_NEEDS = (("rotational",), ("graduate", "scheme"), ("early", "talent"), ("of 20",), ("graduating",))
_BODY_SENIOR_NEEDS = (("level",), *((a, b) for a in ("position", "role") for b in ("senior", "lead", "principal", "staff", "managerial")))


def _search_if(pattern: re.Pattern[str], needs: tuple[tuple[str, ...], ...], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when ``text`` lacks the words every alternative needs."""
    return pattern.search(text) if _may_hold(text, needs) else None


def _text_beginner(text: str) -> bool:
    """``_TEXT_BEGINNER.search(text)``, skipped where it cannot match."""
    return _may_hold(text, _BEGINNER_NEEDS) and _TEXT_BEGINNER.search(text) is not None


def _hire_level_search(text: str) -> re.Match[str] | None:
    """``_HIRE_LEVEL.search(text)``, skipped where it cannot match."""
    if _HIRE_WORD.search(text) is None and not _may_hold(text, (("level",),)):
        return None
    return _HIRE_LEVEL.search(text)


def _hire_level(m: re.Match[str]) -> str:
    return _HIRE_LEVELS[(m.group("w") or m.group("l")).lower()]


# A level field ("Seniority level: Entry level", "Experience level: Mid-Level").
# ("**Seniority Level:** Senior"; "Experience Level: Experienced Professional" and "Job Type: Experienced
# Hire" / "Job Type: Recent College Graduate", the fields of some careers sites)
_LEVEL_FIELD = re.compile(
    r"\b(?:(?:seniority|experience|career|job)\s+level\s*[:\-–]?[\s*_]*"
    r"(?P<v>internship|intern|entry[- ]level|entry|junior|associate|mid[- ]senior|mid[- ]level|mid|intermediate|"
    r"senior|lead|director|executive|experienced(?:\s+(?:professional|hire))?)"
    r"|job ?type\s*[:\-–]?[\s*_]*(?P<t>experienced(?:\s+(?:professional|hire))?|(?:recent\s+)?college\s+graduate))"
    r"(?:\b|(?-i:(?=[A-Z])))",  # (flattened text glues the next field: "Job TypeRecent College GraduateShift")
    re.I,
)
_FIELD_LEVEL = {
    "internship": "intern", "intern": "intern", "entry-level": "entry", "entry level": "entry", "entry": "entry",
    "junior": "entry", "associate": "entry", "mid-senior": "mid", "mid senior": "mid", "mid-level": "mid",
    "mid level": "mid", "mid": "mid", "intermediate": "mid", "senior": "senior", "lead": "senior",
    "director": "senior", "executive": "senior",
}


def _field_level(m: re.Match[str]) -> str:
    value = " ".join((m.group("v") or m.group("t")).lower().split())
    if value.startswith("experienced"):
        return "mid"
    if value.endswith("college graduate"):
        return "entry"
    return _FIELD_LEVEL[value]


# The people a recruiter or programme manager hires are no level of that job: "Campus Recruiter",
# "University Recruiting Lead, Interns", "Early Career Programs Manager", "Graduate Talent Partner".
_HIRES_OTHERS = re.compile(
    r"\b(?:campus|university|college|new\s+grad\w*|graduates?|grad|early[- ]career|emerging\s+talent|"
    r"interns?|internships?|students?)\b(?=\s+(?:[\w&]+\s+){0,2}?(?:recruiters?|sourcers?|"
    r"(?:recruiting|recruitment|talent(?:\s+acquisition)?|relations|hiring)\s+(?:coordinator|lead|manager|partner|"
    r"specialist|advisor|consultant|director|head|team)|"
    r"programs?\s+(?:manager|lead|coordinator|specialist)|programmes?\s+(?:manager|lead|coordinator))\b)",
    re.I,
)
_RECRUITER = re.compile(
    r"\b(?:recruiters?|sourcers?|(?:recruiting|recruitment|talent acquisition)\s+(?:coordinator|lead|manager|partner|"
    r"specialist|advisor|consultant|operations|director|head))\b",
    re.I,
)
_HIRED = re.compile(
    r"\b(?:campus|university|college|new\s+grad\w*|graduates?|grad|early[- ]career|interns?|internships?|students?)\b",
    re.I,
)
_RECRUITING = re.compile(r"\b(?:recruit\w*|sourcer|sourcing|talent|relations|programs?|programmes?)\b", re.I)


_LINK_URL = re.compile(r"\]\([^)\s]*\)")


def title_level(title: str) -> str | None:
    """The seniority cue of a title alone, or None."""
    # (a board's title may be a markdown link: "[SDE II](https://.../sde-ii-2-roles)": its URL is no title)
    t = _LINK_URL.sub("]", title) if title and "](" in title else (title or "")
    if _RECRUITING.search(t):
        t = _HIRES_OTHERS.sub(" ", t)
        if _RECRUITER.search(t):  # "Technical Recruiter (Campus)": whoever it hires
            t = _HIRED.sub(" ", t)
    if _INTERN.search(t):
        return "intern"
    senior = _SENIOR.search(t) or _VP.search(t)
    entry = _ENTRY.search(t)
    mid = _MID.search(t)
    if senior and entry and all(w.group(0).lower() in _ROLE_NOUN for w in _SENIOR.finditer(t)) and _STRONG_ENTRY.search(t):
        # "Associate Product Manager, New Grad (2027 Start)": "Manager" names the job, the
        # entry cue names the level
        return "entry"
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


def seniority(title: str, years: float | None, description: str = "", layout: Layout | None = None) -> str:
    """Seniority per the labelling guide. ``layout``: ``sections.analyse(description)``, when the
    caller has it (saves reading the description again)."""
    cue = title_level(title)
    if cue == "intern":
        return "intern"
    if years is not None:
        if years <= 2:
            # Years decide even against a senior title word ("Senior Analyst", 2 years: entry):
            # a rule making such titles senior lost 2-3 of 86 held-out postings (labels follow
            # the guide's "years decide"), so it was dropped.
            return "entry"
        if years <= 5:
            return "mid"
        return "senior"
    if cue is not None:
        return cue
    head = description[:4000]
    field = _search_if(_LEVEL_FIELD, _LEVEL_FIELD_NEEDS, description[:20000])
    if field:
        return _field_level(field)
    if _search_if(_TEXT_INTERN, _TEXT_INTERN_NEEDS, head):
        return "intern"
    if _TEXT_ENTRY.search(head) or _search_if(_TEXT_PROGRAM, _TEXT_PROGRAM_NEEDS, head):
        return "entry"
    if _text_beginner(description[:20000]) and not _TEXT_SENIOR.search(head):
        return "entry"
    if _TEXT_SENIOR.search(head):
        return "senior"
    hire = _hire_level_search(description[:20000])
    if hire:
        return _hire_level(hire)
    if _search_if(_SENIOR_HIRE, _SENIOR_HIRE_NEEDS, description[:20000]):
        return "senior"
    if _TEXT_MID.search(description[:20000]) or _search_if(_PROVEN_ROLE, _PROVEN_ROLE_NEEDS, description[:20000]):
        return "mid"
    # No required years and no level cue: years asked only as a preference ("Preferred: 3-5
    # years of experience") still tell how experienced the hire should be.
    if "year" in description or "Year" in description or "YEAR" in description:
        from skillgap.extractors.facts import parse_years

        preferred = [m.value for m in parse_years(description, layout) if m.preferred]
        if preferred:
            low = min(preferred)
            return "entry" if low <= 2 else "mid" if low <= 5 else "senior"
    return "unknown"


def is_entry_level(seniority_: str) -> bool:
    """Intern or entry seniority (the first condition of :func:`entry_level`)."""
    return seniority_ in ("intern", "entry")


# A level III or above in a title ("Data Engineer III", "Software Engineer IV", "Level 3").
_LEVEL_III = re.compile(
    r"\b(?:(?i:engineer(?:ing)?|scientist|analyst|developer|specialist|consultant|architect|associate)\s+"
    r"(?:III|IV|V|3|4|5)|(?i:level)\s+(?:iii|iv|III|IV|3|4|5)|L[4-9])(?![\w/])",
)
# The body placing the job at a senior level: "a Software Engineering III position at the
# Director level", "this is a senior-level role", "a lead position".
_BODY_SENIOR = re.compile(
    r"\b(?:(?:position|role|job|opening|opportunity)\s+(?:is\s+)?(?:at|for)\s+(?:the|a|an)\s+"
    r"(?:senior|director|manager|management|principal|staff|lead|executive|vp)[- ]level"
    r"|(?:this|the)\s+(?:is\s+)?(?:an?\s+)?(?:senior|director|manager|management|principal|staff|lead|executive)[- ]level\s+"
    r"(?:position|role|job|opening)"
    r"|(?:this|the)\s+(?:position|role)\s+is\s+(?:an?\s+)?(?:senior|lead|principal|staff|managerial|leadership)\s+"
    r"(?:position|role))\b",
    re.I,
)
_BODY_LEVEL_III = re.compile(
    r"\b(?i:engineer(?:ing)?|scientist|analyst|developer)\s+(?:III|IV)\s+(?i:position|role|level)\b"
)


def senior_cue(title: str, description: str = "") -> str | None:
    """The words that place a job above a graduate's reach, or None: a senior/lead/manager/
    director/staff/principal/head/VP cue in the title (as :func:`title_level` reads it: "Associate
    Product Manager, New Grad" has none), a level III or above in the title, or a sentence of the
    body placing the job at such a level ("a Software Engineering III position at the Director
    level")."""
    t = title or ""
    if title_level(t) == "senior":
        m = _SENIOR.search(t) or _VP.search(t)
        return m.group(0) if m else "senior"
    if _INTERN.search(t) is None:
        m3 = _LEVEL_III.search(t)
        if m3:
            return m3.group(0)
    head = (description or "")[:20000]
    mb = _search_if(_BODY_SENIOR, _BODY_SENIOR_NEEDS, head) or (
        _BODY_LEVEL_III.search(head) if "III" in head or "IV" in head else None)  # (its numerals are case-sensitive)
    if mb is None:
        # "we are looking for a Senior Data Engineer" (the first level the body names for the hire)
        hire = _hire_level_search(head)
        if hire is not None and _hire_level(hire) == "senior":
            return hire.group("w") or hire.group(0)
    return mb.group(0) if mb else None


_BM_DEGREE = re.compile(r"(?i:bachelor|master|undergraduate)|\b(?:MS|BS|BSc|MSc|M\.S\.|B\.S\.|MEng|BEng)\b")
_PHD_TITLE = re.compile(r"\b(?:ph\.?\s?d|doctoral|postdoc\w*|post-doc\w*)\b", re.I)


def entry_level(
    title: str, seniority_: str, years_graduate: float | None, description: str = "", *, degree: str | None = None
) -> bool:
    """Could a fresh bachelor's or master's graduate with no full-time experience realistically
    be hired (CONTRACTS §3, the labelling guide's ``entry_level_ok``)? Intern or entry seniority,
    no senior cue (:func:`senior_cue`), required years (on the bachelor's/master's paths,
    :func:`~skillgap.extractors.facts.years_min_graduate`) absent or at most 1, and no doctorate
    required (``degree`` "phd": the lowest degree accepted; or a PhD/postdoc title)."""
    if not is_entry_level(seniority_):
        return False
    if years_graduate is not None and years_graduate > 1:
        return False
    if _PHD_TITLE.search(title or ""):
        return False
    if degree == "phd" and not _BM_DEGREE.search(description or ""):
        # (flattened text can hide a master's from the degree parser: "Who You AreMaster degree")
        return False
    return senior_cue(title, description) is None


def experience_inflated(title: str, years: float | None) -> bool:
    """An entry-level title ("Junior", "New Grad", "Engineer I", intern) asking for >= 3 years."""
    cue = title_level(title)
    return cue in ("entry", "intern") and years is not None and years >= 3
