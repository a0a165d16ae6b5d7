"""Words in a page's language: catalog sentences, names, numbers, money and dates.

Numbers are written the same way in every language (content/style/): plain functions of the value,
like Babel's format_decimal. Sentences, names, months and lists depend on the page's language and
on whether the page shows a translation that may be out of date, so `Words` holds one page's
catalog and notes each stale text it hands out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from generator import planner, text
from generator.errors import GeneratorError
from generator.glossary import Tooltips
from generator.model import Plan
from generator.strings import Catalog
from generator.text import Safe

DASH = "—"
"""Shown where a derived figure does not apply or is unknown in a table of derived figures."""


def number(value: float, times: int = 1) -> str:
    """Format value x times exactly as written, the same way in every language: 1,555 / 8.1 / 242.5.

    Decimal arithmetic, so 3 x 0.1 shows as 0.3 and no digit is ever rounded away or invented.
    """
    exact = Decimal(repr(value)) * times
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


def rounded(value: Decimal, places: int) -> str:
    """A derived figure rounded to so many decimal places, formatted like every other number."""
    return number(float(value.quantize(Decimal(1).scaleb(-places))))


def cents(value: Decimal | float) -> str:
    """Dollars as shown everywhere, in every language: "$" and at least two decimals ($2.50, $9.99, $0.119),
    with thousands separators ($1,234.50). The one place money is written; exports keep plain numbers."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:  # whole dollars or tenths: pad to cents
        exact = exact.quantize(Decimal("0.01"))
    return f"${exact:,f}"


def money(value: Decimal) -> str:
    """Dollars to three significant digits (they are derived from observed, rounded rates) and at least
    two decimals: $0.119, $1.80, $12.30."""
    digits = 3 - value.adjusted() - 1
    return cents(value.quantize(Decimal(1).scaleb(-max(digits, 2)), rounding=ROUND_HALF_UP).normalize())


def ratio(value: Decimal | None) -> str:
    """A ratio as shown: 12 / 1.9 / 1.0 / 0.94 (a tenth from 1 to 10, else two digits); a dash if None."""
    if value is None:
        return DASH
    places = 0 if value >= 10 else 1 if value >= 1 else 2 - value.adjusted() - 1
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,f}"


def figure(value: float | None) -> str:
    """A planner figure to three significant digits, as the form's script writes it too; a dash if None."""
    return DASH if value is None else number(planner.significant(value))


def dollars(value: float | None) -> str:
    """Dollars to three significant digits and at least two decimals (cents), or a dash."""
    return DASH if value is None else cents(planner.significant(value))


@dataclass
class Words:
    """One page's words: sentences of its language's catalog, and the facts' names and prose in it."""

    catalog: Catalog
    plans: Sequence[Plan] = ()
    stale_texts: frozenset[str] = frozenset()
    tooltips: Tooltips = field(default_factory=lambda: Tooltips(None, "en", "en"))
    language_names: dict[str, str] = field(default_factory=dict)
    stale: bool = False
    """Set once the page has shown a text whose translation may be out of date."""

    @property
    def lang(self) -> str:
        """The page's language code."""
        return self.catalog.locale

    def sentence(self, key: str) -> str:
        """A catalog sentence as written, placeholders and all."""
        sentence = self.catalog.strings.get(key)
        if sentence is None:
            raise GeneratorError(f"catalog {self.lang}: no key {key!r}")
        if sentence in self.stale_texts:
            self.stale = True
        return sentence

    def t(self, key: str, **values: object) -> Safe:
        """A sentence from the catalog, its placeholders filled (escaped unless Safe)."""
        return self.fill(key, self.sentence(key), **values)

    def fill(self, key: str, sentence: str, **values: object) -> Safe:
        """Sentence (the catalog's under key) with its placeholders filled; a message naming key if it cannot be."""
        try:
            return text.fill(sentence, **values)
        except KeyError as err:
            raise GeneratorError(f"{self._where(key)}: no value for the placeholder {err}") from None
        except text.ShapeError as err:
            raise GeneratorError(
                f"{self._where(key)}: {err}; keep the placeholders that open and close a tag in order"
            ) from None

    def _where(self, key: str) -> str:
        """A catalog sentence as a message names it: file:line: key."""
        line = self.catalog.lines.get(key, 0)
        where = f"{self.catalog.file}:{line}" if self.catalog.file and line else f"catalog {self.lang}"
        return f"{where}: {key}"

    def plain(self, key: str, **values: object) -> str:
        """A catalog sentence as plain words, without markup (a title, a description, a tooltip)."""
        try:
            return text.plain_sentence(self.sentence(key), **values)
        except KeyError as err:
            raise GeneratorError(f"catalog {self.lang}: {key}: no value for the placeholder {err}") from None

    def name(self, prose: dict[str, str]) -> str:
        """A name or any text of the facts in the page's language, as plain words (escaped where shown)."""
        if prose[self.lang] in self.stale_texts:
            self.stale = True
        return prose[self.lang]

    def text(self, prose: dict[str, str]) -> Safe:
        """A prose field of the facts in the page's language, its inline Markdown written as HTML."""
        return text.inline(self.name(prose))

    def prose(self, prose: dict[str, str]) -> Safe:
        """A prose field for running text: like text(), with glossary terms marked as tooltips."""
        return text.inline(self.name(prose), self.tooltips)

    def join(self, items: Sequence[Safe | str]) -> Safe:
        """Items listed the language's way (each escaped unless Safe)."""
        return self.t("format.list_separator").join(items)

    def date(self, day: date) -> Safe:
        """A date in words, the language's way (November 27, 2026 / 2026년 11월 27일)."""
        return self.t("format.date", year=day.year, month=self.t(f"months.m{day.month}"), day=day.day)

    def month(self, yyyy_mm: str) -> Safe:
        """A month (YYYY-MM) in words."""
        year, month = yyyy_mm.split("-")
        return self.t("format.month", year=year, month=self.t(f"months.m{int(month)}"))

    def plan_names(self, ids: Sequence[str], *, short: bool = False) -> Safe:
        """Plan names, in the facts' order, joined the language's way; `short` names (where a plan has
        one) carry the full name as a tooltip."""
        names: list[Safe | str] = []
        for plan in (p for p in self.plans if p.id in ids):
            name = self.name(plan.name)
            if short and plan.short is not None and self.name(plan.short) != name:
                names.append(Safe('<abbr title="{}">{}</abbr>').format(name, self.name(plan.short)))
            else:
                names.append(name)
        return self.join(names) if names else self.t("values.plans_unknown")

    def others(self, prose: dict[str, str]) -> Safe:
        """A text in the site's other languages, each followed by the language's name in the page's way:
        tensor core (Korean) in English, tensor core(영어) in Korean."""
        mine = prose[self.lang]
        parts = [
            self.t(
                "format.aside",
                text=Safe('<span lang="{}">{}</span>').format(lang, words),
                aside=self.language_in_words(lang),
            )
            for lang, words in prose.items()
            if lang != self.lang and words != mine
        ]
        return self.join(parts) or Safe("—")

    def language_in_words(self, locale: str) -> Safe:
        """A language named in the page's language (영어 on a Korean page), else in its own words."""
        if f"language_names.{locale}" in self.catalog.strings:
            return self.t(f"language_names.{locale}")
        return self.language_name(locale)

    def language_name(self, locale: str) -> Safe:
        """A language's name in its own words (English, 한국어), marked with its language if not the page's."""
        name = self.language_names.get(locale, locale)
        return Safe.escape(name) if locale == self.lang else Safe('<span lang="{}">{}</span>').format(locale, name)
