from __future__ import annotations

import pytest

from jobdocs.html.fonts import (cjk_face, docx_east_asian_language, font_stack, installed_families,
                                 missing_font_families)


@pytest.mark.parametrize("language, face", [
    ("zh", "SC"), ("zh-Hans", "SC"), ("zh-CN", "SC"), ("zh-Hant", "TC"), ("zh-TW", "TC"), ("zh-Hant-TW", "TC"),
    ("zh-HK", "HK"), ("zh-Hant-HK", "HK"), ("ja", "JP"), ("ja-JP", "JP"), ("ko", "KR"), ("ko-KR", "KR"),
    ("de", "SC"), ("en", "SC"),
])
def test_each_cjk_language_has_its_own_face(language, face):
    assert cjk_face(language) == face


@pytest.mark.skipif("Noto Sans CJK JP" not in installed_families(), reason="fonts-noto-cjk is not installed")
@pytest.mark.parametrize("language, family", [
    ("zh", "Noto Sans CJK SC"), ("zh-Hant", "Noto Sans CJK TC"), ("ja", "Noto Sans CJK JP"),
    ("ko", "Noto Sans CJK KR"), ("de", "Noto Sans CJK SC"),
])
def test_the_font_stack_starts_with_the_languages_face_and_holds_one_cjk_family(language, family):
    stack = font_stack(language)
    assert stack.startswith(f'"{family}", ')
    assert stack.count("CJK") == 1  # one CJK face a document: one subset to embed


def test_docx_east_asian_language_is_the_documents_own_or_its_faces():
    assert [docx_east_asian_language(tag) for tag in ("ja-JP", "zh-TW", "ko-KR", "de-DE", "en")] == [
        "ja-JP", "zh-TW", "ko-KR", "zh-CN", "zh-CN"]


@pytest.mark.skipif("Noto Sans CJK SC" not in installed_families(), reason="fonts-noto-cjk is not installed")
def test_a_stylesheet_font_the_machine_lacks_is_named_and_installed_ones_are_not():
    html = ('<style>h1 { font-family: "Garamond Premier", serif; } p { font-family: "Noto Sans CJK SC", '
            'sans-serif; } em { font-family: monospace; }</style><p style="font-family: \'Frutiger LT\'">x</p>')
    assert missing_font_families(html) == ["Garamond Premier", "Frutiger LT"]


def test_the_default_stylesheet_names_only_installed_fonts(small_project):
    from jobdocs.html.render import render_html
    from jobdocs.html.templates import Templates
    from jobdocs.model.project import load_project

    project = load_project(small_project)
    for language in project.languages:
        assert missing_font_families(render_html(project, Templates(project.root), "assistant", "job-ad",
                                                 language).html) == []


def test_the_build_warns_of_a_stylesheet_font_the_machine_lacks(small_project):
    import jobdocs

    (small_project / "templates").mkdir(exist_ok=True)
    (small_project / "templates" / "style.css").write_text('body { font-family: "Garamond Premier", serif; }')
    selection = jobdocs.Selection(roles=["assistant"], kinds=["job-ad"], formats=["docx"], languages=["en"])
    result = jobdocs.build(small_project, selection=selection)
    assert [str(w) for w in result.warnings if "font-family" in str(w)] == [
        "templates/style.css: font-family: 'Garamond Premier' is not installed on this machine, so the PDF prints "
        "its text in the next font of the list while the DOCX names 'Garamond Premier'; install it, or name a font "
        "this machine has"]
