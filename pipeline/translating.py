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
    UI_DOMAIN,
    Paths,
    build_templates,
    check_output_folder,
    load_leaflets,
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
    leaflets = load_leaflets(config)
    paths = Paths(config)
    changes: list[FileChange] = []
    for domain, (template, _title) in build_templates(leaflets).items():
        path = paths.template(domain)
        text = catalogs.catalog_text(template)
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
    leaflets = load_leaflets(config)
    templates = build_templates(leaflets)
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
    leaflets = load_leaflets(config)
    templates = build_templates(leaflets)
    locales = target_locales(config)
    paths = Paths(config)
    planned: list[tuple[Path, str, str]] = []
    errors: list[LeafletError] = []
    for domain, (template, title) in templates.items():
        planned.append((paths.template(domain), catalogs.catalog_text(template), "template"))
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
        if action == "template":
            old_text = path.read_text(encoding="utf-8") if path.is_file() else None
            if old_text is not None and catalogs.same_but_date(old_text, text):
                changes.append(FileChange(paths.shown(path), "unchanged"))
                continue
        written = write_if_changed(path, text)
        changes.append(FileChange(paths.shown(path), action if written else "unchanged"))
    return changes


def status(
    config: Config, *, locales: tuple[str, ...] = (), leaflets: tuple[str, ...] = ()
) -> list[Completeness]:
    """Completeness of every leaflet × locale (and the UI strings when no leaflet is named)."""
    chosen = load_leaflets(config, only=leaflets)
    infos = target_locales(config, only=locales)
    domains = [leaflet.slug for leaflet in chosen]
    if not leaflets:
        domains.append(UI_DOMAIN)
    templates = build_templates(chosen)
    rows: list[Completeness] = []
    errors: list[LeafletError] = []
    for domain in domains:
        template = catalogs.template_summary(templates[domain][0])
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
