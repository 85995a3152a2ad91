"""Seniority cues in the text, per the labelling guide: a level field or clearly-experienced wording
decides when no years and no title cue are stated. Sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.extractors import classify, facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Job type: Full-time\nSeniority level: Entry level\nWe grow tomatoes.", "entry"),
        ("Experience level: Mid-Level, Senior\nRemote OK", "mid"),
        ("Experience level: Senior\nWe build boats.", "senior"),
        ("Seniority level: Internship", "intern"),
        ("You are an experienced mobile developer who cares about accessibility.", "mid"),
        ("We are looking for an experienced data engineer to own our pipelines.", "mid"),
        ("You bring several years of hands-on experience shipping web apps.", "mid"),
        ("Join our two-year rotational program for engineers.", "entry"),
        ("Open to students graduating in May 2026 with a degree in finance.", "entry"),
        # company talk is no cue about the hire
        ("Our experienced team has shipped tools to farmers since 2010.", "unknown"),
        ("Nothing here tells how senior the hire is.", "unknown"),
    ],
)
def test_text_cues_decide_when_no_years_and_no_title_cue(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


def test_stated_years_and_title_cues_outrank_text_cues() -> None:
    text = "Seniority level: Entry level\nYou are an experienced designer."
    assert classify.seniority("Platform Engineer", 6.0, text) == "senior"
    assert classify.seniority("Senior Platform Engineer", None, text) == "senior"
    assert classify.seniority("Platform Engineering Intern", None, text) == "intern"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Working Student Data Science", "intern"),
        ("Co-op Student, Finance", "intern"),
        ("Stage - Analyste de données (F/H)", "intern"),
        ("Industrial Placement - Software", "intern"),
        # jobs that serve students or stages are no internships
        ("Student Success Advisor", None),
        ("Placement Coordinator", None),
        ("Founding Engineer (Early-Stage Startup)", None),
        ("Product Placement Specialist", None),
        # vice presidents in their short forms
        ("Alliance RVP, Banking", "senior"),
        ("SVP Engineering", "senior"),
    ],
)
def test_title_level_words_that_also_name_jobs(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Campus Recruiter", None),
        ("University Recruiter, Machine Learning", None),
        ("Technical Recruiter (Campus)", None),
        ("Recruiting Coordinator, Interns", None),
        ("Graduate Talent Partner", None),
        ("Senior Recruiter - Early Career", "senior"),
        # the intern or graduate is the job itself
        ("Recruiting Intern", "intern"),
        ("Data Science Intern, University Relations", "intern"),
        ("Graduate Program - Data Analyst", "entry"),
        ("Campus Hiring 2026 - Business Analyst", "entry"),  # the hiring channel of this job
        ("Software Engineer (2027 Start)", "entry"),
        ("Software Engineer - Summer 2026", "intern"),
        ("New Grad Software Engineer", "entry"),
    ],
)
def test_the_people_a_recruiter_hires_are_no_level_of_the_recruiter(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


# Years and title, combined as the labelling guide says: the REQUIRED minimum years decide when
# stated (0-2 entry, 3-5 mid, >5 senior), otherwise the title's cue.


@pytest.mark.parametrize(
    ("title", "years", "expected"),
    [
        ("Senior Platform Engineer", 2.0, "entry"),  # years decide when stated (the guide; dev labels agree)
        ("Senior Platform Engineer", None, "senior"),
        ("Junior QA Engineer", None, "entry"),
        ("Junior QA Engineer", 3.0, "mid"),
        ("Associate Product Manager, New Grad (2027 Start)", None, "entry"),
        ("Associate Director, Clinical Operations", None, "senior"),
        ("Key Account Manager", None, "senior"),
        ("Data Entry Assistant", None, "unknown"),
        ("Expert Vintage Watches", None, "unknown"),
        ("Staff Engineer", 8.0, "senior"),
        ("Software Engineering Intern", 3.0, "intern"),
    ],
)
def test_seniority_combines_years_and_title_as_the_guide_says(title: str, years: float | None, expected: str) -> None:
    assert classify.seniority(title, years, "") == expected


def test_company_age_does_not_make_a_junior_role_senior() -> None:
    text = (
        "Vortex Digital helps insurers modernise. With 28 years of experience, 5,000 people and "
        "offices in 12 countries, we build software that matters.\n\nWhat you need\n- Attention to detail\n- Basic SQL"
    )
    years = facts.years_min(text)
    assert years is None
    assert classify.seniority("Junior Quality Assurance Engineer", years, text) == "entry"


def test_preferred_years_give_the_level_when_nothing_else_does() -> None:
    text = "What you bring\n- Clear writing\n\nNice to have\n- 3-4 years of experience editing a magazine"
    assert facts.years_min(text) is None  # only required years count as years_min
    assert classify.seniority("Copy Editor", None, text) == "mid"
    # a title cue still comes first
    assert classify.seniority("Junior Copy Editor", None, text) == "entry"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your profile: you had a first experience in a similar technical position.", "entry"),
        ("Profil : une première expérience en analyse de données est un plus.", "entry"),
        ("Les jeunes diplômés sont les bienvenus.", "entry"),
        ("Wir suchen Berufseinsteiger mit Freude an Zahlen.", "entry"),
        ("Ook starters welkom: je leert het vak bij ons.", "entry"),
        ("Relevant coursework in statistics counts as experience.", "entry"),
        ("Nice to have: an internship at a labRelevant coursework in statistics", "entry"),
        ("If you never worked with streaming data before, we will teach you.", "entry"),
        ("This is a graduate-eligible role.", "entry"),
        ("You recently graduated in geography or a related field.", "entry"),
        ("Fresh graduates with a passion for maps are welcome.", "entry"),
        ("We are looking for a junior cartographer to join us.", "entry"),
        ("Le poste est ouvert à un profil junior motivé.", "entry"),
        ("Profiel: je hebt een eerste ervaring als analist achter de rug.", "entry"),
        ("Een eerste relevante werkervaring met kaarten is een plus.", "entry"),
        # counter-cases: the words in another sense, or a senior hire
        ("Our first experience with robots was in 2009.", "unknown"),
        ("You will mentor junior cartographers.", "unknown"),
        ("We are hiring a senior engineer; a first experience in Go is not enough.", "senior"),
    ],
)
def test_beginner_cues_in_the_text_make_an_entry_hire(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


@pytest.mark.parametrize("title", ["Data Engineer - הזדמנות לג'וניורים", "מפתח/ת ג׳וניור", "Analyst (לג’וניור)"])
def test_hebrew_junior_with_a_prefix_letter_is_an_entry_cue(title: str) -> None:
    assert classify.title_level(title) == "entry"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Teamlead Reporting Platform", "senior"),
        ("Techlead Mobile Apps", "senior"),
        ("Teamleider Klantenservice", "senior"),
        ("Abteilungsleiter Controlling (m/w/d)", "senior"),
        ("Responsable Marketing Digital", "senior"),
        ("מנהל מוצר", "senior"),
        # counter-cases: the letters inside another word
        ("Reisebegleiter Sommer", None),
    ],
)
def test_lead_and_manager_cues_written_as_one_word_or_in_other_languages(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a level number after more job nouns, with or without a dash, and level codes
        ("SDE II", "mid"),
        ("SDE 2, Payments", "mid"),
        ("SDE I", "entry"),
        ("Statistical Programmer 2 (remote)", "mid"),
        ("Reporting Analyst - I", "entry"),
        ("Research Scientist I/II, Soil", "entry"),
        ("Data Engineer II/III", "mid"),
        ("Platform Engineer (L5), Storage", "mid"),
        ("Data Scientist Level 2", "mid"),
        ("Data Scientist, Mid", "mid"),
        # a count of openings, a contract length, a version or a URL slug is no level
        ("Reporting Analyst, 2 positions", None),
        ("Data Engineer - 1 year contract", None),
        ("Industry 4.0 ML Engineer", None),
        ("[QA Engineer (3 Roles Open)](https://jobs.example.com/apply/qa-engineer-3-roles-open)", None),
        ("Data Engineer, Mid-Market", None),
    ],
)
def test_level_numbers_after_job_nouns(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("To grow our team we are looking for a Senior Backend Engineer to own billing.", "senior"),
        ("As a Principal Data Engineer you shape how we store every event.", "senior"),
        ("We are seeking an experienced Sr Platform Engineer.", "senior"),
        ("This is a remote, intermediate-level position in our field team.", "mid"),
        ("We are looking for a Junior Analyst who loves spreadsheets.", "entry"),
        # a level word before no job name, or about other people, is no cue
        ("You will present to senior management every quarter.", "unknown"),
        ("We are looking for a senior-minded colleague.", "unknown"),
        ("As a Lead Generation Specialist you will call prospects.", "unknown"),
    ],
)
def test_the_body_names_the_level_of_the_hire(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


def test_a_senior_hire_named_in_the_body_is_no_graduate_job() -> None:
    text = "Acme is seeking a Senior Data Engineer. Requirements: 1 year of experience with SQL."
    assert classify.seniority("Data Engineer", 1.0, text) == "entry"  # the years decide the level
    assert classify.senior_cue("Data Engineer", text) == "Senior"
    assert not classify.entry_level("Data Engineer", "entry", 1.0, text)


_BEGINNER_PHRASES = [
    "This is your first professional experience.", "Une première expérience réussie.", "Jeunes diplômés bienvenus.",
    "Débutants acceptés.", "Relevant coursework counts.", "Graduate-eligible roles.", "You've never worked in tech?",
    "You recently graduated.", "Freshly graduated engineers.", "Freshers welcome.", "We are hiring a junior analyst.",
    "Profils junior acceptés.", "Berufseinsteiger willkommen.", "Berufsanfänger willkommen.", "Absolventen willkommen.",
    "Hochschulabsolventen willkommen.", "Starters welkom!", "Pas afgestudeerd?", "Net afgestudeerd?", "Recién titulados.",
    "Je hebt een eerste ervaring.",
]


def test_the_beginner_prefilter_names_every_alternative_of_its_pattern() -> None:
    """The words each alternative of the beginner cue needs (a cheap test that skips the pattern
    where it cannot match) are kept one entry per alternative: adding an alternative without its
    entry fails here; each example phrase passes both."""
    import re

    parsed = re._parser.parse(classify._TEXT_BEGINNER.pattern, classify._TEXT_BEGINNER.flags)  # type: ignore[attr-defined]
    _op, (_none, alternatives) = parsed.data[-1]
    assert len(alternatives) == len(classify._BEGINNER_NEEDS) == len(_BEGINNER_PHRASES)
    for phrase in _BEGINNER_PHRASES:
        assert classify._TEXT_BEGINNER.search(phrase), phrase
        assert classify._text_beginner(phrase), phrase


_LEVEL_WORDS = ["a", "first", "fırst", "experience", "never", "worked", "you", "junior", "Junior", "Senior", "SENIOR", "Sr.",
                "Lead", "Generation", "Staff", "Mid-Level", "Data", "engineer", "looking for", "as", "As", "mid", "level", "LEVEL",
                "position", "ſtarters", "welkom", "fresher", "\n"]


@given(st.lists(st.sampled_from(_LEVEL_WORDS), max_size=10))
def test_the_level_cue_prefilters_never_skip_a_match(parts: list[str]) -> None:
    text = " ".join(parts)
    assert classify._text_beginner(text) == (classify._TEXT_BEGINNER.search(text) is not None)
    full, fast = classify._HIRE_LEVEL.search(text), classify._hire_level_search(text)
    assert (full and (full.span(), full.groupdict())) == (fast and (fast.span(), fast.groupdict()))


_CUE_PHRASES = [
    "Seniority level: Entry level", "Experience Level - Mid-Level", "This internship lasts 12 weeks.", "Interns will ship code.",
    "You are currently enrolled in a degree.", "Join our rotational program.", "A graduate scheme for engineers.", "Early-talent hiring.",
    "For the class of 2026.", "Students graduating in May 2026.", "This position is at the director-level.",
    "This is a senior-level role.", "The role is a leadership position.", "Data Engineer III position.", "Software Engineer IV role.",
]
_CUE_WORDS = ["seniority", "level", "LEVEL", ":", "entry", "this", "internship", "interns", "will", "currently", "enrolled", "ınternship",
              "rotational", "program", "graduate", "scheme", "early-talent", "class", "of", "2026", "graduating", "in", "position", "is",
              "at", "the", "a", "director-level", "role", "leadership", "ſtaff", "senior-level", "Engineer", "III", "IV", "\n"]


@given(st.lists(st.sampled_from(_CUE_WORDS + _CUE_PHRASES), max_size=8))
def test_the_other_level_cue_prefilters_never_skip_a_match(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern, needs in ((classify._LEVEL_FIELD, classify._LEVEL_FIELD_NEEDS), (classify._TEXT_INTERN, classify._TEXT_INTERN_NEEDS),
                           (classify._TEXT_PROGRAM, classify._TEXT_PROGRAM_NEEDS), (classify._BODY_SENIOR, classify._BODY_SENIOR_NEEDS)):
        full, fast = pattern.search(text), classify._search_if(pattern, needs, text)
        assert (full and (full.span(), full.groupdict())) == (fast and (fast.span(), fast.groupdict()))
    for phrase in _CUE_PHRASES:  # each is found through its prefilter
        assert classify.seniority("Platform Engineer", None, phrase) != "unknown" or classify.senior_cue("Analyst", phrase), phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Company: Acme Tools\n\nExperience Level: Experienced Professional\n\nJob Type: Full-time", "mid"),
        ("EXPERIENCE LEVEL:\nExperienced Professional", "mid"),
        ("Job Type: Experienced Hire\nShift: Day", "mid"),
        ("Job Type: Experienced", "mid"),
        # flattened fields, glued to the next one
        ("research environment.Job TypeRecent College GraduateShiftShift 1", "entry"),
        (" **Seniority Level:** Senior, Staff, or Principal", "senior"),
        # a job type that names no level
        ("Job Type: Full-time\nWe map forests.", "unknown"),
    ],
)
def test_level_fields_of_careers_sites_name_the_level(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements:\n* Proven experience as a Backend Developer with Go.", "mid"),
        ("Proven work experience as a Data Engineer, Data Analyst or similar.", "mid"),
        ("You have proven experience as an **RPA Developer**.", "mid"),
        # a senior role named is no mid cue (the body names a senior hire); proven experience of
        # other kinds says nothing
        ("Proven experience as a Senior Architect or Principal Engineer.", "senior"),
        ("Proven experience as a senior architect.", "senior"),
        ("Proven experience selling consulting projects.", "unknown"),
    ],
)
def test_proven_experience_in_a_role_is_an_experienced_hire(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Experienced Data Engineer", "mid"),
        ("[Experienced Cartographer](https://jobs.example.com/apply/experienced-cartographer)", "mid"),
        ("Experienced Data Engineer (Senior)", "senior"),
        ("Data Engineer for Experienced Hires Program", None),
    ],
)
def test_a_title_opening_with_experienced_names_a_mid_hire(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In this position as a senior machine learning engineer you will tune our ranking.", "senior"),
        ("As a senior, you work autonomously on client projects.", "senior"),
        ("Our partner is looking for a senior profile with a background in maps.", "senior"),
        # senior people the hire works with, or a senior member: no level of the hire
        ("You will present to senior management and work as a team.", "unknown"),
        ("As a senior member of staff noted, maps matter.", "unknown"),
    ],
)
def test_a_senior_hire_named_in_lower_case(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Hebrew: the feminine after a slash as after a dot ("manager m/f"), "senior m/f"
        ("מנהל/ת מכירות", "senior"),
        ("מנהל.ת מכירות", "senior"),
        ("מפתח/ת תוכנה בכיר/ה", "senior"),
        ("רכז.ת גיוס בכיר.ה", "senior"),
        # a bookkeeper ("accounts manager") is no manager
        ("מנהל/ת חשבונות", None),
        ("מנהל חשבונות לחברת מזון", None),
        # French apprenticeships are internships
        ("Alternance - Développeur Java", "intern"),
        ("Apprenti(e) Développeur Web H/F", "intern"),
        ("Alternant Data Analyst", "intern"),
    ],
)
def test_hebrew_feminine_forms_and_french_apprenticeships_in_titles(title: str, expected: str | None) -> None:
    assert classify.title_level(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The maps team is looking for an early in career Software Engineer to join us.", "entry"),
        ("This role suits developers early in their careers.", "entry"),
        # no cue: a career stage of someone else
        ("Our founders met early in the history of maps.", "unknown"),
    ],
)
def test_early_in_career_is_an_entry_cue(text: str, expected: str) -> None:
    assert classify.seniority("Platform Engineer", None, text) == expected


_NEW_CUE_WORDS = ["as", "a", "senior", "machine", "learning", "engineer", "you", ",", "looking", "for", "profile", "job", "type",
                  "jobtype", ":", "experienced", "hire", "recent", "college", "graduate", "proven", "experience", "as",
                  "an", "backend", "developer", "ſenior", "\n"]


@given(st.lists(st.sampled_from(_NEW_CUE_WORDS), max_size=10))
def test_the_new_level_cue_prefilters_never_skip_a_match(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern, needs in ((classify._SENIOR_HIRE, classify._SENIOR_HIRE_NEEDS), (classify._PROVEN_ROLE, classify._PROVEN_ROLE_NEEDS),
                           (classify._LEVEL_FIELD, classify._LEVEL_FIELD_NEEDS)):
        full, fast = pattern.search(text), classify._search_if(pattern, needs, text)
        assert (full and (full.span(), full.groupdict())) == (fast and (fast.span(), fast.groupdict()))
