"""The build work done per leaflet, possibly in a forked worker process.

`build_leaflet` takes one picklable task and returns picklable data, so `publish` can run the
leaflets serially or in a process pool with identical results.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import checking
from .config import Config
from .errors import ConfigError, LeafletError
from .glossary import Glossary
from .locales import format_long_date
from .localize import Decision, combine, decide
from .manifest import UnitRecord, digest_text
from .model import Alternate, Leaflet, LocaleInfo, Page, PageStatus
from .output import write_new_file
from .project import leaflet_template, read_leaflet_named
from .render import prepare_rendering, render_html, render_text
from .reports import completeness_json, diagnostic_json
from .segments import leaflet_segments
from .sources import prepare_reading
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


def prepare_workers(locales: Iterable[LocaleInfo]) -> None:
    """Load what every leaflet task needs before the workers fork, so they share it instead
    of each loading its own: the Markdown parser, the compiled page templates and each
    language's CLDR date formats."""
    prepare_reading()
    prepare_rendering()
    for info in locales:
        format_long_date(dt.date(2000, 1, 1), info.code)


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
class LeafletTask:
    """Everything one leaflet's part of a build needs, in every language."""

    config: Config
    options: BuildOptions
    staging: Path
    slug: str
    english: LocaleInfo
    locales: dict[str, LocaleInfo]  # code → locale, in build order (English not included)
    digests: dict[str, str]  # code → unit digest, English included
    reusable: dict[str, UnitRecord]  # code → the previous build's record, same digest
    ui: dict[str, Decision]  # code → the UI strings' decision
    ui_digests: dict[str, str]
    glossaries: dict[str, Glossary | None]  # code → the locale's glossary, read once per build
    old_outputs: dict[str, str]  # path → page key in the previous build (this leaflet's)

    def info(self, code: str) -> LocaleInfo:
        return self.english if code == SOURCE_LOCALE else self.locales[code]


@dataclass(frozen=True, slots=True)
class LeafletBuilt:
    """What one leaflet's part of a build did; its pages are in the staging folder."""

    slug: str
    records: dict[str, UnitRecord]  # code → record
    outputs: dict[str, str]  # path → page key, for every file of every built page
    rendered: tuple[tuple[str, str], ...]  # (kind, path) of the files to write, written but PDFs
    pages: int  # pages rendered
    reused: tuple[str, ...]  # paths to link from the previous build
    updated: dt.date | None  # the source's date, when it was read


def build_leaflet(task: LeafletTask) -> LeafletBuilt:
    """Decide one leaflet where its inputs changed, then render its pages that changed.

    All of a leaflet's languages are done in one task, so its language switchers are known
    here and nothing but records goes back to the parent process.
    """
    records = dict(task.reusable)
    decisions: dict[str, Decision] = {}
    leaflet: Leaflet | None = None

    def decide_now(digests: dict[str, str]) -> None:
        nonlocal leaflet
        leaflet = leaflet or read_leaflet_named(task.config, task.slug)
        for code, (decision, record) in _decide(task, leaflet, digests).items():
            records[code] = record
            decisions[code] = decision

    todo = {code: d for code, d in task.digests.items() if code not in records}
    if todo:
        decide_now(todo)
    built = [code for code in task.digests if records[code].status != PageStatus.SKIPPED.value]
    languages = ",".join(task.info(code).tag for code in built)
    keys: dict[str, str] = {}
    to_render: dict[str, list[tuple[str, str]]] = {}
    reused: list[str] = []
    for code in built:
        ui = task.ui_digests.get(code, "")
        for kind, path in outputs(task.info(code).tag, task.slug, task.options):
            keys[path] = digest_text(task.digests[code], ui, languages, kind)
            if (
                task.old_outputs.get(path) == keys[path]
                and (task.config.build_path / path).is_file()
            ):
                reused.append(path)
            else:
                to_render.setdefault(code, []).append((kind, path))
    # A page to render whose unit was reused needs its decision again (its switcher changed).
    again = {code: task.digests[code] for code in to_render if code not in decisions}
    if again:
        decide_now(again)
    rendered: list[tuple[str, str]] = []
    switcher = {
        code: Alternate(task.info(code), f"../{task.info(code).tag}/{task.slug}.html")
        for code in built
    }
    for code, files in to_render.items():
        assert leaflet is not None  # read above: every page to render has a decision
        page = _page(task, leaflet, code, decisions[code], switcher)
        _write_files(task.staging, page, files)
        rendered.extend(files)
    return LeafletBuilt(
        slug=task.slug,
        records=records,
        outputs=keys,
        rendered=tuple(rendered),
        pages=len(to_render),
        reused=tuple(reused),
        updated=leaflet.updated if leaflet is not None else None,
    )


def _decide(
    task: LeafletTask, leaflet: Leaflet, digests: dict[str, str]
) -> dict[str, tuple[Decision, UnitRecord]]:
    """Check and decide the leaflet in each of the given locales."""
    config = task.config
    check_variables((leaflet,), config)
    segments = leaflet_segments(leaflet)
    template = leaflet_template(leaflet)
    severities = checking.severities(config)
    out: dict[str, tuple[Decision, UnitRecord]] = {}
    for code, digest in digests.items():
        if code == SOURCE_LOCALE:
            english = Decision(PageStatus.PUBLISHED, (), ())
            record = UnitRecord(digest, PageStatus.PUBLISHED.value, (), leaflet.title.text)
            out[code] = (english, record)
            continue
        info = task.locales[code]
        report = checking.check_domain(
            config,
            template=template,
            domain=leaflet.slug,
            locale=info,
            glossary=task.glossaries[code],
            severities=severities,
        )
        decision = decide(
            segments,
            report.translation,
            report.diagnostics,
            allow_incomplete=task.options.allow_incomplete,
        )
        ui = task.ui[code]
        out[code] = (
            decision,
            UnitRecord(
                digest=digest,
                status=combine(decision, ui).value,
                reasons=decision.reasons + ui.reasons,
                title=_title(leaflet, decision),
                completeness=completeness_json(report.completeness),
                diagnostics=tuple(diagnostic_json(d) for d in report.diagnostics),
            ),
        )
    return out


def _page(
    task: LeafletTask,
    leaflet: Leaflet,
    code: str,
    decision: Decision,
    switcher: dict[str, Alternate],  # code → the leaflet's page in that language, all built
) -> Page:
    info = task.info(code)
    is_translation = code != SOURCE_LOCALE
    ui = task.ui.get(code)
    return Page(
        leaflet=leaflet,
        locale=info,
        pieces=decision.pieces if is_translation else (),
        ui=tuple((msgid, text) for (_c, msgid), text in ui.usable.items()) if ui else (),
        alternates=tuple(link for other, link in switcher.items() if other != code),
        variables=task.config.variables,
        english_date=format_long_date(leaflet.updated, info.code),
        is_translation=is_translation,
        incomplete=is_translation and (decision.incomplete or (ui.incomplete if ui else False)),
        paper=task.config.paper,
    )


def _write_files(staging: Path, page: Page, files: list[tuple[str, str]]) -> None:
    """Render and write one page's HTML and text files; PDFs are printed later."""
    for kind, relative in files:
        if kind == "html":
            text = render_html(page)
        elif kind == "txt":
            text = render_text(page)
        elif kind == "large_html":
            text = render_html(_large(page))
        else:
            continue
        write_new_file(staging / relative, text.encode("utf-8"))


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
