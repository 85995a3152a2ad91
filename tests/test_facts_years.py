"""Years of experience are a minimum asked of the candidate, in its common forms (yrs, YOE, months,
a "Years of experience: 5+" field); an upper bound ("less than 3 years") asks no minimum (0: a
graduate qualifies) and the length of a contract, grant or appointment ("for a period of two
years") is no experience.
Company history ("with 25 years of experience, we ...") is never a requirement.
Sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.extractors import facts
from skillgap.extractors.facts import years_min


@pytest.mark.parametrize(
    "text",
    [
        "The lectureship is a fixed term position of 3 to 5 years with teaching duties.",
        "The post is offered for a period of two years and is governed by the local agreement.",
        "The appointment is for 4 years with the possibility of extension.",
        "Funding is available for three years, starting in autumn.",
        "The contract is for a maximum of 2 years.",
        "We offer up to 2 years of paid parental leave.",
    ],
)
def test_contract_terms_are_no_experience(text: str) -> None:
    assert facts.years_min(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Applicants must have less than 3 years of research experience after their master's.",
        "Candidates should have no more than 2 years of professional experience.",
        "A maximum of 2 years of experience in data analysis.",
        "Knowledge of SQLNil or maximum 1-year experience required.",  # flattened: no space after SQL
        "Up to 2 years of experience with Python.",
    ],
)
def test_an_upper_bound_on_experience_asks_no_minimum(text: str) -> None:
    assert facts.years_min(text) == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened text: the number glued to the word or the full stop before it
        ("Relevant experience2+ years in SQL.", 2.0),
        ("Degree in a quantitative field.0-2 years of experience in analytics.", 0.0),
        ("Requirements: degree in statistics.5+ years of experience in developing data products.", 5.0),
        ("BS in Finance preferred.7+ years finance/accounting related experience.", 7.0),
        # a decimal stays a decimal
        ("Pay: $3.5 per unit. 2 years of experience in logistics.", 2.0),
        # ranges: the lower end
        ("You have relevant experience of 4-7 years in data engineering.", 4.0),
        # items without "experience"
        ("You bring 6+ years in software engineering.", 6.0),
        ("- 4 or more years in Business Intelligence or Business Analytics.", 4.0),
        ("Hebrew: ניסיון של 2 שנים ומעלה בפיתוח BI", 2.0),
    ],
)
def test_years_in_flattened_and_list_text(text: str, expected: float) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We have over 25 years of innovation behind us.",
        "Acme brings 25+ years of experience to its clients.",
        "With millions of diners, thousands of restaurants and 23+ years of experience, Acme leads its market.",
        "The firm has been in business for 40 years.",
        "We have been 10 years in business in this town.",
    ],
)
def test_company_age_is_no_experience(text: str) -> None:
    assert facts.years_min(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements: 3+ years of experience with Go.", 3.0),
        ("A minimum of 5 years of experience in field sales.", 5.0),
        ("Minimum 2 years of experience required.", 2.0),
        ("Over 6 years of experience building payment APIs.", 6.0),
        ("You have at least 4 years experience, in a fixed-term or a permanent position.", 4.0),
        ("The contract is permanent. You have 3 years of experience in payroll.", 3.0),
    ],
)
def test_minimums_are_still_read(text: str, expected: float) -> None:
    assert facts.years_min(text) == expected


def test_a_pay_field_heading_the_posting_does_not_hide_the_requirements() -> None:
    text = (
        "Job description: Compensation: $90k - 120k Location: Remote Job type: Full-time\n"
        "We build tools for farms and their cooperatives across the region.\n"
        "You have 4-6 years of experience in backend development and know Go.\n"
        "You enjoy pairing with designers and writing tests before code.\n"
        "Our stack is small, boring and well tested; we deploy many times a day.\n"
    )
    assert facts.years_min(text) == 4.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened list: a capital after a lower-case word starts the next item
        ("Basic Qualifications: A driving licence At least 6 years of experience with network operations "
         "or incident triage At least 3 years of experience with Bash", 6.0),
        # real alternatives stay alternatives: the smallest path counts
        ("Qualifications\n- 7+ years of backend development or 4+ years of experience plus a PhD", 4.0),
        ("Requirements: 8 years of experience in sales or 5 years of experience in Marketing with an MBA", 5.0),
    ],
)
def test_or_between_list_items_is_no_alternative_path(text: str, expected: float) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements:\n- 3+ yrs of Python", 3.0),
        ("Requirements\n- 4 years of Java and Spring", 4.0),
        ("Requirements\n- 5+ YOE building web apps", 5.0),
        ("Requirements\n- Proven experience (5 years) in B2B sales", 5.0),
        ("Requirements\n- 6 months of experience in customer service", 0.5),
        ("At least 18 months' experience in a warehouse.", 1.5),
        ("Location: Austin\nYears of experience: 5+\nWe build greenhouses.", 5.0),
        # not experience
        ("Requirements\n- 2 years of college coursework in biology", None),
        ("You will be trained during the first 6 months of your employment.", None),
        ("After 6 months you will lead projects and gain experience.", None),
        ("Bonus after 12 months of service.", None),
    ],
)
def test_common_ways_of_stating_experience(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vous disposez d’une expérience de 3 ans minimum en tant que Data Engineer.", 3.0),
        ("Sie haben mindestens 2 Jahre Berufserfahrung in Python.", 2.0),
        ("Je hebt 3 jaar ervaring als data engineer.", 3.0),
        ("Tienes 2 años de experiencia con SQL.", 2.0),
        ("Vous disposez d’une expérience de **4 ans minimum** en tant que Data Analyst.", 4.0),  # Markdown bold
        ("You have been in a similar analyst position for around three to five years.", 3.0),
        ("We have been in this town for around forty years.", None),
        # not experience
        ("Nos plans pour les 2 ans à venir.", None),
        ("Une entreprise présente depuis plus de 30ans.", None),
    ],
)
def test_years_in_other_languages(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "business" in a requirement is no company talking about itself
        ("Master's degree in business administration plus five to ten years of relevant experience.", 5.0),
        ("Must-have business skills: seasoned analyst with 5+ years of experience in dashboards.", 5.0),
        # but the company is
        ("Our group has 20 years of experience in logistics.", None),
    ],
)
def test_whose_years(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the candidate "has" the years, in a list item or after "who"
        ("The ideal candidate:\n* Has 2-5 years of backend or full-stack development experience", 2.0),
        ("We look for an analyst who has 4 yrs of exp in data design.", 4.0),
        # Markdown emphasis and parentheses around the amount
        ("Requirements: **3–5 years** in ad operations", 3.0),
        ("Advanced experience with Java and React (+5 years)", 5.0),
        # a minimum after a preferred item in flattened text starts a new item
        ("Master's degree preferred Minimum 3 years of data analysis experience", 3.0),
        # counter-cases
        ("Acme has 30 years of experience in logistics.", None),
        ("Preferred: 3+ years of SQL.", None),
    ],
)
def test_list_items_and_flattened_requirements(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preferred cue that ends the item before, in flattened text
        ("Degree in statistics; MBA or PhD a plus 5+ years of experience in a business analyst role", 5.0),
        ("BS required, MS preferred in Computer Science or related fieldAt least 3 years of professional experience", 3.0),
        # counter-cases: a heading or a line that is itself preferred
        ("Preferred qualifications:\n- 3+ years of experience with dbt", None),
        ("Preferred 3+ years of experience with dbt", None),
        ("Nice to have: 2 years of experience with Airflow", None),
    ],
)
def test_a_preferred_cue_ending_the_previous_item(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list item opening with experience, under a heading the section reader took for the company's
        ("About us\nWe make maps for hikers.\n\nSound like you?\n* 8+ years of Android experience\n* Kotlin", 8.0),
        # counter-case: the company's own years in its blurb
        ("About us\nWe make maps for hikers.\n* Our team has 20 years of experience in cartography.", None),
    ],
)
def test_list_items_in_a_blurb(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Who you are: BA/BS required. MA/MBA a bonus 3+ years of experience in an analytics role", 3.0),
        # a parenthesis about the degree says nothing about the years
        ("Graduate degree (M.S. required, Ph.D. preferred) in a quantitative field 4+ years professional experience", 4.0),
        ("You are the engineer we want if you:\n* Have at least 8 years of experience in Go", 8.0),
        # a full stop glued to the amount ends the company's sentence
        ("Join us as we use data for good in federal agencies.5+ years of experience with Python.", 5.0),
        # counter-cases
        ("Preferred (if possible) 3 years of experience in SQL", None),
        ("We use data for good. We have 20 years of experience with federal agencies.", None),
    ],
)
def test_more_flattened_shapes(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


# ---------------------------------------------------------------- common forms and ranges


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- 3+ years of experience with Python", 3),
        ("Requirements: 1-2 years of experience in data analysis.", 1),
        ("2–4 years of relevant work experience", 2),
        ("At least 5 years of hands-on experience in QA.", 5),
        ("Minimum of two years of professional experience.", 2),
        ("Three (3) to five (5) years’ experience in consulting.", 3),
        ("5+ yrs industry experience building models.", 5),
        ("Experience: 2 years", 2),
        ("Bachelor's degree or 1+ years of related analytical experience required.", 0),
        ("Advanced degree in a quantitative field, or equivalent (2+ years) experience.", 0),
        ("Recent college graduate or 1-2 years of experience.", 0),
        (
            "Typically requires a minimum of 5 years of related experience with a Bachelor’s degree; "
            "or 3 years and a Master’s degree; or a PhD without experience.",
            0,
        ),
        (
            "Bachelor's degree and 6+ years of Software Engineering experience. "
            "Master's degree and 5+ years of Software Engineering experience. "
            "PhD and 4+ years of Software Engineering experience.",
            4,
        ),
        ("We have been in business for 25 years. Python required.", None),
        ("Must be 18 years of age or older.", None),
        ("Over the past three years, we grew fast.", None),
        ("Requirements\n- Python\nNice to have\n- 3+ years of experience with Spark", None),
        ("4-year degree in CS required.", None),
        ("No experience needed.", 0),
    ],
)
def test_years_min(text, expected):
    got = years_min(text)
    assert got == (None if expected is None else float(expected))


@given(a=st.integers(0, 15), d=st.integers(0, 10), plus=st.booleans())
def test_years_min_is_the_lower_bound_of_a_range(a, d, plus):
    b = a + d
    text = f"Requirements: {a}{'+' if plus else ''} - {b} years of professional experience in ML."
    got = years_min(text)
    assert got == float(a)


# ---------------------------------------------------------------- the candidate's years, not the company's


@pytest.mark.parametrize(
    "text",
    [
        "About Lumen Logistics\nWith 25 years of experience, 4,000 employees and offices in 9 countries, we move parcels.\n"
        "Requirements\n- Curiosity and care for detail",
        "Our company has more than 20 years of experience in retail banking.\n\nWhat you bring\n- Good SQL",
        "Lumen is backed by Harbor Partners, a firm with over 15 years of investment experience.\n"
        "Requirements\n- You enjoy testing software",
        "For 12 years we have delivered robots to warehouses across 30 countries. You will test them.",
    ],
)
def test_company_history_is_not_required_experience(text: str) -> None:
    assert facts.years_min(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("With 25 years of experience, 4,000 employees and offices in 9 countries, we move parcels.\n"
         "Requirements\n- 3+ years of experience with Python", 3.0),
        ("Requirements\n- 4-6 years in payroll accounting, ideally in a bank", 4.0),
        ("Qualifications\n- 7+ years of backend development or 4+ years of experience plus a PhD", 4.0),
        ("Must have: 1-2 years of hands-on experience with Excel or a university degree in accounting", 0.0),
        ("You must have one year of specialized experience at the next lower grade OR two full years of "
         "graduate education leading to a master's degree.", 0.0),
        ("We are looking for someone with 5-7 years of experience in modelling, with a Master's or PhD degree "
         "in Statistics.", 5.0),
    ],
)
def test_required_years_from_candidate_sentences(text: str, expected: float) -> None:
    assert facts.years_min(text) == expected


def test_flattened_boilerplate_does_not_swallow_the_qualification() -> None:
    text = (
        "Acme is an Equal Opportunity Employer and considers all applicants without regard to race. "
        "Applicants must have at least one year of specialized experience equivalent to the next lower grade."
    )
    assert facts.years_min(text) == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capitalised "Preferred" glued to the next item heads the next section, in flattened text
        ("Minimum: a degree in physics and 4 years of lab work experience PreferredKnowledge of Rust", 4.0),
        ("At least 2 years of experience in retail analytics Preferred Qualifications: dbt", 2.0),
        # counter-cases: the amount itself is preferred
        ("Also 3 years of experience in retail analytics preferred.", None),
        ("Also 3 years of experience in retail analytics (Preferred)", None),
    ],
)
def test_a_glued_preferred_heading_does_not_make_the_amount_before_it_preferred(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements: a bachelor's degree in chemistry with no previous professional experience; "
         "or a two-year diploma with 3+ years of lab experience.", 0.0),
        ("You hold a master's degree and no prior work experience, or 2 years of experience in a lab.", 0.0),
        # counter-case: no path without experience
        ("Requirements: a bachelor's degree in chemistry and 3+ years of lab experience.", 3.0),
    ],
)
def test_a_degree_path_with_no_experience_needs_no_years(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


def test_each_degree_path_joined_by_or_is_an_alternative() -> None:
    text = ("Qualifications: a bachelor's degree in economics AND nine (9) years of related work experience "
            "OR a master's degree in economics AND six (6) years of related work experience OR Ph.D. in "
            "economics and three (3) years of related work experience. Preferred: Stata.")
    assert facts.years_min(text) == 3.0
    assert facts.years_min_graduate(text) == 6.0
    # counter-case: a second list under its own heading is no further path of the first
    text2 = ("Minimum: a bachelor's degree and 7+ years of work experience OR a master's degree and 5+ years "
             "of work experience. Also required: a bachelor's degree and 1+ year of work experience in Go.")
    assert facts.years_min(text2) == 5.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements:\n- 4+ years-experience in a warehouse role", 4.0),
        ("Requirements:\n- Solid backend experience for a minimum of 3 years.", 3.0),
        ("Requirements:\n- Hands-on experience for at least 2 years with Kafka", 2.0),
        ("Requirements:\n- Excellent Rust skills (min 6 years);", 6.0),
        ("Experience Level\n\nAt least 3 years\n\nSchedule\n\nFull-time", 3.0),
        # counter-cases: company history, a contract term
        ("We have gathered experience for 12 years in logistics.", None),
        ("This is a 2-year contract in our lab.", None),
    ],
)
def test_more_ways_of_stating_required_years(text: str, expected: float | None) -> None:
    assert facts.years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the amount names the work itself, a few words on
        ("Requirements:\n* 2+ years full-stack engineering development.\n* Curiosity.\n", 2.0),
        ("Requirements:\n* 4 years of embedded C programming\n", 4.0),
        # "experience ... for N years", the amount at the end of the item
        ("Requirements:\n* Proven work experience as a QA Engineer for 3+ years\n* Curiosity.\n", 3.0),
        ("Requirements:\n* Experience in a product team for at least 5 years;\n* Curiosity.\n", 5.0),
        ("Requirements:\n* Development experience for Go 2+ years\n* Curiosity.\n", 2.0),
        # experience the job gives, a team's plans and a contract's length are no requirement
        ("Requirements:\n* A degree in computer science.\n* You will gain experience in our graduate scheme for 2 years.\n", None),
        ("What we offer:\n* A rotation programme that gives you experience across teams for 2 years.\n", None),
        ("Requirements:\n* Python.\nOver the next 2 years the development team will double.\n", None),
        ("Requirements:\n* Curiosity.\nThe contract runs for 2 years of development work.\n", None),
    ],
)
def test_years_named_by_the_work_or_closing_an_experience_item(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened text: the candidate's heading glued to the amount opens that section
        ("We build tools for our clients.SKILLS & EXPERIENCE2 - 4 years related work experience in BI.", 2.0),
        ("We offer a 401(k) plan with employer matchPaid commuter benefitCompetitive salaryAbout You3+ years in a Data Analyst role.", 3.0),
        # without such a heading the company's and the benefits' years stay out
        ("We offer a 401(k) plan and 3 years of tuition support.", None),
        ("Acme has grown for 12 years.About Us10 years of experience serving banks.", None),
        ("Our company has 10 years of experience in retail.", None),
    ],
)
def test_a_glued_candidate_heading_opens_its_section_in_flattened_text(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a gerund right after the amount names the work
        ("Requirements:\n* Minimum of 3+ years managing and reporting on large datasets\n", 3.0),
        # the tools, then the amount
        ("Requirements:\n* Degree in Computer Science\n* Strong development experience in Node.js/TypeScript 5+ years\n", 5.0),
        # a background or expertise with the amount in brackets
        ("What we seek:\n* Strong engineering background (at least 6 years)\n", 6.0),
        # "What we look for:" and a glued capitalised "Has" ask the candidate, not the company
        ("We want clear execution on this team What we look for: 4+ years of software engineering experience", 4.0),
        ("Has a strong technical background and a prototyping mindsetHas 3+ years of web development experience", 3.0),
        # a recency window, a start date and a company's age are no amount of experience
        ("Requirements:\n* Experience in development in the last 3 years\n", None),
        ("Requirements:\n* Experience with Python over the past 2 years\n", None),
        ("The programme runs 2 years starting in September.", None),
        ("Acme has 40 years of experience building bridges.", None),
    ],
)
def test_more_ways_the_work_and_the_candidate_are_named(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a company blurb that runs on (no heading) and then asks the candidate
        ("About us: Acme builds software for banks and our team loves it. In order to be successful in this role, "
         "we need someone who has: 5+ years of professional experience as a systems engineer", 5.0),
        ("About us: Acme builds software. We want clear execution. What we look for: 4+ years of software engineering experience", 4.0),
        # the company speaking of itself or of what it offers asks nothing
        ("About us: Acme builds software for banks. We are proud of 12 years of experience serving clients.", None),
        ("Benefits: we offer you 3 years of paid tuition and a pension.", None),
        ("About us: Acme has 8 years of experience in payments and has grown to 200 people.", None),
    ],
)
def test_a_company_sentence_that_turns_to_the_candidate_asks(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "N or more years"
        ("Requirements: 2 or more years of experience in reporting.", 2.0),
        # a minimum and the amount hoped for: the minimum is asked
        ("What you bring:\n* Minimum 4, ideally 6+ years of experience building data products\n", 4.0),
        ("Qualifications:\nMinimum 3 years, 6+ years preferred, experience in forecasting.\n", 3.0),
        # a preferred cue that belongs to a second amount in brackets
        ("Requirements:\nMinimum 7+ years of experience in logistics (9+ preferred)\n", 7.0),
        # a required cue after the amount outweighs a preferred degree before it
        ("A master's degree preferred with 4-6 years of planning experience required.", 4.0),
        # still preferred: one cue for both degree paths, and a plain preferred amount
        ("B.A. with 6 years of experience or, M.A. with 4 years of experience preferred.", None),
        ("Nice to have:\n* 3+ years of experience with Go\n", None),
    ],
)
def test_which_amount_a_preferred_or_required_cue_belongs_to(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened text: the amount glued to the last item opens its own item, even after a
        # sentence with a company word in it
        ("Requirements Experience helping companies plan their supply chainsFluent English3-6 years overall work experience", 3.0),
        # a glued heading of what is asked
        ("Our team builds the reports our managers read every day. Skills/Experience 4-6 years experience as a data analyst", 4.0),
        ("Help our sales team when asked by management.What We're Looking For2+ years in a data analytics role", 2.0),
        # an amount opening a sentence or an inline list item after the company blurb
        ("About Acme: we make kitchen tools. A degree in statistics or equivalent experience. 4+ years of experience in an analytical role", 4.0),
        ("Perks - Dental insurance - 401(k) - 2+ years of professional software development experience - A degree in CS", 2.0),
        # the company blurb stays no requirement
        ("About us: Acme builds bridges. We have 12 years of experience in steel.", None),
        ("About us: with 12 years of experience, our engineers ship bridges across Europe.", None),
    ],
)
def test_flattened_items_and_glued_headings_open_a_requirement(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preferred cue in brackets about something else
        ("Requirements:\n* 4+ years of programming experience (Go preferred)\n", 4.0),
        ("Skills and Experience: 3-5 years of experience in insurance (claims experience a plus)", 3.0),
        # a capitalised cue followed by a capitalised word heads the next block
        ("Required Degree in finance. 3+ years of planning experience Preferred Retail industry experience", 3.0),
        # glued to the last item, where that item names a company word ("history")
        ("Benefits: pension, gym. Proven history of working with vendors and partners6-9 years of marketing experience", 6.0),
        # the equal-opportunity text found first does not swallow an amount opening an item
        ("A degree in statistics preferred 4-6 years of relevant experience ACME, an equal employment opportunity employer", 4.0),
        # ... but an amount inside the legal text stays out
        ("Acme is an equal opportunity employer and considers applicants regardless of age; 5 years of service awards.", None),
    ],
)
def test_cues_in_brackets_and_flattened_sections(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # number words and units in Dutch, French and German
        ("Je profiel: je hebt minstens drie jaar ervaring met verzekeringen.", 3.0),
        ("Profiel\nErvaring: ongeveer 2 jaar in data engineering", 2.0),
        ("Vous possédez au minimum 1 an d'expérience en développement web.", 1.0),
        ("Expérience : à partir de 6 ans", 6.0),
        # the experience named first, with adjectives or "plus de" between it and the amount
        ("Vous avez une expérience pertinente d’au moins quatre années dans une fonction similaire.", 4.0),
        ("Vous disposez d’une expérience réussie de minimum 5 ans en tant qu’analyste.", 5.0),
        ("Votre profil : une expérience de plus de 8 ans dans le logiciel embarqué.", 8.0),
        ("Sie haben mindestens zwei Jahre Berufserfahrung als Data Engineer.", 2.0),
        # a company's age in those languages is no experience
        ("Fondée en 2012, notre société existe depuis bientôt 9 ans !", None),
        ("Het bedrijf is reeds 12 jaar actief; de voorbije 6 jaar groeiden we sterk.", None),
    ],
)
def test_years_in_dutch_french_and_german(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "or a related field" names fields; the amount glued after it is the next item, no path
        ("Requirements: 6+ years of industry experience in statistics or a related field 3+ years of experience leading teams", 6.0),
        # "Master Data Management" is no master's degree
        ("Requirements: 9 years of software development. Experience with SAP and/or Master Data Management tools 2 years of MDM tooling", 9.0),
        # a real degree path still counts
        ("Requirements: 6+ years of experience in statistics, or a Master's degree and 4+ years of experience", 4.0),
    ],
)
def test_fields_and_master_data_are_no_alternative_paths(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ranges joined by "à", "tot", "bis", "a"
        ("Vous avez minimum 2 à 4 ans d’expérience dans une fonction similaire.", 2.0),
        ("Je hebt 3 tot 5 jaar ervaring als analist.", 3.0),
        ("Sie haben 3 bis 6 Jahre Berufserfahrung im Controlling.", 3.0),
        # a short gerund names the work: "5+ years doing ..."
        ("Must have: You have 6+ years doing warehouse programming. You have 2+ years doing data design", 6.0),
        # ... but "going" does not
        ("Our plan for the 2 years going forward is to grow.", None),
    ],
)
def test_ranges_in_other_languages_and_short_gerunds(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About us: we build tools. To succeed here we need someone who is/has:4-6 years of experience modelling data", 4.0),
        ("About Acme: offices in Austin, TX. 7+ years of experience configuring ERP modules", 7.0),
        ("Requirements: 1-2 yrs. experience in reporting", 1.0),
        ("Requirements: SQL for 3 yrs. We offer a pension.", None),
    ],
)
def test_more_flattened_openings_and_abbreviated_units(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next item's capital glued to the unit
        ("Education: a degree in physicsYear(s) of Experience: 3+ yearsRequired Skills: Java", 3.0),
        # a glued experience heading ends the preferred block before it
        ("Required: BSc in Computer ScienceDesired: MSc, PhDExperience: 6+ years of experienceGeneral Skills: Go", 6.0),
        ("Minimum Education: a bachelor's degree. Master's degree preferred.Minimum Experience: 4+ years of data work", 4.0),
        # ... not a plain preferred item
        ("Nice to have:\n* Bonus: SQL.\n* 3+ years of experience with Kafka\n", None),
    ],
)
def test_glued_units_and_experience_headings(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


_UNIT_WORDS = ["year", "Years", "YRS", "yoe", "months", "ſ", " an ", "1 an", "2an", "un an", "ans", "années", "año", "AÑOS",
               "anos", "jahre", "Jahr", "jaar", "jaren", "שנים", "שנה", "and", "can", "June", "JAVA", " ", "\n", "3", "x"]


@given(st.lists(st.sampled_from(_UNIT_WORDS), max_size=12))
def test_the_unit_scan_finds_what_the_plain_patterns_find(parts: list[str]) -> None:
    """The fast unit scans (a literal first, then the pattern only where a match can start) give
    the matches of the plain case-insensitive patterns they replace."""
    import re

    from skillgap.extractors.facts import years as Y

    text = "".join(parts)
    plain = re.compile(r"years?|yrs?|yoe|months?", re.I)
    assert [m.span() for m in Y._UNIT_HINT.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in Y._more_hints(text)] == [m.span() for m in Y._UNIT_HINT_MORE.finditer(text)]


def test_reading_the_same_posting_again_gives_the_same_years_and_another_posting_its_own() -> None:
    """Extraction reads a posting's years twice (years_min, then seniority) and the second read
    reuses the first; a changed list, another text or another layout is never served from it."""
    from skillgap.extractors.facts import parse_years
    from skillgap.extractors.facts import years as years_module
    from skillgap.extractors.sections import analyse

    a = "Requirements:\n- 3+ years of Python.\n- Preferred: 5 years of Go."
    b = "Requirements:\n- 1 year of SQL."
    la = analyse(a)
    first = parse_years(a, la)
    assert [(m.value, m.preferred) for m in first] == [(3.0, False), (5.0, True)]
    first.clear()
    assert [(m.value, m.preferred) for m in parse_years(a, la)] == [(3.0, False), (5.0, True)]
    assert [m.value for m in parse_years(b, analyse(b))] == [1.0]
    other = analyse(a + " ")
    parse_years(a, other)  # another layout object: read again with it
    assert years_module._LAST is not None and years_module._LAST[1] is other
    assert [m.value for m in parse_years(a)] == [3.0, 5.0]


_FIELD_WORDS = ["years", "Year", "YEARS", "xyears", "1years", "of", "OF", "relevant", "experience", "Experience", "required", ":", "-", "5", "12",
                "3.5", "+", "yrs", "PhD", "Ph.D.", "ph. d", "PHDs", "aPhD", "doctorate", "Doctoral", "doctoral degree", "ſ", "x", " ", "\n"]


@given(st.lists(st.sampled_from(_FIELD_WORDS), max_size=10), st.sampled_from(["", " "]))
def test_the_years_field_and_doctorate_patterns_match_as_their_plain_case_insensitive_forms(parts: list[str], sep: str) -> None:
    """Spelt with their first letter as a class (so re skips to it), the "Years of experience: N"
    field and the doctorate patterns find what the plain re.I patterns find."""
    import re

    from skillgap.extractors.facts import years as Y
    from skillgap.extractors.facts import years_paths as P

    text = sep.join(parts)
    field = re.compile(r"\byears?\s+of\s+(?:[a-z]+\s+)?experience\s*(?:required\s*)?[:\-–]\s*(?P<a>\d{1,2})(?:\.\d)?\s*\+?"
                       r"(?!\s*(?:years?|yrs?|months?|\d|%|[a-z]))", re.I)
    phd = re.compile(r"\b(?:ph\.?\s?d\.?s?|doctorate|doctoral(?:\s+degree)?)(?![\w])", re.I)
    assert [(m.span(), m.group("a")) for m in Y._YEARS_FIELD.finditer(text)] == [(m.span(), m.group("a")) for m in field.finditer(text)]
    assert [m.span() for m in P._PHD.finditer(text)] == [m.span() for m in phd.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a line preferring what it names is an item, not the heading of a preferred block
        ("Requirements:\nA bachelor's degree in economics\nMaster's Degree preferred\n3+ years of experience in reporting\n", 3.0),
        ("Qualifications:\n* Bachelor's Degree Preferred\n* Minimum of 4 years of work experience in web apps\n", 4.0),
        ("Qualifications:\nBachelor's degree in Finance, Statistics Preferred\nMinimum 2 years' experience with dashboards\n", 2.0),
        ("Skills:\nExperience with Looker preferred\nMinimum 6 years of analytics experience required\n", 6.0),
        ("Knowledge and Experience:\nMajors preferred: physics, economics\n2-4 years of experience in data analysis\n", 2.0),
        # ... real headings of what follows still make it preferred
        ("Requirements:\nSQL\nSkills Preferred\n3+ years of experience with Airflow\n", None),
        ("Requirements:\nSQL\nExperience with the following is desired:\n3+ years of experience with Airflow\n", None),
        ("Preferred Qualifications:\nMaster's Degree preferred\n3+ years of experience in reporting\n", None),
        # ... and the amount on the item's own line is preferred
        ("Requirements:\nPython\n3+ years of experience with Spark preferred\n", None),
    ],
)
def test_a_line_preferring_what_it_names_opens_no_preferred_block(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a requirement stated in the amount's own clause outweighs the block it stands in
        ("Desired Skills\nRequires a bachelor's degree in statistics plus at least 2 years of experience in reporting.\n", 2.0),
        ("Nice to have:\nGo\nOur ideal hire:\nTypically requires a minimum of 3 years of related experience.\n", 3.0),
        ("Preferred Qualifications:\nMinimum 5 years of data management experience required\n", 5.0),
        # ... and a preferred cue after it that names something else
        ("Experience: This role requires a minimum of 2 years related experience Knowledge of Go is preferred, not required", 2.0),
        # ... but not a requirement denied, nor one whose preferred cue comes between
        ("Preferred Qualifications:\nNot required, but 3+ years of experience with Kafka\n", None),
        ("Requirements: SQL, Python; preferred: 4+ years of experience in ad tech", None),
    ],
)
def test_a_requirement_in_the_amounts_own_clause_outweighs_a_preferred_block(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a number spelt twice, either way round, or a range in brackets
        ("Required Experience:\nA minimum of 2 (two) years of engineering experience in test systems\n", 2.0),
        ("Requirements: Must have a minimum of three to five (3-5) years related experience of marketing analytics.", 3.0),
        ("Requirements: three (3+) years of experience in SQL reporting.", 3.0),
        # a long experience phrase before a bracketed amount, or before "de N ans"
        ("What you need:\n- Proven experience in the pharmaceutical process engineering industry (minimum 3 years)\n", 3.0),
        ("Vous avez une première expérience significative en ingénierie de la donnée de 4 ans minimum.", 4.0),
        # a line addressing the candidate ends the benefits before it
        ("Why Join Us?\n* Flexible hours\n* A learning budget\n**To succeed in the role, you will have:**\n"
         "* Strong development experience in Go 5+ years\n", 5.0),
        # ... not a benefit that only mentions the candidate
        ("Why Join Us?\n* Flexible hours\n* Strong development experience in Go 5+ years\n", None),
    ],
)
def test_numbers_in_brackets_long_phrases_and_candidate_lines_after_benefits(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a degree alone answers only its own requirement: a later required amount still asks
        ("You'll need: Bachelor's degree or three or more years of work experience. "
         "Five or more years of relevant work experience.", 5.0),
        ("Minimum:\n* Associate degree or 2 years of relevant experience in lieu of degree.\n"
         "* 4 years of professional experience building web services.\n", 4.0),
        ("What you need:\n* BS/MS in Physics or 2+ years of equivalent experience\n* In addition, 7+ years in an engineering role\n", 7.0),
        # ... but not another degree path, nor a requirement that is only preferred
        ("Requirements: a bachelor's degree or 4 years of experience.\nOR\nAn associate degree and 6 years of experience.\n", 0.0),
        ("Bachelor's degree or 3 years of experience.\nPreferred: 5+ years of experience in retail.\n", 0.0),
        ("Bachelor's degree or 3 years of experience.\n", 0.0),
    ],
)
def test_a_degree_alone_answers_only_its_own_requirement(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ranges with a tilde, a slash or "between ... and ...": the lower end
        ("Requirements: 2~4 years of production experience with Kafka", 2.0),
        ("Qualifications: Minimum 3/4 years experience in web development with Django", 3.0),
        ("Profile: at least between 4 and 8 years of experience in systems engineering", 4.0),
        ("Requirements: between two and four years of experience in reporting", 2.0),
        # a slash between a larger and a smaller amount names two paths
        ("Bachelor's or Master's degree in biology with 6+/4+ years of lab experience, respectively.", 4.0),
        # "and" joins no range without "between"
        ("Requirements: Python 3 and 5+ years of experience with Django", 5.0),
    ],
)
def test_ranges_with_a_tilde_a_slash_or_between(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a later heading line naming what the candidate brings ends a preferred block
        ("Preferred Certifications\n* Cloud Practitioner\n\n### Education and Experience\n\n"
         "* 4+ years of experience with Terraform\n", 4.0),
        ("Nice to have\n\nGraph databases\n\nEducation & Experience\n\nAt least 3 years of experience with Go.\n", 3.0),
        # ... not a list item, nor a heading line that is preferred itself
        ("Preferred Qualifications\n\n* Python experience\n* 4+ years of experience with Terraform\n", None),
        ("Preferred Qualifications\n\n### Desired Experience\n\n* 4+ years of experience with Terraform\n", None),
        # a heading naming both requirements and nice-to-haves asks
        ("Vos atouts et les prérequis pour réussir:\n* Vous justifiez de 3 à 6 ans d'expérience en ingénierie\n", 3.0),
        # "<degree> Preferred In:" is an item; the experience heading after it opens its own block
        ("Qualifications\nEducation\nMaster's Degree Preferred In:\nStatistics\nEconomics\nExperience/Technology\n"
         "Two to four years of experience\n", 2.0),
        # a degree or equivalent experience with the amount in brackets is a path without years
        ("Education and Experience:\n* A college degree or equivalent work experience (6+ years)\n", 0.0),
        # ... the amount after it, not in brackets, is the next item
        ("You Have: BA/BS degree or equivalent experience 3+ years of experience in marketing analytics", 3.0),
    ],
)
def test_where_a_preferred_block_ends_and_degree_paths_in_brackets(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preferred cue right after a degree is about the degree
        ("Minimum:\n* BS / MS Preferred in Physics or equivalent with 9+ years in compilers.\n", 9.0),
        ("* Bachelor's degree preferred in Statistics or a related field, with 4+ years of commercial experience.\n", 4.0),
        # ... not a degree preferred together with the years, nor a degree as an alternative path
        ("Master's degree preferred with 2+ years of experience in forecasting.", None),
        ("Skills: advanced degree preferred, or 3+ years of data science experience", None),
        # a cue naming another wish says nothing of the amount
        ("Requirements: 4+ years of related experience, with preferred experience in energy markets.", 4.0),
        ("Requirements: 4+ years of related experience, energy experience preferred.", None),
    ],
)
def test_a_cue_about_a_degree_or_another_wish_leaves_the_amount_required(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each path names its experience, then the amount after a comma
        ("Required: Bachelor's degree and job-related experience, 7 years, OR Master's Degree and job-related "
         "experience, 5 years, OR Doctorate and job-related experience, 2 years\nDesired Skills: Go", 2.0),
        ("Education: Master's degree and relevant experience, 4 years.", 4.0),
    ],
)
def test_a_paths_experience_then_its_amount_after_a_comma(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_the_graduate_paths_leave_out_a_doctorates_amount_after_a_comma() -> None:
    text = ("Required: Bachelor's degree and job-related experience, 7 years, OR Master's Degree and job-related "
            "experience, 5 years, OR Doctorate and job-related experience, 2 years")
    assert facts.years_min_graduate(text) == 5.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the length of a contract, as a field or before the word contract, is no experience
        ("Job Title: Analyst. Estimated Length: 1 year with possible extension. Pay: $50/hr.", None),
        ("Location: Austin, TXDuration: 12 months +Must have coding experience with SQL", None),
        ("Data Engineer, Austin, TX 1 year contractAn ideal resource knows ETL well", None),
        # a decimal comma makes one number, not "00 years"
        ("Experience levels: Medior (5,00 years) and Senior (10,00 years) of data flow design", 5.0),
        ("Requirements: 1,5 years of experience in reporting", 1.5),
        # in flattened text a degree after "or <...> role/experience" starts the next item
        ("Job Qualifications 6 plus years in a Business Analyst or similar role Bachelor's degree in Finance", 6.0),
        ("Qualifications: Bachelor's degree in Statistics or equivalent3 years in a previous analyst position", 3.0),
        # ... but "or a degree" is still a path without years
        ("Requirements: 1-5 years of data analysis experience and/or a thesis-based Master's degree", 0.0),
        ("Requirements: Bachelor's degree in Statistics or equivalent (3 years of analyst experience)", 0.0),
    ],
)
def test_contract_fields_decimals_and_flattened_degree_items(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # time served with the employer is a benefit, not experience asked
        ("Benefits: 25 days' holiday. After three, five and ten years' service with Acme, one more day of leave.", None),
        # freshers may apply: a graduate qualifies
        ("Qualifications: B.Tech in Computer Science. Freshers or 2 years in application development.", 0.0),
    ],
)
def test_service_with_the_employer_and_freshers(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dutch "about N": "een vijftal jaar", "een 3-tal jaar"
        ("Wie we zoeken\nJe hebt een vijftal jaar relevante werkervaring in automatisering.", 5.0),
        ("Profiel\nJe hebt reeds een 3-tal jaar ervaring als data engineer.", 3.0),
    ],
)
def test_dutch_approximate_amounts(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a minimum names the work after it, even where the section reads as company text
        ("Background to be successful in this role:Minimum Education: a BA in Finance, OperationsMinimum 4-6 years "
         "of business intelligence analytics", 4.0),
        ("Role: Opportunity to work remotely. Min. 3 years Java or Python. You know the JVM tools.", 3.0),
        # ... not studies left, service, or a commitment
        ("Requirements:\n* At least one year remaining in studies in Computer Science\n", None),
        ("Benefits: a minimum 2 years warranty on every laptop we give you", None),
        # "in Business <Field>" names a field; "in business" the company's age
        ("Education: BSc, MBA preferred, 4-6 years in Business Data Analytics and financial data", 4.0),
        ("Acme has been 30 years in business and we hire analysts", None),
    ],
)
def test_a_minimum_names_the_work_after_it(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_plus_spelt_out() -> None:
    assert years_min("Requirements: three-plus years of experience in SQL") == 3.0
    assert years_min("Requirements: 4-plus years of experience in SQL") == 4.0


def test_a_list_dash_glued_to_the_unit_ends_the_amount() -> None:
    text = "In your career…-       You have been a product owner for at least 4 years-       You speak English"
    assert years_min(text) == 4.0
    assert years_min("Requirements: a 3-year-old codebase") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a degree alone answers its own requirement; an amount asked before it, on an earlier
        # line or in an earlier sentence, is a requirement of its own
        ("Requirements:\n* 4+ years building dashboards for retail chains\n"
         "* MSc in Economics or related degree, or 9+ years of relevant experience\n", 4.0),
        ("We need a lead with 3-5 years of product analytics. Skills: BA in statistics or 6+ years of experience "
         "in forecasting.", 3.0),
        ("Profile:\n* At least 2 years of experience editing medical texts.\n* A degree in languages and at least 3 years "
         "of editing OR no degree and at least 5 years of editing experience\n", 2.0),
        # ... an amount on the same line, joined by "or", is another path of the same requirement
        ("Qualifications: BS and 6+ years of experience, or MS and 4+ years of experience, or a PhD.", 0.0),
    ],
)
def test_a_degree_alone_does_not_cancel_an_earlier_requirement(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the degree after "or" states its own amount further on: another path with years
        ("Requirements: a PhD with at least 6 years of applied research experience or a Bachelor or Master degree "
         "with substantial research experience in industry settings (minimum of 12 years).", 6.0),
        ("Minimum Requirements: Master's degree, or foreign equivalent, in Physics, Mathematics (any branch), or a "
         "closely related field, and three (3) years of experience in the job offered, OR Bachelor's degree, or "
         "foreign equivalent, in Physics, Mathematics (any branch), or a closely related field, and six (6) years "
         "of progressive experience.", 3.0),
        ("About you: a bachelor's degree in a life science such as Botany, Ecology, or a related field, with 7+ "
         "years of lab experience, or PhD/M.S. with 3+ years of lab experience.", 3.0),
        # "or" naming fields, or the same degree in other words, opens no degree path
        ("Requirements: a master's degree in physics, chemistry or similar relevant degree and at least 4-6 years "
         "of experience in optics.", 4.0),
        ("Requirements: Master's degree in Finance or Economics with minimum two years of experience OR Bachelor's "
         "degree with a minimum of 4 years' experience.", 2.0),
    ],
)
def test_a_degree_path_with_years_of_its_own_or_only_fields_is_no_degree_alone(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each degree's path names its amount alone
        ("Requirements:\nBS with twelve (12) years of relevant experience, MS with nine (9) years; or PhD with "
         "six (6) years.\n", 6.0),
        ("Requirements:\nBachelor's and 7+ years of relevant experience or Master's and 5+ years.\n", 5.0),
        ("What you need:\nBS with 3+ years, or MS with 1-2 years\n", 1.0),
        ("Typically 9 years of data engineering experience with a Bachelor's degree; or 7 years and a Master's degree",
         7.0),
        # ... not years of study towards a degree
        ("Requirements: Bachelor's degree in physics or equivalent 2 years towards a Physics degree.", None),
    ],
)
def test_a_degree_path_names_its_amount_alone(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the unit left out after a plus
        ("Requirements: BSc in statistics. 4+ working experience as a pricing analyst.", 4.0),
        ("Minimum Requirements: BA degree6+ experience as a research analyst in retail", 6.0),
        ("Requirements:\n* 3+ of professional experience building mobile apps\n", 3.0),
        ("Requirements:\n* 7+ Experience in Go and Rust applied to payments.\n", 7.0),
        ("Qualifications: MSc preferred;6+ working experience, including 2+ years of experience with Spark", 6.0),
        # ... a version is no amount
        ("Requirements: Python 3+ experience and a taste for clean code", None),
        ("Requirements: JavaScript (ES6+) experience with React", None),
        ("Nice to have: 4+ years experience, 5+ experience preferred", None),
    ],
)
def test_a_plus_without_a_unit_counts_years(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stated minimum above 15 years is asked of the candidate
        ("Requirements:\nAt least 17 years of work experience in aviation safety\n", 17.0),
        ("Requirements:\n* Minimum of 22 years of experience in bridge design.\n* At least 8 years as a lead\n", 22.0),
        # ... "over"/"more than" is the company's age, as before
        ("Acme has over 20 years of experience in logistics. Requirements: 3+ years of SQL experience.", 3.0),
        ("Requirements: you must be a minimum of 21 years of age.", None),
    ],
)
def test_a_stated_minimum_over_fifteen_years_counts(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened text ran "Bachelor's degree or equivalent" into the next item
        ("Requirements BSc in Computer Science or equivalent 3+ years of experience with Go development", 3.0),
        ("Your profile Master's degree (economics) or equivalent 2 to 4 years of experience in consulting", 2.0),
        # ... an amount in brackets after "or equivalent" is still the degree's other path
        ("Education: A university degree or equivalent (4+ years of experience)", 0.0),
    ],
)
def test_or_equivalent_then_an_amount_without_brackets_is_the_next_item(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_years_of_schooling_in_hebrew_are_no_experience() -> None:
    # "Requirements: 12 years of schooling - an advantage; at least 2 years of experience"
    assert years_min("דרישות:\n- 12 שנות לימוד - יתרון\n- ניסיון של 2 שנים לפחות\n") == 2.0
    # "Education: 12 years of schooling"
    assert years_min("השכלה: 12 שנות השכלה") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hebrew: words between "experience" and its amount ("professional experience of 3 years at
        # least", "proven experience of four years", "experience managing projects over 5 years")
        ("דרישות:\n• ניסיון מקצועי של 3 שנים לפחות בתכנון כבישים\n", 3.0),
        ("דרישות:\n• נסיון מוכח של ארבע שנים לפחות בבדיקות תוכנה\n", 4.0),
        ("דרישות:\n• ניסיון בניהול פרויקטים מעל 5 שנים\n", 5.0),
        ("דרישות:\n• לפחות שלוש שנות ניסיון בפיתוח צד שרת\n", 3.0),
        # ... "the last N years" is no amount asked ("experience in projects in the last 5 years")
        ("דרישות:\n• ניסיון בפרויקטים ב-5 שנים האחרונות\n", None),
    ],
)
def test_hebrew_amounts_after_words_and_in_words(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one or two years as a word: "experience of two years at least", "at least a year of
        # experience", "one to two years", "a year of experience", "half a year", "up to a year"
        ("דרישות:\n• ניסיון של שנתיים לפחות בתמיכה טכנית\n", 2.0),
        ("דרישות התפקיד:\nלפחות שנה ניסיון בגיוס עובדים\n", 1.0),
        ("דרישות:\n• ניסיון של שנה-שנתיים כרכז/ת לוגיסטיקה\n", 1.0),
        ("דרישות:\n• שנת ניסיון בעבודה מול לקוחות\n", 1.0),
        ("דרישות:\n• ניסיון של חצי שנה ומעלה בעבודה עם Jira\n", 0.5),
        ("משרה מלאה\n\nעד שנה ניסיון\n\nתיאור\n\nעבודה במחסן", 0.0),
        # ... not without experience, not "annual" or "the last year"
        ("אחריות: הכנת דוחות חודשיים ושנתיים\nקרן השתלמות אחרי שנתיים\n", None),
        ("דרישות:\n• ניסיון בניהול תקציב בשנה האחרונה\n", None),
    ],
)
def test_hebrew_one_or_two_years_as_a_word(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an advantage, by its heading ("advantages:", "requirements that are an advantage") or at
        # the end of its item ("- an advantage"), is only preferred
        ("דרישות:\n• תואר ראשון בכלכלה\nיתרונות :\n• ניסיון של 3 שנים בשוק ההון\n", None),
        ("דרישות חובה:\n• אנגלית ברמה גבוהה\nדרישות המהוות יתרון:\n• ניסיון של שנתיים בתחום\n", None),
        ("דרישות:\n• ניסיון של שנה-שנתיים בהנהלת חשבונות - יתרון משמעותי\n", None),
        # ... a requirement heading after the advantages asks again
        ("יתרונות:\n• היכרות עם SAP\nדרישות התפקיד:\n• ניסיון של 4 שנים לפחות בניהול צוות\n", 4.0),
        # "an advantage for <something else>" leaves the amount required
        ("דרישות:\n• לפחות 5 שנים ניסיון כמהנדס מערכת - יתרון לניסיון בתעשייה הביטחונית\n", 5.0),
    ],
)
def test_hebrew_advantages_are_preferred(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_a_range_from_months_to_years_starts_at_the_months() -> None:
    text = "Requirements: BA in economics. 6 months - 3+ years of analytical experience in retail."
    assert years_min(text) == 0.5
    assert years_min("Requirements: 9 months to 2 years of experience in support.") == 0.75
    # ... a number of months elsewhere leaves the years as they are
    assert years_min("Contract: 6 months. Requirements: 3+ years of experience in retail.") == 3.0


def test_hebrew_degree_holders_paths() -> None:
    # "experience of 5-6 years managing projects (for master's degree holders: 4-5 years of experience)"
    assert years_min("דרישות:\nניסיון של 5-6 שנים בניהול פרויקטים (לבעלי תואר שני: 4-5 שנות ניסיון).\n") == 4.0
    # "for bachelor's holders: 6 years of experience ... for master's holders: 4 years of experience"
    text = "ניסיון מקצועי: לבעלי תואר ראשון: 6 שנות ניסיון בניהול פרויקטים. לבעלי תואר שני: 4 שנות ניסיון כמפורט לעיל."
    assert years_min(text) == 4.0


@pytest.mark.parametrize(
    ("text", "expected", "graduate"),
    [
        # a higher degree with its own words, or a comma, then "or" a lower degree with the amount:
        # the higher degree alone is a path (0); a master's graduate still needs the amount when
        # the higher degree is a doctorate
        ("Qualifications: PhD in Geology or a related field, or a Master's with 3+ years of field experience.", 0.0, 3.0),
        ("You hold a PhD, or a Master's degree with at least 4 years of experience in soil science.", 0.0, 4.0),
        ("Minimum Qualifications Ph.D. in geology or similar field or MS with 3+ years of related experience Deep knowledge", 0.0, 3.0),
        # the full stops of "M.S." and "Ph.D." end no sentence
        ("Education and Experience:\nM.S. or Ph.D. in Geology or BS with >10 years of experience\nField work", 0.0, 0.0),
        ("Requirements:\nMSc in Hydrology, or BSc with 5 years of experience in water boards.", 0.0, 0.0),
        # one amount asked of both degrees: "PhD or MS in X with N years"
        ("Requirements: PhD or MS in Geology with 5+ years of experience.", 5.0, 5.0),
        # a lower degree first is no higher path
        ("Requirements: BS in Geology or MS with 2+ years of experience.", 2.0, 2.0),
        # the higher degree's path states its own amount
        ("Requirements: Master's degree in Geology with minimum three years of experience OR Bachelor's degree "
         "with a minimum of 5 years' experience.", 3.0, 3.0),
        ("Doctoral degree in geology and two plus years of related work experience, or a Master's degree in geology "
         "and at least 3-4 years of related work experience.", 2.0, 3.0),
    ],
)
def test_a_higher_degree_alone_beside_a_lower_degree_with_years(text: str, expected: float, graduate: float) -> None:
    assert years_min(text) == expected
    assert facts.years_min_graduate(text) == graduate


def test_a_doctorate_degree_or_a_masters_with_years_leaves_the_masters_amount_to_a_graduate() -> None:
    text = "Requirements: A PhD degree or a Master's degree with 3+ years of experience."
    assert years_min(text) == 0.0
    assert facts.years_min_graduate(text) == 3.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the length of a degree is no experience
        ("Education:\n4-year undergraduate degree or demonstrated relevant progressive experience", None),
        ("Education: Four year college in a geology field or commensurate experience. At least three (3) years of "
         "industry experience as a surveyor.", 3.0),
        ("Requirements: a 2-year college degree in surveying.", None),
        # ... and a degree of that length is a path of its own beside the amount
        ("Qualifications 4-year degree or equivalent work experience (5+ years) in map making.", 0.0),
        # experience at a university, or study that is no degree, still counts
        ("Requirements: 3 years university research experience in geology.", 3.0),
        ("Requirements: Bachelor's degree and 4 years experience in surveying.", 4.0),
    ],
)
def test_a_degree_length_is_no_experience(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_ms_office_is_no_masters_degree_path() -> None:
    text = ("Requirements: Bachelor's degree\n5+ years' experience with survey tools such as MS Excel, MS Access\n"
            "2+ years' experience supporting field crews")
    assert years_min(text) == 5.0
    # (two degree paths, each with its amount, still give the smaller)
    assert years_min("Requirements: BS with 5+ years of experience; MS with 2+ years of experience.") == 2.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a "Desired ..." heading as the only list of qualifications asks what it lists
        ("About us\nWe map coasts.\n\nDesired Skills and Experience\nB.S. in geology.\n5-10 years of experience in "
         "map pipelines.\nStrong SQL.", 5.0),
        ("Responsibilities\nDraw maps.\n\n**Desired Experience:**\n  * 5+ years of experience in survey work.\n", 5.0),
        # beside a heading of requirements it stays a wish
        ("Requirements\n* A degree in geology.\n\nDesired Experience\n* 3+ years of experience in survey work.", None),
        ("Required Experience / Skills\n* Strong SQL.\nDesired Experience\n* 10+ years of consulting.", None),
    ],
)
def test_a_desired_heading_without_requirements_heading_asks_its_amounts(text: str, expected: float | None) -> None:
    assert years_min(text) == expected


def test_a_years_field_glued_to_the_next_field_is_read() -> None:
    assert years_min("Qualifications\nMinimum years of work experience: 7Education: MSc in geology") == 7.0
    # (a lower-case word after the number is no field value)
    assert years_min("Years of experience: 5 different teams joined us.") is None


def test_a_glued_minimum_qualifications_heading_ends_a_preferred_block() -> None:
    text = ("Education: Required: Bachelor's in Geology Preferred: Master's or equivalent experience. We map coasts. "
            "The ideal candidate will possess the following skills:Minimum Qualifications3years of experience in survey "
            "work.Preferred Qualifications5years of experience in the following: drones")
    assert years_min(text) == 3.0
