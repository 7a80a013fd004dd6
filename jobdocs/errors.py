"""Errors a user can act on: each names the file, the line and the field."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import click

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_RENDER_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3


#: An error stops what it is found in (``lint`` exits 1, ``validate`` 2); a warning is reported,
#: and fails a build only under ``--strict``.
Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing found at a place in a user's file, printed as ``FILE:LINE: FIELD: message``.

    The same type serves input errors, lint findings, warnings and failed documents: ``code`` is
    stable (what ``lint.ignore`` and scripts match on), ``found`` holds the words found and ``fix``
    what to write instead, where a check knows them.
    """

    file: str
    line: int
    field: str
    message: str
    code: str = ""
    severity: Severity = "error"
    found: str = ""
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem for ``--json``: every field, and its text form."""
        return {**asdict(self), "text": str(self)}


class JobdocsError(click.ClickException):
    """Base of every error jobdocs reports without a traceback."""

    exit_code = EXIT_BAD_INPUT


class InputError(JobdocsError):
    """The user's roles, project file or templates are wrong; nothing was written."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = sorted(set(problems if isinstance(problems, list) else [problems]))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def format_message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} found, nothing was written:\n{self.message}"

