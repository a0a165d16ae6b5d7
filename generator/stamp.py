"""A build that would change nothing is skipped: a record of what the last build read and wrote.

`make build` run again with nothing changed would load the facts, render every page and run
MkDocs only to write the same bytes. Instead the build records, in `.build-stamp` next to the
build lock, a fingerprint of its inputs taken before it starts (the facts, catalogs, glossary,
translation record, the generator and its templates, `theme/`, `mkdocs.yml`, the hand-written
files of `docs/`, the environment variables the build reads, the versions of Python and MkDocs'
packages) and one of its outputs taken after it succeeds (the generated files of `docs/` and the
whole `site/`). The next build that finds both unchanged stops there.

A fingerprint is made from each file's path, size, modification time (to the nanosecond) and
inode, not its bytes: a save writes a new file or moves the time. (Not the change time: the build
itself moves it, staging docs/ with hard links.) Inputs are fingerprinted before the build reads
them, so a page saved while a build runs is built next time.
Only standard-library modules are imported here, so that the check costs next to nothing.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

STAMP = ".build-stamp"
ENVIRONMENT = ("SITE_URL", "SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2", "markdown", "markdown-it-py", "pyyaml")
GENERATED = ".generated"


def _walk(path: Path) -> Iterable[Path]:
    if path.is_dir():
        for folder, dirs, files in os.walk(path):
            dirs.sort()
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in sorted(files):
                yield Path(folder, name)
    elif os.path.lexists(path):
        yield path


def _listing(files: Iterable[Path]) -> bytes:
    """Each file's path, size, modification time and inode, one line each."""
    lines = []
    for file in files:
        try:
            st = os.lstat(file)
        except OSError:
            continue
        lines.append(f"{file}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n")
    return "".join(lines).encode("utf-8", "surrogateescape")


def _generated(docs: Path) -> set[Path]:
    try:
        lines = (docs / GENERATED).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {docs / line for line in lines if line}


def inputs(read: Iterable[Path], docs: Path) -> str:
    """The fingerprint of what a build reads: the given files and folders, docs/'s hand-written files, and more."""
    digest = hashlib.sha256()
    digest.update(_listing(file for path in read for file in _walk(path)))
    generated = _generated(docs) | {docs / GENERATED}
    digest.update(_listing(file for file in _walk(docs) if file not in generated))
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name)}\n".encode())
    digest.update(f"{sys.version}\n".encode())
    for package in PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} missing\n".encode())
    return digest.hexdigest()


def outputs(docs: Path, site: Path) -> str:
    """The fingerprint of what a build wrote: docs/'s generated files (and its record) and all of site/."""
    digest = hashlib.sha256(_listing(sorted(_generated(docs) | {docs / GENERATED})))
    digest.update(_listing(_walk(site)))
    return digest.hexdigest()


def unchanged(stamp: Path, before: str, docs: Path, site: Path) -> bool:
    """Whether the last build read these very inputs and its outputs are still as it left them."""
    try:
        recorded = stamp.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return False
    return recorded[:1] == [before] and recorded[1:2] == [outputs(docs, site)]


def record(stamp: Path, before: str, docs: Path, site: Path) -> None:
    """Note a successful build (best effort: without a record the next build simply runs)."""
    tmp = stamp.with_name(f"{stamp.name}.{os.getpid()}")
    try:
        tmp.write_text(f"{before}\n{outputs(docs, site)}\n", encoding="ascii")
        os.replace(tmp, stamp)
    except OSError:
        tmp.unlink(missing_ok=True)
