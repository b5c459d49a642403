"""Use-cases behind the commands: one function each, over the stage modules.

Imports of the stages are deferred to the function that needs them, so a command pays only
for what it uses (a build with nothing changed never loads Markdown, Babel or Jinja).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .model import Completeness
from .output import write_if_changed
from .uptodate import BuildOptions, BuildResult, snapshot, unchanged_result

if TYPE_CHECKING:
    from .reports import CheckReport
    from .translating import FileChange

__all__ = [
    "BuildOptions",
    "BuildResult",
    "FileChange",
    "build",
    "check",
    "extract",
    "init",
    "status",
    "update",
    "write_report",
]


def extract(config: Config, *, jobs: int = 1) -> list[FileChange]:
    """Write `locales/<slug>.pot` for every leaflet and `locales/ui.pot`."""
    from .translating import extract as run

    return run(config, jobs=jobs)


def init(config: Config, codes: tuple[str, ...]) -> list[FileChange]:
    """Create the PO files of new locales; existing files are left alone."""
    from .translating import init as run

    return run(config, codes)


def update(config: Config, *, jobs: int = 1) -> list[FileChange]:
    """Extract, then merge every template into every locale's PO (creating missing ones)."""
    from .translating import update as run

    return run(config, jobs=jobs)


def status(
    config: Config,
    *,
    locales: tuple[str, ...] = (),
    leaflets: tuple[str, ...] = (),
    jobs: int = 1,
) -> list[Completeness]:
    """Completeness of every leaflet × locale (and the UI strings when no leaflet is named)."""
    from .translating import status as run

    return run(config, locales=locales, leaflets=leaflets, jobs=jobs)


def check(
    config: Config,
    *,
    locales: tuple[str, ...] = (),
    leaflets: tuple[str, ...] = (),
    fail_under: float = 100.0,
    jobs: int = 1,
) -> CheckReport:
    """Everything `leaflet check` reports."""
    from .checking import check as run

    return run(config, locales=locales, leaflets=leaflets, fail_under=fail_under, jobs=jobs)


def build(
    config: Config,
    options: BuildOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build what changed; with nothing changed, answer from the previous build's manifest."""
    state = snapshot(config, options)
    if state is not None:
        unchanged = unchanged_result(config, state)
        if unchanged is not None:
            return unchanged
    from .publish import build as run

    return run(config, options, state=state, progress=progress)


def write_report(path: Path, text: str) -> None:
    """Write a check report where the user asked; atomically, so CI never reads half a file."""
    write_if_changed(path, text)
