"""Computed CSS values: declared tokens turned into points, colours and keywords, with inheritance."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tinycss2.color3

#: A computed style: property name -> value (points as floats, colours as ``RRGGBB``, keywords as text).
Style = dict[str, Any]
#: A node of tinycss2's syntax tree, which ships no type information.
Token = Any
Tokens = list[Token]
#: ``content`` as texts, ``("counter", name)`` and ``("element", name)``.
Content = tuple[str | tuple[str, str], ...]

SIDES = ("top", "right", "bottom", "left")
#: Points per unit.
UNITS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "q": 72 / 101.6, "pc": 12.0}
FONT_SIZES = {"xx-small": 7.0, "x-small": 7.5, "small": 10.0, "medium": 12.0, "large": 13.5, "x-large": 18.0,
              "xx-large": 24.0, "xxx-large": 36.0}
BORDER_WIDTHS = {"thin": 0.75, "medium": 2.25, "thick": 3.75}
BORDER_STYLES = ("none", "hidden", "solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset")
#: Portrait width and height in points.
PAGE_SIZES = {"a3": (841.89, 1190.55), "a4": (595.28, 841.89), "a5": (419.53, 595.28), "b4": (708.66, 1000.63),
              "b5": (498.9, 708.66), "letter": (612.0, 792.0), "legal": (612.0, 1008.0), "ledger": (792.0, 1224.0)}
INHERITED = frozenset({"color", "font-family", "font-size", "font-weight", "font-style", "text-align",
                       "line-height", "list-style-type", "visibility", "orphans", "widows", "font-kerning"})
INITIAL: Style = {
    "color": "000000", "font-family": ("serif",), "font-size": 12.0, "font-weight": 400, "font-style": "normal",
    "font-kerning": "auto",
    "text-align": "start", "line-height": "normal", "list-style-type": "disc", "visibility": "visible",
    "display": "inline", "position": "static", "content": None, "background-color": None,
    "vertical-align": "baseline", "box-sizing": "content-box", "width": None, "min-width": None, "height": None, "min-height": None, "max-width": None,
    "break-before": "auto", "break-after": "auto", "break-inside": "auto", "orphans": 2, "widows": 2,
    "column-count": None, "column-gap": "normal",
    **{f"margin-{side}": 0.0 for side in SIDES}, **{f"padding-{side}": 0.0 for side in SIDES},
    **{f"border-{side}-width": 2.25 for side in SIDES}, **{f"border-{side}-style": "none" for side in SIDES},
    **{f"border-{side}-color": None for side in SIDES},
}
#: Properties whose value is a length (or a percentage of something Word knows no better than CSS does).
LENGTHS = frozenset({*(f"margin-{side}" for side in SIDES), *(f"padding-{side}" for side in SIDES),
                     *(f"border-{side}-width" for side in SIDES)})
SIZES = frozenset({"width", "min-width", "height", "min-height", "max-width"})


@dataclass(frozen=True)
class Percent:
    value: float

    def of(self, whole: float) -> float:
        return whole * self.value / 100


@dataclass(frozen=True, eq=False)  # compared by identity: a parsed stylesheet's declarations are shared
class Declaration:
    name: str
    value: Tokens
    important: bool


@dataclass(frozen=True)
class Page:
    """The page: its size and margins in points, and the computed style of each margin box."""

    width: float
    height: float
    margins: dict[str, float]
    boxes: dict[str, Style]


def compute_style(declarations: list[Declaration], parent: Style, root_size: float | None) -> Style:
    """Each property's computed value: the last declared, else the parent's or the initial one."""
    style: Style = {name: (parent.get(name, value) if name in INHERITED else value) for name, value in INITIAL.items()}
    declared = {declaration.name: declaration.value for declaration in declarations}
    parent_size = float(parent.get("font-size") or INITIAL["font-size"])
    if "font-size" in declared:  # first: em lengths of every other property are of this element's size
        style["font-size"] = _font_size(declared.pop("font-size"), parent_size, root_size or parent_size)
    rem = float(root_size or style["font-size"])  # the root element's own size is what rem means
    for name, value in declared.items():
        if name not in INITIAL or not value:
            continue
        keyword = value[0].lower_value if len(value) == 1 and value[0].type == "ident" else None
        if keyword == "inherit" or (keyword == "unset" and name in INHERITED):
            style[name] = parent.get(name, INITIAL[name])
        elif keyword in ("initial", "unset"):
            style[name] = INITIAL[name]
        else:
            computed = _value(name, value, style, parent, rem)
            if computed is not None:
                style[name] = computed
    for side in SIDES:
        if style[f"border-{side}-style"] in ("none", "hidden"):  # no style, no width, whatever was declared
            style[f"border-{side}-width"] = 0.0
        if style[f"border-{side}-color"] is None:
            style[f"border-{side}-color"] = style["color"]
    return style


def page_style(declarations: list[Declaration], root_size: float) -> tuple[tuple[float, float], dict[str, float]]:
    """The page size and margins an @page rule sets, in points; A4 and CSS's default margins otherwise."""
    size, margins = PAGE_SIZES["a4"], {side: 54.0 for side in SIDES}
    for declaration in declarations:
        if declaration.name == "size":
            size = _page_size(declaration.value, root_size) or size
        elif declaration.name.startswith("margin-") and declaration.value:
            length = length_of(declaration.value[0], root_size, root_size)
            if isinstance(length, float):
                margins[declaration.name[len("margin-"):]] = length
    return size, margins


def _value(name: str, value: Tokens, style: Style, parent: Style, root_size: float) -> Any:
    token = value[0]
    font_size = style["font-size"]
    if name == "color" or name.endswith("-color"):
        if token.type == "ident" and token.lower_value == "currentcolor":
            return parent.get("color") if name == "color" else style["color"]
        color = color_of(token)
        if color == "" and name != "background-color":
            return None  # a transparent text colour: Word has none, keep what is inherited
        return color or None
    if name == "font-family":
        return families(value) or None
    if name == "font-weight":
        return _font_weight(token, parent.get("font-weight", 400))
    if name == "line-height":
        return _line_height(token, font_size, root_size)
    if name in LENGTHS:
        if token.type == "ident" and token.lower_value in BORDER_WIDTHS:
            return BORDER_WIDTHS[token.lower_value]
        length = length_of(token, font_size, root_size)
        return length if isinstance(length, float) else 0.0  # auto, and percentages Word cannot follow
    if name in SIZES:
        return length_of(token, font_size, root_size)
    if name == "position":
        return _position(token)
    if name == "content":
        return _content(value)
    if name == "column-gap":
        length = length_of(token, font_size, root_size)
        return length if isinstance(length, float) else "normal"
    if name in ("orphans", "widows", "column-count"):
        return int(token.value) if token.type == "number" and token.is_integer and token.value > 0 else None
    return token.lower_value if token.type == "ident" else None  # the keyword properties


def length_of(token: Token, font_size: float, root_size: float) -> float | Percent | None:
    """Points, or a :class:`Percent`, or ``None`` for ``auto`` and what is not a length."""
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "percentage":
        return Percent(float(token.value))
    if token.type != "dimension":
        return None
    unit, value = token.lower_unit, float(token.value)
    if unit == "em":
        return value * font_size
    if unit == "rem":
        return value * root_size
    return value * UNITS[unit] if unit in UNITS else None


def color_of(token: Token) -> str | None:
    """``RRGGBB``; ``""`` for a transparent colour, ``None`` for what is not a colour."""
    color = tinycss2.color3.parse_color(token)
    if color is None or color == "currentColor":
        return None
    if color.alpha == 0:
        return ""
    return "".join(f"{round(channel * 255):02X}" for channel in (color.red, color.green, color.blue))


def families(value: Tokens) -> tuple[str, ...]:
    """The family names of a ``font-family`` list, quoted or not."""
    names: list[str] = []
    words: list[str] = []
    for token in [*value, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if words:
                names.append(" ".join(words))
            words = []
        elif token.type in ("string", "ident"):
            words.append(token.value)
    return tuple(names)


def _page_size(value: Tokens, root_size: float) -> tuple[float, float] | None:
    words = [token.lower_value for token in value if token.type == "ident"]
    lengths = [length_of(token, root_size, root_size) for token in value if token.type == "dimension"]
    size = next((PAGE_SIZES[word] for word in words if word in PAGE_SIZES), None)
    points = [length for length in lengths if isinstance(length, float)]
    if points and len(points) == len(lengths):
        return points[0], points[-1]  # explicit lengths are width and height as written
    if size is None:
        return None
    return (size[1], size[0]) if "landscape" in words else size


def _font_size(value: Tokens, parent_size: float, root_size: float) -> float:
    token = value[0] if value else None
    if token is None:
        return parent_size
    if token.type == "ident" and token.lower_value in FONT_SIZES:
        return FONT_SIZES[token.lower_value]
    if token.type == "ident" and token.lower_value in ("smaller", "larger"):
        return parent_size * (1 / 1.2 if token.lower_value == "smaller" else 1.2)
    if token.type == "percentage":
        return parent_size * float(token.value) / 100
    length = length_of(token, parent_size, root_size)
    return length if isinstance(length, float) else parent_size


def _font_weight(token: Token, parent_weight: int) -> int | None:
    if token.type == "number" and token.is_integer:
        return int(token.value)
    keywords = {"normal": 400, "bold": 700,
                "bolder": 700 if parent_weight < 600 else 900, "lighter": 100 if parent_weight < 600 else 400}
    return keywords.get(token.lower_value) if token.type == "ident" else None


def _line_height(token: Token, font_size: float, root_size: float) -> str | tuple[str, float] | None:
    if token.type == "ident" and token.lower_value == "normal":
        return "normal"
    if token.type == "number":
        return ("factor", float(token.value))  # inherited as the number, so each element scales its own size
    if token.type == "percentage":
        return ("points", font_size * float(token.value) / 100)
    length = length_of(token, font_size, root_size)
    return ("points", length) if isinstance(length, float) else None


def _position(token: Token) -> Any:
    if token.type == "function" and token.lower_name == "running":
        names = [argument for argument in token.arguments if argument.type == "ident"]
        return ("running", names[0].value) if names else None
    return token.lower_value if token.type == "ident" else None


def _content(value: Tokens) -> Content | None:
    if value[0].type == "ident" and value[0].lower_value in ("normal", "none"):
        return None
    parts: list[str | tuple[str, str]] = []
    for token in value:
        if token.type == "string":
            parts.append(token.value)
        elif token.type == "function" and token.lower_name in ("counter", "element"):
            names = [argument for argument in token.arguments if argument.type == "ident"]
            if names:
                parts.append((token.lower_name, names[0].value))
    return tuple(parts)
