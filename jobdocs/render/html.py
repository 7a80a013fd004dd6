"""Render one (role, kind, language) to HTML: the single source of its PDF and DOCX."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..fonts import font_stack
from ..models import Role, Salary
from ..project import Project
from ..schema import Text
from ..templates import Labels, Templates
from .jsonld import job_posting, json_ld


@dataclass(frozen=True)
class RenderedHtml:
    role_id: str
    kind: str
    language: str
    title: str
    html: str


def localize(value: Any, language: str) -> Any:
    """The same models with every :class:`Text` replaced by its text in ``language``."""
    if isinstance(value, Text):
        return value.get_text(language)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: localize(getattr(value, f.name), language) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list):
        return [localize(item, language) for item in value]
    if isinstance(value, dict):
        return {key: localize(item, language) for key, item in value.items()}
    return value


def render_html(project: Project, templates: Templates, role_id: str, kind: str, language: str,
                extra: dict[str, Any] | None = None) -> RenderedHtml:
    """Render ``templates/<kind>.html`` for one role in one language."""
    context = document_context(project, templates, project.roles[role_id], kind, language)
    context.update(extra or {})
    html = templates.render(f"{kind}.html", context)
    return RenderedHtml(role_id, kind, language, f"{context['role'].title} · {context['t']['kinds'][kind]}", html)


def document_context(project: Project, templates: Templates, role: Role, kind: str, language: str) -> dict:
    """Everything a template receives: typed models in one language, and the labels around them."""
    labels = templates.labels(language)
    local = localize(role, language)
    config = localize(project.config, language)
    titles = {other.id: other.title.get_text(language) for other in project.roles.values()}
    posting = project.config.posting
    return {
        "role": local,
        "kind": kind,
        "lang": language,
        "t": labels,
        "company": config.company,
        "project": config,
        "titles": titles,
        "page": {"size": project.config.page_size, "color": project.config.color, "font_family": font_stack()},
        "pay": format_pay(role.employment.salary, labels),
        "facts": _facts(local, labels),
        "closing_date": posting.valid_through.isoformat() if posting.valid_through else labels["open_until_filled"],
        "total_weight": sum(competency.weight for competency in role.competencies),
        "reports_to": titles.get(role.reports_to or ""),
        "grows_into": [titles[other.id] for other in project.roles.values() if other.extends == role.id],
        "ladder_image": _ladder(project, role, kind, titles, labels),
        "job_posting": json_ld(job_posting(local, config, language)) if kind == "job-ad" else "",
        "generated": None,
    }


def _ladder(project: Project, role: Role, kind: str, titles: dict[str, str], labels: dict) -> str:
    if kind != "training-handout":
        return ""
    from .ladder import ladder_data_url  # Pillow: only the handout draws a picture

    return ladder_data_url(project.roles, role.id, titles, labels, project.config.color)


def format_pay(salary: Salary | None, labels: Labels) -> str:
    if salary is None:
        return ""
    values = {"currency": salary.currency, "min": _amount(salary.min), "max": _amount(salary.max)}
    try:
        return labels["pay_range"].format(period=labels["periods"][salary.period], **values)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise InputError(labels.problem("pay_range", f"cannot fill in {labels.get('pay_range')!r} "
                                                     f"({type(error).__name__}: {error}); "
                                                     "it may use {currency}, {min}, {max} and {period}")) from None


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _facts(role: Role, labels: dict) -> list[str]:
    employment = role.employment
    facts = [employment.location, labels["remote"][employment.remote], labels["employment_types"][employment.type]]
    return [fact for fact in facts if fact]
