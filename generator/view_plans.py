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
