"""Turn YAML data into typed models, collecting every problem with its file, line and field.

The models in :mod:`jobdocs.model.models` are plain dataclasses; their type hints and
field metadata are the schema, so a field is declared once and checked here.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime
import difflib
import functools
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal
from collections.abc import Callable, Sequence

from ..errors import Problem
from .provenance import file_of
from .yamlsource import SourceDict, SourceList, format_path
from .yamltraps import misread_text_map

#: The value a field had when it could not be parsed; the caller then reports and stops.
INVALID: Any = object()
#: A field's checks, as :func:`rule` stores them in its metadata.
Meta = dict[str, Any]


class Text(dict[str, str]):
    """A text in several languages: ``{language: text}``; the key ``*`` serves every language."""

    def get_text(self, language: str) -> str:
        return self[language] if language in self else self["*"]


def localized(text: Text | str) -> str:
    """A model's text after ``html.render.localize()`` has put one language's string in place of the Text."""
    if not isinstance(text, str):
        raise TypeError(f"a text of a model not localized: {text!r}")
    return text


class Checks(typing.TypedDict, total=False):
    """Checks shared by several fields, passed on to :func:`rule` as ``**checks``."""

    pattern: str
    normalise: Callable[[str], str | None]
    choices: Sequence[str]
    hint: str


def rule(default: Any = dataclasses.MISSING, *, range: tuple[int, int | None] | None = None,
         pattern: str | None = None, min_items: int = 0, keys: tuple[int, int] | None = None,
         normalise: Callable[[str], str | None] | None = None, choices: Sequence[str] = (), hint: str = "") -> Any:
    """A dataclass field with the checks the loader applies to it.

    ``range`` bounds a number (an upper bound of None: no upper bound); ``normalise`` turns a text into
    its canonical spelling, or None when it is not a known value (then ``hint`` says what is); ``choices``,
    the canonical spellings, tell an editor what it may write.
    """
    metadata = {"range": range, "pattern": pattern, "min_items": min_items, "keys": keys, "normalise": normalise,
                "choices": tuple(choices), "hint": hint}
    if isinstance(default, (list, dict)) or dataclasses.is_dataclass(default):
        return dataclasses.field(default_factory=lambda: copy.deepcopy(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Where:
    """The place of one value in a user's file."""

    file: str
    line: int
    path: tuple[Any, ...]
    #: How the value was written, when YAML read it as something else (``on`` is true, ``1.10`` is 1.1).
    spelling: str | None = None

    @classmethod
    def of_key(cls, container: SourceDict | SourceList, key: Any) -> Where:
        return cls(file_of(container, key), container.line_of(key), (*container.path, key),
                   container.spellings.get(key))

    @classmethod
    def missing(cls, container: SourceDict, key: str) -> Where:
        return cls(container.file, container.line, (*container.path, key))

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, format_path(self.path), message)


class Parser:
    """Parses values against type hints; problems accumulate in :attr:`problems`."""

    def __init__(self, languages: list[str]):
        self.languages = languages
        self.problems: list[Problem] = []

    def report(self, where: Where, message: str) -> Any:
        self.problems.append(where.problem(message))
        return INVALID

    def parse(self, hint: Any, value: Any, where: Where, meta: Meta | None = None) -> Any:
        meta = meta or {}
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            return None if value is None else self.parse(_option_for(options, value), value, where, meta)
        if origin is Literal:
            return self._choice(typing.get_args(hint), value, where)
        if origin is list:
            return self._list(typing.get_args(hint)[0], value, where, meta)
        if origin is dict:
            return self._dict(typing.get_args(hint), value, where, meta)
        if dataclasses.is_dataclass(hint):
            return self.parse_model(typing.cast(type, hint), value, where)
        scalar = _SCALARS.get(hint)
        if scalar is None:
            raise TypeError(f"no parser for {hint!r}")
        return scalar(self, value, where, meta)

    def parse_model(self, cls: type, value: Any, where: Where, *, partial: bool = False) -> Any:
        """Parse a mapping into ``cls``; with ``partial``, required fields may be missing."""
        if not isinstance(value, SourceDict):
            return self.report(where, f"must be a mapping of fields ({_field_names(cls)}), got {_describe(value)}")
        before = len(self.problems)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal")}
        hints = type_hints(cls)
        for key in value:
            if key not in fields:
                guess = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
                advice = f"did you mean '{guess[0]}'?" if guess else f"known fields: {', '.join(fields)}"
                if "extra" in fields and not guess:
                    advice += f"; a field of your own goes under 'extra:' (extra: {{{key}: ...}})"
                self.report(Where.of_key(value, key), f"unknown field; {advice}")
        kwargs = {}
        for name, field in fields.items():
            if name in value and value[name] is not None:
                kwargs[name] = self.parse(hints[name], value[name], Where.of_key(value, name), dict(field.metadata))
            elif _is_required(field) and not partial:
                self.report(Where.missing(value, name), "required field is missing")
        if len(self.problems) > before or partial:
            return INVALID
        model = cls(**kwargs)
        # A model's own checks across its fields; not named "check", which is a role-file field (follow_up).
        problems = getattr(model, "problems", None)
        if problems is not None:
            for key, message in problems():
                self.report(_where_at(value, key if isinstance(key, tuple) else (key,)), message)
        return INVALID if len(self.problems) > before else model

    def _choice(self, choices: tuple[Any, ...], value: Any, where: Where) -> Any:
        if value in choices:
            return value
        text = ", ".join(map(str, choices))
        guess = difflib.get_close_matches(str(value).upper() if str(choices[0]).isupper() else str(value),
                                          list(map(str, choices)), n=1, cutoff=0.5)
        advice = f"; did you mean '{guess[0]}'?" if guess else ""
        return self.report(where, f"must be one of {text}; got {value!r}{advice}")

    def _list(self, item_hint: Any, value: Any, where: Where, meta: Meta) -> Any:
        if isinstance(value, str) and value.startswith("-"):
            return self.report(where, f"must be a list: put a space after each '-', like '- {value[1:].split(' -')[0]}'")
        if not isinstance(value, SourceList):
            return self.report(where, f"must be a list (lines starting with '- '), got {_describe(value)}")
        if len(value) < meta.get("min_items", 0):
            return self.report(where, f"needs at least {meta['min_items']} item(s)")
        items = [self.parse(item_hint, item, Where.of_key(value, index), item_meta(meta))
                 for index, item in enumerate(value)]
        return INVALID if any(item is INVALID for item in items) else items

    def _dict(self, args: tuple[Any, Any], value: Any, where: Where, meta: Meta) -> Any:
        key_hint, value_hint = args
        if not isinstance(value, SourceDict):
            return self.report(where, f"must be a mapping, got {_describe(value)}")
        result = {}
        for key, item in value.items():
            item_where = Where.of_key(value, key)
            key_range, key_pattern = meta.get("keys") or (0, 0), meta.get("pattern")
            if key_hint is int and (not isinstance(key, int) or not key_range[0] <= key <= key_range[1]):
                self.report(item_where, f"must be a score from {key_range[0]} to {key_range[1]}, got {key!r}")
                continue
            if key_hint is str and key_pattern and not (isinstance(key, str) and re.fullmatch(key_pattern, key)):
                self.report(item_where, f"{meta['hint']}, got {key!r}")
                continue
            parsed = self.parse(value_hint, item, item_where)
            if parsed is not None:  # null leaves a field out, as it does for a model's fields
                result[key] = parsed
        return INVALID if INVALID in result.values() else result


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """``cls``'s resolved field types: worked out once per model class, not once per value parsed."""
    return typing.get_type_hints(cls)


def item_meta(meta: Meta) -> Meta:
    """A list's pattern (or normalising) applies to each of its items."""
    return {key: meta[key] for key in ("pattern", "normalise", "choices", "hint") if meta.get(key)}


def _where_at(container: SourceDict | SourceList, path: tuple[Any, ...]) -> Where:
    """The place of the value at ``path`` under ``container``, as deep as the file has it."""
    for step in path[:-1]:
        inner = container[step] if _holds(container, step) else None
        if not isinstance(inner, (SourceDict, SourceList)):
            return Where.missing(container, step) if isinstance(container, SourceDict) else \
                Where.of_key(container, step)
        container = inner
    last = path[-1]
    if _holds(container, last) or isinstance(container, SourceList):
        return Where.of_key(container, last)
    return Where.missing(container, last)


def _holds(container: SourceDict | SourceList, key: Any) -> bool:
    if isinstance(container, SourceList):
        return isinstance(key, int) and 0 <= key < len(container)
    return key in container


def _option_for(options: list[Any], value: Any) -> Any:
    """The member of a union that fits the value's shape: a list for a YAML list, else the first other."""
    lists = [option for option in options if typing.get_origin(option) is list]
    if lists and isinstance(value, SourceList):
        return lists[0]
    return next((option for option in options if typing.get_origin(option) is not list), options[0])


def _parse_text(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, bool):
        return parser.report(where, _yes_no(value, where))
    if isinstance(value, (str, int, float, datetime.date)):
        text = _as_text(value, where)
        if not _check_xml_text(parser, text, where):
            return INVALID
        return Text({"*": text}) if text else parser.report(where, "must not be empty")
    if not isinstance(value, SourceDict):
        return parser.report(where, f"must be a text, or a mapping of language to text ({{zh: ..., en: ...}}), "
                                    f"got {_describe(value)}")
    misread = misread_text_map(value, parser.languages)
    if misread:
        key, fix = misread
        return parser.report(where if key is None else Where.of_key(value, key), fix)
    before = len(parser.problems)
    unknown = [str(key) for key in value if key not in parser.languages]
    for language in parser.languages:
        if language not in value:
            parser.report(Where.missing(value, language),
                          f"the '{language}' text is missing (this project builds {', '.join(parser.languages)})"
                          + _typo_hint(language, unknown))
    for language, text in value.items():
        if isinstance(text, bool):
            parser.report(Where.of_key(value, language), _yes_no(text, Where.of_key(value, language)))
        elif not isinstance(text, (str, int, float, datetime.date)) or not _as_text(text):
            parser.report(Where.of_key(value, language), f"must be a non-empty text, got {_describe(text)}")
    for language, text in value.items():
        if isinstance(text, str):
            _check_xml_text(parser, text, Where.of_key(value, language))
    if len(parser.problems) > before:
        return INVALID
    return Text({str(language): _as_text(text, Where.of_key(value, language)) for language, text in value.items()})


def _typo_hint(language: str, unknown: list[str]) -> str:
    """Names a key of the map that looks like a misspelling of the missing language: ``dee`` for ``de``."""
    near = difflib.get_close_matches(language, unknown, n=1, cutoff=0.6)
    return f"; '{near[0]}' is not a language of this project: did you mean '{language}'?" if near else ""


#: What XML 1.0, and so a DOCX, cannot hold: controls other than tab, LF and CR; U+FFFE, U+FFFF; lone surrogates.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _check_xml_text(parser: Parser, text: str, where: Where) -> bool:
    """Report a character no document can carry (YAML lets ``"\\x0b"`` through); True when there is none."""
    found = NOT_IN_XML.search(text)
    if found is None:
        return True
    parser.report(where, f"holds the character U+{ord(found.group()):04X} at position {found.start() + 1}, "
                         "which a document cannot carry (a control character or a non-character); remove it")
    return False


def _yes_no(value: bool, where: Where) -> str:
    written = where.spelling or str(value).lower()
    return f"YAML reads {written} as a yes/no value, not as text; put the text in quotes: \"{written}\""


def _as_text(value: str | int | float | datetime.date, where: Where | None = None) -> str:
    """A scalar as the user wrote it: YAML reads 2024-02-28 as a date and 1.10 as 1.1, but in a text it is text."""
    if where is not None and where.spelling is not None:
        return where.spelling.strip()
    return (value.isoformat() if isinstance(value, datetime.date) else str(value)).strip()


def _parse_str(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return parser.report(where, f"must be a text, got {_describe(value)}")
    value = where.spelling or str(value)
    if not _check_xml_text(parser, value, where):
        return INVALID
    pattern = meta.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        return parser.report(where, f"{meta.get('hint') or 'must match ' + pattern}, got {value!r}")
    normalise = meta.get("normalise")
    if normalise is not None:
        known = normalise(value)
        return known if known is not None else parser.report(where, f"{meta['hint']}, got {value!r}")
    return value


def _parse_int(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, str) and re.fullmatch(r"0\d+", value.strip()):
        return parser.report(where, f"must be a whole number, got {value!r}; write it without the leading zero: "
                                    f"{int(value)}")
    if isinstance(value, int) and where.spelling and re.fullmatch(r"0\d+", where.spelling):
        return parser.report(where, f"YAML reads {where.spelling} with its leading zero as the octal number {value}; "
                                    f"write {int(where.spelling, 10)}")
    if isinstance(value, bool) or not isinstance(value, int):
        return parser.report(where, f"must be a whole number, got {_describe(value)}")
    return _in_range(parser, value, where, meta)


def _parse_float(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return parser.report(where, f"must be a number of 0 or more, got {_describe(value)}")
    return _in_range(parser, value, where, meta)


def _in_range(parser: Parser, value: int | float, where: Where, meta: Meta) -> Any:
    low, high = meta.get("range") or (None, None)
    if low is not None and value < low:
        return parser.report(where, f"must be {low}-{high}, got {value}" if high is not None else
                             f"must be {low} or more, got {value}")
    if high is not None and value > high:
        return parser.report(where, f"must be {low}-{high}, got {value}")
    return value


def _parse_bool(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return parser.report(where, f"must be true or false without quotes, got {value!r}")
    if not isinstance(value, bool):
        return parser.report(where, f"must be true or false, got {_describe(value)}")
    return value


def _parse_date(parser: Parser, value: Any, where: Where, meta: Meta) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return parser.report(where, f"must be a date written YYYY-MM-DD, got {value!r}")


_SCALARS = {
    Text: _parse_text, str: _parse_str, int: _parse_int, float: _parse_float, bool: _parse_bool,
    datetime.date: _parse_date,
}


def _is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _field_names(cls: type) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal"))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return repr(value)
