"""Checks of the interview kit and the training course: the time plan, the panel, the quizzes, and whether a
role has anything to teach. Each finding is a warning :class:`~jobdocs.errors.Problem` at its place."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import Problem
from ..model.models import Competency, QuizItem, Role
from ..model.project import Project
from ..model.roles import never_stop

#: Haladyna, Downing and Rodriguez (2002): three plausible options at least.
MIN_OPTIONS = 3


def kit_problems(project: Project, role_ids: list[str] | None = None,
                 stop: Callable[[], None] = never_stop) -> list[Problem]:
    """The warnings on the interview guides and courses of ``role_ids`` (every role when None).

    ``stop()``, called before each role, raises to end the checks there.
    """
    problems: list[Problem] = []
    for role_id in role_ids if role_ids is not None else sorted(project.roles):
        stop()
        role = project.roles[role_id]
        for check in (_time_plan, _panel_coverage, _quiz_options, _quiz_longest_answer, _training_content):
            problems += check(project, role)
    return problems


def training_gaps(project: Project, role_ids: list[str]) -> list[Problem]:
    """The roles among ``role_ids`` whose course would have no module: what a build of their courses says."""
    return [problem for role_id in role_ids for problem in _training_content(project, project.roles[role_id])]


def _time_plan(project: Project, role: Role) -> Iterator[Problem]:
    interview = role.interview
    if interview.minutes is None:
        return
    questions = [question for competency in role.competencies for question in competency.questions]
    planned = interview.opening_minutes + sum(q.minutes or 0 for q in questions) + interview.closing_minutes
    unplanned = sum(1 for question in questions if question.minutes is None)
    if planned == interview.minutes and not unplanned:
        return
    without = f"; {unplanned} question(s) have no minutes" if unplanned else ""
    yield _problem(role, "interview.minutes", "interview-minutes-mismatch",
                   f"the interview is planned for {interview.minutes} minutes, but opening "
                   f"({interview.opening_minutes}), the questions and closing ({interview.closing_minutes}) add up to "
                   f"{planned}{without}",
                   fix="give each question its minutes, or make interview.minutes their sum")


def _panel_coverage(project: Project, role: Role) -> Iterator[Problem]:
    panel = role.interview.panel
    if not panel:
        return
    covered = {competency_id for member in panel for competency_id in member.competencies}
    for competency in role.competencies_in_order:
        if competency.id not in covered:
            yield _problem(role, _competency_field(role, competency, "id"), "panel-competency-uncovered",
                           f"competency '{competency.id}' is on no interviewer's scorecard, so nobody scores it",
                           fix="add its id to a member's competencies under interview.panel")


def _quiz_options(project: Project, role: Role) -> Iterator[Problem]:
    for competency, index, item in _own_quiz(role):
        if len(item.options) < MIN_OPTIONS:
            yield _problem(role, _competency_field(role, competency, f"training.quiz[{index}].options"),
                           "quiz-few-options",
                           f"has {len(item.options)} options; a quiz item needs {MIN_OPTIONS} or 4 plausible ones, or "
                           "guessing alone passes it", fix="add plausible wrong options that a trainee might believe")


def _quiz_longest_answer(project: Project, role: Role) -> Iterator[Problem]:
    """The right option is the longest in most of the role's own quiz items: a test-wise trainee guesses it."""
    items = list(_own_quiz(role))
    if len(items) < 2:
        return
    for language in project.languages:
        longest = [(competency, index) for competency, index, item in items if _answer_is_longest(item, language)]
        if len(longest) * 2 > len(items):
            competency, index = longest[0]
            yield _problem(role, _competency_field(role, competency, f"training.quiz[{index}].answer"),
                           "quiz-answer-longest",
                           f"the right option is the longest in {len(longest)} of this role's {len(items)} quiz items "
                           f"({language}), so the length gives the answer away",
                           fix="make the wrong options as long and as precise as the right one")
            return


def has_training(competency: Competency) -> bool:
    """True when the competency's module in a course would print anything."""
    training = competency.training
    return any((training.objectives, training.content, training.exercises, training.checklist, training.quiz,
                training.materials, training.trainer_notes))


def _training_content(project: Project, role: Role) -> Iterator[Problem]:
    if not any(has_training(competency) for competency in role.competencies):
        yield _problem(role, "competencies", "training-missing",
                       "no competency has training content, so the training handout and trainer guide have no modules",
                       fix="add training: objectives, content, exercises, checklist or quiz to a competency")


def _own_quiz(role: Role) -> Iterator[tuple[Competency, int, QuizItem]]:
    """The quiz items this role's own file writes; inherited ones are checked in their own role."""
    for competency in role.competencies:
        if competency.defined_by in ("", role.id):
            for index, item in enumerate(competency.training.quiz):
                yield competency, index, item


def _answer_is_longest(item: QuizItem, language: str) -> bool:
    lengths = [len(option.get_text(language)) for option in item.options]
    right = lengths[item.answer]
    return all(right > length for position, length in enumerate(lengths) if position != item.answer)


def _competency_field(role: Role, competency: Competency, rest: str) -> str:
    """The path of a field of ``competency`` in the role's merged model."""
    return f"competencies[{role.competencies.index(competency)}].{rest}"


def _problem(role: Role, field: str, code: str, message: str, fix: str = "") -> Problem:
    """A warning where the model says ``field`` was written (in a parent's file, for an inherited value)."""
    where = role.origin(field)
    return Problem(where.file, where.line, where.field, message, code=code, severity="warning", fix=fix)
