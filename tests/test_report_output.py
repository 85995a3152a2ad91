"""The report reads well anywhere: terminal width, unbroken links, decoded text, inert posting
markup in HTML and in Markdown as real renderers render it, --out and binary output, the demo's
printed next step."""

from __future__ import annotations

import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from skillgap.analysis.api import generate, render, report_command, trends_command
from skillgap.analysis.cli import app
from tests.factories import P, make_db

LONG_URL = "https://careers.example-company-with-a-long-name.org/jobs/engineering/machine-learning/" + "x" * 40 + "/apply?id=7"
HOSTILE = [
    "<script>alert(1)</script>Data Scientist",
    '<img src=x onerror="alert(1)"> ML [click](javascript:alert(2))',
    "**Intern** | _ML_ `code` <!-- x --> ![i](https://evil.example/i.png)",
    "1. Research Engineer & Co",
]


def _market(tmp_path):
    posts = []
    for i in range(24):
        skills = {"Python": "required", "Docker": "required" if i % 2 else "preferred",
                  "a very long skill name that keeps going and going": "required" if i % 3 == 0 else "preferred",
                  "communication": "required", "PyTorch": "required" if i % 4 else "preferred"}
        posts.append(P(
            title=(HOSTILE[i % 4] if i < 8 else f"Senior-sounding Machine Learning Engineer, Platform Infrastructure {i}"),
            company="1840 &amp; Company" if i % 5 == 0 else "Caf\u00c3\u00a9 Analytics" if i % 5 == 1 else f"Company {i}",
            url=LONG_URL if i % 3 == 0 else f"https://jobs.example.org/{i}",
            skills=skills, categories={"communication": "soft_skill"},
        ))
    return make_db(tmp_path, posts)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return _market(tmp_path_factory.mktemp("out"))


@pytest.fixture()
def profile(tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text("skills: [SQL]\nyears_experience: 0\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("columns", [80, 60, 160])
def test_text_fits_columns_and_never_breaks_links(db, profile, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    assert report_command(profile=profile, db=db, stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert max(cell_len(line) for line in text.splitlines()) <= columns
    links = re.findall(r"^\s*\[\d+\] (\S+)", text, re.M)
    assert links, "role links are shown"
    for u in links:  # whole links, never cut at the edge
        assert u == LONG_URL or re.fullmatch(r"https://jobs\.example\.org/\d+", u), u
    if columns >= 160:
        assert LONG_URL in links
    else:
        assert LONG_URL not in text and "links longer than the terminal" in text


def test_formula_only_with_verbose_and_words_for_why(db, profile, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    plain, verbose = io.StringIO(), io.StringIO()
    report_command(profile=profile, db=db, stdout=plain, stderr=io.StringIO())
    report_command(profile=profile, db=db, stdout=verbose, stderr=io.StringIO(), verbose=True)
    assert "credit(t)" not in plain.getvalue() and "How it is computed" not in plain.getvalue()
    assert "How it is computed" in verbose.getvalue()
    assert "Why these rank first" in plain.getvalue() and "raises your coverage from" in plain.getvalue()
    assert "communication" not in plain.getvalue().split("Also asked for")[0].split("Top gaps")[1]


def test_no_entity_or_mojibake_debris_in_text_or_json(db, profile):
    rep, _ = generate(profile=profile, db=db)
    blob = json.dumps(rep, ensure_ascii=False) + render(rep, "text", width=100)
    assert "&amp;" not in blob and "\u00c3" not in blob
    assert "1840 & Company" in blob and "Café Analytics" in blob


def test_hostile_markup_is_inert_in_html(db, profile):
    html = render(generate(profile=profile, db=db)[0], "html")
    assert not re.search(r"<(script|img|iframe)\b", html, re.I)
    assert not re.search(r"href=[\"']?javascript", html, re.I) and "onerror=\"" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("renderer", ["markdown-it-py", "Python-Markdown"])
def test_hostile_markup_is_inert_in_markdown_as_renderers_render_it(db, profile, renderer):
    md = render(generate(profile=profile, db=db)[0], "md")
    if renderer == "markdown-it-py":
        markdown_it = pytest.importorskip("markdown_it")
        html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    else:
        markdown = pytest.importorskip("markdown")
        html = markdown.markdown(md, extensions=["tables"])
    assert not re.search(r"<(script|img|iframe)\b", html, re.I)
    assert 'href="javascript' not in html
    assert "<strong>Intern</strong>" not in html and "<em>ML</em>" not in html
    assert "&lt;script&gt;" in html and "1840 &amp; Company" in html
    # tables survive posting text with pipes: every gaps row has the header's cell count
    assert "<table>" in html and "<td>" in html


def test_html_carries_the_three_charts(db, profile):
    html = render(generate(profile=profile, db=db)[0], "html")
    assert html.count("<svg") >= 2
    assert "Coverage gain if you learn it" in html and "Coverage after each step" in html


def test_out_says_what_it_wrote(db, profile, tmp_path):
    err = io.StringIO()
    out = tmp_path / "r.html"
    assert report_command(profile=profile, db=db, fmt="html", out=out, stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue().startswith(f"wrote {out} (gap report html, ")


class _Tty(io.StringIO):
    buffer = io.BytesIO()

    def isatty(self) -> bool:
        return True


def test_png_refuses_a_terminal(db, tmp_path):
    pytest.importorskip("matplotlib")
    err = io.StringIO()
    assert trends_command(db=db, fmt="png", stdout=_Tty(), stderr=err) == 2
    assert "terminal" in err.getvalue() and "--out" in err.getvalue()


def test_trends_on_an_empty_window_say_so_in_one_line(tmp_path):
    db = make_db(tmp_path, [P(title="Data", role_family="data", skills={"SQL": "required"})])
    out = io.StringIO()
    assert trends_command(db=db, stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "None" not in text and "No dated postings" in text


def test_trends_with_little_history_say_so_instead_of_unknown(db):
    out = io.StringIO()
    assert trends_command(db=db, stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "not enough history yet" in text and "unknown" not in text


def test_bad_profile_is_exit_2_without_traceback(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("skills: {python: expert}\ncolour: blue\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--profile", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "expert" in result.output and "colour" in result.output


def test_demo_next_step_commands_run(tmp_path, monkeypatch):
    """The commands `skillgap demo` prints at the end run as printed, from a fresh folder."""
    from skillgap.pipelines.cli import _next_step_lines

    db = _market(tmp_path)
    bindir = Path(sys.executable).parent
    monkeypatch.setattr(sys, "argv", [str(bindir / "skillgap")])
    work = tmp_path / "fresh"
    work.mkdir()
    monkeypatch.chdir(work)  # not a clone: the bundled example, the commands' full path
    lines = _next_step_lines(db, None)
    assert "examples/me.yaml" in lines[0] and not lines[0].startswith("cp examples/")
    for line in lines:
        cmd = line.split("   #")[0]
        res = subprocess.run(shlex.split(cmd), cwd=work, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, (cmd, res.stderr)
    assert "gap report" in res.stdout and "Top gaps" in res.stdout


def test_demo_next_step_from_a_clone_copies_examples_and_uses_the_venv_prefix(tmp_path, monkeypatch):
    """Run from a clone, the commands read as the README writes them, and run as printed."""
    from skillgap.pipelines.cli import _next_step_lines
    from skillgap.pipelines.paths import example_profile_path

    db = _market(tmp_path)
    clone = tmp_path / "clone"
    (clone / "examples").mkdir(parents=True)
    (clone / "examples" / "me.yaml").write_text(example_profile_path().read_text(encoding="utf-8"), encoding="utf-8")
    (clone / ".venv").mkdir()
    bindir = Path(sys.executable).parent
    (clone / ".venv" / "bin").symlink_to(bindir.resolve(), target_is_directory=True)
    monkeypatch.setattr(sys, "argv", [str(bindir / "skillgap")])
    monkeypatch.chdir(clone)
    lines = _next_step_lines(db, None)
    assert lines[0].startswith("cp examples/me.yaml me.yaml")
    assert lines[1].startswith(".venv/bin/gap-report --profile me.yaml --db ")
    for line in lines:
        res = subprocess.run(shlex.split(line.split("   #")[0]), cwd=clone, capture_output=True, text=True, timeout=120, check=False)
        assert res.returncode == 0, (line, res.stderr)
    assert "Top gaps" in res.stdout


@pytest.mark.flow
def test_demo_prints_a_next_step_that_runs(prefect_harness, tmp_path, monkeypatch):
    """End to end: `skillgap demo --profile` ends with a command that runs that profile on the demo data."""
    from skillgap.pipelines.cli import app as skillgap_app

    me = tmp_path / "me.yaml"
    me.write_text("skills: [Python, SQL]\n", encoding="utf-8")
    db = tmp_path / "demo.duckdb"
    monkeypatch.setattr(sys, "argv", [str(Path(sys.executable).parent / "skillgap")])
    monkeypatch.chdir(tmp_path)  # the printed commands run from where the demo ran
    result = CliRunner().invoke(skillgap_app, ["demo", "--db", str(db), "--profile", str(me)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.split("Next: run the report for your own profile against the demo data:")[1].strip().splitlines()
    cmd = lines[0].strip()
    assert str(me.resolve()) in cmd and str(db.resolve()) in cmd
    res = subprocess.run(shlex.split(cmd), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Top gaps" in res.stdout


def test_counts_of_one_agree_in_every_format(tmp_path):
    """'1 is within reach', '1 posting in scope', 'only 1 in-scope posting states pay' (not 'are')."""
    db = make_db(tmp_path, [P(skills={"Python": "required", "SQL": "required"},
                              salary=(100000, 120000, "USD", "year"))])
    prof = tmp_path / "me.yaml"
    prof.write_text("skills: [Python, SQL]\n", encoding="utf-8")
    doc, _ = generate(profile=prof, db=db)
    for fmt in ("text", "md", "html"):
        flat = " ".join(re.sub(r"<[^>]+>|\*\*", "", render(doc, fmt, width=100)).split())
        assert "1 is within reach" in flat and "1 are" not in flat, fmt
        assert "1 posting in scope" in flat and "1 postings" not in flat, fmt
        assert "1 posting that states them" in flat, fmt
        assert "only 1 in-scope posting states pay" in flat, fmt


@pytest.mark.parametrize("width", [80, 100, 120])
def test_roles_table_ellipsis_never_wraps_onto_its_own_line(tmp_path, width):
    posts = [P(title=f"Machine Learning Engineer {i}", company=f"Company {i}",
               skills={"Python": "required", "experimental design": "required", "causal inference": "required",
                       "statsmodels": "required", "A/B testing": "required", "Docker": "required"})
             for i in range(3)]
    prof = tmp_path / "me.yaml"
    prof.write_text("skills: [Python]\n", encoding="utf-8")
    doc, _ = generate(profile=prof, db=make_db(tmp_path, posts))
    text = render(doc, "text", width=width)
    assert "…" in text
    for line in text.splitlines():
        if "…" in line:
            assert line.strip() != "…" and not re.search(r"\s…", line), line


def test_report_says_where_its_trend_window_differs_from_skillgap_trends(db, profile):
    from skillgap.analysis.trends import DEFAULT_WEEKS, GAP_TREND_WEEKS

    doc, _ = generate(profile=profile, db=db)
    for fmt in ("text", "md", "html"):
        flat = " ".join(render(doc, fmt, width=100).split())
        if GAP_TREND_WEEKS != DEFAULT_WEEKS:
            assert f"skillgap trends --weeks {GAP_TREND_WEEKS}" in flat, fmt
            assert f"shows {DEFAULT_WEEKS} weeks by default" in flat, fmt


def test_text_legend_defines_the_words_the_report_uses(db, profile):
    doc, _ = generate(profile=profile, db=db)
    flat = " ".join(render(doc, "text", width=100).split())
    for term in ("role families: ml = jobs that build ML models", "data scientists", "dedup cluster:",
                 "required: the posting lists the skill as a requirement; asked:", "(counted with):",
                 "[ml, data] means both"):
        assert term in flat, term
    exp, _ = generate(profile=profile, db=db, explain="Docker")
    flat = " ".join(render(exp, "text", width=100).split())
    if exp["related_you_have"] or exp["related_missing"]:
        assert "co-occurrence lift ×1.65: postings that ask for this skill name the other" in flat
