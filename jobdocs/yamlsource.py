"""Read a YAML file safely into dicts and lists that remember their lines."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

#: A role file is hand-written text; anything larger is a mistake or an attack.
MAX_FILE_BYTES = 512 * 1024
#: Bounds alias expansion ("billion laughs"): a real role has a few hundred nodes.
MAX_NODES = 20_000

#: libyaml's parser is ten times faster; both build only plain nodes (no Python tags).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

QUOTING_HINT = (
    "wrap a text that contains ': ', ' #', '?' or starts with '-', '[', '{', '*', '&', '!' or a quote "
    "in double quotes, and indent nested fields by the same number of spaces"
)


class SourceDict(dict):
    """A mapping from a YAML file that knows where each key was written."""

    def __init__(self, file: str, path: tuple, line: int):
        super().__init__()
        self.file, self.path, self.line = file, path, line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class SourceList(list):
    """A sequence from a YAML file that knows where each item was written."""

    def __init__(self, file: str, path: tuple, line: int):
        super().__init__()
        self.file, self.path, self.line = file, path, line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def format_path(path: tuple) -> str:
    """``('competencies', 2, 'level')`` -> ``competencies[2].level``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path, shown_as: str) -> Any:
    """Parse one YAML file; raise :class:`InputError` naming the file and line on any mistake."""
    text = _read_text(path, shown_as)
    if not text.strip():
        raise InputError(Problem(shown_as, 1, "", "the file is empty; write the role's fields in it"))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise InputError(_syntax_problem(error, shown_as)) from None
    except yaml.YAMLError as error:
        raise InputError(Problem(shown_as, 1, "", f"not valid YAML: {error}")) from None
    if node is None:
        raise InputError(Problem(shown_as, 1, "", "the file holds only comments; write the role's fields in it"))
    return _Converter(shown_as).convert(node, ())


def _read_text(path: Path, shown_as: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(Problem(shown_as, 0, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"))
        data = path.read_bytes()
    except OSError as error:
        raise InputError(Problem(shown_as, 0, "", f"cannot read the file: {error.strerror}")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(Problem(
            shown_as, line, "",
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8 in your editor",
        )) from None


def _syntax_problem(error: yaml.MarkedYAMLError, shown_as: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    return Problem(shown_as, line, "", f"YAML syntax error at column {column}: {what}; {QUOTING_HINT}")


class _Converter:
    """Turns a composed node graph into Source* containers, counting expanded nodes."""

    def __init__(self, shown_as: str):
        self.shown_as = shown_as
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0

    def convert(self, node: yaml.Node, path: tuple) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError(Problem(
                self.shown_as, node.start_mark.line + 1, format_path(path),
                f"the file expands to more than {MAX_NODES} values (are aliases '*name' nested?); "
                "write the values out instead",
            ))
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, line)
        if isinstance(node, yaml.SequenceNode):
            result = SourceList(self.shown_as, path, line)
            for index, item in enumerate(node.value):
                result.item_lines.append(item.start_mark.line + 1)
                result.append(self.convert(item, path + (index,)))
            return result
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError:
            raise InputError(Problem(
                self.shown_as, line, format_path(path),
                f"the tag {node.tag} is not allowed; write plain text, numbers or lists",
            )) from None

    def _mapping(self, node: yaml.MappingNode, path: tuple, line: int) -> SourceDict:
        result = SourceDict(self.shown_as, path, line)
        self.constructor.flatten_mapping(node)  # resolves '<<' merge keys
        for key_node, value_node in node.value:
            key = self.convert(key_node, path)
            key_line = key_node.start_mark.line + 1
            if isinstance(key, (dict, list)):
                raise InputError(Problem(self.shown_as, key_line, format_path(path), "a key must be a plain word"))
            if key in result:
                raise InputError(Problem(
                    self.shown_as, key_line, format_path(path + (key,)),
                    f"written twice (first on line {result.key_lines[key]}); keep one",
                ))
            result.key_lines[key] = key_line
            result[key] = self.convert(value_node, path + (key,))
        return result
