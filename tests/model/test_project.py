"""The project file's own checks: the company logo."""
from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from jobdocs.cli import cli
from jobdocs.errors import InputError
from jobdocs.model.project import LOGO_SIDE, load_project

from tests.conftest import PARENT_ROLE, write_project

CONFIG = "company:\n  name: {zh: 测试公司, en: Test Company}\n  logo: %s\nlanguages: [zh, en]\n"


def logo_project(tmp_path: Path, logo: str) -> Path:
    root = write_project(tmp_path, {"assistant": PARENT_ROLE}, CONFIG % logo)
    (root / "assets").mkdir()
    Image.new("RGB", (300, 100), (11, 110, 79)).save(root / "assets" / "logo.png")
    Image.new("RGB", (30, 10)).save(root / "assets" / "logo.bmp")
    (root / "assets" / "logo.txt.png").write_text("not a picture", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes((root / "assets" / "logo.png").read_bytes())
    return root


@pytest.mark.parametrize("logo, message", [
    ("assets/missing.png", "'assets/missing.png': no such file; give a PNG, JPEG or GIF file's path relative to "
                           "the project folder"),
    ("../outside.png", "'../outside.png': outside the project's folders; give a PNG, JPEG or GIF file's path "
                       "relative to the project folder"),
    ("assets/logo.txt.png", "'assets/logo.txt.png' is not an image; give a PNG, JPEG or GIF file"),
    ("assets/logo.bmp", "'assets/logo.bmp' is a BMP image; give a PNG, JPEG or GIF file, which both the PDF "
                        "and the DOCX can carry"),
])
def test_a_logo_that_cannot_be_used_is_an_error_naming_the_project_file_and_line(tmp_path, logo, message):
    result = CliRunner().invoke(cli, ["validate", "-C", str(logo_project(tmp_path, logo))])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"jobdocs.yaml:3: company.logo: {message}"


def test_a_small_logo_is_embedded_as_it_is(tmp_path):
    project = load_project(logo_project(tmp_path, "assets/logo.png"))
    data = (project.root / "assets" / "logo.png").read_bytes()
    assert project.logo_url == "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def test_a_large_logo_is_scaled_down_once_keeping_its_shape_and_bytes(tmp_path):
    root = logo_project(tmp_path, "assets/big.png")
    Image.new("RGB", (4000, 1500), (11, 110, 79)).save(root / "assets" / "big.png")  # 6 megapixels
    project = load_project(root)
    url = project.logo_url
    assert project.logo_url is url  # made once per build, not once per document
    scaled = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert (scaled.format, scaled.size) == ("PNG", (LOGO_SIDE, 600))
    assert load_project(root).logo_url == url  # the same bytes on every build


def test_no_logo_no_picture(tmp_path):
    project = load_project(write_project(tmp_path, {"assistant": PARENT_ROLE}))
    assert (project.logo, project.logo_url) == (None, "")
    with pytest.raises(InputError):
        load_project(tmp_path / "nowhere")
