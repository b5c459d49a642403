"""`leaflet init`, `update` and `status` on fixture projects, checked against GNU gettext."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.catalogs import entry_status, read_catalog

from .conftest import Run, assert_gettext_accepts, gettext_tool, make_project

PO = "locales/es/LC_MESSAGES/blood.po"


def _fill(po: Path, translations: dict[str, str]) -> None:
    """Translate entries the way a translator's editor would: msgstr lines only."""
    text = po.read_text(encoding="utf-8")
    for msgid, msgstr in translations.items():
        pattern = re.compile(r'(msgid "' + re.escape(msgid) + r'"\nmsgstr )""')
        text, count = pattern.subn(lambda m, s=msgstr: m.group(1) + f'"{s}"', text)
        assert count == 1, msgid
    po.write_text(text, encoding="utf-8")


def test_init_creates_valid_catalogs_and_keeps_existing(project: Path, run: Run) -> None:
    result = run(project, "init", "es", "zh_Hans")
    assert result.exit_code == 0, result.stderr
    assert f"created: {PO}" in result.stdout
    for path in (project / PO, project / "locales/zh_Hans/LC_MESSAGES/ui.po"):
        assert_gettext_accepts(path)
    text = (project / PO).read_text(encoding="utf-8")
    assert '"Language: es\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    zh = (project / "locales/zh_Hans/LC_MESSAGES/blood.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in zh
    _fill(project / PO, {"Blood test": "Análisis de sangre"})
    again = run(project, "init", "es")
    assert again.exit_code == 0
    assert f"exists, left alone: {PO}" in again.stdout
    assert "Análisis de sangre" in (project / PO).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("xx", "unknown locale 'xx'"),
        ("../etc", "invalid locale code '../etc'"),
        ("es/x", "invalid locale code"),
        ("--help", "No such option"),
        ("zh_hans", "should be written 'zh_Hans'"),
        ("en", "source language"),
    ],
)
def test_init_rejects_bad_locales(project: Path, run: Run, code: str, message: str) -> None:
    result = run(project, "init", "es", code) if code != "--help" else run(project, "init", "-x")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (project / "locales").exists()


def _status_of(path: Path) -> dict[str, str]:
    catalog = read_catalog(path, shown=str(path))
    return {e.msgid: entry_status(e).value for e in catalog.messages}


def test_update_agrees_with_msgmerge(project: Path, run: Run, tmp_path: Path) -> None:
    run(project, "init", "es")
    po = project / PO
    _fill(
        po,
        {
            "Blood test": "Análisis de sangre",
            "Drink water as usual.": "Beba agua como de costumbre.",
            "Questions": "Preguntas",
            "Before the test": "Antes del análisis",
        },
    )
    source = project / "source" / "blood.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Drink water as usual.", "Drink water as you usually do.")
    text = text.replace("## Before the test\n", "## Before your test\n")
    text = text.replace("## Questions\n", "## Any questions\n")
    text = text.replace("title: Blood test", "title: Blood tests")
    source.write_text(text + "\nA new paragraph.\n", encoding="utf-8")
    before = po.read_bytes()
    (tmp_path / "old.po").write_bytes(before)

    result = run(project, "update")
    assert result.exit_code == 0, result.stderr
    assert f"updated: {PO}" in result.stdout
    assert_gettext_accepts(po)
    ours = _status_of(po)

    merged = tmp_path / "gnu.po"
    done = gettext_tool(
        "msgmerge",
        "--previous",
        "-q",
        "-o",
        merged,
        tmp_path / "old.po",
        project / "locales/blood.pot",
    )
    assert done.returncode == 0, done.stderr
    assert ours == _status_of(merged)
    assert ours["Drink water as you usually do."] == "fuzzy"
    assert ours["A new paragraph."] == "untranslated"
    updated = po.read_text(encoding="utf-8")
    assert '#| msgid "Drink water as usual."' in updated
    # A second update with nothing new changes nothing.
    again = run(project, "update")
    assert f"unchanged: {PO}" in again.stdout


def test_update_keeps_translator_comments_and_obsoletes_removed(project: Path, run: Run) -> None:
    run(project, "init", "es")
    po = project / PO
    _fill(po, {"Questions": "Preguntas"})
    text = po.read_text(encoding="utf-8").replace(
        '#. leaflet: heading\n#: source/blood.md:9\nmsgid "Before the test"',
        "# checked by the nurse\n#. leaflet: heading\n#: source/blood.md:9\n"
        'msgid "Before the test"',
    )
    po.write_text(text, encoding="utf-8")
    source = project / "source" / "blood.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("## Questions\n", "## Ask a nurse\n"),
        encoding="utf-8",
    )
    assert run(project, "update").exit_code == 0
    updated = po.read_text(encoding="utf-8")
    assert "# checked by the nurse\n" in updated
    assert '#~ msgid "Questions"\n#~ msgstr "Preguntas"' in updated


def test_update_creates_catalogs_for_a_new_leaflet(project: Path, run: Run) -> None:
    run(project, "init", "es")
    (project / "source" / "new.md").write_text(
        "---\ntitle: New\nupdated: 2020-01-01\n---\nHello.\n", encoding="utf-8"
    )
    result = run(project, "update")
    assert "created: locales/es/LC_MESSAGES/new.po" in result.stdout
    assert_gettext_accepts(project / "locales/es/LC_MESSAGES/new.po")


def test_update_refuses_a_malformed_po_and_writes_nothing(project: Path, run: Run) -> None:
    run(project, "update")
    run(project, "init", "es")
    po = project / PO
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n')
    pot_before = (project / "locales/blood.pot").read_bytes()
    (project / "source/blood.md").write_text(
        (project / "source/blood.md").read_text(encoding="utf-8") + "\nMore.\n"
    )
    result = run(project, "update")
    assert result.exit_code == 2
    assert re.match(rf"{re.escape(PO)}:\d+: error: ", result.stderr)
    assert (project / "locales/blood.pot").read_bytes() == pot_before


def _msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    done = gettext_tool("msgfmt", "--statistics", "-o", "/dev/null", path)
    text = done.stderr
    numbers = []
    for label in ("translated message", "fuzzy translation", "untranslated message"):
        match = re.search(rf"(\d+) {label}", text)
        numbers.append(int(match.group(1)) if match else 0)
    return numbers[0], numbers[1], numbers[2]


def test_status_agrees_with_msgfmt_statistics(project: Path, run: Run) -> None:
    run(project, "init", "es", "fr")
    _fill(project / PO, {"Blood test": "Análisis de sangre", "Questions": "Preguntas"})
    text = (
        (project / PO)
        .read_text(encoding="utf-8")
        .replace(
            '#: source/blood.md:9\nmsgid "Before the test"\nmsgstr ""',
            '#: source/blood.md:9\n#, fuzzy\nmsgid "Before the test"\nmsgstr "Antes"',
        )
    )
    (project / PO).write_text(text, encoding="utf-8")
    result = run(project, "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {(r["domain"], r["locale"]): r for r in json.loads(result.stdout)["catalogs"]}
    for (domain, locale), row in rows.items():
        path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
        assert _msgfmt_statistics(path) == (row["translated"], row["fuzzy"], row["untranslated"])
    blood = rows[("blood", "es")]
    assert (blood["translated"], blood["fuzzy"], blood["total"]) == (2, 1, 9)
    assert blood["percent"] == 22.2
    assert set(blood) >= {
        "domain",
        "locale",
        "total",
        "translated",
        "fuzzy",
        "untranslated",
        "obsolete",
        "percent",
        "words",
        "words_translated",
    }
    assert blood["words_translated"] == 3


def test_status_text_filters_and_fail_under(project: Path, run: Run) -> None:
    run(project, "init", "es", "fr")
    result = run(project, "status", "--locale", "es", "--leaflet", "blood")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["catalog", "locale", "total"]
    assert [line.split()[:2] for line in lines[1:]] == [["blood", "es"]]
    assert lines[0].split()[-1] == "critical" and lines[1].split()[-1] == "0/1"
    failing = run(project, "status", "--fail-under", "50")
    assert failing.exit_code == 1
    assert "below 50%: blood [es] at 0.0%" in failing.stderr
    assert run(project, "status", "--fail-under", "0").exit_code == 0


def test_status_counts_a_missing_catalog_as_zero(project: Path, run: Run) -> None:
    run(project, "init", "es")
    (project / PO).unlink()
    result = run(project, "status", "--format", "json", "--leaflet", "blood")
    (row,) = json.loads(result.stdout)["catalogs"]
    assert (row["percent"], row["untranslated"], row["total"]) == (0.0, 9, 9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--locale", "de"), "no catalogs for locale 'de'"),
        (("status", "--leaflet", "nope"), "no leaflet named 'nope'"),
        (("status", "--leaflet", "../x"), "invalid leaflet name"),
        (("status", "--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_status_usage_errors(project: Path, run: Run, args: tuple[str, ...], message: str) -> None:
    run(project, "init", "es")
    result = run(project, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_locale_folder_with_a_bad_name_is_an_error(tmp_path: Path, run: Run) -> None:
    project = make_project(
        tmp_path,
        {"source/a.md": "---\ntitle: T\nupdated: 2020-01-01\n---\n", "locales/xx-bad/x": ""},
    )
    result = run(project, "update")
    assert result.exit_code == 2
    assert result.stderr.startswith("locales/xx-bad: error: invalid locale code")
