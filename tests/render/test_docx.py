from __future__ import annotations

import docx
from docx.oxml.ns import qn

from ..conftest import docx_text


def styles_used(document) -> set[str]:
    return {paragraph.style.name for paragraph in document.paragraphs}


def test_docx_has_title_headings_lists_and_tables(small_built):
    document = docx.Document(str(small_built / "manager" / "interview-guide.en.docx"))
    assert document.paragraphs[0].style.name == "Title"
    assert "Store Manager" in document.paragraphs[0].text
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number"} <= styles_used(document)
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
    document = docx.Document(str(small_built / "manager" / "training-handout.zh.docx"))
    assert any(paragraph.paragraph_format.page_break_before for paragraph in document.paragraphs)
    assert "□ 独立完成一天的数据记录。" in docx_text(small_built / "assistant" / "training-handout.zh.docx")


def test_numbered_lists_restart_at_one(small_built):
    document = docx.Document(str(small_built / "manager" / "interview-guide.en.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number" and p._p.pPr.numPr is not None]
    assert numbered, "the instructions list should restart its numbering"


def test_docx_tables_take_the_stylesheets_column_widths_and_keep_blocks_together(small_built):
    document = docx.Document(str(small_built / "assistant" / "interview-guide.en.docx"))
    rubric = next(t for t in document.tables if t.rows[0].cells[0].text == "Score")
    score, anchor = (column.width for column in rubric.columns)
    assert 0.12 < score / (score + anchor) < 0.16  # the stylesheet's 14%
    keep = [p for p in document.paragraphs if p.text == "Rating scale"]
    assert keep and keep[0].paragraph_format.keep_with_next


def test_the_careers_pages_navigation_stays_out_of_the_docx(small_built):
    text = docx_text(small_built / "manager" / "job-ad.en.docx")
    assert "All open roles" not in text and "简体中文" not in text
