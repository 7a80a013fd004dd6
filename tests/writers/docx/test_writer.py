from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from jobdocs import Selection
from pypdf import PdfReader

from tests.conftest import REPO, docx_text, has_command


def styles_used(document) -> set[str]:
    return {paragraph.style.name for paragraph in document.paragraphs}


def test_docx_has_title_headings_lists_and_tables(small_built):
    document = docx.Document(str(small_built / "manager" / "interview-guide.en.docx"))
    assert document.paragraphs[0].style.name == "Title"
    assert "Store Manager" in document.paragraphs[0].text
    assert {"Heading 1", "Heading 2", "List Bullet", "List Number"} <= styles_used(document)
    assert document.tables and all(table.style.name == "Table Grid" for table in document.tables)
    assert document.core_properties.title == "Store Manager · Interview guide"
    assert document.core_properties.subject == "Interview guide"


def test_docx_sets_east_asian_font_and_language(small_built):
    document = docx.Document(str(small_built / "manager" / "job-ad.zh.docx"))
    for name in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "zh-CN"
    assert "诊断店铺问题。" in docx_text(small_built / "manager" / "job-ad.zh.docx")


def test_docx_header_and_page_field_footer(small_built):
    document = docx.Document(str(small_built / "manager" / "training-handout.en.docx"))
    section = document.sections[0]
    assert "Test Company · Store Manager" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p
    assert [field.get(qn("w:instr")) for field in footer.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_keeps_emphasis_page_breaks_and_tick_boxes(small_built):
    job_ad = docx.Document(str(small_built / "manager" / "job-ad.zh.docx"))
    # style.css sets strong in the brand colour and not bold (one face to embed in the PDF); so does the DOCX.
    emphasis = [run for paragraph in job_ad.paragraphs for run in paragraph.runs if run.text == "流量增长"]
    assert emphasis and str(emphasis[0].font.color.rgb) == "1F4E79" and not emphasis[0].bold
    # the trainer guide's sign-off starts a page of its own (break-before: page)
    document = docx.Document(str(small_built / "manager" / "trainer-guide.zh.docx"))
    assert any(paragraph.paragraph_format.page_break_before for paragraph in document.paragraphs)
    assert "独立完成一天的数据记录。" in docx_text(small_built / "assistant" / "training-handout.zh.docx")


def test_numbered_lists_restart_at_one(small_built):
    document = docx.Document(str(small_built / "manager" / "interview-guide.en.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number" and p._p.pPr.numPr is not None]
    assert numbered, "the instructions list should restart its numbering"


def test_docx_tables_take_the_stylesheets_column_widths_and_keep_blocks_together(small_built):
    document = docx.Document(str(small_built / "assistant" / "interview-guide.en.docx"))
    rubric = next(t for t in document.tables if t.rows[0].cells[0].text == "Score")
    score, anchor = (column.width for column in rubric.columns)
    # the stylesheet's 14% is the cell's content, as CSS sizes it; Word's width adds the 2 mm padding each side
    padding = Mm(4) + Pt(1)  # and the two 0.5 pt borders
    assert score == pytest.approx(0.14 * (score + anchor) + padding, rel=0.01)
    keep = [p for p in document.paragraphs if p.text.startswith("Question 1")]  # the question's heading
    assert keep and keep[0].paragraph_format.keep_with_next


def test_the_careers_pages_navigation_stays_out_of_the_docx(small_built):
    text = docx_text(small_built / "manager" / "job-ad.en.docx")
    assert "All open roles" not in text and "简体中文" not in text


# --- the stylesheet's look (issue 9) ----------------------------------------------------------------

BRAND, HEADING, META = "8B1E3F", "0A7D4F", "555555"


@pytest.fixture(scope="session")
def styled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in store manager built with a style.css of the company's own look."""
    import jobdocs

    root = tmp_path_factory.mktemp("styled")
    shutil.copy(REPO / "jobdocs.yaml", root / "jobdocs.yaml")
    shutil.copytree(REPO / "roles", root / "roles")
    css = (REPO / "templates" / "style.css").read_text(encoding="utf-8")
    for old, new in (("{{ page.color }}", f"#{BRAND.lower()}"), ("font-size: 10pt;", "font-size: 11pt;"),
                     ("table.fields th { width: 23%; }", "table.fields th { width: 30%; }"),
                     ("margin: 22mm 18mm 20mm 18mm;", "margin: 30mm 25mm 25mm 25mm;")):
        assert old in css, old
        css = css.replace(old, new)
    (root / "templates").mkdir()
    (root / "templates" / "style.css").write_text(css + f"\nh2 {{ color: #{HEADING.lower()}; }}\n", encoding="utf-8")
    selection = Selection(roles=["store-manager"], kinds=["job-ad", "interview-guide"], languages=["en"])
    result = jobdocs.build(root, selection=selection)
    assert result.exit_code == 0, result.failed
    return root / "output" / "store-manager"


def test_element_rules_define_word_styles(styled):
    document = docx.Document(str(styled / "job-ad.en.docx"))
    styles = document.styles
    assert styles["Normal"].font.size == Pt(11)  # html { font-size }
    assert str(styles["Title"].font.color.rgb) == BRAND  # h1 in the brand colour
    assert str(styles["Heading 1"].font.color.rgb) == HEADING  # the project's own h2 rule
    assert styles["Heading 1"].font.size == Pt(14) and styles["Heading 1"].font.bold is False
    assert styles["Heading 1"].paragraph_format.keep_with_next  # h2 { break-after: avoid }


def test_other_rules_format_directly_and_only_where_they_differ(styled):
    document = docx.Document(str(styled / "job-ad.en.docx"))
    meta = next(p for p in document.paragraphs if "Shenzhen" in p.text and p.style.name == "Normal")
    assert {str(run.font.color.rgb) for run in meta.runs} == {META}  # .meta { color: #555 }
    cells = [paragraph for table in document.tables for row in table.rows for cell in row.cells
             for paragraph in cell.paragraphs]
    emphasis = [run for p in document.paragraphs + cells for run in p.runs
                if run.font.color.rgb == RGBColor.from_string(BRAND)]
    assert emphasis, "strong in the brand colour (the pay, in the table of terms)"
    plain = next(p for p in document.paragraphs if p.text.startswith("Send your CV"))
    assert all(run.font.size is None and run.font.color.rgb is None for run in plain.runs)
    assert plain.paragraph_format.space_after is None  # the Normal style's, from p { margin }


def test_column_widths_and_page_margins_follow_the_stylesheet(styled):
    document = docx.Document(str(styled / "job-ad.en.docx"))
    section = document.sections[0]
    assert [round(length.mm) for length in (section.top_margin, section.right_margin, section.bottom_margin,
                                            section.left_margin)] == [30, 25, 25, 25]
    fields = document.tables[0]
    label, _value = (column.width for column in fields.columns)
    text_width = section.page_width - section.left_margin - section.right_margin
    # 30% of the text width for the cell's content, and its padding (2 mm each side) and borders
    assert label == pytest.approx(0.30 * text_width + Mm(4) + Pt(1), rel=0.01)


@pytest.mark.clients
@pytest.mark.skipif(not has_command("soffice"), reason="LibreOffice (soffice) is not installed")
def test_word_layout_matches_the_pdf(styled, tmp_path):
    """LibreOffice's reading of the DOCX against jobdocs' PDF: page count within 20%, the same first page headings."""
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(styled / "interview-guide.en.docx")],
                   check=True, capture_output=True, timeout=180)
    converted, ours = tmp_path / "interview-guide.en.pdf", styled / "interview-guide.en.pdf"
    pages = [len(PdfReader(path).pages) for path in (converted, ours)]
    assert abs(pages[0] - pages[1]) <= 0.2 * pages[1], pages
    headings = [p.text for p in docx.Document(str(styled / "interview-guide.en.docx")).paragraphs
                if p.style.name == "Title" or p.style.name.startswith("Heading")]
    first_pages = [_squashed(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], check=True,
                                            capture_output=True, text=True).stdout) for path in (converted, ours)]
    on_first = [[heading for heading in headings if _squashed(heading) in page] for page in first_pages]
    assert on_first[0] == on_first[1] and len(on_first[1]) >= 3, on_first


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- accessible DOCX (issue 10) -----------------------------------------------------------------------

def test_pictures_carry_the_html_alternative_text(small_built):
    from jobdocs.model.project import load_project
    from jobdocs.html.render import render_html
    from jobdocs.html.templates import Templates

    project = load_project(small_built.parent)
    html = render_html(project, Templates(project.root), "manager", "training-handout", "en").html
    alts = [image.get("alt") for image in lxml.html.document_fromstring(html).iter("img")]
    document = docx.Document(str(small_built / "manager" / "training-handout.en.docx"))
    described = document.element.body.xpath(".//wp:docPr")
    assert alts and [(d.get("descr"), d.get("title")) for d in described] == [(alt, alt) for alt in alts]


def test_header_rows_repeat_on_each_page(small_built):
    guide = docx.Document(str(small_built / "assistant" / "interview-guide.en.docx"))
    assert _header_flags(guide, "Score") == [True] + [False] * 3  # the scale's thead row, then anchors 5, 3, 1
    assert not any(_header_flags(guide, "Role"))  # a form: labels beside values, no header row
    handout = docx.Document(str(small_built / "assistant" / "training-handout.en.docx"))
    assert _header_flags(handout, "Module")[:2] == [True, False]  # a first row of th only, with no thead


def _header_flags(document, first_cell: str) -> list[bool]:
    """For each row of the table that starts with ``first_cell``, whether Word repeats it on each page."""
    index = next(i for i, table in enumerate(document.tables) if table.rows[0].cells[0].text == first_cell)
    element = document.element.body.xpath("./w:tbl")[index]
    return [bool(row.xpath("./w:trPr/w:tblHeader")) for row in element.xpath("./w:tr")]


@pytest.mark.parametrize("kind", ["job-ad", "interview-guide", "training-handout"])
def test_heading_levels_never_skip_and_language_and_title_are_set(small_built, kind):
    document = docx.Document(str(small_built / "manager" / f"{kind}.en.docx"))
    levels = [0 if p.style.name == "Title" else int(p.style.name.split()[-1]) for p in document.paragraphs
              if p.style.name == "Title" or p.style.name.startswith("Heading")]
    assert levels[0] == 0 and levels.count(0) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
    defaults = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert defaults[0].get(qn("w:val")) == "en" and document.core_properties.language == "en"
    assert document.core_properties.title.startswith("Store Manager")


def test_cell_borders_are_the_cells_not_their_paragraphs(small_built):
    document = docx.Document(str(small_built / "assistant" / "interview-guide.en.docx"))
    for name in ("Table Heading", "Table Contents"):
        assert not document.styles[name].element.xpath("./w:pPr/w:pBdr/*")
    borders = document.styles["Table Grid"].element.xpath("./w:tblPr/w:tblBorders/w:insideH")[0]
    assert (borders.get(qn("w:val")), borders.get(qn("w:sz")), borders.get(qn("w:color"))) == ("single", "4", "999999")


def test_a_tables_margins_go_to_the_paragraphs_around_it(small_built):
    """table { margin: 1mm 0 3mm }: Word tables have no margins, so the next paragraph keeps the 3 mm."""
    document = docx.Document(str(small_built / "assistant" / "interview-guide.en.docx"))
    body = document.element.body
    after = [table.getnext() for table in body.iterchildren(qn("w:tbl"))]
    following = [p for p in document.paragraphs if p.paragraph_format.element in after and p.style.name == "Normal"]
    assert following and all(round(p.paragraph_format.space_before.mm) == 3 for p in following)
