"""The careers site's own files: the index of open roles in each language, and the sitemap.

Both cover the whole project, whatever ``--role`` picks, and leave out the roles whose closing
date has passed on the build's day.
"""
from __future__ import annotations

import base64
import datetime
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from ..model.models import Role
from ..model.schema import localized
from ..model.outputs import SITE_TEMPLATES, Target
from ..model.project import Project
from ..html.templates import Templates
from ..html.render import RenderedHtml, document_context, equal_opportunity_line, localize, page_settings
from ..html.web import index_page, job_ad_page, relative_link, web_page

if TYPE_CHECKING:
    from ..batch.workers import WriteSettings
    from ..model.assets import AssetPolicy

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
#: Values only paged media know (CSS GCPM): a browser ignores them and the W3C checker rejects them.
_PAGED_ONLY = ("running(", "element(")
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Opening:
    """One open role as the index lists it: the role in one language and what its page shows."""

    role: Role
    href: str
    pay: str
    closing_date: str


@dataclass(frozen=True)
class Family:
    name: str | None
    openings: list[Opening]


def render_site(project: Project, templates: Templates, target: Target,
                today: datetime.date | None = None) -> RenderedHtml:
    """One of the site's own files, as text."""
    if target.kind == "sitemap":
        return RenderedHtml(target.role_id, target.kind, target.language, "sitemap", sitemap_xml(project, templates, today))
    if target.kind == "logo":
        return RenderedHtml(target.role_id, target.kind, target.language, "logo", "", data=logo_bytes(project))
    context = index_context(project, templates, target.language, today)
    html = templates.render(SITE_TEMPLATES[target.kind], context)
    return RenderedHtml(target.role_id, target.kind, target.language, context["t"]["open_roles"], html)


def write(rendered: RenderedHtml, settings: WriteSettings, policy: AssetPolicy) -> bytes:
    """The registry's entry: a careers page (without print-only CSS), the index, the sitemap or the logo."""
    if rendered.data is not None:  # a file published as it is: the logo
        return rendered.data
    return (rendered.html if rendered.kind == "sitemap" else web_html(rendered.html)).encode("utf-8")


def logo_bytes(project: Project) -> bytes:
    """The logo as the documents show it (checked at load, scaled down when large), for link previews."""
    return base64.b64decode(project.logo_url.partition(",")[2])


def open_roles(project: Project, today: datetime.date | None) -> list[Role]:
    return [role for role in project.roles.values() if not project.config.posting_for(role).closed_on(today)]


def index_context(project: Project, templates: Templates, language: str,
                  today: datetime.date | None = None) -> dict[str, Any]:
    """What ``careers-index.html`` receives: the open roles grouped by family, and the labels."""
    config = localize(project.config, language)
    page = index_page(language)
    labels = templates.labels(language)
    return {
        "kind": page.kind,
        "lang": language,
        "t": labels,
        "company": config.company,
        "project": config,
        "page": page_settings(project, language),
        "web": web_page(project, templates, page, today),
        "families": families(project, templates, language, today),
        "equal_opportunity": equal_opportunity_line(project, project.config.jurisdictions, language, labels),
        "generated": None,
    }


def families(project: Project, templates: Templates, language: str, today: datetime.date | None) -> list[Family]:
    """Open roles by family, families in alphabetical order and roles without one last; lower rungs first."""
    page = index_page(language).relative_path
    grouped: dict[str | None, list[Opening]] = {}
    for role in open_roles(project, today):
        context = document_context(project, templates, role, "job-ad", language, today)
        opening = Opening(context["role"], relative_link(page, job_ad_page(role.id, language).relative_path),
                          context["pay"], context["closing_date"])
        family = opening.role.family
        grouped.setdefault(None if family is None else localized(family), []).append(opening)
    order = sorted(grouped, key=lambda name: (name is None, name or ""))
    return [Family(name, sorted(grouped[name], key=lambda o: (o.role.level or 0, o.role.title, o.role.id)))
            for name in order]


def sitemap_xml(project: Project, templates: Templates, today: datetime.date | None = None) -> str:
    """``sitemap.xml``: the index and every open role's page, each with its other languages."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    pages: list[tuple[Target, datetime.date | None]] = [(index_page(language), None) for language in project.languages]
    for role in open_roles(project, today):
        posted = project.config.posting_for(role).date_posted
        pages += [(job_ad_page(role.id, language), posted) for language in project.languages]
    for page, posted in pages:
        web = web_page(project, templates, page, today)
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = web.canonical
        if posted:
            ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = posted.isoformat()
        links = [(alternate.hreflang, alternate.url) for alternate in web.alternates] + [("x-default", web.x_default)]
        for hreflang, href in links:
            ElementTree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
    ElementTree.indent(urlset, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"


def web_html(html: str) -> str:
    """A document's HTML as a careers page: its stylesheets without the print-only rules.

    ``@page`` rules and running elements (``position: running()``, ``content: element()``) place the
    PDF's header and footer; on the web they are noise that the W3C checker reports as errors.
    """
    return _STYLE.sub(lambda match: match[1] + screen_css(match[2]) + match[3], html)


def screen_css(css: str) -> str:
    """``css`` without ``@page`` rules and paged-media declarations, the rest as written."""
    import tinycss2

    return str(tinycss2.serialize(_screen_rules(tinycss2.parse_stylesheet(css, skip_comments=True))))


def _screen_rules(rules: list[Any]) -> list[Any]:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "page":
            continue
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            rule.content = _screen_rules(tinycss2.parse_rule_list(rule.content))
        elif rule.type == "qualified-rule":
            kept_items = [item for item in tinycss2.parse_blocks_contents(rule.content) if not _paged_only(item)]
            rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(kept_items))
        kept.append(rule)
    return kept


def _paged_only(item: Any) -> bool:
    import tinycss2

    return item.type == "declaration" and any(value in tinycss2.serialize(item.value).replace(" ", "")
                                              for value in _PAGED_ONLY)
