"""Property: whatever a role file holds, loading it gives roles or problems naming that file and a line;
and whatever loads, lint, the placeholder check and the HTML of every kind accept without an internal error.

Role-file texts come from two sources: random edits of ``PARENT_ROLE`` (delete, duplicate or
re-indent a line, replace a value with random text, a number, ``null``, ``[]``, ``{}`` or a
YAML-looking word) and documents built from scratch (YAML dumped from random data whose keys are
the role file's field names, and raw text made of YAML's punctuation).  ``load_project`` may only
return roles or raise :class:`InputError` whose every problem prints as ``roles/FILE.yaml:LINE: ...``
with a line that exists in that file. A child role is mutated too, beside a valid parent, so that
inheritance (maps merged key by key, competencies by id) meets random input. Roles that load are
linted and rendered to HTML in every kind; a few are written as PDF and DOCX (``test_writers_accept``).

The examples are derandomized so that the outcome is the same on every run. The inputs hypothesis
found as bugs (all fixed) are kept below as regressions.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdocs.checks.lint import lint_project
from jobdocs.checks.placeholders import placeholder_problems
from jobdocs.errors import InputError
from jobdocs.html.render import render_html
from jobdocs.html.templates import KINDS, Templates
from jobdocs.model.models import Role
from jobdocs.model.project import Project, load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE
from tests.model.test_job_ad_fields import JOB_AD

PROBLEM = re.compile(r"roles/(?P<file>[a-z]+)\.yaml:(?P<line>[0-9]+): ")
#: The parent role with every field of the contract, so that mutations reach the new ones too.
FULL_ROLE = PARENT_ROLE.split("employment:")[0] + JOB_AD

property_settings = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def check_loads_or_reports(text: str, parent: str | None = None) -> Project | None:
    """The property: roles that every later stage accepts, or problems that each name a role file and its line.

    ``text`` is ``roles/assistant.yaml``; with ``parent``, it is ``roles/manager.yaml`` and ``parent`` the
    assistant's file.
    """
    files = {"assistant": text} if parent is None else {"assistant": parent, "manager": text}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "roles").mkdir()
        (root / "jobdocs.yaml").write_text(PROJECT_FILE, encoding="utf-8")
        for name, content in files.items():
            (root / "roles" / f"{name}.yaml").write_text(content, encoding="utf-8")
        try:
            project = load_project(root)
        except InputError as error:
            assert error.problems, "an InputError must carry at least one problem"
            for problem in error.problems:
                shown = str(problem)
                match = PROBLEM.match(shown)
                assert match and match["file"] in files, f"not roles/FILE.yaml:LINE: ...: {shown!r}"
                last_line = len(files[match["file"]].splitlines()) + 1  # the very end may be one past the text
                assert 1 <= int(match["line"]) <= last_line, f"line out of the file ({last_line} lines): {shown!r}"
            return None
        assert all(isinstance(role, Role) for role in project.roles.values())
        accepted_downstream(project)
        return project


def accepted_downstream(project: Project) -> None:
    """Lint, placeholders and the HTML of every kind take the project without an internal error."""
    lint_project(project)
    placeholder_problems(project)
    templates = Templates(project.root)
    for role_id in project.roles:
        for kind in KINDS:
            assert render_html(project, templates, role_id, kind, "en").html


# --- random edits of PARENT_ROLE -------------------------------------------------------------

LINES = FULL_ROLE.splitlines()

#: Words YAML reads in a special way, and values the schema does not expect.
YAML_WORDS = [
    "null", "~", "[]", "{}", "''", '""', "yes", "No", "on", "true", "0", "-1", "3.5", "1e400", ".nan", ".inf",
    "0x1F", "0o17", "12:30", "2024-02-29", "2023-02-29", "- item", "[a, [b, {c: d}]]", "{zh: 文字, en: text}",
    "{zh: 只有中文}",
    "'unclosed", '"unclosed', "a: b", "a #comment", "|", ">", "*undefined", "&anchor", "&anchor value",
    "!!str 5", "!!int x", "!!binary aGk=", "!!set {a, b}", "!!omap [a: 1]", "!custom value", "%", "@", "`",
    "? key", "---", "...", "\t", "中文：冒号", "\u00a0", "\ufeff",
]

values = st.one_of(
    st.sampled_from(YAML_WORDS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.integers(min_value=-10**6, max_value=10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@st.composite
def mutated_parent_role(draw: st.DrawFn, lines: list[str] = LINES) -> str:
    lines = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "value"]))
        line = lines[index]
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "indent":
            indent = len(line) - len(line.lstrip(" "))
            new_indent = draw(st.integers(min_value=0, max_value=indent + 4).filter(lambda n, indent=indent: n != indent))
            lines[index] = " " * new_indent + line.lstrip(" ")
        else:
            # "level: 1" -> "level: <value>"; "competencies:" -> "competencies: <value>"
            key = line.partition(": ")[0] if ": " in line else line.rstrip(":")
            lines[index] = f"{key}: {draw(values)}"
    return "\n".join(lines) + "\n"


@property_settings
@given(text=mutated_parent_role())
def test_a_mutated_role_file_loads_or_names_its_mistakes(text: str):
    check_loads_or_reports(text)


#: A child that writes some of each merged map, so that key-by-key merging meets random input.
CHILD_WITH_MAPS = CHILD_ROLE + """\
employment:
  hours: {zh: 轮班, en: Shifts}
  salary: {currency: CNY, min: 9000, max: 12000, period: MONTH}
interview:
  hire_bar: 4
  panel:
    - {who: Lead, competencies: [traffic-growth, data-tracking]}
posting: {openings: 1}
"""


@property_settings
@given(text=mutated_parent_role(CHILD_WITH_MAPS.splitlines()))
def test_a_mutated_child_loads_or_names_its_mistakes(text: str):
    check_loads_or_reports(text, parent=FULL_ROLE)


# --- documents built from scratch ------------------------------------------------------------

FIELD_NAMES = [
    "id", "extends", "title", "summary", "family", "level", "reports_to", "codes", "responsibilities",
    "competencies", "name", "description", "required", "weight", "questions", "type", "text", "probes",
    "rubric", "training", "objectives", "content", "exercises", "checklist", "quiz", "question", "options",
    "answer", "requirements", "education", "experience_years", "kpis", "employment", "location", "remote",
    "salary", "currency", "min", "max", "period", "zh", "en", "must_have", "nice_to_have", "hours",
    "probation_months", "basis", "benefits", "posting", "openings", "interview", "minutes", "opening_minutes",
    "closing_minutes", "panel", "who", "hire_bar", "must_have_min", "follow_up", "day", "check", "materials",
    "trainer_notes", "why", "extra",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-100, max_value=100),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["FULL_TIME", "MONTH", "CNY", "behavioural", "onsite", "store-manager", "Store_Manager"]),
    st.dates(),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.integers(min_value=0, max_value=6),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8))
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)
role_like = st.dictionaries(st.sampled_from(FIELD_NAMES), documents, min_size=1, max_size=8)


@property_settings
@given(data=st.one_of(role_like, documents), flow=st.sampled_from([None, False, True]))
def test_any_yaml_document_loads_or_names_its_mistakes(data, flow):
    check_loads_or_reports(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False))


#: The pieces YAML is made of, so random texts are more than random letters.
PIECES = [
    "title", "summary", "competencies", "responsibilities", "zh", "en", "id", "level", ": ", ":", " ", "  ",
    "\n", "\n  ", "- ", "-", "[", "]", "{", "}", ", ", "?", "? ", "#", " #", "&a ", "*a", "!!str ", "!!python/name:x ",
    "'", '"', "|", ">", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "\t", "文字", "1", "2024-01-31", "null", "yes",
    "\\", "\r\n", "\ufeff", "\u2028", "\x85",
]
@property_settings
@given(text=st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
))
def test_any_text_loads_or_names_its_mistakes(text: str):
    check_loads_or_reports(text)


# --- the crashes the properties found, one by one ----------------------------------------------

SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"


def edit(old: str, new: str) -> str:
    if PARENT_ROLE.count(old) != 1:
        raise ValueError(f"{old!r} occurs {PARENT_ROLE.count(old)} times in PARENT_ROLE, not once")
    return PARENT_ROLE.replace(old, new)


@pytest.mark.parametrize("text", [
    pytest.param(edit("  - id: platform-rules", "  - id: 2"), id="number-as-competency-id"),
    pytest.param(edit("  - id: data-tracking", "  - id: [data-tracking]"), id="list-as-competency-id"),
    pytest.param(edit("name: {zh: 数据跟踪, en: Data tracking}", "name: {zh: 数据跟踪, en: null}"),
                 id="null-in-a-language-map"),
    pytest.param(edit("competencies:\n", ""), id="competencies-line-deleted"),
    pytest.param("<<: \n", id="merge-key-without-mapping"),
    pytest.param(edit(SUMMARY, "summary: 2023-02-29"), id="impossible-date"),
])
def test_inputs_found_by_hypothesis(text: str):
    check_loads_or_reports(text)


@pytest.mark.parametrize("text, parent", [
    pytest.param(FULL_ROLE, None, id="every-field"),
    pytest.param(CHILD_WITH_MAPS, FULL_ROLE, id="child-merging-maps"),
])
def test_writers_accept(tmp_path, text, parent):
    """A few that load go on to the PDF and the DOCX writers, which must write them."""
    import jobdocs

    files = {"assistant": text} if parent is None else {"assistant": parent, "manager": text}
    (tmp_path / "roles").mkdir()
    (tmp_path / "jobdocs.yaml").write_text(PROJECT_FILE, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / "roles" / f"{name}.yaml").write_text(content, encoding="utf-8")
    project = load_project(tmp_path)
    accepted_downstream(project)
    result = jobdocs.build(tmp_path, tmp_path / "out",
                           jobdocs.Selection(roles=[list(files)[-1]], languages=["en"], formats=["pdf", "docx"]))
    assert (result.exit_code, result.failed) == (0, [])
    assert sorted(path.suffix for path in (tmp_path / "out").rglob("*") if path.suffix in (".pdf", ".docx")) == \
        [".docx"] * len(KINDS) + [".pdf"] * len(KINDS)
