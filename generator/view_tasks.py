"""Common tasks on the comparison page: each row's speed and cost for a few of the planner's tasks, the cheapest
and the fastest row that can run each marked (figures from derived.py, which takes them from memory.py and
planner.py; nothing is worked out here but which is least and which is most)."""

from __future__ import annotations

from dataclasses import dataclass

from generator import derived, words
from generator.model import Accelerator, Facts, PlannerTask
from generator.text import Safe
from generator.view import View

COMMON: tuple[tuple[str, float], ...] = (("infer-bf16", 8), ("infer-int4", 8), ("qlora", 8))
"""The tasks the comparison page marks: (planner task id, billions of parameters). Those the facts lack are left out."""


@dataclass(frozen=True)
class Marks:
    """The ids of the cheapest and the fastest rows Colab offers that fit a task (None where no row has a figure)."""

    cheapest: str | None
    fastest: str | None


def speed(facts: Facts, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
    """Tokens per second at the bound (derived.decode_bound) to infer, hours of the example run
    (derived.training_hours) to train; None where the row cannot run it or the figure is unknown."""
    if task.kind == "inference":
        return derived.decode_bound(facts, task, billions, acc)
    return derived.training_hours(facts, task, billions, acc)


def cost(facts: Facts, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
    """Dollars per million tokens (derived.per_million) to infer, per example run (derived.run_cost) to train."""
    if task.kind == "inference":
        return derived.per_million(facts, task, billions, acc)
    return derived.run_cost(facts, task, billions, acc)


def marks(facts: Facts, task: PlannerTask, billions: float) -> Marks:
    """The offered row (not retired) that fits with the lowest cost, and the one with the most tokens per second
    (or the fewest hours of training); the first in the facts' order on a tie."""
    costs = [(c, i) for i, a in enumerate(facts.offered) if (c := cost(facts, task, billions, a)) is not None]
    speeds = [(s, i) for i, a in enumerate(facts.offered) if (s := speed(facts, task, billions, a)) is not None]
    fastest = None
    if speeds:
        best = max(speeds, key=lambda p: (p[0], -p[1])) if task.kind == "inference" else min(speeds)
        fastest = facts.offered[best[1]].id
    return Marks(facts.offered[min(costs)[1]].id if costs else None, fastest)


class TaskCells(View):
    """The common tasks' table: a column per task, each cell the row's speed, cost and marks."""

    def common_tasks(self) -> list[tuple[PlannerTask, float, Marks]]:
        """The common tasks the facts' planner has, with the sizes and the marks (marks)."""
        if self.facts.planner is None:
            return []
        tasks = {task.id: task for task in self.facts.planner.tasks}
        return [(tasks[i], b, marks(self.facts, tasks[i], b)) for i, b in COMMON if i in tasks]

    def task_head(self, task: PlannerTask, billions: float) -> Safe:
        """A column heading: the task and the model's size."""
        unit = "compare.tasks_unit_" + ("speed" if task.kind == "inference" else "hours")
        return self.t("compare.tasks_column", task=self.name(task.name), size=words.number(billions), unit=self.t(unit))

    def task_cell(self, task: PlannerTask, billions: float, acc: Accelerator, found: Marks) -> Safe:
        """Speed (or hours) and cost of one row, with its marks; the planner's fit mark where it cannot run it."""
        fit = derived.fit(self.facts, task, billions, acc)
        if fit != "fits":
            if fit is None:
                return self.unknown()
            mark, name = self.t(f"planner.mark_{fit}"), self.words(f"planner.{fit}_name")
            return Safe('<span class="fit fit-{}" title="{}">{}</span>').format(fit, name, mark)
        fast, paid = speed(self.facts, task, billions, acc), cost(self.facts, task, billions, acc)
        shown = Safe.escape(words.figure(fast)) if fast is not None else self.unknown()
        badges = [
            Safe('<strong class="task-mark task-mark-{}">{}</strong>').format(kind, self.t(f"compare.mark_{kind}"))
            for kind, row in (("cheapest", found.cheapest), ("fastest", found.fastest))
            if row == acc.id
        ]
        lines = []
        if paid is not None:
            per = "per_million" if task.kind == "inference" else "per_run"
            lines.append(self.t(f"compare.tasks_{per}", cost=words.dollars(paid)))
        if badges:
            lines.append(Safe(" ").join(badges))
        return shown + self.cites.more(lines)
