"""A careers page's links: canonical address, its other languages, Open Graph, the index."""
from __future__ import annotations

import lxml.html
import pytest

from jobdocs.model.project import load_project
from jobdocs.html.render import render_html
from jobdocs.html.web import relative_link
from jobdocs.html.templates import Templates

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, write_project

SITE = 'site: {url: "https://jobs.example.com/careers"}\n'


def job_ad(root, language: str = "en"):
    project = load_project(root)
    return lxml.html.fromstring(render_html(project, Templates(project.root), "manager", "job-ad", language).html)


def meta(page, name: str) -> list[str]:
    return page.xpath(f"//meta[@property='{name}']/@content")


@pytest.fixture
def published(tmp_path):
    return write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, PROJECT_FILE + SITE)


def test_a_page_names_its_canonical_address_and_every_language_version(published):
    page = job_ad(published)
    base = "https://jobs.example.com/careers/manager/"
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{base}job-ad.en.html"]
    alternates = {link.get("hreflang"): link.get("href") for link in page.xpath("//link[@rel='alternate']")}
    assert alternates == {"zh-CN": f"{base}job-ad.zh.html", "en": f"{base}job-ad.en.html",
                          "x-default": f"{base}job-ad.zh.html"}


def test_a_page_carries_open_graph_tags_for_link_previews(published):
    page = job_ad(published, "zh")
    assert meta(page, "og:title") == ["店长"] and meta(page, "og:description") == ["你负责整个店铺。"]
    assert meta(page, "og:type") == ["website"] and meta(page, "og:site_name") == ["测试公司"]
    assert meta(page, "og:url") == ["https://jobs.example.com/careers/manager/job-ad.zh.html"]
    assert meta(page, "og:locale") == ["zh_CN"] and meta(page, "og:locale:alternate") == ["en_US"]
    assert meta(page, "og:image") == []  # the project has no logo


def test_without_site_url_links_stay_relative_and_nothing_claims_an_address(small_project):
    page = job_ad(small_project)
    assert page.xpath("//link[@rel='canonical']") == [] and meta(page, "og:url") == []
    alternates = {link.get("hreflang"): link.get("href") for link in page.xpath("//link[@rel='alternate']")}
    assert alternates == {"zh-CN": "job-ad.zh.html", "en": "job-ad.en.html", "x-default": "job-ad.zh.html"}


def test_the_navigation_links_to_the_index_and_the_other_language(small_project):
    [nav] = job_ad(small_project).xpath("//nav")
    links = {a.text_content(): a.get("href") for a in nav.iter("a")}
    assert links == {"All open roles": "../index.en.html", "简体中文": "job-ad.zh.html"}
    assert nav.xpath(".//*[@aria-current='page']")[0].text_content() == "English"


@pytest.mark.parametrize("source,destination,link", [
    ("index.en.html", "store-manager/job-ad.en.html", "store-manager/job-ad.en.html"),
    ("store-manager/job-ad.en.html", "index.en.html", "../index.en.html"),
    ("store-manager/job-ad.en.html", "store-manager/job-ad.zh.html", "job-ad.zh.html"),
])
def test_relative_links_between_pages_of_the_site(source, destination, link):
    assert relative_link(source, destination) == link


def test_language_and_locale_agree_with_the_page_and_each_role_describes_itself(published):
    import json

    project = load_project(published)
    templates = Templates(project.root)
    for language, locale in (("zh", "zh_CN"), ("en", "en_US")):
        descriptions = set()
        for role_id in ("assistant", "manager"):
            page = lxml.html.fromstring(render_html(project, templates, role_id, "job-ad", language).html)
            [script] = page.xpath("//script[@type='application/ld+json']")
            assert json.loads(script.text)["inLanguage"] == page.get("lang")
            assert meta(page, "og:locale") == [locale]
            [description] = page.xpath("//meta[@name='description']/@content")
            assert description == project.roles[role_id].summary.get_text(language)
            descriptions.add(description)
        assert len(descriptions) == 2
