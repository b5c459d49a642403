"""The quick paths of the checks answer exactly as the paths they shortcut (randomised)."""

from __future__ import annotations

import random

from pipeline import markup_scan, numbers
from pipeline.checks import (
    CHECKS,
    Scope,
    Subject,
    _analyse,
    _passes_quietly,
    _quiet,
    _read_english,
    _usable_and_simple,
)
from pipeline.glossary import Glossary
from pipeline.locales import locale_info
from pipeline.model import PoEntry

from .test_checks import _PIECES, GLOSSARY, _random_pair, template

LOCALES = tuple(locale_info(code) for code in ("es", "fr", "ar", "zh_Hans", "hi"))
# Pieces without markup, and the characters that make a text not plain (`is_plain`).
_PLAIN = (*(p for p in _PIECES if markup_scan.is_plain(p)), "٣,٥", "1\u00a0000", "a:b//c")
_BREAKERS = (*"\\`*_[<&\n\r\x00{\u202a\u202e", "://", "https://x.org", "{x}", "]", ">")


def _plain_pair(rng: random.Random) -> tuple[str, str]:
    """Mostly texts without markup, now and then with one character that breaks that."""
    pieces = [rng.choice(_PLAIN) for _ in range(rng.randint(0, 8))]
    if rng.random() < 0.15:
        theirs = [rng.choice(_PLAIN) for _ in range(rng.randint(0, 8))]
    else:
        theirs = [rng.choice(("Descanse", "días")) if rng.random() < 0.2 else p for p in pieces]
        for _ in range(rng.choice((0, 0, 1))):
            theirs.insert(rng.randint(0, len(theirs)), rng.choice(_PLAIN))
    english, translation = "".join(pieces), "".join(theirs)
    if rng.random() < 0.15:
        position = rng.randint(0, len(translation))
        translation = translation[:position] + rng.choice(_BREAKERS) + translation[position:]
    if rng.random() < 0.1:
        position = rng.randint(0, len(english))
        english = english[:position] + rng.choice(_BREAKERS) + english[position:]
    return english, translation


def test_is_plain_means_scan_reads_the_text_as_itself() -> None:
    rng = random.Random(3)
    alphabet = [*_PLAIN, *_BREAKERS, "!", "(", ")", "~", "#", "\t", "\u00a0"]
    plain = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        if markup_scan.is_plain(text):
            plain += 1
            itself = markup_scan.Inline(text, (), 0, 0, 0, 0, ())
            assert markup_scan.scan(text) == itself == markup_scan.parse(text), text
            assert not markup_scan.PLACEHOLDER.findall(text)
    assert plain > 3000


def test_the_quiet_path_answers_as_quiet_does() -> None:
    """`_passes_quietly`, quick path or not, is `_quiet` on a usable entry and False on
    any other; and when it says quiet, no text check finds anything."""
    rng = random.Random(12)
    quick = quiet = quick_quiet = 0
    for n in range(30000):
        english, translation = (_plain_pair if n % 3 else _random_pair)(rng)
        locale = rng.choice(LOCALES)
        glossary: Glossary | None = rng.choice((None, GLOSSARY))
        flags = ("fuzzy",) if rng.random() < 0.05 else ()
        pot, po = template(english), PoEntry(english, translation, flags=flags)
        seps = numbers.separators(locale)
        en, tr = _analyse(english), _analyse(translation)
        expected = _usable_and_simple(pot, po) and _quiet(en, tr, seps, glossary)
        read = _read_english(pot)
        found = _passes_quietly(read, po, seps=seps, glossary=glossary)
        assert found == expected, (english, translation, locale.code)
        shortcut = read.plain and markup_scan.is_plain(translation)
        quick += shortcut
        if found:
            quiet += 1
            quick_quiet += shortcut
            subject = Subject(Scope.ENTRY, pot, po, locale, glossary)
            for check in CHECKS:
                text_check = getattr(check.function, "check", None)
                if text_check is not None:
                    assert text_check(en, tr, subject) == [], (check.code, english, translation)
    assert quick > 10000 and quick_quiet > 2500 and quiet - quick_quiet > 1000  # both paths
    assert not _passes_quietly(_read_english(template("a")), None, seps=seps, glossary=None)
