"""Machine-readable shapes of results: JSON objects shared by `status`, `check` and `build`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from .model import Completeness, Diagnostic, Severity


def completeness_json(row: Completeness) -> dict[str, Any]:
    return {
        "domain": row.domain,
        "locale": row.locale,
        "total": row.total,
        "translated": row.translated,
        "fuzzy": row.fuzzy,
        "untranslated": row.untranslated,
        "obsolete": row.obsolete,
        "percent": row.percent,
        "words": row.words,
        "words_translated": row.words_translated,
        "critical": row.critical,
        "critical_translated": row.critical_translated,
    }


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "domain": diagnostic.domain,
        "locale": diagnostic.locale,
        "file": diagnostic.location.path,
        "line": diagnostic.location.line,
        "source_file": diagnostic.source.path if diagnostic.source else None,
        "source_line": diagnostic.source.line if diagnostic.source else None,
        "msgid": diagnostic.msgid,
        "excused": diagnostic.excused,
    }


# --- `leaflet check` report formats. Each takes the same data and returns text. ---


@dataclass(frozen=True, slots=True)
class Rule:
    """A check as reports describe it."""

    code: str
    severity: Severity
    doc: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    catalogs: tuple[Completeness, ...]
    diagnostics: tuple[Diagnostic, ...]
    rules: tuple[Rule, ...]
    po_paths: tuple[tuple[str, str, str], ...] = ()  # (domain, locale, path)
    fail_under: float = 100.0

    def counts(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity and d.excused is None)

    def path_of(self, domain: str, locale: str) -> str:
        for d, loc, path in self.po_paths:
            if (d, loc) == (domain, locale):
                return path
        return ""


def _counts_by_catalog(report: CheckReport) -> dict[tuple[str, str], Counter[str]]:
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for d in report.diagnostics:
        counts[(d.domain, d.locale)][d.severity.value if d.excused is None else "excused"] += 1
    return counts


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


_ANSI = {"error": "\x1b[31;1m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def format_text(report: CheckReport, *, color: bool = False) -> str:
    lines: list[str] = []
    by_catalog: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_catalog[(d.domain, d.locale)].append(d)
    for (domain, locale), diagnostics in sorted(by_catalog.items()):
        lines.append(f"{domain} [{locale}]")
        for d in diagnostics:
            label = d.severity.value
            if color:
                label = f"{_ANSI[label]}{label}\x1b[0m"
            excused = f" (excused: {d.excused})" if d.excused is not None else ""
            lines.append(f"  {d.location}: {label}: {d.message} [{d.code}]{excused}")
            if d.source is not None:
                lines.append(f"    English: {d.source}")
        lines.append("")
    counts = _counts_by_catalog(report)
    header = ("catalog", "locale", "percent", "critical", "errors", "warnings", "info")
    rows = [header]
    for c in report.catalogs:
        n = counts[(c.domain, c.locale)]
        rows.append(
            (
                c.domain,
                c.locale,
                f"{c.percent:.1f}%",
                f"{c.critical_translated}/{c.critical}",
                str(n["error"]),
                str(n["warning"]),
                str(n["info"]),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    lines.append(
        ", ".join(
            _plural(report.counts(severity), noun)
            for severity, noun in (
                (Severity.ERROR, "error"),
                (Severity.WARNING, "warning"),
                (Severity.INFO, "note"),
            )
        )
        + f" in {_plural(len(report.catalogs), 'catalog')}"
    )
    return "\n".join(lines) + "\n"


def format_json(report: CheckReport) -> str:
    payload = {
        "schema": "leaflet-check/1",
        "summary": {
            "errors": report.counts(Severity.ERROR),
            "warnings": report.counts(Severity.WARNING),
            "info": report.counts(Severity.INFO),
            "catalogs": len(report.catalogs),
            "fail_under": report.fail_under,
        },
        "catalogs": [
            {**completeness_json(c), "file": report.path_of(c.domain, c.locale)}
            for c in report.catalogs
        ],
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def format_junit(report: CheckReport) -> str:
    """One test suite per locale, one test case per leaflet × check."""
    suites = ET.Element("testsuites", name="leaflet check")
    by_locale: dict[str, list[Completeness]] = defaultdict(list)
    for c in report.catalogs:
        by_locale[c.locale].append(c)
    index: dict[tuple[str, str, str], list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        index[(d.locale, d.domain, d.code)].append(d)
    total_tests = total_failures = 0
    for locale in sorted(by_locale):
        suite = ET.SubElement(suites, "testsuite", name=locale)
        tests = failures = 0
        for catalog in by_locale[locale]:
            for rule in report.rules:
                tests += 1
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{locale}.{catalog.domain}",
                    name=f"{catalog.domain}: {rule.code}",
                    file=report.path_of(catalog.domain, locale),
                )
                found = index.get((locale, catalog.domain, rule.code), [])
                errors = [d for d in found if d.severity is Severity.ERROR and d.excused is None]
                if errors:
                    failures += 1
                    failure = ET.SubElement(
                        case,
                        "failure",
                        message=f"{len(errors)} × {rule.code}: {errors[0].message}",
                        type=rule.code,
                    )
                    failure.text = "\n".join(f"{d.location}: error: {d.message}" for d in errors)
                others = [d for d in found if d not in errors]
                if others:
                    out = ET.SubElement(case, "system-out")
                    out.text = "\n".join(
                        f"{d.location}: {d.severity.value}: {d.message}"
                        + (f" (excused: {d.excused})" if d.excused else "")
                        for d in others
                    )
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += tests
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(report: CheckReport, *, version: str) -> str:
    rules = [
        {
            "id": rule.code,
            "name": rule.code,
            "shortDescription": {"text": rule.doc},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in report.rules
    ]
    rule_index = {rule.code: i for i, rule in enumerate(report.rules)}
    results = []
    for d in report.diagnostics:
        region = {"startLine": d.location.line} if d.location.line else {}
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.location.path},
                        **({"region": region} if region else {}),
                    }
                }
            ],
        }
        if d.code in rule_index:
            result["ruleIndex"] = rule_index[d.code]
        if d.source is not None:
            source_region = {"startLine": d.source.line} if d.source.line else {}
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "message": {"text": "English source"},
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.source.path},
                        **({"region": source_region} if source_region else {}),
                    },
                }
            ]
        if d.excused is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": d.excused}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "leaflet", "version": version, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands, one per diagnostic (excused ones as notices)."""
    lines = []
    for d in report.diagnostics:
        command = "notice" if d.excused is not None else _GH_COMMAND[d.severity]
        props = [f"file={_gh_escape(d.location.path, prop=True)}"]
        if d.location.line:
            props.append(f"line={d.location.line}")
        props.append(f"title={_gh_escape(f'leaflet {d.code}', prop=True)}")
        message = d.message + (f" (excused: {d.excused})" if d.excused else "")
        lines.append(f"::{command} {','.join(props)}::{_gh_escape(message)}")
    return "".join(line + "\n" for line in lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: CheckReport) -> str:
    """A summary for a CI job summary or a pull-request comment."""
    counts = _counts_by_catalog(report)
    errors = report.counts(Severity.ERROR)
    verdict = "✅ no errors" if errors == 0 else f"❌ {_plural(errors, 'error')}"
    lines = [
        "## Translation check",
        "",
        f"{verdict}, {_plural(report.counts(Severity.WARNING), 'warning')} "
        f"in {_plural(len(report.catalogs), 'catalog')}.",
        "",
        "| Catalog | Locale | Translated | Fuzzy | Untranslated | Critical | Errors | Warnings |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in report.catalogs:
        n = counts[(c.domain, c.locale)]
        lines.append(
            f"| {_md_cell(c.domain)} | {_md_cell(c.locale)} | {c.percent:.1f}% | {c.fuzzy} "
            f"| {c.untranslated} | {c.critical_translated}/{c.critical} "
            f"| {n['error']} | {n['warning']} |"
        )
    problems = [d for d in report.diagnostics if d.severity is Severity.ERROR and not d.excused]
    if problems:
        lines += ["", "### Errors", "", "| Where | Check | Message |", "|---|---|---|"]
        for d in problems:
            lines.append(f"| `{_md_cell(str(d.location))}` | {d.code} | {_md_cell(d.message)} |")
    return "\n".join(lines) + "\n"
