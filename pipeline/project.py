"""Finding a content project's leaflets, locales and catalogs on disk (read-only)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__, catalogs
from .catalogs import read_catalog
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError, LocaleError
from .model import Catalog, Leaflet, LocaleInfo, Location
from .segments import leaflet_segments
from .sources import SLUG, find_sources, markdown_parser, prepare_reading, read_leaflet
from .ui import UI_STRINGS_UPDATED, ui_segments
from .workers import raise_all, run_all, worker_pool

UI_DOMAIN = "ui"


@dataclass(frozen=True, slots=True)
class Paths:
    """Where one domain's catalogs live."""

    config: Config

    def template(self, domain: str) -> Path:
        return self.config.locales_path / f"{domain}.pot"

    def translation(self, locale: str, domain: str) -> Path:
        return self.config.locales_path.joinpath(locale, "LC_MESSAGES", f"{domain}.po")

    def shown(self, path: Path) -> str:
        return self.config.shown(path)


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, symbolic links followed, is inside `root` (a resolved folder)."""
    if _plainly_inside(str(path), str(root)):
        return True
    real = os.path.realpath(path)
    base = str(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _plainly_inside(path: str, root: str) -> bool:
    """True when `path` is `root` plus existing names none of which is a symbolic link or
    "..": then it is inside as written. Checks a few names below `root` instead of resolving
    every name from `/` (for the thousands of catalogs a command reads); False means "ask
    realpath"."""
    if not path.startswith(root) or path[len(root) : len(root) + 1] != os.sep or root == os.sep:
        return False
    current = root
    for name in path[len(root) + 1 :].split(os.sep):
        if name in ("", ".", ".."):
            return False
        current = f"{current}{os.sep}{name}"
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return False
        except OSError:
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


def source_paths(config: Config, *, only: tuple[str, ...] = ()) -> list[Path]:
    """The sources to read, sorted; `only` names leaflets, each of which must exist."""
    source_dir = config.source_path
    if not source_dir.is_dir():
        raise ConfigError(f"source folder not found: {config.shown(source_dir)}")
    for slug in only:
        if not SLUG.match(slug):
            raise ConfigError(f"invalid leaflet name {slug!r}")
    paths = find_sources(source_dir)
    known = {p.stem for p in paths}
    for slug in only:
        if slug not in known:
            raise ConfigError(f"no leaflet named {slug!r} in {config.shown(source_dir)}")
    if not paths:
        raise ConfigError(f"no leaflets (*.md) in {config.shown(source_dir)}")
    return [p for p in paths if not only or p.stem in only]


def load_leaflets(config: Config, *, only: tuple[str, ...] = ()) -> tuple[Leaflet, ...]:
    """Every leaflet in the source folder, all errors reported together."""
    parser = markdown_parser()
    leaflets: list[Leaflet] = []
    errors: list[LeafletError] = []
    for path in source_paths(config, only=only):
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
    from .locales import locale_info  # Babel: only commands that need languages load it

    return tuple(locale_info(code) for code in target_locale_codes(config, only=only))


def target_locale_codes(config: Config, *, only: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The codes of `target_locales`, with the same checks, without loading CLDR data."""
    from .locales import check_locale_code

    for code in only:
        check_locale_code(code)  # a bad --locale value is an error even before we look
    root = config.locales_path
    found: list[str] = []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if folder.name.startswith("."):
                continue
            shown = config.shown(folder)
            if not _inside(folder, config.project_dir):
                raise LocaleError("refusing a locale folder outside the project", Location(shown))
            found.append(check_locale_code(folder.name, where=Location(shown)))
    if only:
        missing = [code for code in only if code not in found]
        if missing:
            raise LocaleError(
                f"no catalogs for locale {missing[0]!r} (run `leaflet init {missing[0]}`)"
            )
        return tuple(code for code in found if code in only)
    return tuple(found)


def read_template(config: Config, domain: str) -> Catalog:
    paths = Paths(config)
    path = paths.template(domain)
    return read_catalog(path, shown=paths.shown(path), template=True)


def read_translation(config: Config, locale: str, domain: str) -> Catalog | None:
    """The PO for a domain in a locale, or None when there is none yet."""
    path = Paths(config).translation(locale, domain)
    return read_translation_file(config, path, shown=config.shown(path))


def read_translation_file(config: Config, path: Path, *, shown: str) -> Catalog | None:
    """`read_translation` for a path the caller has already worked out (and its `shown`)."""
    if not path.exists():
        return None
    if not _inside(path, config.project_dir):
        raise LocaleError("refusing a catalog outside the project", Location(shown))
    return read_catalog(path, shown=shown)


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


def leaflet_template(leaflet: Leaflet) -> Catalog:
    return catalogs.template_catalog(
        leaflet_segments(leaflet),
        domain=leaflet.slug,
        title=f'the leaflet "{leaflet.title.text}"',
        creation_date=_creation_date(leaflet.updated),
    )


def ui_template() -> tuple[Catalog, str]:
    title = "the leaflet page templates"
    return (
        catalogs.template_catalog(
            ui_segments(),
            domain=UI_DOMAIN,
            title=title,
            creation_date=_creation_date(UI_STRINGS_UPDATED),
        ),
        title,
    )


# Bump when extraction would write something different from the same source.
EXTRACT_FORMAT = "1"


def source_digest(data: bytes) -> str:
    """Identifies a source as extracted by this version of the tool."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"leaflet {__version__} extract {EXTRACT_FORMAT}\n".encode())
    # The text as the reader sees it: a BOM or CRLF line ends extract the same template.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    h.update(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
    return h.hexdigest()


def _content_digest(catalog: Catalog) -> str:
    """The entries of a template, so a hand-edited .pot is never taken for current."""
    h = hashlib.blake2b(digest_size=8)
    for entry in catalog.messages:
        h.update(repr(entry.key + entry.extracted_comments + entry.references).encode())
    return h.hexdigest()


def _stamped(catalog: Catalog, digest: str) -> Catalog:
    """The template with its source and content digests in the header."""
    header = catalog.entries[0]
    stamp = f"{catalogs.SOURCE_FIELD}: {digest}-{_content_digest(catalog)}\n"
    return replace(
        catalog, entries=(replace(header, msgstr=header.msgstr + stamp), *catalog.entries[1:])
    )


@dataclass(frozen=True, slots=True)
class Template:
    catalog: Catalog
    title: str
    from_file: bool  # read from an up-to-date locales/<slug>.pot, not extracted again
    text: str | None = None  # the .pot text, when extraction wrote it already

    def pot_text(self) -> str:
        return self.text if self.text is not None else catalogs.catalog_text(self.catalog)


def _template_file(path: Path, digest: str, shown: str) -> Template | None:
    """The .pot at `path` when it was extracted from a source with this digest."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if digest.encode() not in data[:4096]:
        return None
    try:
        catalog = catalogs.parse_bytes(data, shown=shown, template=True)
    except LeafletError:
        return None  # damaged: extract it again
    header = catalog.header
    stamp = f"{digest}-{_content_digest(catalog)}"
    if header is None or catalog.header_fields().get(catalogs.SOURCE_FIELD) != stamp:
        return None
    for comment in header.translator_comments:
        match = catalogs.TITLE_COMMENT.match(comment)
        if match:
            return Template(catalog, match.group(1), from_file=True)
    return None


@dataclass(frozen=True, slots=True)
class _ExtractTask:
    config: Config
    path: Path
    digest: str


def _extract_source(task: _ExtractTask) -> Template | LeafletError:
    """Parse a source and extract its template, with its text (in a worker, or not); an
    error is returned, to be reported with the others in source order."""
    try:
        leaflet = read_leaflet(task.path, shown=task.config.shown(task.path))
    except LeafletError as exc:
        return exc
    title = f'the leaflet "{leaflet.title.text}"'
    catalog = _stamped(leaflet_template(leaflet), task.digest)
    text = catalogs.catalog_text(catalog)
    return Template(catalog, title, from_file=False, text=text)


# Below this many sources to parse, starting worker processes costs more than it saves.
PARALLEL_SOURCES = 16


def current_templates(
    config: Config, *, only: tuple[str, ...] = (), jobs: int = 1
) -> dict[str, Template]:
    """Every leaflet's template (and the UI's), as extraction would make it now.

    A template whose .pot records the digest of the source as it is now is read from that
    file; the others are extracted from their sources, in `jobs` workers when there are
    many. Errors as `load_leaflets`.
    """
    paths_of = Paths(config)
    found: dict[str, Template | LeafletError | None] = {}
    to_parse: list[tuple[Path, str]] = []
    for path in source_paths(config, only=only):
        slug = path.stem
        shown = config.shown(path)
        try:
            if not _inside(path, config.project_dir):
                raise ConfigError("refusing a source outside the project", Location(shown))
            digest = source_digest(path.read_bytes()) if SLUG.match(slug) else ""
            pot = paths_of.template(slug)
            found[slug] = _template_file(pot, digest, paths_of.shown(pot)) if digest else None
            if found[slug] is None:
                to_parse.append((path, digest))
        except OSError as exc:
            found[slug] = ConfigError(f"cannot read: {exc.strerror}", Location(shown))
        except LeafletError as exc:
            found[slug] = exc
    ui_catalog, ui_title = ui_template()
    ui = Template(ui_catalog, ui_title, from_file=False)
    if len(to_parse) < PARALLEL_SOURCES:
        jobs = 1
    if to_parse and jobs > 1:
        # Load the reader and the writer (the UI template's text) before the workers fork.
        prepare_reading()
        ui = Template(ui_catalog, ui_title, from_file=False, text=catalogs.catalog_text(ui_catalog))
    tasks = [_ExtractTask(config, path, digest) for path, digest in to_parse]
    with worker_pool(jobs) as pool:
        extracted = run_all(pool, _extract_source, tasks)
    for (path, _digest), item in zip(to_parse, extracted, strict=True):
        found[path.stem] = item
    raise_all([item for item in found.values() if isinstance(item, LeafletError)])
    templates = {slug: item for slug, item in found.items() if isinstance(item, Template)}
    if not only:
        templates[UI_DOMAIN] = ui
    return templates
