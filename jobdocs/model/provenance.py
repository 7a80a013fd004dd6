"""Where each value of a model was written: its file, line, field path and the role whose file it is.

Inheritance is resolved once (:mod:`jobdocs.model.roles`); the merged mapping remembers, for every key,
the file it came from (:class:`MergedDict`), and :func:`trace` records each value's place under its path
in the model. Later stages (lint, placeholders) ask the model, ``role.origin(field)``,
and never read the YAML again, as Sphinx's warnings take a node with its source and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from collections.abc import Callable

from ..errors import Problem
from .yamlsource import SourceDict, SourceList, format_path

FieldPath = tuple[str | int, ...]
_PART = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")


@dataclass(frozen=True)
class Origin:
    """The place of one value: ``FILE:LINE: FIELD`` as the user wrote it, and the role whose file that is."""

    file: str
    line: int
    #: The field's path in ``file`` (``competencies[1].name``), which may differ from its path in the
    #: merged model when the value is inherited.
    field: str
    #: The id of the role whose file wrote the value; empty for ``jobdocs.yaml``.
    role_id: str

    def problem(self, message: str) -> Problem:
        """An input problem with the value here."""
        return Problem(self.file, self.line, self.field, message)


class MergedDict(SourceDict):
    """A mapping merged from several files (a role and its ancestors): each key knows its own file."""

    def __init__(self, file: str, path: tuple[Any, ...], line: int):
        super().__init__(file, path, line)
        self.key_files: dict[Any, str] = {}

    def file_of(self, key: Any) -> str:
        return self.key_files.get(key, self.file)

    def take(self, source: SourceDict, key: Any, value: Any) -> None:
        """Set ``key`` to ``value``, written at ``source``'s place for ``key``."""
        self[key] = value
        self.key_lines[key] = source.line_of(key)
        self.key_files[key] = file_of(source, key)
        self.spellings.pop(key, None)
        if key in source.spellings:
            self.spellings[key] = source.spellings[key]


def file_of(container: SourceDict | SourceList, key: Any) -> str:
    return container.file_of(key) if isinstance(container, MergedDict) else container.file


def trace(root: SourceDict, role_of: Callable[[str], str]) -> dict[str, Origin]:
    """Every value under ``root`` by its path in the model (``employment.salary.min``, ``title.en``)."""
    origins = {"": Origin(root.file, 1, "", role_of(root.file))}
    pending: list[tuple[SourceDict | SourceList, FieldPath]] = [(root, ())]
    while pending:
        node, model_path = pending.pop()
        keys = range(len(node)) if isinstance(node, SourceList) else list(node)
        for key in keys:
            value = node[key]
            nested = isinstance(value, (SourceDict, SourceList))
            file = file_of(node, key)
            written_path = value.path if nested else (*node.path, key)
            origins[format_path((*model_path, key))] = Origin(file, node.line_of(key), format_path(written_path),
                                                               role_of(file))
            if nested:
                pending.append((value, (*model_path, key)))
    return origins


def parse_path(field: str) -> FieldPath:
    """``competencies[2].name`` -> ``('competencies', 2, 'name')``."""
    return tuple(int(index) if index else name for name, index in _PART.findall(field))


def origin_in(origins: dict[str, Origin], field: str) -> Origin:
    """The place of ``field``; for a field not written, the place of the nearest one around it that is."""
    parts = parse_path(field)
    for depth in range(len(parts), -1, -1):
        found = origins.get(format_path(parts[:depth]))
        if found is not None:
            if depth == len(parts):
                return found
            # Where the missing field would be written: under the written one, in its file.
            return Origin(found.file, found.line, format_path(parse_path(found.field) + parts[depth:]), found.role_id)
    return Origin("", 0, field, "")


class Traced:
    """A model that knows where each of its values was written (set by the loader)."""

    origins: dict[str, Origin]

    def origin(self, field: str = "") -> Origin:
        """Where ``field`` (a path like ``employment.salary`` or ``competencies[0].name.en``) was written."""
        return origin_in(self.origins, field)
