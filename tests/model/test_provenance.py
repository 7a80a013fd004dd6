"""Inheritance resolved once: maps merged key by key, each value's origin, numeric ids, and the keep-going loader."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.checks.lint import lint_project
from jobdocs.errors import InputError
from jobdocs.model.project import load_project
from jobdocs.model.provenance import Origin

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, write_project

#: PARENT_ROLE with employment.hours (line 33; location is on 34, salary on 35), and maps the child can merge
#: with, from line 36 on.
PARENT = PARENT_ROLE.replace("  type: FULL_TIME\n", "  type: FULL_TIME\n  hours: {zh: 朝九晚六, en: Nine to six}\n") + """\
requirements:
  education: {zh: 大专, en: College}
  must_have: [{zh: 会用表格, en: Spreadsheets}]
interview:
  minutes: 40
  panel:
    - {who: {zh: 经理, en: Manager}, competencies: [data-tracking]}
posting: {openings: 2}
"""


def load(tmp_path: Path, child_tail: str = "", **roles: str):
    files = {"assistant": PARENT, "manager": CHILD_ROLE + child_tail, **roles}
    return load_project(write_project(tmp_path, files))


def test_a_child_that_sets_one_key_of_a_map_keeps_the_parents_others(tmp_path):
    tail = ("employment:\n  hours: {zh: 轮班, en: Shifts}\nrequirements:\n  experience_years: 3\n"
            "interview:\n  hire_bar: 4\nposting: {valid_through: 2026-12-31}\n")
    manager = load(tmp_path, tail).roles["manager"]
    assert manager.employment.hours.get_text("en") == "Shifts"
    assert manager.employment.location.get_text("en") == "Shenzhen"  # the parent's
    assert manager.employment.salary.max == 9000
    assert (manager.requirements.experience_years, manager.requirements.education.get_text("en")) == (3, "College")
    assert (manager.interview.hire_bar, manager.interview.minutes) == (4, 40)
    assert manager.interview.panel[0].competencies == ["data-tracking"]
    assert (manager.posting.openings, str(manager.posting.valid_through)) == (2, "2026-12-31")


def test_a_nested_map_and_a_list_are_replaced_whole(tmp_path):
    tail = ("employment:\n  salary: {currency: EUR, min: 3000, max: 4000}\n"
            "requirements:\n  must_have: [{zh: 英语, en: English}]\n")
    manager = load(tmp_path, tail).roles["manager"]
    salary = manager.employment.salary
    assert (salary.currency, salary.min, salary.max, salary.period) == ("EUR", 3000, 4000, "MONTH")
    assert [text.get_text("en") for text in manager.requirements.must_have] == ["English"]


def test_null_clears_an_inherited_key(tmp_path):
    manager = load(tmp_path, "employment:\n  salary: null\ninterview: {panel: null}\n").roles["manager"]
    assert manager.employment.salary is None
    assert manager.employment.location.get_text("en") == "Shenzhen"
    assert (manager.interview.panel, manager.interview.minutes) == ([], 40)


def test_each_value_knows_its_file_line_field_and_role(tmp_path):
    tail = "employment:\n  hours: {zh: 轮班, en: Shifts}\n"
    project = load(tmp_path, tail)
    manager = project.roles["manager"]
    # CHILD_ROLE has 13 lines, so the tail's employment is on 14 and its hours on 15.
    assert manager.origin("employment.hours") == Origin("roles/manager.yaml", 15, "employment.hours", "manager")
    assert manager.origin("employment.hours.en") == Origin("roles/manager.yaml", 15, "employment.hours.en", "manager")
    assert manager.origin("employment.location") == Origin("roles/assistant.yaml", 34, "employment.location",
                                                           "assistant")
    assert manager.origin("employment") == Origin("roles/manager.yaml", 14, "employment", "manager")
    assert manager.origin("title.en") == Origin("roles/manager.yaml", 2, "title.en", "manager")
    assert manager.origin("summary") == Origin("roles/manager.yaml", 3, "summary", "manager")
    # Competencies: the merged list's index is not the file's. traffic-growth is the child's second entry.
    assert [c.id for c in manager.competencies] == ["data-tracking", "platform-rules", "traffic-growth"]
    assert manager.origin("competencies[2].name") == Origin("roles/manager.yaml", 12, "competencies[1].name",
                                                            "manager")
    assert manager.origin("competencies[1].level") == Origin("roles/assistant.yaml", 30, "competencies[1].level",
                                                             "assistant")
    assert manager.origin("competencies[0].rubric[5]") == Origin(  # the child's entry replaced the parent's
        "roles/manager.yaml", 8, "competencies[0].rubric[5]", "manager")
    assert manager.origin("interview.panel[0].competencies[0]").file == "roles/assistant.yaml"


def test_a_field_not_written_points_where_it_would_go(tmp_path):
    project = load(tmp_path)
    assistant = project.roles["assistant"]
    assert assistant.origin("employment.salary.basis") == Origin("roles/assistant.yaml", 35, "employment.salary.basis",
                                                                  "assistant")
    assert assistant.origin("benefits") == Origin("roles/assistant.yaml", 1, "benefits", "assistant")
    assert project.config.origin("company.name.en") == Origin("jobdocs.yaml", 1, "company.name.en", "")
    assert project.config.origin("timezone") == Origin("jobdocs.yaml", 1, "timezone", "")


def test_the_project_file_values_know_their_lines(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE}, PROJECT_FILE + "jurisdictions:\n  - CN\n  - DE\n")
    config = load_project(root).config
    assert config.origin("jurisdictions[1]") == Origin("jobdocs.yaml", 5, "jurisdictions[1]", "")
    assert config.origin("languages") == Origin("jobdocs.yaml", 2, "languages", "")


def test_an_inherited_problem_points_at_the_file_that_wrote_it(tmp_path):
    """The parent reports to the manager, so the manager inherits 'reports to itself': the parent's line says so."""
    with pytest.raises(InputError) as caught:
        load(tmp_path, assistant=PARENT + "reports_to: manager\n")
    assert [str(problem) for problem in caught.value.problems] == [
        "roles/assistant.yaml:44: reports_to: 'manager' reports to itself (inherited from its parent?); "
        "write 'reports_to: null' to clear it"]


@pytest.mark.parametrize("written", ["2024", "017"])
def test_a_number_as_an_id_is_the_text_it_was_written_as(tmp_path, written):
    """``id: 2024`` once passed validate and then stopped lint and build with StopIteration."""
    parent = PARENT.replace("  - id: platform-rules", f"  - id: {written}").replace("[data-tracking]",
                                                                                    f"[data-tracking, {written}]")
    child = CHILD_ROLE.replace("  - id: traffic-growth", f"  - id: {written}")
    project = load_project(write_project(tmp_path, {"assistant": parent, "manager": child}))
    manager = project.roles["manager"]
    assert [c.id for c in manager.competencies] == ["data-tracking", written]
    assert manager.competencies[1].name.get_text("en") == "Traffic growth"  # the child's entry replaced the parent's
    assert (manager.competencies[1].introduced_by, manager.competencies[1].defined_by) == ("assistant", "manager")
    assert manager.interview.panel[0].competencies == ["data-tracking", written]
    lint_project(project)


def test_a_number_as_a_role_id_links_roles(tmp_path):
    root = write_project(tmp_path, {"assistant": "id: 2024\n" + PARENT,
                                    "manager": CHILD_ROLE.replace("extends: assistant", "extends: 2024")})
    project = load_project(root)
    assert sorted(project.roles) == ["2024", "manager"]
    assert project.roles["manager"].extends == "2024"
    assert project.roles["manager"].origin("employment.location").role_id == "2024"
    lint_project(project)


def keep_going_project(tmp_path: Path) -> Path:
    broken = PARENT_ROLE.replace("weight: 2", "weight: 11")
    return write_project(tmp_path, {
        "assistant": PARENT, "manager": CHILD_ROLE,
        "clerk": broken, "senior-clerk": CHILD_ROLE.replace("extends: assistant", "extends: clerk"),
        "unreadable": "title: [unclosed\n",
        "unreadable-child": CHILD_ROLE.replace("extends: assistant", "extends: unreadable"),
    })


def test_keep_going_loads_the_roles_that_validate_and_lists_the_others(tmp_path):
    project = load_project(keep_going_project(tmp_path), keep_going=True)
    assert sorted(project.roles) == ["assistant", "manager"]
    assert project.broken == {"clerk", "senior-clerk", "unreadable", "unreadable-child"}
    shown = [str(problem) for problem in project.problems]
    assert "roles/clerk.yaml:11: competencies[0].weight: must be 1-10, got 11" in shown
    assert any(line.startswith("roles/unreadable.yaml:") for line in shown)
    assert len(shown) == 2  # the children of broken roles add none: their parents' problems say what to fix


def test_without_keep_going_every_problem_is_raised_at_once(tmp_path):
    with pytest.raises(InputError) as caught:
        load_project(keep_going_project(tmp_path))
    assert len(caught.value.problems) == 2


def test_keep_going_still_raises_for_a_bad_project_file(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE}, PROJECT_FILE + "page_size: A5\n")
    with pytest.raises(InputError, match="page_size"):
        load_project(root, keep_going=True)


def test_a_clean_project_has_no_problems_either_way(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT, "manager": CHILD_ROLE})
    project = load_project(root, keep_going=True)
    assert (sorted(project.roles), project.problems, project.broken) == (["assistant", "manager"], [], set())
