"""The planner page's memory, part by part (figures from memory.py through derived.py).

`MemoryTables` writes the breakdown of one answer (under the form: planner.js draws the same rows), the
table of every task's parts for the form's model, the weight formats with their bits per weight, and what
training keeps per model (adapters, activations with and without gradient checkpointing).
"""

from __future__ import annotations

from generator import derived, memory, words
from generator.memory import Case, Parts
from generator.model import ModelShape, PlannerTask
from generator.text import Safe
from generator.view_measured import MeasuredCells


class MemoryTables(MeasuredCells):
    """The memory a case needs, part by part, as table rows in a page's words."""

    def applies(self, task: PlannerTask, part: str) -> bool:
        """Whether a part of the memory applies to a task (memory.applies)."""
        assert self.facts.planner is not None
        return memory.applies(self.facts.planner, task, part)

    def part_figures(self, task: PlannerTask, parts: Parts) -> list[Safe]:
        """Each part's GB to three significant digits (a dash where it does not apply), then the total."""
        shown = [
            Safe.escape(words.figure(getattr(parts, part) if self.applies(task, part) else None))
            for part in memory.PARTS
        ]
        return [*shown, Safe.escape(words.figure(parts.total))]

    def part_cells(self, task: PlannerTask, parts: Parts) -> list[dict[str, Safe]]:
        """The breakdown under the form: a row per part, and the total (the script draws the same)."""
        names = [self.t(f"planner.part_{part}") for part in memory.PARTS] + [self.t("planner.part_total")]
        return [{"name": name, "gb": gb} for name, gb in zip(names, self.part_figures(task, parts), strict=True)]

    def example(self) -> tuple[ModelShape | None, int]:
        """The model and the tokens per sequence of the memory tables: the form's model and first context."""
        assert self.facts.planner is not None
        plan = self.facts.planner
        shape = next((m for m in plan.models if m.id == plan.form_model), plan.models[0] if plan.models else None)
        return shape, memory.training_context(plan, Case())

    def memory_rows(self) -> list[list[Safe]]:
        """For each task, the parts the example model needs (example): inference with the KV cache of one sequence
        of the example's tokens, training on one sequence of that many."""
        assert self.facts.planner is not None
        shape, tokens = self.example()
        if shape is None:
            return []
        rows = []
        for task in self.facts.planner.tasks:
            parts = derived.breakdown(self.facts, task, shape.billions, Case(shape=shape, context=tokens))
            link = Safe('<a href="#{}">{}</a>').format(task.id, self.name(task.name))  # to the task's fit table
            rows.append([link, *self.part_figures(task, parts)])
        return rows

    def training_rows(self) -> list[list[Safe]]:
        """For each model on file: its LoRA adapters (millions of parameters) and its activations without and with
        gradient checkpointing, for one sequence of the example's tokens (GB)."""
        assert self.facts.planner is not None
        plan = self.facts.planner
        _, tokens = self.example()
        if plan.activations is None or plan.checkpointed is None:
            return []
        rows = []
        for m in plan.models:
            adapters = None
            if plan.lora is not None:
                kv_dim = m.kv_heads * m.head_dim
                adapters = memory.adapter_billions(m.layers, m.hidden, kv_dim, m.ffn, plan.lora.rank, plan.lora.targets)
            full, kept = (
                memory.activations_gb(m.layers, m.hidden, tokens, 1, per.number or 0)
                for per in (plan.activations, plan.checkpointed)
            )
            rows.append(
                [
                    Safe.escape(m.name) + self.cite(m),
                    Safe.escape(words.figure(adapters * 1000 if adapters is not None else None)),
                    Safe.escape(words.figure(full)),
                    Safe.escape(words.figure(kept)),
                ]
            )
        return rows

    def format_rows(self) -> list[list[Safe]]:
        """Each weight format: its name, bits per weight (cited) and what it keeps in 16 bits (cited, or a dash)."""
        assert self.facts.planner is not None
        rows = []
        for f in self.facts.planner.formats:
            kept = Safe.escape(words.DASH)
            if f.keeps_16_bit is not None:
                kept = self.prose(f.keeps_16_bit.text) + self.cite(f.keeps_16_bit)
            rows.append([Safe.escape(self.name(f.name)), self.fact(f.bits), kept])
        return rows

    def format_name(self, task: PlannerTask) -> str:
        """The name of the format the task holds its weights in."""
        assert self.facts.planner is not None
        return self.name(memory.weight_format(self.facts.planner, task).name)

    def optimizer_name(self, task: PlannerTask) -> str:
        """The name of the optimizer a training task keeps the states of."""
        assert self.facts.planner is not None
        return next(self.name(o.name) for o in self.facts.planner.optimizers if o.id == task.optimizer)

    def reserve_sentence(self) -> Safe:
        """What a GPU holds before the model, with its source: the fit compares the need with the rest."""
        assert self.facts.planner is not None
        reserve = self.facts.planner.reserve
        if reserve is None:
            return Safe()
        gb = memory.gigabytes(reserve)
        return self.t("planner.reserve_sentence", reserve=self.fact(reserve), gb=words.figure(gb))
