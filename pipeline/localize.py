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
    Segment,
    Severity,
)


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


def _rejected(diagnostics: Iterable[Diagnostic]) -> dict[str, set[str]]:
    """msgid → codes of the unexcused errors that make its translation unusable."""
    rejected: dict[str, set[str]] = {}
    for d in diagnostics:
        if blocking(d) and d.msgid is not None:
            rejected.setdefault(d.msgid, set()).add(d.code)
    return rejected


def decide(
    segments: Sequence[Segment],
    translation: Catalog | None,
    diagnostics: Sequence[Diagnostic],
    *,
    allow_incomplete: bool,
    label: str = "",
) -> Decision:
    """Apply the publish gate to one catalog; `label` prefixes reasons (e.g. "ui: ")."""
    entries = {e.key: e for e in translation.messages} if translation is not None else {}
    rejected = _rejected(diagnostics)
    pieces: list[tuple[tuple[str | None, str], Piece]] = []
    missing = Counter[str]()
    failed: set[str] = set()
    critical_missing = 0
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        entry = entries.get(key)
        codes = rejected.get(segment.msgid, set())
        if entry is not None and entry.translated and not codes:
            pieces.append((key, Piece(entry.msgstr)))
            continue
        pieces.append((key, Piece(segment.msgid, fallback=True)))
        if entry is not None and entry.fuzzy:
            missing["fuzzy"] += 1
        elif entry is None or not entry.translated:
            missing["untranslated"] += 1
        else:
            missing["failing checks"] += 1
        failed.update(codes - {"untranslated", "fuzzy"})
        critical_missing += segment.critical
    catalog_errors = [d for d in diagnostics if blocking(d) and d.msgid is None]
    failed.update(d.code for d in catalog_errors)
    reasons: list[str] = []
    if missing:
        detail = ", ".join(f"{missing[c]} {c}" for c in sorted(missing))
        reasons.append(
            f"{label}{sum(missing.values())} of {len(segments)} segments not usable ({detail})"
        )
    if failed:
        reasons.append(f"{label}failed checks: {', '.join(sorted(failed))}")
    if critical_missing:
        reasons.append(f"{label}{critical_missing} critical segments not usable")
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
