"""A copy of the project with what a build needs, for tests, benchmarks and audits to build in."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ("content", "generator", "theme", "docs/assets", "mkdocs.yml")
"""Everything `python -m generator build` reads; docs/ (apart from its assets) and site/ are outputs."""


def copy_project(dest: Path) -> Path:
    """Copy the build inputs into dest (which may exist) and return dest."""
    for part in BUILD_INPUTS:
        source, target = ROOT / part, dest / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest
