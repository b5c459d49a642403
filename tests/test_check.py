"""`leaflet check`: golden reports in every format, their structure, and the exit codes."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.catalogs import catalog_text, read_catalog
from pipeline.model import Catalog

from .conftest import Run

REGENERATE = os.environ.get("LEAFLET_REGENERATE") == "1"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden" / "check"
FORMATS = {"text": "txt", "json": "json", "junit": "xml", "sarif": "sarif", "github": "github",
           "markdown": "md"}  # fmt: skip

SPANISH = {
    "Blood test": "Análisis de sangre",
    "What happens when we take a blood sample.": "Qué pasa cuando tomamos una muestra de sangre.",
    "Before the test": "Antes del análisis",
    "Do not eat for 8 hours before the test.": "No coma durante 8 horas antes del análisis.",
    "Drink water as usual.": "Beba agua como de costumbre.",
    "Bring your *appointment letter*.": "Traiga su *carta de cita*.",
    "Questions": "Preguntas",
    "Call {clinic_phone} if the arm swells or bleeds.":
        "Llame al {clinic_phone} si el brazo se hincha o sangra.",
    "See [our website](https://example.org/blood) for more.":
        "Vea [nuestro sitio web](https://example.org/blood) para más información.",
}  # fmt: skip


def write_translation(
    project: Path, locale: str, domain: str, mapping: dict[str, str], comments: dict[str, str]
) -> None:
    path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
    catalog = read_catalog(path, shown=str(path))
    entries = []
    for entry in catalog.entries:
        if entry.msgid in mapping:
            entry = replace(entry, msgstr=mapping[entry.msgid])
        elif entry.msgid and domain == "ui":
            entry = replace(entry, msgstr=f"ES {entry.msgid}")
        if entry.msgid in comments:
            entry = replace(entry, translator_comments=(comments[entry.msgid],))
        entries.append(entry)
    path.write_text(catalog_text(Catalog(tuple(entries))), encoding="utf-8")


@pytest.fixture
def clean(project: Path, run: Run) -> Path:
    assert run(project, "init", "es").exit_code == 0
    write_translation(project, "es", "blood", SPANISH, {})
    write_translation(project, "es", "ui", {}, {})
    return project


@pytest.fixture
def flawed(clean: Path) -> Path:
    """Every kind of finding once: errors, a warning, an excused one, an untranslated one."""
    mapping = dict(SPANISH)
    mapping["Do not eat for 8 hours before the test."] = "No coma durante 6 horas."
    mapping["See [our website](https://example.org/blood) for more."] = (
        "Vea [el sitio](javascript:alert(1))."
    )
    mapping["Questions"] = ""
    mapping["Drink water as usual."] = "Drink water as usual."
    write_translation(
        clean,
        "es",
        "blood",
        mapping,
        {"Drink water as usual.": "leaflet: ignore unchanged — kept in English on the sign"},
    )
    return clean


def test_clean_project_exits_0(clean: Path, run: Run) -> None:
    result = run(clean, "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings, 0 notes in 2 catalogs" in result.stdout


def test_incomplete_project_exits_3(clean: Path, run: Run) -> None:
    write_translation(clean, "es", "blood", {"Questions": ""}, {})
    result = run(clean, "check")
    assert result.exit_code == 3
    assert "below 100%: blood [es] at 88.9%" in result.stderr
    assert run(clean, "check", "--fail-under", "80").exit_code == 0


def test_errors_exit_1(flawed: Path, run: Run) -> None:
    result = run(flawed, "check")
    assert result.exit_code == 1


def test_malformed_catalog_exits_2(clean: Path, run: Run) -> None:
    po = clean / "locales/es/LC_MESSAGES/blood.po"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    result = run(clean, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("locales/es/LC_MESSAGES/blood.po:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_report_matches_golden(flawed: Path, run: Run, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{FORMATS[fmt]}"
    result = run(flawed, "check", "--format", fmt, "--output", str(out))
    assert result.exit_code == 1
    assert f"report written: {out}" in result.stdout
    golden = GOLDEN / f"report.{FORMATS[fmt]}"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, golden)
    assert out.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_text_report_names_each_problem_and_source(flawed: Path, run: Run) -> None:
    out = run(flawed, "check").stdout
    assert "numbers differ" in out
    assert "[links]" in out and "javascript" in out
    assert "[untranslated]" in out
    assert "excused: kept in English on the sign" in out
    assert "English: source/blood.md:12" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_json_report_schema(flawed: Path, run: Run) -> None:
    data = json.loads(run(flawed, "check", "--format", "json").stdout)
    assert data["schema"] == "leaflet-check/1"
    assert set(data["summary"]) == {"errors", "warnings", "info", "catalogs", "fail_under"}
    codes = sorted(d["code"] for d in data["diagnostics"])
    assert codes == ["links", "links", "numbers", "unchanged", "untranslated"]
    numbers = next(d for d in data["diagnostics"] if d["code"] == "numbers")
    assert numbers["file"] == "locales/es/LC_MESSAGES/blood.po"
    assert numbers["severity"] == "error" and numbers["line"] > 0
    assert (numbers["source_file"], numbers["source_line"]) == ("source/blood.md", 12)
    blood = next(c for c in data["catalogs"] if c["domain"] == "blood")
    assert (blood["critical"], blood["critical_translated"]) == (1, 1)


def test_junit_report_structure(flawed: Path, run: Run) -> None:
    root = ET.fromstring(run(flawed, "check", "--format", "junit").stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "es"
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "0")) == len(cases) > 0
    failed = sorted(c.get("name", "") for c in cases if c.find("failure") is not None)
    assert failed == ["blood: links", "blood: numbers"]
    assert int(suite.get("failures", "0")) == 2


def test_sarif_report_structure(flawed: Path, run: Run) -> None:
    sarif = json.loads(run(flawed, "check", "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    (the_run,) = sarif["runs"]
    rules = [r["id"] for r in the_run["tool"]["driver"]["rules"]]
    assert {"numbers", "links", "placeholders", "untranslated"} <= set(rules)
    for result in the_run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "locales/es/LC_MESSAGES/blood.po"
        assert location["region"]["startLine"] > 0
    excused = [r for r in the_run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in excused] == ["unchanged"]


def test_github_commands(flawed: Path, run: Run) -> None:
    lines = run(flawed, "check", "--format", "github").stdout.splitlines()
    assert len(lines) == 5
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    numbers = next(line for line in lines if "numbers" in line)
    assert numbers.startswith("::error file=locales/es/LC_MESSAGES/blood.po,line=")


def test_markdown_summary(flawed: Path, run: Run) -> None:
    out = run(flawed, "check", "--format", "markdown").stdout
    assert out.startswith("## Translation check\n")
    assert "| blood | es | 88.9% |" in out


def test_severity_override_and_unknown_check(flawed: Path, run: Run) -> None:
    pyproject = flawed / "pyproject.toml"
    base = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        base + '\n[tool.leaflet.checks]\nnumbers = "warning"\nlinks = "off"\n', encoding="utf-8"
    )
    result = run(flawed, "check")
    assert result.exit_code == 3  # nothing at error level, but incomplete
    assert "[links]" not in result.stdout
    pyproject.write_text(base + '\n[tool.leaflet.checks]\nnumbrs = "warning"\n', encoding="utf-8")
    bad = run(flawed, "check")
    assert bad.exit_code == 2
    assert "unknown check 'numbrs'" in bad.stderr


def test_build_gate_uses_the_checks(flawed: Path, run: Run) -> None:
    write_translation(flawed, "es", "blood", {"Questions": "Preguntas"}, {})
    result = run(flawed, "build")
    assert result.exit_code == 0
    assert "skipped: blood [es]" in result.stderr
    assert "failed checks: links, numbers" in result.stderr
