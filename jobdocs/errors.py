"""Errors a user can act on: each names the file, the line and the field."""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Literal

import click

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_RENDER_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3


#: Characters a terminal or CI log would act on rather than show: controls, bidi overrides (U+202E),
#: zero-width and other format characters, surrogates, private-use and unassigned code points.
UNSHOWN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str) -> str:
    """``text`` with every character a log would act on written as an escape (``\\x0b``, ``\\u202e``).

    Every user's string that jobdocs prints goes through this, so a file named with U+202E cannot
    spoof another name in a CI log, nor a newline forge a message line.
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(char.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(char) in UNSHOWN_CATEGORIES else char for char in text)


def printable_lines(text: str) -> str:
    """:func:`printable` for a message of several lines: each line escaped, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


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
        where = f"{printable(self.file)}:{self.line}" if self.line else printable(self.file)
        message = printable(self.message)
        return f"{where}: {printable(self.field)}: {message}" if self.field else f"{where}: {message}"

    def as_dict(self) -> dict[str, object]:
        """The problem for ``--json``: every field, and its text form."""
        return {**asdict(self), "text": str(self)}


class JobdocsError(click.ClickException):
    """Base of every error jobdocs reports without a traceback."""

    exit_code = EXIT_BAD_INPUT

    def format_message(self) -> str:
        return printable_lines(self.message)


class InputError(JobdocsError):
    """The user's roles, project file or templates are wrong; nothing was written."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = sorted(set(problems if isinstance(problems, list) else [problems]))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def format_message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} found, nothing was written:\n{self.message}"

