"""The build use-case: decide what may be published, render what changed, swap it in whole.

A build is incremental. Each leaflet × locale ("unit") has a digest of what decides it (its
source, its catalog, the glossary, the options and the tool's own code); units whose digest is
in the previous build's manifest keep their decision, and pages whose key (unit, UI strings,
language switcher) is unchanged are linked from the previous build instead of rendered. What is
left is done per leaflet, in `--jobs` worker processes; the result is the same as a serial build.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from . import checking, pdf
from .build_units import (
    DecideTask,
    RenderTask,
    decide_leaflet,
    outputs,
    page_path,
    render_pages,
    variants,
)
from .config import Config
from .errors import ConfigError, LeafletError, OutputError
from .locales import format_long_date, source_locale
from .localize import Decision, decide
from .manifest import MANIFEST_NAME, Manifest, UnitRecord, digest_text
from .model import Alternate, IndexEntry, IndexPage, Leaflet, LocaleInfo, Location, Page, PageStatus
from .output import BuildFolder
from .project import (
    UI_DOMAIN,
    build_templates,
    check_output_folder,
    load_leaflets,
    read_leaflet_named,
    target_locales,
)
from .render import render_index_html
from .reports import completeness_json, diagnostic_json
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
from .workers import raise_all, run_all, worker_pool

# Below this many units of work a worker pool costs more than it saves.
PARALLEL_THRESHOLD = 24

__all__ = ["BuildOptions", "BuildResult", "PageResult", "build"]


# --- The build itself. ---


def report_json(payload: dict[str, list[Any]]) -> str:
    """The build report: one page, catalog or finding per line, easy to read and to diff.

    Each item goes through the C encoder; `indent=` would use the pure-Python one, which
    takes a tenth of a full build of 200 leaflets in 10 languages.
    """
    sections = []
    for key, items in payload.items():
        lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
        sections.append(
            f"  {json.dumps(key)}: [\n{lines}\n  ]" if items else f"  {json.dumps(key)}: []"
        )
    return "{\n" + ",\n".join(sections) + "\n}\n"


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
        with worker_pool(jobs if use_pool else 1, close_fd=self.lock_fd) as executor:
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
        raise_all(errors)
        return decisions, records

    def decide(
        self,
        executor: Executor | None,
        todo: dict[str, dict[str, str]],
        ui: dict[str, Decision],
        records: dict[str, UnitRecord],
    ) -> tuple[dict[str, Leaflet], dict[str, Decision]]:
        tasks = [
            DecideTask(self.config, self.options, slug, codes, ui, self.infos)
            for slug, codes in sorted(todo.items())
        ]
        leaflets: dict[str, Leaflet] = {}
        decisions: dict[str, Decision] = {}
        for decided in run_all(executor, decide_leaflet, tasks):
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
                for kind, path in outputs(self.info(code).tag, slug, self.options):
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
        tasks = [RenderTask(self.staging, tuple(pages)) for _slug, pages in sorted(by_slug.items())]
        total = sum(len(t.pages) for t in tasks)
        done = 0
        for task, _written in zip(tasks, run_all(executor, render_pages, tasks), strict=True):
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
                extra = variants(info.tag, slug, self.options)
                entries.append(
                    IndexEntry(
                        slug=slug,
                        title=record.title,
                        locale=info,
                        status=status,
                        href=page_path(info.tag, slug, "html") if built else None,
                        reason="; ".join(record.reasons),
                        variants=tuple((label, path) for _k, label, path in extra) if built else (),
                    )
                )
                pages.append(
                    {
                        "leaflet": slug,
                        "locale": code,
                        "tag": info.tag,
                        "status": status.value,
                        "reasons": list(record.reasons),
                        "html": page_path(info.tag, slug, "html") if built else None,
                        "text": page_path(info.tag, slug, "txt") if built else None,
                        **{key: path if built else None for key, _label, path in extra},
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
        (self.staging / "report.json").write_text(report_json(payload), encoding="utf-8")
