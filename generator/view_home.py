"""The home page's view: an overview of every accelerator, the other pages, and the questions readers bring,
each answered in one line from the planner's figures (generator/home.py) with a link to the planner on its case."""

from __future__ import annotations

from dataclasses import dataclass

from generator import home, words
from generator.model import Accelerator
from generator.text import Safe
from generator.view import View


@dataclass(frozen=True)
class Asked:
    """One question as the page shows it: the question, its one-line answer, and the planner's address."""

    id: str
    question: Safe
    answer: Safe
    link: Safe


class HomeView(View):
    """The home page: the questions readers bring, an overview of every accelerator and the other pages."""

    def questions(self) -> list[Asked]:
        """Each question of home.questions in the page's words, with a link to the planner on its case."""
        if self.facts.planner is None:
            return []
        shown = []
        for q in home.questions(self.facts):
            model = q.asked.name if q.asked is not None else ""
            question = self.t(f"start.{q.key}_question", model=model)
            answer = self.answer(q)
            link = self.page_link("planner", self.words("start.open_planner"), "#form", q.query)
            shown.append(Asked(f"ask-{q.key}", question, answer, link))
        return shown

    def answer(self, q: home.Question) -> Safe:
        """The one line that answers a question, from the figures home.py worked out."""
        v = q.values
        key = f"start.{q.key}_{q.answer}"
        task = self.name(q.task.name)
        assert self.facts.planner is not None
        tokens = words.number(self.facts.planner.training_tokens)
        if q.key == "free":
            return self.t(key, rows=self._free_rows(q)) if q.answer == "answer" else self.t(key)
        filled: dict[str, object] = {"task": task, "context": words.number(q.context), "tokens": tokens}
        if "need" in v:
            filled["gb"] = words.figure(_float(v["need"]))
        if "fits" in v:
            filled["names"] = self.say.join([self.name(acc.name) for acc in _accs(v["fits"])])
        if isinstance(acc := v.get("accelerator"), Accelerator):
            filled["name"] = self.name(acc.name)
        for name in ("dollars", "hourly"):
            if name in v:
                filled["per_hour" if name == "hourly" else name] = words.dollars(_float(v[name]))
        for name in ("hours", "speed"):
            if name in v:
                filled[name] = words.figure(_float(v[name]))
        if "largest" in v:
            filled["size"] = words.number(_float(v["largest"]))
        return self.t(key, **filled)

    def _free_rows(self, q: home.Question) -> Safe:
        """Each accelerator of the free plan with the largest size it runs and fine-tunes, joined."""
        run, tune = q.values["run_task"], q.values["tune_task"]
        said = []
        for acc, ran, tuned in q.values["rows"]:  # type: ignore[attr-defined]
            which = "both" if ran is not None and tuned is not None else "run" if ran is not None else "tune"
            said.append(
                self.t(
                    f"start.free_row_{which}",
                    name=self.name(acc.name),
                    run=words.number(ran) if ran is not None else "",
                    tune=words.number(tuned) if tuned is not None else "",
                    run_task=self.name(run.name),  # type: ignore[attr-defined]
                    tune_task=self.name(tune.name),  # type: ignore[attr-defined]
                )
            )
        return Safe("; ").join(said)


def _float(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def _accs(value: object) -> list[Accelerator]:
    assert isinstance(value, list)
    return [acc for acc in value if isinstance(acc, Accelerator)]
