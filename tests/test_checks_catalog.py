"""`check_catalog` against running every check on every entry, on random catalogs.

The reference reads nothing ahead of time and takes no quiet path: each template entry and
each stray PO entry goes through `_run` with every check of the plan. The catalogs mix the
cases the quick paths decide between: quiet and noisy translations, fuzzy, obsolete,
untranslated, plural, duplicate and stray entries, excuses, critical segments, headers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace

from pipeline.catalog_checks import (
    _passes_quietly,
    _plan,
    _read_template,
    _run,
    _Same,
    check_catalog,
)
from pipeline.checks import Scope, Subject
from pipeline.glossary import Glossary
from pipeline.locales import locale_info
from pipeline.model import Catalog, Diagnostic, LocaleInfo, PoEntry, Severity
from pipeline.numbers import separators

from .test_checks import GLOSSARY, _random_pair, template
from .test_checks_quick import _plain_pair, _starred_pair

LOCALES = tuple(locale_info(code) for code in ("es", "fr", "ar", "pl"))
HEADERS = (
    "Language: {code}\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: {plural}\n",
    "Language: xx\nContent-Type: text/plain\n",
)
SEVERITIES: tuple[Mapping[str, Severity | None], ...] = (
    {},
    {"whitespace": Severity.ERROR, "unchanged": None},
    {"fuzzy": None, "numbers": Severity.WARNING},
)


def _reference(
    pot: Catalog,
    po: Catalog | None,
    locale: LocaleInfo,
    glossary: Glossary | None,
    severities: Mapping[str, Severity | None],
) -> list[Diagnostic]:
    plan = _plan(severities)
    out: list[Diagnostic] = []

    def run(subject: Subject) -> None:
        out.extend(_run(subject, po_path="x.po", domain="d", plan=plan))

    messages = po.messages if po is not None else ()
    if po is not None:
        run(Subject(Scope.HEADER, None, po.header, locale))
    found = {e.key: e for e in messages if not e.obsolete}
    keys = set()
    for t in pot.messages:
        if not t.obsolete:
            keys.add(t.key)
            run(Subject(Scope.ENTRY, t, found.get(t.key), locale, glossary))
    for e in messages:
        if e.obsolete or e.key not in keys:
            run(Subject(Scope.STRAY, None, e, locale))
    return out


_WORDS = {"Rest": "Descanse", "days": "días", "womb": "útero", "HSG": "HSG", "*rest*": "*descanse*"}
_NUMBERS = ("5", "10", "2.5", "1,000", "٣")


def _good_pair(rng: random.Random) -> tuple[str, str]:
    """A translation that passes every check (unless an excuse or a flag says otherwise)."""
    words = ["Rest", *rng.choices([*_WORDS, *_NUMBERS], k=rng.randint(0, 6))]
    rng.shuffle(words)
    return " ".join(words), " ".join(_WORDS.get(w, w) for w in words)


def _translation(rng: random.Random, english: str, translated: str, line: int) -> PoEntry:
    roll = rng.random()
    return PoEntry(
        msgid=english,
        msgstr="" if roll < 0.08 else translated,
        flags=("fuzzy",) if 0.08 <= roll < 0.14 else (),
        previous_msgid=rng.choice((None, english + " 5")) if 0.08 <= roll < 0.14 else None,
        translator_comments=(
            rng.choice(("leaflet: ignore numbers — a date", "leaflet: ignore nothing", "note"))
            if 0.14 <= roll < 0.2
            else ()
        ),
        obsolete=0.2 <= roll < 0.23,
        line=line,
    )


def _catalogs(rng: random.Random, locale: LocaleInfo) -> tuple[Catalog, Catalog | None]:
    pot_entries = [PoEntry(msgid="", msgstr="Language: \n")]
    po_entries = []
    if rng.random() < 0.9:
        text = rng.choice(HEADERS).format(code=locale.code, plural=locale.plural_forms)
        po_entries.append(PoEntry(msgid="", msgstr=text, line=1))
    for n in range(rng.randint(0, 12)):
        kind = rng.choice((_random_pair, _plain_pair, _starred_pair, _good_pair, _good_pair))
        english, translated = kind(rng)
        if rng.random() < 0.05:  # a plural entry
            pot_entries.append(PoEntry(msgid=english, msgid_plural=english + "s"))
            forms = tuple(rng.choice(("", translated)) for _ in range(rng.choice((1, 2, 3))))
            po_entries.append(
                PoEntry(msgid=english, msgid_plural=english + "s", msgstr_plural=forms, line=n)
            )
            continue
        pot_entries.append(template(english, critical=rng.random() < 0.1))
        if rng.random() < 0.9:
            po_entries.append(_translation(rng, english, translated, 10 + n))
        if rng.random() < 0.05:  # a duplicate, or an entry that is not in the template
            stray = english if rng.random() < 0.5 else english + " (old)"
            po_entries.append(_translation(rng, stray, translated, 100 + n))
    if rng.random() < 0.1:  # entries with a context, one of them with an empty msgid
        context = rng.choice(("", "Rest", "{x}"))
        pot_entries.append(PoEntry(msgid=context, msgctxt="button"))
        po_entries.append(replace(_translation(rng, context, "Descanse", 200), msgctxt="button"))
    if rng.random() < 0.05:  # a second header
        po_entries.append(PoEntry(msgid="", msgstr="Language: xx\n", line=300))
    rng.shuffle(po_entries)
    po = None if rng.random() < 0.05 else Catalog(tuple(po_entries), path="x.po")
    return Catalog(tuple(pot_entries)), po


def test_check_catalog_gives_what_every_check_on_every_entry_gives() -> None:
    rng = random.Random(2024)
    findings = quiet_files = quiet = 0
    for _ in range(3000):
        locale = rng.choice(LOCALES)
        pot, po = _catalogs(rng, locale)
        glossary: Glossary | None = rng.choice((None, GLOSSARY))
        severities = rng.choice(SEVERITIES)
        expected = _reference(pot, po, locale, glossary, severities)
        for _again in range(2):  # the second time from the template read for the first
            found = check_catalog(
                pot, po, locale=locale, po_path="x.po", domain="d", glossary=glossary,
                severities=severities,
            )  # fmt: skip
            assert found == expected
        findings += len(expected)
        quiet_files += not expected
        translations = {e.key: e for e in (po.messages if po else ()) if not e.obsolete}
        quiet += sum(
            _passes_quietly(english, translations.get(english.key), separators(locale), glossary)
            for english in _read_template(_Same(pot)).entries
        )
    assert findings > 10000 and quiet_files > 100 and quiet > 3000
