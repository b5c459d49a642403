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
from pathlib import Path
from typing import Any

from . import checking, pdf
from .build_units import (
    LeafletBuilt,
    LeafletTask,
    build_leaflet,
    page_path,
    prepare_workers,
    variants,
)
from .config import Config
from .errors import ConfigError, LeafletError, OutputError
from .glossary import Glossary
from .locales import source_locale
from .localize import Decision, decide
from .manifest import Manifest, UnitRecord, with_findings, write_manifest
from .model import IndexEntry, IndexPage, LocaleInfo, Location, PageStatus
from .output import BuildFolder
from .project import (
    UI_DOMAIN,
    check_output_folder,
    load_leaflets,
    target_locales,
    ui_template,
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
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes one per call
    sections = []
    for key, items in payload.items():
        lines = ",\n".join("    " + encode(item) for item in items)
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
        if previous is not None and previous.options == state.options:
            # Reused units keep their findings, which the snapshot did not read.
            self.previous = with_findings(config.build_path, previous)
        else:
            self.previous = None
        self.unit_digests = {
            unit_key(slug, code): unit_digest(config, state.options, state.digests, slug, code)
            for slug in self.slugs
            for code in self.codes
        }
        self.ui_digests = {
            code: ui_digest(config, state.options, state.digests, code) for code in self.infos
        }
        self.glossaries: dict[str, Glossary | None] = {}  # code → glossary, read once

    def info(self, code: str) -> LocaleInfo:
        return self.english if code == SOURCE_LOCALE else self.infos[code]

    def run(self) -> BuildResult:
        ui_decisions, ui_records = self.ui_strings()
        tasks = self.tasks(ui_decisions)
        work = sum(len(t.digests) - len(t.reusable) for t in tasks)
        jobs = self.options.jobs
        use_pool = jobs > 1 and work >= PARALLEL_THRESHOLD and len(tasks) > 1
        if use_pool:
            prepare_workers([self.english, *self.infos.values()])
        with worker_pool(jobs if use_pool else 1, close_fd=self.lock_fd) as pool:
            built = run_all(pool, build_leaflet, tasks, progress=self.progress)
        records = {unit_key(b.slug, code): r for b in built for code, r in b.records.items()}
        reused = [path for b in built for path in b.reused]
        self.link_reused(reused)
        self.print_pdfs(built)
        self.write_index_and_report(records, ui_records)
        manifest = Manifest(
            options=self.state.options,
            inputs=self.state.digests,
            units={**records, **ui_records},
            outputs={path: key for b in built for path, key in b.outputs.items()},
        )
        write_manifest(self.staging, manifest)
        return BuildResult(
            pages=tuple(self.results(records)),
            rendered=sum(b.pages for b in built),
            reused=len(reused),
        )

    def tasks(self, ui: dict[str, Decision]) -> list[LeafletTask]:
        """One task per leaflet, with what the previous build can still give it."""
        old_units = self.previous.units if self.previous else {}
        old_outputs: dict[str, dict[str, str]] = {}
        for path, key in (self.previous.outputs if self.previous else {}).items():
            slug = path.partition("/")[2].partition(".")[0]  # <tag>/<slug>.<ext>
            old_outputs.setdefault(slug, {})[path] = key
        tasks = []
        for slug in self.slugs:
            digests = {code: self.unit_digests[unit_key(slug, code)] for code in self.codes}
            reusable = {
                code: old
                for code, digest in digests.items()
                if (old := old_units.get(unit_key(slug, code))) is not None and old.digest == digest
            }
            tasks.append(
                LeafletTask(
                    config=self.config,
                    options=self.options,
                    staging=self.staging,
                    slug=slug,
                    english=self.english,
                    locales=self.infos,
                    digests=digests,
                    reusable=reusable,
                    ui=ui,
                    ui_digests=self.ui_digests,
                    glossaries=self.glossaries,
                    old_outputs=old_outputs.get(slug, {}),
                )
            )
        return tasks

    def ui_strings(self) -> tuple[dict[str, Decision], dict[str, UnitRecord]]:
        """The UI catalog of every locale, read and checked (small, so always)."""
        segments = ui_segments()
        template = ui_template()[0]
        severities = checking.severities(self.config)
        decisions: dict[str, Decision] = {}
        records: dict[str, UnitRecord] = {}
        errors: list[LeafletError] = []
        for code, info in self.infos.items():
            try:
                # Read once here for the whole build; every leaflet task gets them.
                self.glossaries[code] = checking.glossary_for(self.config, info)
                report = checking.check_domain(
                    self.config,
                    template=template,
                    domain=UI_DOMAIN,
                    locale=info,
                    glossary=self.glossaries[code],
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

    def print_pdfs(self, built: list[LeafletBuilt]) -> None:
        jobs: list[pdf.PdfJob] = []
        for leaflet in built:
            for kind, relative in sorted(leaflet.rendered):
                if kind not in ("pdf", "large_pdf") or leaflet.updated is None:
                    continue
                html = relative.removesuffix("pdf") + "html"
                jobs.append(
                    pdf.PdfJob(self.staging / html, self.staging / relative, leaflet.updated)
                )
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
