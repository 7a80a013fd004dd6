"""Golden HTML: each document kind of the built-in project, for two roles in both languages, as rendered.

The HTML is what the PDF and the DOCX are both written from, so any change a reader would see shows up
here first, as a text diff. After a deliberate change, rewrite the files and review their diff:

    JOBDOCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

What varies from run to run or machine to machine is fixed or replaced before comparing (see ``stable``).
"""
from __future__ import annotations

import datetime
import difflib
import os
import re
from pathlib import Path

import pytest

from jobdocs.html.fonts import font_stack
from jobdocs.html.render import render_html
from jobdocs.html.templates import KINDS, Templates
from jobdocs.model.project import Project, load_project

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("JOBDOCS_UPDATE_GOLDEN") == "1"
#: The entry-level role and the one it grows into: between them, every part a role file can have.
ROLES = ("operations-assistant", "store-manager")
LANGUAGES = ("zh", "en")
#: The day the documents are rendered on: the postings are open then (posted 2026-11-02, closing 2026-12-31).
TODAY = datetime.date(2026, 11, 15)
#: The build's time stamp, as ``SOURCE_DATE_EPOCH`` would give it.
GENERATED = "2026-11-15T00:00:00Z"
#: Stands for the language's font stack, which names the CJK face this machine has installed.
FONT_STACK = "FONT-STACK-OF-THIS-MACHINE"
#: An inline picture (the career ladder): its bytes depend on the versions of Pillow, zlib and FreeType and on
#: the installed face, so only its media type is kept; tests/test_documents.py checks the picture in the documents.
DATA_URL = re.compile(r"data:([a-z]+/[a-z0-9.+-]+);base64,[A-Za-z0-9+/=]+")
CASES = [(role, kind, language) for role in ROLES for kind in KINDS for language in LANGUAGES]


def stable(html: str, language: str) -> str:
    """The HTML with what depends on the machine replaced by a fixed word."""
    html = html.replace(font_stack(language), FONT_STACK)
    return DATA_URL.sub(r"data:\1;base64,BYTES-LEFT-OUT", html)


def golden_path(role: str, kind: str, language: str) -> Path:
    return GOLDEN / role / f"{kind}.{language}.html"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO)


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates(REPO)


@pytest.mark.parametrize("role,kind,language", CASES)
def test_the_rendered_html_is_the_golden_file(project, templates, role, kind, language):
    rendered = render_html(project, templates, role, kind, language, extra={"generated": GENERATED}, today=TODAY)
    html = stable(rendered.html, language)
    path = golden_path(role, kind, language)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: JOBDOCS_UPDATE_GOLDEN=1 writes it"
    golden = path.read_text(encoding="utf-8")
    if html != golden:
        diff = difflib.unified_diff(golden.splitlines(), html.splitlines(), str(path), "rendered", n=2, lineterm="")
        pytest.fail("the HTML differs from its golden file (JOBDOCS_UPDATE_GOLDEN=1 rewrites it after a "
                    "deliberate change):\n" + "\n".join(list(diff)[:80]))


def test_every_golden_file_belongs_to_a_case():
    """A golden file no case compares (a renamed kind or role) would otherwise sit there unchecked."""
    expected = {golden_path(*case) for case in CASES}
    assert set(GOLDEN.rglob("*.html")) == expected


def test_stable_replaces_only_what_varies():
    html = f'<style>body {{ font-family: {font_stack("zh")}; }}</style><img src="data:image/png;base64,iVBOR+w/0=">'
    assert stable(html, "zh") == (f'<style>body {{ font-family: {FONT_STACK}; }}</style>'
                                  '<img src="data:image/png;base64,BYTES-LEFT-OUT">')
