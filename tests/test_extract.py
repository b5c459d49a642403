"""`leaflet extract`: golden templates, GNU tools accept them, no churn on re-runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, Run, assert_gettext_accepts, make_project

GOLDEN = sorted((DATA / "extract").glob("*.md"))
REGENERATE = os.environ.get("LEAFLET_REGENERATE") == "1"


@pytest.mark.parametrize("source", GOLDEN, ids=lambda p: p.name)
def test_extract_matches_golden_template(source: Path, tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, {"pyproject.toml": "[tool.leaflet]\n"})
    (project / "source").mkdir()
    shutil.copy(source, project / "source" / source.name)
    result = run(project, "extract")
    assert result.exit_code == 0, result.stderr
    written = project / "locales" / f"{source.stem}.pot"
    expected = source.with_name(source.name + ".expect.pot")
    if REGENERATE:
        expected.write_text(written.read_text(encoding="utf-8"), encoding="utf-8")
    assert written.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
    assert_gettext_accepts(written)


def test_extract_writes_ui_template_and_is_byte_stable(project: Path, run: Run) -> None:
    first = run(project, "extract")
    assert first.exit_code == 0, first.stderr
    assert "written: locales/blood.pot" in first.stdout
    assert "written: locales/ui.pot" in first.stdout
    ui = project / "locales" / "ui.pot"
    assert 'msgid "Other languages"' in ui.read_text(encoding="utf-8")
    assert_gettext_accepts(ui)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "locales").iterdir()}
    second = run(project, "extract")
    assert second.exit_code == 0
    assert "2 templates, 0 written, 2 unchanged" in second.stdout
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "locales").iterdir()}
    assert after == before


def test_source_date_epoch_sets_the_date_without_churn(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(project, "extract").exit_code == 0
    pot = project / "locales" / "blood.pot"
    assert '"POT-Creation-Date: 2023-11-14 22:13+0000\\n"' in pot.read_text(encoding="utf-8")
    # Only the date would change: the file is left alone.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = run(project, "extract")
    assert "unchanged: locales/blood.pot" in result.stdout
    assert "2023-11-14" in pot.read_text(encoding="utf-8")


def test_extract_changes_only_what_changed(project: Path, run: Run) -> None:
    run(project, "extract")
    source = project / "source" / "blood.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("8 hours", "6 hours"), encoding="utf-8"
    )
    result = run(project, "extract")
    assert "written: locales/blood.pot" in result.stdout
    assert "unchanged: locales/ui.pot" in result.stdout


@pytest.mark.parametrize(
    ("files", "message", "exit_code"),
    [
        ({"source/Bad_Name.md": "---\ntitle: T\nupdated: 2020-01-01\n---\n"}, "slug", 2),
        ({"source/ui.md": "---\ntitle: T\nupdated: 2020-01-01\n---\n"}, "slug", 2),
        ({"source/a.md": "---\ntitle: T\n"}, "source/a.md:1: error: front matter is not", 2),
        ({"pyproject.toml": "[tool.leaflet]\nsorce_dir = 'x'\n"}, "unknown key 'sorce_dir'", 2),
        ({"pyproject.toml": "[tool.leaflet]\nsource_dir = '../x'\n"}, "inside the project", 2),
        ({"pyproject.toml": "[tool.leaflet\n"}, "pyproject.toml:1: error: invalid TOML", 2),
    ],
)
def test_extract_errors(
    tmp_path: Path, run: Run, files: dict[str, str], message: str, exit_code: int
) -> None:
    base = {"source/ok.md": "---\ntitle: T\nupdated: 2020-01-01\n---\n"}
    project = make_project(tmp_path, {**base, **files})
    result = run(project, "extract")
    assert result.exit_code == exit_code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "locales").exists()


def test_all_source_errors_are_reported_together(tmp_path: Path, run: Run) -> None:
    project = make_project(
        tmp_path,
        {
            "source/a.md": "---\ntitle: T\n",
            "source/b.md": "---\ntitle: T\nupdated: 2020-01-01\n---\n<b>x</b>\n",
        },
    )
    result = run(project, "extract")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "source/a.md:1: error: front matter is not closed by a '---' line",
        "source/b.md:5: error: raw HTML is not allowed in a leaflet source: '<b>'",
    ]


def test_current_template_is_read_not_extracted_again(project: Path, run: Run) -> None:
    assert run(project, "extract").exit_code == 0
    pot = project / "locales" / "blood.pot"
    assert "X-Leaflet-Source: " in pot.read_text(encoding="utf-8")
    before = pot.read_bytes()
    # A hand-edited template is never taken for current: it is extracted again.
    pot.write_bytes(before.replace(b'msgid "Questions"', b'msgid "Queries"'))
    result = run(project, "extract")
    assert "written: locales/blood.pot" in result.stdout
    assert pot.read_bytes() == before
    # An edited source makes a new template; its old stamp no longer matches.
    source = project / "source" / "blood.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert "written: locales/blood.pot" in run(project, "extract").stdout
    assert 'msgid "More."' in pot.read_text(encoding="utf-8")
