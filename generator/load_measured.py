"""Cross-checks of the measurements (`measurements:`) against the rest of the facts file.

The model checks each measurement alone (its unit, its model's size); this checks what it names
elsewhere: the row it was measured on (an accelerator, or an option of one with options), the
planner task it compares with (of the kind its figure needs) and the model shape it names.
load.py calls it with the other cross-references, on the plain data, so every problem has its line.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.load import Document

TRAINING_WHAT = frozenset({"train_tokens_per_s"})
"""Measurements that compare with a training task; the speeds of generating compare with an inference task."""
EITHER_WHAT = frozenset({"peak_memory_gb"})
"""Measurements that may compare with either kind of task."""


def check_measurements(doc: Document, data: dict[str, Any]) -> None:
    """Record a problem for each row, task or model shape a measurement names that the facts do not have."""
    measurements = data.get("measurements")
    if not isinstance(measurements, list) or not measurements:
        return
    planner = data.get("planner")
    if not isinstance(planner, dict):
        doc.problem(("measurements",), "expected a planner section to compare the measurements with, got none")
        return
    rows, parents = _rows(data)
    tasks = {t["id"]: t.get("kind") for t in _dicts(planner.get("tasks")) if isinstance(t.get("id"), str)}
    shapes = [m["id"] for m in _dicts(planner.get("models")) if isinstance(m.get("id"), str)]
    for i, item in enumerate(measurements):
        if not isinstance(item, dict):
            continue
        _accelerator(doc, ("measurements", i, "accelerator"), item.get("accelerator"), rows, parents)
        _task(doc, ("measurements", i, "task"), item.get("task"), item.get("what"), tasks)
        shape = item.get("shape")
        if isinstance(shape, str) and shape not in shapes:
            doc.problem(
                ("measurements", i, "shape"),
                f"expected the id of one of planner.models, got '{shape}'{_hint(shape, shapes)}; "
                "for a model not on file, give 'params' (billions) instead",
            )


def _rows(data: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    """Ids of the rows (accelerators without options, and options), and each accelerator's options."""
    rows: list[str] = []
    parents: dict[str, list[str]] = {}
    for acc in _dicts(data.get("accelerators")):
        options = [o["id"] for o in _dicts(acc.get("options")) if isinstance(o.get("id"), str)]
        if isinstance(acc.get("id"), str):
            if options:
                parents[acc["id"]] = options
            else:
                rows.append(acc["id"])
        rows += options
    return rows, parents


def _accelerator(
    doc: Document, loc: tuple[str | int, ...], value: Any, rows: list[str], parents: dict[str, list[str]]
) -> None:
    if not isinstance(value, str) or value in rows:
        return
    if value in parents:
        options = ", ".join(parents[value])
        doc.problem(loc, f"expected the id of one of {value}'s options ({options}), got '{value}'")
    else:
        doc.problem(loc, f"expected the id of an accelerator or of an option, got '{value}'{_hint(value, rows)}")


def _task(doc: Document, loc: tuple[str | int, ...], value: Any, what: Any, tasks: dict[str, Any]) -> None:
    if not isinstance(value, str):
        return
    if value not in tasks:
        doc.problem(loc, f"expected the id of one of planner.tasks, got '{value}'{_hint(value, list(tasks))}")
        return
    if not isinstance(what, str) or what in EITHER_WHAT:
        return
    needed = "training" if what in TRAINING_WHAT else "inference"
    if tasks[value] != needed:
        doc.problem(loc, f"expected a task of kind {needed} for {what}, got '{value}' (kind {tasks[value]})")


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
