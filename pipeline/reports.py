"""Machine-readable shapes of results: JSON objects shared by `status`, `check` and `build`."""

from __future__ import annotations

from typing import Any

from .model import Completeness, Diagnostic


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
