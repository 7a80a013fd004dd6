from __future__ import annotations

import pytest
from pypdf import PdfReader

from ..conftest import pdf_fonts, pdf_text


def test_zh_pdf_has_title_duties_and_an_embedded_cjk_font(small_built):
    path = small_built / "manager" / "job-ad.zh.pdf"
    text = pdf_text(path)
    assert "店长" in text
    assert "诊断店铺问题。" in text
    assert any("CJK" in name for name in pdf_fonts(path)), pdf_fonts(path)


def test_en_pdf_is_in_english_with_page_x_of_y_footer(small_built):
    reader = PdfReader(small_built / "manager" / "interview-guide.en.pdf")
    pages = len(reader.pages)
    assert pages >= 2
    text = pdf_text(small_built / "manager" / "interview-guide.en.pdf")
    assert "Store Manager" in text and "店长" not in text
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in reader.pages[number - 1].extract_text()


def test_pdf_metadata_and_bookmarks(small_built):
    reader = PdfReader(small_built / "assistant" / "training-handout.zh.pdf")
    assert reader.metadata.title == "运营助理 · 培训讲义"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "培训讲义：运营助理"
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


@pytest.mark.parametrize("kind", ["job-ad", "interview-guide", "training-handout"])
def test_header_names_company_and_role(small_built, kind):
    first_page = PdfReader(small_built / "manager" / f"{kind}.en.pdf").pages[0].extract_text()
    assert "Test Company · Store Manager" in first_page


def test_the_careers_pages_navigation_stays_out_of_the_pdf(small_built):
    text = pdf_text(small_built / "manager" / "job-ad.en.pdf")
    assert "All open roles" not in text and "简体中文" not in text
