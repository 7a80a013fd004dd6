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


#: How a packaged default template is named among the inputs: apart from a project's own ``templates/``.
DEFAULTS = "(defaults)"


def input_contents(project_root: Path) -> dict[str, str]:
    """``path: SHA-256`` of the project file and of every file in ``roles/`` and the template folders.

    Paths are the project's (``roles/x.yaml``; a packaged default is ``(defaults)/x.html``), so a checkout
    elsewhere (another CI runner) has the same inputs; a file the read policy refuses is listed by why
    (loading or rendering reports it).
    """
    defaults = default_templates_dir()
    roots = (project_root, defaults)
    folders = [project_root / "roles", *template_folders(project_root)]
    files = [project_root / PROJECT_FILE] + [path for folder in folders for path in sorted(folder.rglob("*"))]
    # Not only regular files: a FIFO or a link to a device in roles/ is refused, and that refusal is news.
    return {_shown(path, project_root, defaults): file_digest(path, roots) for path in files
            if path.is_symlink() or (path.exists() and not path.is_dir())}


def _shown(path: Path, project_root: Path, defaults: Path) -> str:
    if path.is_relative_to(defaults) and not path.is_relative_to(project_root):
        return f"{DEFAULTS}/{path.relative_to(defaults).as_posix()}"
    return path.relative_to(project_root).as_posix()


def file_digest(path: Path, roots: tuple[Path, ...]) -> str:
    """A file's SHA-256 as the read policy reads it; a file it refuses is hashed by why."""
    try:
        return hashlib.sha256(read_project_file(path, roots, MAX_FILE_BYTES)).hexdigest()
    except (RefusedResource, OSError) as error:
        return f"refused: {error}"
