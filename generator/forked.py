"""Work on both cores: one item in this process, each other in a process forked from it.

fork makes a worker cheap (everything already imported, the template environment already made); it
is safe on Linux only (macOS's system libraries are not fork-safe; Windows has no fork), so
elsewhere, and on one core, the items are done one after the other. The results are the same either
way: tests/test_render.py compares the two.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on (a container's share, where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and cores() >= 2


def each_apart(function: Callable[[T], R], items: Sequence[T], *, parallel: bool = True) -> list[R]:
    """[function(item) for item in items], the first item here and each other in a forked process.

    An exception in a worker is raised here, as if the item had been done here (the first item's
    first); a worker that dies without a word raises RuntimeError.
    """
    if len(items) < 2 or not parallel or not can_fork():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for item in items[1:]:
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=_worker, args=(function, item, send), daemon=True)
            worker.start()
            send.close()
            workers.append((worker, receive))
        first = function(items[0])
        results: list[Any] = [first]
        for worker, receive in workers:
            try:
                ok, value = receive.recv()
            except EOFError:
                worker.join()
                raise RuntimeError(f"a worker process ended without a result (exit code {worker.exitcode})") from None
            worker.join()
            if not ok:
                raise value
            results.append(value)
        return results
    finally:
        for worker, _ in workers:
            if worker.is_alive():
                worker.kill()
                worker.join()


def _worker(function: Callable[[Any], Any], item: Any, send: Any) -> None:
    die_with_parent()
    try:
        send.send((True, function(item)))
    except BaseException as err:  # reaches the parent, which raises it
        try:
            send.send((False, err))
        except Exception:  # an exception that cannot be pickled
            send.send((False, RuntimeError(f"{type(err).__name__}: {err}")))
    finally:
        send.close()
        os._exit(0)  # not sys.exit: nothing of the parent's (atexit, buffers) runs twice


def die_with_parent() -> None:
    """Linux: have the kernel end this process if the parent dies (a killed build leaves no workers)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
