"""The careers site (``--format html``) in real Chromium: its JobPosting, axe-core's WCAG 2.2 AA audit, phones."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading

import lxml.html
import pytest
import yaml

import jobdocs
from jobdocs import Selection

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
AXE = REPO / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
pytestmark = [
    pytest.mark.clients,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/setup test installs it)"),
]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: 2026-12-01, when the built-in postings are open; the director's own posting closed on 2026-11-20.
BUILD_DAY = "1796083200"
CLOSED = "operations-director"
ROLES = ["category-product-manager", "operations-assistant", "operations-director", "store-manager"]
PAGES = [*(f"{role}/job-ad.{language}.html" for role in ROLES for language in ("zh", "en")),
         "index.zh.html", "index.en.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built-in careers site, one role closed, served on a local port."""
    project = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "jobdocs.yaml", project)
    shutil.copytree(REPO / "roles", project / "roles")
    director = project / "roles" / f"{CLOSED}.yaml"
    text = director.read_text(encoding="utf-8")
    assert "\nposting:\n" in text  # the director's own posting (its headcount) gains a closing date
    director.write_text(text.replace("\nposting:\n", "\nposting:\n  valid_through: 2026-11-20\n", 1), encoding="utf-8")
    out = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
        assert jobdocs.build(project, out, selection=Selection(kinds=["job-ad"], formats=["html"])).exit_code == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: Debian's, never a downloaded build."""
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=[375, 1280], ids=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 800})
    yield context.new_page()
    context.close()


def open_page(page, site, path: str):
    _, base = site
    response = page.goto(f"{base}/{path}")
    assert response.ok, path
    return page


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_wcag_22_aa_violation_and_fits_the_screen(site, page, path):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (scripts/setup test installs it)")
    open_page(page, site, path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    violations = [f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
                  for v in result["violations"]]
    assert violations == [], path
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} scrolls sideways at {width[1]} px"


@pytest.mark.parametrize("role_id,language", [("store-manager", "en"), ("operations-director", "zh")])
def test_chromium_reads_the_job_posting_and_it_matches_the_page(site, browser, role_id, language):
    page = open_page(browser.new_page(), site, f"{role_id}/job-ad.{language}.html")
    postings = page.evaluate("""Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
                                     .map(s => JSON.parse(s.textContent))""")
    role = yaml.safe_load((REPO / "roles" / f"{role_id}.yaml").read_text(encoding="utf-8"))
    [posting] = postings
    assert posting["@type"] == "JobPosting"
    assert set(posting) >= GOOGLE_REQUIRED
    assert posting["title"] == page.inner_text("h1") == role["title"][language]
    assert page.evaluate("document.documentElement.lang") == {"en": "en", "zh": "zh-CN"}[language]
    salary = role["employment"]["salary"]
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "minValue": salary["min"],
                                              "maxValue": salary["max"], "unitText": salary["period"]}
    assert posting["baseSalary"]["currency"] == salary["currency"]
    assert posting["employmentType"] == "FULL_TIME" and posting["directApply"] is False
    assert posting["datePosted"] == "2026-11-02"
    assert posting["identifier"]["value"] == role_id
    assert posting["url"] == f"https://careers.example.com/jobs/{role_id}/job-ad.{language}.html"
    assert posting["experienceRequirements"] == {"@type": "OccupationalExperienceRequirements",
                                                 "monthsOfExperience": 12 * role["requirements"]["experience_years"]}
    assert posting["educationRequirements"]["credentialCategory"] in {"associate degree", "bachelor degree"}
    assert "jobLocationType" not in posting  # onsite and hybrid jobs are not TELECOMMUTE
    # the markup says what the page says
    page_text = " ".join(page.inner_text("body").split())
    description = " ".join(lxml.html.fromstring(posting["description"]).text_content().split())
    assert role["summary"][language] in page_text
    for duty in role["responsibilities"]:
        assert duty[language] in page_text and duty[language] in description
    assert "Page 1 of" not in page_text and "第 1 页" not in page_text  # the print header and footer are hidden
    page.close()


def test_a_closed_role_says_so_keeps_its_closing_date_and_leaves_the_index(site, browser):
    page = open_page(browser.new_page(), site, f"{CLOSED}/job-ad.en.html")
    assert "This role is closed" in page.inner_text("main")
    [posting] = page.evaluate("""Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
                                      .map(s => JSON.parse(s.textContent))""")
    assert posting["validThrough"] == "2026-11-20T23:59:59+08:00"  # the project's Asia/Shanghai
    open_page(page, site, "index.en.html")
    links = page.eval_on_selector_all("main a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(f"{role}/job-ad.en.html" for role in ROLES if role != CLOSED)
    page.close()


def test_the_index_links_lead_to_each_page_and_back(site, browser):
    """Relative links only, so the site works from any folder of a static host."""
    page = open_page(browser.new_page(), site, "index.zh.html")
    page.click("text=店长（推广运营）")
    assert page.url.endswith("/store-manager/job-ad.zh.html")
    page.click("nav >> text=English")
    assert page.url.endswith("/store-manager/job-ad.en.html") and page.inner_text("h1").startswith("Store Manager")
    page.click("text=All open roles")
    assert page.url.endswith("/index.en.html") and page.inner_text("h1") == "Open roles"
    page.close()


def test_screenshot_of_the_careers_page_on_a_phone(site, browser, tmp_path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=1)
    page = open_page(context.new_page(), site, "store-manager/job-ad.zh.html")
    shot = tmp_path / "careers-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a real picture, kept in tmp_path to look at
    context.close()
