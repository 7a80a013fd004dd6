"""Where a built PDF's pages end, read back with ``pdftotext -bbox``; shared by the layout tests and their report.

A page is near-empty when its body text ends above 40% of the page height. The body is what lies inside the
page margins of the document's ``@page`` rule: the running header and footer sit in the margins. The page
before a deliberate break is exempt: the next page starts with an element whose computed style says
``break-before: page`` (or follows one that says ``break-after: page``). Both come from the same CSS cascade
the DOCX writer reads, so the rule knows CSS, not our class names.
"""
from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import lxml.html

NEAR_EMPTY = 0.4
#: Words whose tops are closer than this (points) are on one line.
SAME_LINE = 1.5
PAGE_BREAKS = ("page", "left", "right", "recto", "verso")


@dataclass(frozen=True)
class DocumentLayout:
    """What the HTML and its stylesheet say about the pages: their margins and where they must break."""

    #: The first words of each element that starts a new page, white space removed.
    break_starts: tuple[str, ...]
    top_margin: float
    bottom_margin: float


@dataclass(frozen=True)
class Page:
    height: float
    #: Body lines, top to bottom: (the line's lowest edge, its text without white space).
    lines: tuple[tuple[float, str], ...]

    @property
    def text(self) -> str:
        return "".join(text for _bottom, text in self.lines)

    @property
    def ends_at(self) -> float:
        """Where the body text ends, as a share of the page height (0 when the page has none)."""
        return max((bottom for bottom, _text in self.lines), default=0.0) / self.height


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path, layout: DocumentLayout | None = None) -> list[Page]:
    """Each page's body lines: the words inside the page margins (all words without a layout)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for attributes, content in re.findall(r"<page (.*?)>(.*?)</page>", out, re.S):
        height = float(re.search(r'height="([\d.]+)"', attributes).group(1))
        top, bottom = (layout.top_margin, height - layout.bottom_margin) if layout else (0.0, height)
        words = [(float(y0), float(y1), html.unescape(word)) for y0, y1, word in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', content)]
        # A word belongs to the body when its middle is inside the margins (a glyph's box may poke out).
        body = [word for word in words if top <= (word[0] + word[1]) / 2 <= bottom]
        pages.append(Page(height, _lines(body)))
    return pages


def _lines(words: list[tuple[float, float, str]]) -> tuple[tuple[float, str], ...]:
    lines: list[list] = []
    for y0, y1, word in sorted(words, key=lambda w: w[0]):
        if lines and abs(lines[-1][0] - y0) < SAME_LINE:
            lines[-1][1] = max(lines[-1][1], y1)
            lines[-1][2] += word
        else:
            lines.append([y0, y1, word])
    return tuple((bottom, text) for _top, bottom, text in lines)


def document_layout(document_html: str) -> DocumentLayout:
    """The page margins and the deliberate page breaks of a rendered document."""
    from jobdocs.writers.docx.css import cascade_for

    tree = lxml.html.document_fromstring(document_html)
    styles = cascade_for([style.text or "" for style in tree.iter("style")]).compute(tree)
    starts, after_break = [], False
    for element in tree.body.iter():
        if not isinstance(element.tag, str) or element not in styles.elements:
            continue
        style = styles[element]
        if style.get("display") == "none" or str(style.get("position", "")).startswith("running"):
            continue
        text = squash(element.text_content())
        if (style["break-before"] in PAGE_BREAKS or after_break) and text:
            starts.append(text[:12])
            after_break = False
        if style["break-after"] in PAGE_BREAKS:
            after_break = True
    page = styles.page()
    return DocumentLayout(tuple(starts), page.margins["top"], page.margins["bottom"])


def near_empty_pages(pages: list[Page], layout: DocumentLayout | None = None) -> list[int]:
    """Numbers (1-based) of the pages, the last left out, whose text ends above 40% of the height and that
    are not followed by a deliberate break."""
    found = []
    for number, (page, following) in enumerate(pairwise(pages), start=1):
        if page.ends_at >= NEAR_EMPTY:
            continue
        if layout and any(following.text.startswith(start) for start in layout.break_starts):
            continue
        found.append(number)
    return found


def page_of(pages: list[Page], text: str, start: tuple[int, int] = (0, 0)) -> tuple[int, int] | None:
    """(page index, offset) of ``text`` (white space ignored) at or after ``start`` in reading order."""
    needle = squash(text)
    page_index, offset = start
    for index in range(page_index, len(pages)):
        found = pages[index].text.find(needle, offset if index == page_index else 0)
        if found >= 0:
            return index, found + len(needle)
    return None


def page_counts_by_libreoffice(docx_files: list[Path]) -> dict[Path, int]:
    """Each DOCX's page count as LibreOffice lays it out, all converted in ONE soffice call."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        # The files share names across roles (interview-guide.en.docx): copy them under unique names.
        named = {}
        for index, path in enumerate(docx_files):
            copy = Path(folder) / f"{index:03d}.docx"
            copy.write_bytes(path.read_bytes())
            named[copy.with_suffix(".pdf").name] = path
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", folder, *sorted(str(p) for p in Path(folder).glob("*.docx"))],
                       capture_output=True, check=True, timeout=900)
        return {source: len(PdfReader(Path(folder) / name).pages) for name, source in named.items()}
