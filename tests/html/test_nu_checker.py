"""Every page of a built careers site passes the W3C Nu HTML checker (vnu-jar), in one run of it."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import jobdocs
from tests.conftest import REPO
from tests.test_international import copy_fixture

VNU = REPO / ".cache" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.clients


def test_every_careers_page_has_no_errors(tmp_path):
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.skip(f"the Nu checker is not installed at {VNU}, or java is missing (scripts/setup test installs both)")
    pages: list[Path] = []
    for name, root in (("built-in", REPO), ("international", copy_fixture(tmp_path / "international-project"))):
        out = tmp_path / name
        result = jobdocs.build(root, out, jobdocs.Selection(formats=["html"]), jobdocs.BuildOptions(jobs=1))
        assert result.exit_code == 0, result.failed
        pages += sorted(out.rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:  # the PDF's page boxes and running header stay out of the web page
        text = page.read_text(encoding="utf-8")
        assert "@page" not in text and "running(" not in text and "element(" not in text, page
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [f"{m.get('url', '').rsplit('/', 2)[-2:]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
