"""PO text -> `Catalog`: a strict reader, with a fast path for files in `msgcat`'s shape.

Pure functions on bytes/str; no file I/O. Writing lives in `po_writer`.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, field

from .errors import CatalogError
from .model import Catalog, Location, PoEntry, read_entry

_UNESCAPE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_UNESCAPE |= {"\\": "\\", '"': '"'}
_ESCAPE_SEQ_RE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.?)", re.DOTALL)


def unescape(body: str) -> str:
    """The value of a PO string literal's inside. Raises ValueError on an invalid escape."""
    if "\\" not in body:
        return body
    return _ESCAPE_SEQ_RE.sub(lambda match: _escaped(match.group(1)), body)


def _escaped(seq: str) -> str:
    """The character of the escape sequence `\\seq`."""
    if seq in _UNESCAPE:
        return _UNESCAPE[seq]
    if seq[:1] == "x":
        code = int(seq[1:], 16)
        if code > sys.maxunicode:  # chr() would raise OverflowError for the largest ones
            raise ValueError("chr() arg not in range(0x110000)")
        return chr(code)
    if seq[:1].isdigit() and seq[0] in "01234567":
        return chr(int(seq, 8))
    raise ValueError(f"invalid escape sequence '\\{seq}'" if seq else "backslash at end")


# --------------------------------------------------------------------------- reading

_KEYWORD_RE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?(?=[\s"]|$)\s*')
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_STAGE = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}
_PREVIOUS = ("msgctxt", "msgid", "msgid_plural")
_CHARSET_RE = re.compile(r"charset=([^\s;]+)")
# Control characters no translation needs (NUL would also end the string in a compiled .mo);
# tab, newline and carriage return stay allowed.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class _Draft:
    """The entry being read: comments so far, then keyword values in file order."""

    comments: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    previous_last: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # keyword -> line of its first use
    forms: list[str] = field(default_factory=list)
    stage: int = -1  # _STAGE of the last keyword read, -1 before any
    last: str = ""  # the field a continuation string extends ("0", "1"... for msgstr[N])
    obsolete: bool | None = None

    def entry(self) -> PoEntry:
        plural = self.fields.get("msgid_plural")
        return PoEntry(
            msgid=self.fields["msgid"],
            msgstr=self.fields.get("msgstr", ""),
            msgctxt=self.fields.get("msgctxt"),
            msgid_plural=plural,
            msgstr_plural=tuple(self.forms),
            translator_comments=tuple(self.comments),
            extracted_comments=tuple(self.extracted),
            references=tuple(self.references),
            flags=tuple(self.flags),
            previous_msgctxt=self.previous.get("msgctxt"),
            previous_msgid=self.previous.get("msgid"),
            previous_msgid_plural=self.previous.get("msgid_plural"),
            obsolete=bool(self.obsolete),
            line=self.lines["msgid"],
        )


class _Problem(Exception):
    """A syntax error found by a helper; `_parse_text` adds the path and the current line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_INCONSISTENT = "inconsistent use of #~: an entry's lines must all be obsolete or all active"


def _string(text: str) -> str:
    """The value of `"..."` (surrounding whitespace already removed)."""
    if text[:1] != '"':
        raise _Problem(f"expected a string in double quotes, found '{text[:20]}'")
    body = text[1:-1]
    if "\\" not in body and '"' not in body and len(text) > 1 and text[-1] == '"':
        value = body  # the fast, common case
    else:
        match = _STRING_RE.match(text)
        if match is None:
            raise _Problem("unterminated string")
        if match.end() != len(text):
            raise _Problem("text after the closing quote of a string")
        try:
            value = unescape(match.group(1))
        except ValueError as error:
            raise _Problem(str(error)) from None
    control = _CONTROL_RE.search(value)
    if control is not None:
        raise _Problem(f"control character U+{ord(control.group()):04X} in a string")
    return value


def _keyword(draft: _Draft, keyword: str, index: str | None, obsolete: bool) -> str:
    """Check that `keyword` may come now; returns the field a continuation line extends."""
    name = f"{keyword}[{index}]" if index is not None else keyword
    stage = _STAGE[keyword]
    if draft.obsolete is not None and draft.obsolete != obsolete:
        raise _Problem(_INCONSISTENT)
    if stage <= 1 and draft.stage < stage:
        return keyword
    if draft.stage in (0, 1, 2) and stage == draft.stage:
        raise _Problem(f"duplicate '{name}' (first at line {draft.lines[keyword]})")
    if stage < 3 and draft.stage >= stage:
        raise _Problem(f"'{name}' after '{_last_name(draft)}': keywords out of order")
    if draft.stage < 1:
        raise _Problem(f"'{name}' without a preceding 'msgid'")
    plural = "msgid_plural" in draft.fields
    if keyword == "msgid_plural":
        return keyword
    if index is None:
        if plural:
            raise _Problem("plain 'msgstr' in an entry with 'msgid_plural'; use 'msgstr[0]'")
        if draft.stage == 3:
            raise _Problem(f"duplicate 'msgstr' (first at line {draft.lines['msgstr']})")
        return keyword
    if not plural:
        raise _Problem(f"'{name}' in an entry without 'msgid_plural'; use a plain 'msgstr'")
    expected = len(draft.forms)
    if index != str(expected):
        raise _Problem(f"'{name}' out of sequence: expected 'msgstr[{expected}]'")
    return index


def _last_name(draft: _Draft) -> str:
    if draft.stage == 3:
        return "msgstr" if "msgstr" in draft.fields else f"msgstr[{len(draft.forms) - 1}]"
    return next(k for k, v in _STAGE.items() if v == draft.stage)


def _split_lines(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n") if b"\n" in data else data.replace(b"\r", b"\n")
    return data


def _comment(draft: _Draft, line: str, raw: str, obsolete: bool) -> None:
    """A `#...` line (the `#~` of an obsolete `#~|` already removed from `line`)."""
    marker = line[1:2]
    if marker == "|":
        _previous(draft, line[2:].strip())
    elif marker == ",":
        draft.flags += [f for f in (p.strip() for p in line[2:].split(",")) if f]
    elif marker == ":":
        draft.references += line[2:].split()
    elif marker == ".":
        text = raw.lstrip()[2:]
        draft.extracted.append(text[1:] if text[:1] == " " else text)
    else:
        text = raw.lstrip()[1:]
        draft.comments.append(text[1:] if text[:1] == " " else text)


def _finish(draft: _Draft, entries: list[PoEntry], seen: dict[tuple[str | None, str], int]) -> None:
    if draft.stage < 3:
        if draft.stage >= 0:
            line = draft.lines.get("msgid") or draft.lines["msgctxt"]
            raise _Problem("missing 'msgstr' for this entry", line)
        return  # comments after the last entry: GNU ignores them too
    entry = draft.entry()
    first = seen.setdefault(entry.key, entry.line)
    if first != entry.line:
        what = f"msgid '{entry.msgid[:40]}'"
        if entry.msgctxt is not None:
            what += f" (msgctxt '{entry.msgctxt[:40]}')"
        raise _Problem(f"duplicate entry for {what}, first defined at line {first}", entry.line)
    entries.append(entry)


# The fast path reads files in the shape `format_catalog` writes (and `msgcat`): entries
# separated by one blank line, comments first, keywords at the start of their lines followed by
# one space and a string, continuation strings on their own lines, no other whitespace and no
# control character (as `_CONTROL_RE`) anywhere. Any other shape, and anything the strict
# reader would reject, makes it give up, and the line-by-line reader below reads the file (and
# reports the error) instead. The repeats are possessive (`*+`): what one gives back, nothing
# after it could match, so backtracking would only cost time.
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


def _parse_fast(text: str) -> list[PoEntry] | None:
    """The entries of a file in `msgcat`'s shape, or None when the strict reader must read it."""
    entries: list[PoEntry] = []
    # Keys as `_finish` compares them, but a plain msgid for an entry without msgctxt: a
    # string never equals a tuple, and most entries need no tuple.
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
    draft = _Draft()
    try:
        for raw in bars[:-1].split("\n"):
            _previous(draft, raw[2:].strip())
    except _Problem:
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
    if _CONTROL_RE.search(value):
        raise _GiveUp
    return value


def _fast_escaped(match: re.Match[str]) -> str:
    seq = match.group(1)
    return "" if seq is None else _escaped(seq)


def _parse_text(text: str, path: str) -> list[PoEntry]:
    fast = _parse_fast(text)
    if fast is not None:
        return fast
    entries: list[PoEntry] = []
    seen: dict[tuple[str | None, str], int] = {}
    draft = _Draft()
    number = 0
    try:
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            first = line[:1]
            if not first:
                if draft.stage == 3:  # a blank line ends a complete entry
                    _finish(draft, entries, seen)
                    draft = _Draft()
                continue
            if first == '"':
                _continuation(draft, line, obsolete=False)
                continue
            obsolete = False
            if first == "#" and line[1:2] == "~":
                obsolete = True
                line = line[2:].lstrip()
                first = line[:1]
                if not first:
                    continue
                if first == "|":
                    line = "#" + line
                    first = "#"
                elif first == '"':
                    _continuation(draft, line, obsolete=True)
                    continue
            if first == "#":
                if 0 <= draft.stage < 3:
                    where = 0 if line[1:2] == "|" else draft.lines.get("msgid", 0)
                    raise _Problem("missing 'msgstr' before this comment", where)
                if draft.stage == 3:
                    _finish(draft, entries, seen)
                    draft = _Draft()
                _comment(draft, line, raw, obsolete)
                continue
            match = _KEYWORD_RE.match(line)
            if match is None:
                word = line.split()[0][:30]
                raise _Problem(f"unknown keyword or text outside a string: '{word}'")
            keyword, index = match.group(1), match.group(2)
            if keyword != "msgstr" and index is not None:
                raise _Problem(f"unknown keyword '{line.split()[0][:30]}'")
            if draft.stage == 3 and keyword in ("msgctxt", "msgid"):
                _finish(draft, entries, seen)
                draft = _Draft()
            key = _keyword(draft, keyword, index, obsolete)
            value = _string(line[match.end() :])
            draft.obsolete = obsolete
            draft.stage = _STAGE[keyword]
            draft.last = key
            draft.lines.setdefault(keyword, number)
            if index is None:
                draft.fields[key] = value
            else:
                draft.forms.append(value)
        _finish(draft, entries, seen)
    except _Problem as problem:
        raise CatalogError(problem.message, Location(path, problem.line or number)) from None
    return entries


def _continuation(draft: _Draft, line: str, *, obsolete: bool) -> None:
    """A `"..."` line (`#~ "..."` when `obsolete`) extending the field read last."""
    if not draft.last:
        raise _Problem("string without a keyword before it")
    if bool(draft.obsolete) != obsolete:
        raise _Problem(_INCONSISTENT)
    if draft.last in draft.fields:
        draft.fields[draft.last] += _string(line)
    else:
        draft.forms[int(draft.last)] += _string(line)


def _previous(draft: _Draft, line: str) -> None:
    """A `#| msgid "..."` line or its continuation `#| "..."`."""
    if line[:1] == '"':
        if not draft.previous_last:
            raise _Problem("'#|' string without a keyword before it")
        draft.previous[draft.previous_last] += _string(line)
        return
    match = _KEYWORD_RE.match(line)
    if match is None or match.group(1) not in _PREVIOUS or match.group(2) is not None:
        raise _Problem(f"unexpected text in a '#|' comment: '{line[:30]}'")
    keyword = match.group(1)
    if keyword in draft.previous:
        raise _Problem(f"duplicate '#| {keyword}'")
    if draft.previous_last and _PREVIOUS.index(keyword) < _PREVIOUS.index(draft.previous_last):
        raise _Problem(f"'#| {keyword}' after '#| {draft.previous_last}': keywords out of order")
    draft.previous[keyword] = _string(line[match.end() :])
    draft.previous_last = keyword


def _charset(entries: list[PoEntry]) -> tuple[str | None, int]:
    for entry in entries:
        if entry.is_header:
            match = _CHARSET_RE.search(entry.msgstr)
            return (match.group(1) if match else None), entry.line
    return None, 0


def _charset_line(text: str, header_line: int) -> int:
    """The line of the header's `charset=`, for an error about it (else the header's line)."""
    if not header_line:
        return header_line
    lines = text.split("\n")
    return next(
        (n for n in range(header_line, len(lines) + 1) if "charset=" in lines[n - 1]),
        header_line,
    )


def _decode(data: bytes) -> tuple[str, bool]:
    """The text to read and whether it is valid UTF-8 (one decoding in the common case).

    Invalid bytes become surrogates and are reported after the syntax is read, as before."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="surrogateescape"), False


def parse_catalog(data: bytes, *, path: str, template: bool = False) -> Catalog:
    """Read PO (or, with `template`, POT) bytes strictly; raise CatalogError at the bad line.

    A UTF-8 BOM, CRLF and CR-only line ends are accepted. The header's charset decides the
    decoding; `CHARSET` (the POT placeholder) means UTF-8 in a template and is an error in a PO.
    """
    data = _split_lines(data)
    text, utf8 = _decode(data)
    entries = _parse_text(text, path)
    charset, header_line = _charset(entries)
    encoding = "utf-8"
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        if charset == "CHARSET" and template:
            pass
        elif charset == "CHARSET":
            message = "charset is the template placeholder 'CHARSET'; set 'charset=UTF-8'"
            raise CatalogError(message, Location(path, _charset_line(text, header_line)))
        else:
            try:
                encoding = codecs.lookup(charset).name
            except LookupError:
                message = f"unknown charset '{charset}' in the Content-Type header"
                where = Location(path, _charset_line(text, header_line))
                raise CatalogError(message, where) from None
    if encoding == "utf-8" and utf8:
        return Catalog(entries=tuple(entries), path=path)
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"invalid {charset or 'UTF-8'} byte 0x{data[error.start]:02x}"
        raise CatalogError(message, Location(path, line)) from None
    if encoding != "utf-8":
        entries = _parse_text(decoded, path)
    return Catalog(entries=tuple(entries), path=path)
