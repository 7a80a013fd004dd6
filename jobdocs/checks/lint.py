"""Check the text of each role's job ad: coded wording, unlawful terms, length and pay transparency.

Findings are placed where the model says each value was written (``role.origin(field)``): on the
line the user wrote, in the parent's file for inherited text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Literal

from ..errors import InputError, Problem
from ..model.models import Role
from ..model.project import PROJECT_FILE, Project
from ..model.provenance import Traced
from ..model.schema import Text

Severity = Literal["error", "warning"]

# Gaucher, Friesen & Kay (2011), "Evidence that gendered wording in job advertisements exists and
# sustains gender inequality", J. Personality and Social Psychology 101(1), 109-128, appendix:
# 42 masculine and 40 feminine word stems (the open-source gender-decoder reproduces them).
MASCULINE_STEMS: tuple[str, ...] = tuple("""
    active adventurous aggress ambitio analy assert athlet autonom boast challeng compet confident
    courag decid decisive decision determin dominant domina force greedy headstrong hierarch hostil
    impulsive independen individual intellect lead logic masculine objective opinion outspoken persist
    principle reckless stubborn superior self-confiden self-sufficien self-relian""".split())
# The paper's "respon*" is narrowed to "responsiv": as a prefix it flags "responsibilities",
# which every job ad contains, a false positive the gender-decoder is known for.
FEMININE_STEMS: tuple[str, ...] = tuple("""
    affectionate child cheer commit communal compassion connect considerate cooperat depend emotiona
    empath feminine flatterable gentle honest interpersonal interdependen interpersona kind kinship
    loyal modesty nag nurtur pleasant polite quiet responsiv sensitiv submissive support sympath tender
    together trust understand warm whin yield""".split())
# Words a stem reaches whose everyday sense is not the coded one ("all kinds of", "it depends").
NOT_CODED = frozenset({"kinds", "depends", "depending", "objectives", "competency", "competencies",
                       "connector", "connectors"})

# What may follow a stem: the rest of a cut stem ("analy|se"), up to two derivations
# ("compet|it|ive|ness") and one inflection. "committee" or "nagoya" do not parse, so they are not coded.
_COMPLETION = ("e|y|t|n|l|s|z|se|ze|it|ren|ce|cy|nt|nce|te|ty|ties|th|tic|tion|ation|eous|etic|ous|us|sis|ses|st"
               "|ual|ate|ic|ical")
_DERIVATION = ("ive|ion|ity|ness|ment|ship|ful|able|ably|ability|al|ist|ism|istic|ise|ize|ish|hood|worthy|or|er"
               "|ant|ent|ence|ous")
_INFLECTION = "s|es|ed|d|ing|ly|er|ers|est|ies"
_ENDING = re.compile(f"(?:{_COMPLETION})?(?:{_DERIVATION}){{0,2}}(?:{_INFLECTION})?")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

_WOMEN_LAW = "China's Law on the Protection of Women's Rights and Interests, Art. 43 (2023), forbids"
_SEX_EN = "limits the job by sex (unlawful under e.g. US Title VII, the UK Equality Act 2010, EU Directive 2006/54)"
_AGE_EN = "signals an age limit, which age-discrimination law forbids (US ADEA, UK Equality Act 2010, EU Dir. 2000/78)"
_FAMILY_EN = "asks about marriage, pregnancy or children, which sex-discrimination law forbids; leave it out"
# A clause that states a non-discrimination policy names the grounds without applying them:
# "不因...婚育状况...而区别对待". A marker must come before the term, or be a word for discrimination,
# so that "Men only, regardless of experience" is still flagged.
_POLICY_BEFORE = re.compile(r"不因|不会因|不以|无论|不论|平等|regardless|irrespective|equal.opportunit", re.IGNORECASE)
_POLICY_ANYWHERE = re.compile(r"区别对待|歧视|discriminat", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[。！？；!?;\n，]|\.(?:\s|$)")
#: The Traditional forms of the characters the Chinese terms use (僅限男, 懷孕, 形象氣質佳, 戶籍, 區別對待,
#: and 計畫 as Taiwan writes it): a zh-Hant text is matched as if Simplified, character for character,
#: so every finding still points at the text as written.
TRADITIONAL_TO_SIMPLIFIED = str.maketrans("僅於慮優為裝錶狀況計劃畫懷備婦歲週內齡氣質顏長釐輕團隊願適應從壓強戶會無論區別對視",
                                          "仅于虑优为装表状况计划划怀备妇岁周内龄气质颜长厘轻团队愿适应从压强户会无论区别对视")
#: The languages the word lists are written for (every text is searched for every term).
LISTED_LANGUAGES = ("zh", "en")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing to fix or review in a job ad, printed as ``FILE:LINE: FIELD: [rule] message``."""

    file: str
    line: int
    field: str
    rule: str
    message: str
    severity: Severity = "warning"
    #: One word of a tally the summary finding already reports; ``jobdocs build`` leaves these to ``lint``.
    detail: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} [{self.rule}] {self.message}"


@dataclass(frozen=True)
class Term:
    """A phrase a job ad should not contain, and why."""

    rule: str
    severity: Severity
    pattern: re.Pattern
    why: str


def _terms(rule: str, severity: Severity, entries: list[tuple[str, str]], flags: int = 0) -> list[Term]:
    return [Term(rule, severity, re.compile(pattern, flags), why) for pattern, why in entries]


TERMS: list[Term] = [
    *_terms("zh-discrimination", "error", [
        (r"(?:仅|只)?限于?男(?![装鞋款表包])(?:性|士|生)?|(?:只|仅)招(?:收|聘)?男|不(?:招|要|收|考虑)女",
         f"limits the job to men, which {_WOMEN_LAW}"),
        (r"男(?:性|士|生)?(?:优先|为佳|更佳)", f"states a preference for men, which {_WOMEN_LAW}"),
        (r"(?:仅|只)?限于?女(?![装鞋款表包])(?:性|士|生)?|(?:只|仅)招(?:收|聘)?女|女(?:性|士|生)?(?:优先|为佳)",
         "limits the job by sex, which the Employment Promotion Law, Art. 3, forbids"),
        # Lookaheads spare product words a seller writes: 无限男装 (menswear), 孕妇装 (maternity wear).
        (r"已婚|未婚|已育|未育|婚育|婚否|婚姻状况|生育(?:计划|情况|状况)|怀孕|孕期|备孕|孕妇(?![装用枕])|二胎|三胎",
         f"asks about or sets a condition on marriage or childbearing, which {_WOMEN_LAW}"),
        (r"乙肝", "refers to hepatitis B status, which the Employment Promotion Law, Art. 30, forbids as a condition"),
    ]),
    # China has no explicit ban on age limits, so these warn, citing the fair-employment principle;
    # the legal minimum ages (16, 18) are not limits.
    *_terms("zh-discrimination", "warning", [
        (r"(?<!\d)(?!1[68])\d{2}\s*周?岁\s*(?:以下|以内|之下|以上)|\d{2}\s*[-—–~～至到]\s*\d{2}\s*周?岁"
         r"|年龄(?!不限)[^，。；,;\d]{0,4}\d{2}(?:\s*[-—–~～至到]\s*\d{2})?\s*周?岁?(?:以下|以内|以上)?",
         "sets an age limit; the Employment Promotion Law, Art. 3, asks for fair employment, so state the "
         "experience the job needs instead"),
    ]),
    *_terms("zh-wording", "warning", [
        (r"狼性", "is widely criticised as a call for overwork and aggression"),
        (r"形象气质佳|形象佳|气质佳|(?<!品牌)形象好|五官端正|颜值(?:要求|佳|高)|长相|相貌|身高(?:要求)?[：:在需不低于少]{0,4}[\d.]+\s*(?:cm|CM|厘米|米|公分)?(?:以上)?",
         "judges looks, which is unrelated to the job and often read as sex discrimination"),
        (r"年轻(?:有活力|有朝气|化|的团队)", "signals a preference for young applicants"),
        (r"(?:能|可|愿意)?(?:接受|适应|服从)加班|996|大小周", "advertises long hours, which deters many applicants"),
        (r"抗压能力强", "is often read as a warning of overwork; describe the actual pressures instead"),
        (r"户口|户籍", "limits applicants by household registration, which is unrelated to the job"),
    ]),
    *_terms("en-discrimination", "error", [
        (r"\b(?:males?|men|females?|women|ladies|gentlemen|boys|girls)\s+(?:only|preferred)\b"
         r"|\b(?:only|preferably)\s+(?:males?|men|females?|women)\b", _SEX_EN),
        # "young consumers" is a market, not a condition on applicants.
        (r"\byoung(?:er)?\b(?!\s+(?:company|business|brand|startup|firm|market|consumers?|customers?|buyers?"
         r"|shoppers?|audiences?))|\bdigital natives?\b|\b(?:recent|new|fresh)\s+(?:college\s+)?grad(?:uate)?s?\s+only\b",
         _AGE_EN),
        (r"\b(?:under|below|over)\s+\d{2}\s+years?\s+(?:old|of\s+age)\b"
         r"|\baged?\s+(?:between\s+)?\d{2}\s*(?:-|–|to|and)\s*\d{2}\b", _AGE_EN),
        (r"\b(?:un)?married\b|\bmarital\s+status\b|\bno\s+(?:kids|children)\b|\bchildless\b|\bpregnan(?:t|cy)\b"
         r"|\bfamily\s+plans?\b", _FAMILY_EN),
    ], re.IGNORECASE),
    *_terms("en-wording", "warning", [
        # "early-career team" describes colleagues; aimed at applicants, it reads as an age preference.
        (r"\bearly[- ]career\s+(?:candidates?|applicants?|people\s+only)\b|\b(?:high[- ]energy|energetic)\b",
         "can read as a preference for younger applicants"),
        (r"\bnative\s+(?:english\s+)?speakers?\b", "excludes by national origin; ask for the fluency the job needs"),
        (r"\bable[- ]bodied\b", "excludes disabled applicants; name the physical tasks instead"),
        (r"\b(?:rock\s?stars?|ninjas?|gurus?)\b|\bwork hard,? play hard\b", "is jargon that deters many applicants"),
    ], re.IGNORECASE),
]

#: Jurisdictions whose law requires a pay range in the posting or before the interview.
PAY_TRANSPARENCY: dict[str, str] = {
    "US-NYC": "New York City's pay transparency law (Local Law 32 of 2022)",
    "US-NY": "New York State Labor Law §194-b (2023)",
    "US-CA": "California SB 1162 (Labor Code §432.3, 2023)",
    "US-CO": "Colorado's Equal Pay for Equal Work Act (2021)",
    "US-WA": "Washington RCW 49.58.110 (2023)",
    "EU": "EU Pay Transparency Directive 2023/970, Art. 5",
}
#: Textio's range for an English job ad, and Ongig's cap on must-haves.
AD_WORDS = (300, 700)
MAX_MUST_HAVES = 7
#: The parts of the ad counted for its length.
_COUNTED = frozenset({"summary", "responsibilities", "competencies", "about", "apply"})


@dataclass(frozen=True)
class Passage:
    """One text of the ad in one language, with where the user wrote it."""

    file: str
    line: int
    field: str
    language: str
    text: str
    part: str

    @property
    def is_english(self) -> bool:
        return self.language in ("en", "*") or self.language.startswith("en-")


def lint_project(project: Project, role_ids: list[str] | None = None) -> list[Finding]:
    """The findings on the job ads of ``role_ids`` (every role when None), sorted by file and line."""
    unknown = [role_id for role_id in role_ids or [] if role_id not in project.roles]
    if unknown:
        known = ", ".join(sorted(project.roles))
        raise InputError([Problem("roles", 0, "", f"no role has the id '{role_id}' (known: {known})")
                          for role_id in unknown])
    shared = _project_passages(project)
    findings: dict[Finding, None] = {}  # text shared by several ads is reported once
    for role_id in role_ids if role_ids is not None else sorted(project.roles):
        role = project.roles[role_id]
        passages = _role_passages(role) + shared
        title = role.origin("title")
        title_where = (title.file, title.line, "title")
        checks = [_term_findings(passages), _gender_findings(passages, title_where), _pay_findings(project, role),
                  _unlisted_language_findings(project)]
        if any(language == "en" or language.startswith("en-") for language in project.languages):
            checks.append(_length_findings(role, passages, title_where))  # Textio's range is for English
        for check in checks:
            findings.update(dict.fromkeys(check))
    return sorted(findings)


def exit_code(findings: list[Finding]) -> int:
    """1 when any finding is an error, else 0: warnings never fail a build."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0


def _texts(model: Traced, field: str, text: Text | None, part: str) -> list[Passage]:
    """A text field as passages: one per language, each where it was written (a plain string is one, ``*``)."""
    passages = []
    for language, value in (text or {}).items():
        where = model.origin(field if language == "*" else f"{field}.{language}")
        passages.append(Passage(where.file, where.line, where.field, language, value, part))
    return passages


def _role_passages(role: Role) -> list[Passage]:
    passages = _texts(role, "title", role.title, "title") + _texts(role, "summary", role.summary, "summary")
    for index, item in enumerate(role.responsibilities):
        passages += _texts(role, f"responsibilities[{index}]", item, "responsibilities")
    for index, competency in enumerate(role.competencies):
        passages += _texts(role, f"competencies[{index}].name", competency.name, "competencies")
        passages += _texts(role, f"competencies[{index}].description", competency.description, "competencies")
    return passages + _texts(role, "requirements.education", role.requirements.education, "education")


def _project_passages(project: Project) -> list[Passage]:
    """``apply`` and ``company.about``; not ``equal_opportunity``, which names the grounds on purpose."""
    config = project.config
    return _texts(config, "apply", config.apply, "apply") + _texts(config, "company.about", config.company.about, "about")


def _term_findings(passages: list[Passage]) -> Iterator[Finding]:
    for passage in passages:
        text = passage.text.translate(TRADITIONAL_TO_SIMPLIFIED)  # the same length: positions still match
        for term in TERMS:
            for match in term.pattern.finditer(text):
                if not _in_disclaimer(text, match.start()):
                    yield Finding(passage.file, passage.line, passage.field, term.rule,
                                  f"'{passage.text[match.start():match.end()]}' {term.why}", term.severity)


def _unlisted_language_findings(project: Project) -> Iterator[Finding]:
    """One warning naming the project's languages no word list covers, rather than passing them in silence."""
    unlisted = [language for language in project.languages if language.split("-")[0] not in LISTED_LANGUAGES]
    if unlisted:
        yield Finding(PROJECT_FILE, project.config.origin("languages").line, "languages", "no-word-list",
                      f"jobdocs lint has word lists for Chinese (zh, zh-Hant) and English only, so the job ads in "
                      f"{', '.join(unlisted)} are not checked for unlawful or gender-coded wording; have a "
                      "native-speaking HR colleague read them")


def _in_disclaimer(text: str, position: int) -> bool:
    """Whether the clause around ``position`` states a policy ("不因...婚育状况...而区别对待")."""
    starts = [match.end() for match in _CLAUSE_END.finditer(text, 0, position)]
    end = _CLAUSE_END.search(text, position)
    start = starts[-1] if starts else 0
    clause = text[start:end.start() if end else len(text)]
    return bool(_POLICY_BEFORE.search(text, start, position) or _POLICY_ANYWHERE.search(clause))


def coded_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The stem ``word`` is a form of, or None; the rest after the stem must be an English ending."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if word in NOT_CODED or not word.isascii():
        return None
    for candidate in dict.fromkeys([word, word.replace("-", ""), *word.split("-")]):
        for stem in stems:
            if candidate.startswith(stem) and _is_ending(stem, candidate[len(stem):]):
                return stem
    return None


def _is_ending(stem: str, rest: str) -> bool:
    # A doubled final consonant ("commit|ted", "nag|ging") belongs to the ending.
    undoubled = rest[1:] if rest[:1] == stem[-1:] and stem[-1] not in "aeiou" else rest
    return any(_ENDING.fullmatch(option) for option in (rest, undoubled))


def _gender_findings(passages: list[Passage], title_where: tuple[str, int, str]) -> Iterator[Finding]:
    masculine: list[str] = []
    feminine: list[str] = []
    for passage in passages:
        if not passage.is_english:
            continue
        for word in _WORD.findall(passage.text):
            for kind, stems, found in (("masculine", MASCULINE_STEMS, masculine),
                                       ("feminine", FEMININE_STEMS, feminine)):
                stem = coded_stem(word, stems)
                if stem is not None:
                    found.append(word.lower())
                    yield Finding(passage.file, passage.line, passage.field, "gender-coded",
                                  f"'{word}' is {kind}-coded (Gaucher et al. 2011, stem '{stem}')", detail=True)
    if len(masculine) > len(feminine):
        yield Finding(*title_where, "gender-coded",
                      f"the English ad leans masculine: {len(masculine)} masculine-coded words "
                      f"({', '.join(masculine)}) against {len(feminine)} feminine-coded; such wording lowers "
                      "women's interest in a job, so swap some for neutral words")


def _length_findings(role: Role, passages: list[Passage], title_where: tuple[str, int, str]) -> Iterator[Finding]:
    english = [passage for passage in passages if passage.is_english and passage.part in _COUNTED]
    words = sum(len(passage.text.split()) for passage in english)
    low, high = AD_WORDS
    if english and not low <= words <= high:
        yield Finding(*title_where, "length",
                      f"the English ad has {words} words (summary, responsibilities, competencies, company and "
                      f"how to apply); aim for {low}-{high} (Textio)")
    must_haves = len(role.must_haves)
    if must_haves > MAX_MUST_HAVES:
        owner = role.origin("competencies")
        yield Finding(owner.file, owner.line, "competencies", "length",
                      f"{must_haves} must-have competencies; keep about {MAX_MUST_HAVES} at most (Ongig) "
                      "and mark the rest 'required: false'")


def _pay_findings(project: Project, role: Role) -> Iterator[Finding]:
    chosen = [code.upper() for code in project.config.jurisdictions]
    laws = [PAY_TRANSPARENCY[code] for code in chosen if code in PAY_TRANSPARENCY]
    if laws and role.employment.salary is None:
        owner = role.origin("employment")
        yield Finding(owner.file, owner.line, "employment.salary", "pay",
                      f"no pay range, but the posting must state one under {'; '.join(laws)}; "
                      "add salary: {currency: ..., min: ..., max: ..., period: ...}", "error")
