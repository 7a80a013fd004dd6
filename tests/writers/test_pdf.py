from __future__ import annotations

import io
import re
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import jobdocs
from jobdocs import BuildOptions, Selection

from tests.conftest import CHILD_ROLE, PARENT_ROLE, heading_levels, pdf_fonts, pdf_structure, pdf_text, write_project


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
    # The CJK face draws U+00B7 and U+2022 with one glyph, so a page with bullets reads the dot back as either.
    assert re.search("Test Company [·•] Store Manager", first_page)


def test_the_careers_pages_navigation_stays_out_of_the_pdf(small_built):
    text = pdf_text(small_built / "manager" / "job-ad.en.pdf")
    assert "All open roles" not in text and "简体中文" not in text


# --- tagged (PDF/UA-1) by default ------------------------------------------------------------------

KINDS = ["job-ad", "interview-guide", "training-handout"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language,lang_tag", [("zh", "zh-CN"), ("en", "en")])
def test_every_pdf_is_tagged_pdf_ua_with_language_and_window_title(small_built, kind, language, lang_tag):
    with pikepdf.open(small_built / "manager" / f"{kind}.{language}.pdf") as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) == 1
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == lang_tag
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title).startswith("店长" if language == "zh" else "Store Manager")
        assert pdf.open_metadata()["pdfuaid:part"] == "1"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_headings_start_at_h1_and_never_skip_a_level(small_built, kind, language):
    levels = heading_levels(small_built / "manager" / f"{kind}.{language}.pdf")
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels)), levels
    assert 2 in levels


def test_header_cells_are_tagged_th_and_each_data_cell_names_its_headers(small_built):
    elements = pdf_structure(small_built / "manager" / "job-ad.en.pdf")
    headers = [e for e in elements if e["tag"] == "TH"]
    cells = [e for e in elements if e["tag"] == "TD"]
    assert len(headers) == 5 and len(cells) == 5  # pay, location, work mode, employment type, closing date
    # the terms table's labels are row headers: each value cell names the label on its own row
    assert [cell["headers"] for cell in cells] == [[header["id"]] for header in headers]


def test_column_headers_of_the_scoring_sheet_are_named_by_every_cell_below_them(small_built):
    elements = pdf_structure(small_built / "manager" / "interview-guide.en.pdf")
    header_ids = {e["id"] for e in elements if e["tag"] == "TH"}
    cells = [e for e in elements if e["tag"] == "TD"]
    assert header_ids and all(e["id"] for e in elements if e["tag"] == "TH")
    assert cells and all(cell["headers"] and set(cell["headers"]) <= header_ids for cell in cells)


def pdf_tables(path: Path) -> list[list[list[tuple[str, str, list[str], str]]]]:
    """Each /Table of the structure tree as its rows (through THead, TBody, TFoot), each row as its cells:
    (TH or TD, /ID, the /Headers and /Scope of its /A)."""
    def kids(node) -> list:
        k = node.get("/K")
        return [kid for kid in (k if isinstance(k, pikepdf.Array) else [k])
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem"]

    def rows(node) -> list:
        found = []
        for kid in kids(node):
            if kid.S == "/TR":
                found.append([(str(cell.S)[1:], str(cell.get("/ID", "")),
                               [str(h) for h in cell.get("/A", {}).get("/Headers", [])],
                               str(cell.get("/A", {}).get("/Scope", ""))[1:])
                              for cell in kids(kid) if cell.S in ("/TH", "/TD")])
            elif kid.S in ("/THead", "/TBody", "/TFoot"):
                found += rows(kid)
        return found

    tables = []
    with pikepdf.open(path) as pdf:
        pending = list(pdf.Root.StructTreeRoot.K)
        while pending:
            node = pending.pop()
            if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
                if node.S == "/Table":
                    tables.append(rows(node))
                pending += kids(node)
    return tables


@pytest.mark.parametrize("kind", KINDS)
def test_each_value_of_a_key_value_table_names_its_own_row_header_and_no_other(small_built, kind):
    key_value = [table for table in pdf_tables(small_built / "manager" / f"{kind}.en.pdf")
                 if any(cell[0] == "TH" for row in table for cell in row)
                 and not any(all(cell[0] == "TH" for cell in row) for row in table)]  # no header row
    assert key_value
    for table in key_value:
        for row in table:
            [header] = [cell[1] for cell in row if cell[0] == "TH"]
            assert [cell[2] for cell in row if cell[0] == "TD"] == [[header]], table


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_table_is_empty(small_built, kind, language):
    """A table with nothing to show is left out: an empty /Table tells a screen reader of a table that is not there."""
    for role in ("assistant", "manager"):
        tables = pdf_tables(small_built / role / f"{kind}.{language}.pdf")
        assert all(table and all(row for row in table) for table in tables), (role, tables)


@pytest.mark.parametrize("kind", KINDS)
def test_every_header_cell_carries_the_scope_its_cells_give_it(small_built, kind):
    """WeasyPrint links cells to headers but writes no /Scope; validators and screen readers read both."""
    tables = pdf_tables(small_built / "manager" / f"{kind}.en.pdf")
    assert any(cell[0] == "TH" for table in tables for row in table for cell in row)
    for table in tables:
        for row in table:
            named_in_row = {header for cell in row if cell[0] == "TD" for header in cell[2]}
            for tag, identifier, _headers, scope in row:
                if tag == "TH":
                    assert scope == ("Row" if identifier in named_in_row else "Column"), table


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_ua_checker_finds_nothing(small_built, kind):
    """The pdfua package checks the machine-checkable part of PDF/UA-1 (tables, figures, headings, ...)."""
    import pdfua

    for role in ("assistant", "manager"):
        for language in ("zh", "en"):
            report = pdfua.validate(str(small_built / role / f"{kind}.{language}.pdf"))
            assert [(finding.rule_id, finding.location, finding.message) for finding in report.findings] == []


FORM = """<!DOCTYPE html><html lang="en"><head><title>Form</title><style>
input[type=checkbox] { display: inline-block; width: 3.5mm; height: 3.5mm; border: 0.6pt solid #444 }
[role=textbox] { border: 0.5pt solid #999; min-height: 20mm }
</style></head><body><h1>Form</h1>
<p><input type="checkbox" aria-label="Strong yes"> Strong yes <input type="checkbox" aria-label="No"> No</p>
<div role="textbox" aria-label="Notes"></div><p><input type="text" aria-label="Initials"></p></body></html>"""


def _write_form(variant: str) -> pikepdf.Pdf:
    from jobdocs.html.render import RenderedHtml
    from jobdocs.model.assets import AssetPolicy
    from jobdocs.writers.pdf import write_pdf

    data = write_pdf(RenderedHtml("r", "interview-guide", "en", "Form", FORM, {}), "file:///nowhere/",
                     AssetPolicy(()), variant)
    return pikepdf.open(io.BytesIO(data))


def test_tick_boxes_are_form_fields_named_by_their_labels_and_tagged_form_in_pdf_ua():
    with _write_form("pdf/ua-1") as pdf:
        fields = [(str(field.FT), str(field.TU)) for field in pdf.Root.AcroForm.Fields]
        assert fields == [("/Btn", "Strong yes"), ("/Btn", "No")]  # the text field stays print-only
        widgets = [annotation for annotation in pdf.pages[0].Annots if annotation.Subtype == "/Widget"]
        assert len(widgets) == 2 and all("/StructParent" in widget for widget in widgets)
        forms = [node for node in _struct_elements(pdf) if node.S == "/Form"]
        assert [str(form.K[0].Obj.TU) for form in forms] == ["Strong yes", "No"]


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/a-2b"])
def test_pdf_a_stays_print_only(variant):
    """WeasyPrint's form fields need /NeedAppearances, which PDF/A forbids."""
    with _write_form(variant) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Widget"]


def _struct_elements(pdf: pikepdf.Pdf) -> list:
    found, pending = [], list(pdf.Root.StructTreeRoot.K)
    while pending:
        node = pending.pop(0)
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            found.append(node)
            kids = node.get("/K")
            pending[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


@pytest.mark.parametrize("language,alt", [
    ("en", "Operations Assistant grows into Store Manager. You are here: Store Manager."),
    ("zh", "运营助理晋升为店长。当前岗位：店长。"),
])
def test_the_ladder_figure_says_the_ladder_in_words(small_built, language, alt):
    figures = [e for e in pdf_structure(small_built / "manager" / f"training-handout.{language}.pdf")
               if e["tag"] == "Figure"]
    assert [figure["alt"] for figure in figures] == [alt]


# --- archival (PDF/A) -----------------------------------------------------------------------------

ARCHIVAL = Selection(roles=["manager"], kinds=["job-ad", "training-handout"], formats=["pdf"], languages=["zh"])


@pytest.fixture(scope="session")
def archival(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manager's job ad and handout as PDF/A-3b twice, into a-3b and a-3b-again, and as PDF/A-2b."""
    root = write_project(tmp_path_factory.mktemp("archival"), {"assistant": PARENT_ROLE, "manager": CHILD_ROLE})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        for folder, variant in (("a-3b", "pdf/a-3b"), ("a-3b-again", "pdf/a-3b"), ("a-2b", "pdf/a-2b")):
            result = jobdocs.build(root, root / folder, selection=ARCHIVAL,
                                   options=BuildOptions(pdf_variant=variant, jobs=1))
            assert result.exit_code == 0 and len(result.built) == 2, result.failed
    return root


@pytest.mark.parametrize("folder,part", [("a-3b", "3"), ("a-2b", "2")])
@pytest.mark.parametrize("kind", ["job-ad", "training-handout"])
def test_pdf_a_declares_its_part_and_carries_fonts_and_output_intent(archival, folder, part, kind):
    path = archival / folder / "manager" / f"{kind}.zh.pdf"
    with pikepdf.open(path) as pdf:
        metadata = pdf.open_metadata()
        assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == (part, "B")
        assert metadata["dc:title"] == str(pdf.docinfo.Title)
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and len(intent.DestOutputProfile.read_bytes()) > 1000
        fonts = [font for page in pdf.pages for _, font in page.Resources.Font.items()]
        assert fonts and all(_embedded(font) for font in fonts)
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked is True  # still tagged
    assert any("CJK" in name for name in pdf_fonts(path))


def test_pdf_a_is_byte_reproducible(archival):
    for kind in ARCHIVAL.kinds:
        first = (archival / "a-3b" / "manager" / f"{kind}.zh.pdf").read_bytes()
        assert first == (archival / "a-3b-again" / "manager" / f"{kind}.zh.pdf").read_bytes()


def _embedded(font: pikepdf.Dictionary) -> bool:
    descendants = font.get("/DescendantFonts", [font])
    return all(any(key in d.FontDescriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descendants)
