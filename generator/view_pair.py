"""A side-by-side page's view: two offered rows, their figures with ratios, and what differs most."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from generator import derived, words
from generator.links import pairs
from generator.model import Accelerator
from generator.text import Safe
from generator.view_planner import PlannerCells

Number = float | Decimal | None


class PairView(PlannerCells):
    """Two rows side by side (vs/a-vs-b): a table with b ÷ a, sentences on what differs most, planner figures."""

    wide = True

    @functools.cached_property
    def pair(self) -> tuple[Accelerator, Accelerator]:
        """The two rows this page compares."""
        return pairs(self.facts)[self.stem]

    @property
    def title(self) -> str:
        """The two rows' names, "A vs B", as plain words."""
        a, b = self.pair
        return self.words("pages.pair.title", a=self.name(a.name), b=self.name(b.name))

    @property
    def description(self) -> str:
        """One line for search engines, as plain words."""
        a, b = self.pair
        return self.words("pages.pair.description", a=self.name(a.name), b=self.name(b.name))

    def ratio(self, a: Number, b: Number) -> Safe:
        """b ÷ a as shown, or a dash where either is unknown (derived.ratio, words.ratio)."""
        return Safe.escape(words.ratio(derived.ratio(a, b)))

    def pair_figures(self, a: Accelerator, b: Accelerator) -> list[tuple[Safe, Safe, Safe, Safe]]:
        """The side-by-side table: (figure, a's cell, b's cell, b ÷ a where both are numbers)."""
        rows: list[tuple[Safe, Safe, Safe, Safe]] = []
        t, fact = self.t, self.fact

        def add(label: Safe, cells: list[Safe], numbers: tuple[Number, Number] | None = None) -> None:
            rows.append((label, cells[0], cells[1], self.ratio(*numbers) if numbers else Safe("")))

        both = (a, b)
        memory = [fact(r.memory.size, times=r.chip_count, unit="GB", compact=True) for r in both]
        add(t("pair.memory"), memory, (derived.total_memory_gb(a), derived.total_memory_gb(b)))
        add(t("pair.memory_type"), [fact(a.memory.type), fact(b.memory.type)])
        bandwidth = [fact(r.memory.bandwidth, unit="GB/s", compact=True) for r in both]
        add(t("pair.bandwidth"), bandwidth, (a.memory.bandwidth.number, b.memory.bandwidth.number))
        for prec in self.precisions:
            unit = "TOPS" if prec == "int8" else "TFLOPS"
            label = t("pair.peak", precision=t(f"precisions.{prec}"), unit=unit)
            peaks = [self.peak(r, prec, unit=unit, compact=True) for r in both]
            add(label, peaks, (derived.total_peak(a, prec), derived.total_peak(b, prec)))
        if any(r.power or derived.applies(r, "power") for r in both):  # unknown, or n/a for a CPU runtime
            power = [self.power(r, unit="W", compact=True) for r in both]
            add(t("pair.power"), power, (a.power.number if a.power else None, b.power.number if b.power else None))
        if any(derived.capability(r) or derived.applies(r, "compute_capability") for r in both):
            add(t("pair.capability"), [self.capability(r) for r in both])
        add(t("pair.plans"), [self.plan_names(r.colab.plans, short=True) for r in both])
        units = [fact(r.colab.compute_units) if r.colab.compute_units else self.unknown() for r in both]
        rates = [r.colab.compute_units.number if r.colab.compute_units else None for r in both]
        add(t("pair.compute_units"), units, (rates[0], rates[1]))
        costs = [derived.cost_per_hour(self.facts, r) for r in both]
        shown = [Safe.escape(words.money(c)) if c is not None else self.unknown() for c in costs]
        add(t("pair.per_hour"), shown, (costs[0], costs[1]))
        return rows

    def sixteen_bit(self, acc: Accelerator) -> Safe | None:
        """The precision a 16-bit task computes in on this row (BF16, or FP16 without it: derived.sixteen_bit)."""
        found = derived.sixteen_bit(acc)
        return self.t(f"precisions.{found}") if found else None

    def pair_unsupported(self, a: Accelerator, b: Accelerator) -> list[Safe]:
        """Why either row cannot run a planner task (PlannerCells.unsupported), a sentence per task and feature."""
        assert self.facts.planner is not None
        return [sentence for task in self.facts.planner.tasks for sentence in self.unsupported(task, (a, b))]

    def pair_summary(self, a: Accelerator, b: Accelerator) -> list[Safe]:
        """Sentences on what differs most: memory, bandwidth, the 16-bit peak and the cost of an hour.

        Each names the larger first ("L4 has 1.9× the … of T4"), or says the two are the same or
        about the same (derived.likeness); `more(big, small)` gives a sentence what else it names.
        """
        out: list[Safe] = []
        both = (a, b)
        More = Callable[[Accelerator, Accelerator], dict[str, object]]

        def compare(key: str, values: dict[str, Number], more: More = lambda big, small: {}) -> None:
            x, y = values[a.id], values[b.id]
            likeness = derived.likeness(x, y)
            if likeness is None:  # unknown (or zero): nothing to say
                return
            assert x is not None and y is not None
            big, small = (a, b) if x >= y else (b, a)
            extra = {"big": self.name(big.name), "small": self.name(small.name), **more(big, small)}
            if likeness == "more":
                out.append(self.t(f"pair.{key}_more", ratio=self.ratio(min(x, y), max(x, y)), **extra))
            else:  # "1.0×" would say nothing: say they are the same, or close
                out.append(self.t(f"pair.{key}_{likeness}", **extra))

        compare("memory", {r.id: derived.total_memory_gb(r) for r in both})
        compare("bandwidth", {r.id: r.memory.bandwidth.number for r in both})
        sixteen = {r.id: derived.sixteen_bit(r) for r in both}

        def precisions(big: Accelerator, small: Accelerator) -> dict[str, object]:
            names = [self.t(f"precisions.{sixteen[r.id]}") for r in (big, small)]
            same = names[0] == names[1]
            return {"precisions": names[0] if same else self.t("pair.precision_pair", big=names[0], small=names[1])}

        compare("peak", {r.id: derived.peak_tflops(r) for r in both}, precisions)
        costs = {r.id: derived.cost_per_hour(self.facts, r) for r in both}

        def money(big: Accelerator, small: Accelerator) -> dict[str, object]:
            shown = {r.id: words.money(c) for r in both if (c := costs[r.id]) is not None}
            return {"big_cost": shown.get(big.id), "small_cost": shown.get(small.id), "cost": shown.get(big.id)}

        compare("cost", dict(costs), money)
        out += [self.t("pair.free", name=self.name(r.name)) for r in both if "free" in r.colab.plans]
        return out
