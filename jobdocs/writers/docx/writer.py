"""Write a DOCX from the same rendered HTML as the PDF, with real Word styles defined by its stylesheet."""
from __future__ import annotations

import datetime
import functools
import io
import re
import urllib.parse
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

import docx
import lxml.html
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.html import HtmlElement

from ...model.assets import AssetPolicy, RefusedResource
from ...model.schema import NOT_IN_XML
from ...html.fonts import docx_east_asian_language
from .css import ComputedStyles, cascade_for
from .cssvalues import Content, Page, Percent, Style
from ...html.render import RenderedHtml
from .wordformat import (ParagraphLook, RunLook, add_field, describe_picture, format_cell, format_paragraph,
                         format_row, format_run, keep_together, keep_with_next, let_lines_grow, restart_numbering,
                         set_table_look, Xml)
from .wordforms import BOX_GLYPHS, PLACEHOLDER_COLOR, ContentControls, is_check_box, is_text_field, label_of
from .wordstyles import (HEADING_STYLES, Looks, bare_tree, define_styles, indents, kern_text, list_indent,
                         set_in_columns, set_up_page, turn_off_cjk_auto_spacing)

if TYPE_CHECKING:
    from ...batch.workers import WriteSettings

BULLETS = ("disc", "circle", "square")  # every other list-style-type counts
PAGE_BREAKS = ("page", "left", "right", "recto", "verso")
AVOID = ("avoid", "avoid-page")
FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}
#: Zip entries get this date so the same input gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Fixed when neither SOURCE_DATE_EPOCH nor a posting date gives one: DOCX core properties need a date.
FALLBACK_DATE = datetime.datetime(2000, 1, 1)
#: HTML's white space, which a no-break space is not.
HTML_SPACE = " \t\n\f\r"
WHITESPACE = re.compile(f"[{HTML_SPACE}]+")
NO_BREAK_SPACE = "\u00a0"
#: A no-break space's width in its font's size, about a quarter of an em in the fonts the templates name.
NO_BREAK_SPACE_EM = 0.25
T = qn("w:t")


def write(rendered: RenderedHtml, settings: WriteSettings, policy: AssetPolicy) -> bytes:
    """The registry's entry: the DOCX, its subject the document kind (the title's last part)."""
    return write_docx(rendered, base_url=settings.base_url, policy=policy, subject=rendered.title.split(" · ")[-1],
                      created=settings.created or FALLBACK_DATE)


def write_docx(rendered: RenderedHtml, *, base_url: str, policy: AssetPolicy, subject: str,
               created: datetime.datetime) -> bytes:
    """The DOCX bytes of ``rendered``, byte-identical for identical input."""
    tree = _parse_html(rendered.html)
    lang = tree.get("lang") or rendered.language
    stylesheets = tuple(_stylesheets(tree, base_url, policy))
    styles = cascade_for(stylesheets).compute(tree)
    template, looks = _styled_template(stylesheets, lang)
    document = docx.Document(io.BytesIO(template))
    page = styles.page()
    set_up_page(document, page)
    writer = _BodyWriter(document, styles, looks, base_url, policy)
    running: dict[str, HtmlElement] = {}
    for element in tree.body:
        name = _running_name(styles, element)
        if name:
            running.setdefault(name, element)
        else:
            writer.block(element)
    _write_margin_boxes(document, writer, page, running)
    section = document.sections[0]
    let_lines_grow([*(Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))),
                    *section.header.paragraphs, *section.footer.paragraphs])
    _set_core_properties(document, rendered.title, subject, lang, tree, created)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_zip_dates(buffer.getvalue())


class TooMuchForDocx(ValueError):
    """The rendered document holds what a DOCX cannot: the document fails, never written truncated."""


#: libxml2's limit on one text or attribute value (XML_MAX_TEXT_LENGTH, in bytes). Past it lxml drops
#: the text without a word, and Word's readers (python-docx's included) refuse the file.
MAX_XML_TEXT_BYTES = 10_000_000


def _parse_html(html: str) -> HtmlElement:
    """The rendered HTML as a tree; :class:`TooMuchForDocx` where it holds what a DOCX cannot carry."""
    found = NOT_IN_XML.search(html)
    if found:  # from a template or labels.yaml: a role's own text is checked when it is read
        raise TooMuchForDocx(f"the document holds the character U+{ord(found.group()):04X}, which a DOCX cannot "
                             "carry (a control character or a non-character); remove it from the template or "
                             "labels.yaml that writes it")
    if len(html) * 4 <= MAX_XML_TEXT_BYTES:  # no text in it can reach the limit, whatever its characters
        return lxml.html.document_fromstring(html)
    tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    for element in tree.iter():
        texts: list[tuple[str, str | None]] = [("text", element.text), ("text", element.tail),
                                               *((str(name), str(value)) for name, value in element.attrib.items())]
        for what, text in texts:
            size = len(text.encode("utf-8")) if text and len(text) * 4 > MAX_XML_TEXT_BYTES else 0
            if size > MAX_XML_TEXT_BYTES:
                where = "a data: URL" if str(text).startswith("data:") else f"a {what}"
                raise TooMuchForDocx(f"{where} of {size / 1e6:.1f} MB in <{element.tag}>: a DOCX holds at most "
                                     f"{MAX_XML_TEXT_BYTES / 1e6:.0f} MB in one text or attribute; the document "
                                     "was not written rather than written cut short")
    return tree


@functools.lru_cache(maxsize=8)
def _styled_template(stylesheets: tuple[str, ...], lang: str) -> tuple[bytes, dict[str, Looks]]:
    """An empty DOCX whose Word styles the stylesheets define, and those styles' looks.

    Every document of a build has the same stylesheets: defining the styles once, not for each document,
    saved a fifth of the DOCX writer's time (measured on the built-in project's 24 DOCX).
    """
    document = docx.Document()
    bare = bare_tree(lang)
    styles = cascade_for(stylesheets).compute(bare)
    looks = define_styles(document, bare.body, styles)
    _set_up_styles(document, lang)
    if styles[bare]["font-kerning"] != "none":
        kern_text(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), looks


def _stylesheets(tree: HtmlElement, base_url: str, policy: AssetPolicy) -> list[str]:
    """The text of each <style> and linked stylesheet for print, in document order."""
    texts = []
    for element in tree.iter("style", "link"):
        if element.get("media", "all").strip().lower() not in ("", "all", "print"):
            continue
        if element.tag == "style":
            texts.append(element.text or "")
        elif "stylesheet" in element.get("rel", "").lower().split() and element.get("href"):
            try:
                data, _media_type = policy.read(urllib.parse.urljoin(base_url, element.get("href")))
            except RefusedResource:
                continue  # the policy has recorded the warning
            texts.append(data.decode("utf-8", errors="replace"))
    return texts


def _running_name(styles: ComputedStyles, element: HtmlElement) -> str | None:
    """The name of ``position: running(NAME)``: the element goes to a page margin box, not the text."""
    position = styles[element]["position"] if isinstance(element.tag, str) else None
    return position[1] if isinstance(position, tuple) else None


class _BodyWriter:
    """Walks block-level HTML and adds paragraphs, lists and tables to a document."""

    def __init__(self, document: docx.document.Document, styles: ComputedStyles,
                 looks: dict[str, Looks], base_url: str, policy: AssetPolicy):
        self.document = document
        self.styles = styles
        self.looks = looks
        self.base_url = base_url
        self.policy = policy
        self.page_break_pending = False
        self.space_after_table = 0.0
        self.run_base = looks["Normal"][1]
        self.written: list[tuple[Paragraph, ParagraphLook]] = []
        # python-docx looks a style up by name on every paragraph, half of all the time; look each up once.
        self.style_ids = {name: document.styles[name].style_id for name in looks}
        self.run_looks: dict[int, RunLook] = {}
        self.style_indents: dict[str, tuple[int, int]] = {}
        self.controls = ContentControls()
        section = document.sections[0]
        self.text_width = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)

    def block(self, element: HtmlElement, list_depth: int = 0) -> None:
        if not isinstance(element.tag, str):
            return  # comments
        style = self.styles[element]
        if style["display"] == "none" or _running_name(self.styles, element):
            return
        if style["break-before"] in PAGE_BREAKS:
            self.page_break_pending = True
        tag, first = element.tag, len(self.written)
        body = self.document.element.body
        first_new = len(body) - 1  # new content goes before the final sectPr
        if tag in HEADING_STYLES or tag == "p":
            self.inline(self.paragraph(HEADING_STYLES.get(tag, "Normal"), element), element)
        elif tag in ("ul", "ol"):
            self.list_block(element, list_depth)
        elif tag == "table":
            if self.written and style["margin-top"] > self.written[-1][1].space_after:
                self.written[-1][0].paragraph_format.space_after = Pt(style["margin-top"])
            self.table(element)
            self.space_after_table = style["margin-bottom"]  # Word has no table margins: the next paragraph's
        elif tag == "img":
            self.inline(self.paragraph("Normal", element), element, include_self=True)
        else:  # div, section, figure and the like: their children carry the content
            self.text_as_paragraph(element.text, element)
            for child in element:
                self.block(child, list_depth)
                self.text_as_paragraph(child.tail, element)
            if style["break-inside"] in AVOID:
                keep_together(body[first_new:-1])
        if tag not in HEADING_STYLES and tag != "p":
            self.take_margins(self.written[first:], style)
        if (style["column-count"] or 1) > 1 and len(body) - 1 > first_new:
            gap = style["column-gap"] if isinstance(style["column-gap"], float) else style["font-size"]
            set_in_columns(self.document, list(body[first_new:-1]), style["column-count"], gap)
        if is_text_field(element):
            self.text_field_block(body[first_new:-1], element)
        if style["break-after"] in AVOID:
            keep_with_next(body[first_new:-1])
        elif style["break-after"] in PAGE_BREAKS:
            self.page_break_pending = True

    def text_field_block(self, written: list[Xml], element: HtmlElement) -> None:
        """A block to fill in as one rich-text content control.

        An empty one keeps its room and, if it is a single paragraph, shows its label until filled in; ruled
        lines stay as they are, since Word would replace all of a placeholder's paragraphs at the first key.
        """
        if not written:
            paragraph = self.paragraph("Normal", element)
            style = self.styles[element]
            room = self._box_height(element) - style["font-size"] * 1.5
            if room > style["margin-bottom"]:
                paragraph.paragraph_format.space_after = Pt(room)
            written = [paragraph.paragraph_format.element]
        label = label_of(element)
        placeholder = bool(label) and len(written) == 1 and written[0].tag == qn("w:p") and not _text_in(written)
        if placeholder:
            self._placeholder(Paragraph(written[0], self.document), label, self.styles[element])
        self.controls.text_field(written, label, placeholder=placeholder, multiline=True)

    def _placeholder(self, paragraph: Paragraph, label: str, style: Style) -> None:
        """The label, grey, where the field is empty: what Word shows until it is filled in."""
        for run in paragraph.runs:
            run.text = ""
        run = self._run(paragraph, label, style)
        run.font.color.rgb = RGBColor.from_string(PLACEHOLDER_COLOR)

    def take_margins(self, written: list[tuple[Paragraph, ParagraphLook]], style: Style) -> None:
        """A list's or a box's own margins, which Word has no box for, around its first and last paragraph."""
        if not written:
            return
        (first, first_look), (last, last_look) = written[0], written[-1]
        if style["margin-top"] > first_look.space_before:
            first.paragraph_format.space_before = Pt(style["margin-top"])
        if style["margin-bottom"] > last_look.space_after:
            last.paragraph_format.space_after = Pt(style["margin-bottom"])

    def text_as_paragraph(self, text: str | None, element: HtmlElement) -> None:
        if text and text.strip(HTML_SPACE):
            paragraph = self.paragraph("Normal", element)
            self._text(paragraph, _collapse(text).strip(HTML_SPACE), element)

    def paragraph(self, style_name: str, element: HtmlElement) -> Paragraph:
        """A new paragraph of a Word style, formatted where the element's computed style differs from it."""
        paragraph = self.document.add_paragraph()
        self.use_style(paragraph, style_name, element)
        if self.space_after_table > self.written[-1][1].space_before:
            paragraph.paragraph_format.space_before = Pt(self.space_after_table)
        self.space_after_table = 0.0
        if self.page_break_pending or self.styles[element]["break-before"] in PAGE_BREAKS:
            paragraph.paragraph_format.page_break_before = True
            self.page_break_pending = False
        return paragraph

    def use_style(self, paragraph: Paragraph, style_name: str, element: HtmlElement) -> None:
        if style_name != "Normal":
            paragraph.paragraph_format.element.style = self.style_ids[style_name]
        look = ParagraphLook.of(self.styles[element])
        format_paragraph(paragraph.paragraph_format, look, self.looks[style_name][0])
        self.run_base = self.looks[style_name][1]
        self.written.append((paragraph, look))

    def list_block(self, element: HtmlElement, depth: int) -> None:
        restart = element.tag == "ol"
        for item in element.iterchildren("li"):
            marker = self.styles[item]["list-style-type"]
            if self.styles[item]["display"] == "none":
                continue
            if marker == "none":
                style = "Normal"
            else:
                style = ("List Bullet" if marker in BULLETS else "List Number") + (" 2" if depth else "")
            paragraph = self.paragraph(style, item)
            self.indent_item(paragraph, style, item, marked=marker != "none")
            if restart and style.startswith("List Number"):
                restart_numbering(self.document, paragraph, style)
                restart = False
            nested = [child for child in item if child.tag in ("ul", "ol")]
            self.inline(paragraph, item, skip=nested)
            for child in nested:
                self.list_block(child, depth + 1)

    def indent_item(self, paragraph: Paragraph, style_name: str, item: HtmlElement, *, marked: bool) -> None:
        """The item's own indents where they differ from its style's: a list without markers, or nested
        deeper than the list styles go."""
        left, marker = list_indent(item, self.styles)
        wanted = indents(left, marker if marked else 0.0)
        if style_name not in self.style_indents:
            style_format = self.document.styles[style_name].paragraph_format
            self.style_indents[style_name] = (style_format.left_indent or 0, style_format.first_line_indent or 0)
        if wanted != self.style_indents[style_name]:
            paragraph.paragraph_format.left_indent, paragraph.paragraph_format.first_line_indent = wanted

    def table(self, element: HtmlElement) -> None:
        rows = [row for row in element.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
                if self.styles[row]["display"] != "none"]
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in row.xpath("./td|./th")) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns, style="Table Grid")
        widths = self.column_widths(element, rows[0], columns)
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width  # the grid, which LibreOffice reads; Word reads each cell's width below
        style = self.styles[element]
        keep_together = style["break-inside"] in AVOID
        header_rows = _header_rows(rows)
        kept_with_next = _rows_kept_with_next(len(rows), header_rows, keep_together,
                                              max(style["orphans"], style["widows"]) >= 2)
        for index, (row, html_row) in enumerate(zip(table.rows, rows, strict=True)):
            cells = row.cells  # python-docx works the grid out on each call
            if index == 0:
                set_table_look(_table_properties(cells[0]), header_rows > 0, _has_row_headers(rows[header_rows:]))
            format_row(cells[0], keep_together or self.styles[html_row]["break-inside"] in AVOID, index < header_rows)
            height = max((self._box_height(cell) for cell in html_row.xpath("./td|./th")), default=0)
            if height:
                row.height, row.height_rule = Pt(height), WD_ROW_HEIGHT_RULE.AT_LEAST
            column = 0
            for html_cell in html_row.xpath("./td|./th"):
                span = int(html_cell.get("colspan", 1))
                cell = cells[column]
                for offset in range(span):
                    cells[column + offset].width = widths[column + offset]
                if span > 1:
                    cell = cell.merge(cells[column + span - 1])
                self.cell(cell, html_cell)
                column += span
                if index in kept_with_next:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        if self.page_break_pending:
            self.page_break_pending = False
            table.rows[0].cells[0].paragraphs[0].paragraph_format.page_break_before = True

    def cell(self, cell: _Cell, html_cell: HtmlElement) -> None:
        """A cell's text in the Table Heading or Table Contents style, and its own shading, borders, padding."""
        style_name = "Table Heading" if html_cell.tag == "th" else "Table Contents"
        paragraph = cell.paragraphs[0]
        written = len(self.written)
        self.use_style(paragraph, style_name, html_cell)
        del self.written[written:]  # a cell's paragraphs take no margins of the boxes around the table
        if is_text_field(html_cell):
            self._text_field(paragraph, html_cell)
            _strip_paragraph_edges(paragraph)
        else:
            self.inline(paragraph, html_cell)
        format_cell(cell, self.styles[html_cell], self.styles[html_cell.getparent()]["background-color"],
                    self.looks["Table Contents"][2])

    def _box_height(self, element: HtmlElement) -> float:
        style = self.styles[element]
        heights = [style[name] for name in ("height", "min-height") if isinstance(style[name], float)]
        return max(heights, default=0.0)

    def column_widths(self, table: HtmlElement, first_row: HtmlElement, columns: int) -> list[int]:
        """The widths the stylesheet gives the columns (on col, or on the first row's cells); the rest share."""
        width = self.styles[table]["width"]
        total = width.of(self.text_width) if isinstance(width, Percent) else Pt(width) if width else self.text_width
        sized = table.xpath("./colgroup/col|./col") or first_row.xpath("./td|./th")
        shares: list[float | None] = []
        for element in sized:
            style = self.styles[element]
            share = style["width"]
            share = share.value / 100 if isinstance(share, Percent) else Pt(share) / total if share else None
            span = int(element.get("span" if element.tag == "col" else "colspan", 1))
            if share is not None and element.tag != "col" and style["box-sizing"] != "border-box":
                # CSS's width is the cell's content; Word's is the whole cell, its margins (padding) included
                share += Pt(_horizontal_edges(style)) / total / span
            shares += [share] * span
        shares = (shares + [None] * columns)[:columns]
        free = max(0.0, 1.0 - sum(share for share in shares if share)) / max(1, shares.count(None))
        return [int(total * (share or free)) for share in shares]

    def inline(self, paragraph: Paragraph, element: HtmlElement, *, skip: Sequence[HtmlElement] = (),
               include_self: bool = False) -> None:
        """Add an element's text and inline children to ``paragraph`` as runs."""
        if include_self:
            self._inline_child(paragraph, element)
        else:
            self._inline_content(paragraph, element, skip)
        _strip_paragraph_edges(paragraph)

    def _inline_content(self, paragraph: Paragraph, element: HtmlElement, skip: Sequence[HtmlElement] = ()) -> None:
        self._generated(paragraph, element, "before")
        self._text(paragraph, element.text, element)
        for child in element:
            if child not in skip and isinstance(child.tag, str):
                self._inline_child(paragraph, child)
            self._text(paragraph, child.tail, element)
        self._generated(paragraph, element, "after")

    def _inline_child(self, paragraph: Paragraph, child: HtmlElement) -> None:
        if self.styles[child]["display"] == "none":
            return
        if child.tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif child.tag == "img":
            self._picture(paragraph, child)
        elif is_check_box(child):
            self._check_box(paragraph, child)
        elif is_text_field(child):
            self._text_field(paragraph, child)
        else:
            self._inline_content(paragraph, child)

    def _check_box(self, paragraph: Paragraph, box: HtmlElement) -> None:
        """A tick box Word ticks on a click: a check-box content control showing ☐ or ☒."""
        checked = box.get("checked") is not None
        style = self.styles[box]
        run = self._run(paragraph, BOX_GLYPHS[checked], style)
        self.controls.check_box(run.font.element, label_of(box), checked, style["font-family"][0])

    def _text_field(self, paragraph: Paragraph, field: HtmlElement) -> None:
        """A field to fill within a line (a score, a date, initials): a plain-text content control."""
        element = paragraph.paragraph_format.element
        before = len(element)
        self._inline_content(paragraph, field)
        label = label_of(field)
        new = list(element)[before:]
        placeholder = bool(label) and not _text_in(new)
        if placeholder or not new:
            for child in new:
                element.remove(child)
            # Blank, as printed: the label, shown in the line, would widen the field past its box and wrap
            # (a date cell read "Date: <the whole task>"); Word shows it as the control's title instead.
            run = self._run(paragraph, self._blank(field), self.styles[field])
            run.font.color.rgb = RGBColor.from_string(PLACEHOLDER_COLOR)
            new = [run.font.element]
        self.controls.text_field(new, label, placeholder=placeholder, multiline=False)

    def _blank(self, field: HtmlElement) -> str:
        """No-break spaces about as wide as the field's own width in the stylesheet, one if it has none."""
        style = self.styles[field]
        widths = [float(style[name]) for name in ("width", "min-width") if isinstance(style.get(name), float)]
        count = round(max(widths, default=0.0) / (float(style["font-size"]) * NO_BREAK_SPACE_EM))
        return NO_BREAK_SPACE * max(1, count)

    def _generated(self, paragraph: Paragraph, element: HtmlElement, pseudo: str) -> None:
        """``::before`` and ``::after`` content: its text, and a page or page-count field for a counter."""
        style = self.styles.pseudo(element, pseudo)
        if style is not None and style["content"]:
            self.content(paragraph, style["content"], style)

    def content(self, paragraph: Paragraph, parts: Content, style: Style,
                running: dict[str, HtmlElement] | None = None) -> None:
        for part in parts:
            if isinstance(part, str):
                self._run(paragraph, part, style)
            elif part[0] == "counter" and part[1] in FIELDS:
                add_field(self._run(paragraph, "1", style), FIELDS[part[1]])
            elif part[0] == "element" and running and part[1] in running:
                self._inline_content(paragraph, running[part[1]])

    def _text(self, paragraph: Paragraph, text: str | None, element: HtmlElement) -> None:
        if text:
            self._run(paragraph, _collapse(text), self.styles[element])

    def _run(self, paragraph: Paragraph, text: str, style: Style) -> Run:
        run = paragraph.add_run(text)
        look = self.run_looks.get(id(style))  # computed styles are shared, and live as long as this writer
        if look is None:
            look = self.run_looks[id(style)] = RunLook.of(style)
        format_run(run.font, look, self.run_base)
        return run

    def _picture(self, paragraph: Paragraph, image: HtmlElement) -> None:
        url = urllib.parse.urljoin(self.base_url, image.get("src", ""))
        try:
            data, media_type = self.policy.read(url)
        except RefusedResource:
            return  # the policy has recorded the warning
        if media_type not in ("image/png", "image/jpeg", "image/gif", "image/bmp"):
            self.policy.refused.append(f"{url[:120]} ({media_type} images cannot go into a DOCX)")
            return
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data))
        width = min(shape.width, *self._widths(image, shape.width / shape.height))
        shape.width, shape.height = Emu(int(width)), Emu(int(shape.height * width / shape.width))
        describe_picture(run, image.get("alt", ""))

    def _widths(self, image: HtmlElement, aspect: float) -> list[int]:
        """The widths the stylesheet allows an image: its width and max-width, and never wider than the text.

        A height (a logo's ``height: 8mm``) sets the width its aspect ratio gives.
        """
        style = self.styles[image]
        widths = [self.text_width]
        if style["height"] and not isinstance(style["height"], Percent):
            widths.append(int(Pt(style["height"]) * aspect))
        for name in ("width", "max-width"):
            value = style[name]
            if isinstance(value, Percent):
                widths.append(int(value.of(self.text_width)))
            elif value:
                widths.append(Pt(value))
        return widths


def _text_in(elements: list[Xml]) -> str:
    """The text Word shows in elements, blanks at the edges left out."""
    return "".join(text.text or "" for element in elements for text in element.iter(T)).strip()


def _collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text)


def _strip_paragraph_edges(paragraph: Paragraph) -> None:
    """HTML ignores the white space at a block's edges; so must the DOCX."""
    element = paragraph.paragraph_format.element
    texts = [child for child in element.iter(T) if child.text]
    if texts:
        texts[0].text = texts[0].text.lstrip(HTML_SPACE)
        texts[-1].text = texts[-1].text.rstrip(HTML_SPACE)


def _horizontal_edges(style: Style) -> float:
    """A box's left and right padding and borders, in points."""
    return float(sum(style[f"padding-{side}"] + style[f"border-{side}-width"] for side in ("left", "right")))


def _header_rows(rows: list[HtmlElement]) -> int:
    """How many rows at the top are the table's header: those in thead, else a first row of th only."""
    count = 0
    while count < len(rows) and rows[count].getparent().tag == "thead":
        count += 1
    if count == 0 and all(cell.tag == "th" for cell in rows[0].xpath("./td|./th")):
        count = 1
    return count


def _rows_kept_with_next(rows: int, header_rows: int, whole: bool, no_single_row: bool) -> set[int]:
    """The rows Word keeps on the page of the next: all but the last for ``break-inside: avoid``; else the
    header rows and the first body row, and the last but one, so that no row is left alone on a page
    (orphans and widows, which Word applies to lines only)."""
    if whole:
        return set(range(rows - 1))
    if not no_single_row or rows < 2:
        return set()
    return set(range(min(header_rows + 1, rows - 1))) | {rows - 2}


def _has_row_headers(body_rows: list[HtmlElement]) -> bool:
    """Every body row starts with a header cell (``th``): Word's first-column look."""
    firsts = [row.xpath("./td|./th")[:1] for row in body_rows]
    return bool(body_rows) and all(first and first[0].tag == "th" for first in firsts)


def _table_properties(first_cell: _Cell) -> Xml:
    """The ``w:tblPr`` of the table a cell is in (python-docx keeps its table element private)."""
    return first_cell.paragraphs[0].paragraph_format.element.getparent().getparent().getparent().tblPr


def _set_up_styles(document: docx.document.Document, lang: str) -> None:
    """The document's language, the East Asian one included, where Word looks for it first."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), docx_east_asian_language(lang))  # zh-TW, ja-JP: Word picks glyphs by it
    language.set(qn("w:bidi"), "ar-SA")
    turn_off_cjk_auto_spacing(defaults)


def _write_margin_boxes(document: docx.document.Document, writer: _BodyWriter, page: Page,
                        running: dict[str, HtmlElement]) -> None:
    """The @page margin boxes: those at the top make the header, those at the bottom the footer."""
    section = document.sections[0]
    for edge, part in (("top", section.header), ("bottom", section.footer)):
        boxes = [page.boxes[f"{edge}-{where}"] for where in ("left", "center", "right")
                 if page.boxes.get(f"{edge}-{where}", {}).get("content")]
        for index, box in enumerate(boxes):
            paragraph = part.paragraphs[0] if index == 0 else part.add_paragraph()
            format_paragraph(paragraph.paragraph_format, ParagraphLook.of(box), writer.looks["Normal"][0])
            writer.run_base = writer.looks["Normal"][1]
            writer.content(paragraph, box["content"], box, running)
            _strip_paragraph_edges(paragraph)


def _set_core_properties(document: docx.document.Document, title: str, subject: str, lang: str, tree: HtmlElement,
                         created: datetime.datetime) -> None:
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.language = lang
    properties.author = (tree.xpath("string(//meta[@name='author']/@content)") or "jobdocs")
    properties.last_modified_by = "jobdocs"
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = created
    properties.last_printed = created


def _with_fixed_zip_dates(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry dates: python-docx stamps each save with the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()
