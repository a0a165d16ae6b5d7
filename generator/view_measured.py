"""Measured speeds and memory beside the planner's figures: the planner page's section, the side-by-side
pages' tables, and the "in practice" row under the planner's speed tables.

Each measurement is shown with its accelerator (and the nearest card it ran on, where that is not
Colab's), its model and format, its software and setup, the measured figure cited to its source,
the planner's figure for the same case (practice.measured_bound) and the share of it reached
(practice.measured_ratio). Speculative decoding gets a footnote saying why it may pass the bound.
"""

from __future__ import annotations

from decimal import Decimal

from generator import derived, planner, practice, words
from generator.model import Accelerator, Measurement, PlannerTask
from generator.text import Safe
from generator.view import View

GROUPS = ("decode_tokens_per_s", "batched_tokens_per_s", "prefill_tokens_per_s", "train_tokens_per_s", "peak_memory_gb")
"""The kinds of measurement, in the order the tables show them."""

GROUP_KEYS = {
    "decode_tokens_per_s": "decode",
    "batched_tokens_per_s": "batched",
    "prefill_tokens_per_s": "prefill",
    "train_tokens_per_s": "train",
    "peak_memory_gb": "memory",
}
"""Each kind's part of its catalog keys (measured.what_<key>, measured.intro_<key>)."""


SPEED_HEADS = ("measured_head", "bound_head", "share_head")
MEMORY_HEADS = ("memory_measured_head", "memory_need_head", "memory_ratio_head")
"""The heads of the last three columns (measured, the planner's figure, their ratio), per kind of table."""


def share(ratio: float) -> str:
    """A share of a bound in percent, to two significant digits: 72 / 4.7 (the % sign is the catalog's)."""
    return words.number(planner.significant(ratio * 100, 2))


class MeasuredCells(View):
    """Measurements as table rows, and the share of the bound they reach; for the planner and pair pages."""

    def measured_groups(self, rows: list[Accelerator] | None = None) -> list[dict[str, object]]:
        """The tables of measurements (one per kind, those with any), on the given rows or all of them:
        each with its heading, lead-in, column heads and rows of cells."""
        ids = None if rows is None else {row.id for row in rows}
        groups: list[dict[str, object]] = []
        for what in GROUPS:
            chosen = [m for m in self.facts.measurements if m.what == what and (ids is None or m.accelerator in ids)]
            if not chosen:
                continue
            key = GROUP_KEYS[what]
            heads = MEMORY_HEADS if what == "peak_memory_gb" else SPEED_HEADS
            groups.append(
                {
                    "key": key,
                    "heading": self.t(f"measured.what_{key}"),
                    "intro": self.t(f"measured.intro_{key}"),
                    "heads": [self.t(f"measured.{head}") for head in heads],
                    "rows": [self._cells(m) for m in chosen],
                }
            )
        return groups

    def _cells(self, m: Measurement) -> list[Safe]:
        """One measurement's cells: accelerator, model and format, software and setup, measured, planner, ratio."""
        row = practice.measured_row(self.facts, m)
        accelerator = self.acc_link(row)
        if m.nearest is not None:
            accelerator += self.cites.more([self.t("measured.nearest", card=self.name(m.nearest))])
        task = self.name(practice.measured_task(self.facts, m).name)
        size = self.t("measured.params", billions=words.number(practice.measured_billions(self.facts, m)), task=task)
        model = Safe("{}, {}").format(m.model, self.name(m.format)) + self.cites.more([size])
        setup = self._setup(m)
        lines = [setup] if setup else []
        if m.speculative:
            note = self.cites.footnote(self.t("measured.speculative_note"), "speculative-decoding")
            lines.append(self.t("measured.speculative") + note)
        software = Safe.escape(self.name(m.software)) + self.cites.more(lines)
        unit = "GB" if m.what == "peak_memory_gb" else "tokens/s"
        measured = Safe.escape(words.number(m.value) + ("" if m.unit == unit else f" {m.unit}"))
        measured += self.cites.mark(m.basis) + self.cite(m)
        bound = practice.measured_bound(self.facts, m)
        planned = Safe.escape(words.figure(bound))
        verdict = practice.measured_fit(self.facts, m)
        if verdict is not None and verdict != "fits":
            said = self.t("measured.verdict", verdict=self.words(f"planner.{verdict}_name"))
            planned += self.cites.more([said])
        ratio = practice.measured_ratio(self.facts, m)
        if ratio is None:
            shown = Safe.escape(words.DASH)
        elif m.what == "peak_memory_gb":
            shown = Safe.escape(words.ratio(Decimal(repr(ratio)))) + Safe("×")
        else:
            shown = self.t("measured.share", share=share(ratio))
        return [accelerator, model, software, measured, planned, shown]

    def _setup(self, m: Measurement) -> Safe:
        """The batch and the tokens per sequence, as far as the source gives them (empty if it gives neither)."""
        parts: list[Safe] = []
        if m.batch is not None:
            parts.append(self.t("measured.batch", batch=words.number(m.batch)))
        elif m.what == "batched_tokens_per_s":
            parts.append(self.t("measured.full_load"))
        context = m.context
        if context is not None:
            for name in ("prompt", "output", "tokens"):
                tokens = getattr(context, name)
                if tokens is not None:
                    parts.append(self.t(f"measured.{name}", tokens=words.number(tokens)))
        return Safe(", ").join(parts)

    def practice(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The share of the decoding bound reached in practice on a row for a task: measured there, or else
        the typical range of all measurements (practice.typical_decode_share); a dash where there is no bound."""
        shares = [
            ratio
            for m in practice.measured_on(self.facts, acc, task)
            if m.what == "decode_tokens_per_s" and not m.speculative
            if (ratio := practice.measured_ratio(self.facts, m)) is not None
        ]
        if shares:
            low, high = min(shares), max(shares)
            if share(low) == share(high):
                return self.t("measured.practice_measured_one", share=share(low))
            return self.t("measured.practice_measured", low=share(low), high=share(high))
        typical = practice.typical_decode_share(self.facts)
        assert self.facts.planner is not None
        bounded = any(derived.decode_bound(self.facts, task, b, acc) is not None for b in self.facts.planner.sizes)
        if typical is None or not bounded:
            return Safe.escape(words.DASH)
        return self.t("measured.practice_typical", low=share(typical[0]), high=share(typical[1]))

    def typical_sentence(self, key: str, **values: object) -> Safe:
        """A catalog sentence that names the typical range of the share of the decoding bound (empty if none)."""
        typical = practice.typical_decode_share(self.facts)
        if typical is None:
            return Safe()
        return self.t(key, low=share(typical[0]), high=share(typical[1]), **values)
