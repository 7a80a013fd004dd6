"""YAML syntax mistakes people new to YAML make: each message names the line to change and the fix."""
from __future__ import annotations

import pytest

from jobdocs.errors import InputError
from jobdocs.model.yamlsource import load_yaml

from tests.conftest import PARENT_ROLE

SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"
DUTY = "  - {zh: 每天记录销售数据。, en: Record sales data every day.}"


def edit(old: str, new: str) -> str:
    assert PARENT_ROLE.count(old) == 1, old
    return PARENT_ROLE.replace(old, new)


def problem(tmp_path, text: str) -> str:
    path = tmp_path / "a.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(InputError) as error:
        load_yaml(path, "roles/a.yaml")
    [found] = error.value.problems
    return str(found)


@pytest.mark.parametrize("text, expected", [
    (edit(SUMMARY, "summary:\n  zh: 目标\n  en: Goal: keep the numbers"),
     'roles/a.yaml:4: YAML syntax error at column 11: mapping values are not allowed in this context; '
     'a text that holds ": " must be in quotes: en: "Goal: keep the numbers"'),
    (edit(DUTY, "  - {zh: 记录数据。, en: Daily: record sales data}"),
     'a text that holds ": " must be in quotes: en: "Daily: record sales data"'),
    (edit(DUTY, "  - Daily: record sales: every day"),
     'roles/a.yaml:5: YAML syntax error at column 24: mapping values are not allowed in this context; '
     'a text that holds ": " must be in quotes: - "Daily: record sales: every day"'),
    (edit(SUMMARY, "summary: *Important* role"),
     """a text cannot start with '*' in YAML; put it in quotes: summary: "*Important* role\""""),
    (edit(DUTY, "  - {zh: 记录数据。, en: *Record* sales data}"),
     """a text cannot start with '*' in YAML; put it in quotes: en: "*Record* sales data\""""),
    (edit(SUMMARY, "summary: & more"), """a text cannot start with '&' in YAML; put it in quotes: summary: "& more\""""),
    (edit(SUMMARY, "summary: @home team"), "a text cannot start with '@' in YAML"),
    (edit(SUMMARY, "summary: `SKU` owner"), "a text cannot start with '`' in YAML"),
    (edit(SUMMARY, "summary: [Draft] You run the store"),
     """YAML reads '[' at the start of a text as the start of a list; put the text in quotes: """
     """summary: "[Draft] You run the store\""""),
    (edit(SUMMARY, 'summary: "Senior" manager'),
     """the quotes must enclose the whole text: summary: '"Senior" manager'"""),
    (edit("level: 1\n", "level：1\n"),
     "roles/a.yaml:3: YAML syntax error: the field name 'level' is followed by a full-width colon '：'; "
     "type an ASCII colon and a space instead: level: 1"),
    (edit("level: 1\n", "level:1\n"), "roles/a.yaml:3: YAML syntax error: put a space after the colon: level: 1"),
    (edit("title: {zh: 运营助理, en: Operations Assistant}", "title:Operations Assistant"),
     "roles/a.yaml:1: YAML syntax error: put a space after the colon: title: Operations Assistant"),
    (edit(DUTY, "  - Record sales\n  -Check stock"),
     "roles/a.yaml:6: YAML syntax error: put a space after the '-' of a list item: - Check stock"),
    (edit("    level: 2\n    weight: 2", "    level: 2\n      weight: 2"),
     "roles/a.yaml:11: YAML syntax error at column 13: mapping values are not allowed in this context; this line is "
     "indented more than line 10, which already has a value; fields at the same level must start in the same column"),
    (edit("    weight: 2", "\u3000  weight: 2"),
     "roles/a.yaml:11: YAML syntax error: the line is indented with a full-width space '\u3000'; "
     "indent with ordinary spaces"),
    (edit(SUMMARY, "summary: “Goal: numbers”"), "curly quotes “ ” are not quotes to YAML; type straight quotes"),
    (edit(SUMMARY, 'summary: "You keep the numbers'),
     'roles/a.yaml:2: YAML syntax error: the double quote that starts this text is never closed; end the text with "'),
    (edit("{zh: 运营助理, en: Operations Assistant}", "{zh: 运营助理，en: Operations Assistant}"),
     "a full-width comma '，' does not separate the texts in { }; type an ASCII comma and a space before 'en:'"),
    (edit("en: Record sales data every day.}", "en: Record sales #1 data}"),
     "roles/a.yaml:5: YAML syntax error: ' #' starts a comment in YAML, so the rest of the line was dropped"),
], ids=["colon-in-text", "colon-in-flow-text", "colons-in-a-list-item", "leading-star", "leading-star-in-flow", "leading-ampersand",
        "leading-at", "leading-backtick", "text-after-brackets", "text-after-quotes", "full-width-colon", "no-space-after-colon",
        "no-space-after-colon-in-text", "no-space-after-dash", "indented-under-a-value", "full-width-space",
        "curly-quotes", "unclosed-quote", "full-width-comma", "comment-in-flow"])
def test_a_syntax_trap_gets_its_fix(tmp_path, text, expected):
    message = problem(tmp_path, text)
    assert expected in message
    assert message.startswith("roles/a.yaml:")


def test_an_unknown_mistake_keeps_the_general_hint(tmp_path):
    assert problem(tmp_path, edit('en: "What did you do?"', "en: ?")).endswith(
        "in double quotes")


@pytest.mark.parametrize("text", [PARENT_ROLE.replace("\n", "\r\n"), "\ufeff" + PARENT_ROLE],
                         ids=["windows-line-ends", "byte-order-mark"])
def test_windows_line_ends_and_a_byte_order_mark_are_fine(tmp_path, text):
    path = tmp_path / "a.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert load_yaml(path, "roles/a.yaml")["level"] == 1


def test_the_spelling_of_numbers_and_yes_no_values_is_kept(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1.10\nb: [on, 010]\nc: 12\nd: '1.10'\n", encoding="utf-8")
    data = load_yaml(path, "roles/a.yaml")
    assert (data["a"], data.spellings) == (1.1, {"a": "1.10"})
    assert data["b"].spellings == {0: "on", 1: "010"}
