"""schema.org ``JobPosting`` for the careers page, from the same localized role the page shows."""
from __future__ import annotations

import datetime
import json
import zoneinfo
from typing import Any

from markupsafe import Markup, escape

from ..model.models import ProjectConfig, Role
from ..model.schema import localized

#: A JSON-LD object, as json.dumps takes it.
JsonObject = dict[str, Any]


#: schema.org ``credentialCategory`` in the words Google's job postings expect.
CREDENTIAL_CATEGORIES = {"high_school": "high school", "associate_degree": "associate degree",
                         "bachelor_degree": "bachelor degree", "professional_certificate": "professional certificate",
                         "postgraduate_degree": "postgraduate degree"}


def job_posting(role: Role, config: ProjectConfig, language: str, url: str | None = None) -> JsonObject:
    """Google's required properties, and the recommended ones the role has data for.

    ``role`` and ``config`` are localized (``html.render.localize``); ``language`` is the page's language tag
    (``zh-CN``), which ``inLanguage`` repeats.
    """
    employment = role.employment
    dates = config.posting_for(role)
    posting: JsonObject = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": description_html(role),
        "inLanguage": language,
        "hiringOrganization": _organization(config),
        "jobLocation": {"@type": "Place", "address": _address(role)},
        "employmentType": employment.type,
        "identifier": {"@type": "PropertyValue", "name": _organization(config)["name"], "value": role.id},
        "responsibilities": " ".join(localized(duty) for duty in role.responsibilities),
        "skills": ", ".join(localized(competency.name) for competency in role.must_haves),
        "directApply": config.site.direct_apply,
    }
    if url:
        posting["url"] = url
    if dates.date_posted:
        posting["datePosted"] = dates.date_posted.isoformat()
    if dates.valid_through:  # kept once the role has closed: it is how search engines learn that it did
        posting["validThrough"] = end_of_day(dates.valid_through, config.timezone)
    if dates.openings:
        posting["totalJobOpenings"] = dates.openings
    if employment.hours:
        posting["workHours"] = employment.hours
    if role.benefits:
        posting["jobBenefits"] = "; ".join(localized(benefit) for benefit in role.benefits)
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
    qualifications = role.requirements.must_have or ([role.requirements.education] if role.requirements.education
                                                     else [])
    if qualifications:
        posting["qualifications"] = "; ".join(localized(item) for item in qualifications)
    if role.requirements.education or role.requirements.education_level:
        posting["educationRequirements"] = _credential(role)
    if role.requirements.experience_years == 0:
        posting["experienceRequirements"] = "no requirements"  # Google's words for an entry-level job
    elif role.requirements.experience_years:
        posting["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements",
                                             "monthsOfExperience": role.requirements.experience_years * 12}
    code = role.codes.get("onet_soc") or role.codes.get("isco08")
    if code:
        posting["occupationalCategory"] = code
    return posting


def end_of_day(day: datetime.date, timezone: str) -> str:
    """The last second of ``day`` in ``timezone``, with its UTC offset: ``2026-12-31T23:59:59+08:00``."""
    moment = datetime.datetime.combine(day, datetime.time(23, 59, 59), zoneinfo.ZoneInfo(timezone))
    return moment.isoformat()


def description_html(role: Role) -> str:
    """The summary and duties, as the page shows them."""
    duties = "".join(f"<li>{escape(duty)}</li>" for duty in role.responsibilities)
    return f"<p>{escape(role.summary)}</p><ul>{duties}</ul>"


def json_ld(posting: JsonObject) -> Markup:
    """JSON for a ``<script>`` element: ``</`` is escaped so no text can end the element early."""
    text = json.dumps(posting, ensure_ascii=False, indent=1, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def _credential(role: Role) -> JsonObject:
    credential: JsonObject = {"@type": "EducationalOccupationalCredential"}
    if role.requirements.education_level:
        credential["credentialCategory"] = CREDENTIAL_CATEGORIES[role.requirements.education_level]
    if role.requirements.education:
        credential["description"] = role.requirements.education
    return credential


def _organization(config: ProjectConfig) -> JsonObject:
    organization: JsonObject = {"@type": "Organization", "name": config.company.name or "—"}
    if config.company.website:
        organization["sameAs"] = config.company.website
    return organization


def _address(role: Role) -> JsonObject:
    address: JsonObject = {"@type": "PostalAddress"}
    if role.employment.location:
        address["addressLocality"] = role.employment.location
    if role.employment.country:
        address["addressCountry"] = role.employment.country
    return address
