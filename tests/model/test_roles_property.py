"""Property: whatever a role file holds, loading it gives roles or problems naming that file and a line.

Role-file texts come from two sources: random edits of ``PARENT_ROLE`` (delete, duplicate or
re-indent a line, replace a value with random text, a number, ``null``, ``[]``, ``{}`` or a
YAML-looking word) and documents built from scratch (YAML dumped from random data whose keys are
the role file's field names, and raw text made of YAML's punctuation).  ``load_roles`` may only
return a dict of roles or raise :class:`InputError` whose every problem prints as
``roles/assistant.yaml:LINE: ...`` with a line that exists in the file.

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

from jobdocs.errors import InputError
from jobdocs.model.models import Role
from jobdocs.model.roles import load_roles

from tests.conftest import PARENT_ROLE

PROBLEM = re.compile(r"roles/assistant\.yaml:(?P<line>[0-9]+): ")

property_settings = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def check_loads_or_reports(text: str) -> None:
    """The property: roles, or problems that each name ``roles/assistant.yaml`` and one of its lines."""
    with tempfile.TemporaryDirectory() as folder:
        roles_dir = Path(folder) / "roles"
        roles_dir.mkdir()
        (roles_dir / "assistant.yaml").write_text(text, encoding="utf-8")
        try:
            roles = load_roles(roles_dir, "roles", ["zh", "en"])
        except InputError as error:
            assert error.problems, "an InputError must carry at least one problem"
            last_line = len(text.splitlines()) + 1  # a mistake at the very end may point one past the text
            for problem in error.problems:
                shown = str(problem)
                assert shown.startswith("roles/"), shown
                match = PROBLEM.match(shown)
                assert match, f"not FILE:LINE: ...: {shown!r}"
                assert 1 <= int(match["line"]) <= last_line, f"line out of the file ({last_line} lines): {shown!r}"
        else:
            assert isinstance(roles, dict)
            assert all(isinstance(role, Role) for role in roles.values())


# --- random edits of PARENT_ROLE -------------------------------------------------------------

LINES = PARENT_ROLE.splitlines()

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
def mutated_parent_role(draw: st.DrawFn) -> str:
    lines = list(LINES)
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


# --- documents built from scratch ------------------------------------------------------------

FIELD_NAMES = [
    "id", "extends", "title", "summary", "family", "level", "reports_to", "codes", "responsibilities",
    "competencies", "name", "description", "required", "weight", "questions", "type", "text", "probes",
    "rubric", "training", "objectives", "content", "exercises", "checklist", "quiz", "question", "options",
    "answer", "requirements", "education", "experience_years", "kpis", "employment", "location", "remote",
    "salary", "currency", "min", "max", "period", "zh", "en",
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
