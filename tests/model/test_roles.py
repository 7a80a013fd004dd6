from __future__ import annotations

from pathlib import Path

import pytest

from jobdocs.errors import InputError
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project


def load(tmp_path: Path, roles: dict[str, str]):
    write_project(tmp_path, roles)
    return load_project(tmp_path).roles


def problems(tmp_path: Path, roles: dict[str, str]) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, roles)
    return [str(problem) for problem in caught.value.problems]


def test_child_inherits_parent_competencies_and_replaces_by_id(tmp_path):
    roles = load(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE})
    manager = roles["manager"]
    assert [c.id for c in manager.competencies] == ["data-tracking", "platform-rules", "traffic-growth"]
    data = manager.competencies[0]
    assert (data.level, data.name.get_text("en")) == (4, "Data analysis")
    assert (data.introduced_by, data.defined_by) == ("assistant", "manager")
    rules = manager.competencies[1]
    assert (rules.introduced_by, rules.defined_by) == ("assistant", "assistant")
    assert manager.employment.salary.max == 9000  # left out by the child, so the parent's
    assert manager.title.get_text("zh") == "店长"


def test_chains_of_extends_resolve(tmp_path):
    director = CHILD_ROLE.replace("extends: assistant", "extends: manager").replace("店长", "总监")
    roles = load(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE, "director": director})
    assert [c.id for c in roles["director"].competencies] == ["data-tracking", "platform-rules", "traffic-growth"]
    assert roles["director"].competencies[2].introduced_by == "manager"


def test_out_of_range_level_names_file_line_and_field(tmp_path):
    text = PARENT_ROLE.replace("    level: 2\n    weight: 2", "    level: 7\n    weight: 2")
    assert problems(tmp_path, {"assistant": text}) == [
        "roles/assistant.yaml:10: competencies[0].level: must be 1-5, got 7"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = PARENT_ROLE.replace("level: 1\n", "level: one\n").replace("answer: 0", "answer: 5")
    found = problems(tmp_path, {"assistant": text})
    assert "roles/assistant.yaml:3: level: must be a whole number, got 'one'" in found
    assert any(p.startswith("roles/assistant.yaml:26: competencies[0].training.quiz[0].answer:") for p in found)
    assert len(found) == 2


def test_unknown_field_suggests_the_right_name(tmp_path):
    text = PARENT_ROLE.replace("responsibilities:", "responsibilites:")
    found = problems(tmp_path, {"assistant": text})
    assert "roles/assistant.yaml:4: responsibilites: unknown field; did you mean 'responsibilities'?" in found
    assert "roles/assistant.yaml:1: responsibilities: required field is missing" in found


def test_missing_language_names_the_field(tmp_path):
    text = PARENT_ROLE.replace("summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}",
                               "summary: {zh: 你负责店铺的日常数据。}")
    assert problems(tmp_path, {"assistant": text}) == [
        "roles/assistant.yaml:2: summary.en: the 'en' text is missing (this project builds zh, en)"]


def test_a_misspelt_language_key_is_named_with_the_language_it_should_be(tmp_path):
    text = PARENT_ROLE.replace("title: {zh: 运营助理, en: Operations Assistant}", "title: {zh: 运营助理, enn: Operations Assistant}")
    assert problems(tmp_path, {"assistant": text}) == [
        "roles/assistant.yaml:1: title.en: the 'en' text is missing (this project builds zh, en); "
        "'enn' is not a language of this project: did you mean 'en'?"]


def test_unknown_parent_and_cycles_are_errors(tmp_path):
    found = problems(tmp_path, {"manager": CHILD_ROLE})
    assert found == ["roles/manager.yaml:1: extends: no role has the id 'assistant'; known: manager"]
    typo = CHILD_ROLE.replace("extends: assistant", "extends: assistent")
    found = problems(tmp_path / "typo", {"assistant": PARENT_ROLE, "manager": typo})
    assert found == ["roles/manager.yaml:1: extends: no role has the id 'assistent'; did you mean 'assistant'?"]
    a = CHILD_ROLE.replace("extends: assistant", "extends: b")
    b = CHILD_ROLE.replace("extends: assistant", "extends: a")
    found = problems(tmp_path / "cycle", {"a": a, "b": b})
    assert "roles/a.yaml:1: extends: roles extend each other in a cycle: a -> b -> a" in found


def test_duplicate_competency_ids_and_role_ids(tmp_path):
    text = PARENT_ROLE.replace("  - id: platform-rules", "  - id: data-tracking")
    assert problems(tmp_path, {"assistant": text}) == [
        "roles/assistant.yaml:27: competencies[1].id: 'data-tracking' is already the id of competencies[0]; "
        "ids must be unique within a role"]
    found = problems(tmp_path / "ids", {"a": "id: same\n" + PARENT_ROLE, "b": "id: same\n" + PARENT_ROLE})
    assert found == ["roles/b.yaml:1: id: 'same' is already the id of roles/a.yaml"]


def test_bad_id_is_refused(tmp_path):
    found = problems(tmp_path, {"assistant": "id: Store_Manager\n" + PARENT_ROLE})
    assert found == ["roles/assistant.yaml:1: id: must use only lowercase letters, digits and '-' "
                     "(like store-manager), got 'Store_Manager'"]


def test_a_file_that_does_not_parse_causes_no_knock_on_unknown_id(tmp_path):
    broken = CHILD_ROLE.replace("title: {zh: 店长, en: Store Manager}", "title: {zh: 店长, en: Store: Manager}")
    child_of_broken = CHILD_ROLE.replace("extends: assistant", "extends: manager")
    found = problems(tmp_path, {"assistant": PARENT_ROLE, "manager": broken, "director": child_of_broken})
    assert len(found) == 1 and found[0].startswith("roles/manager.yaml:2: YAML syntax error")


def test_a_tab_is_named_as_such(tmp_path):
    found = problems(tmp_path, {"assistant": PARENT_ROLE.replace("responsibilities:\n", "responsibilities:\n\t")})
    assert found[0].endswith("indent with spaces only: this line holds a tab")


EXTRA = """extra:
  benefits: [{zh: 五险一金, en: Social insurance}, {zh: 带薪年假, en: Paid holidays}]
  team_size: 12
  perks: {zh: 零食, en: Snacks}
"""


def test_extra_fields_are_texts_or_lists_of_texts_and_merge_by_key(tmp_path):
    child = CHILD_ROLE + "extra:\n  benefits: [{zh: 股票期权, en: Stock options}]\n  perks: null\n"
    roles = load(tmp_path, {"assistant": PARENT_ROLE + EXTRA, "manager": child})
    assert [text.get_text("en") for text in roles["assistant"].extra["benefits"]] == ["Social insurance", "Paid holidays"]
    manager = roles["manager"].extra
    assert [text.get_text("zh") for text in manager["benefits"]] == ["股票期权"]  # the child's replaces the parent's
    assert manager["team_size"].get_text("en") == "12"  # inherited
    assert "perks" not in manager  # null drops an inherited one


def test_extra_fields_are_checked_in_every_language_with_their_lines(tmp_path):
    extra = "extra:\n  Benefits: [x]\n  team: {zh: 一个团队}\n  list: [{en: only English}]\n  nested: [[x]]\n"
    assert problems(tmp_path, {"assistant": PARENT_ROLE + extra}) == [
        "roles/assistant.yaml:36: extra.Benefits: must be a name of lowercase letters, digits and '_' (like dress_code "
        "or team_size), so a template can say role.extra.NAME, got 'Benefits'",
        "roles/assistant.yaml:37: extra.team.en: the 'en' text is missing (this project builds zh, en)",
        "roles/assistant.yaml:38: extra.list[0].zh: the 'zh' text is missing (this project builds zh, en)",
        "roles/assistant.yaml:39: extra.nested[0]: must be a text, or a mapping of language to text "
        "({zh: ..., en: ...}), got a list",
    ]


def test_an_unknown_top_level_field_is_an_error_that_points_to_extra(tmp_path):
    unknown, close = problems(tmp_path, {"assistant": PARENT_ROLE + "perks: [x]\nextras: {a: b}\n"})
    assert unknown.startswith("roles/assistant.yaml:35: perks: unknown field; known fields: title, summary, ")
    assert unknown.endswith(", extra; a field of your own goes under 'extra:' (extra: {perks: ...})")
    assert close == "roles/assistant.yaml:36: extras: unknown field; did you mean 'extra'?"
