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


_NONE: frozenset[str] = frozenset()


def _entries(translation: Catalog | None) -> dict[tuple[str | None, str], PoEntry]:
    """`{e.key: e for e in translation.messages}`, without making `messages`."""
    if translation is None:
        return {}
    return {
        (e.msgctxt, e.msgid): e
        for e in translation.entries
        if e.msgid or e.msgctxt is not None or e.obsolete  # not the header
    }


def _usable(entry: PoEntry) -> bool:
    """`entry.translated`, answered without the property calls for a usual entry."""
    if entry.msgid_plural is None and entry.msgstr and not entry.obsolete:
        return "fuzzy" not in entry.flags
    return entry.translated


def decide(
    segments: Sequence[Segment],
    translation: Catalog | None,
    diagnostics: Sequence[Diagnostic],
    *,
    allow_incomplete: bool,
    label: str = "",
) -> Decision:
    """Apply the publish gate to one catalog; `label` prefixes reasons (e.g. "ui: ")."""
    entries = _entries(translation)
    rejected = _rejected(diagnostics)
    pieces: list[tuple[tuple[str | None, str], Piece]] = []
    missing = Counter[str]()
    failed: set[str] = set()
    critical_missing = 0
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        entry = entries.get(key)
        codes = rejected.get(segment.msgid, _NONE) if rejected else _NONE
        if entry is not None and not codes and _usable(entry):
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
