"""The check use-case: every catalog of every leaflet × locale, judged against its template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .catalogs import completeness
from .checks import CHECKS, CODES, check_catalog
from .config import Config
from .errors import ConfigError, ErrorList, LeafletError
from .glossary import Glossary, glossary_file, load_glossary
from .model import Catalog, Completeness, Diagnostic, Leaflet, LocaleInfo, Location, Severity
from .project import (
    UI_DOMAIN,
    Paths,
    build_templates,
    load_leaflets,
    read_translation,
    target_locales,
)
from .reports import CheckReport, Rule


@dataclass(frozen=True, slots=True)
class CatalogReport:
    domain: str
    locale: str
    po_path: str
    translation: Catalog | None
    diagnostics: tuple[Diagnostic, ...]
    completeness: Completeness


def _glossary(config: Config, locale: LocaleInfo) -> Glossary | None:
    path = glossary_file(config.glossary_path, locale.code)
    if not path.is_file():
        return None
    return load_glossary(path, shown=config.shown(path))


def _severities(config: Config) -> dict[str, Severity | None]:
    for code, _severity in config.check_severities:
        if code not in CODES:
            raise ConfigError(
                f"unknown check '{code}' in [tool.leaflet.checks] "
                f"(known: {', '.join(sorted(CODES))})",
                Location("pyproject.toml"),
            )
    return dict(config.check_severities)


def severities(config: Config) -> dict[str, Severity | None]:
    return _severities(config)


def glossary_for(config: Config, locale: LocaleInfo) -> Glossary | None:
    return _glossary(config, locale)


def check_domain(
    config: Config,
    *,
    template: Catalog,
    domain: str,
    locale: LocaleInfo,
    glossary: Glossary | None,
    severities: dict[str, Severity | None],
) -> CatalogReport:
    """Read and check one PO file against its template."""
    paths = Paths(config)
    po_path = paths.shown(paths.translation(locale.code, domain))
    translation = read_translation(config, locale.code, domain)
    diagnostics = check_catalog(
        template,
        translation,
        locale=locale,
        po_path=po_path,
        domain=domain,
        glossary=glossary,
        severities=severities,
    )
    return CatalogReport(
        domain=domain,
        locale=locale.code,
        po_path=po_path,
        translation=translation,
        diagnostics=tuple(diagnostics),
        completeness=completeness(template, translation, domain=domain, locale=locale.code),
    )


def check_project(
    config: Config,
    *,
    leaflets: Sequence[Leaflet],
    locales: Sequence[LocaleInfo],
    include_ui: bool = True,
) -> list[CatalogReport]:
    """Read and check every catalog; malformed files are errors, reported together."""
    templates = build_templates(tuple(leaflets))
    if not include_ui:
        templates.pop(UI_DOMAIN)
    chosen_severities = _severities(config)
    reports: list[CatalogReport] = []
    errors: list[LeafletError] = []
    for info in locales:
        try:
            glossary = _glossary(config, info)
        except LeafletError as exc:
            errors.append(exc)
            continue
        for domain, (template, _title) in templates.items():
            try:
                reports.append(
                    check_domain(
                        config,
                        template=template,
                        domain=domain,
                        locale=info,
                        glossary=glossary,
                        severities=chosen_severities,
                    )
                )
            except LeafletError as exc:
                errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    return reports


def check(
    config: Config,
    *,
    locales: tuple[str, ...] = (),
    leaflets: tuple[str, ...] = (),
    fail_under: float = 100.0,
) -> CheckReport:
    """Everything `leaflet check` reports, for the chosen catalogs."""
    chosen = load_leaflets(config, only=leaflets)
    infos = target_locales(config, only=locales)
    reports = check_project(config, leaflets=chosen, locales=infos, include_ui=not leaflets)
    return CheckReport(
        catalogs=tuple(r.completeness for r in reports),
        diagnostics=tuple(d for r in reports for d in r.diagnostics),
        rules=tuple(Rule(c.code, c.severity, c.doc) for c in CHECKS),
        po_paths=tuple((r.domain, r.locale, r.po_path) for r in reports),
        fail_under=fail_under,
    )
