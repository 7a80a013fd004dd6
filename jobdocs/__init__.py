"""jobdocs: turn bilingual role definitions into job ads, interview guides and training handouts.

Importing this package loads no build machinery: each public name is imported on first use.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:  # the redundant aliases say these are re-exported, for mypy --strict and ruff
    from .api import render as render
    from .batch.build import build as build
    from .batch.result import BuildResult as BuildResult
    from .batch.options import BuildOptions as BuildOptions, Selection as Selection
    from .model.outputs import Target as Target
    from .batch.workers import Outcome as Outcome
    from .errors import (DocumentFailed as DocumentFailed, InputError as InputError, JobdocsError as JobdocsError,
                         OutputError as OutputError, OutputLocked as OutputLocked, Problem as Problem)
    from .model.project import Project as Project, load_project as load_project
    from .writers import Writer as Writer

#: Each public name and the module that defines it.
_EXPORTS = {
    "JobdocsError": "jobdocs.errors",
    "InputError": "jobdocs.errors",
    "OutputError": "jobdocs.errors",
    "OutputLocked": "jobdocs.errors",
    "DocumentFailed": "jobdocs.errors",
    "Problem": "jobdocs.errors",
    "Selection": "jobdocs.batch.options",
    "BuildOptions": "jobdocs.batch.options",
    "Target": "jobdocs.model.outputs",
    "Outcome": "jobdocs.batch.workers",
    "BuildResult": "jobdocs.batch.result",
    "build": "jobdocs.batch.build",
    "Project": "jobdocs.model.project",
    "load_project": "jobdocs.model.project",
    "render": "jobdocs.api",
    "Writer": "jobdocs.writers",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'jobdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
