"""What an interview guide and the two editions of a course receive besides the role: their plans, worked
out once from the localised role, so that templates print numbers and never add them up."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks.kits import has_training
from ..model.models import Competency, Question, Role

@dataclass(frozen=True)
class PlannedQuestion:
    #: Numbered through the whole guide, as the interviewer asks them.
    number: int
    question: Question
    minutes: int | None
    #: The question's own anchors, else its competency's: {1: ..., 3: ..., 5: ...}.
    rubric: dict[int, Any]


@dataclass(frozen=True)
class PlannedCompetency:
    number: int
    competency: Competency
    questions: list[PlannedQuestion]

    @property
    def minutes(self) -> int | None:
        """The questions' minutes added up; None when none of them has any."""
        known = [question.minutes for question in self.questions if question.minutes is not None]
        return sum(known) if known else None


@dataclass(frozen=True)
class Scorecard:
    who: Any
    competencies: list[Competency]

    @property
    def competency_ids(self) -> set[str]:
        return {competency.id for competency in self.competencies}


@dataclass(frozen=True)
class InterviewPlan:
    competencies: list[PlannedCompetency]
    opening_minutes: int
    closing_minutes: int
    #: The length agreed with the candidate (``interview.minutes``), if the role says.
    agreed_minutes: int | None
    panel: list[Scorecard]
    hire_bar: float | None
    must_have_min: int
    do_not_ask: list[str]

    @property
    def planned_minutes(self) -> int | None:
        """Opening, every question and closing; None when a question has no minutes to add."""
        if any(question.minutes is None for block in self.competencies for question in block.questions):
            return None
        return self.opening_minutes + sum(block.minutes or 0 for block in self.competencies) + self.closing_minutes


@dataclass(frozen=True)
class Module:
    number: int
    competency: Competency
    minutes: int | None


@dataclass(frozen=True)
class Course:
    #: One module a competency that has training content, numbered as printed.
    modules: list[Module]
    follow_up: list[Any] = field(default_factory=list)

    @property
    def total_minutes(self) -> int | None:
        """Every module's minutes added up; None unless each module has them."""
        minutes = [module.minutes for module in self.modules]
        return sum(m for m in minutes if m is not None) if minutes and None not in minutes else None

    @property
    def materials(self) -> list[Module]:
        """The modules that need something prepared."""
        return [module for module in self.modules if module.competency.training.materials]


def interview_plan(role: Role, do_not_ask: list[str]) -> InterviewPlan:
    """The interview as it runs: must-haves first, each question with its own scale and minutes."""
    interview = role.interview
    blocks, number = [], 0
    for index, competency in enumerate(role.competencies_in_order, start=1):
        questions = []
        for question in competency.questions:
            number += 1
            questions.append(PlannedQuestion(number, question, question.minutes, question.rubric or competency.rubric))
        blocks.append(PlannedCompetency(index, competency, questions))
    by_id = {competency.id: competency for competency in role.competencies_in_order}
    # A scorecard lists its competencies in the order they are asked, whatever order the panel names them in.
    panel = [Scorecard(member.who, [by_id[c] for c in by_id if c in member.competencies]) for member in interview.panel]
    return InterviewPlan(blocks, interview.opening_minutes, interview.closing_minutes, interview.minutes, panel,
                         interview.hire_bar, interview.must_have_min, do_not_ask)


def course(role: Role) -> Course:
    """The modules of the role's course, those with nothing to teach left out, and its follow-up plan."""
    taught = [competency for competency in role.competencies if has_training(competency)]
    modules = [Module(number, competency, competency.training.minutes)
               for number, competency in enumerate(taught, start=1)]
    return Course(modules, list(role.follow_up))
