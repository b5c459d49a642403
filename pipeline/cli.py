"""The `leaflet` command: options → Config, one call into `api`, diagnostics, exit code."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from . import __version__, api
from .config import Config, load_config
from .errors import LeafletError
from .model import Completeness
from .reports import completeness_json

P = ParamSpec("P")
R = TypeVar("R")

EXIT_GATE = 1


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors into `path:line: error: message` on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except LeafletError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _config(ctx: click.Context) -> Config:
    config: Config = ctx.obj
    return config


@click.group()
@click.version_option(__version__, prog_name="leaflet")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The content project folder (holds pyproject.toml, source/, locales/).",
)
@click.pass_context
@reports_errors
def main(ctx: click.Context, project: Path) -> None:
    """Patient leaflets: English Markdown sources, gettext catalogs, checked translations."""
    ctx.obj = load_config(project)


def _print_changes(changes: list[api.FileChange]) -> None:
    for change in changes:
        click.echo(f"{change.action}: {change.path}")


@main.command()
@click.pass_context
@reports_errors
def extract(ctx: click.Context) -> None:
    """Write locales/<slug>.pot for every leaflet (and locales/ui.pot)."""
    changes = api.extract(_config(ctx))
    _print_changes(changes)
    written = sum(c.action == "written" for c in changes)
    click.echo(f"{len(changes)} templates, {written} written, {len(changes) - written} unchanged")


@main.command()
@click.argument("locales", nargs=-1)
@click.pass_context
@reports_errors
def init(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Create PO files for new LOCALES (e.g. es ar zh_Hans); existing files are kept."""
    changes = api.init(_config(ctx), locales)
    for change in changes:
        if change.action == "exists":
            click.echo(f"exists, left alone: {change.path}")
        else:
            click.echo(f"created: {change.path}")


@main.command()
@click.pass_context
@reports_errors
def update(ctx: click.Context) -> None:
    """Extract, then merge every template into every locale's PO files."""
    changes = api.update(_config(ctx))
    _print_changes(changes)


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _status_table(rows: list[Completeness]) -> str:
    header = ("catalog", "locale", "total", "transl.", "fuzzy", "untransl.", "obsolete",
              "percent", "words")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.domain,
                row.locale,
                str(row.total),
                str(row.translated),
                str(row.fuzzy),
                str(row.untranslated),
                str(row.obsolete),
                _percent(row.percent),
                _percent(row.words_percent),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for line in lines:
        cells = [
            cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
            for i, cell in enumerate(line)
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--leaflet", "leaflets", multiple=True, help="Only this leaflet (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when any listed catalog is below this percent translated.",
)
@click.pass_context
@reports_errors
def status(
    ctx: click.Context,
    locales: tuple[str, ...],
    leaflets: tuple[str, ...],
    fmt: str,
    fail_under: float | None,
) -> None:
    """How complete each leaflet × locale translation is."""
    rows = api.status(_config(ctx), locales=locales, leaflets=leaflets)
    if fmt == "json":
        payload = {"catalogs": [completeness_json(row) for row in rows]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif rows:
        click.echo(_status_table(rows))
    else:
        click.echo("no translations yet: run `leaflet init LOCALE`")
    if fail_under is not None:
        below = [row for row in rows if row.percent < fail_under]
        for row in below:
            click.echo(
                f"below {fail_under:g}%: {row.domain} [{row.locale}] at {_percent(row.percent)}",
                err=True,
            )
        if below:
            sys.exit(EXIT_GATE)
