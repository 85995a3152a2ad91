"""Render the HTML report in a real headless Chromium: it parses, shows the tables and charts,
runs no script from posting text, and needs no network."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from skillgap.analysis.api import report_command
from tests.factories import P, make_db

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (CI installs it)"),
]

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile_dir = tmp_path / "chrome-profile"
    profile_dir.mkdir(exist_ok=True)
    cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile_dir}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    finally:
        shutil.rmtree(profile_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    posts = [
        P(title=f"ML Engineer {i}", company=f"Company {i}", posted_at=f"2026-11-{1 + i:02d}",
          skills={"Python": "required", "PyTorch": "required" if i % 2 else "preferred", "Docker": "required"},
          salary=(100000 + 2000 * i, 140000 + 2000 * i, "USD", "year"))
        for i in range(12)
    ]
    posts.append(P(title='<script>document.title="PWNED"</script>Hacker', company="<b>Evil</b>",
                   skills={"Python": "required", "SQL": "required"}))
    db = make_db(tmp, posts)
    me = tmp / "me.yaml"
    me.write_text("skills: [Python]\n")
    out = tmp / "report.html"
    assert report_command(profile=me, db=db, fmt="html", out=out) == 0
    return out


def test_chromium_renders_the_report_dom(tmp_path, report_html):
    result = chromium(tmp_path, "--dump-dom", report_html.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<title>skillgap gap report</title>" in dom  # the injected script did not run
    assert "PWNED" not in dom.split("<body", 1)[0]
    assert dom.count("<script") == 0
    assert 'id="gaps-table"' in dom and 'id="matches-table"' in dom and "<svg" in dom
    assert "&lt;script&gt;document.title" in dom
    assert "<b>Evil</b>" not in dom and "&lt;b&gt;Evil&lt;/b&gt;" in dom
    assert "PyTorch" in dom and "Docker" in dom


def test_chromium_screenshot_is_a_png(tmp_path, report_html):
    shot = tmp_path / "shot.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", report_html.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
