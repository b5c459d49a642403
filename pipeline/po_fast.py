"""The fast PO reader: the entries of a file in `msgcat`'s shape, or None for `po_strict`.

Whatever it reads, it reads as the strict reader would; anything else it leaves to that reader,
which also reports the errors. Pure functions on str; no file I/O.
"""

from __future__ import annotations

import re

from .model import PoEntry, read_entry
from .po_strict import CONTROL_RE, Draft, Problem, escaped, read_previous

# The fast path reads files in the shape `format_catalog` writes (and `msgcat`): entries
# separated by one blank line, comments first, keywords at the start of their lines followed by
# one space and a string, continuation strings on their own lines, no other whitespace and no
# control character (as `CONTROL_RE`) anywhere. Any other shape, and anything the strict
# reader would reject, makes it give up, and the line-by-line reader (`po_strict`) reads the
# file (and reports the error) instead. The repeats are possessive (`*+`): what one gives
# back, nothing after it could match, so backtracking would only cost time.
_NOT = "\\n\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"  # a line break or a control character
_FAST_REST = rf"[^{_NOT}]*+"  # the rest of a line
_FAST_ONE = rf'"[^"\\{_NOT}]*+(?:\\[^{_NOT}][^"\\{_NOT}]*+)*+"'
_FAST_STRING = rf"{_FAST_ONE}(?:\n{_FAST_ONE})*+"
_FAST_ENTRY = (
    # Comments in msgcat's order, then any others (which are then read one by one).
    rf"((?:# {_FAST_REST}\n|#\n)*+)((?:#\. {_FAST_REST}\n)*+)((?:#: {_FAST_REST}\n)*+)"
    rf"((?:#, {_FAST_REST}\n)*+)((?:#\| {_FAST_REST}\n)*+)"
    rf"((?:#(?:[^~{_NOT}]{_FAST_REST})?\n)*+)"
    rf"(?:msgctxt ({_FAST_STRING})\n)?"
    rf"msgid ({_FAST_STRING})\n"
    rf"(?:msgid_plural ({_FAST_STRING})\n"
    rf"(msgstr\[0\] {_FAST_STRING}(?:\nmsgstr\[[0-9]+\] {_FAST_STRING})*+)"
    rf"|msgstr ({_FAST_STRING}))"
)
_FAST_END = r"(?:\n\n(?!\Z)|\n?\Z)"  # the blank line after an entry, or the file's end
# An active entry at the start of its block, with the blank line after it (or the file's end).
_FAST_ACTIVE_RE = re.compile(rf"{_FAST_ENTRY}{_FAST_END}")
# The common case of that, read with less work: only `#.` and `#:` comments, then a msgid and
# a msgstr whose only escapes are `\n` and `\"`; what it matches, `_FAST_ACTIVE_RE` matches
# the same way. Groups hold what is read without slicing: the comments without their first
# marker and last line break, the strings without their first and last quote.
_FAST_PLAIN_BODY = rf'[^"\\{_NOT}]*+(?:(?:\\["n]|"\n")[^"\\{_NOT}]*+)*+'
_FAST_PLAIN_RE = re.compile(
    rf"(?:#\. ({_FAST_REST}(?:\n#\. {_FAST_REST})*+)\n)?"
    rf"(?:#: ({_FAST_REST}(?:\n#: {_FAST_REST})*+)\n)?"
    rf'msgid "({_FAST_PLAIN_BODY})"\nmsgstr "({_FAST_PLAIN_BODY})"{_FAST_END}'
)
# A whole block once the `#~ ` of its obsolete lines is removed.
_FAST_BLOCK_RE = re.compile(rf"{_FAST_ENTRY}\n?")
_FAST_FORM_RE = re.compile(r"(?:^|\n)msgstr\[([0-9]+)\] ")
# An escape sequence, or the `"\n"` between two strings of one value.
_FAST_ESCAPE_RE = re.compile(r'\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)|"\n"')


class _GiveUp(Exception):
    """The fast reader met something it leaves to the line-by-line reader."""


def parse_fast(text: str) -> list[PoEntry] | None:
    """The entries of a file in `msgcat`'s shape, or None when the strict reader must read it."""
    entries: list[PoEntry] = []
    # Keys as `po_strict`'s `_finish` compares them, but a plain msgid for an entry without
    # msgctxt: a string never equals a tuple, and most entries need no tuple.
    keys: set[str | tuple[str | None, str]] = set()
    line = 1  # the line `counted` is on
    counted = pos = 0
    size = len(text)
    plain = _FAST_PLAIN_RE.match
    active = _FAST_ACTIVE_RE.match
    count = text.count
    append = entries.append
    try:
        while pos < size:
            match = plain(text, pos)
            if match is not None:
                dots, colons, msgid, msgstr = match.groups()
                start = match.start(3)
                line += count("\n", counted, start)
                counted = start
                msgid = msgid.replace('"\n"', "")
                if "\\" in msgid:
                    msgid = _plain_unescaped(msgid)
                msgstr = msgstr.replace('"\n"', "")
                if "\\" in msgstr:
                    msgstr = _plain_unescaped(msgstr)
                keys.add(msgid)
                # Positional, in the order of PoEntry's fields: msgid, msgstr, msgctxt, plural,
                # forms, comments, extracted, references, flags, previous msgctxt/msgid/plural,
                # obsolete, line.
                append(
                    read_entry(
                        msgid,
                        msgstr,
                        None,
                        None,
                        (),
                        (),
                        _plain_extracted(dots),
                        () if colons is None else tuple(colons.replace("\n#: ", "\n").split()),
                        (),
                        None,
                        None,
                        None,
                        False,
                        line,
                    )
                )
                pos = match.end()
                continue
            match = active(text, pos)
            if match is not None:
                start = match.start(8)
                line += count("\n", counted, start)
                counted = start
                entry = _fast_entry(match, line, obsolete=False)
                pos = match.end()
            else:  # an obsolete entry, or a block the strict reader must read
                end = text.find("\n\n", pos)
                end = size if end < 0 else end
                line += count("\n", counted, pos)
                counted = pos
                entry = _obsolete_entry(text[pos:end], line)
                pos = end + 2
            keys.add(entry.msgid if entry.msgctxt is None else (entry.msgctxt, entry.msgid))
            append(entry)
    except _GiveUp:
        return None
    if len(keys) != len(entries):
        return None  # a duplicate entry: the strict reader reports it
    return entries


def _plain_unescaped(value: str) -> str:
    """The `\\n` and `\\"` escapes of a `_FAST_PLAIN_RE` string, its joins already removed. A
    backslash there always starts one of them, so none can overlap (as in `_unescaped_lines`).
    """
    return value.replace("\\n", "\n").replace('\\"', '"')


def _plain_extracted(dots: str | None) -> tuple[str, ...]:
    """The `#.` comments of a `_FAST_PLAIN_RE` match; most entries have just one."""
    if dots is None:
        return ()
    return (dots,) if "\n" not in dots else tuple(dots.split("\n#. "))


def _obsolete_entry(block: str, line: int) -> PoEntry:
    """The entry of a block whose keyword lines all start with `#~`, which starts at `line`."""
    if "#~" not in block:
        raise _GiveUp
    cut = block.find("\n#~") + 1 if block[:2] != "#~" else 0  # where the `#~` lines start
    if cut == 0 and block[:2] != "#~":
        raise _GiveUp
    rest = "\n" + block[cut:]
    if "\n#~ #" in rest or "\n#~|" in rest.replace("\n#~| ", ""):
        raise _GiveUp
    lines = rest.count("\n")
    if rest.count("\n#~ ") + rest.count("\n#~| ") != lines - rest.endswith("\n"):
        raise _GiveUp
    body = block[:cut] + rest.replace("\n#~| ", "\n#| ").replace("\n#~ ", "\n")[1:]
    match = _FAST_BLOCK_RE.fullmatch(body)
    if match is None or match.end(6) < cut:
        raise _GiveUp  # (or an obsolete entry's keywords do not all start with #~)
    return _fast_entry(match, line + body.count("\n", 0, match.start(8)), obsolete=True)


def _fast_entry(match: re.Match[str], line: int, *, obsolete: bool) -> PoEntry:
    """The entry `_FAST_ENTRY` matched, its msgid on `line`."""
    mine, dots, colons, commas, bars, others, ctxt, msgid, plural, forms, msgstr = match.groups()
    if others:  # comments in another order: read them all one by one
        comments = match.string[match.start() : match.end(6) - 1]
        translator, extracted, references, flags, bars = _any_comments(comments)
    else:
        translator = tuple([raw[2:] for raw in mine[:-1].split("\n")]) if mine else ()
        extracted = tuple(dots[3:-1].split("\n#. ")) if dots else ()
        references = tuple(colons[3:].replace("\n#: ", "\n").split()) if colons else ()
        flags = _flags_of(commas[3:-1].replace("\n#, ", ",")) if commas else ()
    previous = _fast_previous(bars) if bars else (None, None, None)
    if plural is None:
        plural_value = None
        values: tuple[str, ...] = ()
    else:
        plural_value = _fast_string(plural)
        values = _fast_forms(forms)
    return read_entry(
        msgid=msgid[1:-1].replace('"\n"', "") if "\\" not in msgid else _unescaped_lines(msgid),
        msgstr=(
            ""
            if msgstr is None
            else _unescaped_lines(msgstr)
            if "\\" in msgstr
            else msgstr[1:-1].replace('"\n"', "")
        ),
        msgctxt=None if ctxt is None else _fast_string(ctxt),
        msgid_plural=plural_value,
        msgstr_plural=values,
        translator_comments=translator,
        extracted_comments=extracted,
        references=references,
        flags=flags,
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        obsolete=obsolete,
        line=line,
    )


def _flags_of(text: str) -> tuple[str, ...]:
    """The flags of a `#,` line's text (after the `#,`), as the strict reader splits them."""
    return tuple([f for f in (p.strip() for p in text.split(",")) if f])


_Comments = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str]


def _any_comments(text: str) -> _Comments:
    """Translator, extracted, references, flags and the `#|` lines of comment lines in any
    order (already matched by `_FAST_ENTRY`)."""
    translator: list[str] = []
    extracted: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    bars = ""
    for raw in text.split("\n"):
        marker = raw[1:2]
        if marker == ".":
            extracted.append(raw[3:] if raw[2:3] == " " else raw[2:])
        elif marker == ":":
            references += raw[2:].split()
        elif marker == ",":
            flags += _flags_of(raw[2:])
        elif marker == "|":
            bars += raw + "\n"
        else:
            translator.append(raw[2:] if raw[1:2] == " " else raw[1:])
    return tuple(translator), tuple(extracted), tuple(references), tuple(flags), bars


def _fast_previous(bars: str) -> tuple[str | None, str | None, str | None]:
    """The `#|` msgctxt, msgid and msgid_plural of `#| ...` lines, each ending in a line break."""
    draft = Draft()
    try:
        for raw in bars[:-1].split("\n"):
            read_previous(draft, raw[2:].strip())
    except Problem:
        raise _GiveUp from None
    found = draft.previous
    return found.get("msgctxt"), found.get("msgid"), found.get("msgid_plural")


def _fast_forms(forms: str) -> tuple[str, ...]:
    """The values of `msgstr[N]` lines, which must be numbered 0, 1, 2..."""
    parts = _FAST_FORM_RE.split(forms)
    if parts[1::2] != [str(i) for i in range(len(parts) // 2)]:
        raise _GiveUp
    return tuple(_fast_string(part) for part in parts[2::2])


def _fast_string(text: str) -> str:
    """The value of one or more `"..."` lines, already matched by `_FAST_STRING`."""
    if "\\" not in text:
        return text[1:-1].replace('"\n"', "")
    return _unescaped_lines(text)


def _unescaped_lines(text: str) -> str:
    """`_fast_string` for lines with escapes, all decoded in one pass.

    Within `_FAST_STRING` a `"` followed by a line break always closes a string, and a number
    escape ends at a `"`, so the joins and the escapes are found as each line's would be.
    """
    body = text[1:-1]
    if "\\\\" not in body and body.count("\\") == body.count("\\n") + body.count('\\"'):
        # Only `\n` and `\"` escapes (a header, a quotation), and no `\\`: none can overlap.
        return body.replace('"\n"', "").replace("\\n", "\n").replace('\\"', '"')
    try:
        value = _FAST_ESCAPE_RE.sub(_fast_escaped, body)
    except ValueError:
        raise _GiveUp from None
    if CONTROL_RE.search(value):
        raise _GiveUp
    return value


def _fast_escaped(match: re.Match[str]) -> str:
    seq = match.group(1)
    return "" if seq is None else escaped(seq)
