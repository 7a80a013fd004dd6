"""Pages that break where they should (DOMAIN.md, "Pages that read well"), read back from every built-in
document and the ``init`` project's: no nearly empty page but the last, each question on the page of its
scale, no quiz item split."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from jobdocs.html.render import localize, render_html
from jobdocs.html.templates import Templates
from jobdocs.model.project import Project, load_project

from tests.conftest import REPO, has_command
from tests.layout import (DocumentLayout, Page, document_layout, near_empty_pages, page_counts_by_libreoffice, page_of,
                          pdf_pages, squash)


@pytest.fixture(scope="session")
def init_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the project ``jobdocs init`` writes."""
    import jobdocs
    from jobdocs.scaffold import init_project

    root = tmp_path_factory.mktemp("init") / "project"
    init_project(root)
    result = jobdocs.build(root)
    assert result.exit_code == 0, result.failed
    return root


@cache
def project_at(root: Path) -> Project:
    return load_project(root)


def builds(built_in: Path, init_built: Path) -> list[tuple[Path, Path]]:
    """(project folder, output folder) of each project the checks read."""
    return [(REPO, built_in), (init_built, init_built / "output")]


def pdfs(out: Path) -> list[Path]:
    return sorted(out.glob("*/*.pdf"))


def document_html(root: Path, pdf: Path) -> str:
    kind, language = pdf.name.split(".")[:2]
    return render_html(project_at(root), Templates(root), pdf.parent.name, kind, language).html


@cache
def read_back(root: Path, pdf: Path) -> tuple[DocumentLayout, list[Page]]:
    """What the document's HTML says of its pages, and its PDF's body lines: read once for all three checks."""
    layout = document_layout(document_html(root, pdf))
    return layout, pdf_pages(pdf, layout)


def test_no_page_but_the_last_ends_above_two_fifths_of_its_height(built_in, init_built):
    near_empty = {}
    for root, out in builds(built_in, init_built):
        for pdf in pdfs(out):
            layout, pages = read_back(root, pdf)
            found = near_empty_pages(pages, layout)
            if found:
                near_empty[str(pdf.relative_to(out))] = found
    assert near_empty == {}


def test_each_question_is_on_the_page_of_its_scale_and_score(built_in, init_built):
    split = []
    for root, out in builds(built_in, init_built):
        for pdf in sorted(out.glob("*/interview-guide.*.pdf")):
            language = pdf.name.split(".")[1]
            t = Templates(root).labels(language)
            role = localize(project_at(root).roles[pdf.parent.name], language)
            pages, cursor = read_back(root, pdf)[1], (0, 0)
            for competency in role.competencies_in_order:
                for question in competency.questions:
                    asked = page_of(pages, question.text[:24], cursor)
                    assert asked, (pdf.name, question.text)
                    # the block ends with the score boxes and the target level beside them
                    scored = page_of(pages, t["target_short"].format(level=competency.level), asked)
                    assert scored, (pdf.name, question.text)
                    if scored[0] != asked[0]:
                        split.append((str(pdf.relative_to(out)), question.text[:40], asked[0] + 1, scored[0] + 1))
                    cursor = scored
    assert split == []


def test_no_quiz_item_is_split_across_pages(built_in, init_built):
    split = []
    for root, out in builds(built_in, init_built):
        for pdf in sorted(out.glob("*/training-handout.*.pdf")):
            language = pdf.name.split(".")[1]
            role = localize(project_at(root).roles[pdf.parent.name], language)
            pages, cursor = read_back(root, pdf)[1], (0, 0)
            for competency in role.competencies:
                for item in competency.training.quiz:
                    asked = page_of(pages, item.question[:24], cursor)
                    assert asked, (pdf.name, item.question)
                    last = page_of(pages, item.options[-1], asked)
                    assert last, (pdf.name, item.options[-1])
                    if last[0] != asked[0]:
                        split.append((str(pdf.relative_to(out)), item.question[:40]))
                    cursor = last
    assert split == []


@pytest.mark.clients
@pytest.mark.skipif(not has_command("soffice"), reason="LibreOffice (soffice) is not installed")
def test_each_docx_runs_to_as_many_pages_as_its_pdf(built_in, init_built):
    """Word's pages break where the PDF's do: LibreOffice's page count of every DOCX is within one of the
    PDF's, and equal for at least 90% of them (LibreOffice is not Word, so not all: it moves only the last two
    paragraphs of a chain kept with the next, where Word moves the whole chain)."""
    from pypdf import PdfReader

    docx_files = [path for _root, out in builds(built_in, init_built) for path in sorted(out.glob("*/*.docx"))]
    in_word = page_counts_by_libreoffice(docx_files)  # one soffice call for all of them
    counts = {path: (len(PdfReader(path.with_suffix(".pdf")).pages), in_word[path]) for path in docx_files}
    table = "\n".join(f"{pdf:3} {docx:3}  {path.parent.name}/{path.name}" for path, (pdf, docx) in counts.items())
    equal = sum(pdf == docx for pdf, docx in counts.values())
    assert all(abs(pdf - docx) <= 1 for pdf, docx in counts.values()), f"PDF and DOCX pages:\n{table}"
    assert equal >= 0.9 * len(counts), f"{equal} of {len(counts)} equal; PDF and DOCX pages:\n{table}"


def test_the_check_finds_a_nearly_empty_page_and_spares_a_deliberate_break(tmp_path):
    """The rule itself, on a document made to break early twice: once on purpose, once by a kept block."""
    import weasyprint

    filler = "<p>" + "Text to fill a line of the page. " * 12 + "</p>"
    body = (f"<h1>Title</h1>{filler}<h2 style='break-before: page'>Deliberate</h2>{filler}"
            f"<div style='break-inside: avoid'>{filler * 8}</div>")
    html = (f"<html><head><style>@page {{ size: A4; margin: 20mm; @top-left {{ content: 'Running header' }} }}"
            f"</style></head><body>{body}</body></html>")
    pdf = tmp_path / "x.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    layout = document_layout(html)
    pages = pdf_pages(pdf, layout)
    assert layout.break_starts == (squash("Deliberate"),) and round(layout.top_margin) == 57
    assert len(pages) == 3 and pages[1].text.startswith("Deliberate") and "Running" not in pages[0].text
    assert near_empty_pages(pages) == [1, 2]
    # page 1 is followed by a deliberate break; page 2 ends early only because the next block is kept whole
    assert near_empty_pages(pages, layout) == [2]
