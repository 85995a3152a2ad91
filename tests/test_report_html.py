"""HTML and Markdown: self-contained, every piece of posting text escaped, only http(s) links."""

from __future__ import annotations

import re
import xml.dom.minidom

import pytest
from typer.testing import CliRunner

from skillgap.analysis import svg
from skillgap.analysis.cli import app
from skillgap.analysis.render_md import esc
from tests.factories import P, make_db

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    posts = [P(title=f"ML Engineer {i}", company=f"Co {i}", skills={"Python": "required", "Docker": "required"})
             for i in range(5)]
    posts.append(P(title=EVIL, company='Evil "Corp" <b>', skills={"Python": "required", "Docker": "preferred"}))
    posts.append(P(title="Bad link", company="Co X", url="javascript:alert(1)", skills={"Python": "required"}))
    return make_db(tmp_path_factory.mktemp("db"), posts)


@pytest.fixture()
def profile(tmp_path):
    p = tmp_path / "me.yaml"
    p.write_text("skills: [Python]\n")
    return p


def render(db, profile, fmt, *extra):
    result = CliRunner().invoke(app, ["--profile", str(profile), "--db", str(db), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_html_escapes_posting_text(db, profile):
    html = render(db, profile, "html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Evil &quot;Corp&quot; &lt;b&gt;" in html


def test_html_links_only_http(db, profile):
    html = render(db, profile, "html")
    assert "javascript:" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert "Bad link" in html


def test_html_is_self_contained(db, profile):
    html = render(db, profile, "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(script|link|iframe|object|embed)\b", html, re.I)
    assert not re.search(r'\ssrc=["\']?(https?:)?//', html)
    assert "<svg" in html and 'id="gaps-table"' in html and 'id="matches-table"' in html


def test_explain_html_escapes_too(db, profile):
    html = render(db, profile, "html", "--explain", "Docker")
    assert "<script" not in html.lower() and "javascript:" not in html


def test_markdown_escapes_posting_text(db, profile):
    md = render(db, profile, "md")
    assert not re.search(r"<(script|img)", md)
    assert "&lt;script&gt;" in md
    assert "javascript:" not in md
    assert "| # | skill (counted with) |" in md


def test_md_escape_keeps_tables_intact():
    assert esc("a|b\nc") == "a\\|b c"
    assert esc("[x](javascript:y)") == "\\[x\\](javascript:y)"


def test_svg_charts_are_well_formed_and_escaped():
    s = svg.bar_chart([("<b>&", 0.5, "50% <x>")], title="t<")
    xml.dom.minidom.parseString(s)
    assert "<b>" not in s
    line = svg.Line("a&b", [0.1, 0.2], [0.0, 0.1], [0.3, 0.4])
    xml.dom.minidom.parseString(svg.line_chart(["W1", "W2"], [line], title="x", small=[True, False]))
    gap = svg.Line("gap", [0.1, None, 0.3], [0.0, None, 0.1], [0.2, None, 0.4])
    chart = svg.line_chart(["W1", "W2", "W3"], [gap], title="x")
    xml.dom.minidom.parseString(chart)
    assert "<polyline" not in chart  # no week pair to join: an empty week is a gap, never 0 %
    assert chart.count("<circle") == 2
    xml.dom.minidom.parseString(svg.step_chart([("A", 1), ("B", 3)], title="plan"))
    xml.dom.minidom.parseString(svg.box_chart(1, 2, 3, lo=0, hi=4, title="s", label="m"))
