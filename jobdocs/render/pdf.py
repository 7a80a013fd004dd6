"""Write a PDF from rendered HTML with WeasyPrint, reading only the project's assets."""
from __future__ import annotations

import weasyprint
from weasyprint.urls import URLFetcherResponse

from ..assets import AssetPolicy
from .html import RenderedHtml

#: The user-agent stylesheet: the HTML elements a document template uses, and nothing of forms,
#: media, ruby, bidi or quirks. WeasyPrint's own (18 KB) costs a fifth of a document's time in the
#: cascade (measured with bench/run.py); a template's style.css sets everything else.
USER_AGENT_CSS = """
html, body, address, article, aside, blockquote, center, dd, details, div, dl, dt, fieldset, figcaption,
figure, footer, form, h1, h2, h3, h4, h5, h6, header, hgroup, hr, main, nav, ol, p, pre, section, summary,
ul, legend { display: block }
head, link, meta, script, style, title, template, [hidden] { display: none }
body { margin: 8px }
p, blockquote, figure, dl, pre { margin: 1em 0 }
blockquote, figure { margin-left: 40px; margin-right: 40px }
h1 { font-size: 2em; margin: .67em 0 } h2 { font-size: 1.5em; margin: .83em 0 }
h3 { font-size: 1.17em; margin: 1em 0 } h4 { margin: 1.33em 0 } h5 { font-size: .83em; margin: 1.67em 0 }
h6 { font-size: .67em; margin: 2.33em 0 }
h1, h2, h3, h4, h5, h6, th, b, strong, dt { font-weight: bold }
h1 { bookmark-level: 1 } h2 { bookmark-level: 2 } h3 { bookmark-level: 3 }
h4 { bookmark-level: 4 } h5 { bookmark-level: 5 } h6 { bookmark-level: 6 }
h1, h2, h3, h4, h5, h6 { bookmark-label: content(text) }
ul, ol { margin: 1em 0; padding-left: 40px } ul ul, ol ul, ul ol, ol ol { margin: 0 }
ul { list-style-type: disc } ol { list-style-type: decimal } li { display: list-item }
dd { margin-left: 40px }
table { display: table; box-sizing: border-box; border-spacing: 2px; border-collapse: separate; text-indent: 0 }
caption { display: table-caption; text-align: center } colgroup { display: table-column-group }
col { display: table-column } thead { display: table-header-group; vertical-align: middle }
tbody { display: table-row-group; vertical-align: middle } tfoot { display: table-footer-group }
tr { display: table-row } td, th { display: table-cell; padding: 1px; vertical-align: inherit }
th { text-align: center }
i, em, cite, var, dfn, address { font-style: italic }
u, ins { text-decoration: underline } s, del, strike { text-decoration: line-through }
small { font-size: smaller } big { font-size: larger }
sub { vertical-align: sub; font-size: smaller } sup { vertical-align: super; font-size: smaller }
code, kbd, pre, samp, tt { font-family: monospace } pre { white-space: pre }
hr { border: 1px inset; margin: .5em auto; color: gray }
img { display: inline-block }
br::before { content: "\\A"; white-space: pre-line }
ol, ul { counter-reset: list-item }
::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }
table, td, th { border-color: gray } thead, tbody, tfoot, tr { border-color: inherit }
h1, h2, h3, h4, h5, h6 { hyphens: manual; break-after: avoid; break-inside: avoid }
@page {
  margin: 75px;
  @top-left { text-align: left; vertical-align: middle } @top-center { text-align: center; vertical-align: middle }
  @top-right { text-align: right; vertical-align: middle }
  @bottom-left { text-align: left; vertical-align: middle }
  @bottom-center { text-align: center; vertical-align: middle }
  @bottom-right { text-align: right; vertical-align: middle }
  @left-top { vertical-align: top } @left-middle { vertical-align: middle } @left-bottom { vertical-align: bottom }
  @right-top { vertical-align: top } @right-middle { vertical-align: middle } @right-bottom { vertical-align: bottom }
}
"""


class ProjectURLFetcher(weasyprint.URLFetcher):
    """Every image, stylesheet and attachment WeasyPrint asks for goes through the asset policy."""

    def __init__(self, policy: AssetPolicy):
        super().__init__()
        self.policy = policy

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        data, media_type = self.policy.read(url)  # RefusedResource is a ValueError: WeasyPrint skips the resource
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})


class _Document(weasyprint.HTML):
    """WeasyPrint's HTML with the small user-agent stylesheet above."""

    _user_agent = None

    def _ua_stylesheets(self, forms: bool = False) -> list:
        if _Document._user_agent is None:
            _Document._user_agent = weasyprint.CSS(string=USER_AGENT_CSS)
        return [_Document._user_agent]


def write_pdf(rendered: RenderedHtml, base_url: str, policy: AssetPolicy) -> bytes:
    """The PDF bytes: A4 or Letter from the stylesheet, fonts embedded, bookmarks from headings."""
    document = _Document(string=rendered.html, base_url=base_url, url_fetcher=ProjectURLFetcher(policy))
    return document.write_pdf()
