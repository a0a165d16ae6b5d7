"""A third language needs only a catalog, prose fields and configuration: no code change.

The fixture adds French ('fr') to a copy of the project, with every French text made from the
English one ("FR " + English), builds the whole site, and checks the French pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.parallel import build_site
from tests.conftest import ROOT
from tests.test_e2e import tree_hashes
from tools.workspace import copy_project, dump_yaml

pytestmark = pytest.mark.e2e

FRENCH_CONFIG = """\
        - locale: fr
          name: Français
          build: true
          site_name: Accélérateurs Colab
          nav_translations:
            Accelerators: Accélérateurs
          extra:
            not_found:
              title: Page introuvable
              text: Il n'y a pas de page à cette adresse.
              home: Aller à l'accueil
"""


def _add_french(value: Any, key: str = "") -> Any:
    """Give every prose field (and alias list) a French text made from its English one.

    Glossary terms stay English in French, so that French prose uses its glossary's terms.
    """
    if isinstance(value, dict):
        if set(value) == {"en", "ko"}:
            english = value["en"]
            french = english if key == "term" or not isinstance(english, str) else f"FR {english}"
            return {**value, "fr": french}
        return {k: _add_french(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_add_french(v) for v in value]
    return value


def _french_catalog(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _french_catalog(v) for k, v in value.items()}
    return f"FR {value}" if isinstance(value, str) else value


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("third-language"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "        - locale: ko\n" in config
    (project / "mkdocs.yml").write_text(
        config.replace("        - locale: ko\n", FRENCH_CONFIG + "        - locale: ko\n")
    )
    for name in ("accelerators.yaml", "glossary.yaml"):
        path = project / "content" / name
        data = _add_french(yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(dump_yaml(data), encoding="utf-8")
    english = yaml.safe_load((ROOT / "content/i18n/en.yaml").read_text(encoding="utf-8"))
    french = _french_catalog({k: v for k, v in english.items() if k != "meta"})
    french = {"meta": {"name": "Français", "default": False, "scripts": ["Latin"]}, **french}
    (project / "content/i18n/fr.yaml").write_text(yaml.safe_dump(french, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "(fr): translation may be stale" in run.stderr  # new translations wait for review
    return project / "site"


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_french_pages_are_built_in_french(french_site: Path) -> None:
    page = _page(french_site, "fr/compare/index.html")
    assert page.html is not None and page.html.get("lang") == "fr"
    assert page.find("h1") is not None and page.find("h1").get_text().startswith("FR Comparison")
    accelerator = _page(french_site, "fr/accelerators/t4/index.html").get_text()
    assert "FR NVIDIA's Turing-generation inference GPU" in accelerator


def test_the_language_switch_offers_all_three(french_site: Path) -> None:
    page = _page(french_site, "fr/accelerators/t4/index.html")
    switch = {str(a.get("hreflang")) for a in page.select("a.md-select__link")}
    assert switch == {"en", "fr", "ko"}
    alternates = {str(link.get("hreflang")) for link in page.select("link[hreflang]")}
    assert alternates == {"en", "fr", "ko", "x-default"}


def test_french_has_its_own_search_index_and_404_page(french_site: Path) -> None:
    assert (french_site / "fr/search/search_index.json").is_file()
    assert "FR " in (french_site / "fr/search/search_index.json").read_text(encoding="utf-8")
    assert _page(french_site, "fr/404.html").find("h1").get_text() == "Page introuvable"
    assert _page(french_site, "404.html").html.get("lang") == "en"


def test_three_languages_built_in_parallel_give_the_sequential_bytes(
    french_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    config = french_site.parent / "mkdocs.yml"
    build_site(config, tmp_path / "sequential", parallel=False)
    build_site(config, tmp_path / "parallel")
    sequential, together = tree_hashes(tmp_path / "sequential"), tree_hashes(tmp_path / "parallel")
    assert "sequential/fr/search/search_index.json" in sequential
    assert {k.split("/", 1)[1]: v for k, v in sequential.items()} == {
        k.split("/", 1)[1]: v for k, v in together.items()
    }
