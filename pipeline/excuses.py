"""Excuse comments: `# leaflet: ignore <code> — <reason>` in a PO entry's translator comments.

An excuse keeps a finding in the report with `excused=<reason>` (see `checks`). Which codes can
be excused is the registry's business (`checks.EXCUSABLE`), so callers pass them in: `checks`
imports this parser for its `bad-excuse` check, and this module imports nothing of `checks`.
"""

from __future__ import annotations

import re
from collections.abc import Set

from .model import PoEntry

IGNORE_PREFIX = "leaflet: ignore "

_CODE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_IGNORE = re.compile(r"\s*leaflet:\s*ignore\b\s*(?P<rest>.*)\Z", re.DOTALL)
_EXCUSE = re.compile(
    rf"(?P<codes>{_CODE}(?:\s*,\s*{_CODE})*)(?:\s*(?:—|--|-|:)\s*(?P<reason>.*?))?\s*\Z",
    re.DOTALL,
)


def parse_excuses(entry: PoEntry | None, excusable: Set[str]) -> tuple[dict[str, str], list[str]]:
    """The codes a PO entry's translator comments excuse, with reasons, and problems found."""
    excuses: dict[str, str] = {}
    problems: list[str] = []
    for comment in entry.translator_comments if entry is not None else ():
        ignore = _IGNORE.match(comment)
        if ignore is None:
            continue
        match = _EXCUSE.match(ignore.group("rest"))
        if match is None:
            problems.append(f"cannot read {comment!r}: write '# {IGNORE_PREFIX}<code> — <reason>'")
            continue
        reason = (match.group("reason") or "").strip()
        for code in (c.strip() for c in match.group("codes").split(",")):
            if code not in excusable:
                problems.append(f"{comment!r}: there is no check {code!r} to ignore")
            elif not reason:
                problems.append(
                    f"{comment!r}: a reason is required: '# {IGNORE_PREFIX}{code} — <why>'"
                )
            else:
                excuses[code] = reason
    return excuses, problems
