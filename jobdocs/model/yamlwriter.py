"""Write role and project data as commented YAML, in the order and with the help the models declare.

The files ``jobdocs init`` and ``jobdocs new`` write are read and edited by people with no YAML
habits: every text map is written in block style (one language a line, so a comma in a text is
harmless), and a field's ``#:`` comment in :mod:`jobdocs.model.models` is written above it the first time
it appears in the file.
"""
from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from typing import Any

import yaml

from .json_schema import field_docs, user_fields
from .schema import Text


class YamlWriter:
    """Collects the lines of one file."""

    def __init__(self, *, show_absent: bool):
        #: Whether a field left out is written as a ``# name:`` line, so the file shows every field.
        self.show_absent = show_absent
        self.lines: list[str] = []
        self._explained: set[tuple[type, str]] = set()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines += [" " * indent + "# " + line if line else "" for line in text.splitlines()]

    def fields(self, cls: type, data: dict[str, Any], indent: int = 0) -> None:
        """The fields of ``data`` in the order model ``cls`` declares them."""
        hints = typing.get_type_hints(cls)
        for field in user_fields(cls):
            if field.name not in data and not self.show_absent:
                continue
            self._explain(cls, field.name, indent)
            if field.name in data:
                self.value(hints[field.name], field.name, data[field.name], indent)
            else:
                self.lines.append(" " * indent + f"# {field.name}:")

    def value(self, hint: Any, key: Any, value: Any, indent: int) -> None:
        pad = " " * indent
        hint = unwrap_optional(hint)
        if isinstance(value, list):
            if all(not isinstance(item, (dict, list)) for item in value) and hint_of_items(hint) is not Text:
                self.lines.append(f"{pad}{key}: [{', '.join(scalar(item) for item in value)}]")
                return
            self.lines.append(f"{pad}{key}:")
            for item in value:
                self.item(hint_of_items(hint), item, indent + 2)
        elif isinstance(value, dict) and not value and not dataclasses.is_dataclass(hint):
            self.lines.append(f"{pad}{key}: {{}}")
        elif isinstance(value, dict):
            self.lines.append(f"{pad}{key}:")
            self.mapping(hint, value, indent + 2)
        else:
            self.lines.append(f"{pad}{key}: {scalar(value)}")

    def item(self, hint: Any, value: Any, indent: int) -> None:
        """A list item: its fields one level deeper, the first of them after ``- ``."""
        if not isinstance(value, dict):
            self.lines.append(" " * indent + f"- {scalar(value)}")
            return
        start = len(self.lines)
        self.mapping(unwrap_optional(hint), value, indent + 2)
        first = next(i for i in range(start, len(self.lines)) if not self.lines[i].lstrip().startswith("#"))
        for comment in range(start, first):  # the first field's help goes above the dash
            self.lines[comment] = self.lines[comment][2:]
        self.lines[first] = " " * indent + "- " + self.lines[first][indent + 2:]

    def mapping(self, hint: Any, value: dict[Any, Any], indent: int) -> None:
        if dataclasses.is_dataclass(hint):
            self.fields(typing.cast(type, hint), value, indent)
            return
        value_hint = typing.get_args(hint)[1] if typing.get_origin(hint) is dict else Any
        for key, item in value.items():
            self.value(value_hint, key, item, indent)

    def _explain(self, cls: type, name: str, indent: int) -> None:
        doc = field_docs(cls).get(name)
        if doc and (cls, name) not in self._explained:
            self._explained.add((cls, name))
            self.comment(doc, indent)


def hint_of_items(hint: Any) -> Any:
    return unwrap_optional(typing.get_args(hint)[0]) if typing.get_origin(hint) is list else Any


def unwrap_optional(hint: Any) -> Any:
    """``X | None`` -> ``X``: the writer writes only values that are there."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return options[0] if len(options) == 1 else Any
    return hint


def scalar(value: Any) -> str:
    """A value as YAML reads it back unchanged: plain when that is safe, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if _reads_back(text):
        return text
    if not text.isprintable():
        return '"' + "".join(_escaped(char) for char in text) + '"'
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def _escaped(char: str) -> str:
    """One character inside YAML double quotes."""
    if char in '"\\':
        return "\\" + char
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def _reads_back(text: str) -> bool:
    if not text or "\n" in text or text != text.strip() or text[0] in "\"'":
        return False
    try:
        return bool(yaml.safe_load(f"key: {text}") == {"key": text})
    except (yaml.YAMLError, ValueError):  # ValueError: a date like 2026-02-30
        return False
