"""The interview guide an interviewer uses as it is, and the two editions of a course, read from their HTML."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from jobdocs.checks.postings import do_not_ask
from jobdocs.html.render import render_html
from jobdocs.html.templates import Templates
from jobdocs.model.project import load_project

from tests.conftest import write_project

KIT_ROLE = """\
title: {zh: 仓库主管, en: Warehouse Lead}
summary: {zh: 你带领仓库团队。, en: You lead the warehouse team.}
responsibilities: [{zh: 安排班次。, en: Plan the shifts.}]
employment: {country: CN}
interview:
  minutes: 45
  opening_minutes: 5
  closing_minutes: 10
  hire_bar: 3.5
  must_have_min: 3
  panel:
    - who: {zh: 用人经理, en: Hiring manager}
      competencies: [safety]
    - who: {zh: 运营总监, en: Operations director}
      competencies: [planning, safety]
competencies:
  - id: planning
    name: {zh: 排班计划, en: Shift planning}
    required: false
    level: 3
    questions:
      - type: situational
        text: {zh: 两人请病假时你怎么办？, en: What would you do if two people called in sick?}
        minutes: 10
    rubric:
      1: {zh: 没有计划。, en: Has no plan.}
      3: {zh: 有计划但无备选。, en: Has a plan without a fallback.}
      5: {zh: 计划周全并有备选。, en: Has a full plan with a fallback.}
    training:
      minutes: 60
      objectives: [{zh: 制定一周的班次表。, en: Create a week's shift plan.}]
      materials: [{zh: 上月排班表, en: Last month's rota}]
      trainer_notes: [{zh: 先让学员自己排。, en: Let trainees plan first.}]
      quiz:
        - question: {zh: 排班最先看什么？, en: What do you check first when planning?}
          options: [{zh: 订单预测, en: Order forecast}, {zh: 天气, en: Weather}, {zh: 午餐, en: Lunch}]
          answer: 0
          why: {zh: 人手跟着订单量走。, en: Staffing follows the order volume.}
  - id: safety
    name: {zh: 安全, en: Safety}
    level: 4
    questions:
      - type: behavioural
        text: {zh: 请讲一次你制止不安全操作的经历。, en: Tell me about a time you stopped an unsafe practice.}
        minutes: 20
        rubric:
          1: {zh: 没有例子。, en: Gives no example.}
          3: {zh: 有例子但没有跟进。, en: Gives an example without follow-up.}
          5: {zh: 制止并改了流程。, en: Stopped it and changed the process.}
    rubric:
      1: {zh: 不懂规则。, en: Does not know the rules.}
      3: {zh: 懂规则。, en: Knows the rules.}
      5: {zh: 教别人规则。, en: Teaches the rules.}
    training:
      minutes: 30
      checklist: [{zh: 带队做一次消防演练。, en: Lead a fire drill.}]
follow_up:
  - {day: 30, check: {zh: 独立排班一周, en: Plans a week alone}, who: {zh: 运营总监, en: Operations director}}
"""

BARE_ROLE = """\
title: {zh: 理货员, en: Stock Clerk}
summary: {zh: 你整理货架。, en: You keep the shelves.}
responsibilities: [{zh: 上架。, en: Shelve goods.}]
competencies:
  - id: shelving
    name: {zh: 上架, en: Shelving}
"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("kit"), {"lead": KIT_ROLE, "clerk": BARE_ROLE})


def page(root: Path, role_id: str, kind: str, language: str = "en") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render_html(load_project(root), Templates(root), role_id, kind, language).html)


def text_of(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def labels(root: Path, language: str = "en") -> dict:
    return Templates(root).labels(language)


def questions(guide: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Each question's block: the element around its "Question N" heading."""
    return [heading.getparent() for heading in guide.xpath("//h3") if re.match(r"Question \d", text_of(heading))]


def test_each_question_has_its_own_anchored_scale_notes_and_score(kit):
    guide = page(kit, "lead", "interview-guide")
    safety, planning = questions(guide)  # the must-have first
    assert "Stopped it and changed the process." in text_of(safety)
    assert "Teaches the rules." not in text_of(safety), "the question's own anchors win over the competency's"
    assert "Has a full plan with a fallback." in text_of(planning), "the competency's anchors are the fallback"
    for number, block in enumerate((safety, planning), start=1):
        boxes = block.xpath(".//input[@type='checkbox']")
        assert [box.get("aria-label") for box in boxes] == [f"Score for question {number} {s}" for s in range(1, 6)]
        assert block.xpath(f".//*[@role='textbox'][@aria-label='Notes on question {number}']")
        assert "target 4" in text_of(block) if block is safety else "target 3" in text_of(block)


def test_the_time_plan_adds_opening_questions_and_closing(kit):
    guide, t = page(kit, "lead", "interview-guide"), labels(kit)
    [plan] = guide.xpath(f"//h2[normalize-space()='{t['time_plan']}']/following-sibling::table[1]")
    rows = [[text_of(cell) for cell in row.xpath("./td")] for row in plan.xpath(".//tr")[1:]]
    assert [row[1] for row in rows] == ["5", "20", "10", "10", "45"]
    assert rows[1][0].startswith("1. Safety") and rows[-1][0] == t["total"]


def test_the_do_not_ask_list_is_the_places_and_comes_before_the_first_question(kit):
    guide, t = page(kit, "lead", "interview-guide", "zh"), labels(kit, "zh")
    text = text_of(guide)
    topics = do_not_ask(["CN"], "zh")
    assert all(topic in text for topic in topics)
    assert any("乙肝" in topic for topic in topics)
    assert text.index(t["do_not_ask"]) < text.index("请讲一次你制止不安全操作的经历。")


def test_the_decision_rule_targets_and_four_point_recommendation(kit):
    guide, t = page(kit, "lead", "interview-guide"), labels(kit)
    text = text_of(guide)
    assert t["must_have_rule"].format(min=3) in text and t["hire_bar_rule"].format(bar=3.5) in text
    assert t["recommendations"] == ["Strong no hire", "No hire", "Hire", "Strong hire"]
    final = [box.get("aria-label") for box in guide.xpath("//input") if box.get("aria-label").startswith(t["final_decision"])]
    assert len(final) == 4


def test_a_panel_gets_a_scorecard_each_on_a_new_page_and_a_combined_grid(kit):
    guide, t = page(kit, "lead", "interview-guide"), labels(kit)
    cards = [h.getparent() for h in guide.xpath("//h2") if text_of(h).startswith(t["scorecard"])]
    assert [text_of(card.xpath("h2")[0]) for card in cards] == ["Scorecard: Hiring manager", "Scorecard: Operations director"]
    assert all("new-page" in card.xpath("h2")[0].get("class") for card in cards)
    scored = [[text_of(row.xpath("td")[0]) for row in card.xpath(".//table[thead]//tr[td]")] for card in cards]
    assert scored == [["Safety Must-have"], ["Safety Must-have", "Shift planning"]]
    [grid] = [h.getparent() for h in guide.xpath("//h2") if text_of(h) == t["combined_grid"]]
    header = [text_of(cell) for cell in grid.xpath(".//thead//th")]
    assert header == [t["competency"], t["target"], "Hiring manager", "Operations director", t["agreed_score"]]
    planning = [text_of(cell) for cell in grid.xpath(".//tr[td]")[1].xpath("td")]
    assert planning[:3] == ["Shift planning", "3", "–"], "not on the hiring manager's card"


def test_the_trainees_handout_has_notes_a_dated_checklist_and_no_answers(kit):
    handout, t = page(kit, "lead", "training-handout"), labels(kit)
    text = text_of(handout)
    assert "Staffing follows the order volume." not in text and "Let trainees plan first." not in text
    assert t["answer_key"] not in text and t["objectives"] not in text, "no flat list of objectives"
    notes = handout.xpath(f"//*[@role='textbox'][starts-with(@aria-label, '{t['your_notes']}')]")
    assert len(notes) == 2, "room for notes after each module"
    [checklist] = [table for table in handout.xpath("//table") if "Lead a fire drill." in text_of(table)]
    assert [text_of(th) for th in checklist.xpath(".//th")] == [t["done"], t["task"], t["date"], t["initials"]]
    assert checklist.xpath(".//input[@type='checkbox']") and len(checklist.xpath(".//*[@role='textbox']")) == 2
    # objectives grouped under their module, once
    assert text.count("Create a week's shift plan.") == 1


def test_the_trainer_guide_has_agenda_materials_notes_answers_why_and_follow_up(kit):
    guide, t = page(kit, "lead", "trainer-guide"), labels(kit)
    text = text_of(guide)
    for item in (t["agenda"], "Shift planning", "60", "30", "90", t["materials"], "Last month's rota",
                 t["trainer_notes"], "Let trainees plan first.", t["answer_key"], "Staffing follows the order volume.",
                 t["follow_up"], "Plans a week alone", "Operations director", t["sign_off"]):
        assert item in text, item
    # the sign-off starts a page of its own, so it is handed out without the answers
    [sign_off] = [h for h in guide.xpath("//h2") if text_of(h) == t["sign_off"]]
    assert "new-page" in sign_off.getparent().get("class")
    assert t["evaluation"] not in text, "the trainee's course evaluation is in the handout only"


def test_a_role_without_training_gets_no_empty_sections(kit):
    t = labels(kit)
    for kind in ("training-handout", "trainer-guide"):
        text = text_of(page(kit, "clerk", kind))
        for heading in (t["module"], t["course_overview"], t["agenda"], t["answer_key"], t["materials"],
                        t["follow_up"], t["module_objectives"]):
            assert heading not in text, (kind, heading)
        assert t["sign_off"] in text


def test_the_build_says_which_role_lacks_training_content(kit, tmp_path):
    import jobdocs
    from jobdocs.batch.options import Selection

    result = jobdocs.build(kit, tmp_path / "out", Selection(kinds=["trainer-guide"], formats=["docx"], languages=["en"]))
    assert result.exit_code == 0
    [warning] = [w for w in result.warnings if w.code == "training-missing"]
    assert (warning.file, warning.field, warning.severity) == ("roles/clerk.yaml", "competencies", "warning")
    assert (tmp_path / "out" / "clerk" / "trainer-guide.en.docx").exists()


def test_every_label_language_has_the_kits_words():
    from tests.conftest import REPO

    templates = Templates(REPO)
    english = templates.labels("en")
    for language in ("zh", "zh-Hant", "de", "fr", "es", "ja", "ko"):
        words = templates.labels(language)
        assert set(english) <= set(words), (language, set(english) - set(words))
        assert words["kinds"]["trainer-guide"] and words["minutes_value"].format(minutes=5)
