"""Each module imports only what DESIGN.md allows; a wrong-way import fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# module -> modules of ours it may import
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "errors": {"model"},
    "config": {"model", "errors"},
    "sources": {"model", "errors", "front_matter"},
    "front_matter": {"model", "errors"},
    "segments": {"model"},
    "ui": {"model"},
    "po_wrap": {"line_breaks", "brace_format"},
    "line_breaks": set(),
    "brace_format": set(),
    "po_strict": {"model", "errors"},
    "po_fast": {"model", "po_strict"},
    "po_format": {"model", "errors", "po_fast", "po_strict"},
    "po_writer": {"model", "po_wrap"},
    "merge": {"model", "fuzzy_search"},
    "fuzzy_search": {"model"},
    "catalogs": {"model", "errors", "merge", "plural_forms", "po_format", "po_writer", "segments"},
    "locales": {"model", "errors"},
    "plural_forms": {"model", "errors"},
    "checks": {"model", "errors", "plural_forms", "numbers", "markup_scan", "excuses"},
    "excuses": {"model"},
    "catalog_checks": {"model", "checks", "excuses", "numbers", "markup_scan"},
    "numbers": {"model"},
    "markup_scan": set(),
    "glossary": {"model", "errors"},
    "localize": {"model"},
    "inline": {"model", "errors"},
    "textlayout": set(),
    "render": {"model", "errors", "inline", "textlayout"},
    "output": {"model", "errors"},
    "pdf": {"model", "errors"},
    "reports": {"model"},
    "manifest": set(),
    "workers": {"errors"},
    "uptodate": {"model", "config", "manifest", "__init__"},
    "project": {
        "model",
        "errors",
        "config",
        "catalogs",
        "locales",
        "segments",
        "sources",
        "ui",
        "workers",
        "__init__",
    },
    "checking": {
        "model",
        "errors",
        "config",
        "catalogs",
        "catalog_checks",
        "checks",
        "glossary",
        "project",
        "reports",
        "workers",
    },
    "publish": {
        "model",
        "errors",
        "config",
        "checking",
        "locales",
        "localize",
        "output",
        "pdf",
        "project",
        "render",
        "reports",
        "segments",
        "ui",
        "manifest",
        "uptodate",
        "build_units",
        "glossary",
        "workers",
    },
    "build_units": {
        "model",
        "errors",
        "config",
        "checking",
        "glossary",
        "locales",
        "localize",
        "manifest",
        "output",
        "project",
        "render",
        "reports",
        "segments",
        "sources",
        "uptodate",
        "workers",
    },
    "translating": {
        "model",
        "errors",
        "config",
        "catalogs",
        "locales",
        "output",
        "project",
        "workers",
    },
    "api": {
        "model",
        "errors",
        "config",
        "catalogs",
        "checking",
        "locales",
        "output",
        "project",
        "publish",
        "reports",
        "translating",
        "uptodate",
    },
    "cli": {"api", "config", "model", "errors", "reports", "__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}
# third-party libraries each may use; only one adapter per library
LIBRARY_OWNERS = {
    "jinja2": {"render"},
    "babel": {"locales"},
    "polib": set(),
    "click": {"cli"},
    "yaml": {"front_matter"},
    "markdown_it": {"sources", "inline", "markup_scan"},
}


def _imports(path: Path) -> tuple[set[str], set[str]]:
    ours: set[str] = set()
    libraries: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                if node.module:
                    ours.add(node.module.split(".")[0])
                else:
                    ours.update(alias.name for alias in node.names)
            elif node.module:
                libraries.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            libraries.update(alias.name.split(".")[0] for alias in node.names)
    if "__version__" in ours:
        ours.discard("__version__")
        ours.add("__init__")
    return ours, libraries


MODULES = sorted(p for p in PACKAGE.glob("*.py"))


def test_every_module_is_listed() -> None:
    assert {p.stem for p in MODULES} <= set(ALLOWED), "add new modules to ALLOWED"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_imports_follow_the_architecture(path: Path) -> None:
    ours, libraries = _imports(path)
    assert ours <= ALLOWED[path.stem], f"{path.stem} imports {ours - ALLOWED[path.stem]}"
    for library, owners in LIBRARY_OWNERS.items():
        if library in libraries:
            assert path.stem in owners, f"{path.stem} must not import {library}"
