"""Finding a content project's leaflets, locales and catalogs on disk (read-only)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import catalogs
from .catalogs import read_catalog
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError, LocaleError
from .locales import locale_info
from .model import Catalog, Leaflet, LocaleInfo, Location
from .segments import leaflet_segments
from .sources import SLUG, find_sources, markdown_parser, read_leaflet
from .ui import UI_STRINGS_UPDATED, ui_segments

UI_DOMAIN = "ui"


@dataclass(frozen=True, slots=True)
class Paths:
    """Where one domain's catalogs live."""

    config: Config

    def template(self, domain: str) -> Path:
        return self.config.locales_path / f"{domain}.pot"

    def translation(self, locale: str, domain: str) -> Path:
        return self.config.locales_path / locale / "LC_MESSAGES" / f"{domain}.po"

    def shown(self, path: Path) -> str:
        return self.config.shown(path)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def check_output_folder(config: Config, folder: Path) -> None:
    """Refuse to write into `folder` when it leads outside the project, or when it is the
    build folder and a symbolic link (a build replaces the folder as a whole)."""
    shown = config.shown(folder)
    if folder == config.build_path and folder.is_symlink():
        raise ConfigError(
            "refusing to build into a symbolic link: the build folder is replaced as a whole; "
            "make it a real folder",
            Location(shown),
        )
    if not _inside(folder, config.project_dir):
        raise ConfigError("refusing to write to a folder outside the project", Location(shown))


def load_leaflets(config: Config, *, only: tuple[str, ...] = ()) -> tuple[Leaflet, ...]:
    """Every leaflet in the source folder, all errors reported together."""
    source_dir = config.source_path
    if not source_dir.is_dir():
        raise ConfigError(f"source folder not found: {config.shown(source_dir)}")
    for slug in only:
        if not SLUG.match(slug):
            raise ConfigError(f"invalid leaflet name {slug!r}")
    parser = markdown_parser()
    leaflets: list[Leaflet] = []
    errors: list[LeafletError] = []
    paths = find_sources(source_dir)
    known = {p.stem for p in paths}
    for slug in only:
        if slug not in known:
            raise ConfigError(f"no leaflet named {slug!r} in {config.shown(source_dir)}")
    for path in paths:
        if only and path.stem not in only:
            continue
        shown = config.shown(path)
        if not _inside(path, config.project_dir):
            errors.append(ConfigError("refusing a source outside the project", Location(shown)))
            continue
        try:
            leaflets.append(read_leaflet(path, shown=shown, parser=parser))
        except LeafletError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    if not leaflets and not only:
        raise ConfigError(f"no leaflets (*.md) in {config.shown(source_dir)}")
    return tuple(leaflets)


def read_leaflet_named(config: Config, slug: str) -> Leaflet:
    """One leaflet by its slug (already known to exist and be a valid name)."""
    path = config.source_path / f"{slug}.md"
    shown = config.shown(path)
    if not _inside(path, config.project_dir):
        raise ConfigError("refusing a source outside the project", Location(shown))
    return read_leaflet(path, shown=shown)


def target_locales(config: Config, *, only: tuple[str, ...] = ()) -> tuple[LocaleInfo, ...]:
    """The locales with a folder under `locales/`, validated; `only` filters them."""
    for code in only:
        locale_info(code)  # a bad --locale value is an error even before we look
    root = config.locales_path
    found: list[LocaleInfo] = []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if folder.name.startswith("."):
                continue
            shown = config.shown(folder)
            if not _inside(folder, config.project_dir):
                raise LocaleError("refusing a locale folder outside the project", Location(shown))
            found.append(locale_info(folder.name, where=Location(shown)))
    if only:
        codes = {info.code for info in found}
        missing = [code for code in only if code not in codes]
        if missing:
            raise LocaleError(
                f"no catalogs for locale {missing[0]!r} (run `leaflet init {missing[0]}`)"
            )
        return tuple(info for info in found if info.code in only)
    return tuple(found)


def read_template(config: Config, domain: str) -> Catalog:
    paths = Paths(config)
    path = paths.template(domain)
    return read_catalog(path, shown=paths.shown(path), template=True)


def read_translation(config: Config, locale: str, domain: str) -> Catalog | None:
    """The PO for a domain in a locale, or None when there is none yet."""
    paths = Paths(config)
    path = paths.translation(locale, domain)
    if not path.exists():
        return None
    if not _inside(path, config.project_dir):
        raise LocaleError("refusing a catalog outside the project", Location(paths.shown(path)))
    return read_catalog(path, shown=paths.shown(path))


def _creation_date(default: dt.date) -> str:
    """POT-Creation-Date: the source's own date unless SOURCE_DATE_EPOCH asks otherwise."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError):
            raise ConfigError(f"SOURCE_DATE_EPOCH must be a whole number, got {epoch!r}") from None
        return catalogs.pot_date(moment)
    return catalogs.pot_date(default)


def build_templates(leaflets: tuple[Leaflet, ...]) -> dict[str, tuple[Catalog, str]]:
    """{domain: (template, title)} for every leaflet plus the UI strings."""
    templates: dict[str, tuple[Catalog, str]] = {}
    for leaflet in leaflets:
        template = catalogs.template_catalog(
            leaflet_segments(leaflet),
            domain=leaflet.slug,
            title=f'the leaflet "{leaflet.title.text}"',
            creation_date=_creation_date(leaflet.updated),
        )
        templates[leaflet.slug] = (template, f'the leaflet "{leaflet.title.text}"')
    templates[UI_DOMAIN] = (
        catalogs.template_catalog(
            ui_segments(),
            domain=UI_DOMAIN,
            title="the leaflet page templates",
            creation_date=_creation_date(UI_STRINGS_UPDATED),
        ),
        "the leaflet page templates",
    )
    return templates
