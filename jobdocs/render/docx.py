"""Write a DOCX from the same rendered HTML as the PDF, with real Word styles."""
from __future__ import annotations

import datetime
import io
import re
import urllib.parse
import zipfile

import docx
import lxml.html
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml.html import HtmlElement

from ..assets import AssetPolicy, RefusedResource
from .html import RenderedHtml

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
LIST_STYLES = {("ul", 0): "List Bullet", ("ul", 1): "List Bullet 2", ("ol", 0): "List Number",
               ("ol", 1): "List Number 2"}
STYLED = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2",
          "List Number", "List Number 2", "Table Grid")
PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
FIELDS = {"page-number": "PAGE", "page-count": "NUMPAGES"}
#: Column widths as style.css sets them, as a share of the text width.
COLUMN_SHARES = {"score": 0.14, "tick-cell": 0.07, "label": 0.18}
#: Zip entries get this date so the same input gives the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WHITESPACE = re.compile(r"\s+")
T = qn("w:t")


def write_docx(rendered: RenderedHtml, *, font_family: str, page_size: str, color: str,
               base_url: str, policy: AssetPolicy, subject: str, created: datetime.datetime) -> bytes:
    """The DOCX bytes of ``rendered``, byte-identical for identical input."""
    tree = lxml.html.document_fromstring(rendered.html)
    lang = tree.get("lang") or rendered.language
    document = docx.Document()
    _set_up_styles(document, font_family, lang, color)
    _set_up_page(document, page_size)
    writer = _BodyWriter(document, base_url, policy)
    for element in tree.body:
        if "running-header" in element.classes:
            writer.inline(document.sections[0].header.paragraphs[0], element)
        elif "running-footer" in element.classes:
            writer.inline(document.sections[0].footer.paragraphs[0], element)
        else:
            writer.block(element)
    _set_core_properties(document, rendered.title, subject, lang, tree, created)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_zip_dates(buffer.getvalue())


class _BodyWriter:
    """Walks block-level HTML and adds paragraphs, lists and tables to a document."""

    def __init__(self, document: docx.document.Document, base_url: str, policy: AssetPolicy):
        self.document = document
        self.base_url = base_url
        self.policy = policy
        self.page_break_pending = False
        # python-docx looks a style up by name on every paragraph, half of all the time; look each up once.
        self.style_ids = {name: document.styles[name].style_id for name in STYLED}

    def block(self, element: HtmlElement, list_depth: int = 0) -> None:
        if not isinstance(element.tag, str):
            return  # comments
        if "new-page" in element.classes:
            self.page_break_pending = True
        tag = element.tag
        if tag == "nav":
            return  # the careers page's links to its other languages and the index; a document has no site
        if tag in HEADING_STYLES:
            self.inline(self.paragraph(HEADING_STYLES[tag]), element)
        elif tag == "p":
            paragraph = self.paragraph("Normal")
            self.inline(paragraph, element)
            if "small" in element.classes:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
        elif tag in ("ul", "ol"):
            self.list(element, list_depth)
        elif tag == "table":
            self.table(element)
        elif tag == "img":
            self.inline(self.paragraph("Normal"), element, include_self=True)
        else:  # div, section, figure and the like: their children carry the content
            body = self.document.element.body
            first_new = len(body) - 1  # new content goes before the final sectPr
            self.text_as_paragraph(element.text)
            for child in element:
                self.block(child, list_depth)
                self.text_as_paragraph(child.tail)
            if "keep" in element.classes:
                _keep_together(body[first_new:-1])

    def text_as_paragraph(self, text: str | None) -> None:
        if text and text.strip():
            self.paragraph("Normal").add_run(_collapse(text).strip())

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        if style != "Normal":
            paragraph._p.style = self.style_ids[style]
        if self.page_break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.page_break_pending = False
        return paragraph

    def list(self, element: HtmlElement, depth: int) -> None:
        kind = element.tag
        plain = bool({"checklist", "plain"} & set(element.classes))
        style = "Normal" if plain else LIST_STYLES[(kind, min(depth, 1))]
        restart = kind == "ol"
        for item in element.iterchildren("li"):
            paragraph = self.paragraph(style)
            if restart:
                _restart_numbering(self.document, paragraph, style)
                restart = False
            nested = [child for child in item if child.tag in ("ul", "ol")]
            self.inline(paragraph, item, skip=nested)
            for child in nested:
                self.list(child, depth + 1)

    def table(self, element: HtmlElement) -> None:
        rows = element.xpath("./tr|./thead/tr|./tbody/tr")
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in row.xpath("./td|./th")) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns, style="Table Grid")
        widths = self.column_widths(element, rows[0], columns)
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid, which LibreOffice reads; Word reads each cell's width below
        if self.page_break_pending:
            self.page_break_pending = False
            table.rows[0].cells[0].paragraphs[0].paragraph_format.page_break_before = True
        keep_together = len(rows) <= 8
        for index, (row, html_row) in enumerate(zip(table.rows, rows)):
            _keep_row_on_one_page(row, repeat=html_row.getparent().tag == "thead")
            if "write-in" in element.classes:
                row.height = Mm(7)
            column = 0
            for html_cell in html_row.xpath("./td|./th"):
                span = int(html_cell.get("colspan", 1))
                cell = row.cells[column]
                for offset in range(span):
                    row.cells[column + offset].width = widths[column + offset]
                if span > 1:
                    cell = cell.merge(row.cells[column + span - 1])
                self.inline(cell.paragraphs[0], html_cell, bold=html_cell.tag == "th")
                if html_cell.tag == "th":
                    _shade(cell, "EEF2F6")
                column += span
                if keep_together and index < len(rows) - 1:
                    for paragraph in cell.paragraphs:  # a short table stays on one page, as in the PDF
                        paragraph.paragraph_format.keep_with_next = True

    def column_widths(self, table: HtmlElement, first_row: HtmlElement, columns: int) -> list[int]:
        """The widths the stylesheet gives: narrow score and tick columns, labels of a form; the rest share."""
        section = self.document.sections[0]
        total = section.page_width - section.left_margin - section.right_margin
        shares: list[float | None] = []
        for cell in first_row.xpath("./td|./th"):
            share = next((COLUMN_SHARES[c] for c in cell.classes if c in COLUMN_SHARES), None)
            if share is None and "fields" in table.classes and cell.tag == "th":
                share = COLUMN_SHARES["label"]
            shares += [share] * int(cell.get("colspan", 1))
        shares += [None] * (columns - len(shares))
        free = max(0.0, 1.0 - sum(share for share in shares if share)) / max(1, shares.count(None))
        return [int(total * (share or free)) for share in shares]

    def inline(self, paragraph: Paragraph, element: HtmlElement, *, bold: bool = False, italic: bool = False,
               skip: list | tuple = (), include_self: bool = False) -> None:
        """Add an element's text and inline children to ``paragraph`` as runs."""
        if include_self:
            self._inline_child(paragraph, element, bold, italic)
            return
        self._text(paragraph, element.text, bold, italic)
        for child in element:
            if child in skip or not isinstance(child.tag, str):
                self._text(paragraph, child.tail, bold, italic)
                continue
            self._inline_child(paragraph, child, bold, italic)
            self._text(paragraph, child.tail, bold, italic)
        _strip_paragraph_edges(paragraph)

    def _inline_child(self, paragraph: Paragraph, child: HtmlElement, bold: bool, italic: bool) -> None:
        field = next((FIELDS[c] for c in child.classes if c in FIELDS), None)
        if field:
            _add_field(paragraph, field)
        elif child.tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif child.tag == "img":
            self._picture(paragraph, child)
        else:
            self.inline(paragraph, child, bold=bold or child.tag in ("strong", "b", "th"),
                        italic=italic or child.tag in ("em", "i"))

    def _text(self, paragraph: Paragraph, text: str | None, bold: bool, italic: bool) -> None:
        if not text:
            return
        run = paragraph.add_run(_collapse(text))
        run.bold = bold or None
        run.italic = italic or None

    def _picture(self, paragraph: Paragraph, image: HtmlElement) -> None:
        url = urllib.parse.urljoin(self.base_url, image.get("src", ""))
        try:
            data, media_type = self.policy.read(url)
        except RefusedResource:
            return  # the policy has recorded the warning
        if media_type not in ("image/png", "image/jpeg", "image/gif", "image/bmp"):
            self.policy.refused.append(f"{url[:120]} ({media_type} images cannot go into a DOCX)")
            return
        section = self.document.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        paragraph.add_run().add_picture(io.BytesIO(data), width=int(width * 0.9))


def _collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text)


def _strip_paragraph_edges(paragraph: Paragraph) -> None:
    """HTML ignores the white space at a block's edges; so must the DOCX."""
    texts = [child for child in paragraph._p.iter(qn("w:t"), qn("w:fldSimple")) if child.tag != T or child.text]
    if texts and texts[0].tag == T:
        texts[0].text = texts[0].text.lstrip()
    if texts and texts[-1].tag == T:
        texts[-1].text = texts[-1].text.rstrip()


def _set_up_styles(document: docx.document.Document, font_family: str, lang: str, color: str) -> None:
    """One font for every script, the East Asian one included, and the document's language."""
    family = font_family.split(",")[0].strip().strip('"')
    brand = RGBColor.from_string(color.lstrip("#").upper())
    for name in STYLED:
        style = document.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)  # Word prefers theme fonts over explicit ones
        for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attribute}"), family)
        if name.startswith(("Heading", "Title")):
            style.font.color.rgb = brand
    document.styles["Normal"].font.size = Pt(10)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), lang if lang.startswith(("zh", "ja", "ko")) else "zh-CN")
    language.set(qn("w:bidi"), "ar-SA")


def _set_up_page(document: docx.document.Document, page_size: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_SIZES[page_size]
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    section.header_distance = section.footer_distance = Mm(10)


def _restart_numbering(document: docx.document.Document, paragraph: Paragraph, style: str) -> None:
    """Start this numbered list at 1 instead of continuing the previous one."""
    numbering = document.part.numbering_part.element
    style_num_id = document.styles[style].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field such as PAGE; python-docx has no API for fields."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _keep_together(elements: list) -> None:
    """Keep each paragraph with the next, as ``break-inside: avoid`` keeps a block on one page."""
    paragraphs = [p for element in elements for p in element.iter(qn("w:p"))]
    for paragraph in paragraphs[:-1]:
        paragraph.get_or_add_pPr().keepNext_val = True


def _keep_row_on_one_page(row, repeat: bool) -> None:
    """A row that never splits across pages; a header row is repeated on each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:  # a header row, repeated on every page the table runs over
        properties.append(OxmlElement("w:tblHeader"))


def _set_core_properties(document, title: str, subject: str, lang: str, tree: HtmlElement,
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
