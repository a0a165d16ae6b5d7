"""What counts as broken text in a language: mojibake, stray scripts, look-alikes, text without its own script.

The original Korean of this project's background document was lost exactly this way (UTF-8 read
as Thai cp874), so a replacement character or a letter from a script the language does not use is
an error, and Korean text must contain Hangul. Each catalog's `meta` names its language's scripts.

Look-alike letters follow UTS #39's mixed-script rule ("highly restrictive"): the letters of one
word (of a whole name, in `mixed(..., whole=True)`) are of one script, or of Latin with Han and
Japanese kana, with Han and Hangul, or with Han and Bopomofo. So `NVIDIA Т4` with a Cyrillic Т and
`Vοlta` with a Greek ο are refused, and Korean `GPU가` is not. Scripts are read from Unicode
character names (LATIN, CYRILLIC, HANGUL, CJK ...), which the standard library has; characters
of no script of their own (digits, marks, mathematical letters) are ignored, as UTS #39 does.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
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
    if trouble := mixed(text):
        return trouble
    allowed = {s.upper() for s in scripts.allowed}
    letters = {ch for ch in set(text) if ch.isalpha()}  # each letter once: texts repeat their letters
    foreign = {ch for ch in letters if script(ch) not in allowed}
    if foreign:
        ch = next(ch for ch in text if ch in foreign)  # the first one, as a reader would find it
        return f"expected only {' or '.join(scripts.allowed)} letters, got {ch!r} ({unicodedata.name(ch, 'unnamed')})"
    if scripts.required and not any(script(ch) == scripts.required.upper() for ch in letters):
        return f"expected text written in {scripts.required}, got none of its letters"
    return None


_COMMON = frozenset({
    "MATHEMATICAL", "MODIFIER", "DOUBLE-STRUCK", "SCRIPT", "BLACK-LETTER", "SUPERSCRIPT", "PLANCK", "TURNED",
    "FEMININE", "MASCULINE", "MICRO", "CARON", "EULER", "OHM", "KELVIN", "ANGSTROM", "ALEF", "BET", "GIMEL", "DALET",
    "INFORMATION", "ROMAN", "KATAKANA-HIRAGANA", "VERTICAL", "VEDIC", "MASU",
})  # fmt: skip
"""First words of the names of letters that belong to no one script (UTS #39: Common), e.g. µ MICRO SIGN."""
_HAN = frozenset({"CJK", "IDEOGRAPHIC"})
_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
)
"""The scripts one word may mix (UTS #39, highly restrictive): Japanese, Korean and Chinese with Latin."""
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def word_script(ch: str) -> str | None:
    """The script of a letter for the look-alike check (LATIN, HAN, HANGUL, ...); None for digits,
    marks and letters of no one script. Full- and half-width forms count as their script."""
    if not ch.isalpha():
        return None
    words = unicodedata.name(ch, "UNKNOWN").split()
    if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1:
        words = words[1:]
    if words[0] in _COMMON:
        return None
    return "HAN" if words[0] in _HAN else words[0]


def _allowed(found: set[str]) -> bool:
    return len(found) <= 1 or any(found <= together for together in _TOGETHER)


def mixed(text: str, *, whole: bool = False) -> str | None:
    """What is wrong with the scripts of text's words (of all of it, if whole), or None.

    The letter reported is the first that does not go with the letters of the most used script
    before and around it, so `NVIDIA Т4` blames the Т, not every Latin letter.
    """
    if text.isascii():  # ASCII letters are all Latin
        return None
    spans = [text] if whole else (w for w in _WORD.findall(text) if not w.isascii())
    for span in spans:
        scripts = [(ch, s) for ch in span if (s := word_script(ch)) is not None]
        found = {s for _, s in scripts}
        if _allowed(found):
            continue
        main = Counter(s for _, s in scripts).most_common(1)[0][0]
        among = {main}
        for ch, s in scripts:
            if not _allowed(among | {s}):
                names = " and ".join(n.title() for n in sorted(among))
                word = next((w for w in _WORD.findall(span) if ch in w), ch)
                unit = "a name or label" if whole else "a word"
                return (
                    f"expected letters of one script in {unit}, got {ch!r} ({unicodedata.name(ch, 'unnamed')}) "
                    f"among {names} letters in {word!r}; retype it"
                )
            among.add(s)
    return None
