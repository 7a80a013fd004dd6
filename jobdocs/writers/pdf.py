"""Write a tagged or archival PDF from rendered HTML with WeasyPrint, reading only the project's assets."""
from __future__ import annotations

import weasyprint
from weasyprint.urls import URLFetcherResponse

from ..model.assets import AssetPolicy
from ..html.render import RenderedHtml

DEFAULT_VARIANT = "pdf/ua-1"


class ProjectURLFetcher(weasyprint.URLFetcher):
    """Every image, stylesheet and attachment WeasyPrint asks for goes through the asset policy."""

    def __init__(self, policy: AssetPolicy):
        super().__init__()
        self.policy = policy

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        data, media_type = self.policy.read(url)  # RefusedResource is a ValueError: WeasyPrint skips the resource
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})


def write_pdf(rendered: RenderedHtml, base_url: str, policy: AssetPolicy, variant: str = DEFAULT_VARIANT) -> bytes:
    """The PDF bytes: A4 or Letter from the stylesheet, fonts embedded, bookmarks from headings.

    Every variant is tagged: a structure tree, /MarkInfo, /Lang and the title as window title.
    The PDF/A ones (records that are kept) declare only PDF/A in their XMP metadata: claiming
    PDF/UA there too needs an extension schema that WeasyPrint does not write.
    """
    document = weasyprint.HTML(string=rendered.html, base_url=base_url, url_fetcher=ProjectURLFetcher(policy))
    return document.write_pdf(pdf_variant=variant, pdf_tags=True)
