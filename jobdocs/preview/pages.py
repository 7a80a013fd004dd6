"""The preview's own pages, from the small templates beside this module (not a project's templates)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

PAGES_DIR = Path(__file__).resolve().parent / "page"
#: The only files the preview serves besides the built documents: URL -> (media type, bytes).
ASSETS = {
    "/preview.js": ("text/javascript; charset=utf-8", (PAGES_DIR / "preview.js").read_bytes()),
    "/preview.css": ("text/css; charset=utf-8", (PAGES_DIR / "preview.css").read_bytes()),
}

_environment = jinja2.Environment(loader=jinja2.FileSystemLoader(PAGES_DIR), autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def index_page(snapshot: dict[str, Any]) -> bytes:
    """Every role x kind x language: a row a role, a column a kind, a line a language."""
    entries = snapshot["documents"].items()
    kinds = list(dict.fromkeys(entry["kind"] for _, entry in entries))
    roles: dict[str, dict[str, Any]] = {}
    for document_id, entry in entries:
        roles.setdefault(entry["role"], {"title": entry["title"]}).setdefault(entry["kind"], []).append((document_id, entry))
    rows = [(role_id, cells["title"], [cells.get(kind, []) for kind in kinds]) for role_id, cells in roles.items()]
    return _render("index.html", snapshot=snapshot, kinds=kinds, rows=rows)


def document_page(snapshot: dict[str, Any], document_id: str) -> bytes:
    """One document: its PDF in the page, its DOCX to download, and the project's problems above them."""
    return _render("document.html", snapshot=snapshot, document_id=document_id,
                   entry=snapshot["documents"][document_id])


def _render(name: str, **context: object) -> bytes:
    state_json = json.dumps(context["snapshot"], ensure_ascii=False).replace("</", "<\\/")
    return _environment.get_template(name).render(state_json=state_json, **context).encode("utf-8")
