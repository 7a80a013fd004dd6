"""The typed role and project models: the role-file contract of DOMAIN.md, declared once."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Iterator, Literal

from .schema import Text, rule

ID_PATTERN = r"[a-z0-9-]+"
ID_HINT = "must use only lowercase letters, digits and '-' (like store-manager)"
ID = dict(pattern=ID_PATTERN, hint=ID_HINT)

EmploymentType = Literal["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"]
Period = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
Remote = Literal["onsite", "hybrid", "remote"]
#: The degree a role asks for, in the categories job boards know (schema.org credentialCategory).
EducationLevel = Literal["high_school", "associate_degree", "bachelor_degree", "professional_certificate",
                         "postgraduate_degree"]
Problems = Iterator[tuple[str, str]]
#: Everyday names of currencies that look like ISO 4217 codes but are not.
NOT_ISO_CURRENCIES = {"RMB": "CNY", "NTD": "TWD", "YEN": "JPY", "UKP": "GBP", "SFR": "CHF", "RUR": "RUB"}


@dataclass
class Question:
    type: Literal["behavioural", "situational"]
    text: Text
    probes: list[Text] = rule([])


@dataclass
class QuizItem:
    question: Text
    options: list[Text] = rule(min_items=2)
    answer: int = rule(range=(0, 99))

    def check(self) -> Problems:
        if self.answer >= len(self.options):
            yield "answer", (f"must be the index of an option, 0-{len(self.options) - 1} "
                             f"(0 is the first), got {self.answer}")


@dataclass
class Training:
    objectives: list[Text] = rule([])
    content: list[Text] = rule([])
    exercises: list[Text] = rule([])
    checklist: list[Text] = rule([])
    quiz: list[QuizItem] = rule([])


@dataclass
class Competency:
    id: str = rule(**ID)
    name: Text = rule()
    description: Text | None = None
    required: bool = True
    level: int = rule(3, range=(1, 5))
    weight: int = rule(1, range=(1, 10))
    questions: list[Question] = rule([])
    rubric: dict[int, Text] = rule({}, keys=(1, 5))
    training: Training = rule(Training())
    #: The role whose file first wrote this competency's id, and the role whose entry is used.
    introduced_by: str = field(default="", metadata={"internal": True})
    defined_by: str = field(default="", metadata={"internal": True})

    def check(self) -> Problems:
        missing = [score for score in (1, 3, 5) if score not in self.rubric]
        if self.rubric and missing:
            yield "rubric", f"needs behaviour anchors for scores 1, 3 and 5; missing {', '.join(map(str, missing))}"


@dataclass
class Requirements:
    education: Text | None = None
    education_level: EducationLevel | None = None
    experience_years: int | None = rule(None, range=(0, 60))


@dataclass
class Salary:
    currency: str = rule(pattern=r"[A-Z]{3}", hint="must be a three-letter currency code like CNY or USD")
    min: float = rule()
    max: float = rule()
    period: Period = "MONTH"

    def check(self) -> Problems:
        if self.min > self.max:
            yield "min", f"must not be above max ({self.min} > {self.max})"
        if self.currency in NOT_ISO_CURRENCIES:
            yield "currency", (f"'{self.currency}' is not an ISO 4217 code, which job boards expect; "
                               f"did you mean '{NOT_ISO_CURRENCIES[self.currency]}'?")


@dataclass
class Employment:
    type: EmploymentType = "FULL_TIME"
    location: Text | None = None
    #: ISO 3166 code of the country the job is in (or, when remote, open to), for the careers page.
    country: str | None = rule(None, pattern=r"[A-Z]{2}", hint="must be a two-letter country code like CN or US")
    remote: Remote = "onsite"
    salary: Salary | None = None


@dataclass
class Posting:
    date_posted: datetime.date | None = None
    valid_through: datetime.date | None = None

    def check(self) -> Problems:
        if self.date_posted and self.valid_through and self.valid_through < self.date_posted:
            yield "valid_through", f"the closing date {self.valid_through} is before date_posted {self.date_posted}"

    def closed_on(self, day: datetime.date | None) -> bool:
        """True once the closing date has passed on ``day``; a posting without one stays open."""
        return day is not None and self.valid_through is not None and self.valid_through < day


@dataclass
class Role:
    title: Text
    summary: Text
    responsibilities: list[Text] = rule(min_items=1)
    competencies: list[Competency] = rule(min_items=1)
    id: str = rule("", **ID)
    extends: str | None = rule(None, **ID)
    family: Text | None = None
    level: int | None = rule(None, range=(1, 20))
    reports_to: str | None = rule(None, **ID)
    codes: dict[str, str] = rule({})
    requirements: Requirements = rule(Requirements())
    kpis: list[Text] = rule([])
    employment: Employment = rule(Employment())
    #: This role's own posting dates; what it leaves out comes from the project's ``posting``.
    posting: Posting | None = None
    #: The role file as the user names it, e.g. ``roles/store-manager.yaml``.
    source: str = field(default="", metadata={"internal": True})

    @property
    def duties(self) -> list[Text]:
        return self.responsibilities

    @property
    def must_haves(self) -> list[Competency]:
        return [c for c in self.competencies if c.required]

    @property
    def nice_to_haves(self) -> list[Competency]:
        return [c for c in self.competencies if not c.required]

    @property
    def competencies_in_order(self) -> list[Competency]:
        """Must-haves first, as a structured interview asks them."""
        return self.must_haves + self.nice_to_haves


@dataclass
class Company:
    name: Text | None = None
    about: Text | None = None
    website: str | None = None
    logo: str | None = None


@dataclass
class Site:
    """Where the careers site (``--format html``) is published."""

    url: str | None = rule(None, pattern=r"https?://[^\s/]+(/[^\s]*)?",
                           hint="must be the site's absolute address, like https://careers.example.com/jobs/")
    #: True when a candidate can apply on the page itself (schema.org ``directApply``).
    direct_apply: bool = False

    @property
    def base_url(self) -> str | None:
        """``url`` ending in ``/``, so that page paths join onto it."""
        return self.url if not self.url or self.url.endswith("/") else self.url + "/"


@dataclass
class ProjectConfig:
    """``jobdocs.yaml``: everything optional."""

    company: Company = rule(Company())
    languages: list[str] = rule(["zh", "en"], min_items=1)
    color: str = rule("#1f4e79", pattern=r"#[0-9a-fA-F]{6}", hint="must be a colour like #1f4e79")
    apply: Text | None = None
    equal_opportunity: Text | None = None
    posting: Posting = rule(Posting())
    page_size: Literal["A4", "Letter"] = "A4"
    #: Where the job is advertised, e.g. US-NYC, US-CA, EU: ``jobdocs lint`` checks their pay-range laws.
    jurisdictions: list[str] = rule([])
    site: Site = rule(Site())

    def posting_for(self, role: Role) -> Posting:
        """The role's own posting dates, each falling back to the project's."""
        own = role.posting or Posting()
        return Posting(own.date_posted or self.posting.date_posted, own.valid_through or self.posting.valid_through)
