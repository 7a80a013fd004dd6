"""Read a YAML file safely into dicts and lists that remember their lines."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Iterable

import yaml

from ..errors import InputError, Problem
from .assets import FileTooLarge, RefusedResource, read_project_file
from .yamltraps import likely_cause

#: A role file is hand-written text; anything larger is a mistake or an attack.
MAX_FILE_BYTES = 512 * 1024
#: Bounds alias expansion ("billion laughs"): a real role has a few hundred nodes.
MAX_NODES = 20_000

#: libyaml's parser is ten times faster; both build only plain nodes (no Python tags).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A syntax error's likely fix, by what the parser says; the first that matches is given.
HINTS = (
    (("'\\t'", "tab"), "indent with spaces only: this line holds a tab"),
    (("block end", "expected key", "block mapping", "block collection", "indentation"),
     "check the indentation: fields at the same level must start in the same column, "
     "and the items of a list under their field"),
    (("",), "wrap a text that contains ': ', ' #' or '?', or starts with '-', '[', '{', '*', '&', '!' or a quote, "
            "in double quotes"),
)
#: Any other tag could make a loader build objects; a role file is plain data.
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
              ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}
MAX_DEPTH = 40


class SourceDict(dict[Any, Any]):
    """A mapping from a YAML file that knows where each key was written."""

    def __init__(self, file: str, path: tuple[Any, ...], line: int):
        super().__init__()
        self.file, self.path, self.line = file, path, line
        self.key_lines: dict[Any, int] = {}
        #: Written as ``{a: 1, b: 2}`` on one line, where a comma ends a text.
        self.flow = False
        #: A flow map's text exactly as the user typed it, ``{...}`` included; empty for a block map.
        self.typed = ""
        #: How a number or a yes/no value was written (``1.10``, ``on``), where YAML changed it.
        self.spellings: dict[Any, str] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class SourceList(list[Any]):
    """A sequence from a YAML file that knows where each item was written."""

    def __init__(self, file: str, path: tuple[Any, ...], line: int):
        super().__init__()
        self.file, self.path, self.line = file, path, line
        self.item_lines: list[int] = []
        self.spellings: dict[int, str] = {}

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def format_path(path: tuple[Any, ...]) -> str:
    """``('competencies', 2, 'level')`` -> ``competencies[2].level``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path, shown_as: str, *, empty_ok: bool = False, roots: Iterable[Path] = ()) -> Any:
    """Parse one YAML file; raise :class:`InputError` naming the file and line on any mistake.

    An empty file (or one of comments only) is ``None`` with ``empty_ok``, else a mistake. The file
    must lie inside ``roots`` once resolved (by default its own folder): see :func:`read_project_file`.
    """
    text = _read_text(path, shown_as, tuple(roots) or (path.parent,))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise InputError(_syntax_problem(error, shown_as, text)) from None
    except yaml.YAMLError as error:
        raise InputError(Problem(shown_as, 1, "", f"not valid YAML: {error}")) from None
    if node is None and not empty_ok:
        what = "is empty" if not text.strip() else "holds only comments"
        raise InputError(Problem(shown_as, 1, "", f"the file {what}; write the role's fields in it"))
    return None if node is None else _Converter(shown_as, text).convert(node, ())


def _read_text(path: Path, shown_as: str, roots: tuple[Path, ...]) -> str:
    try:
        data = read_project_file(path, roots, MAX_FILE_BYTES)
    except FileTooLarge:
        raise InputError(Problem(shown_as, 1, "", f"the file is over the {MAX_FILE_BYTES // 1024} KiB limit; "
                                                  "check nothing was pasted in by mistake")) from None
    except RefusedResource as error:
        raise InputError(Problem(shown_as, 0, "", f"{error}; jobdocs reads only regular files inside the project")) \
            from None
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


def _syntax_problem(error: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][:column]:
        what += " (a tab)"  # libyaml does not say so
    cause = likely_cause(lines, line)
    if cause and cause[0] != line:
        return Problem(shown_as, cause[0], "", f"YAML syntax error: {cause[1]}")
    hint = cause[1] if cause else next(hint for needles, hint in HINTS if any(needle in what for needle in needles))
    return Problem(shown_as, line, "", f"YAML syntax error at column {column}: {what}; {hint}")


class _Converter:
    """Turns a composed node graph into Source* containers, counting expanded nodes."""

    def __init__(self, shown_as: str, text: str = ""):
        self.shown_as = shown_as
        self.text = text
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0
        #: The top-level field being read: an alias bomb is reported where it is used, not where it is defined.
        self.field_line = 1

    def convert(self, node: yaml.Node, path: tuple[Any, ...], depth: int = 0) -> Any:
        self.nodes += 1
        line = node.start_mark.line + 1
        if self.nodes > MAX_NODES:
            raise self.problem(self.field_line, path[:1], f"the file expands to more than {MAX_NODES} values "
                                                          "(are aliases '*name' nested?); write the values out instead")
        if depth > MAX_DEPTH:
            raise self.problem(line, path, f"values are nested more than {MAX_DEPTH} levels deep "
                                           "(or an alias '*name' refers to itself)")
        if node.tag not in PLAIN_TAGS:
            raise self.problem(line, path, f"the tag {node.tag} is not allowed; write plain text, numbers or lists")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, line, depth)
        if isinstance(node, yaml.SequenceNode):
            result = SourceList(self.shown_as, path, line)
            for index, item in enumerate(node.value):
                result.item_lines.append(item.start_mark.line + 1)
                result.append(self.convert(item, (*path, index), depth + 1))
                _keep_spelling(result.spellings, index, item, result[-1])
            return result
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as error:
            kind = {"timestamp": "date", "int": "whole number", "float": "number"}.get(node.tag.rpartition(":")[2],
                                                                                       "value")
            raise self.problem(line, path, f"{node.value!r} is not a valid {kind} ({error}); "
                                           "put it in quotes if it is text") from None

    def problem(self, line: int, path: tuple[Any, ...], message: str) -> InputError:
        return InputError(Problem(self.shown_as, line, format_path(path), message))

    def _mapping(self, node: yaml.MappingNode, path: tuple[Any, ...], line: int, depth: int) -> SourceDict:
        result = SourceDict(self.shown_as, path, line)
        result.flow = bool(node.flow_style)
        if result.flow:  # libyaml's marks count characters, so they index the text as read
            result.typed = self.text[node.start_mark.index:node.end_mark.index]
        merge_lines = [key.start_mark.line + 1 for key, _ in node.value if key.tag == "tag:yaml.org,2002:merge"]
        try:
            self.constructor.flatten_mapping(node)  # resolves '<<' merge keys
        except (yaml.YAMLError, RecursionError):
            raise self.problem(merge_lines[0] if merge_lines else line, path,
                               "the merge key '<<' must be followed by an alias like *defaults") from None
        for key_node, value_node in node.value:
            key = self.convert(key_node, path, depth + 1)
            key_line = key_node.start_mark.line + 1
            if not path:
                self.field_line = key_line
            if isinstance(key, (dict, list)):
                raise InputError(Problem(self.shown_as, key_line, format_path(path), "a key must be a plain word"))
            if key in result:
                raise InputError(Problem(
                    self.shown_as, key_line, format_path((*path, key)),
                    f"written twice (first on line {result.key_lines[key]}); keep one",
                ))
            result.key_lines[key] = key_line
            result[key] = self.convert(value_node, (*path, key), depth + 1)
            _keep_spelling(result.spellings, key, value_node, result[key])
        return result


def _keep_spelling(spellings: dict[Any, str], key: Any, node: yaml.Node, value: Any) -> None:
    """A plain scalar YAML read as a number or yes/no value that does not print as it was written.

    (libyaml gives a plain scalar the style '', the pure-Python parser None.)
    """
    if isinstance(value, (bool, int, float)) and isinstance(node, yaml.ScalarNode) and not node.style \
            and str(value) != node.value:
        spellings[key] = node.value
