"""Draw horizontal bar charts as inline SVG at build time: no chart JavaScript, words in the page's language.

A chart is an <svg role="img"> named by its <title> and described by a <desc> that lists every value
and how it is known, so a screen reader gets the same data as the picture. Each bar and value carry
the mark of their basis (vendor, cloud, observed, derived). Colours come from the theme's CSS
variables (docs/assets/stylesheets/extra.css), so charts follow light and dark mode, and print.

Nothing may be drawn outside the chart, whatever the language or length of a label: the width of
every text is estimated here, on the safe side (see `text_width`), labels too long for the label
column wrap onto a second line, and the columns are as wide as their longest text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from generator.text import Safe, escape

WIDTH = 640
"""The chart's width in SVG units; it is scaled to the width of the page."""
FONT = 13
"""Text size in SVG units (extra.css sets the same)."""
ROW = 30
LINE = 15
"""Height of a row with a one-line label, and of each further line."""
LABEL_MAX = 210
"""The widest a label column may be before its labels wrap."""
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label, the number drawn (None if there is none) and the text shown."""

    label: str
    value: float | None
    shown: str
    basis: str = "vendor"
    mark: str = ""
    basis_name: str = ""
    kind: str = ""
    """"" for an accelerator, "option" for one of an accelerator's options, "retired" if Colab retired it."""
    note: str = ""
    """Words the description adds to the value, such as the kind spelled out."""


def char_width(char: str) -> float:
    """A generous estimate of a character's advance, in ems, in the sans-serif fonts of the site."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0  # Hangul and other full-width characters are one em wide
    if char == " ":
        return 0.3
    if char in "MWmw@%":
        return 0.95
    if char.isupper() or char.isdigit():
        return 0.7
    if char.islower():
        return 0.6
    return 0.45  # punctuation


def text_width(text: str, size: float = FONT) -> float:
    """A width no narrower than what a browser draws `text` at `size`, in SVG units."""
    return sum(char_width(c) for c in text) * size


def wrap(label: str, width: float) -> list[str]:
    """The label in lines no wider than `width` where its words allow (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and text_width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _described(bar: Bar, separator: str, aside: Callable[[str, str], str]) -> str:
    said = f"{bar.label}: {bar.shown}"
    extra = [words for words in (bar.basis_name, bar.note) if words]
    return aside(said, separator.join(extra)) if extra else said


def bar_chart(chart_id: str, title: str, bars: list[Bar], separator: str, aside: Callable[[str, str], str]) -> Safe:
    """Return an SVG chart as a single-line HTML block safe to embed in Markdown (every word escaped).

    aside(text, words) adds words to a text in the language's way: 16 GB (vendor figure), 16 GB(제조사 수치);
    a bar's basis and note share one parenthesis, so none opens inside or right after another."""
    known = [b.value for b in bars if b.value is not None]
    top = max(known) if known else 1.0
    labels = [wrap(b.label, LABEL_MAX) for b in bars]
    label_room = max(text_width(line) for lines in labels for line in lines) + GAP
    value_room = max(text_width(f"{b.shown} {b.mark}") for b in bars) + GAP * 2
    span = max(WIDTH - label_room - value_room, 120.0)
    width = label_room + span + value_room  # wider than WIDTH only if the texts need it
    heights = [ROW + LINE * (len(lines) - 1) for lines in labels]
    height = TOP * 2 + sum(heights)
    desc = separator.join(_described(b, separator, aside) for b in bars)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width:.0f} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    if any(b.kind == "option" for b in bars):
        parts.append(
            f'<defs><pattern id="{chart_id}-option" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect class="chart-bar" width="6" height="6"/>'
            '<rect class="chart-stripe" width="2" height="6"/></pattern></defs>'
        )
    y = TOP
    for bar, lines, row in zip(bars, labels, heights, strict=True):
        middle = y + row / 2
        first = middle - LINE * (len(lines) - 1) / 2
        tspans = "".join(
            f'<tspan x="{label_room - GAP:.0f}" y="{first + LINE * i:g}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        kind = f" chart-{bar.kind}" if bar.kind else ""
        parts.append(f'<text class="chart-label{kind}" text-anchor="end" dominant-baseline="central">{tspans}</text>')
        if bar.value is None:
            parts.append(
                f'<text class="chart-missing" x="{label_room:.0f}" y="{middle:g}" dominant-baseline="central">'
                f"{escape(bar.shown)}</text>"
            )
            y += row
            continue
        length = max(1.0, span * bar.value / top)
        fill = f' style="fill: url(#{chart_id}-option)"' if bar.kind == "option" else ""  # over the stylesheet
        parts.append(
            f'<rect class="chart-bar basis-{escape(bar.basis)}{kind}" x="{label_room:.0f}" '
            f'y="{middle - ROW / 2 + 5:g}" width="{length:.1f}" height="{ROW - 10}" rx="2"{fill}/>'
        )
        mark = f' <tspan class="chart-basis basis-{escape(bar.basis)}">{escape(bar.mark)}</tspan>' if bar.mark else ""
        parts.append(
            f'<text class="chart-value" x="{label_room + length + GAP:.1f}" y="{middle:g}" '
            f'dominant-baseline="central">{escape(bar.shown)}{mark}</text>'
        )
        y += row
    parts.append("</svg>")
    return Safe("".join(parts))  # every text in it went through escape()
