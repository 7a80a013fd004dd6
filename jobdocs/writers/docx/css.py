"""The CSS cascade of a rendered document, computed as a print user agent would, for the DOCX writer.

WeasyPrint parses CSS with tinycss2 and matches selectors with cssselect2; this module uses the same two
libraries, so the DOCX follows the stylesheet the PDF was made from, for the properties Word can express.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any

import cssselect2
import tinycss2
from lxml.html import HtmlElement

from .cssvalues import (BORDER_STYLES, BORDER_WIDTHS, FONT_SIZES, INITIAL, SIDES, Declaration, Page, Style, Tokens,
                        color_of, compute_style, page_style)

#: What an HTML user agent gives each element, for the properties Word can express: bold headings,
#: italic emphasis, list markers. An author stylesheet overrides it, as in WeasyPrint.
USER_AGENT_CSS = """
head, script, style, title, meta, link, template, [hidden] { display: none }
html, body, div, section, article, header, footer, main, nav, aside, figure, figcaption, blockquote,
h1, h2, h3, h4, h5, h6, p, ul, ol, li, table, thead, tbody, tfoot, tr, td, th, caption, img, br { display: block }
li { display: list-item } table { display: table } tr { display: table-row } td, th { display: table-cell }
img { display: inline-block } br { display: inline }
body { margin: 8px } p, figure, blockquote { margin-top: 1em; margin-bottom: 1em }
h1 { font-size: 2em; margin-top: .67em; margin-bottom: .67em }
h2 { font-size: 1.5em; margin-top: .83em; margin-bottom: .83em }
h3 { font-size: 1.17em; margin-top: 1em; margin-bottom: 1em }
h4 { margin-top: 1.33em; margin-bottom: 1.33em }
h5 { font-size: .83em } h6 { font-size: .67em }
h1, h2, h3, h4, h5, h6, th, b, strong { font-weight: bold }
h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid }
i, em, cite, var, dfn { font-style: italic }
ul, ol { margin-top: 1em; margin-bottom: 1em; padding-left: 40px }
ul ul, ol ol, ul ol, ol ul { margin-top: 0; margin-bottom: 0 }
ul { list-style-type: disc } ol { list-style-type: decimal } ul ul { list-style-type: circle }
th { text-align: center } td, th { padding: 1px; vertical-align: inherit }
small { font-size: smaller }
@page {
  @top-left { text-align: left } @top-center { text-align: center } @top-right { text-align: right }
  @bottom-left { text-align: left } @bottom-center { text-align: center } @bottom-right { text-align: right }
}
"""
#: Media types this cascade is for: a DOCX is printed, never shown as a screen page.
MEDIA = ("print", "all")
PSEUDO_ELEMENTS = ("before", "after")
#: Computed styles kept for reuse; a build's documents need a few thousand.
MAX_CACHED = 100_000


@dataclass
class Sheet:
    """The style rules, ready to match, and the @page rules of one origin: the user agent's or the author's."""

    matcher: cssselect2.Matcher = field(default_factory=cssselect2.Matcher)
    page: list[Declaration] = field(default_factory=list)
    boxes: dict[str, list[Declaration]] = field(default_factory=dict)


class Cascade:
    """The user agent's rules and a document's stylesheets, in cascade order."""

    def __init__(self, user_agent: Sheet, author: Sheet):
        self.user_agent = user_agent
        self.author = author
        self._declared: dict[tuple[Any, ...], dict[str | None, tuple[Declaration, ...]]] = {}
        self._computed: dict[tuple[Any, ...], tuple[Style, Style]] = {}

    def compute(self, root: HtmlElement) -> ComputedStyles:
        """The computed style of every element of ``root``'s tree, and of their ::before and ::after."""
        computed = ComputedStyles(self)
        for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
            computed.add(wrapper)
        return computed

    def declared(self, wrapper: cssselect2.ElementWrapper) -> dict[str | None, tuple[Declaration, ...]]:
        """The declarations for an element (key ``None``) and its pseudo-elements, lowest priority first:
        the user agent's, the author's, the style attribute's, then the author's and the attribute's
        ``!important`` ones."""
        user_agent = self.user_agent.matcher.match(wrapper)
        author = self.author.matcher.match(wrapper)
        inline = wrapper.etree_element.get("style")
        key = (tuple(match[1] for match in user_agent), tuple(match[1] for match in author), inline)
        if key not in self._declared:
            attribute = list(_declarations(tinycss2.parse_blocks_contents(inline))) if inline else []
            by_pseudo: dict[str | None, list[Declaration]] = {}
            for matches, important in ((user_agent, False), (author, False), (author, True)):
                for _specificity, _order, pseudo, declarations in matches:
                    by_pseudo.setdefault(pseudo, []).extend(d for d in declarations if d.important == important)
                if matches is author:
                    by_pseudo.setdefault(None, []).extend(d for d in attribute if d.important == important)
            self._declared[key] = {pseudo: tuple(declarations) for pseudo, declarations in by_pseudo.items()}
        return self._declared[key]

    def computed(self, declarations: tuple[Declaration, ...], parent: Style, root_size: float | None) -> Style:
        """:func:`compute_style`, once for each distinct set of declarations and parent style.

        Most elements share both with others (every cell of a table, every item of a list), so the result
        is shared too, and must not be changed; the cache keeps the parent, so its id stays unique.
        """
        key = (declarations, id(parent), root_size)
        if key not in self._computed:
            if len(self._computed) > MAX_CACHED:
                self._computed.clear()
            self._computed[key] = (parent, compute_style(list(declarations), parent, root_size))
        return self._computed[key][1]

    def page(self, root_style: Style) -> Page:
        """The page's size and margins, and the computed style of each margin box (``top-left`` ...)."""
        root_size = float(root_style.get("font-size") or INITIAL["font-size"])
        (width, height), margins = page_style(self.user_agent.page + self.author.page, root_size)
        boxes = {}
        for name in {**self.user_agent.boxes, **self.author.boxes}:
            declarations = self.user_agent.boxes.get(name, []) + self.author.boxes.get(name, [])
            # Margin boxes inherit from the page, and the page from the root element.
            boxes[name] = compute_style(declarations, root_style, root_size)
        return Page(width, height, margins, boxes)


class ComputedStyles:
    """Computed styles by element, filled in document order so that each parent comes before its children."""

    def __init__(self, cascade: Cascade):
        self.cascade = cascade
        self.elements: dict[HtmlElement, Style] = {}
        self.pseudo_elements: dict[tuple[HtmlElement, str], Style] = {}
        self.root_size: float | None = None

    def add(self, wrapper: cssselect2.ElementWrapper) -> None:
        element = wrapper.etree_element
        parent = self.elements.get(element.getparent(), INITIAL)
        declared = self.cascade.declared(wrapper)
        style = self.elements[element] = self.cascade.computed(declared.get(None, ()), parent, self.root_size)
        if self.root_size is None:
            self.root_size = style["font-size"]
        for pseudo, declarations in declared.items():
            if pseudo in PSEUDO_ELEMENTS:
                self.pseudo_elements[element, pseudo] = self.cascade.computed(declarations, style, self.root_size)

    def __getitem__(self, element: HtmlElement) -> Style:
        return self.elements[element]

    def pseudo(self, element: HtmlElement, name: str) -> Style | None:
        """The style of ``element::before`` or ``::after``, if a rule makes one."""
        return self.pseudo_elements.get((element, name))

    def page(self) -> Page:
        return self.cascade.page(next(iter(self.elements.values()), INITIAL))


def cascade_for(stylesheets: Iterable[str]) -> Cascade:
    """The cascade of the user agent's rules and these author stylesheets, given in document order."""
    return _cascade(tuple(stylesheets))


@functools.lru_cache(maxsize=16)
def _cascade(stylesheets: tuple[str, ...]) -> Cascade:
    # Every document of a build has the same stylesheet text: parse and compile it once per process.
    author = Sheet()
    for text in stylesheets:
        _add_rules(author, tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return Cascade(_user_agent(), author)


@functools.lru_cache(maxsize=1)
def _user_agent() -> Sheet:
    sheet = Sheet()
    _add_rules(sheet, tinycss2.parse_stylesheet(USER_AGENT_CSS, skip_comments=True, skip_whitespace=True))
    return sheet


def _add_rules(sheet: Sheet, rules: list[Any]) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            _add_style_rule(sheet, rule)
        elif rule.type != "at-rule" or rule.content is None:
            continue
        elif rule.lower_at_keyword == "media" and media_matches(rule.prelude):
            _add_rules(sheet, tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
        elif rule.lower_at_keyword == "page" and not _significant(rule.prelude):
            _add_page_rule(sheet, rule)  # :first, :left and named pages are not for Word's single section


def _add_style_rule(sheet: Sheet, rule: Any) -> None:
    declarations = tuple(_declarations(tinycss2.parse_blocks_contents(rule.content)))
    try:
        selectors = cssselect2.compile_selector_list(rule.prelude)
    except cssselect2.SelectorError:
        return  # as in a browser: an invalid selector drops its rule, not the stylesheet
    for selector in selectors:
        sheet.matcher.add_selector(selector, declarations)


def _add_page_rule(sheet: Sheet, rule: Any) -> None:
    for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            sheet.page.extend(_expand(item))
        elif item.type == "at-rule" and item.content is not None:  # a margin box, such as @top-left
            declarations = _declarations(tinycss2.parse_blocks_contents(item.content))
            sheet.boxes.setdefault(item.lower_at_keyword, []).extend(declarations)


def media_matches(prelude: Tokens) -> bool:
    """Whether a media query list applies to print; a query on features (width and the like) does not."""
    queries: list[list[Any]] = [[]]
    for token in _significant(prelude):
        if token.type == "literal" and token.value == ",":
            queries.append([])
        else:
            queries[-1].append(token)
    for query in queries:
        words = [token.lower_value for token in query if token.type == "ident"]
        negated = words[:1] == ["not"]
        types = [word for word in words if word not in ("not", "only", "and")]
        if (len(types) == 1 and len(types) == len(query) - negated - (words[:1] == ["only"])
                and (types[0] in MEDIA) != negated):
            return True
    return False


def _significant(tokens: Tokens) -> Tokens:
    return [token for token in tokens if token.type not in ("whitespace", "comment")]


def _declarations(items: list[Any]) -> Iterable[Declaration]:
    for item in items:
        if item.type == "declaration":
            yield from _expand(item)


def _expand(declaration: Any) -> list[Declaration]:
    """A declaration as the longhand declarations it stands for."""
    value = _significant(declaration.value)
    return [Declaration(name, tokens, declaration.important)
            for name, tokens in _longhands(declaration.lower_name, value)]


def _longhands(name: str, value: Tokens) -> list[tuple[str, Tokens]]:
    if name in ("margin", "padding"):
        return [(f"{name}-{side}", [token]) for side, token in zip(SIDES, _four(value), strict=False)]
    if name in ("border-width", "border-style", "border-color"):
        part = name.split("-")[1]
        return [(f"border-{side}-{part}", [token]) for side, token in zip(SIDES, _four(value), strict=False)]
    if name == "border":
        return [longhand for side in SIDES for longhand in _border_side(side, value)]
    if name in ("border-top", "border-right", "border-bottom", "border-left"):
        return _border_side(name.split("-")[1], value)
    if name == "font":
        return _font(value)
    if name == "background":
        colors = [token for token in value if color_of(token) is not None]
        return [("background-color", colors[-1:] or [_ident("transparent")])]
    if name == "columns":  # a count, a width or both; Word can only follow the count
        counts = [token for token in value if token.type == "number"]
        return [("column-count", counts[:1])] if counts else []
    if name == "list-style":
        types = [token for token in value if token.type == "ident" and token.lower_value not in ("inside", "outside")]
        return [("list-style-type", types[:1])] if types else []
    if name in ("page-break-before", "page-break-after", "page-break-inside"):
        word = value[0].lower_value if len(value) == 1 and value[0].type == "ident" else "auto"
        modern = "page" if word in ("always", "left", "right") else word
        return [(name.replace("page-break-", "break-"), [_ident(modern)])]
    return [(name, value)]


def _four(value: Tokens) -> Tokens:
    """The top, right, bottom and left values of a shorthand of one to four values; none if it has more."""
    if not 1 <= len(value) <= 4:
        return []
    top, right, bottom, left = {1: (0, 0, 0, 0), 2: (0, 1, 0, 1), 3: (0, 1, 2, 1), 4: (0, 1, 2, 3)}[len(value)]
    return [value[top], value[right], value[bottom], value[left]]


def _border_side(side: str, value: Tokens) -> list[tuple[str, Tokens]]:
    widths = [token for token in value if token.type in ("dimension", "number")
              or (token.type == "ident" and token.lower_value in BORDER_WIDTHS)]
    styles = [token for token in value if token.type == "ident" and token.lower_value in BORDER_STYLES]
    colors = [token for token in value if token not in widths and token not in styles]
    initial = {"width": "medium", "style": "none", "color": "currentcolor"}
    return [(f"border-{side}-{part}", found[:1] or [_ident(initial[part])])
            for part, found in (("width", widths), ("style", styles), ("color", colors))]


def _font(value: Tokens) -> list[tuple[str, Tokens]]:
    """``font: [style] [weight] size[/line-height] family``; variant and stretch mean nothing to Word."""
    style, weight = _ident("normal"), _ident("normal")
    for index, token in enumerate(value):
        if token.type == "ident" and token.lower_value in ("italic", "oblique"):
            style = token
        elif (token.type == "ident" and token.lower_value in ("bold", "bolder", "lighter")) or (
                token.type == "number" and token.is_integer and 100 <= token.value <= 1000):
            weight = token
        elif token.type in ("dimension", "percentage") or (token.type == "ident" and token.lower_value in FONT_SIZES):
            rest, line_height = value[index + 1:], _ident("normal")
            if len(rest) >= 2 and rest[0].type == "literal" and rest[0].value == "/":
                line_height, rest = rest[1], rest[2:]
            return [("font-style", [style]), ("font-weight", [weight]), ("font-size", [token]),
                    ("line-height", [line_height]), ("font-family", rest)]
    return []  # no size: the shorthand is invalid and ignored, as in a browser


def _ident(word: str) -> Any:
    return tinycss2.parse_one_component_value(word)
