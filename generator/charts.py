"""Draw horizontal bar charts as inline SVG at build time: no chart JavaScript, words in the page's language.

A chart is an <svg role="img"> named by its <title> and described by a <desc> that lists every value
and how it is known, so a screen reader gets the same data as the picture. Each bar and value carry
the mark of their basis (vendor, cloud, observed, derived). Colours come from the theme's CSS
variables (docs/assets/stylesheets/extra.css), so charts follow light and dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.text import Safe, escape

WIDTH = 720
ROW = 30
LABEL = 190
VALUE_ROOM = 150
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


def bar_chart(chart_id: str, title: str, bars: list[Bar], separator: str) -> Safe:
    """Return an SVG chart as a single-line HTML block safe to embed in Markdown (every word escaped)."""
    known = [b.value for b in bars if b.value is not None]
    top = max(known) if known else 1.0
    span = WIDTH - LABEL - VALUE_ROOM
    height = TOP * 2 + ROW * len(bars)
    desc = separator.join(f"{b.label}: {b.shown}" + (f" ({b.basis_name})" if b.basis_name else "") for b in bars)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        middle = y + ROW / 2
        parts.append(
            f'<text class="chart-label" x="{LABEL - 10}" y="{middle:g}" text-anchor="end" '
            f'dominant-baseline="central">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text class="chart-missing" x="{LABEL}" y="{middle:g}" dominant-baseline="central">'
                f"{escape(bar.shown)}</text>"
            )
            continue
        length = max(1.0, span * bar.value / top)
        parts.append(
            f'<rect class="chart-bar basis-{escape(bar.basis)}" x="{LABEL}" y="{y + 5}" width="{length:.1f}" '
            f'height="{ROW - 10}" rx="2"/>'
        )
        mark = f' <tspan class="chart-basis basis-{escape(bar.basis)}">{escape(bar.mark)}</tspan>' if bar.mark else ""
        parts.append(
            f'<text class="chart-value" x="{LABEL + length + 8:.1f}" y="{middle:g}" '
            f'dominant-baseline="central">{escape(bar.shown)}{mark}</text>'
        )
    parts.append("</svg>")
    return Safe("".join(parts))  # every text in it went through escape()
