"""The home page's questions: the cases readers bring, each answered from the planner's own figures.

Each question is a case of the planner (a task, a model, a size and a context) chosen from the facts,
never written down: the model is the one the planner's form opens with (planner.form_model), and

- run: the form's task (planner.form_task) on that model, with the planner's first context: which
  offered accelerators it fits (derived.fit) and what it needs (derived.need_gb);
- tune: the cheapest fine-tuning of that model, the adapter task (trains: adapters) that needs the
  least memory (QLoRA): the cheapest run of the example training (derived.run_cost), and the free
  plan's accelerators it fits;
- scratch: training every weight, the full-training task that needs the least memory: where that
  model fits, or else the largest of the planner's sizes that fits any offered accelerator
  (derived.largest_fit) and where;
- cheapest: the run case on the accelerator with the lowest price per million tokens
  (derived.per_million) and its decoding bound (derived.decode_bound);
- free: what each accelerator of the free plan (billing: free) runs and fine-tunes, the largest of the
  planner's sizes for the run task and the tune task (derived.largest_fit).

Each carries the planner's address for its case (`query`): the form reads it on load
(docs/assets/javascripts/planner.js) and shows that case's answer. tests/test_home.py checks that the
home page says what these functions compute, and that each link opens the planner on its case.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from generator import derived
from generator.memory import Case
from generator.model import Accelerator, Facts, ModelShape, PlannerTask


@dataclass(frozen=True)
class Question:
    """One question of the home page: its case in the planner, and what the planner answers."""

    key: str
    """run, tune, scratch, cheapest or free (the catalog's home.<key>_question and its answers)."""
    answer: str
    """Which of the question's sentences answers it (the catalog's home.<key>_<answer>)."""
    task: PlannerTask
    billions: float
    shape: ModelShape | None
    context: int
    values: dict[str, object] = field(default_factory=dict)
    """What the answer's sentence names: accelerators, sizes, GB, dollars, hours."""
    asked: ModelShape | None = None
    """The model the question names (the form's model; the case may be a smaller size)."""

    @property
    def query(self) -> str:
        """The planner's address for this case: the form's fields, as planner.js reads them."""
        fields = {
            "task": self.task.id,
            "model": self.shape.id if self.shape else "",
            "billions": _plain(self.billions),
            "context": str(self.context),
        }
        return "?" + urlencode(fields)


def _plain(value: float) -> str:
    """A number as the form's field holds it: 8, not 8.0."""
    return str(int(value)) if value == int(value) else repr(value)


def questions(facts: Facts) -> list[Question]:
    """The home page's questions, in order; none without a planner, its form's model or its tasks."""
    plan = facts.planner
    if plan is None or not plan.models or not plan.contexts:
        return []
    shape = next((m for m in plan.models if m.id == plan.form_model), plan.models[0])
    run = next((t for t in plan.tasks if t.id == plan.form_task), plan.tasks[0])
    context = plan.contexts[0]
    found = [_run(facts, run, shape, context), _cheapest(facts, run, shape, context)]
    tune = _least(facts, [t for t in plan.tasks if t.trains == "adapters"], shape, context)
    scratch = _least(facts, [t for t in plan.tasks if t.trains == "all"], shape, context)
    if tune is not None:
        found.insert(1, _tune(facts, tune, shape, context))
    if scratch is not None:
        found.insert(2 if tune is not None else 1, _scratch(facts, scratch, shape, context))
    if tune is not None and (free := _free(facts, run, tune, context)) is not None:
        found.append(free)
    return [replace(q, asked=shape) for q in found]


def _case(task: PlannerTask, shape: ModelShape | None, context: int) -> Case:
    """The planner form's case (view_planner.planner_opening): a model's KV cache at the context for inference;
    for training, the model (or the nearest) on sequences of the context."""
    if task.kind == "inference" and shape is None:
        return Case()
    return Case(shape=shape, context=context)


def _least(facts: Facts, tasks: list[PlannerTask], shape: ModelShape, context: int) -> PlannerTask | None:
    """Of these tasks, the one that needs the least memory for the model (the first of equals)."""
    if not tasks:
        return None
    return min(tasks, key=lambda t: derived.need_gb(facts, t, shape.billions, _case(t, shape, context)))


def _fitting(facts: Facts, task: PlannerTask, billions: float, case: Case) -> list[Accelerator]:
    return [acc for acc in facts.offered if derived.fit(facts, task, billions, acc, case) == "fits"]


def _free(facts: Facts, run: PlannerTask, tune: PlannerTask, context: int) -> Question | None:
    """What each accelerator of the free plan runs and fine-tunes (the largest of the planner's sizes); the
    link opens the largest fine-tuning one of them runs (else the largest model one of them runs)."""
    free_plans = {p.id for p in facts.plans if p.billing == "free"}
    if not free_plans:
        return None
    rows = [acc for acc in facts.offered if free_plans & set(acc.colab.plans)]
    able = [(acc, derived.largest_fit(facts, run, acc), derived.largest_fit(facts, tune, acc)) for acc in rows]
    able = [(acc, ran, tuned) for acc, ran, tuned in able if ran is not None or tuned is not None]
    if not able:
        return Question("free", "none", run, 1.0, None, context)
    values: dict[str, object] = {"rows": able, "run_task": run, "tune_task": tune}
    tuned = [size for _, _, size in able if size is not None]
    if tuned:
        return Question("free", "answer", tune, max(tuned), None, context, values)
    return Question("free", "answer", run, max(ran for _, ran, _ in able if ran is not None), None, context, values)


def _run(facts: Facts, task: PlannerTask, shape: ModelShape, context: int) -> Question:
    case = _case(task, shape, context)
    fits = _fitting(facts, task, shape.billions, case)
    values = {"need": derived.need_gb(facts, task, shape.billions, case), "fits": fits}
    return Question("run", "answer" if fits else "none", task, shape.billions, shape, context, values)


def _cheapest(facts: Facts, task: PlannerTask, shape: ModelShape, context: int) -> Question:
    case = _case(task, shape, context)
    priced = [
        (cost, acc)
        for acc in _fitting(facts, task, shape.billions, case)
        if (cost := derived.per_million(facts, task, shape.billions, acc, case)) is not None
    ]
    if not priced:
        return Question("cheapest", "none", task, shape.billions, shape, context)
    cost, acc = min(priced, key=lambda found: found[0])
    speed = derived.decode_bound(facts, task, shape.billions, acc, case)
    values = {"accelerator": acc, "dollars": cost, "speed": speed, "hourly": derived.hourly(facts, acc)}
    return Question("cheapest", "answer", task, shape.billions, shape, context, values)


def _cheapest_run(facts: Facts, task: PlannerTask, billions: float, case: Case) -> dict[str, object] | None:
    """The fitting accelerator whose example training run costs least, with its cost and hours."""
    priced = [
        (cost, acc)
        for acc in _fitting(facts, task, billions, case)
        if (cost := derived.run_cost(facts, task, billions, acc, case=case)) is not None
    ]
    if not priced:
        return None
    cost, acc = min(priced, key=lambda found: found[0])
    hours = derived.training_hours(facts, task, billions, acc, case=case)
    return {"accelerator": acc, "dollars": cost, "hours": hours}


def _tune(facts: Facts, task: PlannerTask, shape: ModelShape, context: int) -> Question:
    case = _case(task, shape, context)
    cheapest = _cheapest_run(facts, task, shape.billions, case)
    if cheapest is None:
        return Question("tune", "none", task, shape.billions, shape, context)
    values = {**cheapest, "need": derived.need_gb(facts, task, shape.billions, case)}
    return Question("tune", "answer", task, shape.billions, shape, context, values)


def _scratch(facts: Facts, task: PlannerTask, shape: ModelShape, context: int) -> Question:
    case = _case(task, shape, context)
    cheapest = _cheapest_run(facts, task, shape.billions, case)
    need = derived.need_gb(facts, task, shape.billions, case)
    if cheapest is not None:
        return Question("scratch", "answer", task, shape.billions, shape, context, {**cheapest, "need": need})
    largest = [size for acc in facts.offered if (size := derived.largest_fit(facts, task, acc)) is not None]
    if not largest:
        return Question("scratch", "none", task, shape.billions, shape, context, {"need": need})
    size = max(largest)
    cheapest = _cheapest_run(facts, task, size, _case(task, None, context))
    if cheapest is None:  # fits, but no accelerator it fits has a price or a peak
        return Question("scratch", "none", task, shape.billions, shape, context, {"need": need})
    values = {**cheapest, "need": need, "largest": size}
    return Question("scratch", "largest", task, size, None, context, values)
