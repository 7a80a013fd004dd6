"""Find placeholder texts (``TODO: ...``) left in a project, with the file, line and field the model knows.

``jobdocs new`` writes a ``TODO:`` text wherever the user has to write one, in every language,
and ``jobdocs init`` does so for a language it has no example text in. The marker is plain ASCII
at the start of the text, so it is recognisable whatever the language around it.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Iterable, Iterator

from ..errors import Problem
from ..model.provenance import Traced
from ..model.roles import never_stop
from ..model.schema import Text
from ..model.yamlsource import format_path

if TYPE_CHECKING:
    from ..model.models import Role
    from ..model.project import Project

MARKER = "TODO:"


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().upper().startswith(MARKER)


def placeholder(prompt: str) -> str:
    """The text written where the user has to write one."""
    return f"{MARKER} {prompt}"


def placeholders_in(model: Traced) -> list[Problem]:
    """One warning per field of ``model`` that still holds a placeholder; a text's languages are named together."""
    return list(_walk(model, model, ()))


def _walk(model: Traced, value: Any, path: tuple[Any, ...]) -> Iterator[Problem]:
    if isinstance(value, Text):
        languages = [language for language, text in value.items() if is_placeholder(text)]
        if languages:
            first = model.origin(format_path((*path, languages[0]) if languages[0] != "*" else path))
            yield _problem(first.file, first.line, model.origin(format_path(path)).field, value[languages[0]],
                           [language for language in languages if language != "*"])
    elif isinstance(value, str):
        if is_placeholder(value):
            where = model.origin(format_path(path))
            yield _problem(where.file, where.line, where.field, value, [])
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if not field.metadata.get("internal"):
                yield from _walk(model, getattr(value, field.name), (*path, field.name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(model, item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(model, item, (*path, key))


def _problem(file: str, line: int, field: str, text: str, languages: list[str]) -> Problem:
    which = f" ({', '.join(map(str, languages))})" if languages else ""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Problem(file, line, field, f"still holds the placeholder {shown!r}{which}; write the real text in its place")


def placeholder_problems(project: Project, role_ids: Iterable[str] | None = None,
                         stop: Callable[[], None] = never_stop) -> list[Problem]:
    """The placeholders in ``jobdocs.yaml`` and in the roles given (and their parents); all by default.

    ``stop()``, called before each role, raises to end the search there.
    """
    roles: dict[str, Role] = {}
    for asked in project.roles if role_ids is None else role_ids:
        role_id: str | None = asked
        while role_id in project.roles and role_id not in roles:  # a site page's target has no role
            roles[role_id] = project.roles[role_id]
            role_id = project.roles[role_id].extends
    models: list[Traced] = [project.config, *roles.values()]
    problems: set[Problem] = set()
    for model in models:
        stop()
        problems.update(placeholders_in(model))
    return sorted(problems)
