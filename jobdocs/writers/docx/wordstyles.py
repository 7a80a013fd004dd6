"""Word's styles and page as the stylesheet defines them: a rule on an element type is a Word style."""
from __future__ import annotations

from copy import deepcopy
from typing import Any

import docx
import lxml.html
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from lxml.html import HtmlElement

from .css import ComputedStyles
from .cssvalues import Page, Style
from .wordformat import AFTER_BORDER, Xml, ParagraphLook, RunLook, borders, cell_margins, format_paragraph, format_run

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4",
                  "h6": "Heading 5"}
#: Each Word style, and the element that defines it: where it sits below body, bare of classes.
STYLE_ELEMENTS = {"Normal": "p", **{style: tag for tag, style in HEADING_STYLES.items()},
                  "List Bullet": "ul/li", "List Bullet 2": "ul/li/ul/li", "List Number": "ol/li",
                  "List Number 2": "ol/li/ol/li", "Table Heading": "table/tr/th", "Table Contents": "table/tr/td"}
BARE_HTML = ("<html><body><p></p><h1></h1><h2></h2><h3></h3><h4></h4><h5></h5><h6></h6>"
             "<ul><li><ul><li></li></ul></li></ul><ol><li><ol><li></li></ol></li></ol>"
             "<table><tr><th></th><td></td></tr></table></body></html>")
#: A Word style's paragraph and run formatting, and the computed style they come from.
Looks = tuple[ParagraphLook, RunLook, Style]

def bare_tree(lang: str) -> HtmlElement:
    """Each element that defines a Word style, bare of classes, where it sits in a document."""
    tree = lxml.html.document_fromstring(BARE_HTML)
    tree.set("lang", lang)
    return tree


def define_styles(document: docx.document.Document, body: HtmlElement,
                   bare: ComputedStyles) -> dict[str, Looks]:
    """Each Word style defined by the computed style of its bare element: what restyling in Word changes."""
    looks = {}
    for name, path in STYLE_ELEMENTS.items():
        style = bare[body.find(path)]
        if name not in document.styles:
            document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles["Normal"]
        word_style = document.styles[name]
        paragraph, run = ParagraphLook.of(style), RunLook.of(style)
        format_paragraph(word_style.paragraph_format, paragraph)
        format_run(word_style.font, run)
        _drop_template_extras(word_style.element)
        looks[name] = (paragraph, run, style)
        if name.startswith("List"):
            _indent_list(document, word_style, *list_indent(body.find(path), bare))
    _define_table_style(document, looks["Table Contents"][2])
    return looks


def list_indent(item: HtmlElement, styles: ComputedStyles) -> tuple[float, float]:
    """Where a list item's text starts, from the left of the body, and the room its marker has (its list's
    own padding), in points: the margins, borders and padding of the item and the boxes around it."""
    left = 0.0
    for box in [item, *item.iterancestors()]:
        if box.tag == "body":
            break
        style = styles[box]
        left += style["margin-left"] + style["padding-left"] + style["border-left-width"]
    return left, min(left, styles[item.getparent()]["padding-left"])


def indents(left: float, marker: float) -> tuple[Twips, Twips]:
    """Word's left and first-line indents for text ``left`` points in, its marker ``marker`` points before it."""
    return Twips(round(left * 20)), Twips(-round(marker * 20))


def _indent_list(document: docx.document.Document, word_style: Any, left: float, marker: float) -> None:
    """The list style's indents, in the style and in the numbering level it uses, so that Word and
    LibreOffice agree whichever they take: python-docx's template puts the text a quarter inch in."""
    paragraph_format = word_style.paragraph_format
    paragraph_format.left_indent, paragraph_format.first_line_indent = indents(left, marker)
    level = _numbering_level(document, word_style)
    if level is None:
        return
    level_properties = level.find(qn("w:pPr"))
    for old in level_properties.findall(qn("w:ind")):
        level_properties.remove(old)
    level_properties.append(deepcopy(word_style.element.pPr.find(qn("w:ind"))))
    for tab in level_properties.iter(qn("w:tab")):
        tab.set(qn("w:pos"), str(round(left * 20)))


def _numbering_level(document: docx.document.Document, word_style: Any) -> Xml | None:
    """The first level of the numbering definition a list style uses, if it uses one."""
    properties = word_style.element.pPr
    numbering_properties = properties.numPr if properties is not None else None
    if numbering_properties is None or numbering_properties.numId is None:
        return None
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(numbering_properties.numId.val).abstractNumId.val
    for definition in numbering.findall(qn("w:abstractNum")):
        if definition.get(qn("w:abstractNumId")) == str(abstract_id):
            return definition.find(qn("w:lvl"))
    return None


def _drop_template_extras(style_element: BaseOxmlElement) -> None:
    """python-docx's template adds what CSS has no word for: contextual spacing, letter spacing."""
    for properties, extra_tag in (("w:pPr", "w:contextualSpacing"), ("w:rPr", "w:spacing")):
        for container in style_element.findall(qn(properties)):
            for extra in container.findall(qn(extra_tag)):
                container.remove(extra)


def _define_table_style(document: docx.document.Document, cell: Style) -> None:
    """Table Grid's borders and cell padding are those of a bare ``td``."""
    table_properties = document.styles["Table Grid"].element.find(qn("w:tblPr"))
    for tag, make in (("w:tblBorders", borders), ("w:tblCellMar", cell_margins)):
        old = table_properties.find(qn(tag))
        new = make(cell, tag)
        if old is None:
            table_properties.append(new)
        else:
            old.addprevious(new)
            table_properties.remove(old)


def set_up_page(document: docx.document.Document, page: Page) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.top_margin, section.bottom_margin = Pt(page.margins["top"]), Pt(page.margins["bottom"])
    section.left_margin, section.right_margin = Pt(page.margins["left"]), Pt(page.margins["right"])
    # The header and footer sit in the margin, as the page's margin boxes do.
    section.header_distance = min(Mm(10), Pt(page.margins["top"] / 2))
    section.footer_distance = min(Mm(10), Pt(page.margins["bottom"] / 2))


def set_in_columns(document: docx.document.Document, elements: list[Xml], count: int, gap: float) -> None:
    """Lay ``elements`` (body-level paragraphs and tables, in order) out in ``count`` columns, as CSS's
    ``columns`` does: Word has columns only for a section, so a continuous section holds them."""
    body = document.element.body
    before = elements[0].getprevious()
    if before is not None:
        _end_section(document, before if before.tag == qn("w:p") else _empty_paragraph_before(elements[0]))
    last = elements[-1] if elements[-1].tag == qn("w:p") else _empty_paragraph_before(elements[-1].getnext())
    in_columns = _end_section(document, last)
    columns = in_columns.find(qn("w:cols"))
    columns.set(qn("w:num"), str(count))
    columns.set(qn("w:space"), str(round(gap * 20)))
    Section(body.sectPr, document.part).start_type = WD_SECTION.CONTINUOUS  # what follows goes on below


def _end_section(document: docx.document.Document, paragraph: Xml) -> Xml:
    """End a section at ``paragraph``, with the page of the document's last section, continuing the page."""
    properties = deepcopy(document.element.body.sectPr)
    for reference in properties.findall(qn("w:headerReference")) + properties.findall(qn("w:footerReference")):
        properties.remove(reference)  # the first section's header goes on through the ones that have none
    paragraph.get_or_add_pPr().append(properties)
    Section(properties, document.part).start_type = WD_SECTION.CONTINUOUS
    return properties


def _empty_paragraph_before(element: Xml) -> Xml:
    """A paragraph of no height to hold a section break where a table, not a paragraph, ends a run."""
    paragraph: Xml = OxmlElement("w:p")
    spacing = OxmlElement("w:spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{name}"), value)
    paragraph.get_or_add_pPr().append(spacing)
    element.addprevious(paragraph)
    return paragraph


def kern_text(document: docx.document.Document) -> None:
    """Kern text of every size, as CSS's ``font-kerning: auto`` does in WeasyPrint (HarfBuzz kerns).

    Word kerns only from the size ``w:kern`` gives, and without it Latin text set a little wider: a line
    the PDF just fits wrapped, and a page ran over.
    """
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    kern = OxmlElement("w:kern")
    kern.set(qn("w:val"), "2")  # half-points: from 1 pt up
    run_defaults.insert_element_before(kern, "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                                       "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
                                       "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def turn_off_cjk_auto_spacing(document_defaults: Xml) -> None:
    """No space added between CJK and Latin text or digits, as in the PDF: WeasyPrint adds none.

    Word's ``autoSpaceDE`` and ``autoSpaceDN`` are on unless turned off, and widen every 店长 Amazon.
    """
    paragraph_defaults = document_defaults.find(qn("w:pPrDefault"))
    if paragraph_defaults is None:
        paragraph_defaults = OxmlElement("w:pPrDefault")
        document_defaults.append(paragraph_defaults)
    properties = paragraph_defaults.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph_defaults.append(properties)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        existing = properties.find(qn(tag))
        if existing is not None:
            properties.remove(existing)
        switch = OxmlElement(tag)
        switch.set(qn("w:val"), "0")
        properties.insert_element_before(switch, *AFTER_BORDER[AFTER_BORDER.index(tag) + 1:])
