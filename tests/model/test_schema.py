"""Texts YAML read as something else: the loader says what happened and how to write it."""
from __future__ import annotations

import pytest

from jobdocs.errors import InputError
from jobdocs.model.project import load_project

from tests.conftest import PARENT_ROLE, write_project

DUTY = "  - {zh: 每天记录销售数据。, en: Record sales data every day.}"
NAME = "name: {zh: 数据跟踪, en: Data tracking}"


def problems(tmp_path, old: str, new: str) -> list[str]:
    assert PARENT_ROLE.count(old) == 1, old
    write_project(tmp_path, {"a": PARENT_ROLE.replace(old, new)})
    with pytest.raises(InputError) as error:
        load_project(tmp_path)
    return [str(problem) for problem in error.value.problems]


def test_a_comma_in_a_flow_map_text_says_to_quote_the_text(tmp_path):
    assert problems(tmp_path, DUTY, "  - {zh: 打包发货, en: Pack, label and ship}") == [
        "roles/a.yaml:5: responsibilities[0].en: a comma inside { } ends a text, so YAML read 'label and ship' as a "
        "field of its own; put the whole text in quotes: en: \"Pack, label and ship\""]


def test_several_commas_and_a_comma_in_the_chinese_text(tmp_path):
    assert problems(tmp_path, NAME, "name: {zh: 数据跟踪, 分析, en: Track, check, report}") == [
        "roles/a.yaml:8: competencies[0].name.zh: a comma inside { } ends a text, so YAML read '分析' as a field of "
        "its own; put the whole text in quotes: zh: \"数据跟踪, 分析\""]


def test_the_comma_hint_quotes_the_text_as_typed(tmp_path):
    """A decimal comma is the user's number: the fix must not turn 0,2 into 0, 2."""
    assert problems(tmp_path, DUTY, "  - {zh: 拣货差错率低于 0.2%, en: Pick errors under 0,2 %}") == [
        "roles/a.yaml:5: responsibilities[0].en: a comma inside { } ends a text, so YAML read '2 %' as a field of "
        "its own; put the whole text in quotes: en: \"Pick errors under 0,2 %\""]


def test_a_comma_in_a_block_map_text_is_fine(tmp_path):
    write_project(tmp_path, {"a": PARENT_ROLE.replace(DUTY, "  - zh: 打包发货\n    en: Pack, label and ship")})
    role = load_project(tmp_path).roles["a"]
    assert role.responsibilities[0].get_text("en") == "Pack, label and ship"


def test_a_missing_space_after_a_language_in_a_flow_map(tmp_path):
    assert problems(tmp_path, NAME, "name: {zh:数据跟踪, en:Data tracking}")[0] == (
        "roles/a.yaml:8: competencies[0].name.zh:数据跟踪: put a space after the colon: zh: 数据跟踪")


def test_a_list_item_with_a_colon_is_read_as_a_field(tmp_path):
    assert problems(tmp_path, DUTY, "  - Daily: record sales data") == [
        "roles/a.yaml:5: responsibilities[0]: YAML read this text as a field 'Daily' because it holds ': '; "
        "put it in quotes: \"Daily: record sales data\""]


@pytest.mark.parametrize("written", ["yes", "No", "on", "off"])
def test_a_yes_no_word_is_named_as_written(tmp_path, written):
    [message] = problems(tmp_path, NAME, f"name: {{zh: 数据跟踪, en: {written}}}")
    assert message == (f"roles/a.yaml:8: competencies[0].name.en: YAML reads {written} as a yes/no value, not as "
                       f"text; put the text in quotes: \"{written}\"")


def test_numbers_in_a_text_keep_their_spelling(tmp_path):
    role_text = PARENT_ROLE.replace(NAME, "name: {zh: 1.10, en: 1.10}") + "codes: {isco08: 0410}\n"
    write_project(tmp_path, {"a": role_text})
    role = load_project(tmp_path).roles["a"]
    assert role.competencies[0].name.get_text("en") == "1.10"
    assert role.codes == {"isco08": "0410"}


@pytest.mark.parametrize("written, expected", [
    ("08", "level: must be a whole number, got '08'; write it without the leading zero: 8"),
    ("010", "level: YAML reads 010 with its leading zero as the octal number 8; write 10"),
])
def test_a_leading_zero_in_a_number(tmp_path, written, expected):
    assert problems(tmp_path, "level: 1\n", f"level: {written}\n") == [f"roles/a.yaml:3: {expected}"]


def test_a_list_item_without_a_space_after_the_dash(tmp_path):
    assert problems(tmp_path, DUTY, "  -Record sales data every day.") == [
        "roles/a.yaml:4: responsibilities: must be a list: put a space after each '-', like '- Record sales data every day.'"]
