"""`Catalog` -> PO text, byte-identical to what GNU `msgcat` writes for the same file.

Pure functions; no file I/O. Line wrapping lives in `po_wrap`, reading in `po_format`.

`format_catalog` writes what `msgcat` (default options) writes, including its normalisations:
obsolete entries go last and are dropped when untranslated, `fuzzy` is dropped from
untranslated entries, references lose a leading `./` and duplicates, known flags are put in
GNU's order (`fuzzy`, `*-format`, `range:`, `no-wrap`) and `wrap` is dropped. One deliberate
difference: flags GNU does not know are kept (after the known ones), where `msgcat` drops them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Catalog, PoEntry

PAGE_WIDTH = 79

# GNU gettext 0.21's format languages, in the order it writes their flags.
_FORMATS = [
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal"),
    *("smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace"),
    *("php", "gcc-internal", "gfc-internal", "ycp"),
]
_FLAG_RANK = {f"{no}{name}-format": i for i, name in enumerate(_FORMATS) for no in ("", "no-")}

_ESCAPE = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE |= {"\v": "\\v", "\\": "\\\\", '"': '\\"'}
_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v\\\\"]')


def escape(text: str) -> str:
    """`text` as the inside of a C/PO string literal (GNU's escapes, nothing else)."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPE[m.group()], text)


def _reference(token: str) -> tuple[str, int | None]:
    name, colon, number = token.rpartition(":")
    if colon and name and number.isascii() and number.isdigit():
        return name, int(number)
    return token, None


def _references(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The `#:` lines: GNU drops duplicates and `./`, and fills lines up to the page width."""
    lines = _REFERENCE_LINES.get(tokens)
    if lines is None:
        if len(_REFERENCE_LINES) >= _MEMO_LIMIT:
            _REFERENCE_LINES.clear()
        lines = _REFERENCE_LINES[tokens] = tuple(_reference_lines(tokens))
    return lines


def _reference_lines(tokens: tuple[str, ...]) -> list[str]:
    seen: set[tuple[str, int | None]] = set()
    lines: list[str] = []
    line = "#:"
    for token in tokens:
        name, number = _reference(token)
        if (name, number) in seen:
            continue
        seen.add((name, number))
        while name.startswith("./"):
            name = name[2:]
        text = name if number is None else f"{name}:{number}"
        if len(line) > 2 and len(line) + len(text) + 1 > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + text
    return [*lines, line] if tokens else []


# Memoised per distinct input: the same references and flags recur in the .pot and every .po.
_MEMO_LIMIT = 100_000
_REFERENCE_LINES: dict[tuple[str, ...], tuple[str, ...]] = {}
_FLAG_LINES: dict[tuple[tuple[str, ...], bool, bool], tuple[tuple[str, ...], int, bool]] = {}


def _flags(flags: tuple[str, ...], obsolete: bool, translated: bool) -> list[str]:
    known = [f for f in dict.fromkeys(flags) if f in _FLAG_RANK]
    known.sort(key=_FLAG_RANK.__getitem__)
    ranges = [f for f in flags if f.startswith("range:")] if not obsolete else []
    unknown = [f for f in flags if f not in _FLAG_RANK and not f.startswith("range:")]
    unknown = [f for f in dict.fromkeys(unknown) if f not in ("fuzzy", "wrap", "no-wrap")]
    fuzzy = ["fuzzy"] if "fuzzy" in flags and translated else []
    no_wrap = ["no-wrap"] if "no-wrap" in flags else []
    flags_out = [*fuzzy, *known, *ranges[-1:], *no_wrap, *unknown]
    return ["#, " + ", ".join(flags_out)] if flags_out else []


def _flag_info(
    flags: tuple[str, ...], obsolete: bool, translated: bool
) -> tuple[tuple[str, ...], int, bool]:
    """The `#,` line, the page width and whether `python-brace-format` rules apply."""
    key = (flags, obsolete, translated)
    info = _FLAG_LINES.get(key)
    if info is None:
        width = 0 if "no-wrap" in flags else PAGE_WIDTH
        # GNU protects the directives of the first format language the entry is flagged with.
        formats = sorted((_FLAG_RANK[f], f) for f in flags if f in _FLAG_RANK and f[:3] != "no-")
        brace = bool(formats) and formats[0][1] == "python-brace-format"
        if len(_FLAG_LINES) >= _MEMO_LIMIT:
            _FLAG_LINES.clear()
        info = _FLAG_LINES[key] = (tuple(_flags(flags, obsolete, translated)), width, brace)
    return info


def _comment_lines(marker: str, texts: tuple[str, ...]) -> list[str]:
    lines = []
    for text in texts:
        for part in text.split("\n") if marker == "#" else (text,):
            lines.append(f"{marker} {part}" if part else marker)
    return lines


def format_entry(entry: PoEntry) -> list[str]:
    """One entry's lines as `msgcat` writes them (an untranslated obsolete entry gives none)."""
    from .po_wrap import wrapped  # its tables cost ~30 ms to build; commands that only read skip it

    return _entry_lines(entry, wrapped)


def _entry_lines(entry: PoEntry, wrapped: Callable[..., tuple[str, ...]]) -> list[str]:
    plural = entry.msgid_plural
    obsolete = entry.obsolete
    if plural is None:
        translated = entry.msgstr != ""
    else:
        translated = bool(entry.msgstr_plural) and entry.msgstr_plural[0] != ""
    if obsolete and not translated:
        return []
    lines = _comment_lines("#", entry.translator_comments) if entry.translator_comments else []
    if entry.extracted_comments:
        lines += _comment_lines("#.", entry.extracted_comments)
    if entry.references:
        lines += _references(entry.references)
    flag_lines, width, brace = _flag_info(entry.flags, obsolete, translated)
    lines += flag_lines
    previous = "#~| " if obsolete else "#| "
    prefix = "#~ " if obsolete else ""
    if entry.previous_msgctxt is not None:
        lines += wrapped("msgctxt", entry.previous_msgctxt, previous, width, brace)
    if entry.previous_msgid is not None:
        lines += wrapped("msgid", entry.previous_msgid, previous, width, brace)
    if entry.previous_msgid_plural is not None:
        lines += wrapped("msgid_plural", entry.previous_msgid_plural, previous, width, brace)
    if entry.msgctxt is not None:
        lines += wrapped("msgctxt", entry.msgctxt, prefix, width, brace)
    lines += wrapped("msgid", entry.msgid, prefix, width, brace)
    if plural is None:
        lines += wrapped("msgstr", entry.msgstr, prefix, width, brace)
    else:
        lines += wrapped("msgid_plural", plural, prefix, width, brace)
        for i, form in enumerate(entry.msgstr_plural or ("",)):
            lines += wrapped(f"msgstr[{i}]", form, prefix, width, brace)
    return lines


def format_catalog(catalog: Catalog) -> str:
    """The catalog as PO text, byte-identical (once UTF-8 encoded) to `msgcat`'s output."""
    ordered = [e for e in catalog.entries if not e.obsolete]
    ordered += [e for e in catalog.entries if e.obsolete]
    from .po_wrap import wrapped

    entries = (_entry_lines(entry, wrapped) for entry in ordered)
    blocks = ["\n".join(lines) + "\n" for lines in entries if lines]
    return "\n".join(blocks)
