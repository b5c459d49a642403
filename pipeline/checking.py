"""The check use-case: every catalog of every leaflet × locale, judged against its template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalog_checks import check_catalog
from .catalogs import completeness
from .checks import CHECKS, CODES
from .config import Config
from .errors import ConfigError, LeafletError
from .glossary import Glossary, glossary_file, load_glossary
from .model import Catalog, Completeness, Diagnostic, LocaleInfo, Location, Severity
from .project import Paths, current_templates, read_translation_file, target_locales
from .reports import CheckReport, Rule
from .workers import raise_all, run_all, worker_pool

# Below this many catalogs, starting worker processes costs more than it saves.
PARALLEL_CATALOGS = 64


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
    path = Paths(config).translation(locale.code, domain)
    po_path = config.shown(path)
    translation = read_translation_file(config, path, shown=po_path)
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


@dataclass(frozen=True, slots=True)
class _CheckTask:
    config: Config
    domain: str
    template: Catalog
    locales: list[tuple[LocaleInfo, Glossary | None]]
    severities: dict[str, Severity | None]


_Outcome = CatalogReport | LeafletError


def _check_domain_everywhere(task: _CheckTask) -> list[_Outcome]:
    """Check one domain in every locale (in a worker, or not); errors are returned, not
    raised, so that they are reported in the same order however the work was split."""
    out: list[_Outcome] = []
    for info, glossary in task.locales:
        try:
            report = check_domain(
                task.config,
                template=task.template,
                domain=task.domain,
                locale=info,
                glossary=glossary,
                severities=task.severities,
            )
        except LeafletError as exc:
            out.append(exc)
            continue
        # The caller needs the findings, not the catalog: do not send it back.
        out.append(replace(report, translation=None))
    return out


def check_project(
    config: Config,
    *,
    templates: dict[str, Catalog],
    locales: Sequence[LocaleInfo],
    jobs: int = 1,
) -> list[CatalogReport]:
    """Read and check every catalog, locale by locale; malformed files are errors, reported
    together. The reports carry no catalog (`translation` is None)."""
    chosen_severities = _severities(config)
    glossaries: dict[str, Glossary | LeafletError | None] = {}
    for info in locales:
        try:
            glossaries[info.code] = _glossary(config, info)
        except LeafletError as exc:
            glossaries[info.code] = exc
    usable = [(i, g) for i in locales if not isinstance(g := glossaries[i.code], LeafletError)]
    domains = list(templates.items())
    if len(domains) * len(usable) < PARALLEL_CATALOGS:
        jobs = 1
    tasks = [_CheckTask(config, d, t, usable, chosen_severities) for d, t in domains]
    with worker_pool(jobs) as pool:
        parts = run_all(pool, _check_domain_everywhere, tasks)
    # Results come back domain by domain; report them locale by locale, as before.
    outcomes = iter(o for part in parts for o in part)
    by_key: dict[tuple[str, str], _Outcome] = {}
    for domain, _template in domains:
        for info, _loaded in usable:
            by_key[(info.code, domain)] = next(outcomes)
    reports: list[CatalogReport] = []
    errors: list[LeafletError] = []
    for info in locales:
        glossary = glossaries[info.code]
        if isinstance(glossary, LeafletError):
            errors.append(glossary)
            continue
        for domain, _template in domains:
            outcome = by_key[(info.code, domain)]
            if isinstance(outcome, LeafletError):
                errors.append(outcome)
            else:
                reports.append(outcome)
    raise_all(errors)
    return reports


def check(
    config: Config,
    *,
    locales: tuple[str, ...] = (),
    leaflets: tuple[str, ...] = (),
    fail_under: float = 100.0,
    jobs: int = 1,
) -> CheckReport:
    """Everything `leaflet check` reports, for the chosen catalogs."""
    templates = {
        d: t.catalog for d, t in current_templates(config, only=leaflets, jobs=jobs).items()
    }
    infos = target_locales(config, only=locales)
    reports = check_project(config, templates=templates, locales=infos, jobs=jobs)
    return CheckReport(
        catalogs=tuple(r.completeness for r in reports),
        diagnostics=tuple(d for r in reports for d in r.diagnostics),
        rules=tuple(Rule(c.code, c.severity, c.doc) for c in CHECKS),
        po_paths=tuple((r.domain, r.locale, r.po_path) for r in reports),
        fail_under=fail_under,
    )
