"""The career-ladder picture's alternative text: the ladder in words."""
from __future__ import annotations

from jobdocs.model.project import load_project
from jobdocs.html.ladder import ladder_description
from jobdocs.html.templates import Templates

from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project

SECOND_CHILD = CHILD_ROLE.replace("title: {zh: 店长, en: Store Manager}", "title: {zh: 客服主管, en: Service Lead}")
HEAD = CHILD_ROLE.replace("extends: assistant", "extends: manager").replace(
    "title: {zh: 店长, en: Store Manager}", "title: {zh: 总监, en: Director}").replace("level: 2", "level: 3")
BUYER = PARENT_ROLE.replace("title: {zh: 运营助理, en: Operations Assistant}", "title: {zh: 买手, en: Buyer}").replace(
    "level: 1", "level: 2\nreports_to: head")


def describe(tmp_path, role_id: str, language: str) -> str:
    root = write_project(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE, "lead": SECOND_CHILD,
                                    "head": HEAD, "buyer": BUYER})
    project = load_project(root)
    titles = {role.id: role.title.get_text(language) for role in project.roles.values()}
    return ladder_description(project.roles, role_id, titles, Templates(root).labels(language))


def test_a_branching_ladder_gives_one_sentence_a_path_and_says_who_else_reports_to_whom(tmp_path):
    assert describe(tmp_path, "lead", "en") == (
        "Operations Assistant grows into Service Lead. "
        "Operations Assistant grows into Store Manager, then Director. "
        "Buyer reports to Director. You are here: Service Lead.")


def test_the_description_is_in_the_documents_language(tmp_path):
    assert describe(tmp_path, "buyer", "zh") == (
        "运营助理晋升为客服主管。运营助理晋升为店长，再晋升为总监。买手向总监汇报。当前岗位：买手。")


def test_a_role_on_no_ladder_says_only_where_you_are(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE})
    project = load_project(root)
    assert ladder_description(project.roles, "assistant", {"assistant": "Operations Assistant"},
                              Templates(root).labels("en")) == "You are here: Operations Assistant."
