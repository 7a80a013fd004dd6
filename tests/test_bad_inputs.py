"""A corpus of user mistakes: each must be refused as ``FILE:LINE: FIELD: message`` with exit code 2.

Every case is a small project made from ``PARENT_ROLE`` / ``CHILD_ROLE`` with one thing changed.
``jobdocs build`` must then exit with code 2, print the expected prefix and a key phrase of the
message on one line, show no traceback, and write no output folder. A mistake in one role file of two
leaves the other role to be built (exit 1), unless its documents show the broken role (the child's title
on its parent's pages), which keeps them as they were: then nothing is written either.

Line numbers are counted by hand from ``tests/conftest.py``: in ``PARENT_ROLE`` line 1 is ``title``,
2 ``summary``, 3 ``level``, 4 ``responsibilities``, 8 the first competency's ``name``, 10 its
``level``, 11 its ``weight``, 13 its question ``type``, 15 the ``probes``, 19 rubric score 5,
25 the quiz ``options``, 26 the quiz ``answer``, 27-30 the second competency (``platform-rules``,
``required`` on 29 and ``level`` on 30), 32 ``employment.type``, 34 ``salary``; it has 34 lines,
so a line appended to it is line 35.  In ``CHILD_ROLE`` line 1 is ``extends`` and 11 the second
competency's ``id``.

Several cases were found as bugs (tracebacks, silent drops, missing lines) and fixed; they stay as regressions.
"""
from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobdocs.cli import cli

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, write_project

#: A refused input must be refused quickly, whatever it holds (an alias bomb included).
MAX_SECONDS = 10.0


def edit(old: str, new: str, text: str = PARENT_ROLE) -> str:
    """``text`` with the one occurrence of ``old`` replaced, so a case never silently changes nothing."""
    if text.count(old) != 1:
        raise ValueError(f"{old!r} occurs {text.count(old)} times in the role text, not once")
    return text.replace(old, new)


@dataclass
class Case:
    """One bad project: role files and templates as text (``str``) or raw bytes."""

    roles: dict[str, str | bytes]
    expected: str  # the start of the problem's line: "FILE:LINE: FIELD:" (or "FILE:LINE:" for a whole file)
    phrase: str  # a key phrase of the message, on the same line (compared ignoring case)
    config: str | bytes | None = PROJECT_FILE
    templates: dict[str, str | bytes] = field(default_factory=dict)
    #: 1 where a role that validates is built beside the broken one, or kept as it was.
    exit_code: int = 2
    #: The roles whose outputs the build writes nonetheless.
    written: tuple[str, ...] = ()


def case(case_id: str, *args, marks=(), **kwargs):
    return pytest.param(Case(*args, **kwargs), id=case_id, marks=marks)


def parent(text: str) -> dict[str, str]:
    return {"assistant": text}


def both(child: str, parent_text: str = PARENT_ROLE) -> dict[str, str]:
    return {"assistant": parent_text, "manager": child}


def make_project(root: Path, spec: Case) -> Path:
    def text_only(files: dict) -> dict:
        return {name: content for name, content in files.items() if isinstance(content, str)}

    config = spec.config if not isinstance(spec.config, bytes) else None
    write_project(root, text_only(spec.roles), config=config, templates=text_only(spec.templates))
    for name, content in spec.roles.items():
        if isinstance(content, bytes):
            (root / "roles" / f"{name}.yaml").write_bytes(content)
    for name, content in spec.templates.items():
        if isinstance(content, bytes):
            (root / "templates").mkdir(exist_ok=True)
            (root / "templates" / name).write_bytes(content)
    if isinstance(spec.config, bytes):
        (root / "jobdocs.yaml").write_bytes(spec.config)
    return root


# --- texts used by several cases -------------------------------------------------------------

SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"
RESPONSIBILITIES = "responsibilities:\n  - {zh: 每天记录销售数据。, en: Record sales data every day.}\n"
OPTIONS = "options: [{zh: 订单/访客, en: Orders / sessions}, {zh: 访客/订单, en: Sessions / orders}]"

#: Nine anchors, each a list of ten aliases of the one before: 10**9 values once expanded.
#: Appended to PARENT_ROLE, so ``a`` is on line 35 ... ``e`` on line 39 ... ``i`` on line 43.
ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([item] * 10)}]\n"
    for name, item in zip("abcdefghi", ['"lol"', *(f"*{before}" for before in "abcdefgh")], strict=True)
)

#: A template override: lines 1-2 are this head, so the first line a case adds is line 3.
HEAD = '{% extends "base.html" %}\n{% block content %}\n'


CASES = [
    # --- YAML syntax and the file as a whole ---------------------------------------------------
    case("yaml-unquoted-colon-in-value", parent(edit(SUMMARY, "summary: Goal: keep the store's numbers right")),
         "roles/assistant.yaml:2: YAML syntax error", "quotes"),
    case("yaml-question-mark-in-flow-mapping", parent(edit('en: "What did you do?"', "en: ?")),
         "roles/assistant.yaml:15: YAML syntax error", "quotes"),
    case("yaml-bad-indentation", parent(edit("    weight: 2", "   weight: 2")),
         "roles/assistant.yaml:11: YAML syntax error", "indent"),
    case("yaml-tab-character", parent(edit("    weight: 2", "\tweight: 2")),
         "roles/assistant.yaml:11: YAML syntax error", "spaces"),
    case("yaml-key-written-twice", parent(PARENT_ROLE + "title: {zh: 店长, en: Store Manager}\n"),
         "roles/assistant.yaml:35: title:", "written twice (first on line 1)"),
    case("empty-file", parent(""), "roles/assistant.yaml:1:", "the file is empty"),
    case("comments-only-file", parent("# the assistant role\n# to be written next week\n"),
         "roles/assistant.yaml:1:", "only comments"),
    case("file-is-a-list", parent("- " + textwrap.indent(PARENT_ROLE, "  ")[2:]),
         "roles/assistant.yaml:1:", "must be a mapping of fields"),
    case("file-not-utf8-gbk", parent(PARENT_ROLE.encode("gbk")), "roles/assistant.yaml:1:", "UTF-8"),
    case("python-tag-on-a-scalar", parent(edit(SUMMARY, "summary: !!python/name:os.system")),
         "roles/assistant.yaml:2: summary:", "not allowed"),
    case("python-tag-apply-on-a-text", parent(edit(SUMMARY, 'summary: !!python/object/apply:os.system ["echo hi"]')),
         "roles/assistant.yaml:2: summary:", "not allowed"),
    case("python-tag-apply-on-a-list",
         parent(edit(RESPONSIBILITIES, 'responsibilities: !!python/object/apply:os.system ["echo hi"]\n')),
         "roles/assistant.yaml:4: responsibilities:", "not allowed"),
    case("alias-bomb-fails-fast", parent(PARENT_ROLE + ALIAS_BOMB),
         "roles/assistant.yaml:", "expands to more than"),
    case("alias-bomb-names-the-line-of-its-field", parent(PARENT_ROLE + ALIAS_BOMB),
         "roles/assistant.yaml:39: e", "expands to more than"),
    case("alias-to-itself", parent(PARENT_ROLE + "kpis: &k [*k]\n"),
         "roles/assistant.yaml:35: kpis", "alias"),
    case("deeply-nested-brackets", parent(PARENT_ROLE + "kpis: " + "[" * 3000 + "]" * 3000 + "\n"),
         "roles/assistant.yaml:35:", "nest"),
    case("merge-key-on-a-text", parent(PARENT_ROLE + "<<: oops\n"),
         "roles/assistant.yaml:35:", "merg"),
    case("oversized-file", parent(PARENT_ROLE + "# " + "x" * 600_000 + "\n"),
         "roles/assistant.yaml", "limit"),
    case("oversized-file-names-a-line", parent(PARENT_ROLE + "# " + "x" * 600_000 + "\n"),
         "roles/assistant.yaml:1:", "limit"),
    # --- required fields and types ---------------------------------------------------------------
    case("missing-title", parent(edit("title: {zh: 运营助理, en: Operations Assistant}\n", "")),
         "roles/assistant.yaml:1: title:", "required field is missing"),
    case("missing-summary", parent(edit(SUMMARY + "\n", "")),
         "roles/assistant.yaml:1: summary:", "required field is missing"),
    case("missing-responsibilities", parent(edit(RESPONSIBILITIES, "")),
         "roles/assistant.yaml:1: responsibilities:", "required field is missing"),
    case("responsibilities-as-a-string",
         parent(edit(RESPONSIBILITIES, "responsibilities: Record sales data every day.\n")),
         "roles/assistant.yaml:4: responsibilities:", "must be a list"),
    case("level-as-text", parent(edit("    level: 2\n    weight: 2", "    level: expert\n    weight: 2")),
         "roles/assistant.yaml:10: competencies[0].level:", "whole number"),
    case("required-quoted-yes", parent(edit("required: false", 'required: "yes"')),
         "roles/assistant.yaml:29: competencies[1].required:", "true or false"),
    case("quiz-answer-quoted", parent(edit("answer: 0", 'answer: "0"')),
         "roles/assistant.yaml:26: competencies[0].training.quiz[0].answer:", "whole number"),
    case("unknown-field-typo", parent(edit("    description:", "    descripton:")),
         "roles/assistant.yaml:9: competencies[0].descripton:", "did you mean 'description'?"),
    case("question-type-american-spelling", parent(edit("type: behavioural", "type: behavioral")),
         "roles/assistant.yaml:13: competencies[0].questions[0].type:", "did you mean 'behavioural'?"),
    case("competency-level-out-of-range",
         parent(edit("    required: false\n    level: 2", "    required: false\n    level: 0")),
         "roles/assistant.yaml:30: competencies[1].level:", "must be 1-5, got 0"),
    case("competency-weight-out-of-range", parent(edit("weight: 2", "weight: 11")),
         "roles/assistant.yaml:11: competencies[0].weight:", "must be 1-10, got 11"),
    case("quiz-answer-index-out-of-range", parent(edit("answer: 0", "answer: 2")),
         "roles/assistant.yaml:26: competencies[0].training.quiz[0].answer:", "index of an option"),
    case("rubric-score-7", parent(edit("      5: {zh: 例子完整", "      7: {zh: 例子完整")),
         "roles/assistant.yaml:19: competencies[0].rubric[7]:", "score from 1 to 5"),
    case("missing-en-text", parent(edit("name: {zh: 数据跟踪, en: Data tracking}", "name: {zh: 数据跟踪}")),
         "roles/assistant.yaml:8: competencies[0].name.en:", "the 'en' text is missing"),
    case("blank-en-text", parent(edit("name: {zh: 数据跟踪, en: Data tracking}", "name: {zh: 数据跟踪, en: }")),
         "roles/assistant.yaml:8: competencies[0].name.en:", "empty"),
    case("yes-no-in-a-language-map",
         parent(edit(OPTIONS, "options: [{zh: 是, en: Yes}, {zh: 否, en: No}]")),
         "roles/assistant.yaml:25: competencies[0].training.quiz[0].options[0].en:", "yes/no"),
    # --- ids and inheritance ---------------------------------------------------------------------
    case("duplicate-competency-ids", both(edit("  - id: traffic-growth", "  - id: data-tracking", CHILD_ROLE)),
         "roles/manager.yaml:11: competencies[1].id:", "already the id of competencies[0]", exit_code=1),
    case("unknown-parent", both(edit("extends: assistant", "extends: assistent", CHILD_ROLE)),
         "roles/manager.yaml:1: extends:", "no role has the id 'assistent'", exit_code=1, written=("assistant",)),
    case("extends-cycle", both(CHILD_ROLE, "extends: manager\n" + PARENT_ROLE),
         "roles/assistant.yaml:1: extends:", "cycle: assistant -> manager -> assistant"),
    case("reports-to-itself", parent(PARENT_ROLE + "reports_to: assistant\n"),
         "roles/assistant.yaml:35: reports_to:", "reports to itself"),
    case("bad-id", parent("id: Store_Manager\n" + PARENT_ROLE),
         "roles/assistant.yaml:1: id:", "lowercase letters, digits and '-'"),
    case("two-files-same-id", {"assistant": PARENT_ROLE, "copy": "id: assistant\n" + PARENT_ROLE},
         "roles/copy.yaml:1: id:", "already the id of roles/assistant.yaml"),
    case("id-is-a-list", parent("id: [store-manager]\n" + PARENT_ROLE),
         "roles/assistant.yaml:1: id:", "text"),
    case("file-name-is-not-an-id", {"Store_Manager": PARENT_ROLE},
         "roles/Store_Manager.yaml:1:", "lowercase"),
    case("competency-id-is-a-list", parent(edit("  - id: data-tracking", "  - id: [data-tracking]")),
         "roles/assistant.yaml:7: competencies[0].id:", "text"),
    # --- employment ------------------------------------------------------------------------------
    case("employment-type-typo", parent(edit("type: FULL_TIME", "type: FULLTIME")),
         "roles/assistant.yaml:32: employment.type:", "did you mean 'FULL_TIME'?"),
    case("salary-min-above-max", parent(edit("min: 6000", "min: 9500")),
         "roles/assistant.yaml:34: employment.salary.min:", "must not be above max"),
    case("salary-bad-currency", parent(edit("currency: CNY", "currency: yuan")),
         "roles/assistant.yaml:34: employment.salary.currency:", "three-letter currency code"),
    case("salary-currency-rmb", parent(edit("currency: CNY", "currency: RMB")),
         "roles/assistant.yaml:34: employment.salary.currency:", "CNY"),
    case("salary-max-infinite", parent(edit("max: 9000", "max: .inf")),
         "roles/assistant.yaml:34: employment.salary.max:", "number"),
    # --- the job ad's and the interview's fields ---------------------------------------------------
    case("openings-zero", parent(PARENT_ROLE + "posting: {openings: 0}\n"),
         "roles/assistant.yaml:35: posting.openings:", "must be 1 or more, got 0"),
    case("probation-negative", parent(edit("  type: FULL_TIME", "  type: FULL_TIME\n  probation_months: -1")),
         "roles/assistant.yaml:33: employment.probation_months:", "must be 0 or more, got -1"),
    case("salary-basis-netto", parent(edit("period: MONTH}", "period: MONTH, basis: netto}")),
         "roles/assistant.yaml:34: employment.salary.basis:", "must be one of gross, net; got 'netto'"),
    case("must-have-not-a-list", parent(PARENT_ROLE + "requirements: {must_have: Excel}\n"),
         "roles/assistant.yaml:35: requirements.must_have:", "must be a list"),
    case("benefits-missing-a-language", parent(PARENT_ROLE + "benefits: [{zh: 五险一金}]\n"),
         "roles/assistant.yaml:35: benefits[0].en:", "the 'en' text is missing"),
    case("panel-unknown-competency",
         parent(PARENT_ROLE + "interview:\n  panel:\n    - who: {zh: 经理, en: Manager}\n"
                              "      competencies: [data-tracking, data-trackin]\n"),
         "roles/assistant.yaml:38: interview.panel[0].competencies[1]:",
         "no competency of this role has the id 'data-trackin'; known: data-tracking, platform-rules"),
    case("hire-bar-above-5", parent(PARENT_ROLE + "interview: {hire_bar: 5.5}\n"),
         "roles/assistant.yaml:35: interview.hire_bar:", "must be 1-5, got 5.5"),
    case("must-have-min-zero", parent(PARENT_ROLE + "interview: {must_have_min: 0}\n"),
         "roles/assistant.yaml:35: interview.must_have_min:", "must be 1-5, got 0"),
    case("question-rubric-without-3",
         parent(edit('probes: [{zh: 你做了什么？, en: "What did you do?"}]',
                     'probes: [{zh: 你做了什么？, en: "What did you do?"}]\n'
                     '        rubric: {1: {zh: 无, en: None given}, 5: {zh: 完整, en: Complete}}')),
         "roles/assistant.yaml:16: competencies[0].questions[0].rubric:", "missing 3"),
    case("follow-up-day-zero",
         parent(PARENT_ROLE + "follow_up:\n  - {day: 0, check: {zh: 检查, en: Check}, who: {zh: 经理, en: Manager}}\n"),
         "roles/assistant.yaml:36: follow_up[0].day:", "must be 1-3650, got 0"),
    # --- the project file ------------------------------------------------------------------------
    case("config-page-size", parent(PARENT_ROLE), "jobdocs.yaml:3: page_size:", "must be one of A4, Letter",
         config=PROJECT_FILE + "page_size: A5\n"),
    case("config-pdf-variant", parent(PARENT_ROLE), "jobdocs.yaml:3: pdf_variant:",
         "must be one of pdf/ua-1, pdf/a-3b, pdf/a-2b", config=PROJECT_FILE + "pdf_variant: pdf/a-1b\n"),
    case("config-language-name", parent(PARENT_ROLE), "jobdocs.yaml:2: languages[0]:", "language code",
         config=PROJECT_FILE.replace("languages: [zh, en]", "languages: [chinese]")),
    case("config-is-a-list", parent(PARENT_ROLE), "jobdocs.yaml:1:", "must be a mapping of settings",
         config="- zh\n- en\n"),
    case("config-not-utf8", parent(PARENT_ROLE), "jobdocs.yaml:1:", "UTF-8", config=PROJECT_FILE.encode("gbk")),
    case("config-unknown-jurisdiction", parent(PARENT_ROLE), "jobdocs.yaml:3: jurisdictions[1]:",
         "ISO 3166-1, ISO 3166-2 or EU: AE, AT", config=PROJECT_FILE + "jurisdictions: [CN, XX]\n"),
    case("config-unknown-timezone", parent(PARENT_ROLE), "jobdocs.yaml:3: timezone:", "IANA time zone",
         config=PROJECT_FILE + "timezone: Asia/Beijing\n"),
    case("config-lint-ignore-not-a-code", parent(PARENT_ROLE), "jobdocs.yaml:3: lint.ignore[0]:", "finding's code",
         config=PROJECT_FILE + "lint: {ignore: [CN Headcount]}\n"),
    case("config-openings-zero", parent(PARENT_ROLE), "jobdocs.yaml:3: posting.openings:", "1 or more",
         config=PROJECT_FILE + "posting: {openings: 0}\n"),
    case("config-impossible-date", parent(PARENT_ROLE), "jobdocs.yaml:3: posting.valid_through:", "date",
         config=PROJECT_FILE + "posting: {date_posted: 2026-01-05, valid_through: 2026-02-30}\n"),
    # --- templates -------------------------------------------------------------------------------
    case("template-syntax-error", parent(PARENT_ROLE), "templates/job-ad.html:6: template:", "syntax error",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n{% if role.summary %}\n"
                                          "<p>{{ role.summary }}</p>\n{% endblock %}\n"}),
    case("template-unknown-filter", parent(PARENT_ROLE), "templates/job-ad.html:3: template:", "shout",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title|shout }}</h1>\n{% endblock %}\n"}),
    case("template-undefined-variable", parent(PARENT_ROLE), "templates/job-ad.html:4: template:", "salary_band",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n<p>{{ salary_band }}</p>\n{% endblock %}\n"}),
    case("template-undefined-attribute", parent(PARENT_ROLE), "templates/job-ad.html:4: template:", "salary_band",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n<p>{{ role.salary_band }}</p>\n"
                                          "{% endblock %}\n"}),
    case("template-sandbox-escape", parent(PARENT_ROLE), "templates/job-ad.html:4: template:", "__class__",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n<p>{{ ''.__class__.__mro__ }}</p>\n"
                                          "{% endblock %}\n"}),
    case("template-includes-a-missing-file", parent(PARENT_ROLE), "templates/job-ad.html:4: template:", "footer.html",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n{% include 'footer.html' %}\n{% endblock %}\n"}),
    case("template-huge-range", parent(PARENT_ROLE), "templates/job-ad.html:4: template:", "range",
         templates={"job-ad.html": HEAD + "<h1>{{ role.title }}</h1>\n{% for i in range(1000000) %}.{% endfor %}\n"
                                          "{% endblock %}\n"}),
    case("template-endless-recursion", parent(PARENT_ROLE), "templates/job-ad.html:3: template:", "recursion",
         templates={"job-ad.html": HEAD + "{% macro f() %}{{ f() }}{% endmacro %}\n<h1>{{ f() }}</h1>\n"
                                          "{% endblock %}\n"}),
    case("template-not-utf8", parent(PARENT_ROLE), "templates/job-ad.html:3:", "UTF-8",
         templates={"job-ad.html": (HEAD + "<h1>{{ role.title }} 运营</h1>\n{% endblock %}\n").encode("gbk")}),
    case("labels-file-is-a-list", parent(PARENT_ROLE), "templates/labels.yaml:1:", "mapping",
         templates={"labels.yaml": "- Job ad\n- Interview guide\n"}),
    case("labels-unknown-placeholder", parent(PARENT_ROLE), "templates/labels.yaml:2: en.pay_range:", "amount",
         templates={"labels.yaml": "en:\n  pay_range: '{amount} per {period}'\n"}),
    case("labels-ladder-alt-incomplete", parent(PARENT_ROLE), "templates/labels.yaml:2: en.ladder_alt:", "here",
         templates={"labels.yaml": "en:\n  ladder_alt: {here: 'You: {person}'}\n"}),
]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 28


@pytest.mark.parametrize("spec", CASES)
def test_bad_input_is_refused_with_file_line_and_field(tmp_path: Path, spec: Case):
    root = make_project(tmp_path / "project", spec)
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["build", "-C", str(root)])
    seconds = time.perf_counter() - started
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in output
    assert result.exit_code == spec.exit_code, output
    lines = [line for line in output.splitlines() if line.startswith(spec.expected)]
    assert lines, f"no line starts with {spec.expected!r}:\n{output}"
    assert any(spec.phrase.lower() in line.lower() for line in lines), f"{spec.phrase!r} not in:\n{output}"
    written = sorted(path.name for path in (root / "output").iterdir() if path.is_dir()) if spec.written else []
    assert written == list(spec.written)
    assert (root / "output").exists() == bool(spec.written)
    assert seconds < MAX_SECONDS or spec.written  # a build that writes takes its time


@pytest.mark.parametrize("role_id", ["id:\n", "id: 2024\n"], ids=["blank-id", "number-id"])
def test_a_role_file_is_never_silently_dropped(tmp_path: Path, role_id: str):
    """A blank or numeric ``id`` may default to the file name, or be an error; the file must not vanish."""
    from jobdocs.errors import InputError
    from jobdocs.model.project import load_project

    write_project(tmp_path, {"assistant": role_id + PARENT_ROLE})
    try:
        roles = load_project(tmp_path).roles
    except InputError as error:
        assert any(str(problem).startswith("roles/assistant.yaml:1: id:") for problem in error.problems)
    else:
        assert [role.source for role in roles.values()] == ["roles/assistant.yaml"]


def test_validate_lists_every_problem_of_every_file_at_once(tmp_path: Path):
    assistant = edit("type: FULL_TIME", "type: FULLTIME",
                     edit("    level: 2\n    weight: 2", "    level: 7\n    weight: 2"))
    manager = edit("    name: {zh: 流量增长, en: Traffic growth}\n    level: 3",
                   "    name: {zh: 流量增长, en: Traffic growth}\n    levle: 3", CHILD_ROLE)
    root = write_project(tmp_path, {"assistant": assistant, "manager": manager})
    result = CliRunner().invoke(cli, ["validate", "-C", str(root)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert "roles/assistant.yaml:10: competencies[0].level: must be 1-5, got 7" in lines
    assert any(line.startswith("roles/assistant.yaml:32: employment.type: ") and "FULL_TIME" in line
               for line in lines)
    assert "roles/manager.yaml:13: competencies[1].levle: unknown field; did you mean 'level'?" in lines
    assert "3 problem(s) found." in lines


@pytest.mark.parametrize("breaker", ["role", "template"])
def test_a_failed_build_keeps_the_earlier_output(tmp_path: Path, breaker: str):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE})
    args = ["build", "-C", str(root), "--format", "docx", "--kind", "job-ad", "--lang", "en"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output

    def snapshot() -> dict[str, bytes]:
        return {str(path.relative_to(root / "output")): path.read_bytes()
                for path in sorted((root / "output").rglob("*")) if path.is_file()}

    before = snapshot()
    documents = sorted(name for name in before if name.endswith(".docx"))
    assert documents == ["assistant/job-ad.en.docx", "manager/job-ad.en.docx"]
    if breaker == "role":
        (root / "roles" / "manager.yaml").write_text(edit("level: 4", "level: 9", CHILD_ROLE), encoding="utf-8")
        expected, exit_code = "roles/manager.yaml:10: competencies[0].level: must be 1-5, got 9", 1  # see below
    else:
        write_project(root, {}, templates={"job-ad.html": HEAD + "<h1>{{ role.nickname }}</h1>\n{% endblock %}\n"})
        expected, exit_code = "templates/job-ad.html:3: template: ", 2
    second = CliRunner().invoke(cli, args)
    # A broken role is not built and its outputs are kept; so are its parent's, whose job ad shows its title.
    assert second.exit_code == exit_code, second.output
    assert any(line.startswith(expected) for line in second.output.splitlines()), second.output
    assert snapshot() == before
