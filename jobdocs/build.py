"""Orchestrate a build: load and validate everything, render every HTML, then write each format."""
from __future__ import annotations

import datetime
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .assets import AssetPolicy
from .errors import EXIT_OK, EXIT_RENDER_FAILED, InputError, Problem
from .fonts import cjk_font_warning, font_stack
from .project import Project, load_project
from .render.html import RenderedHtml, render_html
from .templates import KINDS, Templates, default_templates_dir

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "docx")


@dataclass(frozen=True, order=True)
class Target:
    """One output file: ``<role>/<kind>.<language>.<format>``."""

    role_id: str
    kind: str
    language: str
    format: str

    @property
    def name(self) -> str:
        return f"{self.kind}.{self.language}.{self.format}"

    @property
    def relative_path(self) -> str:
        return f"{self.role_id}/{self.name}"


@dataclass(frozen=True)
class WriteSettings:
    """What writing a PDF or DOCX needs besides the HTML; small and picklable for worker processes."""

    project_root: Path
    font_family: str
    page_size: str
    color: str
    created: datetime.datetime | None

    @property
    def base_url(self) -> str:
        return self.project_root.resolve().as_uri() + "/"

    def asset_policy(self) -> AssetPolicy:
        return AssetPolicy(roots=(self.project_root, default_templates_dir()))


@dataclass
class BuildResult:
    out_dir: Path
    built: list[Target] = field(default_factory=list)
    failed: list[tuple[Target, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_RENDER_FAILED if self.failed else EXIT_OK

    def summary(self) -> str:
        text = f"built {len(self.built)} documents in {self.seconds:.1f} s into {self.out_dir}"
        return text + (f"; {len(self.failed)} failed" if self.failed else "")


def build(project_dir: Path | str = ".", out_dir: Path | str | None = None, *, roles: Iterable[str] = (),
          kinds: Iterable[str] = (), formats: Iterable[str] = (), languages: Iterable[str] = ()) -> BuildResult:
    """Build the selected documents of the project in ``project_dir``; empty selections mean all."""
    started = time.perf_counter()
    project = load_project(project_dir)
    result = BuildResult(out_dir=Path(out_dir) if out_dir else project.root / "output")
    targets = plan(project, roles=roles, kinds=kinds, formats=formats, languages=languages)
    warning = cjk_font_warning(sorted({target.language for target in targets}))
    if warning:
        result.warnings.append(warning)
    documents = render_all(project, targets)  # every template mistake surfaces before a file is written
    settings = write_settings(project)
    for target in targets:
        _write_target(target, documents[target.role_id, target.kind, target.language], settings, result)
    result.seconds = time.perf_counter() - started
    return result


def plan(project: Project, *, roles: Iterable[str] = (), kinds: Iterable[str] = (), formats: Iterable[str] = (),
         languages: Iterable[str] = ()) -> list[Target]:
    """Every target of the selection, in a stable order; an unknown name is an input error."""
    chosen_roles = _choose("role", list(roles), list(project.roles))
    chosen_kinds = _choose("kind", list(kinds), list(KINDS))
    chosen_formats = _choose("format", list(formats), list(FORMATS))
    chosen_languages = _choose("language", list(languages), project.languages)
    return [Target(role_id, kind, language, fmt) for role_id in chosen_roles for kind in chosen_kinds
            for language in chosen_languages for fmt in chosen_formats]


def render_all(project: Project, targets: list[Target]) -> dict[tuple[str, str, str], RenderedHtml]:
    """Render each (role, kind, language) once; both formats are written from this HTML."""
    templates = Templates(project.root)
    keys = sorted({(target.role_id, target.kind, target.language) for target in targets})
    return {key: render_html(project, templates, *key) for key in keys}


def write_settings(project: Project) -> WriteSettings:
    return WriteSettings(project_root=project.root, font_family=font_stack(), page_size=project.config.page_size,
                         color=project.config.color, created=document_date(project))


def document_date(project: Project) -> datetime.datetime | None:
    """The date stamped into documents: ``SOURCE_DATE_EPOCH``, else the posting date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    posted = project.config.posting.date_posted
    return datetime.datetime.combine(posted, datetime.time()) if posted else None


def write_document(document: RenderedHtml, fmt: str, settings: WriteSettings) -> tuple[bytes, list[str]]:
    """The bytes of one format, and the resources the policy refused while making them."""
    policy = settings.asset_policy()
    if fmt == "pdf":
        from .render.pdf import write_pdf  # WeasyPrint is heavy: import it only to write a PDF

        data = write_pdf(document, settings.base_url, policy)
    else:
        from .render.docx import write_docx

        data = write_docx(document, font_family=settings.font_family, page_size=settings.page_size,
                          color=settings.color, base_url=settings.base_url, policy=policy,
                          subject=document.title.split(" · ")[-1],
                          created=settings.created or datetime.datetime(2000, 1, 1))
    return data, policy.refused


def _write_target(target: Target, document: RenderedHtml, settings: WriteSettings, result: BuildResult) -> None:
    from .output import output_path, write_atomic

    path = output_path(result.out_dir, target.role_id, target.name)
    try:
        data, refused = write_document(document, target.format, settings)
    except Exception as error:  # one bad document must not stop the others
        logger.debug("rendering %s failed", target.relative_path, exc_info=True)
        result.failed.append((target, f"{type(error).__name__}: {error}"))
        return
    for resource in refused:
        result.warnings.append(f"templates/{target.kind}.html: {target.relative_path}: refused {resource}")
    write_atomic(path, data)
    result.built.append(target)


def _choose(what: str, chosen: list[str], known: list[str]) -> list[str]:
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise InputError([Problem(f"--{what}", 0, "", f"unknown {what} {name!r}; choose from {', '.join(known)}")
                          for name in unknown])
    return [name for name in known if name in chosen] if chosen else known
