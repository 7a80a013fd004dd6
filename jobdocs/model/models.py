"""The typed role and project models: the role-file contract of DOMAIN.md, declared once."""
from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Literal
from collections.abc import Iterator

from . import jurisdictions
from .choices import PDF_VARIANTS as PDF_VARIANTS, PdfVariant
from .provenance import Origin, Traced
from .schema import Checks, Text, rule

ID_PATTERN = r"[a-z0-9-]+"
ID_HINT = "must use only lowercase letters, digits and '-' (like store-manager)"
ID: Checks = {"pattern": ID_PATTERN, "hint": ID_HINT}
LANGUAGE_PATTERN = r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?"

EmploymentType = Literal["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"]
Period = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
Remote = Literal["onsite", "hybrid", "remote"]
#: Whether the pay range is before (gross) or after (net) tax and social insurance.
PayBasis = Literal["gross", "net"]
#: The degree a role asks for, in the categories job boards know (schema.org credentialCategory).
EducationLevel = Literal["high_school", "associate_degree", "bachelor_degree", "professional_certificate",
                         "postgraduate_degree"]
#: Every PDF is tagged for screen readers (PDF/UA-1); the PDF/A variants are for records that are kept.
#: The limits one document has when jobdocs.yaml sets none: seconds to render, MiB of address space to add.
DEFAULT_TIMEOUT = 60
DEFAULT_MEMORY_MIB = 2048
#: A model's problems across its fields: the field (or its path under the model) and the message.
Problems = Iterator[tuple[str | tuple[str | int, ...], str]]
#: A field of a company's own under a role's ``extra:``: a text, or a list of texts.
ExtraField = Text | list[Text]
EXTRA_KEY: Checks = {"pattern": r"[a-z][a-z0-9_]*", "hint": "must be a name of lowercase letters, digits and '_' "
                                                "(like dress_code or team_size), so a template can say role.extra.NAME"}
#: Everyday names of currencies that look like ISO 4217 codes but are not.
NOT_ISO_CURRENCIES = {"RMB": "CNY", "NTD": "TWD", "YEN": "JPY", "UKP": "GBP", "SFR": "CHF", "RUR": "RUB"}
#: Anchors for the interview scores 1, 3 and 5: a competency's, and a question's own.
Rubric = dict[int, Text]
FINDING_CODE: Checks = {"pattern": r"[a-z0-9]+(-[a-z0-9]+)*",
                        "hint": "must be a finding's code like cn-headcount-missing"}
PLACE: Checks = {"normalise": jurisdictions.normalise, "choices": jurisdictions.listed(),
                 "hint": f"must be a place code jobdocs knows (ISO 3166-1, ISO 3166-2 or EU: "
                         f"{', '.join(jurisdictions.listed())})"}


def rubric_problems(rubric: Rubric) -> Problems:
    """Anchors, when given, are given for all of 1, 3 and 5."""
    missing = [score for score in (1, 3, 5) if score not in rubric]
    if rubric and missing:
        yield "rubric", f"needs behaviour anchors for scores 1, 3 and 5; missing {', '.join(map(str, missing))}"


@dataclass
class Question:
    #: behavioural ("Tell me about a time...") or situational ("What would you do if...").
    type: Literal["behavioural", "situational"]
    #: The question, asked word for word to every candidate.
    text: Text
    #: Follow-up questions: what the candidate did, why, and with what result.
    probes: list[Text] = rule([])
    #: Minutes the question takes, probes included, in the interview's time plan.
    minutes: int | None = rule(None, range=(1, 240))
    #: This question's own anchors for the scores 1, 3 and 5; the competency's rubric is the fallback.
    rubric: Rubric = rule({}, keys=(1, 5))

    def problems(self) -> Problems:
        yield from rubric_problems(self.rubric)


@dataclass
class QuizItem:
    #: A question the trainee answers at the end of the module.
    question: Text
    #: The possible answers, at least two.
    options: list[Text] = rule(min_items=2)
    #: The index of the right option: 0 is the first.
    answer: int = rule(range=(0, 99))
    #: Why the answer is right, printed only in the trainer guide.
    why: Text | None = None

    def problems(self) -> Problems:
        if self.answer >= len(self.options):
            yield "answer", (f"must be the index of an option, 0-{len(self.options) - 1} "
                             f"(0 is the first), got {self.answer}")


@dataclass
class Training:
    #: What the trainee can do afterwards, each starting with a measurable verb (apply, explain...).
    objectives: list[Text] = rule([])
    #: Key points the module teaches.
    content: list[Text] = rule([])
    #: Practice tasks for the trainee.
    exercises: list[Text] = rule([])
    #: On-the-job tasks the trainer ticks off.
    checklist: list[Text] = rule([])
    #: A short quiz; its answers go into the answer key.
    quiz: list[QuizItem] = rule([])
    #: Minutes the module takes, in the trainer guide's agenda.
    minutes: int | None = rule(None, range=(1, 10000))
    #: What the trainer prepares: documents, accounts, rooms, equipment.
    materials: list[Text] = rule([])
    #: Hints for the trainer, printed only in the trainer guide.
    trainer_notes: list[Text] = rule([])


@dataclass
class Competency:
    #: Unique within the role; a child role's entry with the same id replaces the parent's.
    id: str = rule(**ID)
    #: The competency's name.
    name: Text = rule()
    #: What the competency means in this job.
    description: Text | None = None
    #: true: a must-have; false: a nice-to-have.
    required: bool = True
    #: Target proficiency, 1-5.
    level: int = rule(3, range=(1, 5))
    #: Weight on the interview's scoring sheet, 1-10.
    weight: int = rule(1, range=(1, 10))
    #: Interview questions for this competency.
    questions: list[Question] = rule([])
    #: Behaviour anchors for the interview scores 1, 3 and 5.
    rubric: Rubric = rule({}, keys=(1, 5))
    #: The training handout's module for this competency.
    training: Training = rule(Training())
    #: The role whose file first wrote this competency's id, and the role whose entry is used.
    introduced_by: str = field(default="", metadata={"internal": True})
    defined_by: str = field(default="", metadata={"internal": True})

    def problems(self) -> Problems:
        yield from rubric_problems(self.rubric)


@dataclass
class Requirements:
    #: The education the job needs.
    education: Text | None = None
    #: The education level for job boards (schema.org): high_school, bachelor_degree, ...
    education_level: EducationLevel | None = None
    #: Years of relevant experience the job needs.
    experience_years: int | None = rule(None, range=(0, 60))
    #: What a candidate must already bring, one item each (about 7 at most).
    must_have: list[Text] = rule([])
    #: What helps but is not required, one item each.
    nice_to_have: list[Text] = rule([])


@dataclass
class Salary:
    #: ISO 4217 currency code, like CNY, USD or EUR.
    currency: str = rule(pattern=r"[A-Z]{3}", hint="must be a three-letter currency code like CNY or USD")
    #: The lowest pay of the range.
    min: float = rule()
    #: The highest pay of the range.
    max: float = rule()
    #: What the pay is per: HOUR, DAY, WEEK, MONTH or YEAR.
    period: Period = "MONTH"
    #: gross (before tax and social insurance) or net (after).
    basis: PayBasis | None = None

    def problems(self) -> Problems:
        if self.min > self.max:
            yield "min", f"must not be above max ({self.min} > {self.max})"
        if self.currency in NOT_ISO_CURRENCIES:
            yield "currency", (f"'{self.currency}' is not an ISO 4217 code, which job boards expect; "
                               f"did you mean '{NOT_ISO_CURRENCIES[self.currency]}'?")


@dataclass
class Employment:
    #: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY or INTERN.
    type: EmploymentType = "FULL_TIME"
    #: Where the job is done.
    location: Text | None = None
    #: ISO 3166 code of the country the job is in (or, when remote, open to), for the careers page.
    country: str | None = rule(None, pattern=r"[A-Z]{2}", hint="must be a two-letter country code like CN or US")
    #: onsite, hybrid or remote.
    remote: Remote = "onsite"
    #: Working days and hours, shifts and overtime.
    hours: Text | None = None
    #: The length of the probation period in months; 0 for none.
    probation_months: int | None = rule(None, range=(0, None))
    #: The pay range the job ad states.
    salary: Salary | None = None


@dataclass
class Posting:
    #: The day the job ads are published, YYYY-MM-DD; also the date printed on documents.
    date_posted: datetime.date | None = None
    #: The closing date for applications, YYYY-MM-DD.
    valid_through: datetime.date | None = None
    #: How many people are hired for the role (the headcount).
    openings: int | None = rule(None, range=(1, None))

    def problems(self) -> Problems:
        if self.date_posted and self.valid_through and self.valid_through < self.date_posted:
            yield "valid_through", f"the closing date {self.valid_through} is before date_posted {self.date_posted}"

    def closed_on(self, day: datetime.date | None) -> bool:
        """True once the closing date has passed on ``day``; a posting without one stays open."""
        return day is not None and self.valid_through is not None and self.valid_through < day


@dataclass
class PanelMember:
    #: The interviewer, by role (Hiring manager), not by name.
    who: Text
    #: The ids of the competencies this interviewer asks about and scores.
    competencies: list[str] = rule(min_items=1, **ID)


@dataclass
class Interview:
    #: The whole interview in minutes: opening, every question's minutes and closing.
    minutes: int | None = rule(None, range=(1, 1440))
    #: Minutes for introductions, the role and how the interview runs.
    opening_minutes: int = rule(5, range=(0, 240))
    #: Minutes for the candidate's questions and the next steps.
    closing_minutes: int = rule(10, range=(0, 240))
    #: Who asks what: each member gets a scorecard with their competencies.
    panel: list[PanelMember] = rule([])
    #: The lowest weighted average score, 1-5, to hire.
    hire_bar: float | None = rule(None, range=(1, 5))
    #: A must-have competency scored below this, 1-5, means no hire.
    must_have_min: int = rule(3, range=(1, 5))


@dataclass
class FollowUp:
    #: Days after the training when the check is made, like 30, 60 or 90.
    day: int = rule(range=(1, 3650))
    #: What is checked on the job.
    check: Text = rule()
    #: Who checks it, by role.
    who: Text = rule()




@dataclass
class Role(Traced):
    #: The job title, as the job ad prints it.
    title: Text
    #: The role in 2-4 sentences, written to the candidate ("you").
    summary: Text
    #: What the person in the role does, one item each.
    responsibilities: list[Text] = rule(min_items=1)
    #: The skills the role needs; each gets interview questions and a training module.
    competencies: list[Competency] = rule(min_items=1)
    #: Optional: the file name is the id; lowercase letters, digits and '-'.
    id: str = rule("", **ID)
    #: The id of the parent role: every field left out here is taken from it.
    extends: str | None = rule(None, **ID)
    #: The job family the role belongs to.
    family: Text | None = None
    #: The rung on the career ladder, 1 the first.
    level: int | None = rule(None, range=(1, 20))
    #: The id of the role this one reports to.
    reports_to: str | None = rule(None, **ID)
    #: Occupation codes for job boards, e.g. onet_soc, isco08, esco.
    codes: dict[str, str] = rule({})
    #: Education and experience the job needs.
    requirements: Requirements = rule(Requirements())
    #: The measures the person in the role is held to.
    kpis: list[Text] = rule([])
    #: Employment type, location, remote work, hours, probation and pay.
    employment: Employment = rule(Employment())
    #: What the employer offers besides pay, one item each: social insurance, housing fund, paid leave, meals.
    benefits: list[Text] = rule([])
    #: This role's own posting dates and headcount; what it leaves out comes from the project's ``posting``.
    posting: Posting | None = None
    #: How the interview runs: its minutes, the panel and the decision rule.
    interview: Interview = rule(Interview())
    #: After training: what is checked on the job, when, and by whom.
    follow_up: list[FollowUp] = rule([])
    #: Fields of a company's own, such as team_size: each a text or a list of texts in every language.
    extra: dict[str, ExtraField] = rule({}, **EXTRA_KEY)
    #: The role file as the user names it, e.g. ``roles/store-manager.yaml``.
    source: str = field(default="", metadata={"internal": True})
    #: Where each value was written, by its path in the model; filled in by the loader.
    origins: dict[str, Origin] = field(default_factory=dict, repr=False, compare=False, metadata={"internal": True})

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

    def problems(self) -> Problems:
        known = [competency.id for competency in self.competencies]
        for member_index, member in enumerate(self.interview.panel):
            for index, competency_id in enumerate(member.competencies):
                if competency_id not in known:
                    yield (("interview", "panel", member_index, "competencies", index),
                           f"no competency of this role has the id '{competency_id}'; known: {', '.join(known)}")


@dataclass
class Company:
    #: The company's name.
    name: Text | None = None
    #: A short introduction of the company, printed in every job ad.
    about: Text | None = None
    #: The company's website or careers page.
    website: str | None = None
    #: A logo image file in the project folder, like logo.png.
    logo: str | None = None


@dataclass
class Site:
    """Where the careers site (``--format html``) is published."""

    #: The site's public address, like https://careers.example.com/jobs/.
    url: str | None = rule(None, pattern=r"https?://[^\s/]+(/[^\s]*)?",
                           hint="must be the site's absolute address, like https://careers.example.com/jobs/")
    #: True when a candidate can apply on the page itself (schema.org ``directApply``).
    direct_apply: bool = False

    @property
    def base_url(self) -> str | None:
        """``url`` ending in ``/``, so that page paths join onto it."""
        return self.url if not self.url or self.url.endswith("/") else self.url + "/"


def known_timezone(name: str) -> str | None:
    """``name`` when it is an IANA time zone this machine knows, else None."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return name


@dataclass
class LintSettings:
    #: Codes of findings not to report, like cn-headcount-missing.
    ignore: list[str] = rule([], **FINDING_CODE)


@dataclass
class ProjectConfig(Traced):
    """``jobdocs.yaml``: everything optional."""

    #: Who is hiring.
    company: Company = rule(Company())
    #: The languages every document is built in; every text needs each of them.
    languages: list[str] = rule(["zh", "en"], min_items=1, pattern=LANGUAGE_PATTERN,
                                hint="must be a language code like zh or en")
    #: The brand colour of headings and rules.
    color: str = rule("#1f4e79", pattern=r"#[0-9a-fA-F]{6}", hint="must be a colour like #1f4e79")
    #: How to apply, printed in every job ad.
    apply: Text | None = None
    #: The equal-opportunity statement printed in every job ad.
    equal_opportunity: Text | None = None
    #: When the job ads are published and close.
    posting: Posting = rule(Posting())
    #: A4 or Letter.
    page_size: Literal["A4", "Letter"] = "A4"
    #: The PDF standard: pdf/ua-1 (tagged, for screen readers), or pdf/a-3b or pdf/a-2b for records kept.
    pdf_variant: PdfVariant = "pdf/ua-1"
    #: Where the job ads are posted (CN, DE, US-CA, EU, ...): ``jobdocs lint`` checks their posting rules.
    jurisdictions: list[str] = rule([], **PLACE)
    #: The IANA time zone the closing dates are in, like Asia/Shanghai.
    timezone: str = rule("UTC", normalise=known_timezone, hint="must be an IANA time zone like Asia/Shanghai or UTC")
    #: Lint findings the team has decided to accept, by their code.
    lint: LintSettings = rule(LintSettings())
    #: Where the careers site (--format html) is published.
    site: Site = rule(Site())
    #: Seconds one document may take to render, as HTML, PDF or DOCX, before it fails.
    timeout: int = rule(DEFAULT_TIMEOUT, range=(1, 86400))
    #: MiB of memory (address space) a worker, or the build while it renders, may add before the document fails.
    memory_limit: int = rule(DEFAULT_MEMORY_MIB, range=(64, 1048576))
    #: Where each setting was written, by its path; filled in by the loader.
    origins: dict[str, Origin] = field(default_factory=dict, repr=False, compare=False, metadata={"internal": True})

    def posting_for(self, role: Role) -> Posting:
        """The role's own posting dates and headcount, each falling back to the project's."""
        own = role.posting or Posting()
        return Posting(own.date_posted or self.posting.date_posted, own.valid_through or self.posting.valid_through,
                       own.openings or self.posting.openings)

    def jurisdictions_for(self, role: Role) -> list[str]:
        """The places whose posting rules apply to ``role``: the project's, its country's, and what they imply."""
        country = [role.employment.country] if role.employment.country else []
        return jurisdictions.implied([*self.jurisdictions, *country])
