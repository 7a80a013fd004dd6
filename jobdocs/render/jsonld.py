"""schema.org ``JobPosting`` for the careers page, from the same localized role the page shows."""
from __future__ import annotations

import json

from markupsafe import Markup, escape

from ..models import ProjectConfig, Role


def job_posting(role: Role, config: ProjectConfig, language: str) -> dict:
    """Google's required properties, and the recommended ones the role has data for."""
    employment = role.employment
    posting: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": description_html(role),
        "inLanguage": language,
        "hiringOrganization": _organization(config),
        "jobLocation": {"@type": "Place", "address": _address(role)},
        "employmentType": employment.type,
        "identifier": {"@type": "PropertyValue", "name": _organization(config)["name"], "value": role.id},
        "responsibilities": " ".join(role.responsibilities),
        "skills": ", ".join(competency.name for competency in role.must_haves),
    }
    if config.posting.date_posted:
        posting["datePosted"] = config.posting.date_posted.isoformat()
    if config.posting.valid_through:
        posting["validThrough"] = f"{config.posting.valid_through.isoformat()}T23:59:59"
    if employment.salary:
        salary = employment.salary
        posting["baseSalary"] = {
            "@type": "MonetaryAmount", "currency": salary.currency,
            "value": {"@type": "QuantitativeValue", "minValue": salary.min, "maxValue": salary.max,
                      "unitText": salary.period},
        }
    if employment.remote == "remote":  # TELECOMMUTE is for fully remote jobs only
        posting["jobLocationType"] = "TELECOMMUTE"
        if employment.country:
            posting["applicantLocationRequirements"] = {"@type": "Country", "name": employment.country}
    if role.requirements.education:
        posting["qualifications"] = role.requirements.education
    if role.requirements.experience_years:
        posting["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements",
                                             "monthsOfExperience": role.requirements.experience_years * 12}
    code = role.codes.get("onet_soc") or role.codes.get("isco08")
    if code:
        posting["occupationalCategory"] = code
    return posting


def description_html(role: Role) -> str:
    """The summary and duties, as the page shows them."""
    duties = "".join(f"<li>{escape(duty)}</li>" for duty in role.responsibilities)
    return f"<p>{escape(role.summary)}</p><ul>{duties}</ul>"


def json_ld(posting: dict) -> Markup:
    """JSON for a ``<script>`` element: ``</`` is escaped so no text can end the element early."""
    text = json.dumps(posting, ensure_ascii=False, indent=1, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def _organization(config: ProjectConfig) -> dict:
    organization = {"@type": "Organization", "name": config.company.name or "—"}
    if config.company.website:
        organization["sameAs"] = config.company.website
    return organization


def _address(role: Role) -> dict:
    address = {"@type": "PostalAddress"}
    if role.employment.location:
        address["addressLocality"] = role.employment.location
    if role.employment.country:
        address["addressCountry"] = role.employment.country
    return address
