"""The `leaflet` command: options → Config, one call into `api`, diagnostics, exit code."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from . import __version__, api
from .config import Config, load_config, parse_assignment
from .errors import LeafletError
from .model import Completeness, PageStatus, Severity

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


def _jobs_option(func: Callable[P, R]) -> Callable[P, R]:
    return click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Parallel workers (default: the number of cores).",
    )(func)


def _jobs(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


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
@_jobs_option
@click.pass_context
@reports_errors
def extract(ctx: click.Context, jobs: int | None) -> None:
    """Write locales/<slug>.pot for every leaflet (and locales/ui.pot)."""
    changes = api.extract(_config(ctx), jobs=_jobs(jobs))
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
@_jobs_option
@click.pass_context
@reports_errors
def update(ctx: click.Context, jobs: int | None) -> None:
    """Extract, then merge every template into every locale's PO files."""
    changes = api.update(_config(ctx), jobs=_jobs(jobs))
    _print_changes(changes)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _status_table(rows: list[Completeness]) -> str:
    header = (
        "catalog",
        "locale",
        "total",
        "transl.",
        "fuzzy",
        "untransl.",
        "obsolete",
        "percent",
        "words",
        "critical",
    )
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
                f"{row.critical_translated}/{row.critical}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for line in lines:
        cells = [
            cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(line)
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
@_jobs_option
@click.pass_context
@reports_errors
def status(
    ctx: click.Context,
    locales: tuple[str, ...],
    leaflets: tuple[str, ...],
    fmt: str,
    fail_under: float | None,
    jobs: int | None,
) -> None:
    """How complete each leaflet × locale translation is."""
    rows = api.status(_config(ctx), locales=locales, leaflets=leaflets, jobs=_jobs(jobs))
    if fmt == "json":
        from .reports import completeness_json

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


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--leaflet", "leaflets", multiple=True, help="Only this leaflet (repeatable).")
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Also publish incomplete translations, with the missing parts in English and a notice.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any leaflet × locale was skipped.")
@_jobs_option
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a clinic variable for this build (repeatable).",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print each page to <slug>.pdf (needs Chromium; see LEAFLET_CHROMIUM).",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Also build a large-print variant of each page, <slug>.large.html (16 pt on paper).",
)
@click.pass_context
@reports_errors
def build(
    ctx: click.Context,
    locales: tuple[str, ...],
    leaflets: tuple[str, ...],
    allow_incomplete: bool,
    strict: bool,
    jobs: int | None,
    assignments: tuple[str, ...],
    pdf: bool,
    large_print: bool,
) -> None:
    """Render every publishable leaflet × language as HTML and text under build/."""
    config = _config(ctx)
    overrides = dict(parse_assignment(text) for text in assignments)
    if overrides:
        config = config.with_variables(overrides)
    options = api.BuildOptions(
        locales=locales,
        leaflets=leaflets,
        allow_incomplete=allow_incomplete,
        jobs=_jobs(jobs),
        pdf=pdf,
        large_print=large_print,
    )
    bar: Any = None
    use_bar = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not use_bar or total < 20:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="building", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    result = api.build(config, options, progress=progress)
    for page in result.skipped:
        click.echo(f"skipped: {page.slug} [{page.locale}]: {'; '.join(page.reasons)}", err=True)
    built = [p for p in result.pages if p.status is not PageStatus.SKIPPED]
    incomplete = sum(p.status is PageStatus.INCOMPLETE for p in result.pages)
    languages = len({p.locale for p in built})
    summary = (
        f"built {_count(len(built), 'page')} in {_count(languages, 'language')}"
        + (f" ({incomplete} with parts in English)" if incomplete else "")
        + f", skipped {len(result.skipped)}; output in {config.shown(config.build_path)}/"
    )
    click.echo(summary)
    if result.unchanged:
        click.echo("nothing changed since the last build; it was left as it was")
    elif result.reused:
        pages = "page" if result.rendered == 1 else "pages"
        click.echo(f"{result.rendered} {pages} rendered, {result.reused} files unchanged")
    if strict and result.skipped:
        sys.exit(EXIT_GATE)


EXIT_BELOW_THRESHOLD = 3
_FORMATS = ("text", "json", "junit", "sarif", "github", "markdown")


@main.command()
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--leaflet", "leaflets", multiple=True, help="Only this leaflet (repeatable).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=100.0,
    show_default=True,
    help="Exit 3 when a catalog is below this percent translated (and nothing is wrong).",
)
@_jobs_option
@click.pass_context
@reports_errors
def check(
    ctx: click.Context,
    locales: tuple[str, ...],
    leaflets: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_under: float,
    jobs: int | None,
) -> None:
    """Find missing, stale and wrong translations. Exit 0 clean, 1 errors, 3 incomplete."""
    report = api.check(
        _config(ctx), locales=locales, leaflets=leaflets, fail_under=fail_under, jobs=_jobs(jobs)
    )
    color = output is None and sys.stdout.isatty()
    from . import reports  # loaded only for check: other commands start faster

    text = {
        "text": lambda: reports.format_text(report, color=color),
        "json": lambda: reports.format_json(report),
        "junit": lambda: reports.format_junit(report),
        "sarif": lambda: reports.format_sarif(report, version=__version__),
        "github": lambda: reports.format_github(report),
        "markdown": lambda: reports.format_markdown(report),
    }[fmt]()
    if output is None:
        click.echo(text, nl=False)
    else:
        api.write_report(output, text)
        click.echo(f"report written: {output}")
    if report.counts(Severity.ERROR):
        sys.exit(EXIT_GATE)
    below = [c for c in report.catalogs if c.percent < fail_under]
    if below:
        for c in below:
            click.echo(
                f"below {fail_under:g}%: {c.domain} [{c.locale}] at {_percent(c.percent)}",
                err=True,
            )
        sys.exit(EXIT_BELOW_THRESHOLD)


def run() -> None:
    """The `leaflet` program: `main` in a process tuned for one short, allocation-heavy run.

    The cyclic garbage collector runs far less often (our data is acyclic frozen records that
    reference counting frees) and skips what was loaded at start-up: about 5 % less CPU.
    """
    gc.set_threshold(50_000, 20, 20)
    gc.freeze()
    main(prog_name="leaflet")
