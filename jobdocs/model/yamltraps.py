"""The YAML mistakes people new to it really make, recognised, with the fix to type.

A parser's complaint ("mapping values are not allowed in this context", or a key with no value)
names the symptom, often on a later line. These checks look at the text the user wrote and say
what to change, on the line where the change is needed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from collections.abc import Callable

if TYPE_CHECKING:
    from .yamlsource import SourceDict

_KEY = r"[A-Za-z_][\w-]*"
_LANGUAGE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?"
#: How far above the reported line a cause may lie: a plain text runs on to the next lines.
LOOK_BACK = 3

Cause = str | None


def _full_width_colon(text: str) -> Cause:
    match = re.match(rf"^\s*(?:- )?({_KEY})\s*：\s*(.*)$", text)
    return match and (f"the field name '{match[1]}' is followed by a full-width colon '：'; type an ASCII colon "
                      f"and a space instead: {match[1]}: {match[2]}")


def _full_width_space(text: str) -> Cause:
    return ("the line is indented with a full-width space '\u3000'; indent with ordinary spaces"
            if re.match(r"^[ \t]*\u3000", text) else None)


def _curly_quotes(text: str) -> Cause:
    match = re.match(rf"^\s*(?:- )?({_KEY}):\s+[“”‘’„«]", text)
    return match and ("curly quotes “ ” are not quotes to YAML; type straight quotes instead: "
                      f'{match[1]}: "..."')


def _no_space_after_colon(text: str) -> Cause:
    match = re.match(rf"^\s*(?:- )?({_KEY}):(?![\s/])(\S.*)$", text)
    return match and f"put a space after the colon: {match[1]}: {match[2]}"


def _no_space_after_dash(text: str) -> Cause:
    match = re.match(r"^\s*-(?![\s-])(\S.*)$", text)
    return match and f"put a space after the '-' of a list item: - {match[1]}"


def _comment_in_flow(text: str) -> Cause:
    return ("' #' starts a comment in YAML, so the rest of the line was dropped; "
            "put the text in double quotes, or write '#' without a space before it"
            if re.search(r"[{\[][^}\]]*\s#", text) else None)


def _full_width_comma(text: str) -> Cause:
    match = re.search(rf"，\s*({_LANGUAGE}):\s", text)
    return match and (f"a full-width comma '，' does not separate the texts in {{ }}; "
                      f"type an ASCII comma and a space before '{match[1]}:'")


#: A field and its text: to the end of the line, or inside ``{ }`` to the next comma or brace.
_BLOCK_FIELD = rf"^\s*(?:- )?({_KEY}):\s+"
_FLOW_FIELD = rf"[{{,]\s*({_KEY}):\s+"


def _colon_in_text(text: str) -> Cause:
    item = re.match(rf"^\s*- ({_KEY}: [^\"'{{\[|>\s].*?:\s.*)$", text)
    if item:  # "- Goal: keep: it": the whole item is the text
        return f'a text that holds ": " must be in quotes: - {_quoted(item[1])}'
    match = (re.match(_BLOCK_FIELD + r"([^\"'{\[|>\s].*?:\s.*)$", text)
             or re.search(_FLOW_FIELD + r"([^\"'{\[\s][^,{}]*?:\s[^,{}]*)", text))
    return match and f'a text that holds ": " must be in quotes: {match[1]}: {_quoted(match[2])}'


def _reserved_first_character(text: str) -> Cause:
    match = re.match(_BLOCK_FIELD + r"([*&@`%!].*)$", text) or re.search(_FLOW_FIELD + r"([*&@`%!][^,{}]*)", text)
    return match and (f"a text cannot start with '{match[2][0]}' in YAML; put it in quotes: "
                      f"{match[1]}: {_quoted(match[2])}")


def _text_after_quotes(text: str) -> Cause:
    match = re.match(_BLOCK_FIELD + r"""((["'])[^"']*\3\s*[^\s#,}\]].*)$""", text)
    return match and f"the quotes must enclose the whole text: {match[1]}: {_quoted(match[2])}"


def _text_after_brackets(text: str) -> Cause:
    """``summary: [Draft] You run...``: YAML takes the brackets for a list."""
    match = re.match(_BLOCK_FIELD + r"((\[[^\]]*\]|\{[^}]*\})\s*[^\s#,}\]].*)$", text)
    return match and (f"YAML reads '{match[2][0]}' at the start of a text as the start of a "
                      f"{'list' if match[2][0] == '[' else 'mapping'}; put the text in quotes: "
                      f"{match[1]}: {_quoted(match[2])}")


#: Checked on the reported line and the few above it, in this order.
_ON_THE_LINE: list[Callable[[str], Cause]] = [
    _full_width_colon, _full_width_space, _curly_quotes, _full_width_comma, _comment_in_flow,
    _reserved_first_character, _text_after_quotes, _text_after_brackets, _colon_in_text, _no_space_after_colon, _no_space_after_dash,
]


def likely_cause(lines: list[str], line: int) -> tuple[int, str] | None:
    """The line (1-based) and the fix of a syntax error reported on ``line``, when it is a known trap."""
    unclosed = _unclosed_quote(lines, line)
    if unclosed:
        return unclosed
    for number in range(min(line, len(lines)), max(0, line - LOOK_BACK - 1), -1):
        for check in _ON_THE_LINE:
            cause = check(lines[number - 1])
            if cause:
                return number, cause
    return _indented_under_a_value(lines, line)


def _unclosed_quote(lines: list[str], line: int) -> tuple[int, str] | None:
    """A text opened with a double quote and never closed runs on to the next quote, lines later."""
    for number, text in enumerate(lines[:line], start=1):
        value = re.match(rf"^\s*(?:- )?(?:{_KEY}:\s+)?(\".*)$", text)
        if value and len(re.findall(r'(?<!\\)"', value[1].split(" #")[0])) % 2 == 1:
            return number, 'the double quote that starts this text is never closed; end the text with "'
    return None


def _indented_under_a_value(lines: list[str], line: int) -> tuple[int, str] | None:
    if not 1 < line <= len(lines):
        return None
    above = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
    if not above:
        return None
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    above_indent = len(lines[above - 1]) - len(lines[above - 1].lstrip(" "))
    if indent > above_indent and re.match(rf"^\s*(?:- )?{_KEY}:\s+\S", lines[above - 1]):
        return line, (f"this line is indented more than line {above}, which already has a value; fields at the same "
                      "level must start in the same column")
    return None


def _quoted(text: str) -> str:
    text = text.strip()
    return "'" + text.replace("'", "''") + "'" if '"' in text else f'"{text}"'


def _as_typed(value: SourceDict, pieces: list[str]) -> str:
    """The text YAML cut at its commas, as the user typed it (``0,2 %`` stays ``0,2 %``)."""
    pattern = r"\s*,\s*".join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    typed = re.search(pattern, value.typed)
    return typed[0] if typed else ", ".join(pieces)


def misread_text_map(value: SourceDict, languages: list[str]) -> tuple[object, str] | None:
    """A text YAML read as a mapping by mistake: the key to report it at, and the fix."""
    keys = list(value)
    glued = next((key for key in keys if value[key] is None and isinstance(key, str)
                  and re.fullmatch(rf"({_LANGUAGE}):(\S.*)", key)), None)
    if glued is not None:
        language, text = glued.split(":", 1)
        return glued, f"put a space after the colon: {language}: {text}"
    if value.flow:
        for index, key in enumerate(keys):
            if key in languages and isinstance(value[key], str):
                run = []
                for after in keys[index + 1:]:
                    if after in languages or value[after] is not None:
                        break
                    run.append(str(after))
                if run:
                    whole = _as_typed(value, [value[key], *run])
                    return key, (f"a comma inside {{ }} ends a text, so YAML read '{run[0]}' as a field of its own; "
                                 f"put the whole text in quotes: {key}: {_quoted(whole)}")
    if len(keys) == 1 and isinstance(keys[0], str) and not re.fullmatch(rf"{_LANGUAGE}|\*", keys[0]) \
            and isinstance(value[keys[0]], (str, int, float)):
        whole = f"{keys[0]}: {value[keys[0]]}"
        return None, (f"YAML read this text as a field '{keys[0]}' because it holds ': '; "
                      f"put it in quotes: {_quoted(whole)}")
    return None
