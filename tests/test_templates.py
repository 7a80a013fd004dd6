from __future__ import annotations

import pytest

from jobdocs.errors import InputError
from jobdocs.project import load_project
from jobdocs.render.html import render_html
from jobdocs.templates import Templates

from .conftest import CHILD_ROLE, PARENT_ROLE, write_project

ROLES = {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}


def render(root, kind="job-ad", language="en"):
    project = load_project(root)
    return render_html(project, Templates(project.root), "assistant", kind, language).html


def test_project_template_overrides_one_block_of_the_default(tmp_path):
    override = '{% extends "!default/base.html" %}{% block running_header %}CONFIDENTIAL{% endblock %}'
    root = write_project(tmp_path, ROLES, templates={"base.html": override})
    html = render(root, "job-ad")
    assert '<header class="running-header">CONFIDENTIAL</header>' in html
    assert "Operations Assistant" in html  # the rest of the default job ad is still there


def test_project_stylesheet_replaces_the_default(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"style.css": "h1 { color: rebeccapurple; }"})
    html = render(root)
    assert "rebeccapurple" in html and "border-collapse" not in html


def test_project_labels_override_single_words(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"labels.yaml": "en:\n  you_will: Your week\n"})
    html = render(root)
    assert "<h2>Your week</h2>" in html and "<h2>What you bring</h2>" in html


def test_template_syntax_error_names_file_and_line(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"job-ad.html": "<h1>\n{{ role.title }\n</h1>"})
    with pytest.raises(InputError) as caught:
        render(root)
    assert str(caught.value.problems[0]).startswith("templates/job-ad.html:2: template: syntax error:")


def test_undefined_variable_names_file_and_line(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"job-ad.html": "<h1>{{ role.title }}</h1>\n<p>{{ role.salary }}</p>"})
    with pytest.raises(InputError) as caught:
        render(root)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("templates/job-ad.html", 2, "template")
    assert "salary" in problem.message


def test_sandbox_refuses_python_internals(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"job-ad.html": "{{ ''.__class__.__mro__[1].__subclasses__() }}"})
    with pytest.raises(InputError) as caught:
        render(root)
    problem = caught.value.problems[0]
    assert problem.file == "templates/job-ad.html" and problem.line == 1
    assert "not allowed in a template" in problem.message or "undefined" in problem.message
