"""The library's one-document call: :func:`render` gives the bytes of one document, writing nothing.

It goes the way a build goes (the same plan, HTML, sandbox, asset policy and limits, the writer in a
worker process), so that a web app can serve one job ad on request without its process being bounded.
"""
from __future__ import annotations

from pathlib import Path

from .batch.build import project_limits, refuse_broken, render_all, showing_broken, write_settings
from .batch.options import Selection
from .batch.quick import build_day
from .batch.plan import plan
from .batch.workers import Task, run_tasks
from .errors import DocumentFailed, InputError, argument_problem
from .model.project import load_project


def render(project_dir: Path | str, role: str, kind: str, language: str, format: str = "pdf") -> bytes:
    """The bytes of one document: ``role``'s ``kind`` in ``language``, as ``format`` (pdf, docx, html...).

    Raises :class:`InputError` for a bad project or argument (a role file that does not validate, when
    it is this role's or one this document shows), :class:`DocumentFailed` when writing it
    failed or passed its time or memory limit. No file is written, and no worker starts for ``html``.
    """
    project = load_project(project_dir, keep_going=True)  # another role's mistake does not stop this one
    refuse_broken(project, Selection(roles=[role]))
    chosen = plan(project, roles=[role], kinds=[kind], formats=[format], languages=[language])
    targets = [target for target in chosen if not target.is_site]  # not the careers site's index
    if not targets:
        raise InputError(argument_problem("formats", f"the {format} format is not written for a {kind}"))
    if showing_broken(project, targets):  # it would print the project without that role
        raise InputError(project.problems)
    [target] = targets
    settings = write_settings(project, None, project_limits(project))
    documents = render_all(project, targets, created=settings.created, today=build_day(), limits=settings.limits)
    [outcome] = run_tasks([Task(target, documents[target.document])], settings, jobs=1)
    if outcome.error:
        raise DocumentFailed(f"{target.relative_path}: {outcome.error}")
    return outcome.data
