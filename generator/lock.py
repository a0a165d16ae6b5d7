"""One build at a time: a lock on the project (flock on .build.lock next to docs/).

publish() and each round of the preview server hold it; a second build says it is waiting, and
waits (BUILD_LOCK_TIMEOUT sets a limit). The lock is per open file, so the kernel lets it go when
its holder ends, even when killed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from generator.errors import KEPT, GeneratorError
from generator.write import reason

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not locked
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".build.lock"
LOCK_TIMEOUT = "BUILD_LOCK_TIMEOUT"
"""Seconds to wait for another build before giving up (unset: wait as long as it takes)."""

_held: set[Path] = set()
_guard = threading.RLock()  # one thread of this process at a time, and a nested lock is already held


@contextlib.contextmanager
def project_lock(docs: Path) -> Iterator[None]:
    """Hold the project's build lock (flock on .build.lock next to docs/); wait while another process has it.

    The lock is per open file, so the kernel lets it go when its holder ends, even when killed.
    Nested use in the same process (a serve round calling rebuild) holds it once.
    """
    path = Path(os.path.abspath(docs)).parent / LOCK_FILE
    with _guard:
        if path in _held or fcntl is None:
            yield
            return
        fd = _lock(path)
        _held.add(path)
        try:
            yield
        finally:
            _held.discard(path)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)  # so that the next waiter does not name this process
                os.close(fd)


def _lock(path: Path) -> int | None:
    """Open and lock path; return the descriptor (closing it releases the lock), or None if unlockable."""
    assert fcntl is not None
    timeout = _timeout()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a --docs folder in a folder not made yet
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except PermissionError:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # an existing lock file we may not write
        except OSError as err:
            raise GeneratorError(f"{path}: cannot open the build lock: {reason(err)}; {KEPT}") from None
    except OSError as err:
        raise GeneratorError(f"{path}: cannot open the build lock: {reason(err)}; {KEPT}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        pid = f" (pid {holder})" if holder else ""
        print(f"waiting for another build of {path.parent}{pid} to finish...", file=sys.stderr, flush=True)
        try:
            _wait(fd, path, pid, timeout)
        except BaseException:
            os.close(fd)
            raise
    except OSError as err:  # a file system without locks (some network mounts): build unlocked
        print(f"{path}: cannot lock ({reason(err)}); building without the lock", file=sys.stderr, flush=True)
        os.close(fd)
        return None
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _timeout() -> float | None:
    value = os.environ.get(LOCK_TIMEOUT, "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise GeneratorError(f"{LOCK_TIMEOUT}: expected a number of seconds, got {value!r}")
    return seconds


def _wait(fd: int, path: Path, pid: str, timeout: float | None) -> None:
    """Wait for the lock: blocking, or polling until timeout seconds have passed."""
    assert fcntl is not None
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise GeneratorError(
                    f"another build of {path.parent}{pid} is still running after {timeout:g} s ({LOCK_TIMEOUT}); {KEPT}"
                ) from None
            time.sleep(0.05)


def _holder(fd: int) -> int | None:
    """The pid the lock's holder wrote into the lock file (it may take a moment to write it)."""
    for _ in range(10):
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return int(text)
        time.sleep(0.01)
    return None


# --- what dead runs left -------------------------------------------------------------------------

PREFIXES = (".docs.stage-", ".site.build-", ".mkdocs.stage-")
"""The names of the staging folders and configs a build makes (generator/site.py)."""
_OWNER = re.compile(r"(?:\.docs\.stage-|\.site\.build-|\.mkdocs\.stage-)(\d+)-")
"""The pid in the name of a staging folder or config: the run that made it."""


def clean_leftovers(root: Path) -> None:
    """Remove the staging folders and configs of this run and of runs that are no longer alive.

    A folder whose run is alive (another build of another project using the same folder) stays.
    Nothing is followed: a symbolic link is removed as a link. The old site/ or docs/ that a killed
    run on a system without renameat2 had set aside is put back if nothing took its place.
    Best effort: an error here never hides the run's own outcome.
    """
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(PREFIXES):
            continue
        owner = _OWNER.match(entry.name)
        if owner and int(owner[1]) != os.getpid() and _alive(int(owner[1])):
            continue
        try:
            if owner and entry.name[owner.end() :].startswith("old-"):
                original = root / entry.name[owner.end() + len("old-") :]
                if not os.path.lexists(original):
                    os.rename(entry.path, original)
                    continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, though not ours to signal
    return True
