"""Hand-written inline SVG charts (no dependency, no network, deterministic output).

All text passes through :func:`html.escape`; numbers are formatted with fixed precision so the
same data gives byte-identical SVG.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#c53030", "#2c7a7b", "#97266d",
           "#4a5568", "#744210")


def _f(x: float) -> str:
    return f"{x:.1f}"


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def bar_chart(
    items: Sequence[tuple[str, float, str]],
    *,
    title: str,
    width: int = 640,
    max_value: float | None = None,
    color: str = PALETTE[0],
) -> str:
    """Horizontal bars: (label, value, annotation shown right of the bar)."""
    row, top, left, right = 22, 28, 170, 170
    height = top + row * max(1, len(items)) + 10
    vmax = max_value if max_value is not None else max((v for _, v, _ in items), default=0.0)
    vmax = vmax if vmax > 0 else 1.0
    span = width - left - right
    out = _open(width, height, title)
    out.append(f'<text x="8" y="18" font-weight="600">{escape(title)}</text>')
    for i, (label, value, note) in enumerate(items):
        y = top + i * row
        w = max(0.0, min(1.0, value / vmax)) * span
        lab = label if len(label) <= 26 else label[:25] + "…"
        out.append(f'<text x="{left - 6}" y="{_f(y + 14)}" text-anchor="end">{escape(lab)}</text>')
        out.append(f'<rect x="{left}" y="{_f(y + 3)}" width="{_f(w)}" height="{row - 6}" fill="{color}" rx="2"/>')
        out.append(f'<text x="{_f(left + w + 6)}" y="{_f(y + 14)}" fill="#333">{escape(note)}</text>')
    if not items:
        out.append(f'<text x="{left}" y="{top + 14}" fill="#666">no data</text>')
    out.append("</svg>")
    return "\n".join(out)


CHAR_PX = 7.0  # a generous average width of a 12 px sans-serif character


def label_lines(label: str, slot: float, *, max_lines: int = 2) -> list[str]:
    """``label`` in at most ``max_lines`` lines that each fit ``slot`` pixels (with a margin),
    broken at spaces, the last shortened with "…" when the words do not fit: x-axis labels of
    neighbouring slots never overlap."""
    fit = max(3, int(slot * 0.92 / CHAR_PX))
    lines: list[str] = []
    words = label.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= fit:
            line += " " + words.pop(0)
        lines.append(line)
    if words:  # more than fits: the last line ends in "…"
        lines[-1] = (lines[-1] + " " + " ".join(words))
    return [ln if len(ln) <= fit else ln[: fit - 1].rstrip() + "…" for ln in lines]


def step_chart(steps: Sequence[tuple[str, float]], *, title: str, width: int = 640,
               fmt: Callable[[float], str] = lambda v: f"{v:g}") -> str:
    """A value after each learning step (bars labelled with the skill), e.g. coverage."""
    height, top, bottom, left = 230, 30, 58, 40  # room for two lines of x labels
    n = max(1, len(steps))
    vmax = max((v for _, v in steps), default=0) or 1
    slot = (width - left - 20) / n
    out = _open(width, height, title)
    out.append(f'<text x="8" y="18" font-weight="600">{escape(title)}</text>')
    base = height - bottom
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>')
    for i, (label, v) in enumerate(steps):
        h = (v / vmax) * (base - top - 14)
        x = left + i * slot + slot * 0.15
        out.append(f'<rect x="{_f(x)}" y="{_f(base - h)}" width="{_f(slot * 0.7)}" height="{_f(h)}" fill="{PALETTE[2]}" rx="2"/>')
        out.append(f'<text x="{_f(x + slot * 0.35)}" y="{_f(base - h - 4)}" text-anchor="middle">{escape(fmt(v))}</text>')
        cx = x + slot * 0.35
        spans = "".join(f'<tspan x="{_f(cx)}" dy="{0 if j == 0 else 14}">{escape(line)}</tspan>'
                        for j, line in enumerate(label_lines(f"{i}. {label}", slot)))
        out.append(f'<text x="{_f(cx)}" y="{base + 16}" text-anchor="middle">{spans}</text>')
    if not steps:
        out.append(f'<text x="{left}" y="{top + 20}" fill="#666">no step unlocks a posting</text>')
    out.append("</svg>")
    return "\n".join(out)


def box_chart(p25: float, p50: float, p75: float, *, lo: float, hi: float, title: str, label: str, width: int = 640) -> str:
    """One box from P25 to P75 with the median marked, on an axis from ``lo`` to ``hi``."""
    height, left, right = 90, 30, 30
    span = width - left - right
    rng = (hi - lo) or 1.0
    x = lambda v: left + (v - lo) / rng * span  # noqa: E731
    out = _open(width, height, title)
    out.append(f'<text x="8" y="18" font-weight="600">{escape(title)}</text>')
    out.append(f'<line x1="{left}" y1="50" x2="{width - right}" y2="50" stroke="#bbb"/>')
    out.append(f'<rect x="{_f(x(p25))}" y="36" width="{_f(x(p75) - x(p25))}" height="28" fill="#bee3f8" stroke="{PALETTE[0]}"/>')
    out.append(f'<line x1="{_f(x(p50))}" y1="32" x2="{_f(x(p50))}" y2="68" stroke="{PALETTE[1]}" stroke-width="3"/>')
    out.append(f'<text x="{_f(x(p50))}" y="82" text-anchor="middle">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class Line:
    """One series; ``None`` marks a week without postings (drawn as a gap, never as 0 %)."""

    label: str
    values: Sequence[float | None]
    lows: Sequence[float | None]
    highs: Sequence[float | None]


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Index runs of consecutive non-missing values."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        runs.append(cur)
    return runs


def line_chart(
    x_labels: Sequence[str],
    lines: Sequence[Line],
    *,
    title: str,
    small: Sequence[bool] = (),
    width: int = 760,
    height: int = 320,
) -> str:
    """Weekly shares with 95 % interval bands; small weeks get a hatched background and a mark."""
    top, bottom, left, right = 30, 50, 48, 170
    pw, ph = width - left - right, height - top - bottom
    n = len(x_labels)
    vmax = max([h for ln in lines for h in ln.highs if h is not None] + [0.05])
    vmax = min(1.0, vmax * 1.1)
    x = lambda i: left + (pw * (i / (n - 1)) if n > 1 else pw / 2)  # noqa: E731
    y = lambda v: top + ph - (v / vmax) * ph  # noqa: E731
    out = _open(width, height, title)
    out.append(f'<text x="8" y="18" font-weight="600">{escape(title)}</text>')
    for i, is_small in enumerate(small):
        if is_small:
            w = pw / max(1, n - 1) if n > 1 else pw
            x0, x1 = max(left, x(i) - w / 2), min(left + pw, x(i) + w / 2)
            out.append(f'<rect x="{_f(x0)}" y="{top}" width="{_f(x1 - x0)}" height="{ph}" fill="#f2f2f2"/>')
    for k in range(5):
        v = vmax * k / 4
        out.append(f'<line x1="{left}" y1="{_f(y(v))}" x2="{left + pw}" y2="{_f(y(v))}" stroke="#e2e2e2"/>')
        out.append(f'<text x="{left - 4}" y="{_f(y(v) + 4)}" text-anchor="end" fill="#555">{v * 100:.0f}%</text>')
    step = max(1, (n + 7) // 8)
    for i, lab in enumerate(x_labels):
        if i % step == 0 or i == n - 1:
            mark = "*" if i < len(small) and small[i] else ""
            out.append(f'<text x="{_f(x(i))}" y="{top + ph + 16}" text-anchor="middle" fill="#555">{escape(lab)}{mark}</text>')
    for j, ln in enumerate(lines):
        c = PALETTE[j % len(PALETTE)]
        for run in _runs(ln.values):
            if len(run) < 2:
                continue
            band = [f"{_f(x(i))},{_f(y(ln.highs[i] or 0.0))}" for i in run] + [
                f"{_f(x(i))},{_f(y(ln.lows[i] or 0.0))}" for i in reversed(run)
            ]
            out.append(f'<polygon points="{" ".join(band)}" fill="{c}" fill-opacity="0.12" stroke="none"/>')
            pts = " ".join(f"{_f(x(i))},{_f(y(ln.values[i]))}" for i in run)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"/>')
        for i, value in enumerate(ln.values):
            if value is not None:
                out.append(f'<circle cx="{_f(x(i))}" cy="{_f(y(value))}" r="2.5" fill="{c}"/>')
        ly = top + 12 + j * 18
        out.append(f'<rect x="{left + pw + 12}" y="{ly - 9}" width="10" height="10" fill="{c}"/>')
        lab = ln.label if len(ln.label) <= 20 else ln.label[:19] + "…"
        out.append(f'<text x="{left + pw + 26}" y="{ly}">{escape(lab)}</text>')
    if any(small):
        out.append(f'<text x="{left}" y="{height - 8}" fill="#555">* grey weeks: fewer than 10 postings (small sample); '
                   'no point: no postings that week</text>')
    out.append("</svg>")
    return "\n".join(out)
