"""Forms to fill in Word: tick boxes as check-box content controls, fields to fill as text content controls.

The HTML says what is a form, in standard terms the templates keep to: ``<input type="checkbox">`` is a tick
box, an element with ``role="textbox"`` (or a text ``<input>``) is a field to fill, and ``aria-label``
names either. Word shows each as a content control with that name as its title and tag.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element as XmlElement  # lxml's element type, which its stubs name so
from lxml.html import HtmlElement

#: ☐ and ☒ with the font to draw them in, as Word writes its own check boxes.
UNCHECKED, CHECKED = "2610", "2612"
BOX_GLYPHS = {False: "\u2610", True: "\u2612"}
#: The grey Word gives a placeholder.
PLACEHOLDER_COLOR = "808080"
TEXT_INPUTS = ("", "text", "email", "number", "tel", "date", "url", "search")


def is_check_box(element: HtmlElement) -> bool:
    return bool(element.tag == "input" and element.get("type", "").lower() == "checkbox")


def is_text_field(element: HtmlElement) -> bool:
    """A field to fill: ``role="textbox"``, or a text ``<input>`` / ``<textarea>``."""
    if element.get("role", "").strip().lower() == "textbox":
        return True
    return bool(element.tag == "textarea"
                or (element.tag == "input" and element.get("type", "").lower() in TEXT_INPUTS))


def label_of(element: HtmlElement) -> str:
    """What the field is called: its ``aria-label``, else its ``title`` or ``placeholder``."""
    for attribute in ("aria-label", "title", "placeholder"):
        if element.get(attribute, "").strip():
            return " ".join(element.get(attribute).split())
    return ""


class ContentControls:
    """Makes a document's content controls, each with an id of its own (in document order, so reproducible)."""

    def __init__(self) -> None:
        self.ids: Iterator[int] = itertools.count(1)

    def check_box(self, run: XmlElement, label: str, checked: bool, font_family: str) -> None:
        """Make ``run`` (showing ☐ or ☒) a check box that Word ticks on a click."""
        box = OxmlElement("w14:checkbox")
        state = OxmlElement("w14:checked")
        state.set(qn("w14:val"), "1" if checked else "0")
        box.append(state)
        for tag, glyph in (("w14:checkedState", CHECKED), ("w14:uncheckedState", UNCHECKED)):
            element = OxmlElement(tag)
            element.set(qn("w14:val"), glyph)
            element.set(qn("w14:font"), font_family)
            box.append(element)
        self._wrap([run], label, box)

    def text_field(self, elements: list[XmlElement], label: str, *, placeholder: bool, multiline: bool) -> None:
        """Make runs (inline) or paragraphs and tables (block) one field to fill, plain text if inline.

        ``placeholder``: the content shows the label in grey until the field is filled in.
        """
        kind = OxmlElement("w:text")
        if multiline:
            kind.set(qn("w:multiLine"), "1")
        block = elements[0].tag != qn("w:r")
        self._wrap(elements, label, None if block else kind, placeholder)

    def _wrap(self, elements: list[XmlElement], label: str, kind: XmlElement | None,
              placeholder: bool = False) -> None:
        control, properties, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
        for tag, value in (("w:alias", label), ("w:tag", label), ("w:id", str(next(self.ids)))):
            if value:
                element = OxmlElement(tag)
                element.set(qn("w:val"), value)
                properties.append(element)
        if placeholder:
            properties.append(OxmlElement("w:showingPlcHdr"))
        if kind is not None:
            properties.append(kind)
        control.append(properties)
        control.append(content)
        elements[0].addprevious(control)
        for element in elements:
            content.append(element)
