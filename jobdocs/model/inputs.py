"""The files a project's documents are made of: ``jobdocs.yaml``, ``roles/``, ``templates/`` and the defaults.

Light on purpose (no Jinja2, no YAML): a build asks whether any of them changed before it loads anything.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .assets import MAX_FILE_BYTES, RefusedResource, read_project_file

PROJECT_FILE = "jobdocs.yaml"


def default_templates_dir() -> Path:
    """The packaged defaults: inside the wheel, or the repository's top-level ``templates/``."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise RuntimeError(f"jobdocs is installed without its templates (looked in {package})")


def template_folders(project_root: Path) -> list[Path]:
    """Where templates are looked up: the project's own first, then the packaged defaults."""
    return [folder for folder in (project_root / "templates", default_templates_dir()) if folder.is_dir()]


def input_contents(project_root: Path) -> list[list[str]]:
    """``[path, SHA-256]`` of the project file and every file of ``roles/`` and the template folders.

    Paths are relative to their folder, so a checkout elsewhere (another CI runner) has the same inputs;
    a file the read policy refuses is listed by why (loading or rendering reports it).
    """
    roots = (project_root, default_templates_dir())
    folders = [project_root / "roles", *template_folders(project_root)]
    files = [(project_root, project_root / PROJECT_FILE)] + [(folder, path) for folder in folders
                                                             for path in sorted(folder.rglob("*"))]
    # Not only regular files: a FIFO or a link to a device in roles/ is refused, and that refusal is news.
    return [[path.relative_to(folder).as_posix(), file_digest(path, roots)] for folder, path in files
            if path.is_symlink() or (path.exists() and not path.is_dir())]


def file_digest(path: Path, roots: tuple[Path, ...]) -> str:
    """A file's SHA-256 as the read policy reads it; a file it refuses is hashed by why."""
    try:
        return hashlib.sha256(read_project_file(path, roots, MAX_FILE_BYTES)).hexdigest()
    except (RefusedResource, OSError) as error:
        return f"refused: {error}"
