"""Rendering reads no file or URL outside the project's assets."""
from __future__ import annotations

import base64
import http.server
import io
import threading
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader

import jobdocs
from jobdocs import Selection
from jobdocs.model.assets import MAX_DATA_URL_BYTES, AssetPolicy, RefusedResource

from tests.conftest import CHILD_ROLE, PARENT_ROLE, blank_png, write_project


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def hostile_template(url: str) -> str:
    return (
        '{% extends "!default/job-ad.html" %}'
        "{% block head %}"
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{url}/style.css">'
        f"<style>@import url({url}/import.css); h2 {{ background: url({url}/bg.png) }}</style>"
        '<link rel="attachment" href="file:///etc/passwd">'
        "{% endblock %}"
        "{% block content %}{{ super() }}"
        '<p><img src="file:///etc/passwd"> <img src="' + url + '/pixel.png"></p>'
        '<p><a rel="attachment" href="file:///etc/passwd">passwd</a></p>'
        "{% endblock %}"
    )


def test_a_template_gets_nothing_from_outside_the_project(tmp_path, listener):
    url, requests = listener
    root = write_project(tmp_path, {"assistant": PARENT_ROLE, "manager": CHILD_ROLE},
                         templates={"job-ad.html": hostile_template(url)})
    result = jobdocs.build(root, selection=Selection(roles=["assistant"], kinds=["job-ad"], languages=["en"]))
    assert result.exit_code == 0
    assert requests == [], "the build must send no request"
    pdf_path = root / "output" / "assistant" / "job-ad.en.pdf"
    pdf = pdf_path.read_bytes()
    assert b"root:x:0:0" not in pdf and b"/EmbeddedFile" not in pdf
    assert "/Names" not in PdfReader(pdf_path).trailer["/Root"]  # no attachments at all
    with zipfile.ZipFile(root / "output" / "assistant" / "job-ad.en.docx") as docx:
        assert not [name for name in docx.namelist() if name.startswith("word/media/")]
    refused = "\n".join(map(str, result.warnings))
    for resource in ("file:///etc/passwd", f"{url}/style.css", f"{url}/import.css", f"{url}/pixel.png"):
        assert f"templates/job-ad.html: assistant/job-ad.en.pdf: refused {resource}" in refused
    assert f"templates/job-ad.html: assistant/job-ad.en.docx: refused {url}/pixel.png" in refused


def test_images_inside_the_project_are_embedded_in_both_formats(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE},
                         templates={"job-ad.html": '{% extends "!default/job-ad.html" %}'
                                                   '{% block content %}<p><img src="templates/logo.png"></p>'
                                                   '{{ super() }}{% endblock %}'})
    (root / "templates" / "logo.png").write_bytes(png_bytes())
    result = jobdocs.build(root, selection=Selection(kinds=["job-ad"], languages=["en"]))
    assert not [warning for warning in result.warnings if "refused" in str(warning)]
    reader = PdfReader(root / "output" / "assistant" / "job-ad.en.pdf")
    assert len(reader.pages[0].images) == 1
    with zipfile.ZipFile(root / "output" / "assistant" / "job-ad.en.docx") as docx:
        assert [name for name in docx.namelist() if name.startswith("word/media/")] == ["word/media/image1.png"]


def test_policy_serves_project_files_and_small_data_urls_only(tmp_path):
    (tmp_path / "inside.txt").write_text("ok")
    policy = AssetPolicy(roots=(tmp_path,))
    assert policy.read((tmp_path / "inside.txt").as_uri()) == (b"ok", "text/plain")
    assert policy.read("data:text/plain;base64," + base64.b64encode(b"hi").decode()) == (b"hi", "text/plain")
    for url in ("file:///etc/passwd", (tmp_path / ".." / "x").as_uri(), "http://127.0.0.1/", "https://example.com/a.png",
                "ftp://example.com/x", "data:text/plain;base64," + "A" * (MAX_DATA_URL_BYTES * 2)):
        with pytest.raises(RefusedResource):
            policy.read(url)
    assert len(policy.refused) == 6


def test_a_decompression_bomb_is_refused_in_both_formats_with_its_file_named(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE},
                         templates={"job-ad.html": '{% extends "!default/job-ad.html" %}'
                                                   '{% block content %}<p><img src="bomb.png"></p>'
                                                   '{{ super() }}{% endblock %}'})
    bomb = blank_png(root / "bomb.png", 20000, 20000, bits=1, colour_type=0)  # 400 million pixels in 50 KB
    result = jobdocs.build(root, selection=Selection(kinds=["job-ad"], languages=["en"]))
    assert result.exit_code == 0
    for output in ("assistant/job-ad.en.pdf", "assistant/job-ad.en.docx"):
        assert any(str(warning).startswith(f"templates/job-ad.html: {output}: refused {bomb.as_uri()} "
                                      "(a decompression bomb: Image size (400000000 pixels) exceeds limit")
                   for warning in result.warnings), result.warnings
    assert len(PdfReader(root / "output" / "assistant" / "job-ad.en.pdf").pages[0].images) == 0
    with zipfile.ZipFile(root / "output" / "assistant" / "job-ad.en.docx") as docx:
        assert not [name for name in docx.namelist() if name.startswith("word/media/")]
