"""Computed CSS styles as Word formatting: the same few functions define a style and format a paragraph.

A style definition gets every property; a paragraph, run or cell gets only what differs from its style,
so that restyling in Word still reaches everything the stylesheet styled by element type.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.table import _Cell
from docx.text.parfmt import ParagraphFormat
from docx.text.run import Run

from .cssvalues import SIDES, Style

ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "start": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
              "end": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
#: CSS border styles Word draws (``w:val``); the rest draw as a single line.
BORDERS = {"solid": "single", "dashed": "dashed", "dotted": "dotted", "double": "double", "groove": "threeDEngrave",
           "ridge": "threeDEmboss", "inset": "inset", "outset": "outset"}
#: What follows w:pBdr in a w:pPr, as the schema orders it.
AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")

#: A WordprocessingML element: python-docx's oxml classes, which ship no type information.
Xml = Any

VERTICAL = {"middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER, "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}
#: What follows w:tcBorders, w:shd and w:tcMar in a w:tcPr, as the schema orders it.
CELL_SUCCESSORS = {"w:tcBorders": ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                   "w:hideMark"),
                   "w:shd": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
                   "w:tcMar": ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")}
ROW_SUCCESSORS = {"w:cantSplit": ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
                  "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden")}


@dataclass(frozen=True)
class Border:
    width: float
    style: str
    color: str

    @classmethod
    def of(cls, style: Style, side: str) -> Border | None:
        width = style[f"border-{side}-width"]
        return cls(width, style[f"border-{side}-style"], style[f"border-{side}-color"]) if width else None

    def set_on(self, element: Xml, space: float = 0) -> None:
        """Write this border into a ``w:top``, ``w:bottom``... element."""
        element.set(qn("w:val"), BORDERS.get(self.style, "single"))
        element.set(qn("w:sz"), str(max(2, round(self.width * 8))))  # eighths of a point
        element.set(qn("w:space"), str(round(space)))
        element.set(qn("w:color"), self.color)


@dataclass(frozen=True)
class RunLook:
    """What Word can show of a text's computed style."""

    family: str
    size: float
    color: str
    bold: bool
    italic: bool

    @classmethod
    def of(cls, style: Style) -> RunLook:
        return cls(style["font-family"][0], style["font-size"], style["color"], style["font-weight"] >= 600,
                   style["font-style"] in ("italic", "oblique"))


@dataclass(frozen=True)
class ParagraphLook:
    """What Word can show of a block's computed style."""

    align: str
    space_before: float
    space_after: float
    line_height: float | None
    keep_with_next: bool
    keep_together: bool
    widow_control: bool
    border_bottom: Border | None
    padding_bottom: float

    @classmethod
    def of(cls, style: Style) -> ParagraphLook:
        # A cell's borders and padding are the cell's (see format_cell), not its paragraph's.
        box = style["display"] != "table-cell"
        return cls(style["text-align"], style["margin-top"], style["margin-bottom"], _line_points(style),
                   style["break-after"] in ("avoid", "avoid-page"), style["break-inside"] in ("avoid", "avoid-page"),
                   # Word has one switch for both: no single line left at a page's foot or carried to its head.
                   max(style["orphans"], style["widows"]) >= 2,
                   Border.of(style, "bottom") if box else None, style["padding-bottom"] if box else 0.0)


def _line_points(style: Style) -> float | None:
    """CSS's line height in points, of the element's own font size; ``None`` for normal."""
    line_height = style["line-height"]
    if isinstance(line_height, tuple):
        points: float = line_height[1] * style["font-size"] if line_height[0] == "factor" else line_height[1]
        return points
    return None


Look = RunLook | ParagraphLook


def changes(look: Look, base: Look | None) -> set[str] | tuple[str, ...]:
    """The fields of ``look`` to write: all of them for a style definition (no base), else the differing ones."""
    if base is None:
        return tuple(field.name for field in fields(look))
    if look == base:  # most runs and paragraphs look as their style does
        return ()
    return {field.name for field in fields(look) if getattr(look, field.name) != getattr(base, field.name)}


def format_run(font: Font, look: RunLook, base: RunLook | None = None) -> None:
    changed = changes(look, base)
    if "family" in changed:
        set_font_family(font.element.get_or_add_rPr(), look.family)
    if "size" in changed:
        font.size = Pt(look.size)
    if "color" in changed:
        font.color.rgb = RGBColor.from_string(look.color)
    if "bold" in changed:
        font.bold = look.bold
    if "italic" in changed:
        font.italic = look.italic


def set_font_family(run_properties: Xml, family: str) -> None:
    """One family for every script, the East Asian one included (``font.name`` sets only two)."""
    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)  # Word prefers theme fonts over explicit ones
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), family)


def format_paragraph(paragraph_format: ParagraphFormat, look: ParagraphLook, base: ParagraphLook | None = None) -> None:
    changed = changes(look, base)
    if "align" in changed:
        paragraph_format.alignment = ALIGNMENTS.get(look.align, WD_ALIGN_PARAGRAPH.LEFT)
    if "space_before" in changed:
        paragraph_format.space_before = Pt(look.space_before)
    if "space_after" in changed:
        paragraph_format.space_after = Pt(look.space_after)
    if "line_height" in changed:
        _set_line_height(paragraph_format, look.line_height)
    if "keep_with_next" in changed:
        paragraph_format.keep_with_next = look.keep_with_next
    if "keep_together" in changed:
        paragraph_format.keep_together = look.keep_together
    if "widow_control" in changed:
        paragraph_format.widow_control = look.widow_control
    if "border_bottom" in changed or "padding_bottom" in changed:
        _set_bottom_border(paragraph_format.element.get_or_add_pPr(), look.border_bottom, look.padding_bottom)


def _set_line_height(paragraph_format: ParagraphFormat, points: float | None) -> None:
    # Word's multiples are of the font's own line height (1.45 em for Noto Sans CJK), CSS's of the font
    # size: so points, and exactly, as in CSS. "At least" let the font's own height win wherever the
    # stylesheet asks for less (a 21 pt title at 1.25, a rating scale at 8.5 pt and 1.35), and each such
    # line grew by up to a fifth. A line with a picture or a larger run grows in CSS: see let_lines_grow.
    if points is None:  # normal: the font's own line height, which is what Word's single spacing is
        paragraph_format.line_spacing = 1.0
    else:
        paragraph_format.line_spacing = Pt(points)
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def let_lines_grow(paragraphs: Iterable[Paragraph]) -> None:
    """Give "at least" line heights to paragraphs holding a picture or a run larger than their style's
    text, which CSS makes taller lines for and an exact line height would cut off."""
    for paragraph in paragraphs:
        element = paragraph.paragraph_format.element
        if next(element.iter(qn("w:drawing")), None) is None and not _has_larger_run(paragraph):
            continue
        line_format = _line_format(paragraph)
        if line_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY:
            paragraph.paragraph_format.line_spacing = line_format.line_spacing
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST


def _line_format(paragraph: Paragraph) -> ParagraphFormat:
    """The paragraph format that sets a paragraph's line height: its own, else its style's or their bases'."""
    own: ParagraphFormat = paragraph.paragraph_format
    if own.line_spacing is not None:
        return own
    style = paragraph.style
    while style is not None and style.paragraph_format.line_spacing is None:
        style = style.base_style
    found: ParagraphFormat = style.paragraph_format if style is not None else paragraph.paragraph_format
    return found


def _has_larger_run(paragraph: Paragraph) -> bool:
    sizes = [run.font.size for run in paragraph.runs if run.font.size is not None]
    if not sizes:
        return False
    style = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return style is None or max(sizes) > style.font.size


def _set_bottom_border(paragraph_properties: Xml, border: Border | None, padding: float) -> None:
    existing = paragraph_properties.find(qn("w:pBdr"))
    if existing is not None:
        paragraph_properties.remove(existing)
    borders = OxmlElement("w:pBdr")
    if border is not None:
        # Word and LibreOffice draw one box round a run of paragraphs with the same borders, and between
        # them only the "between" border: the same line again, so each paragraph keeps its own as in CSS.
        for side in ("w:bottom", "w:between"):
            line = OxmlElement(side)
            border.set_on(line, padding)
            borders.append(line)
    paragraph_properties.insert_element_before(borders, *AFTER_BORDER)  # an empty pBdr removes a style's


def borders(style: Style, tag: str = "w:tcBorders") -> Xml:
    """``w:tcBorders`` (or a table style's ``w:tblBorders``) from the four CSS borders."""
    sides = [(side, side) for side in SIDES]
    if tag == "w:tblBorders":  # a table style draws the lines between cells with borders of its own
        sides += [("insideH", "bottom"), ("insideV", "right")]
    element = OxmlElement(tag)
    for name, side in sides:
        line = OxmlElement(f"w:{name}")
        border = Border.of(style, side)
        if border is None:
            line.set(qn("w:val"), "nil")
        else:
            border.set_on(line)
        element.append(line)
    return element


def cell_margins(style: Style, tag: str = "w:tcMar") -> Xml:
    """``w:tcMar`` (or a table style's ``w:tblCellMar``) from the CSS padding, in twentieths of a point."""
    margins = OxmlElement(tag)
    for side in SIDES:
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(style[f"padding-{side}"] * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    return margins


def shading(fill: str) -> Xml:
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    return element


def format_cell(cell: _Cell, style: Style, row_background: str | None, bare: Style) -> None:
    """A cell's own shading, and its borders and padding where they differ from the table style's."""
    properties = cell.paragraphs[0].paragraph_format.element.getparent().get_or_add_tcPr()
    if _border_values(style) != _border_values(bare):
        properties.insert_element_before(borders(style), *CELL_SUCCESSORS["w:tcBorders"])
    background = style["background-color"] or row_background
    if background:
        properties.insert_element_before(shading(background), *CELL_SUCCESSORS["w:shd"])
    if _padding_values(style) != _padding_values(bare):
        properties.insert_element_before(cell_margins(style), *CELL_SUCCESSORS["w:tcMar"])
    if style["vertical-align"] in VERTICAL:
        cell.vertical_alignment = VERTICAL[style["vertical-align"]]


def format_row(first_cell: _Cell, cannot_split: bool, header: bool) -> None:
    """A row that never splits across pages (``break-inside: avoid``); a header row repeats on each page."""
    properties = first_cell.paragraphs[0].paragraph_format.element.getparent().getparent().get_or_add_trPr()
    for tag, wanted in (("w:cantSplit", cannot_split), ("w:tblHeader", header)):
        if wanted:
            properties.insert_element_before(OxmlElement(tag), *ROW_SUCCESSORS[tag])


def _border_values(style: Style) -> tuple[Any, ...]:
    return tuple(style[f"border-{side}-{part}"] for side in ("top", "right", "bottom", "left")
                 for part in ("width", "style", "color"))


def _padding_values(style: Style) -> tuple[float, ...]:
    return tuple(style[f"padding-{side}"] for side in ("top", "right", "bottom", "left"))


def describe_picture(run: Run, alt: str) -> None:
    """The picture's alternative text, which screen readers read in Word (``wp:docPr``)."""
    for properties in run.font.element.iter(qn("wp:docPr")):
        properties.set("descr", alt)
        properties.set("title", alt)


def restart_numbering(document: Document, paragraph: Paragraph, style: str) -> None:
    """Start this numbered list at 1 instead of continuing the previous one."""
    numbering = document.part.numbering_part.element
    style_num_id = document.styles[style].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    paragraph.paragraph_format.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId


def add_field(run: Run, instruction: str) -> None:
    """Make a run the shown result of a Word field such as PAGE; python-docx has no API for fields."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    element = run.font.element
    element.addprevious(field)
    field.append(element)


def keep_together(elements: list[Xml]) -> None:
    """Keep a block on one page, as ``break-inside: avoid`` does: each paragraph's lines together, and
    each paragraph with the next but the block's last.

    A block that ends in a table ends with its last row: a paragraph of that row kept with the next would
    keep the table with what follows the block, which ``break-inside`` never asks for. Chained so, a
    heading, a kept block and the next kept block move to a new page as one (LibreOffice) or the chain is
    ignored when longer than a page.
    """
    paragraphs = [p for element in elements for p in element.iter(qn("w:p"))]
    for paragraph in paragraphs:
        paragraph.get_or_add_pPr().keepLines_val = True
    last = _last_row(elements[-1]) if elements else None
    in_columns = _in_columns(paragraphs)
    for paragraph in paragraphs[:-1]:
        if (last is None or last not in paragraph.iterancestors(qn("w:tr"))) and paragraph not in in_columns:
            paragraph.get_or_add_pPr().keepNext_val = True


def _in_columns(paragraphs: list[Xml]) -> set[Xml]:
    """The paragraphs of a section in columns but its last: kept each with the next, they could not break
    into the next column (LibreOffice then lays them out in one)."""
    inside, found = False, set()
    for paragraph in reversed(paragraphs):
        properties = paragraph.pPr
        section = properties.find(qn("w:sectPr")) if properties is not None else None
        if section is not None:  # the last paragraph of a section
            columns = section.find(qn("w:cols"))
            inside = columns is not None and int(columns.get(qn("w:num"), "1")) > 1
        elif inside:
            found.add(paragraph)
    return found


def _last_row(element: Xml) -> Xml | None:
    """The last row of a table that ends a block (or a content control around one), else ``None``."""
    while element is not None and element.tag == qn("w:sdt"):
        content = element.find(qn("w:sdtContent"))
        element = content[-1] if content is not None and len(content) else None
    if element is None:
        return None
    rows = element.findall(qn("w:tr")) if element.tag == qn("w:tbl") else []
    return rows[-1] if rows else None


def keep_with_next(elements: list[Xml]) -> None:
    """Keep a block's last paragraph with what follows, as ``break-after: avoid`` does."""
    paragraphs = [p for element in elements for p in element.iter(qn("w:p"))]
    if paragraphs:
        paragraphs[-1].get_or_add_pPr().keepNext_val = True


#: ``w:tblLook``'s bits, for readers that take ``w:val`` rather than the attributes.
TABLE_LOOK_BITS = {"firstRow": 0x0020, "lastRow": 0x0040, "firstColumn": 0x0080, "lastColumn": 0x0100,
                   "noHBand": 0x0200, "noVBand": 0x0400}


def set_table_look(table_properties: Xml, header_row: bool, header_column: bool) -> None:
    """Mark the first row or column as headers only where the HTML has them (``th``).

    python-docx's default look marks both on every table, so pandoc and screen readers took a table's
    first data row for its header.
    """
    look = {"firstRow": header_row, "lastRow": False, "firstColumn": header_column, "lastColumn": False,
            "noHBand": False, "noVBand": True}  # python-docx's bands, which Table Grid does not draw
    element = table_properties.find(qn("w:tblLook"))
    if element is None:
        element = OxmlElement("w:tblLook")
        table_properties.append(element)
    element.set(qn("w:val"), f"{sum(bit for name, bit in TABLE_LOOK_BITS.items() if look[name]):04X}")
    for name, on in look.items():
        element.set(qn(f"w:{name}"), "1" if on else "0")
