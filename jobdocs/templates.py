"""The sandboxed Jinja2 environment: a project's templates first, the packaged defaults last."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from .errors import InputError, Problem
from .yamlsource import load_yaml

#: Document kinds, each one template of this name plus ``.html``.
KINDS = ("job-ad", "interview-guide", "training-handout")
LABELS_FILE = "labels.yaml"
#: Lets an override extend the default it replaces: ``{% extends "!default/job-ad.html" %}``.
DEFAULT_PREFIX = "!default"


def default_templates_dir() -> Path:
    """The packaged defaults: inside the wheel, or the repository's top-level ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise RuntimeError(f"jobdocs is installed without its templates (looked in {here})")


class Templates:
    """Renders document templates and reports their mistakes as ``FILE:LINE`` problems."""

    def __init__(self, project_root: Path):
        self.project_root = project_root
        self.default_dir = default_templates_dir()
        self.search_path = [d for d in (project_root / "templates", self.default_dir) if d.is_dir()]
        default_loader = jinja2.FileSystemLoader(self.default_dir)
        self.env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader([
                jinja2.FileSystemLoader(self.search_path),
                jinja2.PrefixLoader({DEFAULT_PREFIX: default_loader}),
            ]),
            undefined=jinja2.StrictUndefined,
            # HTML is escaped; the stylesheet is not (it is raw text inside <style>).
            autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True, default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["page_fields"] = page_fields
        self.env.filters["css_string"] = css_string
        self._labels: dict[str, dict] | None = None

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render one template; a mistake in it becomes an :class:`InputError` naming its file and line."""
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise InputError(Problem(self.shown(error.filename), error.lineno or 0, "template",
                                     f"syntax error: {error.message}")) from None
        except jinja2.TemplateNotFound as error:
            raise InputError(Problem(self.shown(None), 0, "template", f"no template named {error.name!r}")) from None
        except (jinja2.UndefinedError, SecurityError, jinja2.TemplateError, TypeError, ValueError,
                KeyError, IndexError, AttributeError, ZeroDivisionError) as error:
            file, line = self._template_frame(error)
            if isinstance(error, SecurityError):
                message = f"not allowed in a template: {error}"
            elif isinstance(error, jinja2.UndefinedError):
                message = f"uses something undefined: {error.message}"
            else:
                message = f"{type(error).__name__}: {error}"
            raise InputError(Problem(file, line, "template", message)) from None

    def labels(self, language: str) -> dict[str, Any]:
        """The words around the role's text, in ``language``; English fills any gap."""
        if self._labels is None:
            self._labels = {}
            for directory in reversed(self.search_path):  # defaults first, the project's overrides on top
                path = directory / LABELS_FILE
                if path.is_file():
                    for lang, words in load_yaml(path, self.shown(str(path))).items():
                        self._labels.setdefault(lang, {}).update(words)
        return {**self._labels.get("en", {}), **self._labels.get(language, {})}

    def shown(self, filename: str | None) -> str:
        """A template's path as the user knows it: relative to the project, or the packaged default's."""
        if not filename:
            return "templates"
        path = Path(filename).resolve()
        try:
            return str(path.relative_to(self.project_root.resolve()))
        except ValueError:
            return str(path)

    def _template_frame(self, error: BaseException) -> tuple[str, int]:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if any(Path(frame.filename).resolve().is_relative_to(d.resolve()) for d in self.search_path)]
        if not frames:
            return "templates", 0
        return self.shown(frames[-1].filename), frames[-1].lineno or 0


def page_fields(label: str) -> Markup:
    """``"Page {page} of {pages}"`` with the page counters the PDF and the DOCX fill in."""
    return Markup(str(escape(label)).replace("{page}", '<span class="page-number"></span>')
                  .replace("{pages}", '<span class="page-count"></span>'))


def css_string(text: str) -> Markup:
    """Quote a text for use as a CSS string."""
    return Markup('"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
