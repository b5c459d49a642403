"""The quick paths of the checks answer exactly as the paths they shortcut (randomised)."""

from __future__ import annotations

import random
import re

from pipeline import markup_scan, numbers
from pipeline.catalog_checks import _passes_quietly, _quiet, _read_english, _usable_and_simple
from pipeline.checks import CHECKS, Scope, Subject, _analyse
from pipeline.glossary import Glossary
from pipeline.locales import locale_info
from pipeline.model import PoEntry

from .test_checks import _PIECES, GLOSSARY, _random_pair, template

_NO_MARKUP = re.compile(r"[\\`*_\[<&\n\r\x00{\u202a-\u202e]|://")  # or bidi control
LOCALES = tuple(locale_info(code) for code in ("es", "fr", "ar", "zh_Hans", "hi"))
# Pieces without markup, simple emphasis, and what makes a text not quick (`quick_scan`).
_PLAIN = (*(p for p in _PIECES if _NO_MARKUP.search(p) is None), "٣,٥", "1\u00a0000", "a:b//c")
_STARS = (" *a* ", " **b** ", "*c*", " ***d*** ", " *(e)* ", "2*5*0", " **f g** ", " *3* ")
_LONE_STARS = ("*", "**", "***", ":*//", "a*b", "* ")
_NAMES = ("{clinic_phone}", "{x}", "{a_b}", "{x1}", " *{x}* ", "{*x*}", "{_y}", "{z_}", "{", "}")
_BREAKERS = (*"\\`*_[<&\n\r\x00{\u202a\u202e", "://", "https://x.org", "{x}", "]", ">")


def _plain_pair(rng: random.Random, stars: float = 0.1) -> tuple[str, str]:
    """Mostly texts without markup but "*" and placeholders, now and then with a character
    that breaks that."""
    pools = (_STARS, _NAMES, _PLAIN)  # chosen with `stars`, 0.1 and the rest
    pieces = [
        rng.choice(pools[(r > stars) + (r > stars + 0.1)])
        for r in (rng.random() for _ in range(rng.randint(0, 8)))
    ]
    if rng.random() < 0.15:
        theirs = [rng.choice(_PLAIN) for _ in range(rng.randint(0, 8))]
    else:
        theirs = [
            rng.choice(("Descanse", "días")) if rng.random() < 0.2 and p in _PLAIN else p
            for p in pieces
        ]
        for _ in range(rng.choice((0, 0, 1))):
            theirs.insert(rng.randint(0, len(theirs)), rng.choice(_PLAIN + _STARS + _LONE_STARS))
    english, translation = "".join(pieces), "".join(theirs)
    if rng.random() < 0.15:
        position = rng.randint(0, len(translation))
        translation = translation[:position] + rng.choice(_BREAKERS) + translation[position:]
    if rng.random() < 0.1:
        position = rng.randint(0, len(english))
        english = english[:position] + rng.choice(_BREAKERS) + english[position:]
    return english, translation


def _starred_pair(rng: random.Random) -> tuple[str, str]:
    return _plain_pair(rng, stars=0.4)


def test_quick_scan_is_scan() -> None:
    rng = random.Random(3)
    alphabet = [
        *_PLAIN,
        *_STARS,
        *_LONE_STARS,
        *_NAMES,
        *_BREAKERS,
        "!",
        "(",
        ")",
        "~",
        "#",
        "\t",
        "\u00a0",
    ]
    plain = starred = placeholders = 0
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        quick = markup_scan.quick_scan(text)
        if quick is not None:
            prose, emphasis, strong, names = quick
            assert names == tuple(sorted(markup_scan.PLACEHOLDER.findall(text))), text
            placeholders += bool(names)
            plain += "*" not in text
            starred += emphasis + strong > 0
            inline = markup_scan.Inline(prose, (), emphasis, strong, 0, 0, ())
            assert inline == markup_scan.scan(text) == markup_scan.parse(text), text
            assert not re.search("[\u202a-\u202e]", text)  # what callers rely on
    assert plain > 3000 and starred > 1000 and placeholders > 1000


def test_the_quiet_path_answers_as_quiet_does() -> None:
    """`_passes_quietly`, quick path or not, is `_quiet` on a usable entry and False on
    any other; and when it says quiet, no text check finds anything."""
    rng = random.Random(12)
    quick = quiet = quick_quiet = starred = named = 0
    for n in range(30000):
        english, translation = (_random_pair, _plain_pair, _starred_pair)[n % 3](rng)
        locale = rng.choice(LOCALES)
        glossary: Glossary | None = rng.choice((None, GLOSSARY))
        flags = ("fuzzy",) if rng.random() < 0.05 else ()
        pot, po = template(english), PoEntry(english, translation, flags=flags)
        seps = numbers.separators(locale)
        en, tr = _analyse(english), _analyse(translation)
        expected = _usable_and_simple(pot, po) and _quiet(en, tr, seps, glossary)
        read = _read_english(pot)
        found = _passes_quietly(read, po, seps, glossary)
        assert found == expected, (english, translation, locale.code)
        shortcut = read.simple and markup_scan.quick_scan(translation) is not None
        quick += shortcut
        if found:
            quiet += 1
            quick_quiet += shortcut
            starred += shortcut and "*" in translation
            named += shortcut and "{" in translation
            subject = Subject(Scope.ENTRY, pot, po, locale, glossary)
            for check in CHECKS:
                text_check = getattr(check.function, "check", None)
                if text_check is not None:
                    assert text_check(en, tr, subject) == [], (check.code, english, translation)
    assert (
        quick > 10000
        and quick_quiet > 1500
        and starred > 500
        and named > 200
        and quiet - quick_quiet > 1000
    )  # both paths
    assert not _passes_quietly(_read_english(template("a")), None, seps, None)


def test_has_numbers_is_having_number_tokens() -> None:
    rng = random.Random(4)
    alphabet = ["a", " ", ".", ",", "5", "٣", "३", "\uff15", "²", "½", "\u00a0", "x", "-"]
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        expected = bool(numbers.number_tokens(text))
        assert numbers.has_numbers(text) is expected, text
        found += expected
    assert 5000 < found < 15000
