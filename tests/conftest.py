"""Shared fixtures: small projects written to a temporary folder, and one full build of the built-in roles."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PARENT_ROLE = """\
title: {zh: 运营助理, en: Operations Assistant}
summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}
level: 1
responsibilities:
  - {zh: 每天记录销售数据。, en: Record sales data every day.}
competencies:
  - id: data-tracking
    name: {zh: 数据跟踪, en: Data tracking}
    description: {zh: 准确记录数据。, en: Record data accurately.}
    level: 2
    weight: 2
    questions:
      - type: behavioural
        text: {zh: 请讲一次你发现数据错误的经历。, en: Tell me about a time you found an error in data.}
        probes: [{zh: 你做了什么？, en: "What did you do?"}]
    rubric:
      1: {zh: 说不出例子。, en: Gives no example.}
      3: {zh: 有例子但不完整。, en: Gives an example without a result.}
      5: {zh: 例子完整并有结果。, en: Gives a full example with its result.}
    training:
      objectives: [{zh: 运用表格记录数据。, en: Apply the tracking sheet.}]
      checklist: [{zh: 独立完成一天的数据记录。, en: Complete one day's tracking alone.}]
      quiz:
        - question: {zh: 转化率等于？, en: "Conversion rate equals?"}
          options: [{zh: 订单/访客, en: Orders / sessions}, {zh: 访客/订单, en: Sessions / orders}]
          answer: 0
  - id: platform-rules
    name: {zh: 平台规则, en: Platform rules}
    required: false
    level: 2
employment:
  type: FULL_TIME
  location: {zh: 深圳, en: Shenzhen}
  salary: {currency: CNY, min: 6000, max: 9000, period: MONTH}
"""

CHILD_ROLE = """\
extends: assistant
title: {zh: 店长, en: Store Manager}
summary: {zh: 你负责整个店铺。, en: You run the whole store.}
level: 2
responsibilities:
  - {zh: 诊断店铺问题。, en: Diagnose the store's problems.}
competencies:
  - id: data-tracking
    name: {zh: 数据分析, en: Data analysis}
    level: 4
  - id: traffic-growth
    name: {zh: 流量增长, en: Traffic growth}
    level: 3
"""

PROJECT_FILE = """\
company: {name: {zh: 测试公司, en: Test Company}}
languages: [zh, en]
"""


def write_project(root: Path, roles: dict[str, str], config: str | None = PROJECT_FILE,
                  templates: dict[str, str] | None = None) -> Path:
    """A project folder with the given role files (name -> YAML text) and template files."""
    (root / "roles").mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "jobdocs.yaml").write_text(config, encoding="utf-8")
    for name, text in roles.items():
        (root / "roles" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (templates or {}).items():
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A parent role and a child that extends it."""
    return write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE})


@pytest.fixture(scope="session")
def built_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of one full build of the repository's own project."""
    import jobdocs

    out = tmp_path_factory.mktemp("built-in") / "output"
    result = jobdocs.build(REPO, out)
    assert result.exit_code == 0, result.failed
    return out


@pytest.fixture(scope="session")
def small_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the small project, for checks that need a child role."""
    import jobdocs

    root = write_project(tmp_path_factory.mktemp("small"), {"assistant": PARENT_ROLE, "manager": CHILD_ROLE})
    result = jobdocs.build(root)
    assert result.exit_code == 0, result.failed
    return root / "output"


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_fonts(path: Path) -> set[str]:
    """Names of the fonts embedded in a PDF (with a font file, not merely referenced)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(descendant.get_object()["/BaseFont"]))
    return names


def docx_text(path: Path) -> str:
    """Each paragraph's text, in tables and content controls too (python-docx's Paragraph.text and
    Document.tables leave out what is inside a content control: a tick box, a field to fill)."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(text.text or "" for text in paragraph.iter(qn("w:t")))
                     for paragraph in body.iter(qn("w:p")))


def has_command(name: str) -> bool:
    return shutil.which(name) is not None


def blank_png(path: Path, width: int, height: int, *, bits: int = 8, colour_type: int = 2) -> Path:
    """A PNG of one colour, written row by row: a huge image costs the test no memory."""
    import struct
    import zlib

    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = b"\0" * (1 + (width * channels * bits + 7) // 8)  # a filter byte, then the pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, bits, colour_type, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    return path


def processes_marked(marker: str) -> list[int]:
    """PIDs of the live processes whose environment carries ``JOBDOCS_TEST_MARK=marker``: a build and all it started."""
    wanted = f"JOBDOCS_TEST_MARK={marker}".encode()
    pids = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if wanted in (folder / "environ").read_bytes().split(b"\0") and running(int(folder.name)):
                pids.append(int(folder.name))
        except OSError:
            continue
    return pids


def running(pid: int) -> bool:
    """Whether the process lives: neither gone nor a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except (OSError, IndexError):
        return False


def assert_manifest_agrees(out: Path) -> None:
    """manifest.json is valid JSON, and every entry has its file with that size and hash."""
    import hashlib
    import json

    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for relative, entry in document["outputs"].items():
        data = (out / relative).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"]), relative


def pdf_structure(path: Path) -> list[dict]:
    """The PDF's structure tree in reading order: each element's tag, depth, ``/Alt``, ``/ID`` and ``/A``'s
    ``/Headers`` and ``/Scope``."""
    import pikepdf

    elements: list[dict] = []

    def walk(node, depth: int) -> None:
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") != "/StructElem":
            return  # a marked-content id or an annotation reference
        attributes = node.get("/A")
        elements.append({"tag": str(node.S)[1:], "depth": depth, "alt": str(node.get("/Alt", "")),
                         "id": str(node.get("/ID", "")),
                         "headers": [str(h) for h in attributes.get("/Headers", [])] if attributes else [],
                         "scope": str(attributes.get("/Scope", ""))[1:] if attributes else ""})
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    with pikepdf.open(path) as pdf:
        for kid in pdf.Root.StructTreeRoot.K:
            walk(kid, 0)
    return elements


def heading_levels(path: Path) -> list[int]:
    """The levels of the H1-H6 elements of a PDF's structure tree, in reading order."""
    return [int(e["tag"][1]) for e in pdf_structure(path) if len(e["tag"]) == 2 and e["tag"][0] == "H"
            and e["tag"][1].isdigit()]


def pandoc_header_rows(path: Path) -> list[bool]:
    """For each table of a DOCX as pandoc reads it, in document order: whether pandoc finds a header row."""
    import json
    import subprocess

    output = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)], capture_output=True, text=True,
                            check=True).stdout
    return [bool(table["c"][3][1]) for table in _pandoc_tables(json.loads(output)["blocks"])]


def html_header_rows(html: str) -> list[bool]:
    """For each table of the HTML, in document order: whether it has a thead."""
    import lxml.html

    return [table.find("thead") is not None for table in lxml.html.document_fromstring(html).iter("table")]


def _pandoc_tables(node: object) -> list[dict]:
    """Every Table block of pandoc's JSON, in document order."""
    if isinstance(node, dict):
        found = [node] if node.get("t") == "Table" else []
        return found + [table for value in node.values() for table in _pandoc_tables(value)]
    if isinstance(node, list):
        return [table for value in node for table in _pandoc_tables(value)]
    return []
