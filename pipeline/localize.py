"""The publish policy: which translations a page may show, and whether the page may exist.

Safety rules 1 and 2: a fuzzy, untranslated or obsolete entry, or one with an unexcused
error-level diagnostic, is never shown. A page is published only when nothing is missing,
unless the caller opts in to English fallbacks; critical segments and catalog-level errors
block publication even then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import (
    Catalog,
    Diagnostic,
    PageStatus,
    Piece,
    PoEntry,
    Segment,
    Severity,
)

# Codes that say "no usable translation"; reported as counts rather than as check failures.
_MISSING_CODES = frozenset({"untranslated", "fuzzy"})


def blocking(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity is Severity.ERROR and diagnostic.excused is None


@dataclass(frozen=True, slots=True)
class Decision:
    """What may be published of one leaflet (or UI catalog) in one locale."""

    status: PageStatus
    pieces: tuple[tuple[tuple[str | None, str], Piece], ...]
    reasons: tuple[str, ...]

    @property
    def incomplete(self) -> bool:
        return any(piece.fallback for _key, piece in self.pieces)

    @property
    def usable(self) -> dict[tuple[str | None, str], str]:
        return {key: p.text for key, p in self.pieces if not p.fallback}


def _usable_entries(
    translation: Catalog | None, diagnostics: Iterable[Diagnostic]
) -> dict[tuple[str | None, str], PoEntry]:
    if translation is None:
        return {}
    rejected = {(d.msgid, d.code) for d in diagnostics if blocking(d) and d.msgid is not None}
    rejected_ids = {msgid for msgid, _code in rejected}
    return {
        entry.key: entry
        for entry in translation.messages
        if entry.translated and entry.msgid not in rejected_ids
    }


def decide(
    segments: Sequence[Segment],
    translation: Catalog | None,
    diagnostics: Sequence[Diagnostic],
    *,
    allow_incomplete: bool,
    label: str = "",
) -> Decision:
    """Apply the publish gate to one catalog; `label` prefixes reasons (e.g. "ui: ")."""
    usable = _usable_entries(translation, diagnostics)
    pieces: list[tuple[tuple[str | None, str], Piece]] = []
    missing = Counter[str]()
    critical_missing = 0
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        entry = usable.get(key)
        if entry is not None:
            pieces.append((key, Piece(entry.msgstr)))
            continue
        pieces.append((key, Piece(segment.msgid, fallback=True)))
        missing["missing"] += 1
        critical_missing += segment.critical
    for diagnostic in diagnostics:
        if blocking(diagnostic) and diagnostic.code in _MISSING_CODES:
            missing[diagnostic.code] += 1
    failed = sorted(
        {d.code for d in diagnostics if blocking(d) and d.code not in _MISSING_CODES}
    )
    catalog_errors = [d for d in diagnostics if blocking(d) and d.msgid is None]
    reasons: list[str] = []
    if missing["missing"]:
        detail = ", ".join(f"{missing[c]} {c}" for c in ("untranslated", "fuzzy") if missing[c])
        reasons.append(
            f"{label}{missing['missing']} of {len(segments)} segments not usable"
            + (f" ({detail})" if detail else "")
        )
    if failed:
        reasons.append(f"{label}failed checks: {', '.join(failed)}")
    if critical_missing:
        reasons.append(f"{label}{critical_missing} critical segments not translated")
    if not reasons:
        status = PageStatus.PUBLISHED
    elif allow_incomplete and not critical_missing and not catalog_errors:
        status = PageStatus.INCOMPLETE
    else:
        status = PageStatus.SKIPPED
    return Decision(status=status, pieces=tuple(pieces), reasons=tuple(reasons))


def combine(page: Decision, ui: Decision) -> PageStatus:
    """A page and its UI strings: the weaker of the two statuses wins."""
    order = [PageStatus.PUBLISHED, PageStatus.INCOMPLETE, PageStatus.SKIPPED]
    return max(page.status, ui.status, key=order.index)
