"""The per-language UI catalogs (content/i18n/<locale>.yaml): every word the templates show.

A catalog is a nested mapping of keys to sentences with named placeholders (`{name}`); the
default language's catalog defines the keys, and every other catalog must have the same keys
with the same placeholders. Which languages the site has is simply which catalogs exist.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import text as _text
from generator import textcheck
from generator.errors import GeneratorError, InputError, Problem
from generator.hooks import backlink_problem
from generator.load import Document, Loc, read_yaml
from generator.textcheck import Scripts


@dataclass(frozen=True)
class Catalog:
    """The UI words of one language."""

    locale: str
    name: str
    default: bool
    strings: dict[str, str]
    scripts: Scripts
    file: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """Return the sentence for key as plain words, its placeholders filled in (pages use generator/text.py)."""
        try:
            return _text.plain_sentence(self.strings[key], **values)
        except KeyError as err:
            raise GeneratorError(f"catalog {self.locale}: no key or placeholder {err}") from None


def load_catalogs(folder: Path, display: str) -> list[Catalog]:
    """Load every catalog in folder, default language first; raise InputError on any problem."""
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise InputError(display, [Problem(display, 0, "", "expected a folder of catalogs such as en.yaml, got none")])
    docs = [read_yaml(file, f"{display}/{file.name}") for file in files]
    catalogs: list[Catalog] = []
    problems: list[Problem] = []
    flats: list[dict[Loc, str]] = []
    for file, doc in zip(files, docs, strict=True):
        flat = _flatten(doc, doc.data, ())
        flats.append(flat)
        meta = doc.data.get("meta") if isinstance(doc.data, dict) else None
        locale = file.stem
        if not re.fullmatch(r"[a-z]{2}(_[A-Z]{2})?", locale):
            doc.problem((), f"expected a file named after a language code such as ko.yaml, got {file.name}")
        if meta is not None and not isinstance(meta, dict):
            doc.problem(("meta",), "expected the language's name, default, scripts and require, got text")
        meta = meta if isinstance(meta, dict) else {}
        name, default = meta.get("name"), meta.get("default", False)
        allowed, required = meta.get("scripts"), meta.get("require")
        if not isinstance(name, str):
            doc.problem(("meta", "name"), "expected the language's own name (e.g. 한국어), got nothing")
        if not isinstance(default, bool):
            doc.problem(("meta", "default"), f"expected true or false, got {default!r}")
        if not (isinstance(allowed, list) and allowed and all(isinstance(a, str) for a in allowed)):
            doc.problem(("meta", "scripts"), "expected a list of the scripts its text uses, e.g. [Hangul, Latin]")
            allowed = []  # the letters are not checked: one problem, not one per sentence
        if required is not None and required not in allowed:
            doc.problem(("meta", "require"), f"expected one of the scripts {allowed}, got {required!r}")
            required = None
        scripts = Scripts(tuple(allowed), required)
        for loc, text in flat.items():
            # Catalog words may be bare abbreviations (CPU, FP32), so only the letters are checked here;
            # prose fields of the facts must also contain the required script.
            trouble = (
                _text.problem(text, limit=_text.MAX_PROSE)
                or _text.placeholder_problem(text)
                or _text.markup_problem(text)
                or (textcheck.check(text, Scripts(scripts.allowed)) if allowed else None)
            )
            if trouble or (trouble := _shape_problem(loc, text)):
                doc.problem(loc, trouble)
        strings = {".".join(map(str, loc)): text for loc, text in flat.items()}
        lines = {".".join(map(str, loc)): doc.line(loc) for loc in flat}
        shown_name = name if isinstance(name, str) else locale
        catalogs.append(Catalog(locale, shown_name, default is True, strings, scripts, doc.file, lines))
    defaults = [i for i, c in enumerate(catalogs) if c.default]
    if len(defaults) != 1:
        got = ", ".join(catalogs[i].locale for i in defaults) or "none"
        problems.append(Problem(display, 0, "meta.default", f"expected exactly one default catalog, got {got}"))
    else:
        _compare(docs, flats, defaults[0])
    for doc in docs:
        problems.extend(doc.problems)
    if problems:
        raise InputError(display, problems)
    return sorted(catalogs, key=lambda c: (not c.default, c.locale))


def _flatten(doc: Document, value: Any, loc: Loc) -> dict[Loc, str]:
    if isinstance(value, dict):
        out: dict[Loc, str] = {}
        for key, item in value.items():
            out.update(_flatten(doc, item, (*loc, key)))
        return out
    if loc and loc[0] == "meta":
        return {}
    if not isinstance(value, str) or not value.strip():
        shown = "an empty string" if isinstance(value, str) else repr(value)
        doc.problem(loc, f"expected text, got {shown}")
        return {}
    return {loc: value}


PAIRED = (("link", "end"),)
"""Placeholders that stand for a tag and its end (`{link}Read the English page{end}`): once each, in this
order, in a sentence that has the end (elsewhere `{link}` is a whole link)."""


def _shape_problem(loc: Loc, sentence: str) -> str | None:
    """What is wrong with where a sentence puts the placeholders that open and close a tag, or None."""
    if loc == ("markdown", "footnote_backlink"):
        return backlink_problem(sentence)
    order = [name for _, name, _, _ in string.Formatter().parse(sentence) if name]
    for opening, closing in PAIRED:
        if closing not in order:
            continue
        if order.count(opening) != 1 or order.count(closing) != 1 or order.index(opening) > order.index(closing):
            return f"expected {{{opening}}} once, then {{{closing}}} once after it (they open and close a link)"
        values: dict[str, object] = {name: "x" for name in order}
        values.update({opening: _text.Safe("<a>"), closing: _text.Safe("</a>")})
        try:  # emphasis across the link's start or end (`*{link}*`) would cross its tags too
            _text.fill(sentence, **values)
        except _text.ShapeError:
            return f"expected {{{opening}}}...{{{closing}}} wholly inside or outside any *emphasis* or `code`"
    return None


def _placeholders(text: str) -> set[str]:
    return _text.names(text)


def _compare(docs: list[Document], flats: list[dict[Loc, str]], base: int) -> None:
    """Every catalog has the default's keys, no others, and the same placeholders in each."""
    reference = flats[base]
    for doc, flat in zip(docs, flats, strict=True):
        if doc is docs[base]:
            continue
        for loc, text in reference.items():
            if loc not in flat:
                doc.problem(loc, f"expected a translation of {text!r}, got nothing")
            elif _text.placeholder_problem(flat[loc]) or _text.placeholder_problem(text):
                continue  # reported where the text was read
            elif _placeholders(flat[loc]) != _placeholders(text):
                want = ", ".join(sorted(_placeholders(text))) or "none"
                got = ", ".join(sorted(_placeholders(flat[loc]))) or "none"
                doc.problem(loc, f"expected the placeholders {want}, got {got}")
        for loc in flat:
            if loc not in reference:
                doc.problem(loc, f"expected only keys of {docs[base].file}, got an extra key")
