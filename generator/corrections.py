"""Report a correction: links that open a prefilled issue in the project's GitHub repository.

Every footnote (cite.py) and every page (render.py) carries one when the facts name the repository
(`site.repository`, checked when loaded: https://github.com/OWNER/REPO); without it, none. The
issue's title and body are in the page's language and name the page (its title and address), each
figure that cites the footnote with the value the facts give it, and the footnote's source.

A figure is named by what it belongs to (an accelerator, an option, a plan, a task) and its field
in the facts file (`memory.bandwidth`): the words a reader sees and the place a maintainer edits.
The figures are found by the objects the pages cite (`Locator`), so no template has to name them.

Every part of the address is URL-encoded (urllib.parse.quote with nothing kept as it is: `&`, `#`,
`?`, quotes, `<`, line breaks and Hangul all become %XX), and the whole address reaches the page
the one way every value does: as an attribute value of a `Safe` literal (text.attribute_value).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from generator.model import NOT_SUPPORTED, UNKNOWN, Facts, Source
from generator.text import Safe
from generator.words import Words, cents, number

MAX_URL = 8000
"""Longest address a link gets: GitHub answers longer ones with an error. Figures beyond it are
counted rather than listed."""
MAX_FIGURES = 10
"""Figures an issue lists (a source's footnote on the comparison page is cited by dozens)."""


def issue_url(repository: str, title: str, body: str) -> str:
    """The address of GitHub's form for a new issue in repository, with its title and body filled in."""
    return f"{repository}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}"


@dataclass(frozen=True)
class Figure:
    """One figure a footnote is cited for: its name and the value the facts give it (None if it has none)."""

    name: str
    value: str | None


Owner = dict[str, str] | str | None
"""The name of what a figure belongs to, as the facts write it (per language, or one line), or None."""


class Locator:
    """Where each object of the facts sits: (the name of what it belongs to, its field path there).

    Built once per facts (pages look up every figure they cite); option rows' own copies
    (Accelerator.rows) are found too.
    """

    _last: tuple[Facts, Locator] | None = None

    def __init__(self, facts: Facts) -> None:
        self.places: dict[int, tuple[Owner, str]] = {}
        self._walk(facts, None, "")
        for row in facts.rows:  # an option's row: copies of the parts the option changes
            self._walk(row, row.name, "")

    @classmethod
    def of(cls, facts: Facts) -> Locator:
        """The locator of these facts (the last one made is kept: every page of a build asks)."""
        if cls._last is None or cls._last[0] is not facts:
            cls._last = (facts, cls(facts))
        return cls._last[1]

    def _walk(self, value: Any, owner: Owner, path: str) -> None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                ident = getattr(item, "id", None)
                self._walk(item, owner, f"{path}[{ident if isinstance(ident, str) else i}]")
            return
        if not isinstance(value, BaseModel) or id(value) in self.places:
            return
        fields = type(value).model_fields
        if "id" in fields and "name" in fields:  # an accelerator, an option, a plan, a task, a model
            owner, path = getattr(value, "name"), ""  # noqa: B009 (BaseModel names no field)
        self.places[id(value)] = (owner, path)
        for name in fields:
            child = getattr(value, name)
            if isinstance(child, BaseModel | list):
                self._walk(child, owner, f"{path}.{name}" if path else name)


@dataclass
class Corrections:
    """One page's links to report a correction, in the page's words."""

    repository: str
    words: Words
    facts: Facts
    title: Callable[[], str]
    """The page's title (asked for when a link is made: a view knows it only once it is made)."""
    path: str
    """The page's address on the site, from its root: /ko/compare/."""

    def figure(self, fact: object, *, field: str | None = None, value: str | None = None) -> Figure | None:
        """The figure a cited object stands for, named in the page's words; None if it is no part of the facts.

        field replaces the object's own field path (an unknown peak cites its accelerator's `compute`);
        value replaces the value worked out from the object.
        """
        place = Locator.of(self.facts).places.get(id(fact))
        if place is None:
            return None
        owner, path = place
        named = self.words.name(owner) if isinstance(owner, dict) else owner
        parts = [part for part in (named, field or path) if part]
        return Figure(self.words.plain("format.list_separator").join(parts), value or self.value(fact))

    def value(self, fact: object) -> str | None:
        """A fact's value as the facts give it, in plain words: 320 GB/s, unknown, 8.0, JAX, PyTorch/XLA."""
        value = getattr(fact, "value", None)
        if value is None:
            return None
        if value == UNKNOWN:
            return self.words.plain("values.unknown")
        if value == NOT_SUPPORTED:
            return self.words.plain("values.not_supported")
        if isinstance(value, list):
            return self.words.plain("format.list_separator").join(str(v) for v in value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        unit = getattr(fact, "unit", None)
        if unit == "USD":
            return cents(value)
        if unit == "share":
            return f"{number(value * 100)}%"
        return f"{number(value)} {unit}" if unit else number(value)

    def footnote_link(self, figures: Sequence[Figure], source: Source | None) -> Safe:
        """The link at the end of a footnote: an issue naming the figures that cite it and its source."""
        listed = list(figures[:MAX_FIGURES])
        while True:
            url = self._url(listed, len(figures) - len(listed), source)
            if len(url) <= MAX_URL or len(listed) <= 1:
                break
            listed.pop()
        return Safe('<a class="report-correction" href="{}">{}</a>').format(url, self.words.t("report.link"))

    def page_link(self) -> Safe:
        """A paragraph for the end of the page: a link to report a correction to anything on it."""
        url = self._url([], 0, None)
        link = Safe('<a class="report-correction" href="{}">').format(url)
        return self.words.t("report.page", link=link, end=Safe("</a>"))

    def _url(self, figures: Sequence[Figure], more: int, source: Source | None) -> str:
        plain = self.words.plain
        page = self.title()
        shown = [self._shown(f) for f in figures]
        if shown:
            subject = (
                shown[0]
                if len(shown) + more == 1
                else plain("report.and_more", first=shown[0], count=len(shown) + more - 1)
            )
        else:
            subject = source.title if source else plain("report.page_subject", page=page)
        lines = [plain("report.body_page", page=page), plain("report.body_address", path=self.path)]
        lines += [plain("report.body_figure", figure=f) for f in shown]
        lines += [plain("report.body_more", count=more)] if more else []
        lines += [plain("report.body_source", source=source.title, url=source.url)] if source else []
        body = "\n".join([*lines, "", plain("report.body_ask"), ""])
        return issue_url(self.repository, plain("report.title", subject=subject), body)

    def _shown(self, figure: Figure) -> str:
        if figure.value is None:
            return figure.name
        return self.words.plain("report.figure_value", figure=figure.name, value=figure.value)
