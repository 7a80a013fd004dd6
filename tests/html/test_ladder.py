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


LONG_DE = "Qualitätssicherungsbeauftragte Lagerlogistik, Versandvorbereitung und Retourenabwicklung (m/w/d)"


def test_a_long_title_wraps_at_syllables_and_shrinks_but_keeps_every_letter(tmp_path):
    from jobdocs.html.ladder import BOX_WIDTH, PADDING, TITLE_SIZES, _font, fit_title, wrap_title

    labels = Templates(write_project(tmp_path, {"assistant": PARENT_ROLE})).labels("de")
    fitted = fit_title(LONG_DE, labels)
    assert fitted.size < TITLE_SIZES[0]
    assert all(_font(fitted.size, labels).getlength(line) <= BOX_WIDTH - 2 * PADDING for line in fitted.lines)
    assert " ".join(fitted.lines).replace("- ", "") == LONG_DE
    # a word wider than the box breaks between German syllables, with a hyphen
    lines = wrap_title(LONG_DE, _font(TITLE_SIZES[0], labels), BOX_WIDTH - 2 * PADDING, "de-DE")
    assert lines[:2] == ["Qualitätssicherungsbeauftrag-", "te Lagerlogistik,"]


def test_a_chinese_title_wraps_between_characters_and_keeps_them_all(tmp_path):
    from jobdocs.html.ladder import fit_title

    labels = Templates(write_project(tmp_path, {"assistant": PARENT_ROLE})).labels("zh")
    title = "跨境电商品类产品经理（欧洲与北美市场、自有品牌与供应链）"
    assert "".join(fit_title(title, labels).lines) == title


def ladder_of(tmp_path, roles: dict[str, str], role_id: str, language: str = "en"):
    from jobdocs.html.ladder import draw_ladder, ladder_data_url

    root = write_project(tmp_path, roles)
    project = load_project(root)
    titles = {role.id: role.title.get_text(language) for role in project.roles.values()}
    labels = Templates(root).labels(language)
    return (draw_ladder(project.roles, role_id, titles, labels, "#1f4e79"),
            ladder_data_url(project.roles, role_id, titles, labels, "#1f4e79")[1])


def test_a_one_role_ladder_is_drawn_at_the_size_of_a_box_with_no_legend(tmp_path):
    from jobdocs.html.ladder import BOX_HEIGHT, BOX_WIDTH, MARGIN

    image, width = ladder_of(tmp_path / "one", {"assistant": PARENT_ROLE}, "assistant")
    assert image.size == (BOX_WIDTH + 2 * MARGIN, BOX_HEIGHT + 2 * MARGIN)  # no room kept for a legend
    two, two_width = ladder_of(tmp_path / "two", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, "manager")
    # a box is as wide on the page in both: the page width follows the picture's
    assert float(width.removesuffix("mm")) < 70
    assert abs(float(two_width.removesuffix("mm")) / two.width - float(width.removesuffix("mm")) / image.width) < 0.001


def test_the_legend_shows_only_the_arrows_drawn(tmp_path):
    from jobdocs.html.ladder import _legend_items

    labels = Templates(write_project(tmp_path, {"assistant": PARENT_ROLE})).labels("en")
    assert _legend_items(labels, promotions=True, reporting=False) == [("grows into", False)]
    assert _legend_items(labels, promotions=False, reporting=True) == [("reports to", True)]
    assert _legend_items(labels, promotions=False, reporting=False) == []
    # a promotion only: the picture is one legend line taller than its boxes, not two
    image, _ = ladder_of(tmp_path / "p", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, "manager")
    reporting, _ = ladder_of(tmp_path / "r", {"assistant": PARENT_ROLE, "buyer": BUYER.replace("reports_to: head",
                                                                                              "reports_to: assistant")},
                             "buyer")
    grey = (120, 120, 120)
    assert grey not in {colour for _count, colour in image.getcolors(1 << 16)}, "no dashed arrow, drawn or in a legend"
    assert grey in {colour for _count, colour in reporting.getcolors(1 << 16)}
