"""The catalog use-cases: extract, init, update and status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalogs
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError
from .locales import locale_info
from .model import Completeness
from .output import write_if_changed
from .project import (
    Paths,
    check_output_folder,
    current_templates,
    read_translation,
    target_locales,
)


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a command looked at, and what it did with it."""

    path: str
    action: str  # "written", "unchanged", "created", "exists", "updated"


def extract(config: Config) -> list[FileChange]:
    """Write `locales/<slug>.pot` for every leaflet and `locales/ui.pot`."""
    check_output_folder(config, config.locales_path)
    paths = Paths(config)
    changes: list[FileChange] = []
    for domain, template in current_templates(config).items():
        path = paths.template(domain)
        if template.from_file:
            changes.append(FileChange(paths.shown(path), "unchanged"))
            continue
        text = catalogs.catalog_text(template.catalog)
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old is not None and catalogs.same_but_date(old, text):
            changes.append(FileChange(paths.shown(path), "unchanged"))
            continue
        write_if_changed(path, text)
        changes.append(FileChange(paths.shown(path), "written"))
    return changes


def init(config: Config, codes: tuple[str, ...]) -> list[FileChange]:
    """Create the PO files of new locales; existing files are left alone."""
    check_output_folder(config, config.locales_path)
    if not codes:
        raise ConfigError("name at least one locale, e.g. `leaflet init es`")
    infos = [locale_info(code) for code in codes]
    templates = {d: (t.catalog, t.title) for d, t in current_templates(config).items()}
    paths = Paths(config)
    planned: list[tuple[Path, str | None]] = []
    for info in infos:
        for domain, (template, title) in templates.items():
            path = paths.translation(info.code, domain)
            if path.exists():
                planned.append((path, None))
                continue
            fresh = catalogs.new_translation(template, info, title=title)
            planned.append((path, catalogs.catalog_text(fresh)))
    changes: list[FileChange] = []
    for path, text in planned:
        if text is None:
            changes.append(FileChange(paths.shown(path), "exists"))
        else:
            write_if_changed(path, text)
            changes.append(FileChange(paths.shown(path), "created"))
    return changes


def update(config: Config) -> list[FileChange]:
    """Extract, then merge every template into every locale's PO (creating missing ones)."""
    check_output_folder(config, config.locales_path)
    current = current_templates(config)
    templates = {d: (t.catalog, t.title) for d, t in current.items()}
    locales = target_locales(config)
    paths = Paths(config)
    planned: list[tuple[Path, str, str]] = []
    errors: list[LeafletError] = []
    for domain, (template, title) in templates.items():
        if not current[domain].from_file:
            planned.append((paths.template(domain), catalogs.catalog_text(template), "template"))
        else:
            planned.append((paths.template(domain), "", "unchanged"))
        for info in locales:
            try:
                old = read_translation(config, info.code, domain)
            except LeafletError as exc:
                errors.append(exc)
                continue
            if old is None:
                merged = catalogs.new_translation(template, info, title=title)
                action = "created"
            else:
                merged = catalogs.update_translation(template, old)
                action = "updated"
            planned.append(
                (paths.translation(info.code, domain), catalogs.catalog_text(merged), action)
            )
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    changes: list[FileChange] = []
    for path, text, action in planned:
        if action == "unchanged":
            changes.append(FileChange(paths.shown(path), "unchanged"))
            continue
        if action == "template":
            old_text = path.read_text(encoding="utf-8") if path.is_file() else None
            if old_text is not None and catalogs.same_but_date(old_text, text):
                changes.append(FileChange(paths.shown(path), "unchanged"))
                continue
        written = write_if_changed(path, text)
        done = "written" if action == "template" else action
        changes.append(FileChange(paths.shown(path), done if written else "unchanged"))
    return changes


def status(
    config: Config, *, locales: tuple[str, ...] = (), leaflets: tuple[str, ...] = ()
) -> list[Completeness]:
    """Completeness of every leaflet × locale (and the UI strings when no leaflet is named)."""
    templates = current_templates(config, only=leaflets)
    infos = target_locales(config, only=locales)
    rows: list[Completeness] = []
    errors: list[LeafletError] = []
    for domain, current in templates.items():
        template = catalogs.template_summary(current.catalog)
        for info in infos:
            try:
                translation = read_translation(config, info.code, domain)
            except LeafletError as exc:
                errors.append(exc)
                continue
            rows.append(
                catalogs.completeness(template, translation, domain=domain, locale=info.code)
            )
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    return rows
