"""Which translations are current: each translated text records the English text it was made from.

content/translated-from.yaml keeps, per language, a short hash of the default-language text that
each translation was reviewed against. When the English changes, the hash no longer matches and
the translation is stale: the build lists it (file:line: field) and the translated page carries a
notice, until a person reviews it and runs `python -m generator reviewed` to mark it current.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GeneratorError, InputError, Problem
from generator.load import Document, Loc, read_yaml
from generator.strings import Catalog

HEADER = """\
# Generated and updated by `python -m generator reviewed`; read, not written, by hand.
# For every translated text: the first 12 hex digits of the SHA-256 of the default-language
# text it was reviewed against. A text whose English has changed since is reported as stale.
"""


@dataclass(frozen=True)
class Entry:
    """One translatable text: its key, its wording in every language, and where each wording is."""

    key: str
    texts: dict[str, str]
    places: dict[str, tuple[str, int]]

    def where(self, locale: str) -> str:
        """file:line of this text in one language."""
        file, line = self.places.get(locale, ("", 0))
        return f"{file}:{line}"


@dataclass(frozen=True)
class Status:
    """How one language's translations stand."""

    locale: str
    total: int
    stale: tuple[Entry, ...]

    @property
    def current(self) -> int:
        """How many translations match the text they were made from."""
        return self.total - len(self.stale)


def fingerprint(text: str) -> str:
    """A short, stable hash of a text."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def entries(docs: list[Document], catalogs: list[Catalog]) -> list[Entry]:
    """Every translatable text of the content files (facts, glossary) and the catalogs, in file order."""
    languages = [c.locale for c in catalogs]
    found = [entry for doc in docs for entry in _prose(doc, doc.data, (), languages)]
    for key in catalogs[0].strings:
        texts = {c.locale: c.strings[key] for c in catalogs if key in c.strings}
        places = {c.locale: (c.file, c.lines.get(key, 0)) for c in catalogs if key in c.strings}
        found.append(Entry(f"ui.{key}", texts, places))
    return found


def _prose(doc: Document, value: Any, loc: Loc, languages: list[str]) -> Iterator[Entry]:
    if isinstance(value, dict):
        is_text = languages[0] in value and set(value) <= set(languages)
        if is_text and all(isinstance(v, str) for v in value.values()):
            places = {lang: (doc.file, doc.line((*loc, lang))) for lang in value}
            key = doc.path(loc) if doc.file.endswith("accelerators.yaml") else f"{Path(doc.file).stem}.{doc.path(loc)}"
            yield Entry(key, {k: v.strip() for k, v in value.items()}, places)
            return
        for key, item in value.items():
            yield from _prose(doc, item, (*loc, key), languages)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _prose(doc, item, (*loc, i), languages)


def read_lock(path: Path, display: str, languages: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """The recorded fingerprints, {language: {key: fingerprint}}; empty if the file does not exist yet.

    languages are the site's, default first: the record has a mapping for each of the others only.
    """
    if not path.exists():
        return {}
    doc = read_yaml(path, display)
    if not isinstance(doc.data, dict):
        raise InputError(
            display, [Problem(display, 1, "", "expected {language: {field: fingerprint}}, got something else")]
        )
    others = languages[1:]
    for lang, keys in doc.data.items():
        if others and lang not in others:
            doc.problem((lang,), f"expected a translated language of the site ({', '.join(others)}), got {lang!r}")
        if not isinstance(keys, dict):
            doc.problem((lang,), "expected {field: fingerprint}, got something else")
            continue
        for key, value in keys.items():
            if not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{12}", value)):
                doc.problem((lang, key), f"expected a fingerprint of 12 hexadecimal digits, got {value!r}")
    if doc.problems:
        raise InputError(display, doc.problems)
    return {str(lang): {str(k): str(v) for k, v in keys.items()} for lang, keys in doc.data.items()}


def status(found: list[Entry], lock: dict[str, dict[str, str]], catalogs: list[Catalog]) -> list[Status]:
    """For every language but the default, which translations are stale (or never marked reviewed)."""
    default = catalogs[0].locale
    result = []
    for catalog in catalogs[1:]:
        recorded = lock.get(catalog.locale, {})
        translated = [e for e in found if catalog.locale in e.texts]
        stale = tuple(e for e in translated if recorded.get(e.key) != fingerprint(e.texts[default]))
        result.append(Status(catalog.locale, len(translated), stale))
    return result


def mark_reviewed(
    found: list[Entry],
    lock: dict[str, dict[str, str]],
    catalogs: list[Catalog],
    locales: Iterable[str],
    keys: set[str],
) -> tuple[str, list[str]]:
    """Record the English of keys (every key, if empty) as reviewed; return the new file text and what changed."""
    default = catalogs[0].locale
    unknown = keys - {e.key for e in found}
    if unknown:
        raise GeneratorError(f"expected the keys of translated texts, got unknown keys: {', '.join(sorted(unknown))}")
    updated = {lang: dict(values) for lang, values in lock.items()}
    changed = []
    for locale in locales:
        table = updated.setdefault(locale, {})
        for entry in found:
            if locale in entry.texts and (not keys or entry.key in keys):
                new = fingerprint(entry.texts[default])
                if table.get(entry.key) != new:
                    table[entry.key] = new
                    changed.append(f"{locale}: {entry.key}")
        live = {e.key for e in found}
        for key in [k for k in table if k not in live]:  # fields that no longer exist
            del table[key]
    ordered = {lang: dict(sorted(values.items())) for lang, values in sorted(updated.items())}
    return HEADER + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=200), changed


def stale_report(statuses: list[Status], lock: dict[str, dict[str, str]]) -> list[str]:
    """Lines for a person: every stale translation (file:line: key (language): why), then a summary."""
    lines = []
    for status in statuses:
        for entry in status.stale:
            why = (
                "its English text changed after it was last reviewed"
                if entry.key in lock.get(status.locale, {})
                else "it was never marked as reviewed"
            )
            lines.append(
                f"{entry.where(status.locale)}: {entry.key} ({status.locale}): translation may be stale: {why}"
            )
    if lines:
        lines.append(
            f"Warning: {len(lines)} translations may be stale; review them, then run `make reviewed` "
            "(or `python -m generator reviewed KEY ...`)."
        )
    return lines
