"""Write rendered files into docs/: only files whose bytes changed, and never a hand-written file.

The generator owns exactly the files listed in docs/.generated, the record of its last run. That is
how it removes its own files that no longer have a source without ever touching a file a person
wrote: the `generated:` first line of a page is only a note to readers, never trusted, since any
hand-written page could begin with it. (MkDocs skips dot-files, so the record is not published.)

Before writing anything it also refuses a set of pages in which one page would hide another: two
generated pages with the same address, or a hand-written page at a generated page's address
(mkdocs-static-i18n publishes `compare.md`, `compare/index.md` and `compare.en.md` at the same
address, and the hand-written one wins).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.addresses import MARKDOWN, clashes, page_address, site_files
from generator.errors import GeneratorError

MANIFEST = ".generated"


class FileError(GeneratorError):
    """The file system refused a write; the message names the file as the reader knows it, and why."""


@dataclass
class Written:
    """What a write changed, by path relative to the output folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed"


def write_pages(
    pages: Mapping[str, str], out: Path, shown: str | None = None, *, default: str | None = None
) -> Written:
    """Bring out/ in line with pages; raise GeneratorError before writing if a file a person wrote is in the way.

    shown is how messages name out/ (publish() writes into a staging copy but names docs/).
    """
    name = str(out) if shown is None else shown
    owned = generated_files(out)
    check_pages(pages, out, owned, name, default)
    result = Written()
    rel = MANIFEST
    try:
        _remove_unfinished(out, set(pages) | owned)
        # Record a file before creating it: a run killed midway (serve writes docs/ in place) leaves
        # no file of its own that the next run would take for a hand-written one.
        if set(pages) - owned:
            _record(out, owned | set(pages))
        for rel, text in sorted(pages.items()):
            target = out / rel
            data = text.encode("utf-8")
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                result.unchanged.append(rel)
                continue
            replace_file(target, data)
            result.written.append(rel)
        for rel in sorted(owned - set(pages)):
            path = out / rel
            if _inside(path.parent, out) and (path.is_symlink() or path.is_file()):
                path.unlink()
                result.removed.append(rel)
                _prune(path.parent, out)
        rel = MANIFEST
        _record(out, set(pages))
    except OSError as err:
        raise FileError(f"{name}/{rel}: {reason(err)}") from None
    return result


def _record(out: Path, files: set[str]) -> None:
    """Write the record of the generator's files (docs/.generated), unless it already says that."""
    manifest = "".join(f"{rel}\n" for rel in sorted(files)).encode("utf-8")
    path = out / MANIFEST
    if not path.is_file() or path.read_bytes() != manifest:
        replace_file(path, manifest)


def check_pages(pages: Mapping[str, str], out: Path, owned: set[str], shown: str, default: str | None = None) -> None:
    """Raise GeneratorError if writing pages into out/ would overwrite or hide a file a person wrote.

    Checked, in this order: generated pages that share an address; generated files whose place
    holds a file the record does not list (or lies behind a symbolic link); hand-written pages at
    the address of a generated page; and, given the default language, any two files (or a file and
    one MkDocs writes itself) published at one path of the site (addresses.py).
    """
    locales = {address[1] for rel in pages if (address := page_address(rel, set())) and address[1]}
    generated: dict[str, list[tuple[str, str | None]]] = {}
    for rel in sorted(pages):
        address = page_address(rel, locales)
        if address is not None:
            generated.setdefault(address[0], []).append((rel, address[1]))
    for url, names in generated.items():
        clash = [(a, b) for i, (a, la) in enumerate(names) for b, lb in names[i + 1 :] if _same_language(la, lb)]
        if clash:
            first, second = clash[0]
            raise GeneratorError(
                f"{shown}/{first} and {shown}/{second}: two generated pages with the same address "
                f"({_url(url)}), so one would hide the other; rename the id or page name that makes one "
                "of them (an accelerator cannot be called 'index' or 'README'). Nothing was written."
            )
    folders = {PurePosixPath(rel).parent for rel in pages}
    outside = sorted(found for folder in folders if (found := _outside(out / folder / "x", out)) is not None)
    if outside:
        raise GeneratorError(
            f"{shown}/{outside[0]}: a symbolic link, or behind one; the generator writes its files only "
            "into folders of docs/ itself; replace the link with a folder. Nothing was written."
        )
    blocked = [rel for rel in pages if os.path.lexists(out / rel) and rel not in owned]
    if blocked:
        raise GeneratorError(
            f"{shown}/{blocked[0]}: expected a generated page, got a hand-written file; "
            "rename it or move it, the generator will not overwrite it"
        )
    problems = []
    for rel in _hand_written_pages(out, set(pages) | owned):
        address = page_address(rel, locales)
        if address is None:
            continue
        hidden = [g for g, lang in generated.get(address[0], []) if _same_language(lang, address[1])]
        if hidden:
            listed = " and ".join(f"{shown}/{g}" for g in hidden)
            problems.append(
                f"{shown}/{rel}: a hand-written page at {_url(address[0])}, the address of the generated "
                f"{listed}, which it would hide; rename it, move it to another folder, or delete it"
            )
    if not problems and default is not None:  # every file of docs/ as it will be, MkDocs' own files too
        kept = (set(site_files(out)) - (owned - set(pages))) | set(pages)
        problems = clashes(kept, locales, default, shown)
    if problems:
        raise GeneratorError("\n".join([*problems, "Nothing was written."]))


def _same_language(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _url(address: str) -> str:
    return f"/{address}/" if address else "/"


def _hand_written_pages(out: Path, ours: set[str]) -> list[str]:
    """Every Markdown file under out/ that MkDocs would publish and the generator did not write."""
    return [rel for rel in site_files(out) if rel.endswith(MARKDOWN) and rel not in ours]


def generated_files(out: Path) -> set[str]:
    """The files the previous run wrote, as its record lists them (empty if there was none).

    Only plain relative paths count: a line naming a place outside out/ is ignored.
    """
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in lines if _plain(line)}


def _plain(rel: str) -> bool:
    path = PurePosixPath(rel)
    return bool(rel) and not path.is_absolute() and not {"..", "."} & set(rel.split("/")) and rel != MANIFEST


def _outside(path: Path, top: Path) -> str | None:
    """The first part of path below top that is a symbolic link, as a path relative to top; None if none is."""
    current = top
    for part in path.relative_to(top).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return current.relative_to(top).as_posix()
        if not current.exists():
            return None
    return None


def _inside(folder: Path, top: Path) -> bool:
    """Whether folder is top or a folder below it reached without a symbolic link."""
    return _outside(folder / "x", top) is None


def reason(err: OSError) -> str:
    """What the OS said, without Python's decoration."""
    return err.strerror or str(err)


_UNFINISHED = ".tmp-"
"""replace_file's temporary files are named .<name>.tmp-<random>: a run killed between writing and
renaming leaves one, which the next write of the same folder removes (`_remove_unfinished`)."""


def _remove_unfinished(out: Path, ours: set[str]) -> None:
    """Remove the temporary files a killed run left beside the generator's own files (never another file)."""
    names: dict[Path, set[str]] = {}
    for rel in ours:
        path = out / rel
        names.setdefault(path.parent, set()).add(path.name)
    for folder, owned in names.items():
        if not folder.is_dir() or not _inside(folder, out):
            continue
        for entry in os.scandir(folder):
            name, dot, rest = entry.name[1:].rpartition(_UNFINISHED)
            if (
                entry.name.startswith(".")
                and dot
                and name in owned
                and len(rest) == 8
                and entry.is_file(follow_symlinks=False)
            ):
                os.unlink(entry.path)


def replace_file(target: Path, data: bytes) -> None:
    """Write data to target through a temporary file, so a reader never sees half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{_UNFINISHED}", dir=target.parent)
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
    while folder != top and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
