"""Forms to fill in Word, page rules from the CSS, and table looks that readers take at their word."""
from __future__ import annotations

import datetime
import io
import subprocess
import zipfile

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import nsmap, qn
from docx.shared import Pt

from jobdocs.html.render import RenderedHtml, render_html
from jobdocs.html.templates import Templates
from jobdocs.model.assets import AssetPolicy
from jobdocs.model.project import load_project
from jobdocs.writers.docx.writer import write_docx
from tests.conftest import has_command, html_header_rows, pandoc_header_rows

W14 = nsmap["w14"]
STYLE = """
@page { size: A4; margin: 20mm }
html { font-family: "Noto Sans CJK SC"; font-size: 10pt; line-height: 1.5 }
thead { display: table-header-group }
.keep { break-inside: avoid }
.new-page { break-before: page }
.with-next { break-after: avoid }
.loose { orphans: 1; widows: 1 }
.notes { min-height: 20mm; border-bottom: 0.5pt solid #999 }
.ruled p { border-bottom: 0.5pt solid #999 }
"""


def word(body: str, style: str = STYLE) -> docx.document.Document:
    html = f'<!DOCTYPE html><html lang="en"><head><title>T</title><style>{style}</style></head><body>{body}</body></html>'
    data = write_docx(RenderedHtml("r", "interview-guide", "en", "T", html, {}), base_url="file:///nowhere/",
                      policy=AssetPolicy(()), subject="T", created=datetime.datetime(2026, 1, 1))
    return docx.Document(io.BytesIO(data))


def controls(document: docx.document.Document) -> list:
    return list(document.element.body.iter(qn("w:sdt")))


def row_element(row) -> object:
    """A row's ``w:tr`` (python-docx keeps it private): the parent of its first cell's ``w:tc``."""
    return row.cells[0].paragraphs[0].paragraph_format.element.getparent().getparent()


def text_of(element) -> str:
    return "".join(text.text or "" for text in element.iter(qn("w:t")))


def title(control) -> str:
    return control.find(qn("w:sdtPr")).find(qn("w:alias")).get(qn("w:val"))


# --- forms ----------------------------------------------------------------------------------------

def test_tick_boxes_are_check_box_content_controls_word_ticks_on_a_click():
    document = word('<p><input type="checkbox" aria-label="Strong yes"> Strong yes '
                    '<input type="checkbox" aria-label="No" checked> No</p>')
    boxes = controls(document)
    assert [title(box) for box in boxes] == ["Strong yes", "No"]
    assert [box.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")) for box in boxes] == ["Strong yes", "No"]
    for box, checked, glyph in zip(boxes, ("0", "1"), ("☐", "☒"), strict=True):
        check_box = box.find(qn("w:sdtPr")).find(f"{{{W14}}}checkbox")
        assert check_box.find(f"{{{W14}}}checked").get(f"{{{W14}}}val") == checked
        states = {child.tag.split("}")[1]: child.get(f"{{{W14}}}val") for child in check_box[1:]}
        assert states == {"checkedState": "2612", "uncheckedState": "2610"}
        assert text_of(box.find(qn("w:sdtContent"))) == glyph
    # the box sits in its line, as in the PDF (python-docx's Paragraph.text leaves content controls out)
    assert text_of(document.paragraphs[0].paragraph_format.element) == "☐ Strong yes ☒ No"


@pytest.mark.skipif(not has_command("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_form_and_shows_its_boxes_and_fields(tmp_path):
    document = word('<h1>Decision</h1><p><input type="checkbox" aria-label="Hire"> Hire '
                    '<input type="checkbox" aria-label="No hire" checked> No hire</p>'
                    '<p>Score: <span role="textbox" aria-label="Score"></span></p>'
                    '<div class="ruled" role="textbox" aria-label="Reasons"><p>Because</p><p>&#160;</p></div>')
    document.save(str(tmp_path / "form.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "form.docx")],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "form.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # an empty field is blank, as printed: its label is the control's title, not text in the line
    assert lines == ["Decision", "☐ Hire ☒ No hire", "Score:", "Because"]


def test_the_w14_namespace_is_declared_and_ignorable_so_older_readers_open_the_file():
    document = word('<p><input type="checkbox" aria-label="Yes"> Yes</p>')
    buffer = io.BytesIO()
    document.save(buffer)
    root = zipfile.ZipFile(buffer).read("word/document.xml").decode()
    start = root[:root.index("<w:body")]
    assert f'xmlns:w14="{W14}"' in start and "w14" in start.split("mc:Ignorable=")[1].split('"')[1].split()


def test_fields_to_fill_are_text_content_controls_named_by_their_label():
    document = word('<table><tr><th scope="row">Date</th><td role="textbox" aria-label="Date"></td></tr></table>'
                    '<p>Score: <span role="textbox" aria-label="Score, 1 to 5"></span></p>'
                    '<div class="notes" role="textbox" aria-label="Notes on question 1" aria-multiline="true"></div>'
                    '<div class="ruled" role="textbox" aria-label="Reasons"><p>&#160;</p><p>&#160;</p></div>')
    date, score, notes, reasons = controls(document)
    assert [title(control) for control in (date, score, notes, reasons)] == [
        "Date", "Score, 1 to 5", "Notes on question 1", "Reasons"]
    # within a line: plain text, blank as printed (a placeholder the first key replaces), so that a long
    # label never widens the field past its box; the label is the control's title
    for inline in (date, score):
        properties = inline.find(qn("w:sdtPr"))
        assert properties.find(qn("w:text")) is not None and properties.find(qn("w:showingPlcHdr")) is not None
        assert inline.getparent().tag == qn("w:p")
        assert text_of(inline.find(qn("w:sdtContent"))).strip("\u00a0") == ""
    assert text_of(document.paragraphs[0].paragraph_format.element).rstrip("\u00a0") == "Score: "
    # a block: rich text around its paragraphs; an empty one keeps the room the stylesheet gives it
    assert notes.getparent().tag == qn("w:body") and notes.find(qn("w:sdtPr")).find(qn("w:text")) is None
    [paragraph] = notes.find(qn("w:sdtContent")).findall(qn("w:p"))
    assert paragraph.pPr.spacing_after > docx.shared.Mm(10)
    # ruled lines stay lines: no placeholder, which Word would replace whole at the first key
    lines = reasons.find(qn("w:sdtContent")).findall(qn("w:p"))
    assert len(lines) == 2 and reasons.find(qn("w:sdtPr")).find(qn("w:showingPlcHdr")) is None


def test_each_ruled_line_keeps_its_own_border_in_a_run_of_them():
    """Word draws one box round paragraphs with equal borders; the "between" border is each line's own."""
    document = word('<div class="ruled"><p>one</p><p>two</p></div>')
    for paragraph in document.paragraphs:
        borders = paragraph.paragraph_format.element.pPr.find(qn("w:pBdr"))
        assert [side.tag for side in borders] == [qn("w:bottom"), qn("w:between")]


# --- page rules -----------------------------------------------------------------------------------

def test_a_block_kept_together_keeps_its_lines_and_paragraphs_on_one_page():
    document = word('<div class="keep"><h4>Question 1</h4><p>Tell me about a time.</p><p>Probes</p></div><p>After</p>')
    kept = document.paragraphs[:3]
    assert all(paragraph.paragraph_format.keep_together for paragraph in kept)
    assert [paragraph.paragraph_format.keep_with_next for paragraph in kept] == [True, True, None]
    assert not document.paragraphs[3].paragraph_format.keep_together


def test_a_kept_block_that_ends_in_a_table_is_not_kept_with_what_follows():
    """break-inside keeps a block whole, not with the next one: chained so, LibreOffice moved a heading, two
    kept blocks and the next module's opening to a new page as one."""
    document = word('<div class="keep"><p>Ladder</p><table><tr><th scope="row">Reports to</th><td>Manager</td></tr>'
                    '<tr><th scope="row">Grows into</th><td>Director</td></tr></table></div><p>Overview</p>')
    first_row, last_row = ([p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs]
                           for row in document.tables[0].rows)
    assert document.paragraphs[0].paragraph_format.keep_with_next and first_row == [True, True]
    assert not any(last_row)


def test_css_columns_are_a_continuous_section_of_as_many_columns_even_in_a_kept_block():
    items = "".join(f"<li>Item {n}</li>" for n in range(6))
    document = word(f'<div class="keep"><p>Before</p><ul style="columns: 2; column-gap: 6mm">{items}</ul></div>'
                    '<p>After</p>')
    before, *listed, _after = document.paragraphs
    sections = [p.paragraph_format.element.pPr.find(qn("w:sectPr")) for p in (before, listed[-1])]
    assert all(section is not None for section in sections) and len(document.sections) == 3
    columns = sections[1].find(qn("w:cols"))
    assert columns.get(qn("w:num")) == "2" and columns.get(qn("w:space")) == str(round(6 * 72 / 25.4 * 20))
    assert [section.start_type for section in document.sections[1:]] == [WD_SECTION.CONTINUOUS] * 2
    # kept each with the next, the items could not break into the second column
    assert before.paragraph_format.keep_with_next and not any(p.paragraph_format.keep_with_next for p in listed[:-1])


def test_line_heights_are_exact_as_in_css_but_a_line_with_a_larger_run_may_grow():
    document = word('<h1 style="line-height: 1.25">Title</h1><p>Text <span style="font-size: 20pt">big</span></p>')
    title = document.paragraphs[0].paragraph_format  # the font's own 1.45 em would win if it were "at least"
    assert title.line_spacing_rule == WD_LINE_SPACING.EXACTLY and title.line_spacing == Pt(2 * 10 * 1.25)
    assert document.paragraphs[1].paragraph_format.line_spacing_rule == WD_LINE_SPACING.AT_LEAST


def test_text_is_kerned_as_weasyprint_kerns_it_unless_the_stylesheet_says_not():
    def kerning(document: docx.document.Document) -> object:
        defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        return defaults.find(qn("w:kern"))

    assert kerning(word("<p>AVAVA</p>")).get(qn("w:val")) == "2"
    assert kerning(word("<p>AVAVA</p>", STYLE + "html { font-kerning: none }")) is None


def test_list_text_starts_where_the_lists_padding_puts_it():
    document = word('<ul style="padding-left: 6mm"><li>One<ul style="list-style: none; padding-left: 2mm">'
                    '<li>Nested</li></ul></li></ul>')
    one, nested = (p.paragraph_format for p in document.paragraphs)
    assert round(one.left_indent.mm) == 6 and round(one.first_line_indent.mm) == -6
    assert round(nested.left_indent.mm) == 8 and not nested.first_line_indent


def test_break_after_avoid_keeps_a_block_with_what_follows_and_break_before_page_starts_a_page():
    document = word('<div class="with-next"><p>Stem</p><p>Last line</p></div><p>Options</p>'
                    '<p class="new-page">Answer key</p>')
    assert document.paragraphs[1].paragraph_format.keep_with_next is True
    assert document.paragraphs[3].paragraph_format.page_break_before is True


def test_orphans_and_widows_are_word_widow_control():
    document = word('<p>Default</p><p class="loose">Loose</p>')
    assert document.styles["Normal"].paragraph_format.widow_control is True  # CSS's initial 2 and 2
    assert document.paragraphs[1].paragraph_format.widow_control is False


def test_header_rows_repeat_rows_never_split_and_no_row_is_left_alone_on_a_page():
    rows = "".join(f"<tr><td>{n}</td><td>x</td></tr>" for n in range(1, 7))
    document = word(f'<table><thead><tr><th scope="col">N</th><th scope="col">X</th></tr></thead>{rows}</table>',
                    STYLE + "tr { break-inside: avoid }")
    table = document.tables[0]
    properties = [row_element(row).trPr for row in table.rows]
    assert [trPr.find(qn("w:tblHeader")) is not None for trPr in properties] == [True] + [False] * 6
    assert all(trPr.find(qn("w:cantSplit")) is not None for trPr in properties)
    kept = [all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
            for row in table.rows]
    # the header with the first row, the first row with the second, the last but one with the last
    assert kept == [True, True, False, False, False, True, False]


def test_cjk_and_latin_get_no_extra_space_as_in_the_pdf():
    document = word("<p>店长 Amazon 2026 年</p>")
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    assert {tag: defaults.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("autoSpaceDE", "autoSpaceDN")} == {
        "autoSpaceDE": "0", "autoSpaceDN": "0"}


# --- what readers take for headers ----------------------------------------------------------------

def table_looks(document: docx.document.Document) -> list[tuple[str, str]]:
    looks = [row_element(table.rows[0]).getparent().tblPr.find(qn("w:tblLook")) for table in document.tables]
    return [(look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))) for look in looks]


def test_the_first_row_or_column_looks_like_headers_only_where_the_html_has_them():
    document = word('<table><thead><tr><th scope="col">A</th></tr></thead><tr><td>1</td></tr></table><p>-</p>'
                    '<table><tr><th scope="row">Role</th><td>Manager</td></tr></table><p>-</p>'
                    '<table><tr><td>a</td></tr><tr><td>b</td></tr></table>')
    assert table_looks(document) == [("1", "0"), ("0", "1"), ("0", "0")]


@pytest.mark.clients
@pytest.mark.skipif(not has_command("pandoc"), reason="pandoc is installed by scripts/setup test")
@pytest.mark.parametrize("kind", ["job-ad", "interview-guide", "training-handout"])
def test_pandoc_reads_a_header_row_exactly_where_the_html_has_a_thead(small_built, small_project, kind):
    project = load_project(small_project)
    in_html = html_header_rows(render_html(project, Templates(project.root), "manager", kind, "en").html)
    assert pandoc_header_rows(small_built / "manager" / f"{kind}.en.docx") == in_html
    assert any(in_html) == (kind != "job-ad")
