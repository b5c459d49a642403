"""The build use-case: decide what may be published, render it, and swap it in whole."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import checking, pdf
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError, OutputError
from .locales import format_long_date, source_locale
from .localize import Decision, combine, decide
from .model import (
    Alternate,
    Catalog,
    Completeness,
    Diagnostic,
    IndexEntry,
    IndexPage,
    Leaflet,
    LocaleInfo,
    Location,
    Page,
    PageStatus,
    Segment,
)
from .output import BuildFolder
from .project import UI_DOMAIN, check_output_folder, load_leaflets, target_locales
from .render import render_html, render_index_html, render_text
from .reports import completeness_json, diagnostic_json
from .segments import leaflet_segments
from .ui import ui_segments

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    locales: tuple[str, ...] = ()
    leaflets: tuple[str, ...] = ()
    allow_incomplete: bool = False
    jobs: int = 1
    pdf: bool = False  # also print build/<tag>/<slug>.pdf with headless Chromium
    large_print: bool = False  # also build <slug>.large.html (and .large.pdf with `pdf`)


@dataclass(frozen=True, slots=True)
class PageResult:
    slug: str
    locale: LocaleInfo
    status: PageStatus
    reasons: tuple[str, ...]
    title: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: tuple[PageResult, ...]
    catalogs: tuple[Completeness, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_written: int

    @property
    def skipped(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status is PageStatus.SKIPPED)


def check_variables(leaflets: Sequence[Leaflet], config: Config) -> None:
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
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)


def _page_path(tag: str, slug: str, ext: str) -> str:
    return f"{tag}/{slug}.{ext}"


LARGE = "large."  # infix of the large-print variant: build/<tag>/<slug>.large.html


def _variants(tag: str, slug: str, options: BuildOptions) -> tuple[tuple[str, str, str], ...]:
    """The extra files of one built page: (report.json key, index label, path)."""
    out: list[tuple[str, str, str]] = []
    if options.pdf:
        out.append(("pdf", "PDF", _page_path(tag, slug, "pdf")))
    if options.large_print:
        out.append(("large_html", "Large print", _page_path(tag, slug, LARGE + "html")))
        if options.pdf:
            out.append(("large_pdf", "Large print PDF", _page_path(tag, slug, LARGE + "pdf")))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Planned:
    leaflet: Leaflet
    locale: LocaleInfo
    decision: Decision
    ui: Decision
    status: PageStatus


def plan(
    config: Config, options: BuildOptions
) -> tuple[list[_Planned], list[Completeness], list[Diagnostic], tuple[Leaflet, ...]]:
    """Read and check everything; decide every leaflet × locale. Writes nothing."""
    leaflets = load_leaflets(config, only=options.leaflets)
    check_variables(leaflets, config)
    locales = target_locales(config, only=options.locales)
    english = source_locale()
    segments = {leaflet.slug: leaflet_segments(leaflet) for leaflet in leaflets}
    ui_segs = ui_segments()
    planned: list[_Planned] = []
    english_page = Decision(PageStatus.PUBLISHED, (), ())
    for leaflet in leaflets:
        planned.append(_Planned(leaflet, english, english_page, english_page, PageStatus.PUBLISHED))
    reports = checking.check_project(config, leaflets=leaflets, locales=locales)
    completeness = [report.completeness for report in reports]
    diagnostics = [d for report in reports for d in report.diagnostics]
    by_key = {(r.domain, r.locale): r for r in reports}
    for info in locales:
        ui_report = by_key[(UI_DOMAIN, info.code)]
        ui = decide(
            ui_segs,
            ui_report.translation,
            ui_report.diagnostics,
            allow_incomplete=options.allow_incomplete,
            label="ui: ",
        )
        for leaflet in leaflets:
            report = by_key[(leaflet.slug, info.code)]
            decision = decide(
                segments[leaflet.slug],
                report.translation,
                report.diagnostics,
                allow_incomplete=options.allow_incomplete,
            )
            planned.append(_Planned(leaflet, info, decision, ui, combine(decision, ui)))
    return planned, completeness, diagnostics, leaflets


def _pages(config: Config, planned: list[_Planned], options: BuildOptions) -> list[Page]:
    built = [p for p in planned if p.status is not PageStatus.SKIPPED]
    languages: dict[str, list[LocaleInfo]] = {}
    for item in built:
        languages.setdefault(item.leaflet.slug, []).append(item.locale)
    pages: list[Page] = []
    for item in built:
        alternates = tuple(
            Alternate(other, f"../{other.tag}/{item.leaflet.slug}.html")
            for other in languages[item.leaflet.slug]
            if other.code != item.locale.code
        )
        is_translation = item.locale.code != source_locale().code
        pages.append(
            Page(
                leaflet=item.leaflet,
                locale=item.locale,
                pieces=item.decision.pieces if is_translation else (),
                ui=_ui_pairs(item.ui),
                alternates=alternates,
                variables=config.variables,
                english_date=format_long_date(item.leaflet.updated, item.locale.code),
                is_translation=is_translation,
                incomplete=is_translation and (item.decision.incomplete or item.ui.incomplete),
                paper=config.paper,
            )
        )
    if options.large_print:
        pages += [
            replace(
                page,
                large_print=True,
                alternates=tuple(
                    replace(alt, href=alt.href.removesuffix("html") + LARGE + "html")
                    for alt in page.alternates
                ),
            )
            for page in pages
        ]
    return pages


def _ui_pairs(decision: Decision) -> tuple[tuple[str, str], ...]:
    return tuple((msgid, text) for (_ctx, msgid), text in decision.usable.items())


def _report(
    planned: list[_Planned],
    completeness: list[Completeness],
    diagnostics: list[Diagnostic],
    options: BuildOptions,
) -> str:
    payload = {
        "pages": [
            {
                "leaflet": p.leaflet.slug,
                "locale": p.locale.code,
                "tag": p.locale.tag,
                "status": p.status.value,
                "reasons": list(p.decision.reasons + p.ui.reasons),
                "html": _page_path(p.locale.tag, p.leaflet.slug, "html")
                if p.status is not PageStatus.SKIPPED
                else None,
                "text": _page_path(p.locale.tag, p.leaflet.slug, "txt")
                if p.status is not PageStatus.SKIPPED
                else None,
                **{
                    key: path if p.status is not PageStatus.SKIPPED else None
                    for key, _label, path in _variants(p.locale.tag, p.leaflet.slug, options)
                },
            }
            for p in planned
        ],
        "catalogs": [completeness_json(c) for c in completeness],
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def build(
    config: Config,
    options: BuildOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    planned, completeness, diagnostics, _leaflets = plan(config, options)
    pages = _pages(config, planned, options)
    outputs: dict[str, str] = {}
    prints: list[tuple[str, str, Page]] = []  # (html, pdf, page) to print into the staging
    for number, page in enumerate(pages, start=1):
        tag, slug = page.locale.tag, page.leaflet.slug
        infix = LARGE if page.large_print else ""
        html = _page_path(tag, slug, infix + "html")
        outputs[html] = render_html(page)
        if not page.large_print:
            outputs[_page_path(tag, slug, "txt")] = render_text(page)
        if options.pdf:
            prints.append((html, _page_path(tag, slug, infix + "pdf"), page))
        if progress is not None:
            progress(number, len(pages))
    index = IndexPage(
        entries=tuple(
            IndexEntry(
                slug=p.leaflet.slug,
                title=_title(p),
                locale=p.locale,
                status=p.status,
                href=_page_path(p.locale.tag, p.leaflet.slug, "html")
                if p.status is not PageStatus.SKIPPED
                else None,
                reason="; ".join(p.decision.reasons + p.ui.reasons),
                variants=tuple(
                    (label, path)
                    for _key, label, path in _variants(p.locale.tag, p.leaflet.slug, options)
                )
                if p.status is not PageStatus.SKIPPED
                else (),
            )
            for p in planned
        ),
        locale=source_locale(),
    )
    outputs["index.html"] = render_index_html(index)
    outputs["report.json"] = _report(planned, completeness, diagnostics, options)
    check_output_folder(config, config.build_path)
    folder = BuildFolder(config.build_path)
    with folder.locked():
        staging = folder.start()
        try:
            for relative, text in sorted(outputs.items()):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            # Printed from the staging copy, before the swap: a failure keeps the old build.
            pdf.print_pdfs(
                [
                    pdf.PdfJob(staging / html, staging / out, page.leaflet.updated)
                    for html, out, page in prints
                ],
                paper=config.paper,
            )
            folder.commit()
        except OSError as exc:
            folder.abandon()
            raise OutputError(
                f"cannot write the build: {exc.strerror or exc}", Location(config.shown(staging))
            ) from None
        except BaseException:
            folder.abandon()
            raise
    return BuildResult(
        pages=tuple(
            PageResult(
                slug=p.leaflet.slug,
                locale=p.locale,
                status=p.status,
                reasons=p.decision.reasons + p.ui.reasons,
                title=_title(p),
            )
            for p in planned
        ),
        catalogs=tuple(completeness),
        diagnostics=tuple(diagnostics),
        files_written=len(outputs) + len(prints),
    )


def _title(item: _Planned) -> str:
    key = (item.leaflet.title.context, item.leaflet.title.text)
    for candidate, piece in item.decision.pieces:
        if candidate == key and not piece.fallback:
            return piece.text
    return item.leaflet.title.text


__all__ = ["BuildOptions", "BuildResult", "Catalog", "Path", "Segment", "build", "plan"]
