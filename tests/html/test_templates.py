from __future__ import annotations

import re

import pytest

from jobdocs.errors import InputError
from jobdocs.model.project import load_project
from jobdocs.html.render import render_html
from jobdocs.html.templates import Templates

from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project

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


def test_project_overrides_the_running_footer_alone(tmp_path):
    override = '{% extends "!default/base.html" %}{% block running_footer %}Internal use only{% endblock %}'
    html = render(write_project(tmp_path, ROLES, templates={"base.html": override}))
    assert '<footer class="running-footer">Internal use only</footer>' in html
    assert re.search(r'<header class="running-header">[^<]*Operations Assistant', html)


def test_a_partial_labels_override_merges_key_by_key(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"labels.yaml": "en:\n  kinds: {job-ad: Vacancy}\n"})
    assert "Operations Assistant · Vacancy</header>" in render(root, "job-ad")
    assert "Operations Assistant · Interview guide</header>" in render(root, "interview-guide")


def test_a_labels_override_of_the_wrong_shape_names_labels_yaml_and_the_key(tmp_path):
    root = write_project(tmp_path, ROLES, templates={"labels.yaml": "en:\n  kinds: Vacancy\n"})
    with pytest.raises(InputError) as caught:
        render(root)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("templates/labels.yaml", 2, "en.kinds")
    assert problem.message.startswith("must be a mapping like the default's, with keys such as job-ad")


def test_a_value_the_role_leaves_out_prints_nothing_not_none(tmp_path):
    override = '{% extends "!default/job-ad.html" %}{% block content %}[{{ role.requirements.education }}]{% endblock %}'
    html = render(write_project(tmp_path, ROLES, templates={"job-ad.html": override}))
    assert "[]" in html and "None" not in html


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
    assert problem.message.startswith("not allowed in a template: access to attribute '__class__'")


PACKAGED_LANGUAGES = ["zh", "zh-Hant", "en", "de", "fr", "es", "ja", "ko"]


def _packaged_labels() -> dict:
    import yaml

    from jobdocs.html.templates import default_templates_dir

    return yaml.safe_load((default_templates_dir() / "labels.yaml").read_text(encoding="utf-8"))


PLURAL_LABELS = ("experience", "openings_count", "probation_months")


def test_every_packaged_language_has_every_label_in_the_same_shape():
    sets = _packaged_labels()
    assert sorted(sets) == sorted(PACKAGED_LANGUAGES)
    english = sets["en"]
    for language, words in sets.items():
        assert set(words) == set(english), language
        for key, value in english.items():
            assert type(words[key]) is type(value), (language, key)
            if isinstance(value, dict) and key not in PLURAL_LABELS:
                assert set(words[key]) == set(value), (language, key)
        for key in PLURAL_LABELS:  # CLDR plural forms: each language has those its rules use, and always other
            assert "other" in words[key] and set(words[key]) <= {"zero", "one", "two", "few", "many", "other"}
        assert " / " in words["passed"] and len(words["recommendations"]) == 4, language
        # The sentence-shaped labels use only the fields the code fills in.
        for key in ("pay_range", "experience", "target_level", "from_parent", "total_hint", "page_of",
                    "openings_count", "probation_months", "pay_with_basis", "equal_opportunity_default"):
            forms = words[key].values() if isinstance(words[key], dict) else [words[key]]
            assert {field for form in forms for field in re.findall(r"{(\w+)}", form)} <= {
                "min", "max", "period", "currency", "years", "level", "parent", "page", "pages", "n", "pay",
                "basis", "grounds"}, (language, key)


def test_each_language_is_written_in_its_own_words_not_copied_from_another():
    sets = _packaged_labels()
    for key in ("you_will", "instructions", "do_not_ask", "checklist_hint", "evaluation_hint"):
        texts = [sets[language][key] for language in PACKAGED_LANGUAGES]
        assert len(set(texts)) == len(texts), key
    assert sets["zh-Hant"]["you_bring"] != sets["zh"]["you_bring"]  # 應徵條件, not 任职要求 in other glyphs


def test_a_language_without_labels_is_an_error_naming_the_missing_keys(tmp_path):
    root = write_project(tmp_path, ROLES)
    with pytest.raises(InputError) as caught:
        render(root, language="it")
    message = str(caught.value.problems[0])
    assert message.startswith("templates/labels.yaml: it: no labels in this language (labels exist for de, en, es,")
    assert "you_will" in message and "time_plan" in message


def test_a_project_set_that_lacks_keys_names_them_and_no_english_fills_in(tmp_path):
    labels = "it:\n  lang_tag: it-IT\n  you_will: Cosa farai\n"
    root = write_project(tmp_path, ROLES, templates={"labels.yaml": labels})
    with pytest.raises(InputError) as caught:
        render(root, language="it")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("templates/labels.yaml", 2, "it")
    assert problem.message.startswith("labels missing in this language: about_us, agenda, agreed_score,")
    assert "you_will" not in problem.message and "lang_tag" not in problem.message


def test_validate_reports_every_language_without_labels_and_exits_2(tmp_path):
    from click.testing import CliRunner

    from jobdocs.cli import cli

    root = write_project(tmp_path, {"assistant": PARENT_ROLE.replace("{zh:", "{it: x, pt: y, zh:")},
                         config="languages: [zh, it, pt]\n")
    result = CliRunner().invoke(cli, ["validate", "-C", str(root)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == [
        "templates/labels.yaml: it: no labels in this language", "templates/labels.yaml: pt: no labels in this language"]
    assert lines[-1] == "2 problem(s) found."
