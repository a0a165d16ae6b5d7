"""A copy of the project with what a build needs, for tests, benchmarks and audits to build in."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

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


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """YAML as an editor writes it: keys in order, Hangul as is, and no aliases (the facts file allows none)."""
    return str(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False))


def synthetic(count: int) -> str:
    """A valid facts file with `count` accelerators: the real ones, copied under new ids."""
    data = yaml.safe_load((ROOT / "content/accelerators.yaml").read_text(encoding="utf-8"))
    real = data["accelerators"]
    copies = []
    for i in range(count):
        acc = yaml.safe_load(dump_yaml(real[i % len(real)]))
        if i >= len(real):
            acc["id"] = f"{acc['id']}-{i}"
            name = acc["name"]
            acc["name"] = {k: f"{v} #{i}" for k, v in name.items()} if isinstance(name, dict) else f"{name} #{i}"
            for option in acc.get("options") or []:  # option ids are row ids: unique too
                option["id"] = f"{option['id']}-{i}"
        copies.append(acc)
    data["accelerators"] = copies
    rows = {acc["id"] for acc in copies} | {o["id"] for acc in copies for o in acc.get("options") or []}
    if "measurements" in data:  # only those run on a row that is still there
        data["measurements"] = [m for m in data["measurements"] if m["accelerator"] in rows]
    return "# yaml-language-server: $schema=accelerators.schema.json\n" + dump_yaml(data)
