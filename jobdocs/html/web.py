"""A careers page's place on the site: its address, its other languages, and the index it belongs to.

Links a visitor follows are relative, so the site works from any static host and folder. Addresses
that must be absolute (canonical, Open Graph, sitemap) exist only when ``site.url`` is set.
"""
from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass

from ..model.outputs import SITE, Target, logo_target
from ..model.project import Project
from .templates import Templates


@dataclass(frozen=True)
class Alternate:
    """The same page in one language."""

    language: str
    hreflang: str
    #: The language's own name, for the language switcher.
    name: str
    href: str
    #: Absolute when ``site.url`` is set; otherwise the relative ``href``.
    url: str
    current: bool


@dataclass(frozen=True)
class WebPage:
    """What a careers page or the index says about itself in its ``<head>`` and navigation."""

    path: str
    canonical: str | None
    alternates: list[Alternate]
    x_default: str
    #: The relative link to the index of open roles in this page's language.
    index: str
    locale: str
    locale_alternates: list[str]
    site_name: str
    closed: bool
    #: The published logo's absolute address, for ``og:image``; None without ``site.url`` or a logo.
    image: str | None = None


def job_ad_page(role_id: str, language: str) -> Target:
    return Target(role_id, "job-ad", language, "html")


def index_page(language: str) -> Target:
    return Target(SITE, "index", language, "html")


def web_page(project: Project, templates: Templates, page: Target, today: datetime.date | None = None) -> WebPage:
    """The links of ``page`` (a job ad's page or an index) to its other languages and to the index."""
    base = project.config.site.base_url
    versions = [Target(page.role_id, page.kind, language, page.format) for language in project.languages]
    alternates = [Alternate(version.language, _lang_tag(templates, version.language),
                            templates.labels(version.language).get("language_name", version.language),
                            relative_link(page.relative_path, version.relative_path),
                            absolute_url(base, version) or relative_link(page.relative_path, version.relative_path),
                            version == page) for version in versions]
    closed = not page.is_site and project.config.posting_for(project.roles[page.role_id]).closed_on(today)
    locales = [_locale(templates, language) for language in project.languages]
    return WebPage(
        path=page.relative_path, canonical=absolute_url(base, page), alternates=alternates,
        x_default=alternates[0].url, index=relative_link(page.relative_path, index_page(page.language).relative_path),
        locale=_locale(templates, page.language),
        locale_alternates=[locale for locale in locales if locale != _locale(templates, page.language)],
        site_name=project.config.company.name.get_text(page.language) if project.config.company.name else "",
        closed=closed, image=absolute_url(base, logo_target(project)) if project.logo else None)


def absolute_url(base: str | None, target: Target) -> str | None:
    return base + target.relative_path if base else None


def relative_link(source: str, destination: str) -> str:
    """The link from the page at ``source`` to ``destination``, both relative to the site's root."""
    return posixpath.relpath(destination, posixpath.dirname(source) or ".")


def _lang_tag(templates: Templates, language: str) -> str:
    return str(templates.labels(language).get("lang_tag", language))


def _locale(templates: Templates, language: str) -> str:
    """Open Graph's language_TERRITORY form (``zh_CN``, ``en_US``): a tag without a territory gets its
    likeliest one (CLDR likely subtags, through Babel)."""
    return og_locale(_lang_tag(templates, language))


def og_locale(tag: str) -> str:
    """``en`` -> ``en_US``, ``zh-TW`` -> ``zh_TW``, ``zh-Hant`` -> ``zh_TW``; a tag Babel does not know stays as written."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return tag.replace("-", "_")
    if locale.territory is None:
        from babel.core import get_global

        likely = str(get_global("likely_subtags").get(str(locale), str(locale)))
        locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language
