"""Translators' tools read our catalogs as we do: polib (used by many editors and scripts)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.catalogs import read_catalog

from .conftest import REPO

SHIPPED = sorted((REPO / "locales").glob("**/*.po*"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_polib_reads_shipped_catalogs_like_we_do(path: Path) -> None:
    ours = read_catalog(path, shown=str(path), template=path.suffix == ".pot")
    theirs = polib.pofile(str(path))
    active = [e for e in ours.messages if not e.obsolete]
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in active] == [
        (e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in theirs
    ]
    assert [e.references for e in active] == [
        tuple(f"{f}:{n}" for f, n in e.occurrences) for e in theirs
    ]
    assert len(ours.messages) - len(active) == len(theirs.obsolete_entries())
