"""The HTML plan chart's x labels never overlap: each line fits its step's slot."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from skillgap.analysis.svg import CHAR_PX, label_lines, step_chart

NS = "{http://www.w3.org/2000/svg}"


def test_plan_chart_x_labels_fit_their_slots():
    steps = [("now", 0.4), ("Amazon Web Services (AWS)", 0.5), ("model deployment", 0.55),
             ("natural language processing", 0.6), ("scikit-learn", 0.62), ("Docker", 0.63)]
    root = ET.fromstring(step_chart(steps, title="Coverage after each step"))
    labels = [t for t in root.iter(f"{NS}text") if list(t.iter(f"{NS}tspan"))]
    assert len(labels) == len(steps)
    centres = [float(t.get("x")) for t in labels]
    slot = centres[1] - centres[0]
    for t, c in zip(labels, centres, strict=True):
        for span in t.iter(f"{NS}tspan"):
            half = len(span.text) * CHAR_PX / 2
            assert c - half > c - slot / 2 and c + half < c + slot / 2, span.text  # inside its own slot
    words = " ".join(s.text for t in labels for s in t.iter(f"{NS}tspan"))
    assert "Docker" in words and "model" in words and "deployment" in words


def test_label_lines_break_at_spaces_and_shorten_only_what_does_not_fit():
    assert label_lines("1. PyTorch", 100) == ["1. PyTorch"]
    assert label_lines("2. model deployment", 100) == ["2. model", "deployment"]
    lines = label_lines("3. a very long skill name that keeps going", 100)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) * CHAR_PX <= 100 for line in lines)
