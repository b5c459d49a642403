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

import dataclasses
import re
from collections.abc import Iterable

from .fuzzy_search import FuzzyFinder, first_msgstr
from .model import Catalog, PoEntry, read_entry

_DEFAULT_NPLURALS = 2

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

    finder: FuzzyFinder | None = None
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
            finder = FuzzyFinder(olds)
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
    kept = [e for e in obsolete if first_msgstr(e)]
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
    if entry.fuzzy and first_msgstr(entry):
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
