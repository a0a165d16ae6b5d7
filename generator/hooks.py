"""MkDocs hooks (mkdocs.yml `hooks:`) for what the i18n plugin leaves undone.

mkdocs-static-i18n builds each language into the same site/ in turn, and MkDocs writes the theme's
404.html at the root every time, so the last language built would own /404.html. Here each
language's 404 page goes to its own folder (/ko/404.html) and the default language keeps /404.html.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

_SAVED = ".404.default.html"


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Keep the default language's 404 page at the root and put the others under their locale."""
    site = Path(config["site_dir"])
    page = site / "404.html"
    i18n = config["plugins"].get("i18n")
    if i18n is None or not page.exists():
        return
    language = i18n.current_language
    if language == i18n.default_language:
        shutil.copyfile(page, site / _SAVED)
        return
    (site / language).mkdir(exist_ok=True)
    page.replace(site / language / "404.html")
    saved = site / _SAVED
    if saved.exists():
        shutil.copyfile(saved, page)
        if language == i18n.build_languages[-1]:
            saved.unlink()
