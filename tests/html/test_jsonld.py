"""schema.org JobPosting: Google's required properties and the recommended ones beyond them."""
from __future__ import annotations

import dataclasses

import pytest

from jobdocs.model.project import load_project
from jobdocs.html.render import localize
from jobdocs.html.jsonld import job_posting

from tests.conftest import REPO


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def posting_of(project, role_id: str, **employment) -> dict:
    role = localize(project.roles[role_id], "en")
    role.employment = dataclasses.replace(role.employment, **employment)
    return job_posting(role, localize(project.config, "en"), "en", url="https://example.com/x.html")


def test_recommended_properties_beyond_the_required_set(project):
    posting = posting_of(project, "operations-director")
    assert posting["directApply"] is False and posting["url"] == "https://example.com/x.html"
    assert posting["identifier"] == {"@type": "PropertyValue", "name": "Haifan Cross-border Commerce",
                                     "value": "operations-director"}
    assert posting["experienceRequirements"] == {"@type": "OccupationalExperienceRequirements",
                                                 "monthsOfExperience": 60}
    education = posting["educationRequirements"]
    assert education["@type"] == "EducationalOccupationalCredential"
    assert education["credentialCategory"] == "bachelor degree"
    assert education["description"].startswith("Bachelor's degree or above")


def test_an_entry_level_role_asks_for_no_experience(project):
    assert posting_of(project, "operations-assistant")["experienceRequirements"] == "no requirements"


def test_only_a_fully_remote_role_is_telecommute_and_says_where_applicants_may_live(project):
    remote = posting_of(project, "store-manager", remote="remote")
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert remote["applicantLocationRequirements"] == {"@type": "Country", "name": "CN"}
    for mode in ("hybrid", "onsite"):
        posting = posting_of(project, "store-manager", remote=mode)
        assert "jobLocationType" not in posting and "applicantLocationRequirements" not in posting


def test_a_role_of_its_own_posting_dates_overrides_the_projects(project):
    role = localize(project.roles["store-manager"], "en")
    role.posting = dataclasses.replace(project.config.posting, valid_through=project.config.posting.date_posted)
    posting = job_posting(role, localize(project.config, "en"), "en")
    assert posting["validThrough"] == "2026-11-02T23:59:59+08:00" and posting["datePosted"] == "2026-11-02"
    assert "url" not in posting


def test_the_posting_says_what_the_ad_says(project):
    posting = posting_of(project, "store-manager")
    role = project.roles["store-manager"]
    assert posting["totalJobOpenings"] == project.config.posting_for(role).openings == 2
    assert posting["workHours"] == role.employment.hours.get_text("en")
    assert posting["jobBenefits"].split("; ") == [benefit.get_text("en") for benefit in role.benefits]
    assert posting["qualifications"].split("; ") == [item.get_text("en") for item in role.requirements.must_have]


@pytest.mark.parametrize("timezone, offset", [("UTC", "+00:00"), ("Asia/Shanghai", "+08:00"),
                                              ("America/New_York", "-05:00")])
def test_the_closing_time_carries_the_projects_utc_offset(project, timezone, offset):
    config = dataclasses.replace(localize(project.config, "en"), timezone=timezone)
    posting = job_posting(localize(project.roles["store-manager"], "en"), config, "en")
    assert posting["validThrough"] == f"2026-12-31T23:59:59{offset}"
