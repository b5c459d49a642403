"""The words of the page templates, translated through `locales/ui.pot` like any leaflet."""

from __future__ import annotations

import datetime as dt

from .model import BlockKind, Segment

# Bump when UI_STRINGS changes: it becomes ui.pot's POT-Creation-Date.
UI_STRINGS_UPDATED = dt.date(2026, 11, 26)

# (msgid, note for translators). `{name}` fields are filled in by the renderer.
UI_STRINGS: tuple[tuple[str, str], ...] = (
    ("Other languages", "heading of the language switcher"),
    ("Skip to the leaflet", "link for keyboard and screen reader users"),
    ("References", "heading of the numbered list of links at the end of the text version"),
    (
        "Parts of this leaflet have not been translated yet. They are shown in English.",
        "notice at the top of an incomplete translation",
    ),
    ("English version of {date}", "footer; {date} is the date of the English original"),
    (
        "Translated from the English version of {date}.",
        "footer of a translation; {date} is the date of the English original",
    ),
    ("Patient leaflets", "title of the index page"),
    ("Leaflet", "index table column"),
    ("Language", "index table column"),
    ("Status", "index table column"),
    ("Published", "index status"),
    ("Published with parts in English", "index status"),
    ("Not published", "index status"),
    ("Page {page} of {pages}", "printed page footer"),
)


def ui_segments() -> tuple[Segment, ...]:
    return tuple(
        Segment(
            msgid=msgid,
            msgctxt=None,
            kind=BlockKind.UI,
            locations=(),
            notes=(note,),
        )
        for msgid, note in UI_STRINGS
    )
