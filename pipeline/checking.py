"""The check use-case: every catalog of every leaflet × locale, judged against its template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .catalogs import completeness
from .checks import check_catalog
from .config import Config
from .errors import ErrorList, LeafletError
from .glossary import Glossary, load_glossary
from .model import Catalog, Completeness, Diagnostic, Leaflet, LocaleInfo
from .project import UI_DOMAIN, Paths, build_templates, read_translation


@dataclass(frozen=True, slots=True)
class CatalogReport:
    domain: str
    locale: str
    po_path: str
    translation: Catalog | None
    diagnostics: tuple[Diagnostic, ...]
    completeness: Completeness


def _glossary(config: Config, locale: LocaleInfo) -> Glossary | None:
    path = config.glossary_path / f"{locale.code}.toml"
    if not path.is_file():
        return None
    return load_glossary(path, shown=config.shown(path))


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
    severities = dict(config.check_severities)
    paths = Paths(config)
    reports: list[CatalogReport] = []
    errors: list[LeafletError] = []
    for info in locales:
        try:
            glossary = _glossary(config, info)
        except LeafletError as exc:
            errors.append(exc)
            continue
        for domain, (template, _title) in templates.items():
            po_path = paths.shown(paths.translation(info.code, domain))
            try:
                translation = read_translation(config, info.code, domain)
            except LeafletError as exc:
                errors.append(exc)
                continue
            diagnostics = check_catalog(
                template,
                translation,
                locale=info,
                po_path=po_path,
                domain=domain,
                glossary=glossary,
                severities=severities,
            )
            reports.append(
                CatalogReport(
                    domain=domain,
                    locale=info.code,
                    po_path=po_path,
                    translation=translation,
                    diagnostics=tuple(diagnostics),
                    completeness=completeness(
                        template, translation, domain=domain, locale=info.code
                    ),
                )
            )
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    return reports
