from __future__ import annotations

import pytest

from jobdocs.html.fonts import cjk_face, docx_east_asian_language, font_stack, installed_families


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
