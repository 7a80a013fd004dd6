"""The role file's job-ad, interview and training fields, and the project's places, zone and accepted findings."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.errors import InputError
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, write_project

#: Every new field of a role, appended to PARENT_ROLE (whose ``employment`` it replaces).
JOB_AD = """\
requirements:
  experience_years: 1
  must_have: [{zh: 熟练使用表格。, en: Confident with spreadsheets.}]
  nice_to_have: [{zh: 有电商经验。, en: E-commerce experience.}]
employment:
  type: FULL_TIME
  country: DE
  hours: {zh: 周一至周五, en: Monday to Friday}
  probation_months: 0
  salary: {currency: EUR, min: 3000, max: 3500, period: MONTH, basis: net}
benefits: [{zh: 带薪年假, en: Paid leave}]
posting: {openings: 3}
interview:
  minutes: 45
  panel:
    - who: {zh: 用人经理, en: Hiring manager}
      competencies: [data-tracking, platform-rules]
  hire_bar: 3.5
follow_up:
  - {day: 30, check: {zh: 独立记录数据。, en: Tracks data alone.}, who: {zh: 主管, en: Supervisor}}
"""
ROLE = PARENT_ROLE.split("employment:")[0] + JOB_AD
QUESTION_EXTRAS = """\
        minutes: 12
        rubric: {1: {zh: 无, en: None}, 3: {zh: 部分, en: Partly}, 5: {zh: 完整, en: Fully}}
"""
TRAINING_EXTRAS = """\
      minutes: 90
      materials: [{zh: 数据表模板, en: The tracking sheet}]
      trainer_notes: [{zh: 先演示。, en: Demonstrate first.}]
"""


def project(tmp_path: Path, roles: dict[str, str], config: str = PROJECT_FILE):
    return load_project(write_project(tmp_path, roles, config))


def with_question_and_training_extras(role: str) -> str:
    role = role.replace('        probes: [{zh: 你做了什么？, en: "What did you do?"}]\n',
                        '        probes: [{zh: 你做了什么？, en: "What did you do?"}]\n' + QUESTION_EXTRAS)
    role = role.replace("    training:\n", "    training:\n" + TRAINING_EXTRAS)
    return role.replace("          answer: 0\n", "          answer: 0\n          why: {zh: 定义如此。, en: By definition.}\n")


def test_every_new_role_field_reads_into_the_typed_model(tmp_path):
    role = project(tmp_path, {"assistant": with_question_and_training_extras(ROLE)}).roles["assistant"]
    en = lambda texts: [text.get_text("en") for text in texts]
    assert en(role.requirements.must_have) == ["Confident with spreadsheets."]
    assert en(role.requirements.nice_to_have) == ["E-commerce experience."]
    assert role.employment.hours.get_text("zh") == "周一至周五"
    assert (role.employment.probation_months, role.employment.salary.basis) == (0, "net")
    assert en(role.benefits) == ["Paid leave"]
    assert role.posting.openings == 3
    interview = role.interview
    assert (interview.minutes, interview.opening_minutes, interview.closing_minutes) == (45, 5, 10)
    assert (interview.hire_bar, interview.must_have_min) == (3.5, 3)
    assert interview.panel[0].who.get_text("en") == "Hiring manager"
    assert interview.panel[0].competencies == ["data-tracking", "platform-rules"]
    question = role.competencies[0].questions[0]
    assert (question.minutes, question.rubric[3].get_text("en")) == (12, "Partly")
    training = role.competencies[0].training
    assert (training.minutes, en(training.materials), en(training.trainer_notes)) == (
        90, ["The tracking sheet"], ["Demonstrate first."])
    assert training.quiz[0].why.get_text("en") == "By definition."
    follow_up = role.follow_up[0]
    assert (follow_up.day, follow_up.check.get_text("en"), follow_up.who.get_text("zh")) == (30, "Tracks data alone.", "主管")


def test_a_role_without_them_gets_the_defaults(tmp_path):
    role = project(tmp_path, {"assistant": PARENT_ROLE}).roles["assistant"]
    assert (role.requirements.must_have, role.requirements.nice_to_have, role.benefits, role.follow_up) == ([], [], [], [])
    assert (role.employment.hours, role.employment.probation_months, role.employment.salary.basis) == (None, None, None)
    assert (role.interview.minutes, role.interview.opening_minutes, role.interview.closing_minutes) == (None, 5, 10)
    assert (role.interview.panel, role.interview.hire_bar, role.interview.must_have_min) == ([], None, 3)
    assert role.competencies[0].questions[0].rubric == {}
    assert role.competencies[0].training.quiz[0].why is None


@pytest.mark.parametrize("field, read", [
    ("requirements", lambda role: role.requirements.must_have[0].get_text("en")),
    ("employment", lambda role: (role.employment.hours.get_text("en"), role.employment.probation_months,
                                 role.employment.salary.basis)),
    ("benefits", lambda role: [text.get_text("en") for text in role.benefits]),
    ("posting", lambda role: role.posting.openings),
    ("interview", lambda role: (role.interview.minutes, role.interview.hire_bar, role.interview.panel[0].competencies)),
    ("follow_up", lambda role: [(item.day, item.check.get_text("en")) for item in role.follow_up]),
])
def test_a_child_inherits_each_new_field_it_leaves_out(tmp_path, field, read):
    roles = project(tmp_path, {"assistant": ROLE, "manager": CHILD_ROLE}).roles
    assert read(roles["manager"]) == read(roles["assistant"])


def test_a_child_panel_may_name_the_parents_competencies_and_its_own(tmp_path):
    child = CHILD_ROLE + "interview:\n  panel:\n    - {who: Lead, competencies: [platform-rules, traffic-growth]}\n"
    roles = project(tmp_path, {"assistant": ROLE, "manager": child}).roles
    assert roles["manager"].interview.panel[0].competencies == ["platform-rules", "traffic-growth"]


def test_a_panel_may_name_only_the_competencies_of_its_own_role(tmp_path):
    """The parent's panel may not name a competency only its child has: the parent's file says where."""
    parent = ROLE.replace("competencies: [data-tracking, platform-rules]", "competencies: [data-tracking, traffic-growth]")
    with pytest.raises(InputError) as caught:
        project(tmp_path, {"assistant": parent, "manager": CHILD_ROLE})
    assert [str(problem) for problem in caught.value.problems] == [
        "roles/assistant.yaml:47: interview.panel[0].competencies[1]: no competency of this role has the id "
        "'traffic-growth'; known: data-tracking, platform-rules"]


def test_the_project_places_are_normalised_and_each_role_adds_its_country(tmp_path):
    config = PROJECT_FILE + "jurisdictions: [cn, US-NYC, fr]\nposting: {openings: 5}\n"
    loaded = project(tmp_path, {"assistant": ROLE, "plain": PARENT_ROLE}, config)
    assert loaded.config.jurisdictions == ["CN", "US-NY", "FR"]
    assert loaded.config.jurisdictions_for(loaded.roles["plain"]) == ["CN", "US-NY", "US", "FR", "EU"]
    assert loaded.config.jurisdictions_for(loaded.roles["assistant"]) == ["CN", "US-NY", "US", "FR", "EU", "DE"]
    assert loaded.config.posting_for(loaded.roles["assistant"]).openings == 3  # the role's own
    assert loaded.config.posting_for(loaded.roles["plain"]).openings == 5  # the project's


def test_the_zone_and_the_accepted_findings(tmp_path):
    config = PROJECT_FILE + "timezone: Asia/Shanghai\nlint: {ignore: [cn-headcount-missing]}\n"
    loaded = project(tmp_path, {"assistant": PARENT_ROLE}, config)
    assert (loaded.config.timezone, loaded.config.lint.ignore) == ("Asia/Shanghai", ["cn-headcount-missing"])
    default = project(tmp_path / "default", {"assistant": PARENT_ROLE})
    assert (default.config.timezone, default.config.lint.ignore, default.config.jurisdictions) == ("UTC", [], [])


@pytest.mark.parametrize("config, message", [
    ("timezone: ../../etc/passwd\n", "jobdocs.yaml:3: timezone: must be an IANA time zone like Asia/Shanghai or UTC, "
                                     "got '../../etc/passwd'"),
    ("timezone: 8\n", "jobdocs.yaml:3: timezone: must be an IANA time zone like Asia/Shanghai or UTC, got '8'"),
    ("jurisdictions: [CN, US-XX]\n", "jobdocs.yaml:3: jurisdictions[1]: must be a place code jobdocs knows "
                                     "(ISO 3166-1, ISO 3166-2 or EU: AE, AT, "),
    ("jurisdictions: CN\n", "jobdocs.yaml:3: jurisdictions: must be a list"),
])
def test_a_bad_project_setting_names_its_line(tmp_path, config, message):
    with pytest.raises(InputError) as caught:
        project(tmp_path, {"assistant": PARENT_ROLE}, PROJECT_FILE + config)
    assert next(str(problem) for problem in caught.value.problems).startswith(message)


def test_the_unknown_place_message_lists_every_known_code_and_the_old_spelling(tmp_path):
    with pytest.raises(InputError) as caught:
        project(tmp_path, {"assistant": PARENT_ROLE}, PROJECT_FILE + "jurisdictions: [XX]\n")
    message = caught.value.problems[0].message
    assert message.endswith(", got 'XX'")
    for code in ("CN", "DE", "EU", "FR", "JP", "KR", "US", "US-CA", "US-NY", "US-NYC"):
        assert f" {code}," in message or f" {code})" in message
