"""The planner page's view: will a model fit, how fast, at what cost (figures from derived.py).

`PlannerCells` writes the planner's figures in a page's words, and the measurements beside them
(view_measured.py); the side-by-side pages show a few of them too (view_pair.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator import answers, derived, memory, planner, words
from generator.memory import Case
from generator.model import Accelerator, Facts, Feature, ModelShape, Planner, PlannerTask, RunsOn
from generator.planner_data import lack_id
from generator.text import Safe
from generator.view_measured import MeasuredCells
from generator.view_memory import MemoryTables


def _plan(facts: Facts) -> Planner:
    assert facts.planner is not None, "the facts have no planner section"
    return facts.planner


class PlannerCells(MeasuredCells):
    """The planner's figures as table cells: three significant digits, a dash where one does not apply."""

    def figure(self, value: float | None) -> Safe:
        """A planner figure to three significant digits, or a dash where it does not apply."""
        return Safe.escape(words.figure(value))

    def decode_bound(
        self, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
    ) -> float | None:
        """Upper bound on tokens per second (derived.decode_bound)."""
        return derived.decode_bound(self.facts, task, billions, acc, case)

    def largest_fit(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The largest of the planner's sizes that fits the accelerator's memory for a task; 'not supported'
        where the accelerator lacks what the task needs (the reason: unsupported)."""
        if derived.support(self.facts, task, acc) is not None:
            return self.t("planner.unsupported_short")
        largest = derived.largest_fit(self.facts, task, acc)
        return Safe.escape(f"{words.number(largest)}B") if largest is not None else self.t("planner.none_fits")

    def unsupported(self, task: PlannerTask, rows: Sequence[Accelerator]) -> list[Safe]:
        """Why the task cannot run on those of these rows that lack what it needs (derived.support): a sentence
        per feature lacked (or for the kinds its software runs on), naming the rows; none if every row can run it."""
        lacking: dict[str, tuple[Feature | RunsOn, list[str]]] = {}
        for acc in rows:
            lack = derived.support(self.facts, task, acc)
            if lack is not None:
                lacking.setdefault(str(lack_id(lack)), (lack, []))[1].append(self.name(acc.name))
        return [self.lacks(task, lack, names) for lack, names in lacking.values()]

    def sentences(self, said: Sequence[Safe]) -> Safe:
        """Sentences one after another, as running text."""
        return Safe(" ").join(said)

    def lacks(self, task: PlannerTask, lack: Feature | RunsOn, names: Sequence[str]) -> Safe:
        """The sentence saying that these accelerators cannot run a task: for want of a feature, or as its software
        runs on other kinds of accelerator."""
        if isinstance(lack, RunsOn):
            kinds = self.say.join([self.words(f"kinds.{kind}") for kind in lack.kinds])
            return self.t(
                "planner.unsupported_kind", task=self.name(task.name), kinds=kinds, names=self.say.join(names)
            )
        return self.t(
            "planner.unsupported",
            task=self.name(task.name),
            feature=self.name(lack.name),
            min=lack.min_capability,
            names=self.say.join(names),
        )

    def precision_name(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The precision the task computes in on this row (BF16, FP16, FP32: derived.precision), a dash where
        it cannot run there, or unknown."""
        if derived.support(self.facts, task, acc) is not None:
            return Safe.escape(words.DASH)
        found = derived.precision(task, acc)
        return self.t(f"precisions.{found}") if found else self.t("values.unknown")


class PlannerView(PlannerCells, MemoryTables):
    """The planner: its form, and tables of its answers for the planner's sizes and every offered row."""

    def site_file(self, path: str) -> str:
        """The URL of a file at the site's root relative to this page as built (for raw HTML)."""
        return self.links.site_file(path)

    def dollars(self, value: float | None) -> Safe:
        """Dollars to three significant digits, or a dash."""
        return Safe.escape(words.dollars(value))

    def need_gb(self, task: PlannerTask, billions: float) -> float:
        """Memory a model needs for a task in the tables' case, in GB (derived.need_gb)."""
        return derived.need_gb(self.facts, task, billions)

    def fit_mark(self, task: PlannerTask, billions: float, acc: Accelerator) -> Safe:
        """✓, host, ✗ or ⊘ (not supported) for a model on an accelerator, with its meaning as a tooltip; unknown
        where memory is."""
        found = derived.fit(self.facts, task, billions, acc)
        if found is None:
            return self.unknown()
        mark, name = self.t(f"planner.mark_{found}"), self.words(f"planner.{found}_name")
        return Safe('<span class="fit fit-{}" title="{}">{}</span>').format(found, name, mark)

    def training_hours(self, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
        """Estimated hours of the example training run (derived.training_hours)."""
        return derived.training_hours(self.facts, task, billions, acc)

    def kv_gb(self, shape: ModelShape, tokens: int) -> float | None:
        """GB of KV cache for one sequence of `tokens` tokens (derived.kv_gb)."""
        return derived.kv_gb(self.facts, shape, tokens)

    def per_million(self, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
        """Dollars per million generated tokens (derived.per_million)."""
        return derived.per_million(self.facts, task, billions, acc)

    def run_cost(self, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
        """Dollars for the example training run (derived.run_cost)."""
        return derived.run_cost(self.facts, task, billions, acc)

    def hourly(self, acc: Accelerator) -> float | None:
        """Dollars per hour (derived.hourly)."""
        return derived.hourly(self.facts, acc)

    def computes(self, task: PlannerTask) -> Safe:
        """The precision the task computes in, and the offered rows that compute in another one (a 16-bit task
        runs in FP16 on a GPU without BF16): derived.precision."""
        usual = task.computes_in if task.computes_in in ("fp32", "fp8") else "bf16"
        others: dict[str, list[str]] = {}
        for acc in self.facts.offered:
            found = derived.precision(task, acc)
            if found not in (None, usual) and derived.support(self.facts, task, acc) is None:
                others.setdefault(str(found), []).append(self.name(acc.name))
        shown = self.t(f"precisions.{usual}")
        if not others:
            return self.t("planner.computes", precision=shown)
        # derived.precision gives a 16-bit task BF16 or FP16 and an FP32 or FP8 one itself: one other at most
        ((other, names),) = others.items()
        return self.t(
            "planner.computes_but", precision=shown, other=self.t(f"precisions.{other}"), names=self.say.join(names)
        )

    def planner_opening(self) -> dict[str, object]:
        """The planner's form as the page opens (task, model shape, size, context) and the answer to it,
        written into the HTML: the rows, the memory by part, the KV cache line and the two column headings
        exactly as docs/assets/javascripts/planner.js draws them, so that opening the page changes nothing
        (redrawing a table of a long page is a long task on a phone). The script draws again once the reader
        changes the form, or if the browser restored other values into it."""
        assert self.facts.planner is not None
        facts, plan = self.facts, self.facts.planner
        task = next((t for t in plan.tasks if t.id == plan.form_task), plan.tasks[0])
        shape = next((m for m in plan.models if m.id == plan.form_model), None)
        billions = shape.billions if shape else 8
        context = plan.contexts[0] if plan.contexts else 4096
        inference = task.kind == "inference"
        if inference:
            case = Case(shape=shape, context=context if shape is not None else None)
        else:
            case = Case(shape=shape, context=context)
        note = self.kv_line(task, shape, context, case)
        rows = []
        unsupported = Safe(" ").join(self.unsupported(task, facts.offered))
        for acc in facts.offered:
            found = derived.fit(facts, task, billions, acc, case)
            if inference:
                figure = derived.decode_bound(facts, task, billions, acc, case)
                cost = derived.per_million(facts, task, billions, acc, case)
            else:
                figure = derived.training_hours(facts, task, billions, acc, case=case)
                cost = derived.run_cost(facts, task, billions, acc, case=case)
            rows.append(
                {
                    "name": self.name(acc.name),
                    "need": self.figure(derived.need_gb(facts, task, billions, case)),
                    "mark": self.t(f"planner.mark_{found}") if found else self.t("values.unknown"),
                    "mark_title": self.t(f"planner.{found}_name") if found else None,
                    "precision": self.precision_name(task, acc),
                    "figure": self.figure(figure),
                    "cost": self.dollars(cost)
                    if cost is not None or found != "fits" or "free" not in acc.colab.plans
                    else self.t("planner.free"),
                }
            )
        return {
            "task": task,
            "shape": shape,
            "billions": billions,
            "context": context,
            "fields": self._fields(),
            "rows": rows,
            "parts": self.part_cells(task, derived.breakdown(facts, task, billions, case)),
            "kv_note": note,
            "unsupported": unsupported,
            "answers": self.answer_cells(task, billions, case),
            "figure_head": self.t("planner.speed_head" if inference else "planner.hours_head"),
            "cost_head": self.t("planner.per_million_head" if inference else "planner.per_run_head"),
        }

    def answer_cells(self, task: PlannerTask, billions: float, case: Case) -> list[list[Safe | str]]:
        """The form's answers for a task, size and case on each offered row, as the script writes them: the name,
        the time to the first token, the longest context (the model's own limit said so), the largest batch and the
        best weight format (derived.py)."""
        facts = self.facts
        shape = memory.shape_of(_plan(facts), billions, case)
        rows: list[list[Safe | str]] = []
        for acc in facts.offered:
            longest = answers.max_context(facts, task, billions, acc, case)
            batch = answers.max_batch(facts, task, billions, acc, case)
            best = answers.best_format(facts, task, billions, acc, case)
            if longest is not None and shape is not None and longest == shape.context:
                context_cell: Safe | str = self.t("planner.model_limit", context=words.number(longest))
            else:
                context_cell = words.number(longest) if longest is not None else words.DASH
            rows.append(
                [
                    self.name(acc.name),
                    self.figure(answers.first_token_bound(facts, task, billions, acc, case)),
                    context_cell,
                    words.number(batch) if batch is not None else words.DASH,
                    self.name(best.name) if best is not None else words.DASH,
                ]
            )
        return rows

    def answers(self) -> dict[str, object] | None:
        """The answers for the form's model (planner.form_model) in the first task's 16-bit sibling on each offered
        row, at the first context of planner.contexts: the decoding bound and the time to the first token beside
        it, the longest context, the largest batch and the best weight format that fit (derived.py); None without
        the model."""
        assert self.facts.planner is not None
        facts, plan = self.facts, self.facts.planner
        shape = next((m for m in plan.models if m.id == plan.form_model), None)
        task = next((t for t in plan.tasks if t.kind == "inference" and t.weights == "bf16"), None)
        if shape is None or task is None:
            return None
        tokens = plan.contexts[0] if plan.contexts else 4096
        case = Case(shape=shape, context=tokens)
        rows = []
        for acc in facts.offered:
            longest = answers.max_context(facts, task, shape.billions, acc, case)
            batch = answers.max_batch(facts, task, shape.billions, acc, case)
            best = answers.best_format(facts, task, shape.billions, acc, case)
            if longest is not None and longest == shape.context:
                context_cell = self.t("planner.model_limit", context=words.number(longest))
            else:
                context_cell = Safe.escape(words.number(longest) if longest is not None else words.DASH)
            rows.append(
                [
                    self.acc_link(acc),
                    self.figure(derived.decode_bound(facts, task, shape.billions, acc, case)),
                    self.figure(answers.first_token_bound(facts, task, shape.billions, acc, case)),
                    context_cell,
                    Safe.escape(words.number(batch) if batch is not None else words.DASH),
                    self.name(best.name) if best is not None else Safe.escape(words.DASH),
                ]
            )
        return {"shape": shape, "tokens": tokens, "rows": rows}

    def kv_line(self, task: PlannerTask, shape: ModelShape | None, context: int, case: Case) -> Safe:
        """The line under the form on the KV cache: its size, or why there is none."""
        assert self.facts.planner is not None
        if task.kind != "inference":
            return self.t("planner.kv_training")
        if shape is None or not self.facts.planner.kv_bytes:
            return self.t("planner.kv_none")
        kv = derived.breakdown(self.facts, task, shape.billions, case).kv_cache
        note = self.t("planner.kv_note", gb=words.figure(kv))
        if context > shape.context:
            note = Safe(" ").join([note, self.t("planner.kv_beyond", context=words.number(shape.context))])
        return note

    def _fields(self) -> dict[str, dict[str, object]]:
        """Each number field of the form: its min, max and step attributes, and the sentence that refuses
        anything else (the script reads the bounds back from the attributes)."""
        assert self.facts.planner is not None
        plan = self.facts.planner
        share = plan.utilization.number
        on_file: dict[str, list[float]] = {
            "billions": [*plan.sizes, *(m.billions for m in plan.models)],
            "context": [*plan.contexts, *(m.context for m in plan.models)],
            "tokens": [plan.training_tokens],
            "utilization": [share * 100] if share is not None else [],
        }
        fields: dict[str, dict[str, object]] = {}
        for name, bound in planner.form_bounds(on_file).items():
            least, most = words.number(bound.least), words.number(bound.most)
            sentence = "planner.out_of_range_whole" if bound.whole else "planner.out_of_range"
            fields[name] = {
                "min": least.replace(",", ""),
                "max": most.replace(",", ""),
                "step": "1" if bound.whole else "any",
                "message": self.t(sentence, field=self.t(f"planner.{name}_label"), least=least, most=most),
            }
        return fields
