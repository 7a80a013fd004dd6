"""A jobdocs project: a folder with ``jobdocs.yaml``, ``roles/`` and optionally ``templates/``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .models import LANGUAGE_PATTERN, ProjectConfig, Role
from .roles import read_roles
from .schema import INVALID, Parser, Where
from .yamlsource import SourceDict, SourceList, load_yaml

PROJECT_FILE = "jobdocs.yaml"


@dataclass
class Project:
    root: Path
    config: ProjectConfig
    roles: dict[str, Role]
    #: The files as read, which know the line of every value (the job-ad checker points at them).
    role_sources: dict[str, SourceDict] = field(default_factory=dict, repr=False)
    config_source: SourceDict | None = field(default=None, repr=False)

    @property
    def languages(self) -> list[str]:
        return self.config.languages

    @property
    def config_file(self) -> Path:
        return self.root / PROJECT_FILE


def load_project(root: Path | str = ".") -> Project:
    """Load and validate the project file and every role; raise :class:`InputError` listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(Problem(str(root), 0, "", "no such folder; pass the project folder with -C DIR"))
    config, config_source = read_config(root)
    roles, role_sources = read_roles(root / "roles", "roles", config.languages)
    return Project(root=root, config=config, roles=roles, role_sources=role_sources, config_source=config_source)


def read_config(root: Path) -> tuple[ProjectConfig, SourceDict | None]:
    """``jobdocs.yaml`` (the defaults when the project has none), and the file as read."""
    path = root / PROJECT_FILE
    raw = load_yaml(path, PROJECT_FILE, empty_ok=True) if path.exists() else None
    if raw is None:
        return ProjectConfig(), None  # every setting is optional
    if not isinstance(raw, SourceDict):
        raise InputError(Problem(PROJECT_FILE, 1, "", "must be a mapping of settings (company: ..., languages: ...)"))
    parser = Parser(_languages(raw))
    config = parser.parse_model(ProjectConfig, raw, Where(PROJECT_FILE, 1, ()))
    if config is INVALID:
        raise InputError(parser.problems)
    return config, raw


def _languages(raw: SourceDict) -> list[str]:
    """The languages, read first because every text field is checked against them."""
    languages = raw.get("languages", ProjectConfig().languages)
    if not isinstance(languages, SourceList) or not languages:
        return ProjectConfig().languages  # parse_model reports the wrong shape
    bad = [Where.of_key(languages, i).problem(f"must be a language code like zh or en, got {code!r}")
           for i, code in enumerate(languages) if not isinstance(code, str) or not _is_language(code)]
    if bad:
        raise InputError(bad)
    return list(languages)


def _is_language(code: str) -> bool:
    return re.fullmatch(LANGUAGE_PATTERN, code) is not None
