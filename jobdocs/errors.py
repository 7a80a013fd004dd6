"""Errors a user can act on: each names the file, the line and the field."""
from __future__ import annotations

from dataclasses import dataclass

import click

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_RENDER_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a user's file, printed as ``FILE:LINE: FIELD: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


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

