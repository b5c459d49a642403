"""Reading the numbers of a text as values, in English or in a locale's own notation.

"1.000" in Spanish may be one thousand or one; "2 500 mg" may be 2500 or 2 and 500. A written
number therefore has several readings, and two texts have the same numbers when some choice of
readings gives both the same multiset of values. Pure: imports only the model and the stdlib.
Readings are cached (a corpus writes the same few numbers thousands of times).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .model import LocaleInfo

SPACES = frozenset(" \u00a0\u202f\u2009")
NUMBER = re.compile(r"\d+(?:(?:[.,'\u2019\u066b\u066c]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*")
_DIGIT = re.compile(r"\d")
_MAX_COMBINATIONS = 4096
_RUNS = re.compile(r"[0-9]+")
_BETWEEN = re.compile(r"[^0-9]")
_SPACE_SPLIT = re.compile(r"[ \u00a0\u202f\u2009]")
Reading = tuple[Decimal, ...]
Multisets = frozenset[tuple[Decimal, ...]]


@dataclass(frozen=True, slots=True)
class Separators:
    decimal: frozenset[str]
    group: frozenset[str]


ENGLISH_SEPARATORS = Separators(frozenset("."), frozenset(",") | SPACES)


@lru_cache(maxsize=64)
def _separators(decimal_symbol: str) -> Separators:
    decimal = frozenset({".", "\u066b", decimal_symbol})
    group = (frozenset(",.'\u2019\u066c") | SPACES) - {decimal_symbol}
    if decimal_symbol == ".":
        group -= {"."}
    return Separators(decimal, group)


def separators(locale: LocaleInfo) -> Separators:
    """English "." always counts as a decimal point; the locale's own symbol too, never as a
    thousands separator (a French reader reads "2,500" as 2.5)."""
    return _separators(locale.decimal_symbol)


def _grouped(runs: Sequence[str], seps: Sequence[str], group: frozenset[str]) -> bool:
    if len(set(seps)) != 1 or seps[0] not in group or not 1 <= len(runs[0]) <= 3:
        return False
    # The last group has three digits; middle ones two or three (Indian lakh grouping).
    return len(runs[-1]) == 3 and all(len(r) in (2, 3) for r in runs[1:-1])


@lru_cache(maxsize=8192)
def readings(token: str, seps: Separators) -> tuple[Reading, ...]:
    """Every sensible value of one written number, e.g. "1.000" in Spanish: 1000 or 1."""
    ascii_token = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in token)
    runs = _RUNS.findall(ascii_token)
    between = _BETWEEN.findall(ascii_token)
    if not between:
        return ((Decimal(runs[0]),),)
    out: list[Reading] = []
    if _grouped(runs, between, seps.group):
        out.append((Decimal("".join(runs)),))
    last = between[-1]
    if last in seps.decimal and (
        len(between) == 1 or _grouped(runs[:-1], between[:-1], seps.group - {last})
    ):
        out.append((Decimal("".join(runs[:-1]) + "." + runs[-1]),))
    if any(c in SPACES for c in between):  # "2 500 mg" may be two numbers
        pieces = _SPACE_SPLIT.split(token)
        split = tuple(v for piece in pieces for v in readings(piece, seps)[0])
        if split not in out:
            out.append(split)
    return tuple(out) or (tuple(Decimal(r) for r in runs),)


def number_tokens(prose: str) -> tuple[str, ...]:
    """The written numbers of a text, in order."""
    return tuple(NUMBER.findall(prose))


def has_numbers(prose: str) -> bool:
    """Whether `number_tokens(prose)` is not empty: a digit is enough, since NUMBER matches at
    every digit, and finding one is quicker than reading the numbers."""
    return _DIGIT.search(prose) is not None


@lru_cache(maxsize=16384)
def multisets(tokens: tuple[str, ...], seps: Separators) -> Multisets:
    """Every multiset of values (sorted) the written numbers may stand for."""
    options = [readings(t, seps) for t in tokens]
    size = 1
    for option in options:
        size *= len(option)
    if size > _MAX_COMBINATIONS:
        options = [o[:1] for o in options]
    return frozenset(
        tuple(sorted(v for reading in combo for v in reading))
        for combo in itertools.product(*options)
    )


def tokens_match(english: tuple[str, ...], translation: tuple[str, ...], seps: Separators) -> bool:
    """Same numbers as values: English tokens read the English way, the others with `seps`."""
    if not english and not translation:
        return True
    if "".join(english).isdecimal() and (
        english == translation or sorted(english) == sorted(translation)
    ):
        return True  # plain digit runs have one reading each: the same tokens, the same values
    return not multisets(english, ENGLISH_SEPARATORS).isdisjoint(multisets(translation, seps))
