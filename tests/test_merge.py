"""`merge_catalog` against the real `msgmerge --previous` (GNU gettext) on the same files.

The PO text is turned into `Catalog`s with polib here, in the test only, so that the merge is
checked independently of the project's own PO reader.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

from pipeline import fuzzy_search
from pipeline.merge import merge_catalog
from pipeline.model import Catalog, EntryStatus, PoEntry

needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs msgmerge")

HEADER = """\
# Spanish translation of a leaflet.
msgid ""
msgstr ""
"Project-Id-Version: leaflet 1.0\\n"
"Report-Msgid-Bugs-To: old@example.org\\n"
"POT-Creation-Date: 2024-01-01 00:00+0000\\n"
"PO-Revision-Date: 2024-02-01 00:00+0000\\n"
"Last-Translator: Ana <ana@example.org>\\n"
"Language-Team: Spanish\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"
"X-Generator: hand\\n"

"""

POT_HEADER = """\
# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: leaflet\\n"
"Report-Msgid-Bugs-To: new@example.org\\n"
"POT-Creation-Date: 2025-05-05 12:00+0000\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""


# --- Turning PO text into Catalogs (polib), and a comparable view of a catalog. ---


def _entry(e: polib.POEntry) -> PoEntry:
    plural = e.msgid_plural or None
    return PoEntry(
        msgid=e.msgid,
        msgstr="" if plural else e.msgstr,
        msgctxt=e.msgctxt,
        msgid_plural=plural,
        msgstr_plural=tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if plural else (),
        translator_comments=tuple(e.tcomment.split("\n")) if e.tcomment else (),
        extracted_comments=tuple(e.comment.split("\n")) if e.comment else (),
        references=tuple(f"{f}:{n}" if n else f for f, n in e.occurrences),
        flags=tuple(e.flags),
        previous_msgctxt=e.previous_msgctxt,
        previous_msgid=e.previous_msgid,
        previous_msgid_plural=e.previous_msgid_plural,
        obsolete=bool(e.obsolete),
    )


def parse(text: str) -> Catalog:
    po = polib.pofile(text)
    entries: list[PoEntry] = []
    if po.metadata or po.header:
        entries.append(
            PoEntry(
                msgid="",
                msgstr="".join(f"{k}: {v}\n" for k, v in po.metadata.items()),
                translator_comments=tuple(po.header.split("\n")) if po.header else (),
                flags=("fuzzy",) if po.metadata_is_fuzzy else (),
            )
        )
    entries.extend(_entry(e) for e in po)
    return Catalog(entries=tuple(entries))


def status(entry: PoEntry) -> EntryStatus:
    if entry.obsolete:
        return EntryStatus.OBSOLETE
    if entry.fuzzy:
        return EntryStatus.FUZZY
    return EntryStatus.TRANSLATED if entry.translated else EntryStatus.UNTRANSLATED


Row = tuple[object, ...]


def view(catalog: Catalog) -> list[Row]:
    """Everything msgmerge decides, entry by entry, in file order."""
    rows: list[Row] = [("header", list(catalog.header_fields().items()))]
    for e in catalog.messages:
        if e.obsolete:  # polib does not read "#~|" lines; see test_obsolete_keeps_previous
            e = dataclasses.replace(
                e, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None
            )
        rows.append(
            (
                e.msgctxt,
                e.msgid,
                e.msgid_plural,
                status(e).value,
                e.msgstr,
                e.msgstr_plural,
                e.previous_msgctxt,
                e.previous_msgid,
                e.previous_msgid_plural,
                e.translator_comments,
                e.extracted_comments,
                e.references,
                tuple(sorted(e.flags)),
            )
        )
    return rows


def msgmerge(tmp_path: Path, old: str, new: str) -> Catalog:
    (tmp_path / "old.po").write_text(old, encoding="utf-8")
    (tmp_path / "new.pot").write_text(new, encoding="utf-8")
    subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", "out.po", "old.po", "new.pot"],
        cwd=tmp_path,
        check=True,
    )
    return parse((tmp_path / "out.po").read_text(encoding="utf-8"))


def merged(old: str, new: str) -> Catalog:
    return merge_catalog(parse(new), parse(old))


def by_msgid(catalog: Catalog) -> dict[tuple[str | None, str, bool], PoEntry]:
    return {(e.msgctxt, e.msgid, e.obsolete): e for e in catalog.messages}


# --- Scenarios: PO bodies after the headers above, and what must come out. ---

# (name, old body, template body, {msgid: (status, msgstr, previous msgid)})
Expect = dict[str, tuple[str, str, str | None]]
SCENARIOS: list[tuple[str, str, str, Expect]] = [
    (
        "unchanged",
        '# keep me\n#. old note\n#: old.md:1\n#, c-format\nmsgid "Wash your hands."\n'
        'msgstr "Lávese las manos."\n',
        '#. new note\n#: source/a.md:3\nmsgid "Wash your hands."\nmsgstr ""\n',
        {"Wash your hands.": ("translated", "Lávese las manos.", None)},
    ),
    (
        "small edit becomes fuzzy with previous",
        'msgid "Take two tablets every day with food."\nmsgstr "Tome dos comprimidos."\n',
        'msgid "Take three tablets every day with food."\nmsgstr ""\n',
        {
            "Take three tablets every day with food.": (
                "fuzzy",
                "Tome dos comprimidos.",
                "Take two tablets every day with food.",
            )
        },
    ),
    (
        "big rewrite: untranslated, old one obsolete",
        'msgid "Rest for a day after the test."\nmsgstr "Descanse un día."\n',
        'msgid "You may feel cramps like a period."\nmsgstr ""\n',
        {
            "You may feel cramps like a period.": ("untranslated", "", None),
            "Rest for a day after the test.": ("obsolete", "Descanse un día.", None),
        },
    ),
    (
        "removed entries: translated ones kept obsolete, untranslated ones dropped",
        'msgid "Bring your card."\nmsgstr "Traiga su tarjeta."\n\n'
        '# a note\nmsgid "Bring a friend."\nmsgstr ""\n\n'
        '#, fuzzy\n#| msgid "Bring snacks"\nmsgid "Bring snacks."\nmsgstr "Traiga comida."\n',
        'msgid "Arrive early."\nmsgstr ""\n',
        {
            "Bring your card.": ("obsolete", "Traiga su tarjeta.", None),
            "Bring snacks.": ("obsolete", "Traiga comida.", "Bring snacks"),
            "Arrive early.": ("untranslated", "", None),
        },
    ),
    (
        "entry moved keeps its translation, template order wins",
        'msgid "First paragraph here."\nmsgstr "Primero."\n\n'
        'msgid "Second paragraph here."\nmsgstr "Segundo."\n',
        'msgid "Second paragraph here."\nmsgstr ""\n\nmsgid "First paragraph here."\nmsgstr ""\n',
        {
            "First paragraph here.": ("translated", "Primero.", None),
            "Second paragraph here.": ("translated", "Segundo.", None),
        },
    ),
    (
        "same msgid in several contexts",
        'msgctxt "button"\nmsgid "Open"\nmsgstr "Abrir"\n\n'
        'msgctxt "menu"\nmsgid "Close the window"\nmsgstr "Cerrar ventana"\n\n'
        'msgid "Close the windows"\nmsgstr "Cerrar ventanas"\n',
        'msgctxt "verb"\nmsgid "Open"\nmsgstr ""\n\n'
        'msgctxt "button"\nmsgid "Open"\nmsgstr ""\n\n'
        'msgctxt "menu"\nmsgid "Close the window!"\nmsgstr ""\n\n'
        'msgid "Close the window!"\nmsgstr ""\n',
        {"Close the windows": ("obsolete", "Cerrar ventanas", None)},
    ),
    (
        "plural entries",
        'msgid "one tablet"\nmsgid_plural "%d tablets"\n'
        'msgstr[0] "A0"\nmsgstr[1] "A1"\nmsgstr[2] "A2"\n\n'
        'msgid "one capsule"\nmsgstr "B"\n\n'
        'msgid "one dose"\nmsgid_plural "%d doses"\n'
        'msgstr[0] "C0"\nmsgstr[1] "C1"\nmsgstr[2] "C2"\n\n'
        'msgid "one injection a day"\nmsgid_plural "%d injections a day"\n'
        'msgstr[0] "D0"\nmsgstr[1] "D1"\nmsgstr[2] "D2"\n\n'
        'msgid "empty first"\nmsgid_plural "empty firsts"\n'
        'msgstr[0] ""\nmsgstr[1] "Q1"\nmsgstr[2] "Q2"\n',
        'msgid "one tablet"\nmsgid_plural "%d tabletz"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "one capsule"\nmsgid_plural "%d capsules"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "one dose"\nmsgstr ""\n\n'
        'msgid "one injection per day"\nmsgid_plural "%d injections per day"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "empty firstz"\nmsgstr ""\n\n'
        'msgid "new plural"\nmsgid_plural "new plurals"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        {
            "one tablet": ("fuzzy", "A0", "one tablet"),
            "one dose": ("fuzzy", "C0", "one dose"),
            "one injection per day": ("fuzzy", "D0", "one injection a day"),
            "empty firstz": ("untranslated", "", None),
        },
    ),
    (
        "old fuzzy entries keep their own previous msgid",
        '#, fuzzy\n#| msgid "Call the clinic."\nmsgid "Call the clinic now."\n'
        'msgstr "Llame a la clínica."\n\n'
        '#, fuzzy\nmsgid "Fuzzy but empty."\nmsgstr ""\n',
        'msgid "Call the clinic today."\nmsgstr ""\n\n'
        'msgid "Call the clinic now."\nmsgstr ""\n\n'
        'msgid "Fuzzy but empty."\nmsgstr ""\n',
        {
            "Call the clinic today.": ("fuzzy", "Llame a la clínica.", "Call the clinic."),
            "Call the clinic now.": ("fuzzy", "Llame a la clínica.", "Call the clinic."),
            "Fuzzy but empty.": ("untranslated", "", None),
        },
    ),
    (
        "old obsolete entries come back or serve as fuzzy sources",
        '#~ msgid "Old obsolete back."\n#~ msgstr "Vuelve."\n\n'
        '#~ msgid "Keep the medicine in a cool place."\n#~ msgstr "Guárdelo en lugar fresco."\n\n'
        '#~ msgid "Old obsolete stays."\n#~ msgstr "Queda."\n\n'
        '#~ msgid "Old obsolete untranslated."\n#~ msgstr ""\n',
        'msgid "Old obsolete back."\nmsgstr ""\n\n'
        'msgid "Keep the medicine in a cold place."\nmsgstr ""\n',
        {
            "Old obsolete back.": ("translated", "Vuelve.", None),
            "Keep the medicine in a cold place.": (
                "fuzzy",
                "Guárdelo en lugar fresco.",
                "Keep the medicine in a cool place.",
            ),
            "Old obsolete stays.": ("obsolete", "Queda.", None),
        },
    ),
    (
        "two new entries near the same old one both take it",
        'msgid "Drink plenty of water after the scan."\nmsgstr "Beba mucha agua."\n',
        'msgid "Drink plenty of water before the scan."\nmsgstr ""\n\n'
        'msgid "Drink plenty of water after the scans."\nmsgstr ""\n',
        {
            "Drink plenty of water before the scan.": (
                "fuzzy",
                "Beba mucha agua.",
                "Drink plenty of water after the scan.",
            ),
            "Drink plenty of water after the scans.": (
                "fuzzy",
                "Beba mucha agua.",
                "Drink plenty of water after the scan.",
            ),
        },
    ),
    (
        "ties: equal weight and 4-gram count, the first old entry wins",
        'msgid "abcdefghij"\nmsgstr "first"\n\nmsgid "abcdefghik"\nmsgstr "second"\n',
        'msgid "abcdefghiX"\nmsgstr ""\n',
        {"abcdefghiX": ("fuzzy", "first", "abcdefghij")},
    ),
    (
        "ties: more shared 4-grams beat file order",
        'msgid "abcXefgh"\nmsgstr "one shared 4-gram"\n\n'
        'msgid "abcdefgX"\nmsgstr "four shared 4-grams"\n',
        'msgid "abcdefgh"\nmsgstr ""\n',
        {"abcdefgh": ("fuzzy", "four shared 4-grams", "abcdefgX")},
    ),
    (
        "exactly 0.6 only matches with the context bonus (no context or the same one)",
        'msgctxt "c"\nmsgid "abcdef5678"\nmsgstr "other context"\n\n'
        'msgid "uvwxyz5678"\nmsgstr "no context"\n\n'
        'msgctxt "d"\nmsgid "pqrstu5678"\nmsgstr "same context"\n',
        'msgctxt "d"\nmsgid "abcdef1234"\nmsgstr ""\n\n'
        'msgctxt "d"\nmsgid "uvwxyz1234"\nmsgstr ""\n\n'
        'msgctxt "d"\nmsgid "pqrstu1234"\nmsgstr ""\n',
        {
            "abcdef1234": ("untranslated", "", None),
            "uvwxyz1234": ("fuzzy", "no context", "uvwxyz5678"),
            "pqrstu1234": ("fuzzy", "same context", "pqrstu5678"),
        },
    ),
    (
        "short msgids and 4-gram candidates",
        'msgid "Yes"\nmsgstr "Sí"\n\nmsgid "No"\nmsgstr "No"\n\nmsgid "Back"\nmsgstr "Atrás"\n\n'
        'msgid "c l o s e"\nmsgstr "cerrar"\n',
        'msgid "Yes!"\nmsgstr ""\n\nmsgid "Noo"\nmsgstr ""\n\nmsgid "Bac"\nmsgstr ""\n\n'
        'msgid "close"\nmsgstr ""\n',
        {
            "Yes!": ("untranslated", "", None),
            "Noo": ("fuzzy", "No", "No"),
            "Bac": ("fuzzy", "Atrás", "Back"),
            # fstrcmp is 0.71, but no 4-gram is shared, so msgmerge never compares them.
            "close": ("untranslated", "", None),
            "c l o s e": ("obsolete", "cerrar", None),
        },
    ),
    (
        "similarity counts UTF-8 bytes",
        'msgid "éééé abcd"\nmsgstr "X"\n',
        'msgid "éééé wxyz"\nmsgstr ""\n',
        {"éééé wxyz": ("fuzzy", "X", "éééé abcd")},
    ),
]


@pytest.mark.parametrize(
    ("old_body", "new_body", "expect"),
    [pytest.param(o, n, e, id=name) for name, o, n, e in SCENARIOS],
)
def test_scenario_expectations(old_body: str, new_body: str, expect: Expect) -> None:
    result = merged(HEADER + old_body, POT_HEADER + new_body)
    found = {e.msgid: e for e in result.messages}
    for msgid, (want_status, msgstr, previous) in expect.items():
        entry = found[msgid]
        assert status(entry).value == want_status, msgid
        got = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert got == msgstr, msgid
        assert entry.previous_msgid == previous, msgid


@needs_msgmerge
@pytest.mark.parametrize(
    ("old_body", "new_body"),
    [pytest.param(o, n, id=name) for name, o, n, _ in SCENARIOS],
)
def test_scenario_matches_msgmerge(tmp_path: Path, old_body: str, new_body: str) -> None:
    old, new = HEADER + old_body, POT_HEADER + new_body
    assert view(merged(old, new)) == view(msgmerge(tmp_path, old, new))


@needs_msgmerge
def test_obsolete_keeps_previous(tmp_path: Path) -> None:
    old = HEADER + '#, fuzzy\n#| msgid "Bring snacks"\nmsgid "Bring snacks."\nmsgstr "Traiga."\n'
    msgmerge(tmp_path, old, POT_HEADER)
    assert '#~| msgid "Bring snacks"\n' in (tmp_path / "out.po").read_text(encoding="utf-8")
    (entry,) = merged(old, POT_HEADER).messages
    assert entry.obsolete and entry.fuzzy and entry.previous_msgid == "Bring snacks"


def test_header_keeps_old_fields_with_template_date() -> None:
    result = merged(HEADER, POT_HEADER)
    assert result.header is not None
    assert result.header.translator_comments == ("Spanish translation of a leaflet.",)
    assert not result.header.fuzzy
    assert result.header_fields() == {
        "Project-Id-Version": "leaflet 1.0",
        "Report-Msgid-Bugs-To": "new@example.org",
        "POT-Creation-Date": "2025-05-05 12:00+0000",
        "PO-Revision-Date": "2024-02-01 00:00+0000",
        "Last-Translator": "Ana <ana@example.org>",
        "Language-Team": "Spanish",
        "Language": "es",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
        "X-Generator": "hand",
    }


@needs_msgmerge
@pytest.mark.parametrize(
    "old_header",
    [
        # Fields out of order, odd case, no Language: msgmerge reorders and adds it.
        'msgid ""\nmsgstr ""\n"X-First: 1\\n"\n"content-type: text/plain; charset=UTF-8\\n"\n'
        '"Language-Team: Klingon\\n"\n"Project-Id-Version: p\\n"\n',
        # No header at all: the template's is used.
        "",
    ],
    ids=["reordered", "missing"],
)
def test_header_variants_match_msgmerge(tmp_path: Path, old_header: str) -> None:
    body = 'msgid "Hello there"\nmsgstr "Hola"\n'
    old, new = old_header + "\n" + body, POT_HEADER + 'msgid "Hello there"\nmsgstr ""\n'
    assert view(merged(old, new)) == view(msgmerge(tmp_path, old, new))


def test_result_is_new_catalog_with_unchanged_inputs() -> None:
    old, new = parse(HEADER + SCENARIOS[1][1]), parse(POT_HEADER + SCENARIOS[1][2])
    before = (old, new)
    result = merge_catalog(new, old)
    assert (old, new) == before
    assert all(e.line == 0 for e in result.entries)


# --- Seeded random edits of realistic leaflet sentences. ---

SUBJECTS = [
    "You",
    "Your doctor",
    "The nurse",
    "A member of staff",
    "Your partner",
    "The radiographer",
    "The clinic",
    "Someone from the team",
    "The doctor doing the test",
    "A specialist nurse",
    "The receptionist",
    "Your GP",
]
ACTIONS = [
    "will explain the procedure before it starts",
    "should bring a list of your current medicines",
    "may feel some cramping for a few hours afterwards",
    "can call {clinic_phone} if the bleeding is heavy",
    "will ask you to lie on your back on the couch",
    "should not have sex for {days} days after the test",
    "may take {count} tablets of paracetamol every {hours} hours",
    "will put a thin tube through the neck of the womb",
    "can go home about {minutes} minutes after the scan",
    "should tell us if you might be pregnant",
    "will need to sign a consent form",
    "may notice a watery discharge for {days} days",
    "must not drive for {hours} hours after sedation",
    "should eat a light meal before you come in",
]
ENDINGS = [
    "",
    " before your appointment",
    " on the day of the test",
    " at the hospital",
    " when you get home",
    " during the examination",
    " if you are worried",
    " as described in this leaflet",
    " after you have eaten",
    " while you are in the clinic",
    " for your own safety",
    " unless told otherwise",
]
EXTRA = ["carefully", "again", "at home", "if needed", "today", "in writing", "as usual"]


def _sentence(rng: random.Random) -> str:
    action = rng.choice(ACTIONS).format(
        clinic_phone="{clinic_phone}",
        days=rng.randint(1, 9),
        count=rng.randint(1, 4),
        hours=rng.choice([4, 6, 8, 12, 24]),
        minutes=rng.choice([15, 20, 30, 45]),
    )
    return f"{rng.choice(SUBJECTS)} {action}{rng.choice(ENDINGS)}."


def _mutate(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split(" ")
    kind = rng.choice(["edit", "numbers", "delete", "insert", "reorder", "rewrite", "case"])
    i = rng.randrange(len(words))
    if kind == "edit":
        words[i] = rng.choice(["the", "a", "your", "this", "each", "our", words[i] + "s"])
    elif kind == "numbers":
        words = [str(rng.randint(1, 99)) if w.isdigit() else w for w in words]
        words.insert(i, str(rng.randint(1, 99)))
    elif kind == "delete" and len(words) > 2:
        del words[i]
    elif kind == "insert":
        words.insert(i, rng.choice(EXTRA))
    elif kind == "reorder":
        j = rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    elif kind == "rewrite":
        return _sentence(rng)
    else:
        words[i] = words[i].upper()
    return " ".join(words) + "."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _po(entries: Sequence[tuple[str | None, str, str, bool, bool]], header: str) -> str:
    """PO text from (msgctxt, msgid, msgstr, fuzzy, obsolete) tuples."""
    out = [header]
    for ctxt, msgid, msgstr, fuzzy, obsolete in entries:
        mark = "#~ " if obsolete else ""
        lines = ["#, fuzzy"] if fuzzy else []
        if ctxt is not None:
            lines.append(f"{mark}msgctxt {_quote(ctxt)}")
        lines += [f"{mark}msgid {_quote(msgid)}", f"{mark}msgstr {_quote(msgstr)}"]
        out.append("\n".join(lines) + "\n\n")
    return "".join(out)


def random_pair(seed: int, size: int) -> tuple[str, str]:
    rng = random.Random(seed)
    msgids: list[str] = []
    seen: set[str] = set()
    while len(msgids) < size:
        text = _sentence(rng)
        if text not in seen:
            seen.add(text)
            msgids.append(text)
    old: list[tuple[str | None, str, str, bool, bool]] = []
    for msgid in msgids:
        roll = rng.random()
        msgstr = "" if roll < 0.1 else "ES " + msgid[::-1]
        ctxt = rng.choice(["step", "warning"]) if rng.random() < 0.05 else None
        old.append((ctxt, msgid, msgstr, 0.1 <= roll < 0.15, roll > 0.95))
    new: list[tuple[str | None, str, str, bool, bool]] = []
    taken: set[tuple[str | None, str]] = set()
    for ctxt, msgid, _, _, _ in old:
        roll = rng.random()
        if roll < 0.1:
            continue  # removed from the leaflet
        text = msgid if roll < 0.45 else _mutate(rng, msgid)
        if rng.random() < 0.05:
            ctxt = "note"
        if (ctxt, text) not in taken:
            taken.add((ctxt, text))
            new.append((ctxt, text, "", False, False))
    for _ in range(size // 10):
        text = _sentence(rng)
        if (None, text) not in taken:
            taken.add((None, text))
            new.insert(rng.randrange(len(new) + 1), (None, text, "", False, False))
    return _po(old, HEADER), _po(new, POT_HEADER)


@needs_msgmerge
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_match_msgmerge(tmp_path: Path, seed: int) -> None:
    old, new = random_pair(seed, 250)
    ours, theirs = merged(old, new), msgmerge(tmp_path, old, new)
    assert len(theirs.messages) >= 200
    statuses = {status(e) for e in theirs.messages}
    assert statuses == set(EntryStatus)  # every status occurs, so each is compared
    assert view(ours) == view(theirs)


def test_unpacked_fallback_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = (parse(text) for text in random_pair(4, 300))
    packed = merge_catalog(new, old)
    monkeypatch.setattr(fuzzy_search, "_MAX_PACKED_LENGTH", 0)  # as if some msgid were huge
    assert merge_catalog(new, old) == packed


def test_the_gram_index_does_not_change_the_winner(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = (parse(text) for text in random_pair(5, 300))
    direct = merge_catalog(new, old)  # 300 entries: below _PROBE_FROM, no index
    monkeypatch.setattr(fuzzy_search, "_PROBE_FROM", 0)
    assert merge_catalog(new, old) == direct


@needs_msgmerge
def test_two_thousand_entries_like_msgmerge(tmp_path: Path) -> None:
    # Large enough for the 4-gram index; its speed is measured by benchmarks/, not here.
    old_text, new_text = random_pair(7, 2000)  # about 1100 of 1900 entries need a fuzzy search
    old, new = parse(old_text), parse(new_text)
    assert sum(1 for e in old.messages if e.msgstr) > fuzzy_search._PROBE_FROM
    assert view(merge_catalog(new, old)) == view(msgmerge(tmp_path, old_text, new_text))
