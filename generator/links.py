"""Links: which side-by-side pages exist, and the relative path from one page to another or to a file.

Pages link to each other by stem (`compare`, `accelerators/t4`, `vs/t4-vs-l4`) as Markdown links,
which MkDocs checks and rewrites for each language; raw HTML, which MkDocs leaves alone, gets the
path as built (`site_file`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.errors import GeneratorError
from generator.model import Accelerator, Facts
from generator.text import Safe
from generator.words import Words

MAX_PAIRED = 24
"""Side-by-side pages are made for the first 24 offered rows at most: n rows make n × (n - 1) ÷ 2
pages per language, 276 at 24 (Colab offers nine today; make bench shows the cost at scale)."""


def pair_stem(a: Accelerator, b: Accelerator) -> str:
    """The page of two offered rows side by side, the one first in the facts first: vs/t4-vs-l4."""
    return f"vs/{a.id}-vs-{b.id}"


def paired_rows(facts: Facts) -> list[Accelerator]:
    """The offered rows that have side-by-side pages with each other."""
    return facts.offered[:MAX_PAIRED]


def pairs(facts: Facts) -> dict[str, tuple[Accelerator, Accelerator]]:
    """Every pair of paired rows, by the stem of its page."""
    rows = paired_rows(facts)
    return {pair_stem(a, b): (a, b) for i, a in enumerate(rows) for b in rows[i + 1 :]}


@dataclass
class Links:
    """Links from one page (by its stem) to the others, named in the page's words."""

    facts: Facts
    words: Words
    stem: str
    default_locale: str = "en"

    def url_in_default(self) -> str:
        """This page's URL path in the default language, relative to the site root ('compare/', '')."""
        stem = self.stem.removesuffix("index").rstrip("/")
        return f"{stem}/" if stem else ""

    def link(self, stem: str) -> str:
        """Relative Markdown link target from this page to another page (by stem)."""
        here = self.stem.split("/")[:-1]
        there = stem.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:]) + ".md"

    def asset(self, path: str) -> str:
        """Relative link from this page to a file under docs/ that is not a page (a download)."""
        return self.link(path).removesuffix(".md")

    def site_file(self, path: str) -> str:
        """The URL of a file at the site's root (a data download) relative to this page as built.

        For raw HTML, which MkDocs does not rewrite: pages are served as folders (/planner/), and
        a language other than the default under its own folder (/ko/planner/).
        """
        depth = self.url_in_default().count("/") + (0 if self.words.lang == self.default_locale else 1)
        return "../" * depth + path

    def page_link(self, stem: str, words: str | None = None, anchor: str = "", query: str = "") -> Safe:
        """A Markdown link to another page of the site (MkDocs checks it), by default named by its title;
        query: the page's address fields (?task=...&model=..., the planner's form reads them)."""
        if (
            not re.fullmatch(r"[a-z0-9/-]+", stem)
            or not re.fullmatch(r"(#[a-z0-9-]+)?", anchor)
            or not re.fullmatch(r"(\?[a-z0-9_]+=[A-Za-z0-9.-]*(&[a-z0-9_]+=[A-Za-z0-9.-]*)*)?", query)
        ):
            raise GeneratorError(f"expected a page and anchor made of ids, got {stem!r}{query!r}{anchor!r}")
        kind = "accelerators" if stem == "accelerators/index" else stem
        shown = self.words.t(f"pages.{kind}.title") if words is None else words
        return Safe("[{}]({})").format(shown, Safe(self.link(stem) + query + anchor))

    def acc_link(self, acc: Accelerator) -> Safe:
        """A Markdown link to an accelerator's page; for an option's row, to the option on that page."""
        anchor = f"#{acc.id}" if acc.how is not None else ""
        return self.page_link(f"accelerators/{acc.page_id}", self.words.name(acc.name), anchor)

    def replacement(self, acc: Accelerator) -> Safe:
        """A link to what Colab offers in place of a retired accelerator (colab.replaced_by, checked when loaded)."""
        ident = acc.colab.replaced_by
        target = self.facts.accelerator(ident or "") or next((r for r in self.facts.rows if r.id == ident), None)
        if target is None:
            raise GeneratorError(
                f"accelerators[{acc.id}].colab.replaced_by: expected the id of an accelerator, got {ident!r}"
            )
        return self.acc_link(target)

    def pair_link(self, a: Accelerator, b: Accelerator, words: str | None = None) -> Safe:
        """A link to the side-by-side page of two offered rows (in either order), named by its title."""
        order = list(self._paired)
        first, second = (a, b) if order.index(a.id) < order.index(b.id) else (b, a)
        name = self.words.name
        shown = words or self.words.plain("pages.pair.title", a=name(first.name), b=name(second.name))
        return self.page_link(pair_stem(first, second), shown)

    def paired(self) -> list[Accelerator]:
        """The offered rows that have side-by-side pages (MAX_PAIRED)."""
        return list(self._paired.values())

    @functools.cached_property
    def _paired(self) -> dict[str, Accelerator]:
        """The paired rows by id, in order (computed once per page: pages link to many pairs)."""
        return {row.id: row for row in paired_rows(self.facts)}

    def versus(self, row: Accelerator) -> Safe:
        """Links from one offered row to its side-by-side page with every other paired row (none if it has none)."""
        others = [o for o in self._paired.values() if o.id != row.id] if row.id in self._paired else []
        name = self.words.name
        links = [self.pair_link(row, o, self.words.plain("pair.versus", name=name(o.name))) for o in others]
        return self.words.join(links)
