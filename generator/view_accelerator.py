"""An accelerator's page's view: its specification (one column per option), runtimes and software."""

from __future__ import annotations

from generator import derived, text, words
from generator.model import Accelerator, Feature, Host, Quantity
from generator.text import Safe
from generator.view import View


class AcceleratorView(View):
    """One accelerator, with a column for each of its options."""

    @property
    def acc(self) -> Accelerator:
        """The accelerator this page is about."""
        acc = self.facts.accelerator(self.stem.removeprefix("accelerators/"))
        assert acc is not None, self.stem
        return acc

    @property
    def title(self) -> str:
        """The accelerator's name."""
        return self.name(self.acc.name)

    @property
    def description(self) -> str:
        """The accelerator's name and summary, as plain words."""
        acc = self.acc
        summary = text.plain(self.name(acc.text.summary))
        return self.words("pages.accelerator.description", name=self.name(acc.name), summary=summary)

    def spec_rows(self, acc: Accelerator) -> list[tuple[Safe, list[Safe]]]:
        """The specification table: (field, one cell per row of the accelerator)."""
        t, fact = self.t, self.fact
        rows = acc.rows()
        many = acc.chips is not None
        table: list[tuple[Safe, list[Safe]]] = [
            (t("accelerator.vendor"), [Safe.escape(self.name(r.vendor)) for r in rows]),
            (t("accelerator.kind"), [t(f"kinds.{r.kind}") for r in rows]),
            (t("accelerator.architecture"), [fact(r.architecture) for r in rows]),
        ]
        if any(r.variant for r in rows):
            variants = [fact(r.variant) if r.variant else Safe("—") for r in rows]
            table.append((t("accelerator.variant"), variants))
        if acc.chips:
            table.append((t("accelerator.chips"), [fact(acc.chips) for _ in rows]))
        if acc.cores_per_chip:
            table.append((t("accelerator.cores_per_chip"), [fact(acc.cores_per_chip) for _ in rows]))
        size = "accelerator.memory_size_per_chip" if many else "accelerator.memory_size"
        table.append((t(size), [fact(r.memory.size) for r in rows]))
        if many:
            total = [fact(r.memory.size, times=r.chip_count) for r in rows]
            table.append((t("accelerator.memory_total"), total))
        table.append((t("accelerator.memory_type"), [fact(r.memory.type) for r in rows]))
        bandwidth = "accelerator.bandwidth_per_chip" if many else "accelerator.bandwidth"
        table.append((t(bandwidth), [fact(r.memory.bandwidth) for r in rows]))
        if any(r.power or derived.applies(r, "power") for r in rows):  # unknown where a GPU or TPU has none
            power = "accelerator.power_per_chip" if many else "accelerator.power"
            table.append((t(power), [self.power(r) for r in rows]))
        software = acc.software
        if (software and software.compute_capability) or derived.applies(acc, "compute_capability"):
            table.append((t("accelerator.compute_capability"), [self.capability(r) for r in rows]))
        if software and software.frameworks:
            frameworks = software.frameworks
            table.append((t("accelerator.frameworks"), [fact(frameworks) for _ in rows]))
        return table

    def runtime_rows(self, acc: Accelerator) -> list[tuple[Safe, Host | None]]:
        """The runtimes: (name, host machine or None where there is no such runtime)."""
        out: list[tuple[Safe, Host | None]] = []
        for row in acc.rows():
            if row.runtime is None:
                continue
            for shape in ("standard", "high_ram"):
                host = getattr(row.runtime, shape)
                name = self.t(f"accelerator.{shape}")
                if row.how is not None:
                    if host is None:  # the option is the other shape: its own row says so
                        continue
                    name = self.t("accelerator.option_runtime", option=self.name(row.name), runtime=name)
                out.append((name, host))
        return out

    def features(self, acc: Accelerator) -> list[tuple[Feature, bool]]:
        """Each feature that needs a compute capability, and whether this GPU has it (derived.features)."""
        return derived.features(self.facts, acc)

    def needs(self, feature: Feature) -> Safe:
        """The compute capability a feature needs: '8.0', or '9.0 only' where newer GPUs lack it."""
        low, high = feature.min_capability, feature.max_capability
        if high is None:
            return Safe.escape(low)
        if high == low:
            return self.t("format.capability_only", value=low)
        return self.t("format.capability_range", low=low, high=high)

    def dated(self, fact: Quantity) -> bool:
        """Whether a fact's source says when it was published."""
        return self.cites.dated(fact)

    def published(self, fact: Quantity) -> Safe:
        """The month a fact's source was published or updated, in words, or unknown."""
        return self.cites.published(fact)

    def plan_hours(self, row: Accelerator) -> Safe:
        """What an hour costs without a subscription, and the hours each subscription's monthly units buy
        (derived.cost_per_hour, derived.plan_hours); empty where the rate is unknown."""
        items = []
        cost, price = derived.cost_per_hour(self.facts, row), derived.unit_price(self.facts)
        if cost is not None and price is not None:
            items.append(self.t("accelerator.hour_cost", cost=words.money(cost), plan=self.say.name(price[1].name)))
        for plan in self.facts.plans:
            hours = derived.plan_hours(self.facts, plan, row)
            if hours is not None and plan.compute_units is not None and plan.compute_units.number is not None:
                items.append(
                    self.t(
                        "accelerator.plan_hours_item",
                        plan=self.say.name(plan.name),
                        units=words.number(plan.compute_units.number),
                        hours=words.number(round(float(hours))),
                    )
                )
        return self.say.join(items) if items else Safe()
