"""Lint's checks of the interview kit and the course: each a warning at its place, with a stable code."""
from __future__ import annotations

from jobdocs.checks.kits import kit_problems
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project

PLANNED = PARENT_ROLE.replace("""employment:""", """interview:
  minutes: 30
  panel:
    - who: {zh: 用人经理, en: Hiring manager}
      competencies: [data-tracking, platform-rules]
employment:""").replace("""        probes: [{zh: 你做了什么？, en: "What did you do?"}]""", """        probes: [{zh: 你做了什么？, en: "What did you do?"}]
        minutes: 15""")


def problems(tmp_path, roles: dict[str, str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for problem in kit_problems(load_project(write_project(tmp_path, roles))):
        found.setdefault(problem.code, []).append(problem)
    return found


def test_a_time_plan_that_does_not_add_up_is_a_warning_at_interview_minutes(tmp_path):
    role = PLANNED.replace("  minutes: 30", "  minutes: 45")
    [problem] = problems(tmp_path, {"assistant": role})["interview-minutes-mismatch"]
    assert problem.file == "roles/assistant.yaml" and problem.line == role.splitlines().index("  minutes: 45") + 1
    assert problem.field == "interview.minutes" and problem.severity == "warning"
    assert "planned for 45 minutes" in problem.message and "add up to 30" in problem.message


def test_a_plan_that_adds_up_is_quiet_and_a_question_without_minutes_is_counted(tmp_path):
    assert "interview-minutes-mismatch" not in problems(tmp_path, {"assistant": PLANNED})  # 5 + 15 + 10
    unplanned = PLANNED.replace("        minutes: 15\n", "")
    [problem] = problems(tmp_path / "unplanned", {"assistant": unplanned})["interview-minutes-mismatch"]
    assert "1 question(s) have no minutes" in problem.message


def test_a_competency_a_child_adds_to_its_parents_panel_is_on_nobodys_scorecard(tmp_path):
    found = problems(tmp_path, {"assistant": PLANNED, "manager": CHILD_ROLE})["panel-competency-uncovered"]
    [problem] = [p for p in found if "traffic-growth" in p.message]
    assert problem.file == "roles/manager.yaml" and problem.field.endswith(".id")
    assert problem.line == CHILD_ROLE.splitlines().index("  - id: traffic-growth") + 1


def test_a_quiz_item_with_two_options_is_a_warning_at_its_options(tmp_path):
    [problem] = problems(tmp_path, {"assistant": PARENT_ROLE})["quiz-few-options"]
    assert problem.field == "competencies[0].training.quiz[0].options"
    assert problem.line == PARENT_ROLE.splitlines().index(
        "          options: [{zh: 订单/访客, en: Orders / sessions}, {zh: 访客/订单, en: Sessions / orders}]") + 1


def test_the_right_option_the_longest_in_most_items_is_a_warning(tmp_path):
    quiz = """      quiz:
        - question: {zh: 一？, en: One?}
          options: [{zh: 对的最长的那个, en: The right and longest one}, {zh: 错, en: Wrong}, {zh: 错的, en: Wrong too}]
          answer: 0
        - question: {zh: 二？, en: Two?}
          options: [{zh: 错, en: Wrong}, {zh: 对的也是最长的, en: Right and also the longest}, {zh: 错的, en: Not it}]
          answer: 1
"""
    role = PARENT_ROLE.split("      quiz:\n")[0] + quiz + PARENT_ROLE.split("          answer: 0\n")[1]
    [problem] = problems(tmp_path, {"assistant": role})["quiz-answer-longest"]
    assert "in 2 of this role's 2 quiz items" in problem.message
    assert problem.field == "competencies[0].training.quiz[0].answer"
    shorter = role.replace("The right and longest one", "Right").replace("Right and also the longest", "It")
    shorter = shorter.replace("对的最长的那个", "对").replace("对的也是最长的", "是")
    assert "quiz-answer-longest" not in problems(tmp_path / "short", {"assistant": shorter})


def test_a_role_with_no_training_content_is_named(tmp_path):
    bare = PARENT_ROLE.split("    training:\n")[0] + "  - id: platform-rules\n    name: {zh: 平台规则, en: Platform rules}\n"
    [problem] = problems(tmp_path, {"assistant": bare})["training-missing"]
    assert problem.file == "roles/assistant.yaml" and problem.field == "competencies"


def test_lint_reports_the_kit_warnings_with_their_codes(tmp_path):
    from click.testing import CliRunner

    from jobdocs.cli import cli

    root = write_project(tmp_path, {"assistant": PLANNED.replace("  minutes: 30", "  minutes: 45")})
    result = CliRunner().invoke(cli, ["lint", "-C", str(root)])
    assert "[quiz-few-options]" in result.output and "[interview-minutes-mismatch]" in result.output
