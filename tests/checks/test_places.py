"""Each place's posting rules (jobdocs.checks.postings) on planted phrases, in each label language."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.checks.lint import exit_code, lint_project
from jobdocs.errors import Problem
from jobdocs.model.project import load_project

from tests.conftest import write_project

#: A plain role in any language: every text is "x" but the summary, title and the extra YAML given.
ROLE = """\
title: {{{lang}: "{title}"}}
summary: {{{lang}: "{summary}"}}
responsibilities:
  - {{{lang}: "Aufgabe x"}}
competencies:
  - id: skill
    name: {{{lang}: "Fach x"}}
employment:
  location: {{{lang}: "Ort x"}}
  salary: {{currency: EUR, min: 3000, max: 4000, period: MONTH, basis: gross}}
{extra}"""


def lint_one(tmp_path: Path, lang: str, summary: str, places: list[str], title: str = "Titel (m/w/d) (H/F)",
             extra: str = "", config: str = "") -> list[Problem]:
    role = ROLE.format(lang=lang, title=title, summary=summary, extra=extra)
    project_file = (f"company: {{name: Firma}}\nlanguages: [{lang}]\njurisdictions: [{', '.join(places)}]\n"
                    "posting: {date_posted: 2026-11-02, valid_through: 2026-12-31, openings: 1}\n" + config)
    return lint_project(load_project(write_project(tmp_path, {"role": role}, project_file)))


def found(findings: list[Problem], field: str = "summary") -> list[tuple[str, str, str]]:
    return [(f.found, f.code, f.severity) for f in findings if f.field.split(".")[0] == field
            and not f.code.startswith("gender-coded")]


@pytest.mark.parametrize("place, lang, summary, expected", [
    # China: the five ministries' notice (2026), the Women's Rights Law, the Employment Promotion Law.
    ("CN", "zh", "仅限男性，限本地户口，无乙肝，高薪诚聘。",
     [("乙肝", "health-limit", "error"), ("仅限男性", "sex-limit", "error"), ("户口", "household-limit", "error"),
      ("限本地", "household-limit", "error"), ("高薪", "hype-wording", "error")]),
    ("CN", "zh", "年龄35岁以下，五官端正。", [("五官端正", "appearance-limit", "warning"),
                                          ("年龄35岁以下", "age-limit", "warning")]),
    # Taiwan: Employment Service Act art. 5.
    ("TW", "zh-Hant", "限本國籍，年齡35歲以下。", [("年齡35歲以下", "age-limit", "error"), ("限本國籍", "origin-limit", "error")]),
    # United States: ADEA and Title VII; New York adds its pay-history ban.
    ("US", "en", "Recent graduates under 30 only.", [("Recent graduates", "age-limit", "error"),
                                                    ("under 30", "age-limit", "error")]),
    ("US-NY", "en", "Tell us your salary history.", [("salary history", "pay-history-question", "error")]),
    # Germany: AGG and the Federal Labour Court's rulings.
    ("DE", "de", "Nur Männer unter 30 für unser junges Team, Muttersprachler.",
     [("Muttersprachler", "origin-limit", "error"), ("Nur Männer", "sex-limit", "error"),
      ("junges Team", "age-limit", "error"), ("unter 30", "age-limit", "error")]),
    # France: Code du travail L5331-2, L1142-1, L1132-1.
    ("FR", "fr", "Femmes uniquement, moins de 30 ans, bonne présentation.",
     [("Femmes uniquement", "sex-limit", "error"), ("bonne présentation", "appearance-limit", "error"),
      ("moins de 30 ans", "age-limit", "error")]),
    # Spain: Ley 15/2022; appearance is not a ground there, so it warns.
    ("ES", "es", "Solo hombres menores de 30 años con buena presencia.",
     [("Solo hombres", "sex-limit", "error"), ("buena presencia", "appearance-limit", "warning"),
      ("menores de 30 años", "age-limit", "error")]),
    # Japan: 労働施策総合推進法 art. 9 and 男女雇用機会均等法 art. 5 with its guideline's job titles.
    ("JP", "ja", "35歳以下の男性のみ。営業マン募集。", [("35歳以下", "age-limit", "error"), ("営業マン", "sex-limit", "error"),
                                               ("男性のみ", "sex-limit", "error")]),
    # South Korea: the Fair Hiring Procedure Act art. 4-3, the Equal Employment Opportunity Act art. 7.
    ("KR", "ko", "남성만 지원, 용모 단정, 출신 지역과 부모 직업 기재.",
     [("남성만", "sex-limit", "error"), ("부모 직업", "family-background-question", "error"),
      ("용모 단정", "appearance-limit", "error"), ("출신 지역", "household-limit", "error")]),
])
def test_each_place_judges_planted_phrases(tmp_path, place, lang, summary, expected):
    findings = lint_one(tmp_path, lang, summary, [place])
    assert sorted(found(findings)) == sorted(expected)
    for finding in findings:
        if finding.severity == "error" and finding.field == f"summary.{lang}":
            assert f"{place.split('-')[0]}:" in finding.message or f"{place}:" in finding.message
            assert finding.fix


def test_the_same_phrase_is_judged_by_each_place(tmp_path):
    """An age limit is unlawful in Germany, not outright in China: the places decide, not the language."""
    assert found(lint_one(tmp_path / "de", "en", "Applicants under 30.", ["DE"])) == [("under 30", "age-limit", "error")]
    assert found(lint_one(tmp_path / "cn", "en", "Applicants under 30.", ["CN"])) == [("under 30", "age-limit", "warning")]


def test_a_role_posted_nowhere_is_judged_by_its_languages_home(tmp_path):
    assert found(lint_one(tmp_path, "de", "Für unser junges Team.", [])) == [("junges Team", "age-limit", "error")]


@pytest.mark.parametrize("lang, summary", [
    ("ja", "性別・年齢・国籍を問わず、すべての方を歓迎します。"),
    ("de", "Wir freuen uns über Bewerbungen unabhängig von Geschlecht, Alter und Herkunft."),
    ("ko", "성별, 나이와 무관하게 모든 지원자를 환영합니다."),
])
def test_equal_opportunity_clauses_pass(tmp_path, lang, summary):
    assert not found(lint_one(tmp_path, lang, summary, ["JP", "DE", "KR"]))


def test_china_requires_headcount_and_validity_and_expects_hours_insurance_and_probation(tmp_path):
    role = ROLE.format(lang="zh", title="运营助理", summary="负责店铺运营。", extra="")
    bare = write_project(tmp_path / "bare", {"role": role}, "company: {name: 公司}\nlanguages: [zh]\njurisdictions: [CN]\n")
    missing = {f.code: (f.field, f.severity) for f in lint_project(load_project(bare)) if f.code.startswith("cn-")}
    assert missing == {"cn-headcount-missing": ("posting.openings", "error"),
                       "cn-validity-missing": ("posting.valid_through", "error"),
                       "cn-hours-missing": ("employment.hours", "warning"),
                       "cn-social-insurance-missing": ("benefits", "warning"),
                       "cn-probation-missing": ("employment.probation_months", "warning")}
    complete = role.replace("  salary:", '  hours: {zh: "周一至周五 9:00-18:00"}\n  probation_months: 0\n  salary:')
    full = write_project(tmp_path / "full", {"role": complete + "benefits: [{zh: 五险一金}]\n"},
                         "company: {name: 公司}\nlanguages: [zh]\njurisdictions: [CN]\n"
                         "posting: {valid_through: 2026-12-31, openings: 2}\n")
    assert not [f for f in lint_project(load_project(full)) if f.code.startswith("cn-")]


@pytest.mark.parametrize("places, title, code", [
    (["DE"], "Verkäufer", "de-title-gender-missing"), (["FR"], "Vendeur", "fr-title-gender-missing"),
])
def test_a_title_must_name_every_gender(tmp_path, places, title, code):
    lang = "de" if places == ["DE"] else "fr"
    [finding] = [f for f in lint_one(tmp_path, lang, "x", places, title=title) if f.code == code]
    assert (finding.field, finding.found, finding.severity) == (f"title.{lang}", title, "error")
    for marked in ("Verkäufer (m/w/d)", "Verkäufer*in", "Vendeur (H/F)", "Store Manager (all genders)"):
        assert not [f for f in lint_one(tmp_path / marked, lang, "x", places, title=marked) if f.code == code]


def test_a_pay_range_is_required_in_the_eu_and_us_states(tmp_path):
    for place in ("DE", "EU", "US-NY", "US-CA", "US-IL"):
        findings = lint_one(tmp_path / place, "en", "x", [place], title="Clerk (m/f/d)")
        assert not [f for f in findings if f.code == "pay-range-missing"]
    role = ROLE.format(lang="en", title="Clerk (m/f/d)", summary="x", extra="").replace(
        "  salary: {currency: EUR, min: 3000, max: 4000, period: MONTH, basis: gross}\n", "")
    for place in ("DE", "US-NYC"):
        root = write_project(tmp_path / f"unpaid-{place}", {"role": role},
                             f"languages: [en]\njurisdictions: [{place}]\n")
        [finding] = [f for f in lint_project(load_project(root)) if f.code == "pay-range-missing"]
        assert finding.severity == "error" and finding.field == "employment.salary"
        assert ("2023/970" if place == "DE" else "194-b") in finding.message


def test_france_requires_a_french_dated_offer(tmp_path):
    role = ROLE.format(lang="en", title="Clerk (H/F)", summary="x", extra="")
    root = write_project(tmp_path, {"role": role}, "languages: [en]\njurisdictions: [FR]\n")
    codes = {f.code for f in lint_project(load_project(root))}
    assert {"fr-french-missing", "fr-date-missing"} <= codes


def test_japan_requires_the_scope_of_changes_and_smoking_rules(tmp_path):
    findings = lint_one(tmp_path, "ja", "店舗運営を担当します。", ["JP"], title="店長")
    assert {f.code for f in findings if f.code.startswith("jp-")} >= {
        "jp-change-scope-missing", "jp-smoking-missing", "jp-hours-missing", "jp-probation-missing"}
    stated = lint_one(tmp_path / "stated", "ja", "就業場所（変更の範囲）会社の定める事業所。屋内禁煙。", ["JP"], title="店長")
    assert not [f for f in stated if f.code in ("jp-change-scope-missing", "jp-smoking-missing")]


def test_ignored_codes_are_silenced(tmp_path):
    findings = lint_one(tmp_path, "de", "Für unser junges Team.", ["DE"],
                        config="lint: {ignore: [age-limit]}\n")
    assert not [f for f in findings if f.code == "age-limit"] and exit_code(findings) == 0


def test_german_ads_that_lean_agentic_warn(tmp_path):
    findings = lint_one(tmp_path, "de", "Sie sind durchsetzungsstark, ehrgeizig und analytisch.", ["DE"])
    [lean] = [f for f in findings if f.code == "gender-coded"]
    assert "3 masculine-coded words (durchsetzungsstark, ehrgeizig, analytisch)" in lean.message
    assert not [f for f in lint_one(tmp_path / "b", "de", "Sie sind analytisch und teamfähig.", ["DE"])
                if f.code == "gender-coded"]
