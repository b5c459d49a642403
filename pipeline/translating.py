"""The catalog use-cases: extract, init, update and status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalogs
from .config import Config
from .errors import ConfigError, LeafletError
from .model import Completeness, LocaleInfo
from .output import write_files_if_changed
from .project import (
    Paths,
    Template,
    check_output_folder,
    current_templates,
    read_translation,
    target_locale_codes,
    target_locales,
)
from .workers import raise_all, run_all, worker_pool


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a command looked at, and what it did with it."""

    path: str
    action: str  # "written", "unchanged", "created", "exists", "updated"


def extract(config: Config, *, jobs: int = 1) -> list[FileChange]:
    """Write `locales/<slug>.pot` for every leaflet and `locales/ui.pot`."""
    check_output_folder(config, config.locales_path)
    paths = Paths(config)
    planned: list[tuple[Path, str | None, str]] = []
    for domain, template in current_templates(config, jobs=jobs).items():
        path = paths.template(domain)
        if template.from_file:
            planned.append((path, None, "written"))
            continue
        text = template.pot_text()
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        same = old is not None and catalogs.same_but_date(old, text)
        planned.append((path, None if same else text, "written"))
    return _write(paths, planned)


def _write(
    paths: Paths, planned: list[tuple[Path, str | None, str]], *, left: str = "unchanged"
) -> list[FileChange]:
    """Write the planned files together: (path, text or None to leave it, what writing it is
    called). What happened to each; `left` for the files left as they were."""
    to_write = [(path, text) for path, text, _done in planned if text is not None]
    written = iter(write_files_if_changed(to_write))
    return [
        FileChange(paths.shown(path), done if text is not None and next(written) else left)
        for path, text, done in planned
    ]


def init(config: Config, codes: tuple[str, ...]) -> list[FileChange]:
    """Create the PO files of new locales; existing files are left alone."""
    check_output_folder(config, config.locales_path)
    if not codes:
        raise ConfigError("name at least one locale, e.g. `leaflet init es`")
    from .locales import locale_info  # Babel, loaded by the commands that need it

    infos = [locale_info(code) for code in codes]
    templates = {d: (t.catalog, t.title) for d, t in current_templates(config).items()}
    paths = Paths(config)
    planned: list[tuple[Path, str | None, str]] = []
    for info in infos:
        for domain, (template, title) in templates.items():
            path = paths.translation(info.code, domain)
            if path.exists():
                planned.append((path, None, "created"))
                continue
            fresh = catalogs.new_translation(template, info, title=title)
            planned.append((path, catalogs.catalog_text(fresh), "created"))
    return _write(paths, planned, left="exists")


@dataclass(frozen=True, slots=True)
class _UpdateTask:
    config: Config
    domain: str
    current: Template
    locales: tuple[LocaleInfo, ...]


@dataclass(frozen=True, slots=True)
class _Planned:
    path: Path
    text: str | None  # None: the file already holds what would be written
    action: str  # "template", "created" or "updated"


def _unchanged(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _merge_domain(task: _UpdateTask) -> list[_Planned | LeafletError]:
    """What update writes for one domain (in a worker, or not); nothing is written here.

    Errors are returned, not raised, so the caller can report all of them and write nothing.
    """
    paths = Paths(task.config)
    out: list[_Planned | LeafletError] = []
    domain, current = task.domain, task.current
    template, title = current.catalog, current.title
    pot = paths.template(domain)
    if current.from_file:
        out.append(_Planned(pot, None, "template"))
    else:
        text = current.pot_text()
        old = pot.read_text(encoding="utf-8") if pot.is_file() else None
        same = old is not None and catalogs.same_but_date(old, text)
        out.append(_Planned(pot, None if same else text, "template"))
    for info in task.locales:
        try:
            old_po = read_translation(task.config, info.code, domain)
        except LeafletError as exc:
            out.append(exc)
            continue
        path = paths.translation(info.code, domain)
        if old_po is None:
            merged = catalogs.new_translation(template, info, title=title)
            action = "created"
        else:
            merged = catalogs.update_translation(template, old_po)
            action = "updated"
        text = catalogs.catalog_text(merged)
        out.append(_Planned(path, None if _unchanged(path, text) else text, action))
    return out


def update(config: Config, *, jobs: int = 1) -> list[FileChange]:
    """Extract, then merge every template into every locale's PO (creating missing ones).

    Everything is merged before anything is written: a bad catalog anywhere leaves every
    file as it was.
    """
    check_output_folder(config, config.locales_path)
    domains = list(current_templates(config, jobs=jobs).items())
    locales = target_locales(config)
    if len(domains) * len(locales) < PARALLEL_CATALOGS:
        jobs = 1
    tasks = [_UpdateTask(config, domain, current, locales) for domain, current in domains]
    with worker_pool(jobs) as pool:
        parts = run_all(pool, _merge_domain, tasks)
    planned = [item for part in parts for item in part]
    raise_all([item for item in planned if isinstance(item, LeafletError)])
    files = [
        (item.path, item.text, "written" if item.action == "template" else item.action)
        for item in planned
        if isinstance(item, _Planned)
    ]
    return _write(Paths(config), files)


# Below this many catalogs, starting worker processes costs more than it saves.
PARALLEL_CATALOGS = 64


@dataclass(frozen=True, slots=True)
class _StatusTask:
    config: Config
    domain: str
    template: catalogs.TemplateSummary
    locales: tuple[str, ...]


def _status_rows(task: _StatusTask) -> list[Completeness]:
    """Completeness of one domain in every locale (in a worker, or not)."""
    rows: list[Completeness] = []
    errors: list[LeafletError] = []
    domain = task.domain
    for code in task.locales:
        try:
            translation = read_translation(task.config, code, domain)
        except LeafletError as exc:
            errors.append(exc)
            continue
        rows.append(catalogs.completeness(task.template, translation, domain=domain, locale=code))
    raise_all(errors)
    return rows


def status(
    config: Config,
    *,
    locales: tuple[str, ...] = (),
    leaflets: tuple[str, ...] = (),
    jobs: int = 1,
) -> list[Completeness]:
    """Completeness of every leaflet × locale (and the UI strings when no leaflet is named)."""
    templates = current_templates(config, only=leaflets, jobs=jobs)
    codes = target_locale_codes(config, only=locales)
    domains = [(d, catalogs.template_summary(t.catalog)) for d, t in templates.items()]
    if len(domains) * len(codes) < PARALLEL_CATALOGS:
        jobs = 1
    tasks = [_StatusTask(config, domain, summary, codes) for domain, summary in domains]
    with worker_pool(jobs) as pool:
        parts = run_all(pool, _status_rows, tasks)
    return [row for part in parts for row in part]
