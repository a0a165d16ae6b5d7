"""Write rendered files into docs/: only files whose bytes changed, and never a hand-written file.

The generator owns the files listed in docs/.generated (the manifest of its last run) and any
Markdown page whose first line carries render.MARKER. That is how it removes its own files that no
longer have a source without ever touching a page a person wrote. (MkDocs skips dot-files, so the
manifest is not published.)
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError
from generator.render import MARKER

MANIFEST = ".generated"


@dataclass
class Written:
    """What a write changed, by path relative to the output folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed"


def is_generated(path: Path) -> bool:
    """Whether a file was written by the generator (its first line carries the marker)."""
    try:
        with path.open("rb") as f:
            return f.readline().startswith(f"{MARKER}:".encode())
    except OSError:
        return False


def write_pages(pages: dict[str, str], out: Path) -> Written:
    """Bring out/ in line with pages; raise GeneratorError before writing if a hand-written file is in the way."""
    owned = generated_files(out)
    blocked = [rel for rel in pages if (out / rel).exists() and rel not in owned and not is_generated(out / rel)]
    if blocked:
        raise GeneratorError(
            f"{out}/{blocked[0]}: expected a generated page, got a hand-written file; "
            "rename it or move it, the generator will not overwrite it"
        )
    result = Written()
    for rel, text in sorted(pages.items()):
        target = out / rel
        data = text.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            result.unchanged.append(rel)
            continue
        replace_file(target, data)
        result.written.append(rel)
    marked = {p.relative_to(out).as_posix() for p in out.rglob("*.md") if is_generated(p)} if out.exists() else set()
    for rel in sorted((owned | marked) - set(pages)):
        path = out / rel
        if path.is_file():
            path.unlink()
            result.removed.append(rel)
            _prune(path.parent, out)
    manifest = "".join(f"{rel}\n" for rel in sorted(pages)).encode("utf-8")
    if not (out / MANIFEST).exists() or (out / MANIFEST).read_bytes() != manifest:
        replace_file(out / MANIFEST, manifest)
    return result


def generated_files(out: Path) -> set[str]:
    """The files the previous run wrote (empty if there was none)."""
    try:
        return set((out / MANIFEST).read_text(encoding="utf-8").splitlines())
    except OSError:
        return set()


def replace_file(target: Path, data: bytes) -> None:
    """Write data to target through a temporary file, so a reader never sees half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(folder: Path, top: Path) -> None:
    """Remove folders the removal left empty, up to (not including) top."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
