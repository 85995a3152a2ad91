"""Salary: ranges with any dash, currency codes and symbols, period words, European and Indian
number formats; budgets, stipends for perks, bonuses, allowances and equity are no salary; a
source's structured salary fields win over the text. Sentences written for these tests, in the
shapes seen in real postings."""

from __future__ import annotations

import pytest

from skillgap.extractors.facts import parse_salary, salary_from_fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dashes: double hyphen, en and em dash, a Markdown-escaped hyphen, "to", "between ... and"
        ("The base pay range for this role is $120,500 -- $231,400.", (120500, 231400, "USD", "year")),
        ("Pay range: $140,000 \\- $172,000", (140000, 172000, "USD", "year")),
        ("Salary: $85,000 – $99,000 per year", (85000, 99000, "USD", "year")),
        ("Salary: $85,000 to $99,000 per year", (85000, 99000, "USD", "year")),
        ("We pay between 90,000 and 150,000 per year depending on experience.", (90000, 150000, None, "year")),
        ("The salary is between 90,000 and 150,000 USD per year.", (90000, 150000, "USD", "year")),
        # a code after a dollar amount names the dollar
        ("Salary range: $71,300 – $108,900 CAD", (71300, 108900, "CAD", "year")),
        ("Base salary $135,000-$190,000 CAD annually.", (135000, 190000, "CAD", "year")),
        ("Compensation: 95,000 - 120,000 AUD", (95000, 120000, "AUD", "year")),
        # currencies by code
        ("Wynagrodzenie: PLN 7.500-11.000 brutto", (7500, 11000, "PLN", "month")),
        ("Salary: PLN 7.500-11.000 per month", (7500, 11000, "PLN", "month")),
        ("Salary: 45.000 - 55.000 EUR per year", (45000, 55000, "EUR", "year")),
        ("CTC: INR 6,00,000 - 9,00,000 per annum", (600000, 900000, "INR", "year")),
        ("Salary: GBP 40,000 - 48,000", (40000, 48000, "GBP", "year")),
        # periods
        ("Pay: $22.50/hr", (22.5, 22.5, "USD", "hour")),
        ("Rate: $400 - $550 per day", (400, 550, "USD", "day")),
        ("Salary: $6,000 - $7,500 monthly", (6000, 7500, "USD", "month")),
        ("Salary: $95k - $120k/yr", (95000, 120000, "USD", "year")),
        ("Internship stipend of $8,000/month", (8000, 8000, "USD", "month")),
        # a code written with the symbol, a period between the amounts
        ("Zone A: USD $150,000 - USD $190,000", (150000, 190000, "USD", "year")),
        ("Range: CAD $110,000~$150,000", (110000, 150000, "CAD", "year")),
        ("Pay: US$30/hr to US$44/hr", (30, 44, "USD", "hour")),
        ("Compensation: $25.00/HR - 32.00/HR", (25, 32, "USD", "hour")),
        # no currency, a pay word right before the range
        ("In this city we offer a base pay of 120,000-180,000, plus equity.", (120000, 180000, None, "year")),
        # one amount, the code after it
        ("Gross salary: from 3900 EUR/month.", (3900, 3900, "EUR", "month")),
        # small hourly pay is pay
        ("Rate: $7 - $8 an hour.", (7, 8, "USD", "hour")),
        # pay beside a perk
        ("Salary $90,000 and equity.", (90000, 90000, "USD", "year")),
        ("Base pay of $95,000 - $120,000, plus equity and a bonus.", (95000, 120000, "USD", "year")),
        ("The annual base salary range is USD 120,000.00 To USD 190,000.00.", (120000, 190000, "USD", "year")),
        ("Salary Range: $210,000 \u00e2\u0080\u0093 $250,000 (Bay Area).", (210000, 250000, "USD", "year")),  # a mojibake en dash
        ("Estimated Base Salary + Bonus $140K – $200K", (140000, 200000, "USD", "year")),
    ],
)
def test_salary_forms(text: str, expected: tuple) -> None:
    s = parse_salary(text)
    assert s is not None, text
    assert (s.min, s.max, s.currency, s.period) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the shekel and the zloty; European decimals ("7.200,00"); Markdown around the sign
        ("Pay: 9,000.00₪ - 12,000.00₪ per month", (9000, 12000, "ILS", "month")),
        ("Pay: From 250,000.00₪ per year", (250000, 250000, "ILS", "year")),
        ("Salary: 11,000 - 14,000 ₪ plus bonuses", (11000, 14000, "ILS", "month")),  # shekel pay is monthly
        ("Wynagrodzenie: 7.200,00 zł – 9.300,00 zł brutto", (7200, 9300, "PLN", "month")),
        ("Base pay range per year: 240,000 zł - 330,000 _zł_", (240000, 330000, "PLN", "year")),
        ("Base pay range per year: **260,000 zł - 340,000 __ zł**", (260000, 340000, "PLN", "year")),
        # Markdown emphasis between the ends; a period abbreviation ending in a dot between them
        ("The base salary range is **$95,000/year** to **$140,000/year**.", (95000, 140000, "USD", "year")),
        ("Salary range for this role is_ £ _70-95k GBP + equity", (70000, 95000, "GBP", "year")),
        ("Pay: $48/hr. - $52/hr. on W2", (48, 52, "USD", "hour")),
        # range words and period words of other languages
        ("Ein Bruttogehalt von 4.000 € bis 5.500 € monatlich", (4000, 5500, "EUR", "month")),
        ("Le salaire est compris entre 42 000 et 48 000 €, selon le profil.", (42000, 48000, "EUR", "year")),
        ("Salaire : 45 000 à 52 000 € par an", (45000, 52000, "EUR", "year")),
        ("Salaris: €3.200 tot €4.100 per maand", (3200, 4100, "EUR", "month")),
        # no currency: a pay word a few words before, or a period word after "gross"
        ("Rate 70,000 - 85,000 DOE", (70000, 85000, None, "year")),
        ("The base salary range for this role at the time of hire is 120,500 - 175,000.", (120500, 175000, None, "year")),
        ("The salary range is between 150,000 and 210,000 gross/year.", (150000, 210000, None, "year")),
        # a "k" after a full amount; rupee pay past five million; a wide but stated range
        ("The salary range is $72,000k - $96,000k/ year, plus commission.", (72000, 96000, "USD", "year")),
        ("In India, the base compensation range is INR 5,400,000 - 6,900,000.", (5400000, 6900000, "INR", "year")),
        ("The range for this role is $90,000 - $600,000.", (90000, 600000, "USD", "year")),
        # ", CA$" in flattened text is California and a dollar
        ("Data Analyst (Contract)Fresno, CA$95,000-$110,000The Company", (95000, 110000, "USD", "year")),
        ("Salary (Toronto): CA$95,000-CA$110,000", (95000, 110000, "CAD", "year")),
        ("Vancouver, CA$92,000 - CA$108,000", (92000, 108000, "CAD", "year")),
        # no period word and an amount no yearly base pay comes near: by the month
        ("What we offer: €3,100 - €4,400 gross salary. Company car.", (3100, 4400, "EUR", "month")),
        ("The salary is RM12,100 in Malaysia, and SGD 6,500 in Singapore.", (12100, 12100, "MYR", "month")),
        ("The salary is SGD 6,500 in Singapore.", (6500, 6500, "SGD", "month")),
        # day rates
        ("Day rate: 450 - 600 EUR excl. VAT", (450, 600, "EUR", "day")),
        ("Dagtarief: 500 - 650 EUR excl. BTW", (500, 650, "EUR", "day")),
        # "up to" after a rate is pay (as after "salary"); a single amount by the hour or year
        ("Rate: Up to €70 per hour", (70, 70, "EUR", "hour")),
        ("Part time, Austin, TX, $65/hr on W2 for 6 months", (65, 65, "USD", "hour")),
        ("`💰 $52K USD/yr` `🌎 Spain (Remote)`", (52000, 52000, "USD", "year")),
        ("£32,000 basic (£41,000 on-target earnings)", (32000, 32000, "GBP", "year")),
        # a second number far under the first ends no range
        ("Salary **$90,000** and **15% bonus**", (90000, 90000, "USD", "year")),
        ("Salary: €52.000 et 10 jours de congés en plus", (52000, 52000, "EUR", "year")),
        ("Salary $88,000 and 12% bonus", (88000, 88000, "USD", "year")),
        # Indian pay in lakhs after a currency (none in the corpus: "INR 12 LPA" read as 12 an hour before)
        ("CTC: INR 4.5 - 7 LPA", (450000, 700000, "INR", "year")),
        ("CTC: ₹11-16 LPA", (1100000, 1600000, "INR", "year")),
        # a minimum and a maximum stated apart
        ("Compensation Range: MIN: $92,000 - MID: $110,000 - MAX: $128,000 Currency: CAD", (92000, 128000, "CAD", "year")),
        ("Pay Type\nHourly\nMin Hiring Rate\n$19.10\nMax Hiring Rate\n$24.75", (19.10, 24.75, "USD", "hour")),
    ],
)
def test_salary_forms_found_in_the_unlabelled_corpus(text: str, expected: tuple) -> None:
    """Phrasings found by reading the extractor's output on unlabelled corpus postings (issue 18,
    salary round 3); sentences of our own in their shapes."""
    s = parse_salary(text)
    assert s is not None, text
    assert (s.min, s.max, s.currency, s.period) == expected



@pytest.mark.parametrize(
    "text",
    [
        "Benefits: a $2,500 annual learning and development budget.",
        "We give every employee a $1,600 WFH stipend for their desk.",
        "Signing bonus of $10,000 for this role.",
        "A $500 monthly wellness allowance.",
        "Equity: $40,000 in stock options vesting over four years.",
        "Referral bonus: $3,000.",
        "We have raised $25 million from our investors.",
        "A technology stipend equivalent to $90 net/month.",
        "Meal card: R$700/mo for you to use with food at restaurants.",
        "We run 3 offices and 12 teams.",
        "Version 3 USD per unit in the price list.",
        "Python, SQL and 3+ years of experience.",
        # one-off money, company money, insurance cover, a benefit's cap, perk stipends and tickets
        "A one-time stipend of $1,500 when you join.",
        "Managing gross revenues in excess of $400K per year.",
        "Group medical insurance: coverage of INR 5,00,000 per annum for your family.",
        "Tuition reimbursement up to 80% with a maximum of $3000 per year.",
        "401k match up to 5% (cap at $8,000).",
        "Annual maximum** is $2,800 for health care, and $4000 for dependent care.",
        "**Connectivity Stipend:** $60/mo to cover your internet bill.",
        "Business expense stipend- $110 quarterly",
        "$150 per month electric bike incentives",
        "$250/month Quality of Life perk",
        "Cultural tickets 150 RON/month",
        "Sports incentive: R$250/mo extra if you practise a sport.",
        # trillions; a "13th salary"; a small amount that is no monthly pay; years bounded by min/max
        "Firms still move about $9T of goods each year by email.",
        "A $13th salary paid in December.",
        "A reasonable estimate of the current range begins at $400/lecture.",
        "Minimum 3 years and maximum 5 years of experience with SQL.",
        "The app grew from 40 thousand to 3 lakh users in two years.",
        "The rate limit for this plan is 1,000 - 5,000 requests a minute.",
    ],
)
def test_perks_and_company_money_are_no_salary(text: str) -> None:
    assert parse_salary(text) is None


def test_salary_after_a_perk_is_still_found() -> None:
    s = parse_salary("Perks: $1,000 home-office stipend. Salary: $70,000 - $90,000 per year.")
    assert s is not None and (s.min, s.max) == (70000, 90000)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Jobicy, current and 2024 keys
        ({"salaryMin": 120000, "salaryMax": 135000, "salaryCurrency": "USD", "salaryPeriod": "yearly"}, (120000, 135000, "USD", "year")),
        ({"annualSalaryMin": "140000", "annualSalaryMax": "165000", "salaryCurrency": "USD"}, (140000, 165000, "USD", "year")),
        # Himalayas
        ({"minSalary": 15, "maxSalary": 30, "currency": "USD", "salaryPeriod": "hourly"}, (15, 30, "USD", "hour")),
        # Ashby / Lever as kept by the adapters
        ({"salary": {"min": 90000, "max": 110000, "currency": "EUR", "interval": "1 YEAR"}}, (90000, 110000, "EUR", "year")),
        ({"salaryRange": {"min": 5000, "max": 6000, "currency": "GBP", "interval": "per-month-salary"}}, (5000, 6000, "GBP", "month")),
        # RemoteOK: yearly USD
        ({"salary_min": 50000, "salary_max": 90000}, (50000, 90000, "USD", "year")),
    ],
)
def test_structured_salary_fields(fields: dict, expected: tuple) -> None:
    s = salary_from_fields(fields)
    assert s is not None
    assert (s.min, s.max, s.currency, s.period) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"salary_min": 0, "salary_max": 0},  # RemoteOK's "none stated"
        {"annualSalaryMin": None, "annualSalaryMax": None},
        {"salary": {"min": 40000, "max": 50000, "predicted": True}},  # Adzuna's estimate is no statement
        {"minSalary": "n/a"},
    ],
)
def test_no_structured_salary(fields: dict) -> None:
    assert salary_from_fields(fields) is None


def test_the_sources_salary_fields_win_over_the_text_in_extraction() -> None:
    import json

    from skillgap.extractors.extract import Extractor
    from skillgap.pipelines.extraction import extract_records

    text = "Perks: a $2,500 learning budget. Salary: $60,000 - $70,000 per year."
    batch = [
        {"posting_id": "a", "content_hash": "h", "title": "Data Analyst", "description": text, "company": None,
         "location": None, "extra": json.dumps({"salaryMin": 120000, "salaryMax": 135000, "salaryCurrency": "USD"})},
        {"posting_id": "b", "content_hash": "h", "title": "Data Analyst", "description": text, "company": None,
         "location": None, "extra": None},
    ]
    res = extract_records(batch, Extractor(skill_model=None))
    stated, read = (ex.salary for ex in res.extractions)
    assert (stated.min, stated.max, stated.currency, stated.period) == (120000, 135000, "USD", "year")
    assert (read.min, read.max) == (60000, 70000)


def test_the_k_range_and_currency_code_scans_find_what_their_plain_forms_find() -> None:
    """Their look-behinds moved after the first character (so re skips to a digit / a capital),
    the "80k-120k" range and three-capital code scans find what the plain patterns find."""
    import random
    import re

    from skillgap.extractors.facts import salary as S

    k_range = re.compile(r"(?=\d)(?<![\w$€£.])(?P<a>\d{2,3})\s?[kK]?\s?(?:-|–|—|to)\s?(?P<b>\d{2,3})\s?[kK](?![a-zA-Z])")
    caps3 = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
    rng = random.Random(3)
    pieces = list("0123456789kK -–$€£.,xAUSDa_") + ["80k", "120K", "USD", "to ", " - ", "٣"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        assert [(m.span(), m.groupdict()) for m in S._K_RANGE_RE.finditer(text)] == [(m.span(), m.groupdict()) for m in k_range.finditer(text)]
        assert [m.span() for m in S._CAPS3.finditer(text)] == [m.span() for m in caps3.finditer(text)]
