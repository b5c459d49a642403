"""Every command gives the same output, files and errors with one job as with several.

The project is a generated corpus just large enough for the commands to start workers
(status, check and update above 64 catalogs, extraction above 16 sources).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import checking, project, translating

from .conftest import Result, Run

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS, LOCALES = 24, 3


def _corpus_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return corpus


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parallel") / "corpus"
    _corpus_module().generate(out, leaflets=LEAFLETS, locales=LOCALES, jobs=2)
    return out


@pytest.fixture
def twins(generated: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Two copies of the corpus: one for --jobs 1, one for --jobs 2."""
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    shutil.copytree(generated, serial)
    shutil.copytree(generated, parallel)
    yield serial, parallel


def test_the_corpus_is_large_enough_to_start_workers(generated: Path) -> None:
    catalogs = list((generated / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(catalogs) >= translating.PARALLEL_CATALOGS
    assert len(catalogs) >= checking.PARALLEL_CATALOGS
    assert len(list((generated / "source").glob("*.md"))) >= project.PARALLEL_SOURCES


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "build" not in p.relative_to(root).parts
    }


def _both(run: Run, twins: tuple[Path, Path], *args: str) -> tuple[Result, Result]:
    serial, parallel = twins
    one = run(serial, *args, "--jobs", "1")
    two = run(parallel, *args, "--jobs", "2")
    return one, two


def _same(one: Result, two: Result, twins: tuple[Path, Path]) -> None:
    serial, parallel = twins
    assert two.exit_code == one.exit_code
    assert two.stdout.replace(str(parallel), str(serial)) == one.stdout
    assert two.stderr.replace(str(parallel), str(serial)) == one.stderr
    assert _files(parallel) == _files(serial)


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "--format", "json"),
        ("check", "--format", "json"),
        ("check", "--format", "text"),
    ],
)
def test_read_only_commands(run: Run, twins: tuple[Path, Path], args: tuple[str, ...]) -> None:
    one, two = _both(run, twins, *args)
    assert one.exit_code in (0, 1, 3)
    assert one.stdout.count("\n") > LEAFLETS  # a real report, not an early error
    _same(one, two, twins)


def test_extract_from_changed_sources(run: Run, twins: tuple[Path, Path]) -> None:
    for root in twins:
        for pot in (root / "locales").glob("*.pot"):
            pot.unlink()
    one, two = _both(run, twins, "extract")
    assert one.exit_code == 0, one.stderr
    assert one.stdout.count("written:") == LEAFLETS + 1  # and the UI strings
    _same(one, two, twins)


def test_update_after_the_sources_changed(run: Run, twins: tuple[Path, Path]) -> None:
    corpus = _corpus_module()
    changed = {corpus.mutate(root) for root in twins}
    assert changed == {LEAFLETS // 5 + 1}
    one, two = _both(run, twins, "update")
    assert one.exit_code == 0, one.stderr
    assert one.stdout.count("updated:") == (LEAFLETS // 5 + 1) * LOCALES
    _same(one, two, twins)
    # and the merged catalogs are what GNU msgmerge would accept
    three, four = _both(run, twins, "check", "--format", "json")
    _same(three, four, twins)


def _break(root: Path) -> None:
    """Damage two catalogs far apart, another locale's glossary and nothing else."""
    spanish = sorted((root / "locales" / "es" / "LC_MESSAGES").glob("*.po"))
    french = sorted((root / "locales" / "fr" / "LC_MESSAGES").glob("*.po"))
    for path in (spanish[1], french[-2]):
        path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\n', encoding="utf-8")
    (root / "glossary").mkdir(exist_ok=True)
    (root / "glossary" / "de.toml").write_text("[terms\n", encoding="utf-8")


@pytest.mark.parametrize("command", ["status", "check", "update"])
def test_errors_are_the_same_and_update_writes_nothing(
    run: Run, twins: tuple[Path, Path], command: str
) -> None:
    for root in twins:
        _break(root)
    before = _files(twins[0])
    one, two = _both(run, twins, command)
    assert one.exit_code == 2
    expected = 3 if command == "check" else 2  # only check reads glossaries
    assert one.stderr.count("error:") == expected, one.stderr
    assert "missing 'msgstr'" in one.stderr
    _same(one, two, twins)
    assert _files(twins[0]) == before


def test_source_errors_are_the_same(run: Run, twins: tuple[Path, Path]) -> None:
    for root in twins:
        sources = sorted((root / "source").glob("*.md"))
        for path in (sources[2], sources[-3]):
            path.write_text("no front matter\n", encoding="utf-8")
        for pot in (root / "locales").glob("*.pot"):
            pot.unlink()
    one, two = _both(run, twins, "extract")
    assert one.exit_code == 2
    assert one.stderr.count("error:") == 2, one.stderr
    _same(one, two, twins)
