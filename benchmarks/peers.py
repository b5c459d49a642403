"""mdpo on a benchmark corpus, one phase per process (run by `run.py` with mdpo's Python).

    PEER_PYTHON benchmarks/peers.py mdpo-extract|mdpo-update|mdpo-build CORPUS WORK

This file imports mdpo only, never `pipeline`, so it runs in its own virtualenv:

    python -m venv benchmarks/.peers-venv && benchmarks/.peers-venv/bin/pip install mdpo

As in the issue's table, each phase is mdpo's Python API in one process:
- extract: `markdown_to_pofile` for every source, saved as WORK/pot/<slug>.pot;
- update: `markdown_to_pofile` for every source into a copy of every locale's PO file;
- build: `pofile_to_markdown` for every source × locale into WORK/build/<locale>/<slug>.md.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def _sources(corpus: Path) -> list[Path]:
    return sorted((corpus / "source").glob("*.md"))


def _locales(corpus: Path) -> list[str]:
    root = corpus / "locales"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def prepare_update(corpus: Path, work: Path) -> None:
    """Copy the corpus' PO files to WORK/po/<locale>/<slug>.po (not timed)."""
    target = work / "po"
    if target.exists():
        shutil.rmtree(target)
    for locale in _locales(corpus):
        folder = target / locale
        folder.mkdir(parents=True)
        for po in (corpus / "locales" / locale / "LC_MESSAGES").glob("*.po"):
            shutil.copyfile(po, folder / po.name)


def main(argv: list[str]) -> int:
    phase, corpus, work = argv[0], Path(argv[1]), Path(argv[2])
    if phase == "prepare-update":
        prepare_update(corpus, work)
        return 0
    from mdpo.md2po import markdown_to_pofile
    from mdpo.po2md import pofile_to_markdown

    if phase == "mdpo-extract":
        out = work / "pot"
        out.mkdir(parents=True, exist_ok=True)
        for source in _sources(corpus):
            pot = out / f"{source.stem}.pot"
            pot.unlink(missing_ok=True)
            markdown_to_pofile(str(source), po_filepath=str(pot), save=True)
    elif phase == "mdpo-update":
        for locale in _locales(corpus):
            for source in _sources(corpus):
                po = work / "po" / locale / f"{source.stem}.po"
                markdown_to_pofile(str(source), po_filepath=str(po), save=True)
    elif phase == "mdpo-build":
        for locale in _locales(corpus):
            out = work / "build" / locale
            out.mkdir(parents=True, exist_ok=True)
            for source in _sources(corpus):
                po = corpus / "locales" / locale / "LC_MESSAGES" / f"{source.stem}.po"
                pofile_to_markdown(str(source), str(po), save=str(out / source.name))
    else:
        print(f"unknown phase {phase!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
