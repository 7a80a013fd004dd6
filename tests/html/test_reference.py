"""The template designer's reference agrees with what templates really receive."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from jobdocs.cli import cli
from jobdocs.html.reference import VARIABLES, context_reference, own_filters
from jobdocs.html.render import document_context
from jobdocs.html.templates import KINDS, Templates
from jobdocs.model.project import load_project

from tests.conftest import REPO


@pytest.mark.parametrize("kind", KINDS)
def test_every_variable_a_template_receives_is_documented_and_no_other(kind):
    project = load_project(REPO)
    role = project.roles["store-manager"]
    context = document_context(project, Templates(project.root), role, kind, "en")
    assert sorted(context) == sorted(VARIABLES)


def test_the_docs_page_is_the_reference_the_command_prints():
    printed = CliRunner().invoke(cli, ["schema", "context"])
    assert printed.exit_code == 0
    assert printed.output == (REPO / "docs" / "templates.md").read_text(encoding="utf-8"), (
        "docs/templates.md is out of date: run `jobdocs schema context > docs/templates.md`")


def test_the_reference_lists_jobdocs_own_filters_and_every_field_of_the_models():
    text = context_reference(own_filters(Templates(REPO).env))
    assert "| `page_fields` | " in text
    for path in ("role.competencies[].questions[].rubric", "role.employment.salary.basis", "project.jurisdictions",
                 "role.competencies[].introduced_by", "role.must_haves"):
        assert f"| `{path}` |" in text, path
