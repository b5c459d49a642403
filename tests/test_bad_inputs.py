"""A corpus of bad inputs, each with its exact message and exit code.

Every folder under tests/data/bad/ is one case: `case.toml` says which command to run and what it
must print; `files/` is copied over the fixture project (`x.case` becomes `x`, so that no
`pyproject.toml` in the corpus configures the repository's tools); `outside/` is copied next to
the project (for symbolic links that point out of it). Keys of case.toml:

- `args`: the command line after `leaflet --project PROJECT`; `setup`: commands run first;
- `exit`: the exit code; `stderr`: the exact first line of stderr; `stdout`: an exact line
  (stripped) that stdout must contain — `check` prints its findings there;
- `symlinks`: [link in the project, target next to the project] pairs made before running;
- `generate`: content too big or too odd for the repository, made by `GENERATORS`;
- `same_as`: another case whose run must leave byte-identical `locales/` (encodings).

Whatever the case, no traceback is printed and nothing outside the project changes.
"""

from __future__ import annotations

import shutil
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA, PYPROJECT, SMALL_LEAFLET, Run, assert_gettext_accepts, make_project

BAD = DATA / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "case.toml").is_file())
FRONT = "---\ntitle: Blood test\nupdated: 2020-01-31\n---\n\n"


def _deep_quotes(project: Path) -> None:
    (project / "source/blood.md").write_text(FRONT + "> " * 5000 + "deep\n", encoding="utf-8")


def _deep_lists(project: Path) -> None:
    (project / "source/blood.md").write_text(FRONT + "- " * 5000 + "deep\n", encoding="utf-8")


def _deep_indented_lists(project: Path) -> None:
    lines = "".join("  " * i + "- item\n" for i in range(300))
    (project / "source/blood.md").write_text(FRONT + "Intro.\n" + lines, encoding="utf-8")


def _five_mb_line(project: Path) -> None:
    (project / "source/blood.md").write_text(FRONT + "x" * 5 * 2**20, encoding="utf-8")


def _long_line(project: Path) -> None:
    (project / "source/blood.md").write_text(FRONT + "word " * 6000 + "\n", encoding="utf-8")


def _bom_crlf_source(project: Path) -> None:
    data = b"\xef\xbb\xbf" + SMALL_LEAFLET.replace("\n", "\r\n").encode("utf-8")
    (project / "source/blood.md").write_bytes(data)


GENERATORS: dict[str, Callable[[Path], None]] = {
    "deep_quotes": _deep_quotes,
    "deep_lists": _deep_lists,
    "deep_indented_lists": _deep_indented_lists,
    "five_mb_line": _five_mb_line,
    "long_line": _long_line,
    "bom_crlf_source": _bom_crlf_source,
}


def _case(name: str) -> dict[str, Any]:
    with (BAD / name / "case.toml").open("rb") as handle:
        return tomllib.load(handle)


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links not followed) and its bytes; links as their target."""
    out: dict[str, bytes] = {}
    if not root.exists():
        return out
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[key] = b"-> " + str(path.readlink()).encode()
        elif path.is_file():
            out[key] = path.read_bytes()
    return out


def _prepare(root: Path, name: str, run: Run) -> tuple[Path, Path, dict[str, Any]]:
    spec = _case(name)
    project = make_project(
        root / "proj", {"pyproject.toml": PYPROJECT, "source/blood.md": SMALL_LEAFLET}
    )
    outside = root / "outside"
    outside.mkdir()
    for command in spec.get("setup", []):
        result = run(project, *command)
        assert result.exit_code == 0, (command, result.stdout, result.stderr)
    for base, target in (("files", project), ("outside", outside)):
        if (BAD / name / base).is_dir():
            shutil.copytree(BAD / name / base, target, dirs_exist_ok=True)
    for stored in project.rglob("*.case"):  # e.g. pyproject.toml, which would configure ruff
        stored.rename(stored.with_suffix(""))
    if "generate" in spec:
        GENERATORS[spec["generate"]](project)
    for link, pointee in spec.get("symlinks", []):
        path = project / link
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(root / pointee)
    return project, outside, spec


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, tmp_path: Path, run: Run) -> None:
    project, outside, spec = _prepare(tmp_path / "case", name, run)
    before = _tree(outside)
    start = time.monotonic()
    result = run(project, *spec["args"])
    elapsed = time.monotonic() - start
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code == spec["exit"], output
    if "stderr" in spec:
        assert result.stderr.splitlines()[:1] == [spec["stderr"]], result.stderr
    if "stdout" in spec:
        assert spec["stdout"] in [line.strip() for line in result.stdout.splitlines()], output
    if spec["exit"] == 2:
        assert result.stdout == "", "an error is reported before anything is done"
    assert _tree(outside) == before, "nothing outside the project is written"
    assert elapsed < 10, f"{name} took {elapsed:.1f} s"
    if "same_as" in spec:
        reference, _outside, reference_spec = _prepare(tmp_path / "reference", spec["same_as"], run)
        expected = run(reference, *reference_spec["args"])
        assert expected.exit_code == 0, expected.stderr
        assert _tree(project / "locales") == _tree(reference / "locales")
        for po in (project / "locales").rglob("*.po"):
            assert_gettext_accepts(po)


def test_corpus_is_broad() -> None:
    """The corpus keeps covering every kind of bad input the issue lists."""
    prefixes = {name.split("-")[0] for name in CASES}
    assert {"po", "header", "hostile", "source", "path", "locale", "config", "build"} <= prefixes
    assert len(CASES) >= 60
    for name in CASES:
        spec = _case(name)
        assert spec["about"] and spec["args"], name
        assert "stderr" in spec or "stdout" in spec or "same_as" in spec or name.endswith("clean")


def test_a_plural_entry_needs_exactly_nplurals_forms() -> None:
    """No shipped template has plural entries, so this one is checked on catalogs directly."""
    from pipeline.catalog_checks import check_catalog
    from pipeline.locales import locale_info
    from pipeline.model import Catalog, PoEntry

    template = Catalog((PoEntry(msgid="{n} day", msgid_plural="{n} days"),))
    for forms, found in ((("{n} día",), 1), (("{n} día", "{n} días"), 0), (("a", "b", "c"), 1)):
        entry = PoEntry(msgid="{n} day", msgid_plural="{n} days", msgstr_plural=forms, line=7)
        catalog = Catalog((entry,), path="es.po")
        diagnostics = [
            d
            for d in check_catalog(
                template, catalog, locale=locale_info("es"), po_path="es.po", domain="d"
            )
            if d.code == "plurals"
        ]
        assert len(diagnostics) == found, diagnostics
        if found:
            assert diagnostics[0].message == (
                f"{len(forms)} plural forms; Spanish needs 2 "
                "(Plural-Forms: nplurals=2; plural=(n != 1);)"
            )
            assert str(diagnostics[0].location) == "es.po:7"
