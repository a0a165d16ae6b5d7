"""Shared fixtures: the project root, the real catalogs and facts, and the --update-golden flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.load import load_facts
from generator.model import Facts
from generator.strings import Catalog, load_catalogs
from tools.chromium import chromium

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing (then read the diff)",
    )


@pytest.fixture(scope="session")
def catalogs() -> list[Catalog]:
    return load_catalogs(ROOT / "content/i18n", "content/i18n")


@pytest.fixture(scope="session")
def languages(catalogs: list[Catalog]) -> tuple[str, ...]:
    return tuple(c.locale for c in catalogs)


@pytest.fixture(scope="session")
def facts(languages: tuple[str, ...]) -> Facts:
    return load_facts(ROOT / "content/accelerators.yaml", "content/accelerators.yaml", languages)


@pytest.fixture(scope="session")
def minimal(languages: tuple[str, ...]) -> Facts:
    return load_facts(ROOT / "tests/data/valid/minimal.yaml", "minimal.yaml", languages)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (tests marked `browser`)."""
    with chromium() as started:
        yield started
