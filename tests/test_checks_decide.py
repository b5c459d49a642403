"""`localize.decide` against a plain reference of the publish gate, on random catalogs."""

from __future__ import annotations

import random
from collections import Counter

from pipeline.localize import Decision, decide
from pipeline.model import (
    BlockKind,
    Catalog,
    Diagnostic,
    Location,
    PageStatus,
    Piece,
    PoEntry,
    Segment,
    Severity,
)

MSGIDS = ("", "a", "b", "c", "d", "e")
CODES = ("untranslated", "fuzzy", "numbers", "markup", "header")


def _reference(
    segments: list[Segment],
    translation: Catalog | None,
    diagnostics: list[Diagnostic],
    allow_incomplete: bool,
) -> Decision:
    """The gate as written before its quick paths: every property, every set."""
    entries = {e.key: e for e in translation.messages} if translation is not None else {}
    rejected: dict[str, set[str]] = {}
    for d in diagnostics:
        if d.severity is Severity.ERROR and d.excused is None and d.msgid is not None:
            rejected.setdefault(d.msgid, set()).add(d.code)
    pieces = []
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
    errors = [
        d for d in diagnostics if d.severity is Severity.ERROR and d.excused is None and not d.msgid
    ]
    failed.update(d.code for d in errors if d.msgid is None)
    reasons = []
    if missing:
        detail = ", ".join(f"{missing[c]} {c}" for c in sorted(missing))
        reasons.append(f"{sum(missing.values())} of {len(segments)} segments not usable ({detail})")
    if failed:
        reasons.append(f"failed checks: {', '.join(sorted(failed))}")
    if critical_missing:
        reasons.append(f"{critical_missing} critical segments not usable")
    blocked = any(d.msgid is None for d in errors)
    if not reasons:
        status = PageStatus.PUBLISHED
    elif allow_incomplete and not critical_missing and not blocked:
        status = PageStatus.INCOMPLETE
    else:
        status = PageStatus.SKIPPED
    return Decision(status, tuple(pieces), tuple(reasons))


def _entry(rng: random.Random) -> PoEntry:
    plural = rng.random() < 0.15
    return PoEntry(
        msgid=rng.choice(MSGIDS),
        msgctxt=rng.choice((None, None, None, "x")),
        msgstr=rng.choice(("", "T", "U")),
        msgid_plural="p" if plural else None,
        msgstr_plural=tuple(rng.choice(("", "T")) for _ in range(rng.randint(0, 2)))
        if plural
        else (),
        flags=rng.choice(((), (), ("fuzzy",), ("c-format",), ("c-format", "fuzzy"))),
        obsolete=rng.random() < 0.1,
    )


def _diagnostic(rng: random.Random) -> Diagnostic:
    return Diagnostic(
        code=rng.choice(CODES),
        severity=rng.choice((Severity.ERROR, Severity.ERROR, Severity.WARNING)),
        message="m",
        location=Location("x.po"),
        msgid=rng.choice((*MSGIDS, None)),
        excused=rng.choice((None, None, "why")),
    )


def test_decide_matches_the_reference() -> None:
    rng = random.Random(5)
    published = shown = 0
    for _ in range(5000):
        segments = [
            Segment(
                msgid=rng.choice(MSGIDS[1:]),
                msgctxt=rng.choice((None, None, "x")),
                kind=BlockKind.PARAGRAPH,
                locations=(),
                critical=rng.random() < 0.1,
            )
            for _ in range(rng.randint(0, 6))
        ]
        entries = tuple(_entry(rng) for _ in range(rng.randint(0, 8)))
        translation = None if rng.random() < 0.05 else Catalog(entries)
        diagnostics = [_diagnostic(rng) for _ in range(rng.choice((0, 0, 1, 3)))]
        allow = rng.random() < 0.5
        expected = _reference(segments, translation, diagnostics, allow)
        assert decide(segments, translation, diagnostics, allow_incomplete=allow) == expected
        published += expected.status is PageStatus.PUBLISHED and bool(segments)
        shown += sum(not piece.fallback for _key, piece in expected.pieces)
    assert published > 50 and shown > 1000
