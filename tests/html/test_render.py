from __future__ import annotations

from jobdocs.model.project import load_project
from jobdocs.html.render import localize, render_html
from jobdocs.html.templates import Templates


def test_html_of_child_interview_guide_lists_inherited_competencies_first_must_haves(small_project):
    project = load_project(small_project)
    html = render_html(project, Templates(project.root), "manager", "interview-guide", "en").html
    # must-haves first: data-tracking and traffic-growth are required, platform-rules (inherited) is not
    assert html.index("Data analysis") < html.index("Traffic growth") < html.index("Platform rules")
    assert "Target level 4 of 5" in html  # asked at the child's level
    assert '<html lang="en">' in html


def test_role_text_is_escaped(small_project):
    role = (small_project / "roles" / "assistant.yaml")
    role.write_text(role.read_text().replace("Record sales data every day.", "Record <b>sales</b> & more."))
    project = load_project(small_project)
    html = render_html(project, Templates(project.root), "assistant", "job-ad", "en").html
    assert "Record &lt;b&gt;sales&lt;/b&gt; &amp; more." in html


def test_localize_replaces_texts_in_nested_models(small_project):
    project = load_project(small_project)
    local = localize(project.roles["manager"], "zh")
    assert local.title == "店长"
    assert local.employment.location == "深圳"
    # The parent's quiz, three models deep, is localized too.
    assert localize(project.roles["assistant"], "zh").competencies[0].training.quiz[0].question == "转化率等于？"
