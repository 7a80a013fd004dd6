"""The default job ad as a recruiter writes it: its labels, plurals and equal-opportunity line in each language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jobdocs.checks.postings import DEFAULT_GROUNDS, PLACES
from jobdocs.html.render import render_html
from jobdocs.html.templates import Templates, default_templates_dir
from jobdocs.model.project import load_project

from tests.conftest import PARENT_ROLE, write_project

LABELS = yaml.safe_load((default_templates_dir() / "labels.yaml").read_text(encoding="utf-8"))
LANGUAGES = ("zh", "zh-Hant", "en", "de", "fr", "es", "ja", "ko")


def test_every_ground_a_place_names_is_worded_in_every_language():
    grounds = {ground for place in PLACES.values() for ground in place.equal_opportunity} | set(DEFAULT_GROUNDS)
    for language in LANGUAGES:
        assert grounds <= set(LABELS[language]["grounds"]), language


def test_full_time_is_not_a_permanent_post_and_chinese_brackets_are_full_width():
    assert LABELS["ja"]["employment_types"]["FULL_TIME"] != "正社員"
    assert "正社員" not in LABELS["ja"]["employment_types"]["FULL_TIME"]
    assert "정규직" not in LABELS["ko"]["employment_types"]["FULL_TIME"]
    for language in ("zh", "zh-Hant"):
        assert not re.search(r"[()]", yaml.safe_dump(LABELS[language], allow_unicode=True)), language


def ad_html(tmp_path: Path, languages: list[str], role: str = PARENT_ROLE, config: str = "") -> dict[str, str]:
    project_file = f"company: {{name: ACME}}\nlanguages: [{', '.join(languages)}]\n" + config
    root = write_project(tmp_path, {"assistant": role}, project_file)
    project = load_project(root)
    templates = Templates(root)
    return {language: render_html(project, templates, "assistant", "job-ad", language).html for language in languages}


def plain(html: str) -> str:
    """What a reader sees of the page's main text."""
    main = html.split("<main>", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("years, expected", [
    (1, {"en": "At least 1 year of relevant experience", "zh": "1年以上相关工作经验"}),
    (2, {"en": "At least 2 years of relevant experience", "zh": "2年以上相关工作经验"}),
])
def test_experience_is_counted_by_cldr_plural_rules(tmp_path, years, expected):
    role = PARENT_ROLE + f"requirements: {{experience_years: {years}}}\n"
    pages = ad_html(tmp_path, ["zh", "en"], role)
    for language, text in expected.items():
        assert text in plain(pages[language])
    assert "year(s)" not in pages["en"]


@pytest.mark.parametrize("language, one, two", [
    ("de", "1 Monat", "2 Monate"), ("fr", "1 mois", "2 mois"), ("es", "1 mes", "2 meses"), ("en", "1 month", "2 months"),
    ("ja", "1か月", "2か月"), ("ko", "1개월", "2개월"), ("zh-Hant", "1個月", "2個月"),
])
def test_the_plural_filter_picks_each_languages_form(language, one, two):
    templates = Templates(Path("/nonexistent"))
    labels = templates.labels(language)
    template = templates.env.from_string("{{ t.probation_months|plural(n) }}")
    assert [template.render(t=labels, n=count) for count in (1, 2)] == [one, two]


def test_the_ad_states_employer_terms_must_haves_benefits_and_dates(tmp_path):
    role = PARENT_ROLE.replace("  type: FULL_TIME\n", "  type: FULL_TIME\n  hours: {zh: 周一至周五 9-18点, en: Mon-Fri 9-6}\n"
                               "  probation_months: 3\n").replace(
        "period: MONTH}", "period: MONTH, basis: gross}") + (
        "requirements:\n  must_have: [{zh: 会用Excel, en: Fluent in Excel}]\n  nice_to_have: [{zh: 会英语, en: Some English}]\n"
        "benefits: [{zh: 五险一金, en: Social insurance and housing fund}]\nposting: {openings: 3}\n")
    config = "posting: {date_posted: 2026-11-02, valid_through: 2026-12-31}\njurisdictions: [CN]\n"
    pages = {language: plain(html) for language, html in ad_html(tmp_path, ["zh", "en"], role, config).items()}
    for text in ("Employer: ACME", "per month (before tax)", "Mon-Fri 9-6", "3 positions", "3 months", "Nov 2, 2026",
                 "Fluent in Excel", "Some English", "Social insurance and housing fund"):
        assert text in pages["en"], text
    for text in ("用人单位：ACME", "（税前）", "招聘人数 3人", "试用期 3个月", "发布日期", "会用Excel", "五险一金"):
        assert text in pages["zh"], text
    # The listed must-haves replace the competencies, which never stand in for them twice.
    assert "Data tracking" not in pages["en"] and "Platform rules" not in pages["en"]


def test_without_listed_requirements_the_competencies_stand_in(tmp_path):
    pages = ad_html(tmp_path, ["en"])
    assert "Data tracking" in pages["en"] and "Platform rules" in pages["en"]


@pytest.mark.parametrize("places, language, grounds", [
    (["CN"], "zh", ["户籍", "地域", "乙肝病原携带", "民族", "婚姻状况", "生育状况"]),
    (["DE"], "de", ["ethnischer Herkunft", "Geschlecht", "Religion oder Weltanschauung", "Behinderung", "Alter",
                    "sexueller Identität"]),
    (["KR"], "ko", ["용모", "출신 지역", "혼인 여부"]),
    (["US-NY"], "en", ["genetic information", "national origin", "pregnancy or childbearing"]),
])
def test_the_default_equal_opportunity_line_names_the_grounds_of_the_places_law(tmp_path, places, language, grounds):
    role = PARENT_ROLE.replace("{zh:", "{" + language + ":") if language != "en" else PARENT_ROLE
    languages = [language, "en"] if language != "en" else ["zh", "en"]
    config = f"jurisdictions: [{', '.join(places)}]\n"
    html = ad_html(tmp_path, languages, role, config)[language]
    section = plain(html.split('<h2>' + LABELS[language]["equal_opportunity"] + '</h2>')[1])
    assert all(ground in section for ground in grounds), section
    assert 'class="small"' not in html


def test_the_projects_own_line_wins(tmp_path):
    html = ad_html(tmp_path, ["zh", "en"], config="equal_opportunity: {zh: 我们平等对待每位应聘者。, en: We treat everyone alike.}\n")
    assert "We treat everyone alike." in html["en"] and "grounds of" not in html["en"]
