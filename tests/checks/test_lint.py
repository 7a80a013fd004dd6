from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.checks.gendered import FEMININE_STEMS, MASCULINE_STEMS, coded_stem
from jobdocs.checks.lint import exit_code, lint_project
from jobdocs.errors import InputError, Problem
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, REPO, write_project

PARENT_SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"


def lint(tmp_path: Path, roles: dict[str, str], config: str = PROJECT_FILE) -> list[Problem]:
    return lint_project(load_project(write_project(tmp_path, roles, config)))


def with_summary(zh: str, en: str) -> str:
    return PARENT_ROLE.replace(PARENT_SUMMARY, f'summary: {{zh: "{zh}", en: "{en}"}}')


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def of_code(findings: list[Problem], *codes: str) -> list[Problem]:
    return [finding for finding in findings if finding.code in codes]


def test_word_lists_have_the_published_sizes():
    assert (len(set(MASCULINE_STEMS)), len(set(FEMININE_STEMS))) == (42, 40)


@pytest.mark.parametrize("word, kind", [
    ("competitive", "masculine"), ("competition", "masculine"), ("analyse", "masculine"),
    ("analytical", "masculine"), ("leadership", "masculine"), ("self-confident", "masculine"),
    ("decision-making", "masculine"), ("understanding", "feminine"), ("responsive", "feminine"),
    ("responsiveness", "feminine"), ("committed", "feminine"), ("co-operate", "feminine"),
    ("responsibilities", None), ("response", None), ("responsible", None), ("committee", None),
    ("logistics", None), ("competencies", None), ("kinds", None), ("Nagoya", None), ("naïve", None),
])
def test_stems_match_whole_words_with_english_endings(word, kind):
    found = {name for name, stems in (("masculine", MASCULINE_STEMS), ("feminine", FEMININE_STEMS))
             if coded_stem(word, stems)}
    assert found == ({kind} if kind else set())


def test_responsibilities_is_not_flagged_and_responsive_is(tmp_path):
    role = with_summary("你要及时回复买家。", "Take responsibility for responses and be responsive to buyers.")
    findings = of_code(lint(tmp_path, {"assistant": role}), "gender-coded-word")
    assert [str(f) for f in findings if "respons" in f.message] == [
        "roles/assistant.yaml:2: summary.en: 'responsive' is feminine-coded (Gaucher et al. 2011, stem 'responsiv')"]


def test_masculine_lean_is_summarised_on_the_title_line(tmp_path):
    role = with_summary("你要有竞争意识。", "You are competitive, aggressive and decisive.")
    findings = lint(tmp_path, {"assistant": role})
    assert {(f.line, f.field) for f in of_code(findings, "gender-coded-word")} == {(2, "summary.en")}
    [lean] = of_code(findings, "gender-coded")
    assert (lean.file, lean.line, lean.field, lean.severity) == ("roles/assistant.yaml", 1, "title", "warning")
    assert "3 masculine-coded words (competitive, aggressive, decisive)" in lean.message
    assert lean.found == "competitive, aggressive, decisive" and lean.fix


def test_build_leaves_out_the_coded_words_and_keeps_the_summary(tmp_path):
    role = with_summary("你要有竞争意识。", "You are competitive, aggressive and decisive.")
    project = load_project(write_project(tmp_path, {"assistant": role}))
    codes = {f.code for f in lint_project(project, ["assistant"], details=False)}
    assert "gender-coded" in codes and "gender-coded-word" not in codes


def test_balanced_ad_has_no_lean_warning(tmp_path):
    role = with_summary("你要支持团队。", "You lead a supportive team.")
    assert not of_code(lint(tmp_path, {"assistant": role}), "gender-coded")


def test_a_preference_for_men_in_chinese_is_an_error_on_its_line(tmp_path):
    role = PARENT_ROLE.replace(
        "  - {zh: 每天记录销售数据。, en: Record sales data every day.}\n",
        "  - {zh: 每天记录销售数据。, en: Record sales data every day.}\n"
        "  - zh: 男性优先，每天整理报表。\n    en: Tidy the reports every day.\n")
    findings = lint(tmp_path, {"assistant": role})
    [error] = of_code(findings, "sex-limit")
    assert str(error).startswith(
        f"roles/assistant.yaml:{line_of(role, '男性优先')}: responsibilities[1].zh: '男性优先' limits the job by sex")
    assert "art. 43" in error.message and error.found == "男性优先"
    assert error.severity == "error" and exit_code(findings) == 1


@pytest.mark.parametrize("text, terms", [
    ("仅限男性。", ["仅限男性"]), ("要求已婚已育。", ["已婚", "已育"]), ("请写明婚姻状况和生育计划。", ["婚姻状况", "生育计划"]),
])
def test_sex_limits_and_marriage_questions_are_errors(tmp_path, text, terms):
    findings = of_code(lint(tmp_path, {"assistant": with_summary(text, "You keep the numbers.")}),
                       "sex-limit", "family-status")
    assert [f.found for f in findings] == terms
    assert {(f.line, f.field, f.severity) for f in findings} == {(2, "summary.zh", "error")}


def test_chinese_words_are_not_confused_with_sex_limits(tmp_path):
    role = with_summary("负责无限男装系列，男女不限。", "You run the menswear line.")
    assert not of_code(lint(tmp_path, {"assistant": role}), "sex-limit")


def test_equal_opportunity_sentences_are_not_flagged(tmp_path):
    config = PROJECT_FILE + (
        "equal_opportunity:\n"
        "  zh: 招聘与录用不因性别、年龄、婚育状况或残疾而有任何区别对待。\n"
        "  en: We do not discriminate on the basis of sex, age, marital status or pregnancy.\n")
    role = with_summary("我们不因婚育状况区别对待。", "We do not discriminate on marital status.")
    findings = lint(tmp_path, {"assistant": role}, config)
    assert not [f for f in findings if f.severity == "error"]


def test_a_policy_word_after_the_term_does_not_excuse_it(tmp_path):
    role = with_summary("仅限男性，无论经验。", "Men only, regardless of experience.")
    findings = of_code(lint(tmp_path, {"assistant": role}), "sex-limit")
    assert sorted(f.field for f in findings) == ["summary.en", "summary.zh"]


def test_apply_text_is_checked_once_for_all_roles(tmp_path):
    config = PROJECT_FILE + "apply: {zh: 限男性，请发简历。, en: Send your CV.}\n"
    findings = of_code(lint(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, config), "sex-limit")
    assert [str(f).split(" '")[0] for f in findings] == ["jobdocs.yaml:3: apply.zh:"]


def test_age_limits_and_criticised_phrases_warn_in_china(tmp_path):
    role = with_summary("要求35岁以下，形象气质佳，有狼性。", "You keep the numbers.")
    findings = lint(tmp_path, {"assistant": role})
    assert [(f.code, f.severity) for f in findings if f.field == "summary.zh"] == [
        ("age-limit", "warning"), ("appearance-limit", "warning"), ("criticised-wording", "warning")]
    assert exit_code(findings) == 0


def test_english_discriminatory_terms_are_errors_by_us_law(tmp_path):
    role = with_summary("你负责数据。", "Men only. Young and energetic, no kids. You know young consumers.")
    findings = [f for f in lint(tmp_path, {"assistant": role}) if f.field == "summary.en"]
    assert [(f.found, f.code, f.severity) for f in findings if f.code != "gender-coded-word"] == [
        ("Men only", "sex-limit", "error"), ("Young", "age-limit", "error"),
        ("energetic", "age-coded-wording", "warning"), ("no kids", "family-status", "error")]
    assert "US: Age Discrimination in Employment Act" in findings[1].message


def test_short_ad_and_too_many_must_haves_warn(tmp_path):
    extra = "".join(f"  - id: skill-{n}\n    name: {{zh: 技能{n}, en: Skill {n}}}\n" for n in range(7))
    role = PARENT_ROLE.replace("employment:\n", extra + "employment:\n")
    findings = of_code(lint(tmp_path, {"assistant": role}), "ad-length", "too-many-must-haves")
    assert [(f.line, f.field) for f in findings] == [(1, "title"), (line_of(role, "competencies:"), "competencies")]
    assert "aim for 300-700" in findings[0].message and "8 must-haves" in findings[1].message


def test_listed_must_haves_are_counted_instead_of_competencies(tmp_path):
    items = "".join(f"    - {{zh: 条件{n}, en: Condition {n}}}\n" for n in range(8))
    role = PARENT_ROLE + f"requirements:\n  must_have:\n{items}"
    [finding] = of_code(lint(tmp_path, {"assistant": role}), "too-many-must-haves")
    assert (finding.line, finding.field, finding.found) == (line_of(role, "must_have:"), "requirements.must_have", "8")


def test_inherited_text_points_at_the_parents_file(tmp_path):
    parent = with_summary("你负责数据。", "You are competitive.")
    child = CHILD_ROLE.replace("summary: {zh: 你负责整个店铺。, en: You run the whole store.}\n", "")
    findings = lint(tmp_path, {"assistant": parent, "manager": child})
    assert [str(f) for f in of_code(findings, "gender-coded-word") if "'competitive'" in f.message] == [
        "roles/assistant.yaml:2: summary.en: 'competitive' is masculine-coded (Gaucher et al. 2011, stem 'compet')"]
    assert {f.file for f in of_code(findings, "gender-coded")} == {"roles/assistant.yaml", "roles/manager.yaml"}


def test_role_ids_choose_roles_and_unknown_ids_are_reported(tmp_path):
    project = load_project(write_project(tmp_path, {"assistant": with_summary("仅限男性。", "x"), "manager": CHILD_ROLE}))
    assert exit_code(lint_project(project, ["manager"])) == 0
    assert exit_code(lint_project(project, ["assistant"])) == 1
    with pytest.raises(InputError, match="no role has the id 'nobody'"):
        lint_project(project, ["nobody"])


def test_built_in_roles_have_no_errors():
    findings = lint_project(load_project(REPO))
    assert exit_code(findings) == 0, "\n".join(str(f) for f in findings if f.severity == "error")


TRADITIONAL_CONFIG = "company: {name: 測試公司}\nlanguages: [zh-Hant, it]\n"


def traditional_role(zh_hant: str) -> str:
    """The parent role in Traditional Chinese and Italian, with this summary."""
    role = PARENT_ROLE.replace(PARENT_SUMMARY, f'summary: {{zh-Hant: "{zh_hant}", it: "Tieni i numeri."}}')
    return role.replace("{zh:", "{zh-Hant:").replace(", en:", ", it:")


@pytest.mark.parametrize("text, term, code", [
    ("僅限男性，已婚者優先。", "僅限男性", "sex-limit"), ("須接受加班，抗壓能力強。", "抗壓能力強", "overwork-wording"),
    ("形象氣質佳，限本地戶籍。", "形象氣質佳", "appearance-limit"), ("面試時會詢問生育計畫。", "生育計畫", "family-status"),
    ("歡迎懷孕媽媽。", "懷孕", "family-status"), ("請附上血型與星座。", "血型", "personal-traits"),
])
def test_traditional_chinese_terms_are_flagged_as_written_and_judged_by_taiwan_law(tmp_path, text, term, code):
    findings = lint(tmp_path, {"assistant": traditional_role(text)}, TRADITIONAL_CONFIG)
    [finding] = [f for f in findings if f.found == term]
    assert (finding.code, finding.field) == (code, "summary.zh-Hant")
    if code != "overwork-wording":
        assert finding.severity == "error" and "TW: 就業服務法" in finding.message


def test_a_traditional_equal_opportunity_clause_is_not_flagged(tmp_path):
    role = traditional_role("我們不因婚姻狀況、懷孕或戶籍而區別對待應徵者。")
    assert not [f for f in lint(tmp_path, {"assistant": role}, TRADITIONAL_CONFIG) if f.field == "summary.zh-Hant"]


def test_a_language_without_word_lists_is_named_once(tmp_path):
    role = traditional_role("每天記錄銷售數據。")
    child = CHILD_ROLE.replace("{zh:", "{zh-Hant:").replace(", en:", ", it:")
    findings = of_code(lint(tmp_path, {"assistant": role, "manager": child}, TRADITIONAL_CONFIG), "no-word-list")
    assert [str(f) for f in findings] == [
        "jobdocs.yaml:2: languages: jobdocs lint has word lists for zh, zh-Hant, en, de, fr, es, ja, ko only, so the "
        "job ads in it are checked for English phrases alone; have a native-speaking HR colleague read them"]
    assert not of_code(lint(tmp_path / "zh-en", {"assistant": PARENT_ROLE}), "no-word-list")
