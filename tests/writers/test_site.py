"""The careers site's own files: the index of open roles per language and the sitemap."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

import jobdocs
from jobdocs import BuildOptions, Selection
from jobdocs.batch.manifest import KeyMaker
from jobdocs.batch.plan import plan
from jobdocs.model.outputs import Target
from jobdocs.model.project import load_project
from jobdocs.html.render import render_html
from jobdocs.writers.site import render_site, sitemap_xml
from jobdocs.html.templates import Templates

from tests.conftest import CHILD_ROLE, PARENT_ROLE, docx_text, write_project

SITE_CONFIG = """\
company: {name: {zh: 测试公司, en: Test Company}}
languages: [zh, en]
posting: {date_posted: 2026-11-02, valid_through: 2026-12-31}
site: {url: "https://jobs.example.com/careers"}
apply: {zh: 请发送简历。, en: Send your CV to jobs@example.com.}
"""
#: A role of another family, whose own posting closes before the project's.
PACKER_ROLE = PARENT_ROLE.replace("title: {zh: 运营助理, en: Operations Assistant}",
                                  "title: {zh: 打包员, en: Packer}\nfamily: {zh: 仓储, en: Warehouse}\n"
                                  "posting: {valid_through: 2026-11-20}")
ANALYST_ROLE = PARENT_ROLE.replace("title: {zh: 运营助理, en: Operations Assistant}",
                                   "title: {zh: 数据分析师, en: Analyst}\nfamily: {zh: 数据, en: Data}")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BEFORE_PACKER_CLOSES = datetime.date(2026, 11, 15)
AFTER_PACKER_CLOSES = datetime.date(2026, 12, 1)
EPOCH_AFTER_PACKER_CLOSES = "1796083200"  # 2026-12-01


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE,
                                                "packer": PACKER_ROLE, "analyst": ANALYST_ROLE}, SITE_CONFIG)


def render(project_dir: Path, target: Target, today: datetime.date | None) -> str:
    project = load_project(project_dir)
    return render_site(project, Templates(project.root), target, today).html


def index(project_dir: Path, language: str, today: datetime.date | None):
    return lxml.html.fromstring(render(project_dir, Target("", "index", language, "html"), today))


def test_the_index_groups_open_roles_by_family_with_their_terms(site_project):
    page = index(site_project, "en", BEFORE_PACKER_CLOSES)
    assert page.get("lang") == "en"
    assert [h2.text_content() for h2 in page.iter("h2")] == ["Data", "Warehouse", "Other roles"]
    other = page.xpath("//section[h2='Other roles']//h3/a")
    assert [(a.text_content(), a.get("href")) for a in other] == [
        ("Operations Assistant", "assistant/job-ad.en.html"), ("Store Manager", "manager/job-ad.en.html")]
    [terms] = [{dt.text_content(): dt.getnext().text_content() for dt in dl.iter("dt")}
               for dl in page.xpath("//section[h2='Warehouse']//dl")]
    # the index says what the role's own page says
    project = load_project(site_project)
    ad = lxml.html.fromstring(render_html(project, Templates(project.root), "packer", "job-ad", "en").html)
    shown = {th.text_content(): th.getnext().text_content() for th in ad.xpath("//table[@class='fields']//th")}
    assert terms == {label: shown[label] for label in ("Location", "Work mode", "Pay", "Closing date")}
    assert terms["Location"] == "Shenzhen" and "9,000" in terms["Pay"] and "2026" in terms["Closing date"]


def test_a_closed_role_leaves_the_index_and_the_sitemap(site_project):
    page = index(site_project, "zh", AFTER_PACKER_CLOSES)
    assert [h2.text_content() for h2 in page.iter("h2")] == ["数据", "其他岗位"]
    assert "打包员" not in page.text_content()
    assert "packer/" not in render(site_project, Target("", "sitemap", "", "xml"), AFTER_PACKER_CLOSES)
    assert "packer/" in render(site_project, Target("", "sitemap", "", "xml"), BEFORE_PACKER_CLOSES)


def test_with_every_role_closed_the_index_says_there_is_none(site_project):
    page = index(site_project, "en", datetime.date(2027, 1, 1))
    assert "There are no open roles at the moment" in page.text_content()
    assert page.xpath("//main//a") == []


def test_the_sitemap_is_valid_xml_listing_every_open_page_with_its_languages(site_project):
    project = load_project(site_project)
    root = lxml.etree.fromstring(sitemap_xml(project, Templates(project.root), AFTER_PACKER_CLOSES).encode())
    assert root.tag == f"{SITEMAP}urlset"
    urls = {url.findtext(f"{SITEMAP}loc"): url for url in root}
    base = "https://jobs.example.com/careers/"
    assert sorted(urls) == sorted(f"{base}{path}" for path in [
        "index.zh.html", "index.en.html", *(f"{role}/job-ad.{lang}.html"
                                            for role in ("analyst", "assistant", "manager") for lang in ("zh", "en"))])
    manager = urls[f"{base}manager/job-ad.en.html"]
    assert manager.findtext(f"{SITEMAP}lastmod") == "2026-11-02"
    links = {link.get("hreflang"): link.get("href") for link in manager.iter(f"{XHTML}link")}
    assert links == {"zh-CN": f"{base}manager/job-ad.zh.html", "en": f"{base}manager/job-ad.en.html",
                     "x-default": f"{base}manager/job-ad.zh.html"}


def test_a_project_overrides_the_index_template_like_any_other(site_project):
    (site_project / "templates").mkdir()
    (site_project / "templates" / "careers-index.html").write_text(
        '{% extends "!default/careers-index.html" %}{% block title %}Join us{% endblock %}', encoding="utf-8")
    assert index(site_project, "en", None).findtext(".//title") == "Join us"


def test_the_index_is_a_sandboxed_template_whose_mistakes_name_the_file(site_project):
    (site_project / "templates").mkdir()
    (site_project / "templates" / "careers-index.html").write_text("{{ families.nope }}\n", encoding="utf-8")
    with pytest.raises(jobdocs.errors.InputError) as raised:
        index(site_project, "en", None)
    assert str(raised.value.problems[0]).startswith("templates/careers-index.html:1: template:")


def test_the_site_builds_reproducibly_and_links_only_relatively(site_project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_AFTER_PACKER_CLOSES)
    outs = [tmp_path / "a", tmp_path / "b"]
    for out, jobs in zip(outs, (1, 2), strict=True):
        assert jobdocs.build(site_project, out, selection=Selection(formats=["html"]),
                             options=BuildOptions(jobs=jobs)).exit_code == 0
    files = [{str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.*ml"))} for out in outs]
    assert files[0] == files[1]
    assert {"index.zh.html", "index.en.html", "sitemap.xml", "packer/job-ad.en.html"} <= set(files[0])
    for name in files[0]:
        if name.endswith(".html"):
            page = lxml.html.fromstring(files[0][name])
            for href in page.xpath("//a/@href"):
                assert "://" not in href and not href.startswith("/"), (name, href)
                assert (outs[0] / name).parent.joinpath(href).resolve().is_file(), (name, href)


def test_the_index_is_rebuilt_when_any_role_changes(site_project, tmp_path):
    out = tmp_path / "out"

    def rebuilt() -> set[str]:
        result = jobdocs.build(site_project, out, selection=Selection(formats=["html"], languages=["en"]))
        return {target.relative_path for target in result.built}

    assert len(rebuilt()) == 6  # four pages, the index and the sitemap
    assert rebuilt() == set()
    role = site_project / "roles" / "analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("en: Shenzhen}", "en: Hong Kong}"), encoding="utf-8")
    # The sitemap lists addresses only: a new location leaves it as it was.
    assert rebuilt() == {"analyst/job-ad.en.html", "index.en.html"}
    assert "Hong Kong" in (out / "index.en.html").read_text(encoding="utf-8")


def test_keys_change_when_a_posting_closes_not_from_one_day_to_the_next(site_project):
    project = load_project(site_project)
    templates = Templates(project.root)
    targets = plan(project, formats=["html"], languages=["en"])

    def keys(day: datetime.date) -> dict[str, str]:
        maker = KeyMaker(project, templates, {"zh": "fonts", "en": "fonts"}, None, day)
        return {target.relative_path: maker.key(target) for target in targets}

    open_days = keys(BEFORE_PACKER_CLOSES), keys(BEFORE_PACKER_CLOSES + datetime.timedelta(days=1))
    assert open_days[0] == open_days[1]
    closed = keys(AFTER_PACKER_CLOSES)
    changed = {path for path in closed if closed[path] != open_days[0][path]}
    assert changed == {"packer/job-ad.en.html", "index.en.html", "sitemap.xml"}


def test_a_closed_roles_page_says_so_and_its_json_ld_keeps_the_closing_date(site_project):
    project = load_project(site_project)
    html = render_html(project, Templates(project.root), "packer", "job-ad", "en", today=AFTER_PACKER_CLOSES).html
    page = lxml.html.fromstring(html)
    assert page.xpath("//main/p[@role='status']")[0].text_content().startswith("This role is closed")
    assert "Send your CV" not in html
    [script] = page.xpath("//script[@type='application/ld+json']")
    assert json.loads(script.text)["validThrough"] == "2026-11-20T23:59:59+00:00"  # UTC: the project names no time zone
    still_open = render_html(project, Templates(project.root), "packer", "job-ad", "en", today=BEFORE_PACKER_CLOSES)
    assert "This role is closed" not in still_open.html



def test_a_closed_roles_docx_says_so_too(site_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_AFTER_PACKER_CLOSES)
    jobdocs.build(site_project,
                  selection=Selection(roles=["packer"], kinds=["job-ad"], formats=["docx"], languages=["en"]))
    assert "This role is closed" in docx_text(site_project / "output" / "packer" / "job-ad.en.docx")


def test_with_a_logo_the_site_publishes_it_for_link_previews(site_project, tmp_path):
    from PIL import Image

    (site_project / "assets").mkdir()
    Image.new("RGB", (240, 80), (31, 78, 121)).save(site_project / "assets" / "logo.png")
    config = site_project / "jobdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "company: {name: {zh: 测试公司, en: Test Company}}",
        "company: {name: {zh: 测试公司, en: Test Company}, logo: assets/logo.png}"), encoding="utf-8")
    out = tmp_path / "out"
    assert jobdocs.build(site_project, out, selection=Selection(formats=["html"], languages=["en"])).exit_code == 0
    assert (out / "logo.png").read_bytes() == (site_project / "assets" / "logo.png").read_bytes()
    for page in ("index.en.html", "manager/job-ad.en.html"):
        html = lxml.html.fromstring((out / page).read_bytes())
        assert html.xpath("//meta[@property='og:image']/@content") == ["https://jobs.example.com/careers/logo.png"]
    Image.new("RGB", (240, 80), (200, 30, 30)).save(site_project / "assets" / "logo.png")
    rebuilt = jobdocs.build(site_project, out, selection=Selection(formats=["html"], languages=["en"])).built
    assert "logo.png" in {target.relative_path for target in rebuilt}  # a new picture under the same name
    assert (out / "logo.png").read_bytes() == (site_project / "assets" / "logo.png").read_bytes()

