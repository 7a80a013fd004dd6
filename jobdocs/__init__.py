"""jobdocs: turn bilingual role definitions into job ads, interview guides and training handouts."""
from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildResult, build  # noqa: E402  (light: WeasyPrint loads only when a PDF is written)
from .project import Project, load_project  # noqa: E402

__all__ = ["BuildResult", "Project", "__version__", "build", "load_project"]
