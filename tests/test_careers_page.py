"""The careers page (``--format html``) in a real browser: headless Chromium parses its JobPosting."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading

import lxml.html
import pytest
import yaml

import jobdocs

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/setup test installs it)")
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}

#: Loads the page in a frame and writes what the browser parsed into its own DOM, for --dump-dom to print.
CHECK_PAGE = """<!DOCTYPE html><html><body><iframe id="page" src="{page}"></iframe><pre id="result"></pre>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var doc = this.contentDocument;
  var postings = Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))
                      .map(function (s) {{ return JSON.parse(s.textContent); }});
  document.getElementById("result").textContent = JSON.stringify({{
    postings: postings, h1: doc.querySelector("h1").textContent, lang: doc.documentElement.lang,
    text: doc.body.innerText, viewport: !!doc.querySelector('meta[name="viewport"]')}});
}});
</script></body></html>"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built-in careers pages, served on a local port."""
    out = tmp_path_factory.mktemp("site")
    jobdocs.build(REPO, out, kinds=["job-ad"], formats=["html"])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def browse(site, page: str, tmp_path) -> dict:
    out, base = site
    (out / "check.html").write_text(CHECK_PAGE.format(page=page), encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=10000", "--dump-dom", f"{base}/check.html"],
                         capture_output=True, text=True, timeout=120).stdout
    return json.loads(lxml.html.fromstring(dom).get_element_by_id("result").text_content())


@pytest.mark.parametrize("role_id,language", [("store-manager", "en"), ("operations-director", "zh")])
def test_chromium_reads_the_job_posting_and_it_matches_the_page(site, tmp_path, role_id, language):
    seen = browse(site, f"{role_id}/job-ad.{language}.html", tmp_path)
    role = yaml.safe_load((REPO / "roles" / f"{role_id}.yaml").read_text(encoding="utf-8"))
    [posting] = seen["postings"]
    assert posting["@type"] == "JobPosting"
    assert GOOGLE_REQUIRED <= set(posting)
    assert posting["title"] == seen["h1"] == role["title"][language]
    assert seen["lang"] == {"en": "en", "zh": "zh-CN"}[language] and seen["viewport"]
    salary = role["employment"]["salary"]
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "minValue": salary["min"],
                                              "maxValue": salary["max"], "unitText": salary["period"]}
    assert posting["baseSalary"]["currency"] == salary["currency"]
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["validThrough"].startswith("2026-12-31") and posting["datePosted"] == "2026-11-02"
    assert posting["identifier"]["value"] == role_id
    assert "jobLocationType" not in posting  # onsite and hybrid jobs are not TELECOMMUTE
    # the markup says what the page says
    page_text = " ".join(seen["text"].split())
    description = " ".join(lxml.html.fromstring(posting["description"]).text_content().split())
    assert role["summary"][language] in page_text
    for duty in role["responsibilities"]:
        assert duty[language] in page_text and duty[language] in description
    assert "Page 1 of" not in page_text and "第 1 页" not in page_text  # the print header and footer are hidden


def test_a_remote_role_is_telecommute(site, tmp_path):
    from jobdocs.project import load_project
    from jobdocs.render.html import localize
    from jobdocs.render.jsonld import job_posting

    project = load_project(REPO)
    role = localize(project.roles["store-manager"], "en")
    role.employment.remote = "remote"
    posting = job_posting(role, localize(project.config, "en"), "en")
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "CN"}


def test_screenshot_of_the_careers_page_on_a_phone(site, tmp_path):
    out, base = site
    shot = tmp_path / "careers-page.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
                    "--window-size=390,1400", f"--screenshot={shot}", f"{base}/store-manager/job-ad.zh.html"],
                   capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000  # a real picture, kept in tmp_path to look at
