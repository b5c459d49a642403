"""Merge a translated catalog with a new template: the semantics of `msgmerge --previous`.

`merge_catalog(template, old)` is pure: no files, no clock. It mirrors GNU gettext 0.21
`msgmerge --previous old.po template.pot` (read from its sources and checked against the real
tool by `tests/test_merge.py`):

- Active entries come out in template order. One found by exact (msgctxt, msgid) in `old` —
  obsolete entries included, so an old `#~` entry comes back to life — keeps its msgstr,
  translator comments, fuzzy flag and `#|` data; extracted comments, references and every
  other flag come from the template.
- Otherwise the most similar old entry with a non-empty (first) msgstr, obsolete or fuzzy ones
  included, gives its translation, marked fuzzy with its msgctxt/msgid/msgid_plural as the
  previous ones (or its own previous ones when it was fuzzy already). Similarity is gettext's
  `fstrcmp` over the UTF-8 bytes of the msgids (2 * LCS / (len_a + len_b)); it must be
  *above* 0.6, and an old entry with no context or the same context gets a 0.00001 bonus.
  msgmerge only compares against old entries sharing a 4-character substring with the new
  msgid (or, for msgids under 4 characters, old msgids of a close byte length), and breaks ties
  by the number of shared 4-grams, then by old file order.
- Plural mismatches are fuzzy: a singular translation is copied into every plural form
  (`nplurals` of the old header, 2 by default); a plural one keeps only `msgstr[0]`.
- An entry whose first msgstr is empty is never fuzzy and has no `#|` lines.
- Old entries used neither exactly nor as a fuzzy source become obsolete, in old order, after
  the active ones, without `#.` and `#:` lines; those whose first msgstr is empty are dropped.
- The header is the old one (its comments and fuzzy mark too) with `Report-Msgid-Bugs-To` and
  `POT-Creation-Date` from the template, the standard fields in their standard order, and a
  `Language` field added when it is missing but `Language-Team` is there. No old header, no
  header.

Not mirrored: msgmerge fills that added `Language` from a table of English language names
(here it stays empty), and it marks an entry fuzzy when the template adds a format flag
(`c-format`, ...) that the old translation would fail.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from .model import Catalog, PoEntry, read_entry

FUZZY_THRESHOLD = 0.6
_CONTEXT_BONUS = 0.00001
_DEFAULT_NPLURALS = 2
_GRAM = 4
# Byte-length ratio beyond which two strings cannot reach the threshold: 2 / 0.6 - 1.
_LENGTH_RATIO = 2 / FUZZY_THRESHOLD - 1

_HEADER_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_RANGE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)")


def merge_catalog(template: Catalog, old: Catalog) -> Catalog:
    """`old` brought up to date with `template`, as `msgmerge --previous old template` does."""
    olds = old.entries
    exact: dict[tuple[str | None, str], int] = {}
    for index, entry in enumerate(olds):
        exact.setdefault(entry.key, index)
    old_header = old.header
    old_nplurals = _nplurals(old_header.msgstr if old_header is not None else "")

    refs = template.entries
    if template.header is None:  # msgmerge gives the template an empty header
        refs = (PoEntry(msgid=""), *refs)

    finder: _FuzzyFinder | None = None
    used: set[int] = set()
    merged: list[PoEntry] = []
    final: set[int] = set()  # positions in `merged` that `_finish` would leave as they are
    for ref in refs:
        found = exact.get(ref.key)
        if found is not None:
            used.add(found)
            simple = _merge_simple(olds[found], ref)
            if simple is not None:
                final.add(len(merged))
                merged.append(simple)
            else:
                merged.append(_merge_entry(olds[found], ref, force_fuzzy=False))
            continue
        if _is_header(ref):
            continue  # no old header: msgmerge writes none
        if finder is None:  # built once, and only when some entry needs it
            finder = _FuzzyFinder(olds)
        source = finder.search(ref.msgctxt, ref.msgid)
        if source is not None:
            used.add(source)
            merged.append(_merge_entry(olds[source], ref, force_fuzzy=True))
            continue
        merged.append(_untranslated(ref, old_nplurals))

    header = next((e for e in merged if _is_header(e)), None)
    result_nplurals = _nplurals(header.msgstr if header is not None else "")
    active = [e if i in final else _finish(e, result_nplurals) for i, e in enumerate(merged)]
    obsolete = [_obsolete(e) for i, e in enumerate(olds) if i not in used]
    kept = [e for e in obsolete if _first_msgstr(e)]
    return Catalog(entries=(*active, *kept), path=old.path)


# --- One entry. ---


def _merge_entry(old: PoEntry, ref: PoEntry, *, force_fuzzy: bool) -> PoEntry:
    """msgmerge's message_merge: translation from `old`, everything extracted from `ref`."""
    if _is_header(ref):
        return dataclasses.replace(
            ref,
            msgstr=_merge_header(old.msgstr, ref.msgstr),
            translator_comments=old.translator_comments,
            flags=_with_fuzzy(ref.flags, old.fuzzy),
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
            line=0,
        )
    fuzzy = old.fuzzy or force_fuzzy or ref.msgid_plural != old.msgid_plural
    if not fuzzy and _range_narrowed(old.flags, ref.flags):
        fuzzy = True
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    return dataclasses.replace(
        ref,
        msgstr=old.msgstr,
        msgstr_plural=old.msgstr_plural,
        translator_comments=old.translator_comments,
        flags=_with_fuzzy(ref.flags, fuzzy),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        line=0,
    )


def _merge_simple(old: PoEntry, ref: PoEntry) -> PoEntry | None:
    """`_merge_entry` then `_finish` for the usual exact match, built in one step: a singular
    entry, not fuzzy, without range flags. None for any other case."""
    if (
        old.msgid_plural is not None
        or ref.msgid_plural is not None
        or old.msgstr_plural
        or old.fuzzy
        or not ref.msgid
        or any(flag.startswith("range:") for flag in old.flags)
    ):
        return None
    flags = ref.flags if "fuzzy" not in ref.flags else _with_fuzzy(ref.flags, False)
    # msgid, msgstr, msgctxt, plural, forms, comments, extracted, references, flags,
    # previous msgctxt/msgid/plural, obsolete, line
    return read_entry(
        ref.msgid,
        old.msgstr,
        ref.msgctxt,
        None,
        (),
        old.translator_comments,
        ref.extracted_comments,
        ref.references,
        flags,
        None,
        None,
        None,
        ref.obsolete,
        0,
    )


def _untranslated(ref: PoEntry, nplurals: int) -> PoEntry:
    """A template entry with no translation; a plural one gets `nplurals` empty forms."""
    if ref.msgid_plural is not None and not any(ref.msgstr_plural):
        return dataclasses.replace(ref, msgstr="", msgstr_plural=("",) * nplurals, line=0)
    return dataclasses.replace(ref, line=0)


def _finish(entry: PoEntry, nplurals: int) -> PoEntry:
    """Plural/singular reshaping, then drop `fuzzy` and `#|` where msgmerge drops them."""
    if entry.msgid_plural is not None and not entry.msgstr_plural:
        # A singular translation for a plural entry: one copy per plural form.
        entry = dataclasses.replace(
            entry,
            msgstr="",
            msgstr_plural=(entry.msgstr,) * nplurals,
            flags=_with_fuzzy(entry.flags, True),
        )
    elif entry.msgid_plural is None and entry.msgstr_plural:
        # A plural translation for a singular entry: the first form only.
        entry = dataclasses.replace(
            entry,
            msgstr=entry.msgstr_plural[0],
            msgstr_plural=(),
            flags=_with_fuzzy(entry.flags, entry.fuzzy or len(entry.msgstr_plural) > 1),
        )
    if entry.fuzzy and _first_msgstr(entry):
        return entry
    previous = (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
    if not entry.fuzzy and previous == (None, None, None):
        return entry  # nothing to drop
    return dataclasses.replace(
        entry,
        flags=_with_fuzzy(entry.flags, False),
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
    )


def _obsolete(entry: PoEntry) -> PoEntry:
    return dataclasses.replace(entry, obsolete=True, extracted_comments=(), references=(), line=0)


def _is_header(entry: PoEntry) -> bool:
    # msgmerge does not look at the obsolete mark here.
    return entry.msgid == "" and entry.msgctxt is None


def _first_msgstr(entry: PoEntry) -> str:
    if entry.msgstr_plural:
        return entry.msgstr_plural[0]
    return entry.msgstr


def _with_fuzzy(flags: tuple[str, ...], fuzzy: bool) -> tuple[str, ...]:
    rest = tuple(f for f in flags if f != "fuzzy")
    return ("fuzzy", *rest) if fuzzy else rest


def _range_narrowed(old_flags: Iterable[str], ref_flags: Iterable[str]) -> bool:
    """True when the old entry assumed a range the template no longer guarantees."""
    old_range = _range(old_flags)
    if old_range is None:
        return False
    ref_range = _range(ref_flags)
    return ref_range is None or not (ref_range[0] >= old_range[0] and ref_range[1] <= old_range[1])


def _range(flags: Iterable[str]) -> tuple[int, int] | None:
    for flag in flags:
        match = _RANGE.fullmatch(flag.strip())
        if match:
            return int(match[1]), int(match[2])
    return None


def _nplurals(header_msgstr: str) -> int:
    match = _NPLURALS.search(header_msgstr)
    if match is None or "plural=" not in header_msgstr:
        return _DEFAULT_NPLURALS
    value = int(match[1])
    return value if value > 0 else _DEFAULT_NPLURALS


# --- The header. ---


def _merge_header(old: str, ref: str) -> str:
    """The old header's fields, standard ones first, dates and bug address from the template."""
    known: dict[str, str] = {}
    unknown: list[str] = []
    lines = old.split("\n")
    for number, line in enumerate(lines):
        if number == len(lines) - 1 and not line:
            break
        text = line + "\n"
        name = next(
            (n for n in _HEADER_FIELDS if text[: len(n) + 1].lower() == n.lower() + ":"), None
        )
        if name is None:
            unknown.append(text)
        else:
            known[name] = text[len(name) + 1 :]
    if "Language" not in known and "Language-Team" in known:
        # msgmerge derives a code from an English language name (a table we do not carry);
        # with no name it recognises it writes an empty Language field.
        known["Language"] = " \n"
    for name in _FROM_TEMPLATE:
        start = ref.find(name + ":")
        if start >= 0:
            value = ref[start + len(name) + 1 :]
            end = value.find("\n")
            known[name] = value + "\n" if end < 0 else value[: end + 1]
    fields = [f"{name}:{known[name]}" for name in _HEADER_FIELDS if name in known]
    return "".join(fields + unknown)


# --- Fuzzy search. ---
#
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


class _FuzzyFinder:
    """msgmerge's fuzzy index over the old entries that have a translation."""

    def __init__(self, entries: Sequence[PoEntry]) -> None:
        cands = [
            _Candidate(i, e.msgctxt, e.msgid, e.msgid.encode("utf-8"))
            for i, e in enumerate(entries)
            if _first_msgstr(e)
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
