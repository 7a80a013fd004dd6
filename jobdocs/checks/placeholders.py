"""Find placeholder texts (``TODO: ...``) left in the files as read, with their file, line and field.

``jobdocs new`` writes a ``TODO:`` text wherever the user has to write one, in every language,
and ``jobdocs init`` does so for a language it has no example text in. The marker is plain ASCII
at the start of the text, so it is recognisable whatever the language around it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..errors import Problem
from ..model.yamlsource import SourceDict, SourceList, format_path

if TYPE_CHECKING:
    from ..model.project import Project

MARKER = "TODO:"


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().upper().startswith(MARKER)


def placeholder(prompt: str) -> str:
    """The text written where the user has to write one."""
    return f"{MARKER} {prompt}"


def placeholders_in(source: SourceDict | SourceList | None, languages: list[str]) -> list[Problem]:
    """One warning per field that still holds a placeholder; a text map's languages are named together."""
    return list(_walk(source, languages)) if source is not None else []


def _walk(node: Any, languages: list[str]) -> Iterator[Problem]:
    if isinstance(node, SourceDict):
        texts = [key for key, value in node.items() if is_placeholder(value)]
        if texts and all(key in languages or key == "*" for key in node):
            yield _problem(node.file, node.line_of(texts[0]), node.path, node[texts[0]], texts)
        else:
            for key in texts:
                yield _problem(node.file, node.line_of(key), node.path + (key,), node[key], [])
        for value in node.values():
            yield from _walk(value, languages)
    elif isinstance(node, SourceList):
        for index, value in enumerate(node):
            if is_placeholder(value):
                yield _problem(node.file, node.line_of(index), node.path + (index,), value, [])
            yield from _walk(value, languages)


def _problem(file: str, line: int, path: tuple, text: str, languages: list) -> Problem:
    which = f" ({', '.join(map(str, languages))})" if languages else ""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Problem(file, line, format_path(path),
                   f"still holds the placeholder {shown!r}{which}; write the real text in its place")


def placeholder_problems(project: Project, role_ids: Iterable[str] | None = None) -> list[Problem]:
    """The placeholders in ``jobdocs.yaml`` and in the files of the roles (and their parents) given; all by default."""
    files: dict[str, SourceDict] = {}
    for role_id in project.roles if role_ids is None else role_ids:
        while role_id in project.roles and role_id not in files:  # a site page's target has no role
            files[role_id] = project.role_sources[role_id]
            role_id = project.roles[role_id].extends
    sources = [project.config_source, *files.values()]
    return sorted({problem for source in sources for problem in placeholders_in(source, project.languages)})
