"""The planner page's view: will a model fit, how fast, at what cost (figures from derived.py).

`PlannerCells` writes the planner's figures in a page's words, and the measurements beside them
(view_measured.py); the side-by-side pages show a few of them too (view_pair.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator import derived, planner, words
from generator.model import Accelerator, Feature, ModelShape, PlannerTask
from generator.text import Safe
from generator.view_measured import MeasuredCells


class PlannerCells(MeasuredCells):
    """The planner's figures as table cells: three significant digits, a dash where one does not apply."""

    def figure(self, value: float | None) -> Safe:
        """A planner figure to three significant digits, or a dash where it does not apply."""
        return Safe.escape(words.figure(value))

    def decode_bound(
        self, task: PlannerTask, billions: float, acc: Accelerator, kv_gb: float = 0.0, batch: int = 1
    ) -> float | None:
        """Upper bound on tokens per second (derived.decode_bound)."""
        return derived.decode_bound(self.facts, task, billions, acc, kv_gb, batch)

    def largest_fit(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The largest of the planner's sizes that fits the accelerator's memory for a task; 'not supported'
        where the accelerator lacks what the task needs (the reason: unsupported)."""
        if derived.support(self.facts, task, acc) is not None:
            return self.t("planner.unsupported_short")
        largest = derived.largest_fit(self.facts, task, acc)
        return Safe.escape(f"{words.number(largest)}B") if largest is not None else self.t("planner.none_fits")

    def unsupported(self, task: PlannerTask, rows: Sequence[Accelerator]) -> list[Safe]:
        """Why the task cannot run on those of these rows that lack what it needs (derived.support): a sentence
        per feature lacked, naming the rows; none if every row can run it."""
        lacking: dict[str, tuple[Feature, list[str]]] = {}
        for acc in rows:
            feature = derived.support(self.facts, task, acc)
            if feature is not None:
                lacking.setdefault(feature.id, (feature, []))[1].append(self.name(acc.name))
        return [self.lacks(task, feature, names) for feature, names in lacking.values()]

    def lacks(self, task: PlannerTask, feature: Feature, names: Sequence[str]) -> Safe:
        """The sentence saying that these accelerators cannot run a task for want of a feature."""
        return self.t(
            "planner.unsupported",
            task=self.name(task.name),
            feature=self.name(feature.name),
            min=feature.min_capability,
            names=self.say.join(names),
        )

    def precision_name(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The precision the task computes in on this row (BF16, FP16, FP32: derived.precision), a dash where
        it cannot run there, or unknown."""
        if derived.support(self.facts, task, acc) is not None:
            return Safe.escape(words.DASH)
        found = derived.precision(task, acc)
        return self.t(f"precisions.{found}") if found else self.t("values.unknown")


class PlannerView(PlannerCells):
    """The planner: its form, and tables of its answers for the planner's sizes and every offered row."""

    def site_file(self, path: str) -> str:
        """The URL of a file at the site's root relative to this page as built (for raw HTML)."""
        return self.links.site_file(path)

    def dollars(self, value: float | None) -> Safe:
        """Dollars to three significant digits, or a dash."""
        return Safe.escape(words.dollars(value))

    def need_gb(self, task: PlannerTask, billions: float, kv_gb: float = 0.0) -> float:
        """Memory a model needs for a task, in GB (derived.need_gb)."""
        return derived.need_gb(self.facts, task, billions, kv_gb)

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
        usual = "fp32" if task.computes_in == "fp32" else "bf16"
        others: dict[str, list[str]] = {}
        for acc in self.facts.offered:
            found = derived.precision(task, acc)
            if found not in (None, usual) and derived.support(self.facts, task, acc) is None:
                others.setdefault(str(found), []).append(self.name(acc.name))
        shown = self.t(f"precisions.{usual}")
        if not others:
            return self.t("planner.computes", precision=shown)
        # derived.precision gives a 16-bit task BF16 or FP16 and an FP32 one FP32: one other at most
        ((other, names),) = others.items()
        return self.t(
            "planner.computes_but", precision=shown, other=self.t(f"precisions.{other}"), names=self.say.join(names)
        )

    def planner_opening(self) -> dict[str, object]:
        """The planner's form as the page opens (task, model shape, size, context) and the answer to it,
        written into the HTML: the rows, the KV cache line and the two column headings exactly as
        docs/assets/javascripts/planner.js draws them, so that opening the page changes nothing
        (redrawing a table of a long page is a long task on a phone). The script draws again once
        the reader changes the form, or if the browser restored other values into it."""
        assert self.facts.planner is not None
        facts, plan = self.facts, self.facts.planner
        task = next((t for t in plan.tasks if t.id == plan.form_task), plan.tasks[0])
        shape = next((m for m in plan.models if m.id == plan.form_model), None)
        billions = shape.billions if shape else 8
        context = plan.contexts[0] if plan.contexts else 4096
        inference = task.kind == "inference"
        kv_gb, note = 0.0, self.t("planner.kv_training")
        kv = derived.kv_gb(facts, shape, context, past_context=True) if inference and shape is not None else None
        if shape is not None and kv is not None:
            kv_gb = kv
            note = self.t("planner.kv_note", gb=words.figure(kv))
            if context > shape.context:
                beyond = self.t("planner.kv_beyond", context=words.figure(shape.context))
                note = Safe(" ").join([note, beyond])
        elif inference:
            note = self.t("planner.kv_none")
        rows = []
        unsupported = Safe(" ").join(self.unsupported(task, facts.offered))
        for acc in facts.offered:
            found = derived.fit(facts, task, billions, acc, kv_gb)
            if inference:
                figure = derived.decode_bound(facts, task, billions, acc, kv_gb)
                cost = derived.per_million(facts, task, billions, acc, kv_gb)
            else:
                figure = derived.training_hours(facts, task, billions, acc)
                cost = derived.run_cost(facts, task, billions, acc)
            rows.append(
                {
                    "name": self.name(acc.name),
                    "need": self.figure(derived.need_gb(facts, task, billions, kv_gb)),
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
            "kv_note": note,
            "unsupported": unsupported,
            "figure_head": self.t("planner.speed_head" if inference else "planner.hours_head"),
            "cost_head": self.t("planner.per_million_head" if inference else "planner.per_run_head"),
        }

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
