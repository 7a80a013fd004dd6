from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.errors import InputError
from jobdocs.checks.lint import FEMININE_STEMS, MASCULINE_STEMS, Finding, coded_stem, exit_code, lint_project
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, REPO, write_project

PARENT_SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"


def lint(tmp_path: Path, roles: dict[str, str], config: str = PROJECT_FILE, **settings) -> list[Finding]:
    project = load_project(write_project(tmp_path, roles, config))
    for name, value in settings.items():  # settings the project file may not know yet, e.g. jurisdictions
        setattr(project.config, name, value)
    return lint_project(project)


def with_summary(zh: str, en: str) -> str:
    return PARENT_ROLE.replace(PARENT_SUMMARY, f'summary: {{zh: "{zh}", en: "{en}"}}')


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


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
    findings = of_rule(lint(tmp_path, {"assistant": role}), "gender-coded")
    assert [str(f) for f in findings if "respons" in f.message] == [
        "roles/assistant.yaml:2: summary.en: [gender-coded] "
        "'responsive' is feminine-coded (Gaucher et al. 2011, stem 'responsiv')"]


def test_masculine_lean_is_summarised_on_the_title_line(tmp_path):
    role = with_summary("你要有竞争意识。", "You are competitive, aggressive and decisive.")
    findings = of_rule(lint(tmp_path, {"assistant": role}), "gender-coded")
    assert {(f.line, f.field) for f in findings if "is masculine-coded" in f.message} == {(2, "summary.en")}
    [lean] = [f for f in findings if "leans masculine" in f.message]
    assert (lean.file, lean.line, lean.field, lean.severity) == ("roles/assistant.yaml", 1, "title", "warning")
    assert "3 masculine-coded words (competitive, aggressive, decisive)" in lean.message


def test_balanced_ad_has_no_lean_warning(tmp_path):
    role = with_summary("你要支持团队。", "You lead a supportive team.")
    assert not [f for f in lint(tmp_path, {"assistant": role}) if "leans" in f.message]


def test_a_preference_for_men_in_chinese_is_an_error_on_its_line(tmp_path):
    role = PARENT_ROLE.replace(
        "  - {zh: 每天记录销售数据。, en: Record sales data every day.}\n",
        "  - {zh: 每天记录销售数据。, en: Record sales data every day.}\n"
        "  - zh: 男性优先，每天整理报表。\n    en: Tidy the reports every day.\n")
    findings = lint(tmp_path, {"assistant": role})
    [error] = of_rule(findings, "zh-discrimination")
    assert str(error).startswith(
        f"roles/assistant.yaml:{line_of(role, '男性优先')}: responsibilities[1].zh: "
        "[zh-discrimination] '男性优先' states a preference for men")
    assert "Art. 43" in error.message
    assert error.severity == "error" and exit_code(findings) == 1


@pytest.mark.parametrize("text, terms", [
    ("仅限男性。", ["仅限男性"]), ("要求已婚已育。", ["已婚", "已育"]), ("请写明婚姻状况和生育计划。", ["婚姻状况", "生育计划"]),
])
def test_sex_limits_and_marriage_questions_are_errors(tmp_path, text, terms):
    findings = of_rule(lint(tmp_path, {"assistant": with_summary(text, "You keep the numbers.")}), "zh-discrimination")
    assert [f.message.split("'")[1] for f in findings] == terms
    assert {(f.line, f.field, f.severity) for f in findings} == {(2, "summary.zh", "error")}


def test_chinese_words_are_not_confused_with_sex_limits(tmp_path):
    role = with_summary("负责无限男装系列，男女不限。", "You run the menswear line.")
    assert not of_rule(lint(tmp_path, {"assistant": role}), "zh-discrimination")


def test_equal_opportunity_sentences_are_not_flagged(tmp_path):
    config = PROJECT_FILE + (
        "equal_opportunity:\n"
        "  zh: 招聘与录用不因性别、年龄、婚育状况或残疾而有任何区别对待。\n"
        "  en: We do not discriminate on the basis of sex, age, marital status or pregnancy.\n")
    role = with_summary("我们不因婚育状况区别对待。", "We do not discriminate on marital status.")
    findings = lint(tmp_path, {"assistant": role}, config)
    assert not [f for f in findings if "discrimination" in f.rule]


def test_a_policy_word_after_the_term_does_not_excuse_it(tmp_path):
    role = with_summary("仅限男性，无论经验。", "Men only, regardless of experience.")
    findings = lint(tmp_path, {"assistant": role})
    assert sorted(f.rule for f in findings if "discrimination" in f.rule) == ["en-discrimination", "zh-discrimination"]


def test_apply_text_is_checked_once_for_all_roles(tmp_path):
    config = PROJECT_FILE + "apply: {zh: 限男性，请发简历。, en: Send your CV.}\n"
    findings = of_rule(lint(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, config), "zh-discrimination")
    assert [str(f).split(" '")[0] for f in findings] == ["jobdocs.yaml:3: apply.zh: [zh-discrimination]"]


def test_age_limits_and_criticised_phrases_warn(tmp_path):
    role = with_summary("要求35岁以下，形象气质佳，有狼性。", "You keep the numbers.")
    findings = lint(tmp_path, {"assistant": role})
    assert [(f.rule, f.severity) for f in findings if f.rule.startswith("zh-")] == [
        ("zh-discrimination", "warning"), ("zh-wording", "warning"), ("zh-wording", "warning")]
    assert exit_code(findings) == 0


def test_english_discriminatory_terms_are_errors(tmp_path):
    role = with_summary("你负责数据。", "Men only. Young and energetic, no kids. You know young consumers.")
    findings = lint(tmp_path, {"assistant": role})
    assert [f.message.split("'")[1] for f in of_rule(findings, "en-discrimination")] == ["Men only", "Young", "no kids"]
    assert [f.message.split("'")[1] for f in of_rule(findings, "en-wording")] == ["energetic"]


def test_short_ad_and_too_many_must_haves_warn(tmp_path):
    extra = "".join(f"  - id: skill-{n}\n    name: {{zh: 技能{n}, en: Skill {n}}}\n" for n in range(7))
    role = PARENT_ROLE.replace("employment:\n", extra + "employment:\n")
    findings = of_rule(lint(tmp_path, {"assistant": role}), "length")
    assert [(f.line, f.field) for f in findings] == [(1, "title"), (line_of(role, "competencies:"), "competencies")]
    assert "aim for 300-700" in findings[0].message and "8 must-have competencies" in findings[1].message


def test_missing_pay_is_an_error_where_the_law_requires_it(tmp_path):
    role = PARENT_ROLE.replace("  salary: {currency: CNY, min: 6000, max: 9000, period: MONTH}\n", "")
    findings = of_rule(lint(tmp_path, {"assistant": role}, jurisdictions=["US-NYC", "EU"]), "pay")
    assert [str(f) for f in findings] == [
        f"roles/assistant.yaml:{line_of(role, 'employment:')}: employment.salary: [pay] no pay range, but the posting "
        "must state one under New York City's pay transparency law (Local Law 32 of 2022); EU Pay Transparency "
        "Directive 2023/970, Art. 5; add salary: {currency: ..., min: ..., max: ..., period: ...}"]
    assert findings[0].severity == "error"
    assert not of_rule(lint(tmp_path / "cn", {"assistant": role}, jurisdictions=["CN"]), "pay")
    assert not of_rule(lint(tmp_path / "paid", {"assistant": PARENT_ROLE}, jurisdictions=["EU"]), "pay")


def test_inherited_text_points_at_the_parents_file(tmp_path):
    parent = with_summary("你负责数据。", "You are competitive.")
    child = CHILD_ROLE.replace("summary: {zh: 你负责整个店铺。, en: You run the whole store.}\n", "")
    findings = of_rule(lint(tmp_path, {"assistant": parent, "manager": child}), "gender-coded")
    assert [str(f) for f in findings if "'competitive'" in f.message] == [
        "roles/assistant.yaml:2: summary.en: [gender-coded] 'competitive' is masculine-coded "
        "(Gaucher et al. 2011, stem 'compet')"]
    assert {f.file for f in findings if "leans" in f.message} == {"roles/assistant.yaml", "roles/manager.yaml"}


def test_role_ids_choose_roles_and_unknown_ids_are_reported(tmp_path):
    project = load_project(write_project(tmp_path, {"assistant": with_summary("仅限男性。", "x"), "manager": CHILD_ROLE}))
    assert exit_code(lint_project(project, ["manager"])) == 0
    assert exit_code(lint_project(project, ["assistant"])) == 1
    with pytest.raises(InputError, match="no role has the id 'nobody'"):
        lint_project(project, ["nobody"])


def test_finding_prints_file_line_field_rule_and_message():
    finding = Finding("roles/a.yaml", 4, "summary.en", "length", "too short", "warning")
    assert str(finding) == "roles/a.yaml:4: summary.en: [length] too short"


def test_built_in_roles_have_no_errors():
    findings = lint_project(load_project(REPO))
    assert exit_code(findings) == 0
    assert not [f for f in findings if f.rule != "gender-coded"]


TRADITIONAL_CONFIG = "company: {name: 測試公司}\nlanguages: [zh-Hant, de]\n"


def traditional_role(zh_hant: str) -> str:
    """The parent role in Traditional Chinese and German, with this summary."""
    role = PARENT_ROLE.replace(PARENT_SUMMARY, f'summary: {{zh-Hant: "{zh_hant}", de: "Sie führen die Zahlen."}}')
    return role.replace("{zh:", "{zh-Hant:").replace(", en:", ", de:")


@pytest.mark.parametrize("text, term", [
    ("僅限男性，已婚者優先。", "僅限男性"), ("須接受加班，抗壓能力強。", "抗壓能力強"), ("形象氣質佳，限本地戶籍。", "形象氣質佳"),
    ("面試時會詢問生育計畫。", "生育計畫"), ("歡迎懷孕媽媽。", "懷孕"),
])
def test_traditional_chinese_terms_are_flagged_as_written(tmp_path, text, term):
    findings = [f for f in lint(tmp_path, {"assistant": traditional_role(text)}, TRADITIONAL_CONFIG)
                if f.rule.startswith("zh-")]
    assert any(f.message.startswith(f"'{term}'") and f.field == "summary.zh-Hant" for f in findings), findings


def test_a_traditional_equal_opportunity_clause_is_not_flagged(tmp_path):
    role = traditional_role("我們不因婚姻狀況、懷孕或戶籍而區別對待應徵者。")
    assert not [f for f in lint(tmp_path, {"assistant": role}, TRADITIONAL_CONFIG) if f.rule.startswith("zh-")]


def test_a_language_without_word_lists_is_named_once(tmp_path):
    role = traditional_role("每天記錄銷售數據。")
    findings = of_rule(lint(tmp_path, {"assistant": role, "manager": CHILD_ROLE.replace("{zh:", "{zh-Hant:")
                                       .replace(", en:", ", de:")}, TRADITIONAL_CONFIG), "no-word-list")
    assert [str(f) for f in findings] == [
        "jobdocs.yaml:2: languages: [no-word-list] jobdocs lint has word lists for Chinese (zh, zh-Hant) and English "
        "only, so the job ads in de are not checked for unlawful or gender-coded wording; have a native-speaking "
        "HR colleague read them"]
    assert not of_rule(lint(tmp_path / "zh-en", {"assistant": PARENT_ROLE}), "no-word-list")

