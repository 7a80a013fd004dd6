"""The files a project's build makes, by name: one document in one format, or a file of the careers site.

Below the HTML stage, so that the careers pages (``html/web.py``) and the site writer can name the files they
link to without knowing how a batch plans them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Target is made without loading a project: a no-op build never does
    from .project import Project

#: The role id of the careers site's own files, which sit at the top of the output folder and cover
#: every role: ``index.<lang>.html`` (kind ``index``) and ``sitemap.xml`` (kind ``sitemap``, no language).
SITE = ""
#: The template of each site-level kind; the sitemap is written by jobdocs, with no template.
SITE_TEMPLATES = {"index": "careers-index.html"}
#: What each output was built from, beside the outputs (see :mod:`jobdocs.batch.manifest`).
MANIFEST_FILE = "manifest.json"
LOGO_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}


@dataclass(frozen=True, order=True)
class Target:
    """One output file: ``<role>/<kind>.<language>.<format>``."""

    role_id: str
    kind: str
    language: str
    format: str

    @property
    def name(self) -> str:
        return f"{self.kind}.{self.language}.{self.format}" if self.language else f"{self.kind}.{self.format}"

    @property
    def relative_path(self) -> str:
        return f"{self.role_id}/{self.name}" if self.role_id != SITE else self.name

    @property
    def is_site(self) -> bool:
        return self.role_id == SITE

    @property
    def document(self) -> tuple[str, str, str]:
        """The (role, kind, language) whose single HTML this target is written from."""
        return self.role_id, self.kind, self.language


def logo_target(project: Project) -> Target:
    """``logo.png`` (or ``.jpg``, ``.gif``) at the top of the site, as the logo's image type says."""
    media_type = project.logo_url[len("data:"):].partition(";")[0]
    return Target(SITE, "logo", "", LOGO_EXTENSIONS[media_type])
