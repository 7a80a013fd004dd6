from __future__ import annotations

import lxml.html
import pytest

from jobdocs.writers.docx.css import cascade_for
from jobdocs.writers.docx.cssvalues import Percent

MM = 72 / 25.4


def computed(css: str, body: str, *more_css: str):
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    styles = cascade_for([css, *more_css]).compute(tree)
    return styles, {element.get("id"): styles[element] for element in tree.iter() if element.get("id")}


def test_specificity_then_order_then_important_decide():
    css = "p { color: red } .x { color: blue } p { color: green } .y { color: blue } p.y { color: #123 !important }"
    _, by_id = computed(css, '<p id="a">A</p><p id="b" class="x">B</p><p id="c" class="y" style="color: red">C</p>')
    assert by_id["a"]["color"] == "008000"  # the later of two equal rules
    assert by_id["b"]["color"] == "0000FF"  # a class beats a type, whatever the order
    assert by_id["c"]["color"] == "112233"  # !important beats even the style attribute


def test_style_attribute_beats_rules():
    _, by_id = computed("#a { font-size: 20pt }", '<p id="a" style="font-size: 9pt">A</p>')
    assert by_id["a"]["font-size"] == 9


def test_inherited_properties_inherit_and_others_do_not():
    css = "body { color: #222; margin-bottom: 5pt; font-family: 'Noto Sans', sans-serif; text-align: center }"
    _, by_id = computed(css, '<div id="d"><span id="s">x</span></div>')
    assert by_id["s"]["color"] == "222222" and by_id["s"]["text-align"] == "center"
    assert by_id["s"]["font-family"] == ("Noto Sans", "sans-serif")
    assert by_id["d"]["margin-bottom"] == 0


@pytest.mark.parametrize("value, points", [("10pt", 10), ("16px", 12), ("25.4mm", 72), ("2.54cm", 72), ("1in", 72),
                                           ("2em", 20), ("1.5rem", 12), ("150%", 15), ("larger", 12)])
def test_units_of_font_size(value, points):
    css = f"html {{ font-size: 8pt }} div {{ font-size: 10pt }} #x {{ font-size: {value} }}"
    _, by_id = computed(css, '<div><span id="x">x</span></div>')
    assert by_id["x"]["font-size"] == pytest.approx(points)


def test_em_lengths_are_of_the_elements_own_font_size():
    _, by_id = computed("p { font-size: 12pt; margin-top: 0.5em; padding-left: 2mm; width: 30% }", '<p id="p">x</p>')
    assert by_id["p"]["margin-top"] == 6
    assert by_id["p"]["padding-left"] == pytest.approx(2 * MM)
    assert by_id["p"]["width"] == Percent(30)


@pytest.mark.parametrize("value, sides", [("1pt", (1, 1, 1, 1)), ("1pt 2pt", (1, 2, 1, 2)),
                                          ("1pt 2pt 3pt", (1, 2, 3, 2)), ("1pt 2pt 3pt 4pt", (1, 2, 3, 4))])
def test_margin_and_padding_shorthands(value, sides):
    _, by_id = computed(f"p {{ margin: {value}; padding: {value} }}", '<p id="p">x</p>')
    for side, expected in zip(("top", "right", "bottom", "left"), sides, strict=True):
        assert by_id["p"][f"margin-{side}"] == expected and by_id["p"][f"padding-{side}"] == expected


def test_border_shorthands_and_a_border_without_style_has_no_width():
    css = "td { border: 0.5pt solid #999 } td.b { border-bottom: 2px dashed red } td.n { border-top-style: none }"
    _, by_id = computed(css, '<table><tr><td id="a">a</td><td id="b" class="b">b</td><td id="n" class="n">n</td>'
                             '</tr></table>')
    assert [by_id["a"][f"border-left-{part}"] for part in ("width", "style", "color")] == [0.5, "solid", "999999"]
    assert [by_id["b"][f"border-bottom-{part}"] for part in ("width", "style", "color")] == [1.5, "dashed", "FF0000"]
    assert by_id["b"]["border-top-width"] == 0.5
    assert by_id["n"]["border-top-width"] == 0


def test_font_shorthand_and_weights():
    css = "p { font: italic bold 12pt/1.4 Georgia, serif } em { font-weight: bolder } b { font-weight: 300 }"
    _, by_id = computed(css, '<p id="p">x <em id="e">y</em> <b id="b">z</b></p>')
    p = by_id["p"]
    assert (p["font-style"], p["font-weight"], p["font-size"], p["line-height"]) == ("italic", 700, 12, ("factor", 1.4))
    assert p["font-family"] == ("Georgia", "serif")
    assert by_id["e"]["font-weight"] == 900 and by_id["e"]["font-style"] == "italic"
    assert by_id["b"]["font-weight"] == 300


def test_user_agent_defaults_and_author_overrides():
    _, by_id = computed("h2 { font-weight: normal }", '<h1 id="h1">a</h1><h2 id="h2">b</h2><ol><li id="li">c</li></ol>'
                                                       '<ul class="plain"><li id="plain">d</li></ul>',
                        "ul.plain { list-style: none }")
    assert by_id["h1"]["font-weight"] == 700 and by_id["h1"]["break-after"] == "avoid"
    assert by_id["h2"]["font-weight"] == 400
    assert by_id["li"]["list-style-type"] == "decimal"
    assert by_id["plain"]["list-style-type"] == "none"


def test_media_rules_for_print_apply_and_screen_rules_do_not():
    css = ("@media screen { p { color: red } } @media print { p { margin-top: 3pt } } "
           "@media screen and (max-width: 30rem) { p { font-size: 30pt } } @media not screen { p { font-size: 9pt } }")
    _, by_id = computed(css, '<p id="p">x</p>')
    assert by_id["p"]["color"] == "000000" and by_id["p"]["margin-top"] == 3 and by_id["p"]["font-size"] == 9


def test_colours_backgrounds_and_breaks():
    css = ("th { background: #eef2f6 } td { background-color: transparent; color: rgb(255, 0, 0) } "
           "h2 { page-break-before: always } div { break-inside: avoid }")
    _, by_id = computed(css, '<table><tr><th id="th">a</th><td id="td">b</td></tr></table><h2 id="h">c</h2>'
                             '<div id="d">d</div>')
    assert by_id["th"]["background-color"] == "EEF2F6" and by_id["td"]["background-color"] is None
    assert by_id["td"]["color"] == "FF0000"
    assert by_id["h"]["break-before"] == "page" and by_id["d"]["break-inside"] == "avoid"


def test_pseudo_elements_running_elements_and_page_margin_boxes():
    css = ("@page { size: A4 landscape; margin: 20mm 10mm; @top-left { content: element(head) } "
           "@bottom-center { content: 'Page ' counter(page) } } "
           "header { position: running(head) } .n::after { content: counter(pages) } .n::before { content: '#' }")
    styles, by_id = computed(css, '<header id="h">H</header><span id="n" class="n"></span>')
    span = next(element for element in styles.elements if element.get("id") == "n")
    assert styles.pseudo(span, "after")["content"] == (("counter", "pages"),)
    assert styles.pseudo(span, "before")["content"] == ("#",)
    assert by_id["h"]["position"] == ("running", "head")
    page = styles.page()
    assert (round(page.width), round(page.height)) == (842, 595)
    assert page.margins["top"] == pytest.approx(20 * MM) and page.margins["left"] == pytest.approx(10 * MM)
    assert page.boxes["top-left"]["content"] == (("element", "head"),)
    assert page.boxes["bottom-center"]["content"] == ("Page ", ("counter", "page"))
    assert page.boxes["bottom-center"]["text-align"] == "center"  # from the user agent's rules


def test_letter_and_explicit_page_sizes():
    styles, _ = computed("@page { size: letter }", "")
    assert (styles.page().width, styles.page().height) == (612, 792)
    styles, _ = computed("@page { size: 100mm 50mm }", "")
    assert (round(styles.page().width / MM), round(styles.page().height / MM)) == (100, 50)


def test_invalid_selectors_and_declarations_are_skipped_not_fatal():
    _, by_id = computed("p:unknown-thing { color: red } p { color: ; margin-top: 2pt } p { color: blue }",
                        '<p id="p">x</p>')
    assert by_id["p"]["color"] == "0000FF" and by_id["p"]["margin-top"] == 2


def test_the_same_stylesheet_is_parsed_once():
    assert cascade_for(["p { color: red }"]) is cascade_for(["p { color: red }"])
