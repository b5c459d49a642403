"""The build use-case: decide what may be published, render what changed, swap it in whole.

A build is incremental. Each leaflet × locale ("unit") has a digest of what decides it (its
source, its catalog, the glossary, the options and the tool's own code); units whose digest is
in the previous build's manifest keep their decision, and pages whose key (unit, UI strings,
language switcher) is unchanged are linked from the previous build instead of rendered. What is
left is done per leaflet, in `--jobs` worker processes; the result is the same as a serial build.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from . import checking, pdf
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError, OutputError
from .locales import format_long_date, source_locale
from .localize import Decision, combine, decide
from .manifest import MANIFEST_NAME, Manifest, UnitRecord, digest_text
from .model import (
    Alternate,
    IndexEntry,
    IndexPage,
    Leaflet,
    LocaleInfo,
    Location,
    Page,
    PageStatus,
)
from .output import BuildFolder
from .project import (
    UI_DOMAIN,
    build_templates,
    check_output_folder,
    load_leaflets,
    read_leaflet_named,
    target_locales,
)
from .render import render_html, render_index_html, render_text
from .reports import completeness_json, diagnostic_json
from .segments import leaflet_segments
from .ui import ui_segments
from .uptodate import (
    SOURCE_LOCALE,
    BuildOptions,
    BuildResult,
    PageResult,
    Snapshot,
    snapshot,
    ui_digest,
    unit_digest,
    unit_key,
)

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
LARGE = "large."  # infix of the large-print variant: build/<tag>/<slug>.large.html
# Below this many units of work a worker pool costs more than it saves.
PARALLEL_THRESHOLD = 24

__all__ = ["BuildOptions", "BuildResult", "PageResult", "build"]


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
    _raise(errors)


def _raise(errors: Sequence[LeafletError]) -> None:
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(list(errors))


def _page_path(tag: str, slug: str, ext: str) -> str:
    return f"{tag}/{slug}.{ext}"


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


def _outputs(tag: str, slug: str, options: BuildOptions) -> tuple[tuple[str, str], ...]:
    """Every file of one built page: (kind, relative path)."""
    out = [("html", _page_path(tag, slug, "html")), ("txt", _page_path(tag, slug, "txt"))]
    out += [(key, path) for key, _label, path in _variants(tag, slug, options)]
    return tuple(out)


# --- Work done per leaflet, possibly in a worker process. ---


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A freshly decided unit."""

    decision: Decision
    record: UnitRecord


@dataclass(frozen=True, slots=True)
class _Decided:
    leaflet: Leaflet
    outcomes: dict[str, _Outcome]  # locale code → outcome


@dataclass(frozen=True, slots=True)
class _DecideTask:
    config: Config
    options: BuildOptions
    slug: str
    digests: dict[str, str]  # locale code → unit digest, for the locales to decide
    ui: dict[str, Decision]
    locales: dict[str, LocaleInfo]


def _decide_leaflet(task: _DecideTask) -> _Decided:
    """Parse one leaflet and decide it in each asked locale."""
    config = task.config
    leaflet = read_leaflet_named(config, task.slug)
    check_variables((leaflet,), config)
    segments = leaflet_segments(leaflet)
    templates = build_templates((leaflet,))
    template = templates[leaflet.slug][0]
    severities = checking.severities(config)
    outcomes: dict[str, _Outcome] = {}
    for code, digest in task.digests.items():
        if code == SOURCE_LOCALE:
            english = Decision(PageStatus.PUBLISHED, (), ())
            outcomes[code] = _Outcome(
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
        outcomes[code] = _Outcome(decision, record)
    return _Decided(leaflet, outcomes)


@dataclass(frozen=True, slots=True)
class _RenderTask:
    staging: Path
    pages: tuple[tuple[Page, tuple[tuple[str, str], ...]], ...]  # page, (kind, path) to write


def _render_pages(task: _RenderTask) -> int:
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


def _worker_start(lock_fd: int) -> None:
    """In a forked worker: drop the inherited build lock so it dies with the parent."""
    with contextlib.suppress(OSError):
        os.close(lock_fd)


T = TypeVar("T")
R = TypeVar("R")


def _map(executor: Executor | None, function: Callable[[T], R], tasks: Sequence[T]) -> list[R]:
    """Run tasks in order, in the pool when there is one; every error is collected."""
    results: list[R] = []
    errors: list[LeafletError] = []
    if executor is None:
        for task in tasks:
            try:
                results.append(function(task))
            except LeafletError as exc:
                errors.append(exc)
    else:
        futures = [executor.submit(function, task) for task in tasks]
        for future in futures:
            try:
                results.append(future.result())
            except LeafletError as exc:
                errors.append(exc)
    flat: list[LeafletError] = []
    for error in errors:
        flat.extend(error.errors if isinstance(error, ErrorList) else (error,))
    _raise(flat)
    return results


# --- The build itself. ---


def build(
    config: Config,
    options: BuildOptions,
    *,
    state: Snapshot | None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """The slow path: `state` is the snapshot the caller took (None when it could not)."""
    # Validate the request before anything else: a bad --locale or source is an error.
    infos = target_locales(config, only=options.locales)
    if state is None:
        load_leaflets(config, only=options.leaflets)
        state = snapshot(config, options)
        if state is None:
            raise ConfigError("cannot read the project's sources and catalogs")
    check_output_folder(config, config.build_path)
    folder = BuildFolder(config.build_path)
    with folder.locked() as lock_fd:
        staging = folder.start()
        try:
            result = _Build(config, options, state, infos, staging, progress, lock_fd).run()
            folder.commit()
        except OSError as exc:
            folder.abandon()
            raise OutputError(
                f"cannot write the build: {exc.strerror or exc}", Location(config.shown(staging))
            ) from None
        except BaseException:
            folder.abandon()
            raise
    return result


class _Build:
    """One slow-path build into a staging folder."""

    def __init__(
        self,
        config: Config,
        options: BuildOptions,
        state: Snapshot,
        infos: Sequence[LocaleInfo],
        staging: Path,
        progress: Callable[[int, int], None] | None,
        lock_fd: int,
    ) -> None:
        self.lock_fd = lock_fd
        self.config = config
        self.options = options
        self.state = state
        self.staging = staging
        self.progress = progress
        self.english = source_locale()
        self.infos = {info.code: info for info in infos}
        self.codes = [SOURCE_LOCALE, *self.infos]
        self.slugs = list(state.inputs.slugs)
        previous = state.previous
        self.previous = previous if previous and previous.options == state.options else None
        self.unit_digests = {
            unit_key(slug, code): unit_digest(config, state.options, state.digests, slug, code)
            for slug in self.slugs
            for code in self.codes
        }
        self.ui_digests = {
            code: ui_digest(config, state.options, state.digests, code) for code in self.infos
        }
        self.languages: dict[str, list[str]] = {}  # slug → locales it is built in

    def info(self, code: str) -> LocaleInfo:
        return self.english if code == SOURCE_LOCALE else self.infos[code]

    def run(self) -> BuildResult:
        ui_decisions, ui_records = self.ui_strings()
        records: dict[str, UnitRecord] = {}
        todo: dict[str, dict[str, str]] = {}
        for key, digest in self.unit_digests.items():
            old = self.previous.units.get(key) if self.previous else None
            if old is not None and old.digest == digest:
                records[key] = old
            else:
                slug, code = key.split("/")
                todo.setdefault(slug, {})[code] = digest
        jobs = self.options.jobs
        work = sum(len(codes) for codes in todo.values())
        use_pool = jobs > 1 and work >= PARALLEL_THRESHOLD and len(todo) > 1
        executor: Executor | None = None
        if use_pool:
            context = multiprocessing.get_context("fork")
            executor = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=context,
                initializer=_worker_start,
                initargs=(self.lock_fd,),
            )
        try:
            leaflets, decisions = self.decide(executor, todo, ui_decisions, records)
            pages, to_render, reused = self.plan_pages(records)
            # A page to render whose unit was reused needs its decision again.
            again: dict[str, dict[str, str]] = {}
            for page_key in to_render:
                if page_key not in decisions:
                    slug, code = page_key.split("/")
                    again.setdefault(slug, {})[code] = self.unit_digests[page_key]
            more, more_decisions = self.decide(executor, again, ui_decisions, records)
            leaflets.update(more)
            decisions.update(more_decisions)
            rendered = self.render(executor, to_render, leaflets, decisions, ui_decisions)
        finally:
            if executor is not None:
                executor.shutdown()
        self.link_reused(reused)
        self.print_pdfs(to_render)
        self.write_index_and_report(records, ui_records)
        manifest = Manifest(
            options=self.state.options,
            inputs=self.state.digests,
            units={**records, **ui_records},
            outputs={path: key for path, key in pages.items()},
        )
        (self.staging / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
        return BuildResult(
            pages=tuple(self.results(records)),
            rendered=rendered,
            reused=len(reused),
        )

    def ui_strings(self) -> tuple[dict[str, Decision], dict[str, UnitRecord]]:
        """The UI catalog of every locale, read and checked (small, so always)."""
        segments = ui_segments()
        template = build_templates(())[UI_DOMAIN][0]
        severities = checking.severities(self.config)
        decisions: dict[str, Decision] = {}
        records: dict[str, UnitRecord] = {}
        errors: list[LeafletError] = []
        for code, info in self.infos.items():
            try:
                report = checking.check_domain(
                    self.config,
                    template=template,
                    domain=UI_DOMAIN,
                    locale=info,
                    glossary=checking.glossary_for(self.config, info),
                    severities=severities,
                )
            except LeafletError as exc:
                errors.append(exc)
                continue
            decision = decide(
                segments,
                report.translation,
                report.diagnostics,
                allow_incomplete=self.options.allow_incomplete,
                label="ui: ",
            )
            decisions[code] = decision
            records[unit_key(UI_DOMAIN, code)] = UnitRecord(
                digest=self.ui_digests[code],
                status=decision.status.value,
                reasons=decision.reasons,
                completeness=completeness_json(report.completeness),
                diagnostics=tuple(diagnostic_json(d) for d in report.diagnostics),
            )
        _raise(errors)
        return decisions, records

    def decide(
        self,
        executor: Executor | None,
        todo: dict[str, dict[str, str]],
        ui: dict[str, Decision],
        records: dict[str, UnitRecord],
    ) -> tuple[dict[str, Leaflet], dict[str, Decision]]:
        tasks = [
            _DecideTask(self.config, self.options, slug, codes, ui, self.infos)
            for slug, codes in sorted(todo.items())
        ]
        leaflets: dict[str, Leaflet] = {}
        decisions: dict[str, Decision] = {}
        for decided in _map(executor, _decide_leaflet, tasks):
            leaflets[decided.leaflet.slug] = decided.leaflet
            for code, outcome in decided.outcomes.items():
                key = unit_key(decided.leaflet.slug, code)
                records[key] = outcome.record
                decisions[key] = outcome.decision
        return leaflets, decisions

    def plan_pages(
        self, records: dict[str, UnitRecord]
    ) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]], list[str]]:
        """Every output's key; which units must render which files; which files are reused."""
        keys: dict[str, str] = {}
        to_render: dict[str, list[tuple[str, str]]] = {}
        reused: list[str] = []
        old_outputs = self.previous.outputs if self.previous else {}
        for slug in self.slugs:
            built = [
                code
                for code in self.codes
                if records[unit_key(slug, code)].status != PageStatus.SKIPPED.value
            ]
            self.languages[slug] = built
            languages = ",".join(self.info(code).tag for code in built)
            for code in built:
                key = unit_key(slug, code)
                ui = self.ui_digests.get(code, "")
                for kind, path in _outputs(self.info(code).tag, slug, self.options):
                    page_key = digest_text(self.unit_digests[key], ui, languages, kind)
                    keys[path] = page_key
                    if (
                        old_outputs.get(path) == page_key
                        and (self.config.build_path / path).is_file()
                    ):
                        reused.append(path)
                    else:
                        to_render.setdefault(key, []).append((kind, path))
        return keys, to_render, reused

    def page(
        self,
        leaflet: Leaflet,
        code: str,
        decision: Decision,
        ui: Decision | None,
        languages: Sequence[str],
    ) -> Page:
        info = self.info(code)
        is_translation = code != SOURCE_LOCALE
        return Page(
            leaflet=leaflet,
            locale=info,
            pieces=decision.pieces if is_translation else (),
            ui=tuple((msgid, text) for (_c, msgid), text in ui.usable.items()) if ui else (),
            alternates=tuple(
                Alternate(self.info(other), f"../{self.info(other).tag}/{leaflet.slug}.html")
                for other in languages
                if other != code
            ),
            variables=self.config.variables,
            english_date=format_long_date(leaflet.updated, info.code),
            is_translation=is_translation,
            incomplete=is_translation and (decision.incomplete or (ui.incomplete if ui else False)),
            paper=self.config.paper,
        )

    def render(
        self,
        executor: Executor | None,
        to_render: dict[str, list[tuple[str, str]]],
        leaflets: dict[str, Leaflet],
        decisions: dict[str, Decision],
        ui: dict[str, Decision],
    ) -> int:
        by_slug: dict[str, list[tuple[Page, tuple[tuple[str, str], ...]]]] = {}
        for key in sorted(to_render):
            slug, code = key.split("/")
            languages = self.languages[slug]
            page = self.page(leaflets[slug], code, decisions[key], ui.get(code), languages)
            by_slug.setdefault(slug, []).append((page, tuple(to_render[key])))
        tasks = [
            _RenderTask(self.staging, tuple(pages)) for _slug, pages in sorted(by_slug.items())
        ]
        total = sum(len(t.pages) for t in tasks)
        done = 0
        for task, _written in zip(tasks, _map(executor, _render_pages, tasks), strict=True):
            done += len(task.pages)
            if self.progress is not None:
                self.progress(done, total)
        return total

    def link_reused(self, reused: Iterable[str]) -> None:
        """Unchanged pages come from the previous build: hard links cost no copy."""
        for relative in reused:
            source = self.config.build_path / relative
            target = self.staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)

    def print_pdfs(self, to_render: dict[str, list[tuple[str, str]]]) -> None:
        jobs: list[pdf.PdfJob] = []
        updated: dict[str, Any] = {}
        for key, files in sorted(to_render.items()):
            slug = key.split("/")[0]
            for kind, relative in files:
                if kind not in ("pdf", "large_pdf"):
                    continue
                html = relative.removesuffix("pdf") + "html"
                if slug not in updated:
                    updated[slug] = read_leaflet_named(self.config, slug).updated
                jobs.append(pdf.PdfJob(self.staging / html, self.staging / relative, updated[slug]))
        # Printed from the staging copy, before the swap: a failure keeps the old build.
        pdf.print_pdfs(jobs, paper=self.config.paper)

    def results(self, records: dict[str, UnitRecord]) -> list[PageResult]:
        return [
            PageResult(
                slug=slug,
                locale=code,
                status=PageStatus(records[unit_key(slug, code)].status),
                reasons=records[unit_key(slug, code)].reasons,
                title=records[unit_key(slug, code)].title,
            )
            for code in self.codes
            for slug in self.slugs
        ]

    def write_index_and_report(
        self, records: dict[str, UnitRecord], ui_records: dict[str, UnitRecord]
    ) -> None:
        entries: list[IndexEntry] = []
        pages: list[dict[str, Any]] = []
        for code in self.codes:
            info = self.info(code)
            for slug in self.slugs:
                record = records[unit_key(slug, code)]
                status = PageStatus(record.status)
                built = status is not PageStatus.SKIPPED
                variants = _variants(info.tag, slug, self.options)
                entries.append(
                    IndexEntry(
                        slug=slug,
                        title=record.title,
                        locale=info,
                        status=status,
                        href=_page_path(info.tag, slug, "html") if built else None,
                        reason="; ".join(record.reasons),
                        variants=tuple((label, path) for _k, label, path in variants)
                        if built
                        else (),
                    )
                )
                pages.append(
                    {
                        "leaflet": slug,
                        "locale": code,
                        "tag": info.tag,
                        "status": status.value,
                        "reasons": list(record.reasons),
                        "html": _page_path(info.tag, slug, "html") if built else None,
                        "text": _page_path(info.tag, slug, "txt") if built else None,
                        **{key: path if built else None for key, _label, path in variants},
                    }
                )
        index = render_index_html(IndexPage(entries=tuple(entries), locale=self.english))
        (self.staging / "index.html").write_text(index, encoding="utf-8")
        catalogs: list[Any] = []
        diagnostics: list[Any] = []
        for code in self.infos:
            for domain in (*self.slugs, UI_DOMAIN):
                record = (ui_records if domain == UI_DOMAIN else records)[unit_key(domain, code)]
                catalogs.append(record.completeness)
                diagnostics.extend(record.diagnostics)
        payload = {"pages": pages, "catalogs": catalogs, "diagnostics": diagnostics}
        report = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        (self.staging / "report.json").write_text(report, encoding="utf-8")
