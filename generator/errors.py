"""The one error type the generator raises, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located to the line (and to the character, where known)."""

    file: str
    line: int
    path: str
    message: str
    column: int = 0
    """1 for a line's first character; 0 where the problem is a value's, not one character's."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        where += f":{self.column}" if self.line and self.column else ""
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


KEPT = "docs/ and site/ were left as they were."
"""How a failed build's message ends: nothing the reader or the editor has was changed."""


class GeneratorError(Exception):
    """Base of every error the generator reports to a person; the CLI prints it and exits 1."""


class InputError(GeneratorError):
    """Raised when an input file (facts or catalog) is unreadable or invalid; lists every problem."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = sorted(set(problems))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(p) for p in self.problems]
        files = sorted({p.file for p in self.problems if p.file}) or [file]
        lines.append(f"Error: {count} {noun} in {' and '.join(files)}; nothing was written.")
        super().__init__("\n".join(lines))


class BuildError(GeneratorError):
    """Raised when MkDocs fails to build the generated pages; the previous site/ is kept."""


class UsageError(GeneratorError):
    """Raised when the command line names what the facts do not have (an accelerator, a task, a model shape)
    or a number the planner refuses; the CLI prints it and exits 2, as for any other bad argument."""
