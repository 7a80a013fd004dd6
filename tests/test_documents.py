"""Every built-in document carries every item DOMAIN.md lists for its kind, read back from PDF and DOCX."""
from __future__ import annotations

import re
from itertools import pairwise
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from jobdocs.checks import postings
from jobdocs.model.project import load_project
from jobdocs.html.render import format_closing_date, format_pay, localize
from jobdocs.html.templates import Templates

from tests.conftest import REPO, docx_text, heading_levels, pdf_structure, pdf_text

ROLES = ["category-product-manager", "operations-assistant", "operations-director", "store-manager"]
CASES = [(role, language, fmt) for role in ROLES for language in ("zh", "en") for fmt in ("pdf", "docx")]


@cache
def project():
    return load_project(REPO)


@cache
def labels(language: str) -> dict:
    return Templates(REPO).labels(language)


def squash(text: str) -> str:
    """Text without white space: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def read(out: Path, role: str, kind: str, language: str, fmt: str) -> str:
    path = out / role / f"{kind}.{language}.{fmt}"
    return squash(pdf_text(path) if fmt == "pdf" else docx_text(path))


def assert_all_in(items, text: str) -> None:
    missing = [item for item in items if squash(str(item)) not in text]
    assert not missing, f"missing: {missing[:3]}"


def role_in(role_id: str, language: str):
    return localize(project().roles[role_id], language)


@pytest.mark.parametrize("role_id,language,fmt", CASES)
def test_job_ad_has_every_item(built_in, role_id, language, fmt):
    text, t, role = read(built_in, role_id, "job-ad", language, fmt), labels(language), role_in(role_id, language)
    config = localize(project().config, language)
    assert_all_in([role.title, config.company.about, role.summary, *role.responsibilities], text)
    # what a candidate must bring, then the nice-to-haves under their own heading: the listed ones, not the duties
    requirements = role.requirements
    assert requirements.must_have and requirements.nice_to_have
    assert_all_in([t["you_bring"], *requirements.must_have], text)
    assert text.index(squash(t["you_bring"])) < text.index(squash(t["nice_to_have"])) \
        < text.index(squash(requirements.nice_to_have[0]))
    assert not set(requirements.must_have) & set(role.responsibilities)
    posting = project().config.posting_for(project().roles[role_id])
    assert_all_in([format_pay(project().roles[role_id].employment.salary, t), role.employment.location,
                   t["remote"][role.employment.remote], t["employment_types"][role.employment.type],
                   t["hours"], role.employment.hours, t["openings"], t["probation"], t["benefits"], *role.benefits,
                   t["how_to_apply"], config.apply, t["closing_date"], t["date_posted"],
                   format_closing_date(posting.valid_through, t), config.equal_opportunity], text)


@pytest.mark.parametrize("role_id", ROLES)
def test_pay_hours_and_headcount_are_on_the_first_page_of_the_english_ad(built_in, role_id):
    first_page = squash(PdfReader(built_in / role_id / "job-ad.en.pdf").pages[0].extract_text())
    role, t = project().roles[role_id], labels("en")
    openings = project().config.posting_for(role).openings
    expected = [format_pay(role.employment.salary, t), role.employment.location.get_text("en"),
                role.employment.hours.get_text("en"), f"{openings} position" + ("s" if openings != 1 else "")]
    assert "(before tax)" in expected[0]
    assert_all_in(expected, first_page)


@pytest.mark.parametrize("role_id", ROLES)
def test_english_job_ad_is_300_to_700_words_written_to_you(built_in, role_id):
    """Textio's range is for the ad's prose: the page furniture and the table of terms are not counted."""
    t = labels("en")
    lines = [line for line in pdf_text(built_in / role_id / "job-ad.en.pdf").splitlines()
             if not re.fullmatch(r"Page \d+ of \d+|.* [·•] Job ad", line.strip())]
    text = "\n".join(lines)
    prose = text[:text.index(t["terms"])] + text[text.index(t["about_us"]):]
    words = prose.split()
    assert 300 <= len(words) <= 700
    assert sum(word.lower().strip(".,;:") in ("you", "your") for word in words) >= 5


@pytest.mark.parametrize("role_id,language,fmt", CASES)
def test_interview_guide_has_every_item(built_in, role_id, language, fmt):
    text, t, role = read(built_in, role_id, "interview-guide", language, fmt), labels(language), role_in(role_id, language)
    assert_all_in([t["candidate"], t["date"], t["interviewer"], t["role"], role.title], text)
    assert_all_in([t["instructions"], *t["instruction_items"]], text)
    positions = [text.index(squash(c.name)) for c in role.competencies_in_order]
    assert positions == sorted(positions), "must-have competencies come first"
    for competency in role.competencies:
        for question in competency.questions:
            assert_all_in([question.text, *question.probes], text)
            rubric = question.rubric or competency.rubric
            assert_all_in([rubric[score] for score in rubric], text)
    do_not_ask = postings.do_not_ask(project().config.jurisdictions_for(project().roles[role_id]), language)
    assert_all_in([t["time_plan"], t["opening"], *t["opening_script"], t["closing"], t["candidate_questions"],
                   *t["closing_script"], t["scoring_sheet"], t["target"], t["weighted"], t["decision_rule"],
                   t["must_have_rule"].format(min=role.interview.must_have_min), t["consensus"], t["recommendation"],
                   *t["recommendations"], t["do_not_ask"], *do_not_ask], text)
    first_question = role.competencies_in_order[0].questions[0].text
    assert text.index(squash(t["do_not_ask"])) < text.index(squash(first_question)), "do-not-ask before the questions"
    if role.interview.hire_bar is not None:
        assert squash(t["hire_bar_rule"].format(bar=role.interview.hire_bar)) in text
    for member in role.interview.panel:
        assert squash(f"{t['scorecard']}{t['colon']}{member.who}") in text


def modules(role_id: str, language: str) -> list:
    """The competencies that have training content: the course's modules, numbered in this order."""
    from jobdocs.checks.kits import has_training

    return [competency for competency in role_in(role_id, language).competencies if has_training(competency)]


@pytest.mark.parametrize("role_id,language,fmt", CASES)
def test_training_handout_has_every_item(built_in, role_id, language, fmt):
    text, t, role = read(built_in, role_id, "training-handout", language, fmt), labels(language), role_in(role_id, language)
    assert_all_in([t["career_ladder"], t["kpis"], *role.kpis, t["sign_off"], *t["sign_off_items"], t["evaluation"],
                   *t["evaluation_items"], t["course_overview"], t["your_notes"], t["initials"]], text)
    for number, competency in enumerate(modules(role_id, language), start=1):
        training = competency.training
        assert_all_in([f"{t['module']} {number}{t['colon']}{competency.name}", *training.objectives,
                       *training.content, *training.exercises, *training.checklist,
                       *(item.question for item in training.quiz), *(o for item in training.quiz for o in item.options)],
                      text)
        for objective in training.objectives:
            assert text.count(squash(objective)) == 1, "objectives once, under their module"
        # no answers and nothing for the trainer's eyes only
        assert not [note for note in training.trainer_notes if squash(note) in text]
        assert not [item.why for item in training.quiz if item.why and squash(item.why) in text]
    assert squash(t["answer_key"]) not in text and squash(t["trainer_notes"]) not in text


@pytest.mark.parametrize("role_id,language,fmt", CASES)
def test_trainer_guide_has_the_plan_the_answers_and_the_follow_up(built_in, role_id, language, fmt):
    text, t, role = read(built_in, role_id, "trainer-guide", language, fmt), labels(language), role_in(role_id, language)
    assert_all_in([t["agenda"], t["sign_off"], *t["sign_off_items"]], text)
    for number, competency in enumerate(modules(role_id, language), start=1):
        training = competency.training
        assert_all_in([f"{t['module']} {number}{t['colon']}{competency.name}", *training.objectives,
                       *training.materials, *training.trainer_notes,
                       *(item.why or item.options[item.answer] for item in training.quiz)], text)
    assert_all_in([piece for step in role.follow_up for piece in (step.check, step.who)], text)
    assert squash(t["evaluation"]) not in text, "the trainee's evaluation form is in the handout"


@pytest.mark.parametrize("role_id,language", [(r, lang) for r in ROLES for lang in ("zh", "en")])
def test_the_trainer_guides_sign_off_is_on_a_page_without_answers(built_in, role_id, language):
    t = labels(language)
    pages = [squash(page.extract_text()) for page in PdfReader(built_in / role_id / f"trainer-guide.{language}.pdf").pages]
    signed = pages[-1]  # the sign-off closes the guide, on a page of its own
    assert squash(t["sign_off"]) in signed and squash(t["passed"].split(" / ")[0]) in signed
    assert squash(t["answer_key"]) not in signed and squash(t["why"]) not in signed


@pytest.mark.parametrize("role_id,language", [(r, lang) for r in ROLES for lang in ("zh", "en")])
def test_training_handout_shows_the_ladder_picture_in_both_formats(built_in, role_id, language):
    assert len(PdfReader(built_in / role_id / f"training-handout.{language}.pdf").pages[0].images) == 1
    assert len(docx.Document(str(built_in / role_id / f"training-handout.{language}.docx")).inline_shapes) == 1


@pytest.mark.parametrize("role_id", ROLES)
def test_every_built_in_pdf_is_tagged_with_headings_that_never_skip_a_level(built_in, role_id):
    for path in sorted((built_in / role_id).glob("*.pdf")):
        levels = heading_levels(path)
        assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels)), (path.name, levels)
        assert {"Table", "TH", "TD", "L", "LI", "P"} <= {e["tag"] for e in pdf_structure(path)}, path.name


@pytest.mark.parametrize("language,ladder", [
    ("en", "Operations Assistant grows into Store Manager (Promotion Operations), then Operations Director. "
           "Category Product Manager reports to Operations Director."),
    ("zh", "运营助理晋升为店长（推广运营），再晋升为运营总监。品类产品经理向运营总监汇报。"),
])
def test_every_ladder_picture_says_the_whole_ladder_and_the_readers_rung_in_words(built_in, language, ladder):
    for role_id in ROLES:
        [figure] = [e for e in pdf_structure(built_in / role_id / f"training-handout.{language}.pdf")
                    if e["tag"] == "Figure"]
        title = role_in(role_id, language).title
        assert figure["alt"] == ladder + (f" You are here: {title}." if language == "en" else f"当前岗位：{title}。")


def test_modules_new_at_a_rung_are_marked(built_in):
    text = read(built_in, "store-manager", "training-handout", "en", "pdf")
    manager = yaml.safe_load((REPO / "roles" / "store-manager.yaml").read_text(encoding="utf-8"))
    new = {"traffic-growth", "store-analysis"}
    for competency in manager["competencies"]:
        marker = "New at this rung" if competency["id"] in new else "Raised at this rung"
        assert squash(f"{competency['name']['en']}{marker}") in text
    assert squash("Carried over from Operations Assistant") in text
    assistant = read(built_in, "operations-assistant", "training-handout", "en", "pdf")
    assert "Newatthisrung" not in assistant  # the first rung has nothing to mark
