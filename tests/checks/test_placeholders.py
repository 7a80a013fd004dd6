"""Placeholder texts are found in the loaded project, with the file, line and field the model knows."""
from __future__ import annotations

from jobdocs.checks.placeholders import is_placeholder, placeholder, placeholder_problems
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project


def problems(tmp_path, text: str) -> list[str]:
    """The placeholders of a role made of ``text`` (its first lines) and the rest of ``PARENT_ROLE``."""
    written = {line.split(":")[0] for line in text.splitlines() if not line.startswith(" ")}
    rest = [block for block in PARENT_ROLE.replace("\n  ", "\n\t").splitlines()
            if block.split(":")[0] not in written]
    write_project(tmp_path, {"role": text + "\n".join(rest).replace("\t", "  ") + "\n"})
    return [str(problem) for problem in placeholder_problems(load_project(tmp_path))]


def test_the_marker_is_recognised_in_any_language_and_case():
    assert placeholder("write the title") == "TODO: write the title"
    assert all(map(is_placeholder, ["TODO: 填写职位名称", "  todo: Titel", "TODO:"]))
    assert not any(map(is_placeholder, ["Keep a TODO: list", "TODO list", 3, None]))


def test_a_text_map_is_one_warning_naming_its_languages(tmp_path):
    assert problems(tmp_path, "title:\n  zh: 'TODO: 标题'\n  en: 'TODO: title'\n") == [
        "roles/role.yaml:2: title: still holds the placeholder 'TODO: 标题' (zh, en); write the real text in its place"]


def test_only_the_languages_still_to_write_are_named(tmp_path):
    assert problems(tmp_path, "title:\n  zh: 店长\n  en: 'TODO: title'\n") == [
        "roles/role.yaml:3: title: still holds the placeholder 'TODO: title' (en); write the real text in its place"]


def test_plain_texts_and_list_items_name_their_own_place(tmp_path):
    text = "summary: 'TODO: summary'\nkpis:\n  - Sales\n  - 'TODO: a second measure'\n"
    assert problems(tmp_path, text) == [
        "roles/role.yaml:1: summary: still holds the placeholder 'TODO: summary'; write the real text in its place",
        "roles/role.yaml:4: kpis[1]: still holds the placeholder 'TODO: a second measure'; "
        "write the real text in its place"]


def test_a_long_placeholder_is_shortened(tmp_path):
    [message] = problems(tmp_path, f"summary: 'TODO: {'x' * 100}'\n")
    assert f"'TODO: {'x' * 51}...'" in message


def test_an_inherited_placeholder_is_reported_once_in_the_file_that_holds_it(tmp_path):
    parent = PARENT_ROLE.replace("description: {zh: 准确记录数据。, en: Record data accurately.}",
                                 "description: {zh: 准确记录数据。, en: 'TODO: describe'}")
    child = CHILD_ROLE.replace("  - id: data-tracking\n    name: {zh: 数据分析, en: Data analysis}\n    level: 4\n", "")
    project = load_project(write_project(tmp_path, {"assistant": parent, "manager": child}))
    expected = ["roles/assistant.yaml:9: competencies[0].description: still holds the placeholder 'TODO: describe' "
                "(en); write the real text in its place"]
    assert [str(problem) for problem in placeholder_problems(project, ["manager"])] == expected
    assert [str(problem) for problem in placeholder_problems(project)] == expected
