"""The house style a machine can check, per language (content/style/*.md says the rest).

Every text of the facts, the glossary and the catalogs is checked in each language it is written
in, and a mistake is reported like any other, `file:line: key.lang: expected ..., got ...`:

- Korean: a parenthesis attached to the word before it, Korean or not (메모리(GB), G4(NVIDIA ...), not
  메모리 (GB)), no parentheses inside parentheses, dates written 2026년 11월 27일 (not 2026-11-27), curly
  quotes (“ ”), not straight ones, and no English words in a row (user report) except a gloss after a
  Korean term (추측 디코딩(speculative decoding)), a quotation or a link's address;
- every language: dollars written $9.99, not 9.99 USD or 9.99달러; powers written 2³⁰, not 2^30;
- the phrases generator/banned.yaml lists for the language, such as sentences about where or how
  the authors worked ("could not be fetched here", "cross-checked", "저자", "대조했습니다"): a footnote
  says what establishes a figure.

A name written once (`name: G4 (...)`) is shown in every language, so names() hands it to the
check as a text in each.

Code spans (`...`) are left out: they quote things as they are. Each check is one regular
expression without nested repetition, or a substring search: linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem
from generator.load import Document, Loc, read_yaml
from generator.translations import Entry

BANNED = Path(__file__).parent / "banned.yaml"
"""Phrases no text may contain, per language (part of this check, so kept beside it)."""


@dataclass(frozen=True)
class Rule:
    """A pattern a text in some language must not contain, and what is expected instead."""

    languages: frozenset[str] | None  # None: every language
    pattern: re.Pattern[str]
    expected: str


RULES = (
    Rule(
        frozenset({"ko"}),
        re.compile(r"[\uac00-\ud7a3] +\("),
        "no space between a word and its parenthesis, as in 메모리(GB)",
    ),
    Rule(
        frozenset({"ko"}),
        re.compile(r"[A-Za-z0-9%] +\("),
        "no space between a name and its parenthesis in Korean text, as in G4(NVIDIA RTX PRO 6000)",
    ),
    Rule(frozenset({"ko"}), re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"), "a date written 2026년 11월 27일"),
    Rule(None, re.compile(r"\w\^[-−]?\d"), "a power written with superscripts, as in 2³⁰ or 10⁹"),
    Rule(frozenset({"ko"}), re.compile(r"[\"']"), "curly quotes (“ ” or ‘ ’), not straight ones"),
    Rule(None, re.compile(r"\d\s*(?:USD(?![A-Za-z])|달러)"), "dollars written $9.99"),
)
_CODE = re.compile(r"`[^`]*`")
_GLOSS = re.compile(r"(?<=[\uac00-\ud7a3])\([^()]*\)|“[^”]*”|‘[^’]*’|\]\([^()\s]*\)")
"""What may hold English in Korean text: a gloss after a Korean term (추측 디코딩(speculative decoding)),
a quotation, a link's address."""
_ENGLISH = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,})+\b")
"""Two lowercase Latin words in a row: English prose, not a name (NVIDIA RTX PRO), a unit or a tool (nvidia-smi)."""
_CODE_SHOWN = "`…`"  # what a code span leaves behind: not a word, a quote or a parenthesis


@dataclass(frozen=True)
class Banned:
    """A phrase no text in a language may contain, and why."""

    phrase: str
    why: str


def load_banned(path: Path, display: str, languages: tuple[str, ...]) -> dict[str, list[Banned]]:
    """The banned phrases per language ({lang: [{phrase, why}]}); none if the file does not exist."""
    if not path.exists():
        return {}
    doc = read_yaml(path, display)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        raise InputError(display, [Problem(display, 1, "", "expected {language: [{phrase, why}]}, got something else")])
    banned: dict[str, list[Banned]] = {}
    for lang, items in data.items():
        if lang not in languages:
            message = f"expected a language of the site ({', '.join(languages)}), got {lang!r}"
            doc.problem((lang,), message, line=doc.key_lines.get((lang,)))
            continue
        if not isinstance(items, list):
            doc.problem((lang,), "expected a list of {phrase, why}, got something else")
            continue
        for i, item in enumerate(items):
            ok = isinstance(item, dict) and set(item) == {"phrase", "why"}
            if not ok or not all(isinstance(v, str) and v.strip() for v in item.values()):
                doc.problem((lang, i), "expected {phrase: ..., why: ...}, both text")
                continue
            banned.setdefault(lang, []).append(Banned(item["phrase"], item["why"]))
    if doc.problems:
        raise InputError(display, doc.problems)
    return banned


def check(found: list[Entry], banned: dict[str, list[Banned]]) -> list[Problem]:
    """Problems with the house style in every text, each with its file, line and key."""
    problems = []
    for entry in found:
        for lang, text in entry.texts.items():
            words = _CODE.sub(_CODE_SHOWN, text)
            trouble = _trouble(words, lang, banned.get(lang, []))
            if trouble:
                file, line = entry.places.get(lang, ("", 0))
                problems.append(Problem(file, line, f"{entry.key}.{lang}", trouble))
    return problems


def _trouble(text: str, lang: str, banned: list[Banned]) -> str | None:
    for rule in RULES:
        if rule.languages is None or lang in rule.languages:
            found = rule.pattern.search(text)
            if found:
                return f"expected {rule.expected}, got {_around(text, found.start(), found.end())}"
    english = _ENGLISH.search(_GLOSS.sub(_gloss_shown, text)) if lang == "ko" else None
    if english:
        return f"expected Korean words, or English only as a gloss after a Korean term, got {english.group()!r}"
    nested = _nested(text) if lang == "ko" else None
    if nested:
        return f"expected no parentheses inside parentheses, got {_around(text, *nested)}"
    folded = text.casefold()
    for item in banned:
        at = folded.find(item.phrase.casefold())
        if at >= 0:
            return f"expected no {item.phrase!r} ({item.why}), got {_around(text, at, at + len(item.phrase))}"
    return None


def _gloss_shown(found: re.Match[str]) -> str:
    return "(…)" if found.group().startswith("(") else "“…”"


SHOWN_AS_WRITTEN = ("name", "publisher", "title_note")
"""Fields a page shows as written in every language when they are one line (`publisher: NVIDIA`)."""


def names(doc: Document, languages: tuple[str, ...]) -> list[Entry]:
    """Every name, publisher or title note written once for all languages (`name: G4`), as a text in each
    language: it is shown so."""
    found: list[Entry] = []

    def walk(value: object, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in SHOWN_AS_WRITTEN and isinstance(item, str):
                    place = (doc.file, doc.line((*loc, key)))
                    found.append(
                        Entry(doc.path((*loc, key)), dict.fromkeys(languages, item), dict.fromkeys(languages, place))
                    )
                else:
                    walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    walk(doc.data, ())
    return found


def _nested(text: str) -> tuple[int, int] | None:
    """Where a parenthesis opens inside another one, or None."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
            if depth == 1:
                start = i
            elif depth == 2:
                return start, i + 1
        elif ch in ")）":
            depth = max(depth - 1, 0)
    return None


def _around(text: str, start: int, end: int) -> str:
    """The offending part with a little context, quoted."""
    left, right = max(start - 12, 0), min(end + 12, len(text))
    return repr(("…" if left else "") + text[left:right] + ("…" if right < len(text) else ""))
