"""The plans page's view: which plan offers which accelerator, and what an hour of each costs."""

from __future__ import annotations

from decimal import Decimal

from generator import derived, words
from generator.model import Accelerator, Plan, Quantity
from generator.text import Safe
from generator.view import View


class PlansView(View):
    """The plans, the accelerators each offers, and the cost per hour worked out from the compute units."""

    def unit_price(self) -> tuple[Decimal, Plan] | None:
        """US dollars per compute unit, and the plan that sells them so (derived.unit_price)."""
        return derived.unit_price(self.facts)

    def cost_per_hour(self, acc: Accelerator) -> Decimal | None:
        """US dollars per hour (derived.cost_per_hour)."""
        return derived.cost_per_hour(self.facts, acc)

    def cost_per_tflop_hour(self, acc: Accelerator) -> Decimal | None:
        """US dollars per hour of one peak 16-bit dense TFLOPS (derived.cost_per_tflop_hour)."""
        return derived.cost_per_tflop_hour(self.facts, acc)

    def money(self, value: Decimal) -> str:
        """Dollars to three significant digits."""
        return words.money(value)

    def published(self, fact: Quantity) -> Safe:
        """The month a fact's source was published or updated, in words, or unknown."""
        return self.cites.published(fact)

    def monthly_plans(self) -> list[Plan]:
        """The subscriptions that include compute units each month: a column of hours each."""
        return [plan for plan in self.facts.plans if plan.billing == "monthly" and plan.compute_units is not None]

    def plain_number(self, value: object) -> str:
        return words.number(value) if isinstance(value, int | float) else str(value)

    def hours(self, plan: Plan, acc: Accelerator) -> Safe:
        """About how many hours of the accelerator a plan's monthly units buy (derived.plan_hours), or unknown."""
        hours = derived.plan_hours(self.facts, plan, acc)
        if hours is None:
            return self.unknown()
        return Safe.escape(words.number(round(float(hours))))

    def seen(self, fact: Quantity) -> Safe:
        """When an observed figure was seen: its day, else its source's month, else unknown."""
        if fact.observed is not None:
            return self.say.date(fact.observed)
        return self.cites.published(fact)

    def rate_histories(self) -> list[tuple[Accelerator, Safe]]:
        """Each offered row whose compute-unit rate has earlier observations: the rates oldest first
        (value, month, source footnote), ending with today's."""
        rows = []
        for acc in self.facts.offered:
            rate = acc.colab.compute_units
            if rate is None or not rate.history or rate.observed is None:
                continue
            steps = [
                Safe("{} ({}){}").format(
                    words.number(past.value), self.say.month(past.observed.strftime("%Y-%m")), self.cites.cite(past)
                )
                for past in rate.history
            ]
            steps.append(
                Safe("<strong>{}</strong> ({}){}").format(
                    words.number(rate.number or 0),
                    self.say.month(rate.observed.strftime("%Y-%m")),
                    self.cites.cite(rate),
                )
            )
            rows.append((acc, Safe(" → ").join(steps)))
        return rows
