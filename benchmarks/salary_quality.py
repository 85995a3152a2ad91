#!/usr/bin/env python3
"""Salary (min, max, currency, period) of ``parse_salary`` against our own labels on the labelled
postings of ``../shared/data/postings``, and years / entry level / scope / seniority / role
family of ``skillgap extract`` scored by ``../shared/tools/score_extract.py``, per split.

Labels: ``benchmarks/salary_labels.jsonl`` holds ids and labels only (no posting text): one line
per posting that states base pay, ``{"set", "id", "salary": {"min", "max", "currency", "period"}}``;
every other posting of a labelled set states none (each posting with an amount of money in it was
checked by hand: budgets, stipends for perks, bonuses, funding and revenue are no salary).
``currency`` is null where the text names none ("between 90-135k").

Splits: dev.jsonl (read while writing rules, releases 1.x-2.4); dev_payloads even-numbered
postings (read) and odd-numbered ones (held out); train_pool by position, even positions (read)
and odd positions (held out). Held-out halves were labelled for salary only after the salary
rules were frozen (their first score is kept in the notes; three misses were fixed after).

usage: python benchmarks/salary_quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_dir, write_section

HERE = Path(__file__).resolve().parent
LABELS = HERE / "salary_labels.jsonl"
# Rules 2.3 (before issue 18) on the same splits, measured by this script's method from that tree:
# entry_level_ok, scope precision, scope recall, years, seniority, role family, salary right, none right.
BEFORE = {
    "dev (read)": (0.849, 0.697, 1.0, 0.981, 0.968, 1.0, "24/25", "68/68"),
    "dev_payloads even (read)": (0.918, 1.0, 1.0, 0.958, 0.965, 0.988, "18/23", "61/62"),
    "dev_payloads odd (held out)": (0.895, 0.0, None, 0.904, 0.919, 1.0, "21/23", "63/63"),
    "train_pool A (read)": (0.871, 0.5, 0.333, 0.75, 0.773, 0.856, "15/22", "108/110"),
    "train_pool B (held out)": (0.794, 0.154, 0.286, 0.691, 0.733, 0.771, "24/26", "105/105"),
}
# Before the second issue-18 round (branch facts18b, from commit 1578c79), same method, same order
# as FACT_KEYS: entry_level_ok, scope precision, scope recall, years, seniority, role family.
ROUND2 = {
    "dev (read)": (0.978, 1.0, 0.957, 0.981, 0.968, 1.0),
    "dev_payloads even (read)": (0.965, 1.0, 1.0, 0.958, 0.965, 0.988),
    "dev_payloads odd (held out)": (0.942, None, None, 0.904, 0.919, 1.0),
    "train_pool A (read)": (0.909, 1.0, 0.333, 0.952, 0.894, 0.856),
    "train_pool B (held out)": (0.916, 0.5, 0.429, 0.804, 0.809, 0.786),
}
# Before the fourth issue-18 round (branch facts18, from commit 065c827), same method, same order.
ROUND3 = {
    "dev (read)": (0.978, 1.0, 0.957, 0.981, 0.968, 1.0),
    "dev_payloads even (read)": (0.965, 1.0, 1.0, 0.958, 0.965, 1.0),
    "dev_payloads odd (held out)": (0.942, None, None, 0.904, 0.919, 1.0),
    "train_pool A (read)": (0.947, 1.0, 0.667, 0.976, 0.939, 1.0),
    "train_pool B (held out)": (0.924, 0.571, 0.571, 0.814, 0.817, 1.0),
}
# Before the fifth issue-18 round (branch yrs18, from commit 8431ae3), same method, same order.
ROUND4 = {
    "dev (read)": (0.978, 1.0, 0.957, 0.981, 0.968, 1.0),
    "dev_payloads even (read)": (0.965, 1.0, 1.0, 0.958, 0.965, 1.0),
    "dev_payloads odd (held out)": (0.942, None, None, 0.904, 0.942, 1.0),
    "train_pool A (read)": (0.947, 1.0, 0.667, 0.976, 0.939, 1.0),
    "train_pool B (held out)": (0.924, 0.571, 0.571, 0.835, 0.824, 1.0),
}
# Before the sixth issue-18 round (branch yrs19, from commit ea1969f, rules 2.14), same method, same order.
ROUND5 = {
    "dev (read)": (0.978, 1.0, 0.957, 0.981, 0.968, 1.0),
    "dev_payloads even (read)": (0.965, 1.0, 1.0, 0.958, 0.965, 1.0),
    "dev_payloads odd (held out)": (0.942, None, None, 0.904, 0.942, 1.0),
    "train_pool A (read)": (0.947, 1.0, 0.667, 0.976, 0.939, 1.0),
    "train_pool B (held out)": (0.939, 0.667, 0.571, 0.856, 0.832, 1.0),
}
# Before the seventh issue-18 round (branch yrs20, from commit d674841, rules 2.15), same method, same order.
ROUND6 = {
    "dev (read)": (0.978, 1.0, 0.957, 0.981, 0.968, 1.0),
    "dev_payloads even (read)": (0.965, 1.0, 1.0, 0.958, 0.965, 1.0),
    "dev_payloads odd (held out)": (0.942, None, None, 0.904, 0.942, 1.0),
    "train_pool A (read)": (0.947, 1.0, 0.667, 0.976, 0.939, 1.0),
    "train_pool B (held out)": (0.939, 0.667, 0.571, 0.876, 0.832, 1.0),
}
#: The rounds' snapshots in order (the main table shows the first and the last beside now; the
#: history table all of them, for the held-out halves).
ROUNDS = (("rules 2.3", BEFORE), ("before round 2", ROUND2), ("before round 4 (rules 2.8)", ROUND3),
          ("before round 5 (rules 2.11)", ROUND4), ("before round 6 (rules 2.14)", ROUND5),
          ("before round 7 (rules 2.15)", ROUND6))
NOTES = """
How honest each column is. dev.jsonl was read while writing rules over every release, and the role
model was fit on it (its role family is training accuracy). The "read" halves were read for the
issue-18 rules. The held-out halves were never read for years, entry level or seniority rules.
Salary on the held-out halves: labelled once the salary rules were frozen, they scored 46/49
(dev_payloads odd 21/23, train_pool B 25/26) with none wrongly read where none is stated (168/168);
the three misses ("Base Salary + Bonus $150K – $220K", an en dash arriving as mojibake, a capital
"To" between two amounts) were then fixed, so the 49/49 above is read, not held out. The role
model is unchanged (not retrained): adding train_pool to its training sets raised train_pool's
cross-validated accuracy 0.821 -> 0.837 but lowered dev_payloads' 0.977 -> 0.965 (group 5-fold,
training/role_family/train.py --eval-only), so it was left as it is; role family on train_pool
stays well under the 0.93 target (its labels also disagree with dev's on managers and "Staff
Software Engineer, AI"). Seniority on train_pool: most misses are postings with no years and no
level word that the annotator judged entry or mid ("unknown" here).

Second round (facts18b). Rules were written from patterns in the read halves only (train_pool A,
dev_payloads even, dev); the held-out halves were measured as totals, their postings never read.
The role model was then retrained with train_pool (rf-2, chosen on company-grouped CV over
train_pool + dev_payloads, see the `roles` section): from then on **role family on every split is
training accuracy** (dev, dev_payloads and now train_pool are all in its training set), and so are
the scope figures, which depend on it. The held-out figures for them come from the cross-validated
predictions (each posting scored by a model fit without its company's fold): role family
train_pool B 0.786 (rf-1) -> 0.847 (rf-2), dev_payloads odd 0.953; the student market on
train_pool B with those roles: precision 0.375, recall 0.429 (it was 0.5 / 0.429 with rf-1,
which had never seen train_pool).

Third round (role18c): role model rf-3 (rf-2's title model + a text stage over the description,
see the `roles` section) and years patterns found in unlabelled corpus postings (rules 2.8).
Role family held out (nested company-grouped CV, each posting scored by stages that never saw
its company's fold): train_pool B 0.847 (rf-2) -> 0.863, dev_payloads odd 0.953 -> 0.988 (rf-3
fit on every labelled set scores 1.000 on them: the training-fold gap is 0.078 pooled over
train_pool + dev_payloads). The years patterns (the work named after the amount, "experience ...
for N years", a candidate heading or "Has" glued in flattened text, "What we look for:") change
one labelled posting, in train_pool B, measured once as totals after they were written: years,
seniority and entry_level_ok above move by that posting. The student market on train_pool B with
the held-out roles: precision 0.375 -> 0.444 (4 of 9), recall 0.429 -> 0.571 (4 of 7). Before the
years patterns its misses were, by cause (counted as totals, postings not read): of 5 false
entries, 2 gold `other` roles and 3 gold mid/senior postings (2 state years); of 4 missed, 1 role
predicted other, 2 postings with no years and no level word that this annotator labelled entry
(the guide's "unknown", which `entry_level` follows: of the postings with no years and no title
level, dev.jsonl, the same collection as the acceptance set, labels 9 of 12 unknown and 1 entry,
train_pool 21 of 48 unknown and 15 entry), 1 read as senior. train_pool A and dev_payloads even
have no false entries. Seniority rules are unchanged. What is left on train_pool B (totals, postings
not read): 24 seniority misses, 13 of them a gold entry/mid/senior read as unknown (no years read and
no level word: 6 entry, the labelling difference above, and the years still missed), 11 another
level (entry/mid 6, mid/senior 3, senior read entry 1, unknown read mid 1); 18 years misses: 8 stated years not read, 6 read too low, 4 too high.

Fourth round (facts18, rules 2.9). Years and seniority rules written from phrasings found in the
unlabelled corpus (grepping sentences with years and level words, the extractor's output checked
by hand on each posting that changed: 69 of 4,720, years 51, seniority 54, entry level 7), with tests on sentences of our own;
the read halves are unchanged by every rule (their remaining misses are label conventions: a
Qualcomm posting whose gold takes the master's path, one the PhD path). Each candidate change was
measured once on the held-out halves as totals: 'N or more years', 'Minimum 3, ideally 5', a
preferred cue that belongs to another amount or sits in brackets, a 'required' after the amount,
items glued to the last one and glued headings or units in flattened text, EEO or company text found too
early: no held-out change; Dutch, French and German amounts (number words, 'an'/'jaar'/'Jahr',
'une expérience <adjective> de N ans'): train_pool B years 0.814 -> 0.825, seniority 0.817 ->
0.824; ranges with à/tot/bis and 'N years doing ...': years 0.825 -> 0.835; level numbers after
more job nouns ('SDE II', 'Statistical Programmer 2', 'Analyst - I', '(L5)') and the body naming
the hire's level ('we are looking for a Senior Backend Engineer'): dev_payloads odd seniority
0.919 -> 0.942. Role family: the CV misses of the read halves (21: 18 gold ml/data read other,
e.g. 'Big Data Consultant', 'Quantitative Analyst', 'Staff Software Engineer, AI', 'Pricing
Analyst') were read; text-stage variants chosen by nested company-grouped CV over train_pool +
dev_payloads (the title fits reused): the floor on the title model's probability 0.02 (rf-3)
0.922, 0.01 0.922, 0.005 0.922, 0.002 0.924, 0 0.924; word L2 1e-4 0.919, 1e-3 0.922; dense L2
1e-2 0.901; the title's words added to the text stage 0.922 (floor 0.002: 0.924); the title model
refit with real titles weighing 40 O*NET titles instead of 20 (15 new fits) 0.917. None beats rf-3
by more than one posting of 434, so rf-3 ships unchanged (held out, nested: train_pool B 0.863,
dev_payloads odd 0.988, dev 0.935). The student market on train_pool B with those held-out roles:
precision 0.444 (4 of 9), recall 0.571 (4 of 7), unchanged. What is left on train_pool B (totals,
postings not read): 23 seniority misses, 12 of them a gold level read as unknown (entry 5, mid 3,
senior 4), 11 another level (mid read entry 4, entry read mid 2, senior read mid 2, senior read
entry 1, mid read senior 1, unknown read mid 1); 16 years misses: 7 stated years not read, 6 read
too low, 3 too high. dev_payloads odd: 5 years misses (3 not read, 2 too high), 5 seniority.

Fifth round (yrs18, rules 2.12). Years stated but not read, or read too low or too high, found in
the unlabelled corpus by a recall-oriented detector of our own (a number or number word within a
few words of year/yr/ans/Jahre/años/jaar..., an experience word nearby, flattened HTML) set against
the extractor's output: of 4,720 corpus postings it found an amount in 111 where the extractor
read none (most only preferred, rightly) and 212 where only the extractor read one; the
disagreements were read, grouped into phrasings, and a rule written for each phrasing that
generalises (tests on sentences of our own), every corpus posting it changed checked by hand (73
postings in all: years 73, seniority 57, entry level 20; 33 amounts read that were missed, 4
readings dropped: contract lengths, time served; 36 values changed). Rules: a line
preferring what it names ('Master's Degree preferred', 'Majors preferred:') opens no preferred
block, and a later heading line naming education, experience or the profile ends one; a
requirement in the amount's own clause ('Typically requires a minimum of 3 years') outweighs a
preferred block; a preferred cue right after a degree is about the degree; a minimum names the
work after it ('Minimum 5-7 years of business intelligence analytics', 'Min. 3 years Java'); '2
(two) years', 'three to five (3-5) years', '2~5', '3/4', 'between 5 and 10 years' (the lower end;
'5+/3+ years, respectively' two paths), '1,5 years', 'three-plus', Dutch 'een vijftal jaar'; a
degree alone answers only its own
requirement ('Bachelor's degree or four or more years of work experience. Six or more years of
relevant work experience.' -> 6, was 0); 'OR Doctorate and job-related experience, 3 years' (the
last path was missed); contract-length fields ('Duration: 12 months') and '1 year contract' are no
experience; flattened items ('... or similar role Bachelor's degree', '... or equivalent3 years')
are no degree paths. The read halves are unchanged by every rule (dev 0.981, dev_payloads even
0.958, train_pool A 0.976). Each candidate was measured once on the held-out halves as totals (10
measurements, related rules together; the first of them overlapped an edit and was measured
again with it; a candidate contradicting a test of ours was dropped unmeasured): train_pool B
years 0.835 -> 0.856 and entry_level_ok 0.924 -> 0.939 (the degree-alone rule +1 entry level, the
contract/flattened-item rules +1 years and +1 entry level, the minimum-names-the-work rule +1
years), seniority 0.824 -> 0.832; dev_payloads odd unchanged (years 0.904, seniority 0.942,
entry_level_ok 0.942). The student market on train_pool B with the training roles: precision
0.571 -> 0.667 (one false entry fewer). No
seniority rule was added: seniority follows the years read (the guide's years decide), which is
what moves it on the corpus. Cost: years_min over the corpus ~6 % slower (0.35 ms a posting, under
1 % of extraction). Left: the read halves' misses are label conventions (a Qualcomm posting whose
gold takes the master's path, one the doctorate path; 'Ideally 1+ year' and 'Bachelor's Degree or
1-3 years ... preferred' labelled 0 where 3 other read postings with only preferred amounts are
labelled null); on train_pool B 14 years misses remain of 97 postings with gold years (totals,
postings not read), so years there stay under the 0.90 target, and seniority (0.832) too.

Salary round 3 (sal19, rules 2.15), written from the unlabelled corpus: a recall-oriented detector
of our own (any money amount near a pay word, in several languages) set against `parse_salary`
over the 4,720 corpus postings as `extract` sees them, every disagreement and every unusual
reading (single amounts, monthly or daily readings, no currency, perk words near) read by hand.
Rules for phrasings that generalise, tests on sentences of our own: shekel, złoty after the
amount and ringgit; European decimals ('6.555,00'); 'bis'/'à'/'tot' ranges and period words in
German, French, Dutch, Polish and Hebrew; a cued range with no currency a few words after a pay
word or 'rate' (currency left empty, as the labels do); 'between X and Y gross/year'; lakhs ('INR
12 LPA'); day rates; 'up to' a rate; a single amount by the hour or year; a minimum and a maximum
stated apart ('MIN: ... MAX: ... Currency: CAD', 'Min Hiring Rate ... Max Hiring Rate'); Markdown
emphasis around the dash; ', CA$' in flattened text is California and US dollars; a top figure
of 1,000-12,000 with no period word is by the month; one-time and care or connectivity stipends,
benefit caps, insurance cover, revenue and incentives are no salary; guards against the wider
patterns (a small second number ends no range, a currency-less range under 10,000 with no period
word is no pay). 71 corpus postings change: 3 only in the matched text; of 68 value changes 65
right, 1 wrong (a '$38,000 basic' header over a body in pounds) and 2 ambiguous (headers listing
several countries' pay, the USD one read), all three read nothing before, so none went from right
to wrong. The labelled sets are unchanged, byte for byte (no labelled posting's output changes):
49/49 stating pay, 168/168 none. Cost: `parse_salary` over the corpus 1.07x the time before (15
alternating rounds, same run). Left: phrasings seen at one company only ('pln', '223, 800 ILS',
'200k$-$250k', 'SalaryUp to 90K'), a benefits account in RON and a peso range read as USD (one
posting each), mojibake euro signs (a labelled posting states pay that way but is labelled none),
pay stated only in the title (`extract` reads the description).

Seventh round (yrs20, rules 2.16), the same method over the same corpus: 75 of 4,720 corpus
postings change (seniority 62, years 25, graduate years 20, entry level 16), read by hand: 73 right
by the guide, 2 debatable ("Experienced Data Engineer" whose body says "as a senior you"; a Hebrew
database-administrator title read as senior), none from right to wrong. Rules: level fields of
careers sites ("Experience Level: Experienced Professional", "Job Type: Recent College Graduate",
"Seniority Level: Senior"); "proven experience as a <role>" and a title starting "Experienced" ->
mid; "senior" in lower case for the hire ("as a senior ML engineer you") -> senior; "early in your
career", Dutch "een eerste ervaring" -> entry; French "Alternance"/"Apprenti(e)" -> intern; Hebrew
manager/senior titles; a higher degree alone beside a lower degree with years ("PhD in X, or
Masters with 3+ years" -> 0, the graduate path keeps the master's amount); a degree's length
("4-year degree") and "MS Excel" are no paths; a "Desired Skills and Experience" heading that is
the posting's only qualifications list states requirements. Held out (three candidate sets, each
measured once as totals): every held-out figure unchanged (train_pool B years 0.876, seniority
0.832); read halves: train_pool A seniority 0.939 -> 0.955, entry_level_ok 0.947 -> 0.955. Cost:
years, graduate years and seniority over 1,000 corpus postings 1.023x (12 alternating rounds).
Rules 2.16 also end a company blurb at its first sentence addressing the candidate (skills issue
17, `sections.py`); the facts move with it where a blurb hid the requirements: see the table.

Sixth round (yrs19, rules 2.15), the same method over the same corpus: 104 of 4,720 corpus
postings change (years 104, seniority 84, entry level 23), every one checked by hand: 103 right,
1 still wrong (a Hebrew item with no unit, now read from the next item, before null). Rules: a
"degree or N years" item no longer cancels an amount stated before it in another sentence or
line ('5+ years building UIs' then 'BS or 10+ years' -> 5, was 0; 15 postings), and the degree
alone is narrowed (not when its path states its own amount further on, not when "or" only names
fields, not "or similar relevant degree"); amounts on degree paths ('MS with eight (8) years; or
PhD with five (5) years', 'or 6 years and a Master's degree'); 'N+ experience' with no unit
('5+ working experience'; not 'Python 3+', 'ES6+'); more than 15 years when a minimum word says
so; 'or equivalent N years' without a bracket is the next flattened item; '6 months - 2+ years'
-> 0.5; Hebrew amounts (words between ניסיון and its amount, number words, שנתיים / שנה / "עד
שנה" (up to a year -> 0), years of schooling and 'the last N years' no experience, advantages
preferred, degree-holder paths as alternatives; 67 of the 104 postings, from one Israeli
source). Read halves unchanged; held out, measured as totals once per candidate set (4 sets):
train_pool B years 0.856 -> 0.876 (the degree-path rule +1, the Hebrew rules +1), seniority and
entry_level_ok unchanged; dev_payloads odd unchanged. Labelled postings whose output changed:
`dev:hct-lam-research-197461`'s graduate path (years_min_graduate 5 -> 3; years_min, seniority and
entry level unchanged) and 2 held-out train_pool B postings (years only). Cost: years_min and
years_min_graduate over 1,000 corpus postings 1.05x the time before (same run, alternating,
median of 16; a first no-unit scan opening with look-behinds cost 1.47x and was rewritten to start
from the literal '+'). Left: 'several years' / 'a few years' (about 15 postings; the guide says
null without a number), phrasings seen at one company only, '18+ years' without a minimum word
(still read as company age).

The student market with held-out roles (recomputed 2026-12-07 evening, rules 2.13: each posting's
role from the nested company-grouped CV of rf-3, `training/role_family/train.py`'s
`text_stage_cv`, with `skillgap extract`'s entry level; precision / recall): train_pool B (held
out) 0.500 / 0.571 (role family 0.863; was 0.444 / 0.571 before round 5), train_pool A (read)
1.000 / 0.583, dev_payloads odd: no gold posting in the market, dev.jsonl (read; the acceptance
postings' collection) 1.000 / 0.870 (role family 0.935). With the training roles: 0.667 / 0.571,
1.000 / 0.667, -, 1.000 / 0.957.
"""
FACT_KEYS = (
    ("entry_level_ok_acc", "entry_level_ok accuracy", "≥ 0.92"),
    ("scope_precision", "student market precision", "≥ 0.90"),
    ("scope_recall", "student market recall", "≥ 0.85"),
    ("years_min_acc", "years_min (±0.5)", "≥ 0.90"),
    ("seniority_acc", "seniority", "≥ 0.92"),
    ("role_family_acc", "role family", "≥ 0.93"),
)


# Rows that depend on the role model, fit (since rf-2; rf-3 now) on every labelled set: training figures.
FIT_ON_LABELS = ("role_family_acc", "scope_precision", "scope_recall")


def splits(shared: Path) -> dict[str, list[dict]]:
    post = shared / "data" / "postings"
    load = lambda n: [json.loads(x) for x in (post / f"{n}.jsonl").open(encoding="utf-8") if x.strip()]  # noqa: E731
    dev, pl, tp = load("dev"), load("dev_payloads"), load("train_pool")
    for name, recs in (("dev", dev), ("dev_payloads", pl), ("train_pool", tp)):
        for r in recs:
            r["_set"] = name
    return {
        "dev (read)": dev,
        "dev_payloads even (read)": [r for r in pl if int(r["id"].split("-")[1]) % 2 == 0],
        "dev_payloads odd (held out)": [r for r in pl if int(r["id"].split("-")[1]) % 2 == 1],
        "train_pool A (read)": tp[0::2],
        "train_pool B (held out)": tp[1::2],
    }


def load_labels() -> dict[tuple[str, str], dict]:
    out = {}
    for line in LABELS.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            out[(r["set"], r["id"])] = r["salary"]
    return out


def salary_scores(recs: list[dict], labels: dict) -> dict:
    from skillgap.extractors.facts import parse_salary

    stated = right = none_n = none_ok = 0
    misses = []
    for r in recs:
        gold = labels.get((r["_set"], r["id"]))
        s = parse_salary(r["description"])
        if gold is None:
            none_n += 1
            none_ok += s is None
            if s is not None:
                misses.append((r["id"], None, (s.min, s.max, s.currency, s.period)))
            continue
        stated += 1
        got = None if s is None else (s.min, s.max, s.currency, s.period)
        ok = got == (float(gold["min"]), float(gold["max"]), gold["currency"], gold["period"])
        right += ok
        if not ok:
            misses.append((r["id"], gold, got))
    return {"stated": stated, "right": right, "none": none_n, "none_ok": none_ok, "misses": misses}


def fact_scores(shared: Path, recs: list[dict], tmp: Path, name: str) -> dict:
    gold = tmp / f"{name}.gold.jsonl"
    pred = tmp / f"{name}.pred.jsonl"
    gold.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "_set"}) + "\n" for r in recs), encoding="utf-8")
    exe = Path(sys.executable).parent / "skillgap"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "skillgap.pipelines.cli"]
    subprocess.run(cmd + ["extract", "--input", str(gold), "--output", str(pred)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, str(shared / "tools" / "score_extract.py"), str(gold), str(pred), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared not found (set SKILLGAP_SHARED): nothing to measure")
        return 0
    labels = load_labels()
    parts = splits(shared)
    sal = {k: salary_scores(v, labels) for k, v in parts.items()}
    with tempfile.TemporaryDirectory() as t:
        facts = {k: fact_scores(shared, v, Path(t), f"s{i}") for i, (k, v) in enumerate(parts.items())}
    cols = list(parts)
    lines = ["## Facts: salary, years, entry level (issue 18)", ""]
    lines.append("Splits: " + "; ".join(f"{k}: {len(v)} postings" for k, v in parts.items()) + ". "
                 "Read = individual postings were read while writing rules; held out = never read for rules "
                 "(salary: see the notes below).")
    lines += ["", "| measure | " + " | ".join(cols) + " | target |", "|---|" + "---|" * len(cols) + "---|"]
    def cell(c: str, i: int, now: object) -> str:
        before = BEFORE.get(c, (None,) * 8)[i]
        if i >= len(FACT_KEYS):
            return f"{before} → **{now}**"
        return f"{before} → {ROUNDS[-1][1].get(c, (None,) * 8)[i]} → **{now}**"

    for i, (key, label, target) in enumerate(FACT_KEYS):
        mark = " †" if key in FIT_ON_LABELS else ""
        lines.append(f"| {label}{mark} | " + " | ".join(cell(c, i, facts[c].get(key)) for c in cols) + f" | {target} |")
    lines.append("| salary: min, max, currency and period all right, postings stating base pay | "
                 + " | ".join(cell(c, 6, f"{sal[c]['right']}/{sal[c]['stated']}") for c in cols) + " | ≥ 96 % |")
    lines.append("| salary: none where none is stated | "
                 + " | ".join(cell(c, 7, f"{sal[c]['none_ok']}/{sal[c]['none']}") for c in cols) + " | all |")
    lines += ["", f"Each cell: rules 2.3 → {ROUNDS[-1][0]} → now (salary rows: rules 2.3 → now); the rounds between, for the "
              "held-out halves, in the table after the notes. Scope precision/recall: the student market (role family ml or data, "
              "and `entry_level`) against the same market by the gold labels; `None` where a split has no posting "
              "in it (dev_payloads odd half: no gold posting in the market). † Now-figures of these rows are "
              "training figures on every split (the role model, rf-3 since round 3, is fit on all labelled sets); their held-out "
              "figures (cross-validated roles) are in the notes below."]
    lines += ["", NOTES.strip()]
    held = [c for c in cols if "held out" in c]
    shown = [k for k, (key, _l, _t) in enumerate(FACT_KEYS) if key not in FIT_ON_LABELS]
    lines += ["", "The held-out halves over the rounds (" + ", ".join(FACT_KEYS[k][1] for k in shown) + "):", "",
              "| round | " + " | ".join(held) + " |", "|---|" + "---|" * len(held)]
    for label, snap in ROUNDS:
        lines.append(f"| {label} | " + " | ".join(" / ".join(str(snap[c][k]) for k in shown) for c in held) + " |")
    lines.append("| now | " + " | ".join(" / ".join(str(facts[c].get(FACT_KEYS[k][0])) for k in shown) for c in held) + " |")
    misses = [(c, m) for c in cols for m in sal[c]["misses"]]
    if misses:
        lines += ["", "Salary misses (id: label -> read):"]
        lines += [f"- {c}: `{m[0]}`: {m[1]} -> {m[2]}" for c, m in misses]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("facts-salary", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
