"""Find the font each language is printed in, and say clearly when a CJK language has none.

Chinese, Japanese and Korean share code points but not glyph shapes (直, 骨 and 化 differ), so each
CJK language gets its own face of Noto CJK (Source Han Sans): SC, TC, HK, JP or KR. Each document
still embeds one family: its language's face, whose Latin letters serve the rest of the text.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess

#: The families of each face, tried in order; then the other faces (a Japanese text in the
#: Chinese face reads better than empty boxes), then fonts that cover Chinese only.
CJK_FACES: dict[str, tuple[str, ...]] = {
    "SC": ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC"),
    "TC": ("Noto Sans CJK TC", "Source Han Sans TC", "Noto Sans TC"),
    "HK": ("Noto Sans CJK HK", "Source Han Sans HK", "Noto Sans HK"),
    "JP": ("Noto Sans CJK JP", "Source Han Sans", "Source Han Sans JP", "Noto Sans JP"),
    "KR": ("Noto Sans CJK KR", "Source Han Sans K", "Source Han Sans KR", "Noto Sans KR"),
}
#: Where a face is missing, the nearest one: Hong Kong's is Traditional Chinese.
NEAREST_FACES = {"SC": ("TC",), "TC": ("HK",), "HK": ("TC",), "JP": (), "KR": ()}
OTHER_CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")
FALLBACK_FAMILIES = ("DejaVu Sans", "Liberation Sans", "sans-serif")
CJK_LANGUAGES = ("zh", "ja", "ko")
MISSING_CJK_WARNING = (
    "no Chinese (CJK) font is installed, so Chinese text would print as empty boxes. "
    "Install one, e.g. 'sudo apt-get install fonts-noto-cjk' on Debian or Ubuntu "
    "(the README's set-up does this), then build again."
)


def cjk_face(language: str) -> str:
    """The Noto CJK face of a BCP 47 tag: ``ja`` JP, ``ko`` KR, ``zh-Hant``/``zh-TW`` TC, ``zh-HK`` HK, else SC.

    A language that is not CJK gets SC, the face every document used before faces were chosen:
    the Latin letters are the same in every face.
    """
    subtags = language.lower().replace("_", "-").split("-")
    if subtags[0] in ("ja", "jpn"):
        return "JP"
    if subtags[0] in ("ko", "kor"):
        return "KR"
    if subtags[0] in ("zh", "zho") and ("hk" in subtags or "mo" in subtags):
        return "HK"
    if subtags[0] in ("zh", "zho") and ("hant" in subtags or "tw" in subtags):
        return "TC"
    return "SC"


@functools.lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Every font family fontconfig knows; empty when there is no fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        listing = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


@functools.cache
def cjk_family(language: str) -> str | None:
    """The installed family that prints ``language``'s CJK characters in their own shapes, or ``None``."""
    face = cjk_face(language)
    faces = [face, *NEAREST_FACES[face], *(other for other in CJK_FACES if other != face)]
    candidates = [family for name in dict.fromkeys(faces) for family in CJK_FACES[name]] + list(OTHER_CJK_FAMILIES)
    families = installed_families()
    return next((family for family in candidates if family in families), None)


def installed_cjk_family() -> str | None:
    """A CJK family for Chinese, or ``None`` when no CJK font is installed at all."""
    return cjk_family("zh")


@functools.cache
def cjk_font_file(language: str = "zh", bold: bool = False) -> tuple[str, int] | None:
    """The file and face index of ``language``'s CJK font, for drawing pictures; ``None`` when there is none."""
    family, fc_match = cjk_family(language), shutil.which("fc-match")
    if family is None or fc_match is None:
        return None
    try:
        found = subprocess.run([fc_match, "-f", "%{file}:%{index}", f"{family}:{'bold' if bold else 'regular'}"],
                               capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = found.rpartition(":")
    return (path, int(index or 0)) if path else None


@functools.cache
def font_stack(language: str = "zh") -> str:
    """The CSS ``font-family`` value of a document in ``language``: its CJK face first."""
    families = [f for f in (cjk_family(language),) if f] + list(FALLBACK_FAMILIES)
    return ", ".join(f if f == "sans-serif" else f'"{f}"' for f in families)


def docx_east_asian_language(language_tag: str) -> str:
    """The ``w:eastAsia`` language of a DOCX: the document's own for a CJK language, else that of its face."""
    if needs_cjk([language_tag]):
        return language_tag
    return {"SC": "zh-CN", "TC": "zh-TW", "HK": "zh-HK", "JP": "ja-JP", "KR": "ko-KR"}[cjk_face(language_tag)]


def needs_cjk(languages: list[str]) -> bool:
    return any(language.split("-")[0] in CJK_LANGUAGES for language in languages)


def cjk_font_warning(languages: list[str]) -> str | None:
    """The warning to print when these languages need a CJK font and none is installed."""
    return MISSING_CJK_WARNING if needs_cjk(languages) and installed_cjk_family() is None else None


#: CSS's generic families and keywords: always available, never a font a machine can lack.
GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math",
                              "emoji", "fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded",
                              "inherit", "initial", "unset", "revert", "revert-layer"})
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}{<>]+)", re.IGNORECASE)


def missing_font_families(html: str) -> list[str]:
    """The families a document's CSS asks for first that this machine lacks, in order of appearance.

    WeasyPrint quietly prints such a text in the next family of the list, while the DOCX names the
    first: the two formats would differ, so the build warns. Where fontconfig is missing, nothing is
    known to be installed and nothing is reported.
    """
    installed = {family.casefold() for family in installed_families()}
    if not installed:
        return []
    missing: list[str] = []
    for declaration in _FONT_FAMILY.findall(html):
        families = [name.strip().strip("\"'").strip() for name in declaration.split(",")]
        first = next((name for name in families if name and name.casefold() not in GENERIC_FAMILIES), None)
        if first and first.casefold() not in installed and first not in missing:
            missing.append(first)
    return missing
