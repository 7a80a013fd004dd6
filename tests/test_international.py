"""A seller hiring in German, Japanese and Traditional Chinese: its own labels, formats, faces, logo and fields.

The project is tests/fixtures/international; its logo is drawn here, so no binary sits in the repository.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

import jobdocs
from jobdocs import BuildOptions, Selection
from jobdocs.model.project import load_project
from jobdocs.html.render import render_html
from jobdocs.html.templates import Templates

from tests.conftest import docx_text, has_command, pdf_text

FIXTURE = Path(__file__).parent / "fixtures" / "international"
LANGUAGES = ("de", "ja", "zh-Hant")
KINDS = ("job-ad", "interview-guide", "training-handout", "trainer-guide")
ROLE = "customer-service"
#: What each language's job ad must say in its own words and formats.
EXPECTED = {
    "de": ["Ihre Aufgaben", "Ihr Profil", "14,00 € – 15,50 € pro Stunde", "Bewerbungsschluss", "31.12.2026",
           "Das bieten wir", "30 Tage Urlaub", "Teilzeit", "Hybrid (teilweise mobil)"],
    "ja": ["仕事内容", "応募資格（必須）", "時給 €14.00～€15.50", "応募締切", "2026/12/31", "福利厚生", "年間休暇30日",
           "パート・アルバイト"],
    "zh-Hant": ["工作內容", "應徵條件", "時薪 €14.00–€15.50", "截止日期", "2026年12月31日", "福利制度", "每年 30 天特休",
                "兼職"],
}
FACES = {"de": "Noto-Sans-CJK-SC", "ja": "Noto-Sans-CJK-JP", "zh-Hant": "Noto-Sans-CJK-TC"}
DOCX_FACES = {"de": ("Noto Sans CJK SC", "de-DE", "zh-CN"), "ja": ("Noto Sans CJK JP", "ja-JP", "ja-JP"),
              "zh-Hant": ("Noto Sans CJK TC", "zh-TW", "zh-TW")}
ENGLISH_LABELS = ["What you will do", "What you bring", "Pay and terms", "How to apply", "Instructions for interviewers"]


def draw_logo(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((0, 0, height, height), fill=(11, 110, 79))
    draw.rectangle((height + height // 4, height // 3, width - 1, 2 * height // 3), fill=(11, 110, 79))
    image.save(path)


def copy_fixture(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    draw_logo(root / "assets" / "logo.png", (360, 120))
    return root


@pytest.fixture(scope="session")
def international(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, jobdocs.BuildResult]:
    root = copy_fixture(tmp_path_factory.mktemp("international") / "project")
    result = jobdocs.build(root, selection=Selection(roles=[ROLE], formats=["pdf", "docx", "html"]),
                           options=BuildOptions(jobs=2))
    assert result.exit_code == 0, result.failed
    return root / "output" / ROLE, result


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_document_builds_and_lint_has_a_word_list_for_every_language(international):
    out, result = international
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [f"{kind}.{language}.{fmt}" for kind in KINDS for language in LANGUAGES for fmt in ("pdf", "docx")]
        + [f"job-ad.{language}.html" for language in LANGUAGES])
    assert result.warnings == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_job_ad_speaks_the_language_with_its_formats_and_benefits(international, language, fmt):
    path = international[0] / f"job-ad.{language}.{fmt}"
    text = squash(pdf_text(path) if fmt == "pdf" else docx_text(path))
    missing = [item for item in EXPECTED[language] if squash(item) not in text]
    assert not missing
    assert not [label for label in ENGLISH_LABELS if squash(label) in text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_interview_guide_and_handout_use_the_languages_labels(international, language):
    labels = Templates(FIXTURE).labels(language)
    guide = squash(pdf_text(international[0] / f"interview-guide.{language}.pdf"))
    assert squash(labels["do_not_ask"]) in guide and squash(labels["instruction_items"][-1]) in guide
    handout = squash(docx_text(international[0] / f"training-handout.{language}.docx"))
    assert all(squash(item) in handout for item in [labels["sign_off"], *labels["evaluation_items"]])


@pytest.mark.skipif(not has_command("pdffonts"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pdf_embeds_its_languages_face_and_only_that_one(international, language):
    for kind in KINDS:
        listing = subprocess.run(["pdffonts", str(international[0] / f"{kind}.{language}.pdf")],
                                 capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        faces = {line.split()[0].split("+", 1)[-1] for line in listing}
        assert faces == {FACES[language]}, (kind, faces)
        assert all(" yes yes " in line for line in listing)  # embedded, subset


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_docx_names_its_face_and_language_for_east_asian_text(international, language):
    face, lang, east_asian = DOCX_FACES[language]
    path = international[0] / f"job-ad.{language}.docx"
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode("utf-8")
    assert re.search(rf'<w:lang w:val="{lang}" w:eastAsia="{east_asian}"', styles)
    document = docx.Document(str(path))
    for name in ("Normal", "Title", "Heading 1"):
        assert document.styles[name].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == face


def test_the_logo_is_in_the_running_header_of_both_formats_and_on_the_careers_page(international):
    out = international[0]
    reader = PdfReader(out / "job-ad.de.pdf")
    assert all(page.images for page in reader.pages)  # the header repeats on every page
    with zipfile.ZipFile(out / "job-ad.de.docx") as archive:
        header = next(name for name in archive.namelist() if re.fullmatch(r"word/header\d*\.xml", name)
                      and "<pic:pic" in archive.read(name).decode("utf-8"))
        rels = archive.read(header.replace("word/", "word/_rels/") + ".rels").decode("utf-8")
        assert "media/" in rels
    page = (out / "job-ad.ja.html").read_text(encoding="utf-8")
    assert re.search(r'<img class="logo" src="data:image/png;base64,[^"]+" alt="ノルトリヒト商事">', page)


def test_a_large_logo_is_embedded_scaled_down(tmp_path):
    root = copy_fixture(tmp_path / "project")
    draw_logo(root / "assets" / "logo.png", (3000, 1500))  # 4.5 megapixels
    result = jobdocs.build(root,
                           selection=Selection(roles=[ROLE], kinds=["job-ad"], languages=["de"], formats=["docx"]))
    assert result.exit_code == 0
    with zipfile.ZipFile(root / "output" / ROLE / "job-ad.de.docx") as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        sizes = {Image.open(archive.open(name)).size for name in media}
    assert sizes == {(1600, 800)}


def test_a_child_role_replaces_one_extra_field_and_inherits_the_others(tmp_path):
    project = load_project(copy_fixture(tmp_path / "project"))
    lead = project.roles["team-lead"]
    assert [text.get_text("de") for text in lead.extra["benefits"]] == ["Jobrad"]
    assert lead.extra["team_size"].get_text("ja") == "8"
    html = render_html(project, Templates(project.root), "team-lead", "job-ad", "ja").html
    assert "自転車リース制度" in html and "年間休暇30日" not in html

