"""Is the build up to date? Answered from file digests and the manifest, without parsing.

Kept light on purpose (no Markdown, YAML, Babel or Jinja imports): a build with nothing
changed should cost little more than reading its inputs.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config
from .manifest import (
    FINDINGS_NAME,
    Manifest,
    code_digest,
    digest_files,
    digest_text,
    read_manifest,
)
from .model import PageStatus

UI_DOMAIN = "ui"
SOURCE_LOCALE = "en"
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    locales: tuple[str, ...] = ()
    leaflets: tuple[str, ...] = ()
    allow_incomplete: bool = False
    jobs: int = 1
    pdf: bool = False  # also print build/<tag>/<slug>.pdf with headless Chromium
    large_print: bool = False  # also build <slug>.large.html (and .large.pdf with `pdf`)


@dataclass(frozen=True, slots=True)
class PageResult:
    slug: str
    locale: str  # the catalog locale code ("en" for the English original)
    status: PageStatus
    reasons: tuple[str, ...]
    title: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: tuple[PageResult, ...]
    rendered: int = 0  # pages rendered by this run
    reused: int = 0  # output files kept from the previous build
    unchanged: bool = False  # nothing changed: the previous build was left as it was

    @property
    def skipped(self) -> tuple[PageResult, ...]:
        return tuple(p for p in self.pages if p.status is PageStatus.SKIPPED)


def unit_key(domain: str, locale: str) -> str:
    return f"{domain}/{locale}"


def option_digest(config: Config, options: BuildOptions) -> str:
    """Everything besides the input files that decides what a build writes."""
    settings = {
        "version": __version__,
        "code": code_digest(Path(__file__).resolve().parent),
        "locales": sorted(options.locales),
        "leaflets": sorted(options.leaflets),
        "allow_incomplete": options.allow_incomplete,
        "pdf": options.pdf,
        "large_print": options.large_print,
        "variables": config.variables.values,
        "paper": config.paper,
        "checks": [(code, s.value if s else None) for code, s in config.check_severities],
        "dirs": [config.source_dir, config.locales_dir, config.glossary_dir],
    }
    return digest_text(json.dumps(settings, sort_keys=True))


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files a build reads, by the path shown to users, and what they are."""

    slugs: tuple[str, ...]
    locales: tuple[str, ...]
    files: tuple[tuple[str, str], ...]  # (shown path, absolute path)


def input_files(config: Config, options: BuildOptions) -> Inputs | None:
    """The build's input files, or None when the request needs the full checks anyway."""
    source_dir = config.source_path
    if not source_dir.is_dir():
        return None
    slugs = sorted(p.stem for p in source_dir.glob("*.md") if p.is_file())
    if not slugs:
        return None
    if options.leaflets:
        if not set(options.leaflets) <= set(slugs):
            return None
        slugs = sorted(set(options.leaflets))
    locales_root = config.locales_path
    codes: list[str] = []
    if locales_root.is_dir():
        codes = sorted(
            p.name for p in locales_root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    if options.locales:
        if not set(options.locales) <= set(codes):
            return None
        codes = sorted(set(options.locales))
    # Keys are the paths users see (relative to the project); strings, not Path objects,
    # since this runs for every file of a project on every build.
    root = str(config.project_dir)
    files: list[tuple[str, str]] = []
    for slug in slugs:
        if not _SLUG.match(slug):
            return None
        key = source_key(config, slug)
        files.append((key, os.path.join(root, key)))
    for code in codes:
        for domain in (*slugs, UI_DOMAIN):
            key = po_key(config, code, domain)
            files.append((key, os.path.join(root, key)))
        key = glossary_key(config, code)
        files.append((key, os.path.join(root, key)))
    return Inputs(slugs=tuple(slugs), locales=tuple(codes), files=tuple(files))


def source_key(config: Config, slug: str) -> str:
    return f"{config.source_dir}/{slug}.md"


def po_key(config: Config, locale: str, domain: str) -> str:
    return f"{config.locales_dir}/{locale}/LC_MESSAGES/{domain}.po"


def glossary_key(config: Config, locale: str) -> str:
    return f"{config.glossary_dir}/{locale}.toml"


def unit_digest(
    config: Config, options_digest: str, digests: dict[str, str], slug: str, locale: str
) -> str:
    """What one page's translation depends on: its source, its catalog, the UI, the glossary."""
    if locale == SOURCE_LOCALE:
        return digest_text(options_digest, digests[source_key(config, slug)], SOURCE_LOCALE)
    return digest_text(
        options_digest,
        digests[source_key(config, slug)],
        digests[po_key(config, locale, slug)],
        digests[glossary_key(config, locale)],
    )


def ui_digest(config: Config, options_digest: str, digests: dict[str, str], locale: str) -> str:
    return digest_text(
        options_digest,
        digests[po_key(config, locale, UI_DOMAIN)],
        digests[glossary_key(config, locale)],
    )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The inputs as they are now, and the previous build's manifest."""

    options: str
    inputs: Inputs
    digests: dict[str, str]
    previous: Manifest | None


def snapshot(config: Config, options: BuildOptions) -> Snapshot | None:
    inputs = input_files(config, options)
    if inputs is None:
        return None
    return Snapshot(
        options=option_digest(config, options),
        inputs=inputs,
        digests=digest_files(inputs.files),
        previous=read_manifest(config.build_path),
    )


def unchanged_result(config: Config, state: Snapshot) -> BuildResult | None:
    """The previous build's result when nothing it was made from has changed."""
    previous = state.previous
    if previous is None or previous.options != state.options or previous.inputs != state.digests:
        return None
    build = str(config.build_path)
    for relative in (*previous.outputs, "index.html", "report.json", FINDINGS_NAME):
        if not os.path.isfile(os.path.join(build, relative)):
            return None
    pages: list[PageResult] = []
    for locale in (SOURCE_LOCALE, *state.inputs.locales):
        for slug in state.inputs.slugs:
            unit = previous.units.get(unit_key(slug, locale))
            if unit is None:
                return None
            pages.append(
                PageResult(
                    slug=slug,
                    locale=locale,
                    status=PageStatus(unit.status),
                    reasons=unit.reasons,
                    title=unit.title,
                )
            )
    return BuildResult(pages=tuple(pages), unchanged=True)
