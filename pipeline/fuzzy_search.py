"""msgmerge's fuzzy-match search: which old entry gives a new msgid its fuzzy translation.

`FuzzyFinder(old_entries).search(msgctxt, msgid)` returns the index of the old entry that GNU
gettext 0.21 `msgmerge` would pick: the one with a translation whose msgid is most similar by
`fstrcmp` (2 * LCS / (len_a + len_b) over UTF-8 bytes, plus a small bonus for no or the same
msgctxt), above 0.6, among those msgmerge's 4-gram index lets it compare. `merge.py` builds the
merged entry from it.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from .model import PoEntry

FUZZY_THRESHOLD = 0.6
_CONTEXT_BONUS = 0.00001
_GRAM = 4
# Byte-length ratio beyond which two strings cannot reach the threshold: 2 / 0.6 - 1.
_LENGTH_RATIO = 2 / FUZZY_THRESHOLD - 1


def first_msgstr(entry: PoEntry) -> str:
    """msgstr, or msgstr[0] of a plural entry: msgmerge's test for "has a translation"."""
    if entry.msgstr_plural:
        return entry.msgstr_plural[0]
    return entry.msgstr


# msgmerge compares a new msgid with every old entry that has a translation and shares a
# 4-character substring with it (or, under 4 characters, has a close byte length), keeping the
# best `fstrcmp` + bonus above 0.6; ties go to the old entry sharing most 4-gram occurrences,
# then to the earliest one. The same winner is found here with far fewer LCS computations:
# the byte-multiset overlap bounds the LCS from above, and it is computed for all candidates
# of a similar length at once on packed integers (16-bit fields, one per candidate).

_FIELD = 16
_FIELD_HIGH = 1 << (_FIELD - 1)
_FIELD_FILL = (1 << _FIELD) - 1
_MAX_PACKED_LENGTH = 1 << 14
_PROBES = 4
_RARE_GRAM = 64
# Catalogs with fewer translated entries than this are searched without the 4-gram index:
# building it would cost more than the bounds it saves (a leaflet has tens of entries).
_PROBE_FROM = 512


@dataclasses.dataclass(slots=True)
class _Candidate:
    index: int  # position in the old catalog: msgmerge's last tie-breaker
    msgctxt: str | None
    msgid: str
    data: bytes
    masks: dict[int, int] | None = None
    gram_cache: frozenset[str] | None = None

    @property
    def grams(self) -> frozenset[str]:
        # Made on first use: most candidates are ruled out by their length or bytes first.
        if self.gram_cache is None:
            self.gram_cache = frozenset(_grams(self.msgid))
        return self.gram_cache

    def bonus(self, msgctxt: str | None) -> float:
        return _CONTEXT_BONUS if self.msgctxt is None or self.msgctxt == msgctxt else 0.0

    def fstrcmp(self, data: bytes) -> float:
        """gettext's fstrcmp: 2 * LCS / (len_a + len_b) over bytes."""
        total = len(data) + len(self.data)
        if not data or not self.data:
            return 1.0 if total == 0 else 0.0
        if self.masks is None:
            self.masks = _bit_masks(self.data)
        return 2 * _lcs_length(self.masks, len(self.data), data) / total


class FuzzyFinder:
    """msgmerge's fuzzy index over the old entries that have a translation."""

    def __init__(self, entries: Sequence[PoEntry]) -> None:
        cands = [
            _Candidate(i, e.msgctxt, e.msgid, e.msgid.encode("utf-8"))
            for i, e in enumerate(entries)
            if first_msgstr(e)
        ]
        self._short: dict[int, list[_Candidate]] = {}
        for cand in cands:
            if len(cand.data) <= int(3 * 4 * _LENGTH_RATIO):
                self._short.setdefault(len(cand.data), []).append(cand)
        # Candidates for msgids of 4 characters or more, sorted by byte length.
        self._sorted = sorted(
            (c for c in cands if len(c.msgid) >= _GRAM), key=lambda c: (len(c.data), c.index)
        )
        self._lengths = [len(c.data) for c in self._sorted]
        self._packable = not self._lengths or self._lengths[-1] < _MAX_PACKED_LENGTH
        self._postings: dict[str, list[int]] | None = None
        columns: dict[int, array.array[int]] = {}
        for position, cand in enumerate(self._sorted):
            if self._packable:
                for byte, count in Counter(cand.data).items():
                    column = columns.get(byte)
                    if column is None:
                        column = columns[byte] = array.array("H", bytes(2 * len(self._sorted)))
                    column[position] = count
        self._packed = {byte: _pack(column) for byte, column in columns.items()}
        self._scaled: dict[int, int] = {}

    def search(self, msgctxt: str | None, msgid: str) -> int | None:
        """The index of the old entry msgmerge takes as the fuzzy source, or None."""
        data = msgid.encode("utf-8")
        if len(msgid) < _GRAM:
            return self._search_short(msgctxt, data)
        grams = _grams_list(msgid)
        gram_set = frozenset(grams)
        best = FUZZY_THRESHOLD
        winners: list[_Candidate] = []
        seen: set[int] = set()

        def consider(cand: _Candidate) -> None:
            nonlocal best, winners
            seen.add(cand.index)
            if gram_set.isdisjoint(cand.grams):
                return  # msgmerge never looks at it
            weight = cand.fstrcmp(data) + cand.bonus(msgctxt)
            if weight > best:
                best, winners = weight, [cand]
            elif winners and weight == best:
                winners.append(cand)

        if len(self._sorted) >= _PROBE_FROM:
            # Probe the entries sharing the most rare 4-grams: a high score found early
            # narrows the rest. (Which entries are probed does not change the winner.)
            postings = self._gram_postings()
            rare = (postings.get(g, ()) for g in gram_set)
            hits = Counter(chain.from_iterable(p for p in rare if len(p) <= _RARE_GRAM))
            for position, _ in hits.most_common(_PROBES):
                consider(self._sorted[position])
        for upper_bound, position in self._bounded(data, best):
            cand = self._sorted[position]
            if upper_bound + _CONTEXT_BONUS < best:
                break
            if cand.index not in seen and upper_bound + cand.bonus(msgctxt) >= best:
                consider(cand)
        if not winners:
            return None
        # msgmerge's order: most shared 4-gram occurrences first, then old file order.
        return min(winners, key=lambda c: (-sum(g in c.grams for g in grams), c.index)).index

    def _gram_postings(self) -> dict[str, list[int]]:
        """{4-gram: positions of the candidates containing it}, made on first use."""
        if self._postings is None:
            self._postings = {}
            for position, cand in enumerate(self._sorted):
                for gram in cand.grams:
                    self._postings.setdefault(gram, []).append(position)
        return self._postings

    def _search_short(self, msgctxt: str | None, data: bytes) -> int | None:
        """Msgids under 4 characters: old msgids of a close byte length, in msgmerge's order."""
        low = math.ceil(len(data) / _LENGTH_RATIO)
        high = int(len(data) * _LENGTH_RATIO)
        best = FUZZY_THRESHOLD
        found: int | None = None
        for size in range(low, high + 1):
            for cand in self._short.get(size, ()):
                weight = cand.fstrcmp(data) + cand.bonus(msgctxt)
                if weight > best:
                    best, found = weight, cand.index
        return found

    def _bounded(self, data: bytes, best: float) -> list[tuple[float, int]]:
        """(upper bound of fstrcmp, position) for the candidates that may reach `best`, best first.

        Lengths alone bound fstrcmp by 2 * min / sum: only a slice of the length-sorted
        candidates can reach `best`. Within it the byte-multiset overlap is a tighter bound.
        """
        size = len(data)
        floor = best - 2 * _CONTEXT_BONUS
        low = bisect.bisect_left(self._lengths, math.floor(size * floor / (2 - floor)))
        high = bisect.bisect_right(self._lengths, math.ceil(size * (2 - floor) / floor))
        if low >= high:
            return []
        if not self._packable or size >= _MAX_PACKED_LENGTH:
            overlaps = [(p, _overlap(data, self._sorted[p].data)) for p in range(low, high)]
        else:
            overlaps = self._packed_overlaps(data, low, high, floor)
        bounds = [
            (bound, position)
            for position, overlap in overlaps
            if (bound := 2 * overlap / (size + self._lengths[position])) + _CONTEXT_BONUS >= best
        ]
        bounds.sort(key=lambda item: (-item[0], item[1]))
        return bounds

    def _packed_overlaps(
        self, data: bytes, low: int, high: int, floor: float
    ) -> list[tuple[int, int]]:
        """(position, byte-multiset overlap) for the candidates in [low, high) whose bound
        2 * overlap / (len_a + len_b) may reach `floor`, computed for all of them at once.

        Field j of each packed integer holds a count for candidate low + j (counts < 2**14,
        so bit 15 of a field is free): `(x | high_bits) - q` keeps bit 15 exactly where
        x >= q, which selects min(x, q) field by field without crossing into the next one.
        """
        count = high - low
        width = (1 << (_FIELD * count)) - 1
        ones = width // _FIELD_FILL
        high_bits = ones << (_FIELD - 1)
        shift = _FIELD * low
        total = 0
        for byte, query_count in Counter(data).items():
            packed = self._packed.get(byte)
            if packed is None:
                continue
            x = (packed >> shift) & width
            q = min(query_count, _FIELD_HIGH - 1) * ones
            at_least = ((((x | high_bits) - q) & high_bits) >> (_FIELD - 1)) * _FIELD_FILL
            total += (x - (x & at_least)) + (q & at_least)
        # 2 * overlap >= floor * (size + length) implies overlap >= these (k / 128 <= floor / 2).
        k = math.floor(floor * 64)
        least = (self._scaled_lengths(k) >> shift) & width
        least += (k * len(data) // 128) * ones
        passing = ((((total | high_bits) - least) & high_bits) >> (_FIELD - 1)).to_bytes(
            2 * count, "little"
        )[0::2]
        fields = array.array("H", total.to_bytes(2 * count, "little"))
        if sys.byteorder == "big":
            fields.byteswap()
        found: list[tuple[int, int]] = []
        at = passing.find(1)
        while at >= 0:
            found.append((low + at, fields[at]))
            at = passing.find(1, at + 1)
        return found

    def _scaled_lengths(self, k: int) -> int:
        """Packed floor(k * length / 128) of every candidate, cached per k."""
        packed = self._scaled.get(k)
        if packed is None:
            packed = _pack(array.array("H", [k * length // 128 for length in self._lengths]))
            self._scaled[k] = packed
        return packed


def _pack(column: array.array[int]) -> int:
    """16-bit fields, field j = column[j]."""
    if sys.byteorder == "big":
        column = array.array("H", column)
        column.byteswap()
    return int.from_bytes(column.tobytes(), "little")


def _overlap(a: bytes, b: bytes) -> int:
    counts = Counter(b)
    return sum(min(n, counts[byte]) for byte, n in Counter(a).items())


def _grams(text: str) -> Iterable[str]:
    return (text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1))


def _grams_list(text: str) -> list[str]:
    return [text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)]


def _bit_masks(data: bytes) -> dict[int, int]:
    masks: dict[int, int] = {}
    for position, byte in enumerate(data):
        masks[byte] = masks.get(byte, 0) | (1 << position)
    return masks


def _lcs_length(masks: dict[int, int], size: int, other: bytes) -> int:
    """Length of the longest common subsequence, bit-parallel (Allison-Dix / Hyyrö).

    Bit i of `row` is 0 where the LCS of the first i+1 bytes of the masked string grows.
    `row - matched` is `row ^ matched` because `matched` is a subset of `row`.
    """
    full = (1 << size) - 1
    row = full
    for byte in other:
        matched = row & masks.get(byte, 0)
        row = ((row + matched) | (row ^ matched)) & full
    return size - row.bit_count()
