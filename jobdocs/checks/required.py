"""What a posting must state in each place it is posted in (:mod:`jobdocs.checks.postings`), read
from the typed role and project: each item either is in the ad or is missing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable

from ..model.models import Role
from ..model.project import Project
from .postings import Item, Place, Requirement

#: A title that names every gender: (m/w/d), (w/m/d), (m/f/d), (H/F), (all genders), Verkäufer*in, Verkäufer:in.
GENDERED_TITLE_MARK = re.compile(r"\(\s*[mwdfhx]\s*(?:/\s*[mwdfhx]\s*)+\)|\b[HF]\s*/\s*[FH]\b|\(\s*(?:all genders|"
                                 r"alle Geschlechter|gn\*?|d)\s*\)|\w[*:]in(?:nen)?\b|\w/-?in\b", re.IGNORECASE)
#: Words a Japanese posting states the scope of later changes and the smoking rules in (職業安定法施行規則 4-2).
CHANGE_SCOPE = re.compile(r"変更の範囲|scope of (?:later |future )?changes?", re.IGNORECASE)
SMOKING = re.compile(r"喫煙|禁煙|smok", re.IGNORECASE)


Gap = tuple[str, str, str] | tuple[str, str, str, str]


@dataclass(frozen=True)
class Missing:
    """A required item the ad lacks, with the field that would hold it."""

    requirement: Requirement
    place: Place
    field: str
    what: str
    fix: str
    #: The text (a title, in one language) that lacks it, when one text does.
    language: str = ""


def missing_items(project: Project, role: Role, places: list[Place], texts: list[str]) -> list[Missing]:
    """Every requirement of ``places`` that ``role``'s ad does not meet; ``texts`` is all of the ad's text."""
    missing = []
    for place in places:
        for requirement in place.required:
            missing += [Missing(requirement, place, *gap) for gap in CHECKS[requirement.item](project, role, texts)]
    return missing


@dataclass(frozen=True)
class Stated:
    """An item that is stated when a field of the role or project has a value."""

    value: Callable[[Project, Role], object]
    field: str
    what: str
    fix: str

    def __call__(self, project: Project, role: Role, texts: list[str]) -> list[Gap]:
        value = self.value(project, role)
        empty = value is None or (isinstance(value, (str, list)) and not value)  # 0 months of probation is an answer
        return [(self.field, self.what, self.fix)] if empty else []


def _title_gender(project: Project, role: Role, texts: list[str]) -> list[Gap]:
    """Each Latin-script title must name every gender; CJK titles have no gendered nouns to mark."""
    titles = {language: role.title.get_text(language) for language in project.languages
              if language.split("-")[0] not in ("zh", "ja", "ko")}
    return [("title", "a title for every gender", "add (m/w/d) in German or (H/F) in French, or use a form "
             "that names every gender (Verkäufer*in)", language)
            for language, title in titles.items() if not GENDERED_TITLE_MARK.search(title)]


def _french(project: Project, role: Role, texts: list[str]) -> list[Gap]:
    french = any(language.split("-")[0] == "fr" for language in project.languages)
    return [] if french else [("languages", "a French version of the offer", "add fr to languages in jobdocs.yaml "
                                            "and a French text to every text field")]


def _mentions(pattern: re.Pattern[str], field: str, what: str, fix: str) -> Callable[[Project, Role, list[str]],
                                                                                   list[Gap]]:
    def check(project: Project, role: Role, texts: list[str]) -> list[Gap]:
        return [] if any(pattern.search(text) for text in texts) else [(field, what, fix)]
    return check


CHECKS: dict[Item, Callable[[Project, Role, list[str]], list[Gap]]] = {
    "employer": Stated(lambda project, role: project.config.company.name, "company.name", "the employer's name",
                       "add company: {name: ..., about: ...} to jobdocs.yaml"),
    "headcount": Stated(lambda project, role: project.config.posting_for(role).openings, "posting.openings",
                        "the headcount (招聘人数)", "add posting: {openings: N} to the role, or to jobdocs.yaml"),
    "location": Stated(lambda project, role: role.employment.location, "employment.location", "the place of work",
                       "add employment.location"),
    "pay": Stated(lambda project, role: role.employment.salary, "employment.salary", "a pay range",
                  "add salary: {currency: ..., min: ..., max: ..., period: ..., basis: gross}"),
    "validity": Stated(lambda project, role: project.config.posting_for(role).valid_through, "posting.valid_through",
                       "the validity period (a closing date)",
                       "add posting: {valid_through: YYYY-MM-DD} to the role or to jobdocs.yaml"),
    "date_posted": Stated(lambda project, role: project.config.posting_for(role).date_posted, "posting.date_posted",
                          "the date of the offer", "add posting: {date_posted: YYYY-MM-DD} to the role or to "
                          "jobdocs.yaml"),
    "hours": Stated(lambda project, role: role.employment.hours, "employment.hours",
                    "the working days and hours, breaks and overtime", "add employment.hours"),
    "probation": Stated(lambda project, role: role.employment.probation_months, "employment.probation_months",
                        "the probation period", "add employment.probation_months (0 when there is none)"),
    "social_insurance": Stated(lambda project, role: role.benefits, "benefits",
                               "the social insurance the job comes with",
                               "list it under benefits (e.g. 五险一金 / social insurance and housing fund)"),
    "title_gender": _title_gender, "french": _french,
    "change_scope": _mentions(CHANGE_SCOPE, "employment.location", "the scope of later changes of work and place "
                              "(変更の範囲)", "say it in employment.location or responsibilities, e.g. "
                              "（変更の範囲）会社の定める業務・事業所"),
    "smoking": _mentions(SMOKING, "employment.location", "the measures against passive smoking (受動喫煙対策)",
                         "say it in employment.location, e.g. 屋内禁煙"),
}
