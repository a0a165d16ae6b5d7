"""What counts as broken text in a language: mojibake, stray scripts, and text without its own script.

The original Korean of this project's background document was lost exactly this way (UTF-8 read
as Thai cp874), so a replacement character or a letter from a script the language does not use is
an error, and Korean text must contain Hangul. Each catalog's `meta` names its language's scripts.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Scripts:
    """The writing systems a language's text may use, and the one it must use."""

    allowed: tuple[str, ...]
    required: str | None = None


@functools.lru_cache(maxsize=4096)  # a site's text uses few distinct letters; names are slow to look up
def script(ch: str) -> str:
    """The script of a letter as Unicode names it: LATIN, HANGUL, THAI, CJK, ..."""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


def check(text: str, scripts: Scripts) -> str | None:
    """Return what is wrong with text (as 'expected ..., got ...'), or None if nothing is."""
    if "\ufffd" in text:
        return (
            "expected readable text, got a replacement character (U+FFFD): "
            "the text was probably decoded with the wrong encoding"
        )
    allowed = {s.upper() for s in scripts.allowed}
    letters = {ch for ch in set(text) if ch.isalpha()}  # each letter once: texts repeat their letters
    foreign = {ch for ch in letters if script(ch) not in allowed}
    if foreign:
        ch = next(ch for ch in text if ch in foreign)  # the first one, as a reader would find it
        return f"expected only {' or '.join(scripts.allowed)} letters, got {ch!r} ({unicodedata.name(ch, 'unnamed')})"
    if scripts.required and not any(script(ch) == scripts.required.upper() for ch in letters):
        return f"expected text written in {scripts.required}, got none of its letters"
    return None
