"""Draw the career-ladder picture of a training handout from ``extends`` and ``reports_to``.

A PNG, so that the PDF and the DOCX embed the very same picture from the same HTML.
"""
from __future__ import annotations

import base64
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .fonts import cjk_font_file
from ..model.models import Role
from ..model.roles import Links, role_links

BOX_WIDTH, BOX_HEIGHT, GAP_X, GAP_Y, MARGIN = 440, 130, 90, 70, 30
#: Title sizes tried from the largest down, so a long title shrinks before it takes more lines.
TITLE_SIZES, NOTE_SIZE, LINE_GAP, PADDING = (28, 26, 24, 22, 20), 22, 8, 20
MAX_LINES = 3
#: Millimetres a pixel of the picture takes on the page: a box is about 52 mm wide at any ladder's size.
MM_PER_PIXEL = 0.118
RGB = tuple[int, int, int]
#: A point of the picture; text measures give fractions of a pixel.
Point = tuple[float, float]
#: The labels of the document's language (``Labels``): the legend's words, the alternative text's parts.
Words = Mapping[str, Any]
GREY: RGB = (120, 120, 120)
WHITE: RGB = (255, 255, 255)
INK: RGB = (34, 34, 34)


@dataclass(frozen=True)
class Box:
    role_id: str
    x: int
    y: int
    height: int = BOX_HEIGHT

    @property
    def top(self) -> tuple[int, int]:
        return self.x + BOX_WIDTH // 2, self.y

    @property
    def bottom(self) -> tuple[int, int]:
        return self.x + BOX_WIDTH // 2, self.y + self.height


@dataclass(frozen=True)
class FittedTitle:
    """A title broken into lines at a size that fits a box's width."""

    lines: list[str]
    size: int
    #: Room for "You are here" under the current role's title.
    note: int

    @property
    def lines_height(self) -> int:
        """From the first line's ascender to the last line's descender."""
        return len(self.lines) * (self.size + LINE_GAP) - LINE_GAP + self.size // 4

    @property
    def height(self) -> int:
        return self.lines_height + self.note


def ladder_data_url(roles: dict[str, Role], role_id: str, titles: dict[str, str], labels: Words,
                    color: str) -> tuple[str, str]:
    """The picture as a ``data:`` URL for an ``<img>``, and its width on the page (``62mm``).

    The width keeps a box the same size on every ladder, so a one-role ladder is not blown up to the page.
    """
    buffer = io.BytesIO()
    # A few colours, so a palette PNG is small; optimize=True would cost more than the rest of the HTML.
    image = draw_ladder(roles, role_id, titles, labels, color).quantize(colors=32, method=Image.Quantize.FASTOCTREE)
    image.save(buffer, format="PNG", compress_level=6)
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return url, f"{image.width * MM_PER_PIXEL:.0f}mm"


def draw_ladder(roles: dict[str, Role], role_id: str, titles: dict[str, str], labels: Words, color: str) -> Image.Image:
    """Every role connected to ``role_id``, one row a rung, the highest on top; ``role_id`` is highlighted."""
    members = connected_roles(role_links(roles), role_id)
    rows = _rows(roles, members)
    titled = {member: fit_title(titles[member], labels, current=member == role_id) for member in members}
    box_height = max([BOX_HEIGHT] + [title.height + 2 * PADDING for title in titled.values()])
    promotions = _edges(roles, members, "extends")
    promoted = {frozenset(edge) for edge in promotions}
    reporting = [edge for edge in _edges(roles, members, "reports_to") if frozenset(edge) not in promoted]
    legend = _legend_items(labels, bool(promotions), bool(reporting))
    width = max(max(len(row) for row in rows) * (BOX_WIDTH + GAP_X) - GAP_X + 2 * MARGIN, _legend_width(labels, legend))
    height = len(rows) * (box_height + GAP_Y) - GAP_Y + 2 * MARGIN + (NOTE_SIZE + GAP_Y // 2 if legend else 0)
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    brand = _rgb(color)
    boxes = {}
    for index, row in enumerate(rows):
        row_width = len(row) * (BOX_WIDTH + GAP_X) - GAP_X
        for position, member in enumerate(row):
            x = (width - row_width) // 2 + position * (BOX_WIDTH + GAP_X)
            boxes[member] = Box(member, x, MARGIN + index * (box_height + GAP_Y), box_height)
    for child, parent in promotions:
        _arrow(draw, boxes[parent].top, boxes[child].bottom, brand, dashed=False)
    for role, manager in reporting:
        _arrow(draw, *_side_points(boxes[role], boxes[manager]), GREY, dashed=True)
    for member, box in boxes.items():
        _box(draw, box, titled[member], brand, current=member == role_id, labels=labels)
    _legend(draw, height, brand, legend, labels)
    return image


def ladder_description(roles: dict[str, Role], role_id: str, titles: dict[str, str], labels: Words) -> str:
    """The picture in words, for its alternative text: the promotions, who else reports to whom, and this role.

    ``labels["ladder_alt"]`` holds the sentence parts of the document's language.
    """
    words = labels["ladder_alt"]
    members = connected_roles(role_links(roles), role_id)
    sentences = [_chain_sentence(chain, titles, words) for chain in _promotion_chains(roles, members)]
    promotions = {frozenset(edge) for edge in _edges(roles, members, "extends")}
    sentences += [words["reports"].format(role=titles[role], manager=titles[manager])
                  for role, manager in _edges(roles, members, "reports_to") if frozenset((role, manager)) not in promotions]
    sentences.append(words["here"].format(role=titles[role_id]))
    return "".join(words["sentence"].format(text=sentence) for sentence in sentences).strip()


def _promotion_chains(roles: dict[str, Role], members: set[str]) -> list[list[str]]:
    """Each path up the ``extends`` links, from a role that extends none of ``members`` to one nobody extends."""
    children = {member: sorted(m for m in members if roles[m].extends == member) for member in members}
    starts = sorted((m for m in members if roles[m].extends not in members and children[m]),
                    key=lambda m: (_rung(roles, m), m))
    chains, pending = [], [[start] for start in reversed(starts)]
    while pending:
        chain = pending.pop()
        if children[chain[-1]]:
            pending += [[*chain, child] for child in reversed(children[chain[-1]])]
        else:
            chains.append(chain)
    return chains


def _chain_sentence(chain: list[str], titles: dict[str, str], words: Words) -> str:
    first: str = words["grows"].format(lower=titles[chain[0]], higher=titles[chain[1]])
    return first + "".join(words["then"].format(higher=titles[member]) for member in chain[2:])


def ladder_layout(roles: dict[str, Role], role_id: str) -> dict[str, list[object]]:
    """What the picture's shape is drawn from besides the titles: each member's rung and links."""
    return {member: [_rung(roles, member), roles[member].extends, roles[member].reports_to]
            for member in sorted(connected_roles(role_links(roles), role_id))}


def connected_roles(links: dict[str, Links], role_id: str) -> set[str]:
    """The roles linked to ``role_id`` through ``extends`` or ``reports_to``, in either direction."""
    edges = {(near, far) for near, pair in links.items() for far in pair if far in links}
    members, frontier = {role_id}, [role_id]
    while frontier:
        current = frontier.pop()
        for a, b in edges:
            for near, far in ((a, b), (b, a)):
                if near == current and far not in members:
                    members.add(far)
                    frontier.append(far)
    return members


def _rows(roles: dict[str, Role], members: set[str]) -> list[list[str]]:
    rung = {member: _rung(roles, member) for member in members}
    return [sorted(m for m in members if rung[m] == level) for level in sorted(set(rung.values()), reverse=True)]


def _rung(roles: dict[str, Role], role_id: str) -> int:
    """The role's ``level``, or one above its parent's rung when it has none."""
    role = roles[role_id]
    if role.level is not None:
        return role.level
    return _rung(roles, role.extends) + 1 if role.extends in roles else 1


def _edges(roles: dict[str, Role], members: set[str], field: str) -> list[tuple[str, str]]:
    return sorted((m, getattr(roles[m], field)) for m in members if getattr(roles[m], field) in members)


def _side_points(start: Box, end: Box) -> tuple[tuple[int, int], tuple[int, int]]:
    if start.y == end.y:  # same rung: side to side
        left_to_right = start.x < end.x
        y = start.y + start.height // 2
        return ((start.x + BOX_WIDTH, y), (end.x, y)) if left_to_right else ((start.x, y), (end.x + BOX_WIDTH, y))
    return (start.top, end.bottom) if start.y > end.y else (start.bottom, end.top)


def _box(draw: ImageDraw.ImageDraw, box: Box, title: FittedTitle, brand: RGB, current: bool, labels: Words) -> None:
    fill, ink = (brand, WHITE) if current else (WHITE, INK)
    draw.rounded_rectangle((box.x, box.y, box.x + BOX_WIDTH, box.y + box.height), radius=14, fill=fill,
                           outline=brand, width=4)
    font = _font(title.size, labels, bold=current)
    top = box.y + (box.height - title.height) // 2
    for index, line in enumerate(title.lines):
        draw.text((box.x + BOX_WIDTH // 2, top + index * (title.size + LINE_GAP)), line, font=font, fill=ink, anchor="ma")
    if current:
        draw.text((box.x + BOX_WIDTH // 2, top + title.lines_height + LINE_GAP), labels["you_are_here"],
                  font=_font(NOTE_SIZE, labels), fill=WHITE, anchor="ma")


def fit_title(title: str, labels: Words, current: bool = False) -> FittedTitle:
    """The title at the largest size that fits in at most three lines; at the smallest, in as many as it needs.

    Lines break between words, at the language's hyphenation points inside a long word, and anywhere in
    Chinese or Japanese: never inside a syllable, and no part is dropped.
    """
    note = LINE_GAP + NOTE_SIZE * 5 // 4 if current else 0
    for size in TITLE_SIZES:
        lines = wrap_title(title, _font(size, labels, bold=current), BOX_WIDTH - 2 * PADDING, labels["lang_tag"])
        if len(lines) <= MAX_LINES:
            return FittedTitle(lines, size, note)
    return FittedTitle(lines, TITLE_SIZES[-1], note)


def _arrow(draw: ImageDraw.ImageDraw, start: Point, end: Point, colour: RGB,
           dashed: bool) -> None:
    (x0, y0), (x1, y1) = start, end
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    step = 14 if dashed else length
    position = 0.0
    while position < length - 16:
        stop = min(position + step, length - 16)
        draw.line((x0 + ux * position, y0 + uy * position, x0 + ux * stop, y0 + uy * stop), fill=colour, width=4)
        position += step * (2 if dashed else 1)
    tip = (x1, y1)
    left = (x1 - ux * 18 - uy * 10, y1 - uy * 18 + ux * 10)
    right = (x1 - ux * 18 + uy * 10, y1 - uy * 18 - ux * 10)
    draw.polygon([tip, left, right], fill=colour)


def _legend_items(labels: Words, promotions: bool, reporting: bool) -> list[tuple[str, bool]]:
    """(label, dashed) for each kind of arrow the picture draws, and no other."""
    return [(labels["ladder_grows"], False)] * promotions + [(labels["ladder_reports"], True)] * reporting


def _legend_width(labels: Words, items: list[tuple[str, bool]]) -> int:
    """The legend's width: a long word (entwickelt sich zu) may be wider than one box."""
    font = _font(NOTE_SIZE, labels)
    return int(2 * MARGIN + sum(75 + font.getlength(text) + 40 for text, _dashed in items))


def _legend(draw: ImageDraw.ImageDraw, height: int, brand: RGB, items: list[tuple[str, bool]], labels: Words) -> None:
    font, x, y = _font(NOTE_SIZE, labels), MARGIN, height - MARGIN
    for text, dashed in items:
        _arrow(draw, (x, y), (x + 60, y), GREY if dashed else brand, dashed=dashed)
        draw.text((x + 75, y), text, font=font, fill=INK, anchor="lm")
        x = int(draw.textbbox((x + 75, y), text, font=font, anchor="lm")[2]) + 40


def wrap_title(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, lang_tag: str) -> list[str]:
    """Lines that fit ``width``: break between words, inside a long word at a hyphenation point of the
    language (with a hyphen), and between any two characters of Chinese or Japanese."""
    lines: list[str] = []
    line = ""
    for token, joiner in _tokens(text):
        candidate = f"{line}{joiner}{token}" if line else token
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for piece in _word_pieces(token, font, width, lang_tag):
            if line:
                lines.append(line)
            line = piece
    return [*lines, line] if line else lines


def _tokens(text: str) -> list[tuple[str, str]]:
    """(token, what joins it to the one before): words with a space; CJK characters one by one, with nothing."""
    tokens: list[tuple[str, str]] = []
    for index, word in enumerate(text.split()):
        joiner = " " if index else ""
        for part in re.findall(r"[\u3000-\u9fff\uf900-\ufaff\uac00-\ud7af（）：·]|[^\u3000-\u9fff\uf900-\ufaff\uac00-\ud7af（）：·]+", word):
            tokens.append((part, joiner))
            joiner = ""
    return tokens


def _word_pieces(word: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, lang_tag: str) -> list[str]:
    """A word too long for a line, cut at its hyphenation points into pieces that each fit, hyphen included."""
    if font.getlength(word) <= width:
        return [word]
    points = _hyphenation_points(word, lang_tag) or list(range(1, len(word)))  # no dictionary: any letter
    pieces, start = [], 0
    while font.getlength(word[start:]) > width:
        fitting = [p for p in points if p > start and font.getlength(word[start:p] + "-") <= width]
        end = fitting[-1] if fitting else next((p for p in points if p > start), len(word))
        if end >= len(word):
            break
        pieces.append(word[start:end] + "-")
        start = end
    return [*pieces, word[start:]]


def _hyphenation_points(word: str, lang_tag: str) -> list[int]:
    import pyphen  # WeasyPrint's own hyphenation dictionaries

    language = pyphen.language_fallback(lang_tag.replace("-", "_"))
    return list(pyphen.Pyphen(lang=language).positions(word)) if language else []


def _font(size: int, labels: Words, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The document language's face, so the picture's characters have the same shapes as the text's."""
    located = cjk_font_file(labels["lang_tag"], bold)
    if located is None:
        return ImageFont.load_default(size)
    path, index = located
    return ImageFont.truetype(path, size, index=index)


def _rgb(color: str) -> RGB:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return red, green, blue
