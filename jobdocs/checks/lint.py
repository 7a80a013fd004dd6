"""Check each role's job ad against the rules of the places it is posted in, and for wording.

The places are the project's ``jurisdictions`` and the role's ``employment.country``
(:mod:`jobdocs.checks.postings` holds their rules). A phrase from a language's word list
(:mod:`jobdocs.checks.wordlists`) is an error where a place's law forbids its ground and a warning
elsewhere; a role posted nowhere in particular is judged by the law of its text's language's home
(German text by Germany's). Each finding is a :class:`jobdocs.errors.Problem` with a stable code,
which ``lint: {ignore: [CODE]}`` in ``jobdocs.yaml`` silences.

Findings are placed where the model says each value was written (``role.origin(field)``): on the
line the user wrote, in the parent's file for inherited text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError, Problem, Severity
from ..model.models import Role
from ..model.project import PROJECT_FILE, Project
from ..model.provenance import Origin, Traced
from ..model.roles import never_stop
from ..model.schema import Text
from .gendered import CODED_LISTS, coded_words
from .kits import kit_problems
from .postings import Place, places_of
from .required import missing_items
from .wordlists import GROUND_CODES, WORD_LISTS, Term, WordList, lists_for, word_list_of

#: Textio's range for an English job ad, and Ongig's cap on must-haves.
AD_WORDS = (300, 700)
MAX_MUST_HAVES = 7
#: The parts of the ad counted for its length.
_COUNTED = frozenset({"summary", "responsibilities", "requirements", "benefits", "about", "apply"})
#: A finding per coded word; ``jobdocs build`` prints only the summary, ``lint`` both.
CODED_WORD = "gender-coded-word"

# A clause that states a non-discrimination policy names the grounds without applying them:
# "不因...婚育状况...而区别对待", "性別・年齢を問わず". A marker before the term, a word for
# discrimination anywhere in the clause, or a "regardless" word after it in the sentence, excuses it;
# so "Men only, regardless of experience" is still flagged.
_POLICY_BEFORE = re.compile(r"不因|不会因|不以|无论|不论|不限|平等|regardless|irrespective|equal.opportunit|unabhängig von"
                            r"|ungeachtet|sans distinction|indépendamment|sin distinción|independientemente",
                            re.IGNORECASE)
_POLICY_ANYWHERE = re.compile(r"区别对待|歧视|discriminat|diskriminier|benachteilig|discrimin|差別|차별", re.IGNORECASE)
_POLICY_AFTER = re.compile(r"を問わず|は問いません|不問|に関係なく|にかかわらず|무관|관계없이|불문")
_CLAUSE_END = re.compile(r"[。！？；!?;\n，、]|\.(?:\s|$)")
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


@dataclass(frozen=True)
class Passage:
    """One text of the ad in one language, with where the user wrote it."""

    file: str
    line: int
    field: str
    language: str
    text: str
    part: str

    def problem(self, message: str, code: str, severity: Severity = "warning", found: str = "",
                fix: str = "") -> Problem:
        return Problem(self.file, self.line, self.field, message, code, severity, found, fix)


def lint_project(project: Project, role_ids: list[str] | None = None, *, details: bool = True,
                 stop: Callable[[], None] = never_stop) -> list[Problem]:
    """The findings on the job ads of ``role_ids`` (every role when None), sorted by file and line.

    ``details`` adds a finding for each gender-coded word besides each ad's summary of them.
    ``stop()``, called before each role, raises to end the checks there.
    """
    unknown = [role_id for role_id in role_ids or [] if role_id not in project.roles]
    if unknown:
        known = ", ".join(sorted(project.roles))
        raise InputError([Problem("roles", 0, "", f"no role has the id '{role_id}' (known: {known})")
                          for role_id in unknown])
    shared = _project_passages(project)
    findings: dict[Problem, None] = {}  # text shared by several ads is reported once
    for role_id in role_ids if role_ids is not None else sorted(project.roles):
        stop()
        role = project.roles[role_id]
        passages = _role_passages(role) + shared
        places = places_of(_place_codes(project, role))
        title = role.origin("title")
        title_where = Passage(title.file, title.line, "title", "*", "", "title")
        checks: list[Iterable[Problem]] = [
            _term_findings(passages, places), _gender_findings(passages, title_where, details),
            _required_findings(project, role, places, passages), _unlisted_language_findings(project),
            _must_have_count(role)]
        if any(language.split("-")[0] == "en" for language in project.languages):
            # Textio's range is for English; the competencies count where the ad lists them as what you bring.
            counted = _COUNTED | ({"competencies"} if not role.requirements.must_have else set())
            checks.append(_length_findings(passages, title_where, counted))
        for check in checks:
            findings.update(dict.fromkeys(check))
    findings.update(dict.fromkeys(kit_problems(project, role_ids, stop)))
    ignored = set(_ignored_codes(project))
    return sorted(finding for finding in findings if finding.code not in ignored)


def exit_code(findings: list[Problem]) -> int:
    """1 when any finding is an error, else 0: warnings never fail a build."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0


def _place_codes(project: Project, role: Role) -> list[str]:
    return project.config.jurisdictions_for(role)


def _ignored_codes(project: Project) -> list[str]:
    return project.config.lint.ignore


def _texts(model: Traced, field: str, text: Text | None, part: str) -> list[Passage]:
    """A text field as passages: one per language, each where it was written (a plain string is one, ``*``)."""
    passages = []
    for language, value in (text or {}).items():
        where = model.origin(field if language == "*" else f"{field}.{language}")
        passages.append(Passage(where.file, where.line, where.field, language, value, part))
    return passages


def _list_texts(model: Traced, field: str, items: list[Text], part: str) -> list[Passage]:
    return [passage for index, item in enumerate(items) for passage in _texts(model, f"{field}[{index}]", item, part)]


def _role_passages(role: Role) -> list[Passage]:
    passages = _texts(role, "title", role.title, "title") + _texts(role, "summary", role.summary, "summary")
    passages += _list_texts(role, "responsibilities", role.responsibilities, "responsibilities")
    passages += _list_texts(role, "benefits", role.benefits, "benefits")
    for index, competency in enumerate(role.competencies):
        passages += _texts(role, f"competencies[{index}].name", competency.name, "competencies")
        passages += _texts(role, f"competencies[{index}].description", competency.description, "competencies")
    requirements, employment = role.requirements, role.employment
    passages += _texts(role, "requirements.education", requirements.education, "requirements")
    passages += _list_texts(role, "requirements.must_have", requirements.must_have, "requirements")
    passages += _list_texts(role, "requirements.nice_to_have", requirements.nice_to_have, "requirements")
    return passages + _texts(role, "employment.location", employment.location, "employment") + \
        _texts(role, "employment.hours", employment.hours, "employment")


def _project_passages(project: Project) -> list[Passage]:
    """``apply`` and ``company.about``; not ``equal_opportunity``, which names the grounds on purpose."""
    config = project.config
    return _texts(config, "apply", config.apply, "apply") + _texts(config, "company.about", config.company.about, "about")


def _term_findings(passages: list[Passage], places: list[Place]) -> Iterator[Problem]:
    for passage in passages:
        for word_list in lists_for(passage.language):
            # A Traditional text is read as Simplified: the same length, so positions still match.
            text = passage.text.translate(word_list.normalise) if word_list.normalise else passage.text
            for term in word_list.terms:
                for match in term.pattern.finditer(text):
                    if not _in_disclaimer(text, match.start(), match.end()):
                        yield _term_problem(passage, passage.text[match.start():match.end()], term, word_list, places)


def _term_problem(passage: Passage, found: str, term: Term, word_list: WordList, places: list[Place]) -> Problem:
    """An error where a place forbids the term's ground, else a warning; the message names the law or its lack."""
    code = GROUND_CODES[term.ground] if term.ground else term.code
    judging = places or places_of([word_list.home])
    laws = [f"{place.code}: {place.forbidden[term.ground]}" for place in judging
            if term.ground and term.ground in place.forbidden]
    if laws:
        return passage.problem(f"'{found}' {term.why}; the law forbids it ({'; '.join(laws)})", code, "error",
                               found, term.fix)
    where = f"; no law of {', '.join(place.code for place in judging)} forbids it outright" if term.ground else ""
    return passage.problem(f"'{found}' {term.why}{where}, but it keeps applicants away", code, "warning", found,
                           term.fix)


def _in_disclaimer(text: str, start: int, end: int) -> bool:
    """Whether the clause around the term states a policy ("不因...婚育状况...而区别对待")."""
    starts = [match.end() for match in _CLAUSE_END.finditer(text, 0, start)]
    clause_start = starts[-1] if starts else 0
    clause_end = _CLAUSE_END.search(text, end)
    clause = text[clause_start:clause_end.start() if clause_end else len(text)]
    sentence_end = _SENTENCE_END.search(text, end)
    after = text[end:sentence_end.start() if sentence_end else len(text)]
    return bool(_POLICY_BEFORE.search(text, clause_start, start) or _POLICY_ANYWHERE.search(clause)
                or _POLICY_AFTER.search(after))


def _unlisted_language_findings(project: Project) -> Iterator[Problem]:
    """One warning naming the project's languages no word list covers, rather than passing them in silence."""
    unlisted = [language for language in project.languages if word_list_of(language) is None]
    if unlisted:
        listed = ", ".join(WORD_LISTS)
        yield Problem(PROJECT_FILE, project.config.origin("languages").line, "languages",
                      f"jobdocs lint has word lists for {listed} only, so the job ads in {', '.join(unlisted)} are "
                      "checked for English phrases alone; have a native-speaking HR colleague read them",
                      "no-word-list", "warning", ", ".join(unlisted),
                      "add the language's terms to jobdocs/checks/wordlists.py, or accept with lint.ignore")


def _gender_findings(passages: list[Passage], title: Passage, details: bool) -> Iterator[Problem]:
    """Per language with a coded list: each coded word (with ``details``), and a warning when the ad leans masculine."""
    for language, lists in CODED_LISTS.items():
        masculine: list[str] = []
        feminine: list[str] = []
        for passage in passages:
            if passage.language.split("-")[0] != language and not (passage.language == "*" and language == "en"):
                continue
            for word, kind, stem in coded_words(passage.text, lists):
                (masculine if kind == "masculine" else feminine).append(word.lower())
                if details:
                    yield passage.problem(f"'{word}' is {kind}-coded ({lists.source}, stem '{stem}')", CODED_WORD,
                                          found=word)
        if len(masculine) > len(feminine):
            yield title.problem(
                f"the {language} ad leans masculine: {len(masculine)} masculine-coded words ({', '.join(masculine)}) "
                f"against {len(feminine)} feminine-coded ({lists.source}); such wording lowers women's interest in a "
                "job", "gender-coded", found=", ".join(masculine),
                fix="swap some for neutral words, or describe the work itself")


def _required_findings(project: Project, role: Role, places: list[Place],
                       passages: list[Passage]) -> Iterator[Problem]:
    titles = {passage.language: passage for passage in passages if passage.part == "title"}
    for gap in missing_items(project, role, places, [passage.text for passage in passages]):
        requirement = gap.requirement
        message = (f"a posting in {gap.place.name} must state {gap.what}; source: {requirement.source}"
                   if requirement.severity == "error" else
                   f"a posting in {gap.place.name} is expected to state {gap.what}; source: {requirement.source}")
        if gap.language and gap.language in titles:
            title = titles[gap.language]
            yield title.problem(message, requirement.code, requirement.severity, title.text, gap.fix)
            continue
        where = _where(project, role, gap.field)
        yield Problem(where.file, where.line, gap.field, message, requirement.code, requirement.severity, "", gap.fix)


def _where(project: Project, role: Role, field: str) -> Origin:
    """Where ``field`` (``posting.openings``) is written, or would be: in the role's file, or ``jobdocs.yaml``."""
    if field in ("company.name", "languages"):
        return project.config.origin(field)
    return role.origin(field)


def _length_findings(passages: list[Passage], title: Passage, counted: frozenset[str]) -> Iterator[Problem]:
    english = [passage for passage in passages if passage.language.split("-")[0] in ("en", "*")
               and passage.part in counted]
    words = sum(len(passage.text.split()) for passage in english)
    low, high = AD_WORDS
    if english and not low <= words <= high:
        yield title.problem(f"the English ad has {words} words (summary, duties, requirements, benefits, company and "
                            f"how to apply); aim for {low}-{high} (Textio)", "ad-length", found=str(words),
                            fix="cut or add detail where a candidate would want it")


def _must_have_count(role: Role) -> Iterator[Problem]:
    """At most about seven must-haves (Ongig): the listed ones, or the must-have competencies the ad falls back to."""
    listed = role.requirements.must_have
    count = len(listed) if listed else len(role.must_haves)
    if count > MAX_MUST_HAVES:
        field, fix = (("requirements.must_have", "move the rest to requirements.nice_to_have") if listed else
                      ("competencies", "mark the rest 'required: false'"))
        where = role.origin(field)
        yield Problem(where.file, where.line, field, f"{count} must-haves; keep about {MAX_MUST_HAVES} at most (Ongig)",
                      "too-many-must-haves", "warning", str(count), fix)
