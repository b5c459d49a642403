"""The units of build work done per leaflet, possibly in a forked worker process.

Each function takes one picklable task and returns picklable data, so `publish` can run them
serially or in a process pool with identical results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import checking
from .config import Config
from .errors import ConfigError, LeafletError
from .localize import Decision, combine, decide
from .manifest import UnitRecord
from .model import Leaflet, LocaleInfo, Page, PageStatus
from .project import build_templates, read_leaflet_named
from .render import render_html, render_text
from .reports import completeness_json, diagnostic_json
from .segments import leaflet_segments
from .uptodate import SOURCE_LOCALE, BuildOptions
from .workers import raise_all

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
LARGE = "large."  # infix of the large-print variant: build/<tag>/<slug>.large.html


def check_variables(leaflets: Iterable[Leaflet], config: Config) -> None:
    """Every `{name}` in an English source needs a value before anything is built."""
    errors: list[LeafletError] = []
    for leaflet in leaflets:
        for block in leaflet.blocks():
            for name in PLACEHOLDER.findall(block.text):
                if config.variables.get(name) is None:
                    errors.append(
                        ConfigError(
                            f"placeholder {{{name}}} has no value: set it in "
                            f"[tool.leaflet.variables] or with --set {name}=...",
                            block.location,
                        )
                    )
    raise_all(errors)


def page_path(tag: str, slug: str, ext: str) -> str:
    return f"{tag}/{slug}.{ext}"


def variants(tag: str, slug: str, options: BuildOptions) -> tuple[tuple[str, str, str], ...]:
    """The extra files of one built page: (report.json key, index label, path)."""
    out: list[tuple[str, str, str]] = []
    if options.pdf:
        out.append(("pdf", "PDF", page_path(tag, slug, "pdf")))
    if options.large_print:
        out.append(("large_html", "Large print", page_path(tag, slug, LARGE + "html")))
        if options.pdf:
            out.append(("large_pdf", "Large print PDF", page_path(tag, slug, LARGE + "pdf")))
    return tuple(out)


def outputs(tag: str, slug: str, options: BuildOptions) -> tuple[tuple[str, str], ...]:
    """Every file of one built page: (kind, relative path)."""
    out = [("html", page_path(tag, slug, "html")), ("txt", page_path(tag, slug, "txt"))]
    out += [(key, path) for key, _label, path in variants(tag, slug, options)]
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A freshly decided unit."""

    decision: Decision
    record: UnitRecord


@dataclass(frozen=True, slots=True)
class Decided:
    leaflet: Leaflet
    outcomes: dict[str, Outcome]  # locale code → outcome


@dataclass(frozen=True, slots=True)
class DecideTask:
    config: Config
    options: BuildOptions
    slug: str
    digests: dict[str, str]  # locale code → unit digest, for the locales to decide
    ui: dict[str, Decision]
    locales: dict[str, LocaleInfo]


def decide_leaflet(task: DecideTask) -> Decided:
    """Parse one leaflet and decide it in each asked locale."""
    config = task.config
    leaflet = read_leaflet_named(config, task.slug)
    check_variables((leaflet,), config)
    segments = leaflet_segments(leaflet)
    templates = build_templates((leaflet,))
    template = templates[leaflet.slug][0]
    severities = checking.severities(config)
    outcomes: dict[str, Outcome] = {}
    for code, digest in task.digests.items():
        if code == SOURCE_LOCALE:
            english = Decision(PageStatus.PUBLISHED, (), ())
            outcomes[code] = Outcome(
                english, UnitRecord(digest, PageStatus.PUBLISHED.value, (), leaflet.title.text)
            )
            continue
        info = task.locales[code]
        report = checking.check_domain(
            config,
            template=template,
            domain=leaflet.slug,
            locale=info,
            glossary=checking.glossary_for(config, info),
            severities=severities,
        )
        decision = decide(
            segments,
            report.translation,
            report.diagnostics,
            allow_incomplete=task.options.allow_incomplete,
        )
        ui = task.ui[code]
        record = UnitRecord(
            digest=digest,
            status=combine(decision, ui).value,
            reasons=decision.reasons + ui.reasons,
            title=_title(leaflet, decision),
            completeness=completeness_json(report.completeness),
            diagnostics=tuple(diagnostic_json(d) for d in report.diagnostics),
        )
        outcomes[code] = Outcome(decision, record)
    return Decided(leaflet, outcomes)


@dataclass(frozen=True, slots=True)
class RenderTask:
    staging: Path
    pages: tuple[tuple[Page, tuple[tuple[str, str], ...]], ...]  # page, (kind, path) to write


def render_pages(task: RenderTask) -> int:
    """Render and write the given files of the given pages; PDFs are printed later."""
    written = 0
    for page, files in task.pages:
        for kind, relative in files:
            if kind == "html":
                text = render_html(page)
            elif kind == "txt":
                text = render_text(page)
            elif kind == "large_html":
                text = render_html(_large(page))
            else:
                continue
            target = task.staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def _large(page: Page) -> Page:
    return replace(
        page,
        large_print=True,
        alternates=tuple(
            replace(alt, href=alt.href.removesuffix("html") + LARGE + "html")
            for alt in page.alternates
        ),
    )


def _title(leaflet: Leaflet, decision: Decision) -> str:
    key = (leaflet.title.context, leaflet.title.text)
    for candidate, piece in decision.pieces:
        if candidate == key and not piece.fallback:
            return piece.text
    return leaflet.title.text
