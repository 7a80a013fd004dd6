"""Errors a user can act on: each names the file, the line and the field."""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .batch.output import Holder

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


class JobdocsError(Exception):
    """Base of every error jobdocs reports without a traceback; ``str()`` is the whole message, printable.

    Library errors know nothing of the command line: ``jobdocs.cli`` maps each class to its exit code.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        #: Each thing found, with its place; an error about no one file (a locked folder) has none.
        self.problems: list[Problem] = problems or []

    def __str__(self) -> str:
        return printable_lines(self.message)  # what a log shows: no control character acts on it


class InputError(JobdocsError):
    """The user's roles, project file, templates or arguments are wrong; nothing was written."""

    def __init__(self, problems: list[Problem] | Problem):
        found = sorted(set(problems if isinstance(problems, list) else [problems]))
        super().__init__("\n".join(str(problem) for problem in found), found)

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{count} {noun} found, nothing was written:\n{self.message}"


class OutputError(JobdocsError):
    """The output folder cannot be written: a full or read-only disk, or a folder deleted during the build."""


class OutputLocked(JobdocsError):
    """Another build holds the output folder; ``holder`` is what its lock file says of it, if anything."""

    def __init__(self, message: str, holder: Holder | None = None):
        super().__init__(message)
        self.holder = holder


class DocumentFailed(JobdocsError):
    """A document could not be written: its writer failed, or it passed its time or memory limit."""


def argument_problem(argument: str, message: str, code: str = "") -> Problem:
    """A bad value of a library call's ``argument`` (``roles``, ``languages``...); the CLI names its option."""
    return Problem(f"the {argument} argument", 0, "", message, code=code)
