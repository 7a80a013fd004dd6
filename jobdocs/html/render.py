"""Render one (role, kind, language) to HTML: the single source of its PDF and DOCX."""
from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency

from ..checks.postings import do_not_ask, equal_opportunity_grounds

from ..errors import InputError
from .fonts import font_stack
from ..model.models import Role, Salary
from ..model.project import Project
from ..model.roles import Links, role_links
from ..model.schema import Text
from .templates import Labels, Templates
from .jsonld import job_posting, json_ld
from .kits import course, interview_plan
from .web import job_ad_page, web_page


#: The two editions of a course: the trainee's handout and the trainer's guide.
COURSE_KINDS = ("training-handout", "trainer-guide")


@dataclass(frozen=True)
class RenderedHtml:
    role_id: str
    kind: str
    language: str
    title: str
    html: str
    #: The bytes of a file the careers site publishes as it is (the logo), instead of ``html``.
    data: bytes | None = None


def localize(value: Any, language: str) -> Any:
    """The same models with every :class:`Text` replaced by its text in ``language``."""
    if isinstance(value, Text):
        return value.get_text(language)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Internal fields (the loader's provenance, ids) hold no text: copying them would cost more than the rest.
        changes = {f.name: localize(getattr(value, f.name), language) for f in dataclasses.fields(value)
                   if not f.metadata.get("internal")}
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list):
        return [localize(item, language) for item in value]
    if isinstance(value, dict):
        return {key: localize(item, language) for key, item in value.items()}
    return value


def render_html(project: Project, templates: Templates, role_id: str, kind: str, language: str,
                extra: dict[str, Any] | None = None, today: datetime.date | None = None) -> RenderedHtml:
    """Render ``templates/<kind>.html`` for one role in one language; ``today`` judges whether it is closed."""
    context = document_context(project, templates, project.roles[role_id], kind, language, today)
    context.update(extra or {})
    html = templates.render(f"{kind}.html", context)
    return RenderedHtml(role_id, kind, language, f"{context['role'].title} · {context['t']['kinds'][kind]}", html)


def document_context(project: Project, templates: Templates, role: Role, kind: str, language: str,
                     today: datetime.date | None = None, *, draw: bool = True) -> dict[str, Any]:
    """Everything a template receives: typed models in one language, and the labels around them.

    ``titles`` holds only the roles the document shows, so that the context is exactly what the
    document is made of: an output's key hashes it (``draw=False`` puts the ladder picture's
    inputs in place of the picture, which is costly to draw and follows from them).
    """
    labels = templates.labels(language)
    local = localize(role, language)
    config = localize(project.config, language)
    titles = {other_id: project.roles[other_id].title.get_text(language)
              for other_id in sorted(shown_roles(project, role, kind))}
    web = web_page(project, templates, job_ad_page(role.id, language), today)
    ladder_image, ladder_width, ladder_alt = _ladder(project, role, kind, titles, labels, draw)
    return {
        "role": local,
        "kind": kind,
        "lang": language,
        "t": labels,
        "company": config.company,
        "project": config,
        "titles": titles,
        "page": page_settings(project, language),
        "pay": format_pay(role.employment.salary, labels),
        "posting": project.config.posting_for(role),
        "date_posted": format_day(project.config.posting_for(role).date_posted, labels),
        "closing_date": format_closing_date(project.config.posting_for(role).valid_through, labels),
        "equal_opportunity": equal_opportunity_line(project, project.config.jurisdictions_for(role), language, labels),
        "total_weight": sum(competency.weight for competency in role.competencies),
        "reports_to": titles.get(role.reports_to or ""),
        "grows_into": [titles[other.id] for other in project.roles.values() if other.extends == role.id],
        "ladder_image": ladder_image,
        "ladder_alt": ladder_alt,
        "ladder_width": ladder_width,
        "interview": interview_plan(local, do_not_ask(project.config.jurisdictions_for(role), language))
        if kind == "interview-guide" else None,
        "course": course(local) if kind in COURSE_KINDS else None,
        "job_posting": json_ld(job_posting(local, config, labels.get("lang_tag", language), url=web.canonical))
        if kind == "job-ad" else "",
        "web": web,
        "generated": None,
    }


def page_settings(project: Project, language: str) -> dict[str, Any]:
    """What the stylesheet needs besides the labels: page size, brand colour, the language's fonts, the logo."""
    return {"size": project.config.page_size, "color": project.config.color, "font_family": font_stack(language),
            "logo": project.logo_url}


def shown_roles(project: Project, role: Role, kind: str, links: dict[str, Links] | None = None) -> set[str]:
    """The roles whose titles a document may print: itself, its ancestors (whose competencies it
    inherits), its manager, the roles that grow from it and, on a training handout, its whole ladder.

    ``links`` (default: the project's roles') may add roles that are not in the project, like broken ones.
    """
    links = role_links(project.roles) if links is None else links
    shown = {role.id, *(other for other, (parent, _manager) in links.items() if parent == role.id)}
    shown |= {role.reports_to} if role.reports_to in links else set()
    parent = role.extends
    while parent in links and parent not in shown:
        shown.add(parent)
        parent = links[parent][0]
    if kind == "training-handout":
        from .ladder import connected_roles

        shown |= connected_roles(links, role.id)
    return shown


def _ladder(project: Project, role: Role, kind: str, titles: dict[str, str], labels: Labels,
            draw: bool = True) -> tuple[str | dict[str, Any], str, str]:
    """The career-ladder picture as a ``data:`` URL (or, without ``draw``, what it is drawn from), its width on
    the page (which follows from what it is drawn from), and its alternative text."""
    if kind != "training-handout":
        return "", "", ""
    from .ladder import ladder_data_url, ladder_description, ladder_layout  # Pillow: only the handout draws one

    try:
        alt = ladder_description(project.roles, role.id, titles, labels)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as error:
        raise InputError(labels.problem("ladder_alt", f"cannot fill in {labels.get('ladder_alt')!r} "
                                                      f"({type(error).__name__}: {error}); it needs grows, then, "
                                                      "reports, here and sentence")) from None
    if not draw:
        return {"layout": ladder_layout(project.roles, role.id), "color": project.config.color}, "", alt
    url, width = ladder_data_url(project.roles, role.id, titles, labels, project.config.color)
    return url, width, alt


def format_pay(salary: Salary | None, labels: Labels) -> str:
    """The pay range in the sentence of the ``pay_range`` label, the amounts as the language writes money."""
    if salary is None:
        return ""
    locale = document_locale(labels)
    # Whole amounts print without cents ("8.000 €"); when either has cents, both show them.
    whole = float(salary.min).is_integer() and float(salary.max).is_integer()
    pattern = locale.currency_formats["standard"].pattern
    pattern = re.sub(r"0\.0+", "0", pattern) if whole else pattern
    values = {"currency": salary.currency, **{name: format_currency(amount, salary.currency, pattern, locale=locale,
                                                                     currency_digits=False)
                                               for name, amount in (("min", salary.min), ("max", salary.max))}}
    try:
        pay: str = labels["pay_range"].format(period=labels["periods"][salary.period], **values)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise InputError(labels.problem("pay_range", f"cannot fill in {labels.get('pay_range')!r} "
                                                     f"({type(error).__name__}: {error}); "
                                                     "it may use {currency}, {min}, {max} and {period}")) from None
    if salary.basis is None:
        return pay
    try:
        with_basis: str = labels["pay_with_basis"].format(pay=pay, basis=labels["pay_basis"][salary.basis])
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise InputError(labels.problem("pay_with_basis", f"cannot fill in {labels.get('pay_with_basis')!r} "
                                                          f"({type(error).__name__}: {error}); "
                                                          "it may use {pay} and {basis}")) from None
    return with_basis


def equal_opportunity_line(project: Project, places: list[str], language: str, labels: Labels) -> str:
    """The project's equal-opportunity line, or by default one naming the grounds the laws of ``places`` name."""
    if project.config.equal_opportunity is not None:
        return project.config.equal_opportunity.get_text(language)
    grounds = equal_opportunity_grounds(places)
    style: Literal["standard", "or"] = "standard" if labels.get("grounds_style") == "and" else "or"
    try:
        words = [labels["grounds"][ground] for ground in grounds]
        line: str = labels["equal_opportunity_default"].format(
            grounds=format_list(words, style, locale=document_locale(labels)))
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise InputError(labels.problem("equal_opportunity_default",
                                        f"cannot fill in {labels.get('equal_opportunity_default')!r} "
                                        f"({type(error).__name__}: {error}); it needs {{grounds}}, and grounds "
                                        f"needs {', '.join(grounds)}")) from None
    return line


def format_closing_date(date: datetime.date | None, labels: Labels) -> str:
    """The closing date as the language writes dates (31.12.2026, Dec 31, 2026, 2026年12月31日)."""
    return format_day(date, labels) or labels["open_until_filled"]


def format_day(date: datetime.date | None, labels: Labels) -> str:
    """A day as the document's language writes it; empty for none."""
    return format_date(date, "medium", locale=document_locale(labels)) if date else ""


def document_locale(labels: Labels) -> Locale:
    """Babel's locale for the document's language tag (``lang_tag``: de-DE, zh-TW, ...)."""
    tag = str(labels.get("lang_tag", ""))
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise InputError(labels.problem("lang_tag", f"{tag!r} is not a language tag dates and amounts can be "
                                                    "written in; use one like de-DE, ja-JP or zh-TW")) from None
