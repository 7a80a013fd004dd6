"""Write a tagged or archival PDF from rendered HTML with WeasyPrint, reading only the project's assets."""
from __future__ import annotations

from typing import TYPE_CHECKING

import functools

import lxml.html
import pydyf
import weasyprint
from weasyprint.urls import URLFetcherResponse

from ..model.assets import AssetPolicy
from ..html.render import RenderedHtml

if TYPE_CHECKING:
    from ..batch.workers import WriteSettings

DEFAULT_VARIANT = "pdf/ua-1"
#: Variants whose tick boxes are form fields. PDF/A forbids the ``NeedAppearances`` WeasyPrint sets with them.
FORM_VARIANTS = ("pdf/ua-1",)
#: Every control but a tick box stays print-only: one text field turns off font subsetting for its face,
#: and a Chinese page grew from 0.16 MB to 15.8 MB (measured with WeasyPrint 70).
PRINT_ONLY_CONTROLS = "input:not([type=checkbox]), select, textarea, button { appearance: none }"


class ProjectURLFetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """Every image, stylesheet and attachment WeasyPrint asks for goes through the asset policy."""

    def __init__(self, policy: AssetPolicy):
        super().__init__()
        self.policy = policy

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        data, media_type = self.policy.read(url)  # RefusedResource is a ValueError: WeasyPrint skips the resource
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})


def write(rendered: RenderedHtml, settings: WriteSettings, policy: AssetPolicy) -> bytes:
    """The registry's entry: the PDF in the variant the build asks for."""
    return write_pdf(rendered, settings.base_url, policy, settings.pdf_variant)


def write_pdf(rendered: RenderedHtml, base_url: str, policy: AssetPolicy, variant: str = DEFAULT_VARIANT) -> bytes:
    """The PDF bytes: A4 or Letter from the stylesheet, fonts embedded, bookmarks from headings.

    Every variant is tagged: a structure tree, /MarkInfo, /Lang and the title as window title.
    The PDF/A ones (records that are kept) declare only PDF/A in their XMP metadata: claiming
    PDF/UA there too needs an extension schema that WeasyPrint does not write. In PDF/UA-1 the
    tick boxes (``<input type="checkbox">``) are form fields, each tagged /Form and named by its label.
    """
    forms = variant in FORM_VARIANTS and "<input" in rendered.html
    html = _with_field_names(rendered.html) if forms else rendered.html
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=ProjectURLFetcher(policy))
    data: bytes = document.write_pdf(pdf_variant=variant, pdf_tags=True, pdf_forms=forms or None,
                                     stylesheets=[_print_only_controls()] if forms else None,
                                     finisher=_tag_header_scopes)
    return data


@functools.cache
def _print_only_controls() -> weasyprint.CSS:
    return weasyprint.CSS(string=PRINT_ONLY_CONTROLS)


def _with_field_names(html: str) -> str:
    """Each control's ``aria-label`` as its ``title``, which WeasyPrint writes as the field's name (/TU).

    WeasyPrint names a field by its <label>, title, placeholder or name, not by ``aria-label``; a field
    without a name fails PDF/UA and is read out as "check box" alone.
    """
    tree = lxml.html.document_fromstring(html)
    for control in tree.iter("input", "select", "textarea"):
        label = control.get("aria-label")
        if label and not control.get("title"):
            control.set("title", label)
    return str(lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"))


def _tag_header_scopes(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Give each /TH the /Scope its row says: /Row where a cell of its own row names it, else /Column.

    WeasyPrint 70 links each /TD to its headers (/Headers and /ID) but never writes /Scope, which
    validators and screen readers also read; this follows the links WeasyPrint made, so the two agree.
    """
    objects = pdf.objects
    for row in objects:
        if not isinstance(row, pydyf.Dictionary) or row.get("S") != "/TR":
            continue
        cells = [objects[int(kid.split()[0])] for kid in row["K"] if isinstance(kid, bytes)]
        named = {str(header.string) for cell in cells if cell.get("S") == "/TD"
                 for header in cell.get("A", {}).get("Headers", ())}
        for cell in cells:
            if cell.get("S") == "/TH" and "ID" in cell:
                attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                attributes["Scope"] = "/Row" if str(cell["ID"].string) in named else "/Column"
