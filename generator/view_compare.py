"""The comparison page's view: the wide tables, the bar charts and the table of derived figures."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from generator import charts, derived
from generator.model import NOT_SUPPORTED, Accelerator, Quantity
from generator.text import Safe
from generator.view_tasks import TaskCells
from generator.words import money, number, rounded


class CompareView(TaskCells):
    """Every row side by side, its charts, the figures derived from its facts and the common tasks."""

    wide = True

    @property
    def rows(self) -> list[Accelerator]:
        """Every row, in the facts' order, those Colab has retired last."""
        return sorted(self.facts.rows, key=lambda acc: acc.colab.status == "retired")

    def units_cell(self, acc: Accelerator) -> Safe:
        """Compute units per hour (cited), and under it dollars per hour (money_cell) and the hours each monthly
        plan's units buy (derived.plan_hours); unknown where the rate is."""
        rate = acc.colab.compute_units
        if rate is None:
            return self.unknown()
        lines = [self.money_cell(acc)] if derived.cost_per_hour(self.facts, acc) is not None else []
        for plan in self.facts.plans:
            hours = derived.plan_hours(self.facts, plan, acc)
            if hours is not None and plan.compute_units is not None:
                shown = self.t("compare.hours_on", plan=self.name(plan.short or plan.name), hours=number(round(hours)))
                lines.append(shown + self.cites.cite(plan.compute_units))
        return self.fact(rate, unit="CU/h", compact=True) + self.more(lines)

    def money_cell(self, acc: Accelerator) -> Safe:
        """US dollars per hour at the price per unit without a subscription (derived.cost_per_hour), citing the
        price and the units it buys; unknown where the rate is."""
        cost, price = derived.cost_per_hour(self.facts, acc), derived.unit_price(self.facts)
        if cost is None or price is None:
            return self.unknown()
        plan = price[1]
        cited = [self.cites.cite(fact) for fact in (plan.price, plan.compute_units) if fact is not None]
        return self.t("compare.cost_money", cost=money(cost)) + Safe("").join(dict.fromkeys(cited))

    def column_head(self, key: str) -> Safe:
        """A wide table's column heading, its unit in parentheses on a line of its own: "FP32" over "(TFLOPS)"."""
        words = self.words(key)
        cut = words.rfind("(")
        if cut <= 0:
            return Safe.escape(words)
        return Safe('{}<span class="unit">{}</span>').format(words[:cut].rstrip(), words[cut:])

    def more(self, lines: Sequence[Safe]) -> Safe:
        """Lines under a figure in a wide table, in smaller type."""
        return self.cites.more(lines)

    def unsupported(self) -> Safe:
        """The words for a mode the hardware lacks, marked up."""
        return self.cites.unsupported()

    def unknown_because(self, reason_key: str) -> Safe:
        """Unknown, with a footnote giving the catalog's reason."""
        return self.cites.unknown_because(reason_key)

    # derived figures (derived.py)

    def sixteen_bit(self, acc: Accelerator) -> str | None:
        """The 16-bit precision to compare on (derived.sixteen_bit)."""
        return derived.sixteen_bit(acc)

    def intensity(self, acc: Accelerator) -> Decimal | None:
        """FLOPs per byte at which the chip turns compute-bound (derived.intensity)."""
        return derived.intensity(acc)

    def per_watt(self, acc: Accelerator) -> Decimal | None:
        """Peak 16-bit dense TFLOPS per watt (derived.per_watt)."""
        return derived.per_watt(acc)

    def rounded(self, value: Decimal, places: int) -> str:
        """A derived figure rounded to so many decimal places."""
        return rounded(value, places)

    # charts

    def chart(self, kind: str) -> Safe:
        """A bar chart of one figure for every accelerator, as an inline SVG figure.

        Memory and peak compute are totals for the configuration (chips x per chip); bandwidth is per chip.
        """
        bars = []
        for acc in self.rows:
            fact: Quantity | None
            total: float | None
            if kind == "memory":
                fact, times, unit, total = acc.memory.size, acc.chip_count, "GB", derived.total_memory_gb(acc)
            elif kind == "bandwidth":
                fact, times, unit, total = acc.memory.bandwidth, 1, "GB/s", acc.memory.bandwidth.number
            else:
                fact, times, unit = acc.peak(kind, "dense"), acc.chip_count, "TFLOPS"
                total = derived.total_peak(acc, kind)
            bars.append(self._bar(acc, fact, total, times=times, unit=unit))
        title = self.words(f"charts.{kind}")
        svg = charts.bar_chart(
            f"chart-{kind}",
            title,
            bars,
            self.words("format.list_separator"),
            lambda said, extra: self.words("format.aside", text=said, aside=extra),
        )
        kinds = [k for k in ("option", "retired") if any(b.kind == k for b in bars)]
        legend = Safe("").join(Safe("<br>") + self.t(f"charts.legend_{k}") for k in kinds)
        return Safe('<figure class="chart-figure">{}<figcaption>{}{}</figcaption></figure>').format(svg, title, legend)

    def _bar(
        self, acc: Accelerator, fact: Quantity | None, total: float | None, *, times: int, unit: str
    ) -> charts.Bar:
        """One bar: the total drawn (from derived.py), the figure shown as the facts write it (chips x per chip)."""
        label = self.name(acc.name)
        kind = "retired" if acc.colab.status == "retired" else "option" if acc.how is not None else ""
        note = self.words(f"charts.{kind}") if kind else ""
        if fact is None or fact.number is None:
            word = "values.not_supported" if fact is not None and fact.value == NOT_SUPPORTED else "values.unknown"
            return charts.Bar(label, None, self.words(word), kind=kind, note=note)
        assert total is not None
        shown = number(total) if unit == "GB" else number(fact.number, times)
        basis = fact.basis or "vendor"
        mark, name = self.words(f"basis.{basis}.mark"), self.words(f"basis.{basis}.name")
        return charts.Bar(label, total, f"{shown} {unit}", basis, mark, name, kind=kind, note=note)
