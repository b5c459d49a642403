"""Where a phase's time goes, without a profiler's overhead: each stage timed in one process.

    python benchmarks/stages.py CORPUS_DIR

Times (wall clock, `time.perf_counter`) the building blocks the commands are made of, on a
corpus from `corpus.py`: importing the CLI, parsing sources, building and formatting
templates, reading every PO file, completeness, checks, and a whole serial build from scratch.
It calls `pipeline` internals, so it may
need a touch when they change; `run.py` does not depend on it.
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROWS: list[tuple[str, float, str]] = []


@contextmanager
def stage(name: str, note: str = "") -> Iterator[None]:
    start = time.perf_counter()
    yield
    ROWS.append((name, time.perf_counter() - start, note))


def timed(name: str, function: Callable[[], T], note: str = "") -> T:
    with stage(name, note):
        return function()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    args = parser.parse_args(argv)

    with stage("import pipeline.cli (+ click, jinja2, babel, markdown-it, yaml)"):
        from pipeline import api, checking
        from pipeline.catalogs import catalog_text, completeness
        from pipeline.config import load_config
        from pipeline.po_format import parse_catalog
        from pipeline.project import (
            UI_DOMAIN,
            leaflet_template,
            load_leaflets,
            read_translation,
            target_locales,
            ui_template,
        )
        from pipeline.segments import leaflet_segments
        from pipeline.sources import markdown_parser, parse_leaflet

    config = load_config(args.project)
    leaflets = timed("load_leaflets (read + parse every source)", lambda: load_leaflets(config))
    sources = [(p, p.read_bytes()) for p in sorted(config.source_path.glob("*.md"))]
    md = markdown_parser()
    with stage("  of which markdown-it parse only"):
        for _path, data in sources:
            md.parse(data.decode())
    with stage("  of which parse_leaflet with a new parser each (parser=None)"):
        for path, data in sources[:20]:
            parse_leaflet(data, slug=path.stem, shown=path.name)
    ROWS[-1] = (ROWS[-1][0], ROWS[-1][1] * len(sources) / min(20, len(sources)), "extrapolated")
    timed("leaflet_segments (all)", lambda: [leaflet_segments(leaf) for leaf in leaflets])
    templates = timed(
        "templates (leaflet_template, ui_template)",
        lambda: {
            **{leaflet.slug: leaflet_template(leaflet) for leaflet in leaflets},
            UI_DOMAIN: ui_template()[0],
        },
    )
    timed(
        "format templates (catalog_text)",
        lambda: [catalog_text(t) for t in templates.values()],
    )
    locales = timed("target_locales (Babel)", lambda: target_locales(config))
    pos = sorted(config.locales_path.glob("*/LC_MESSAGES/*.po"))
    raw = timed("read PO bytes", lambda: [(p, p.read_bytes()) for p in pos], f"{len(pos)} files")
    parsed = timed(
        "parse_catalog (all PO files)",
        lambda: [parse_catalog(data, path=str(p)) for p, data in raw],
        f"{sum(d.count(b'msgid ') for _p, d in raw)} entries",
    )
    timed(
        "read_translation (path checks + read + parse)",
        lambda: [
            read_translation(config, info.code, domain) for info in locales for domain in templates
        ],
    )
    by_name = {(p.parent.parent.name, p.stem): c for (p, _d), c in zip(raw, parsed, strict=True)}
    timed(
        "completeness (all catalogs)",
        lambda: [
            completeness(t, by_name.get((info.code, d)), domain=d, locale=info.code)
            for info in locales
            for d, t in templates.items()
        ],
    )
    timed(
        "format PO files (catalog_text)",
        lambda: [catalog_text(c) for c in parsed],
    )
    reports = timed(
        "checking.check_project (read + all checks)",
        lambda: checking.check_project(config, templates=templates, locales=locales),
    )
    # The build as a whole, serial and from scratch (its own phases are per leaflet now).
    shutil.rmtree(config.build_path, ignore_errors=True)
    timed(
        "api.build, --jobs 1, from scratch (decide + render + write)",
        lambda: api.build(config, api.BuildOptions(jobs=1)),
    )
    del reports

    width = max(len(name) for name, _s, _n in ROWS)
    for name, seconds, note in ROWS:
        print(f"{name:<{width}}  {seconds:8.3f} s  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
