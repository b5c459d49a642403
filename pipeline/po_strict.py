"""The strict, line-by-line PO reader: PO text -> entries, or `CatalogError` at the bad line.

Also the grammar of PO string literals (escapes, control characters) and the `#|` reader,
which the fast path shares. Pure functions on str; no file I/O.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from .errors import CatalogError
from .model import Location, PoEntry

_UNESCAPE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_UNESCAPE |= {"\\": "\\", '"': '"'}
_ESCAPE_SEQ_RE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.?)", re.DOTALL)


def unescape(body: str) -> str:
    """The value of a PO string literal's inside. Raises ValueError on an invalid escape."""
    if "\\" not in body:
        return body
    return _ESCAPE_SEQ_RE.sub(lambda match: escaped(match.group(1)), body)


def escaped(seq: str) -> str:
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
# Control characters no translation needs (NUL would also end the string in a compiled .mo);
# tab, newline and carriage return stay allowed.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class Draft:
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


class Problem(Exception):
    """A syntax error found by a helper; `parse_strict` adds the path and the current line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_INCONSISTENT = "inconsistent use of #~: an entry's lines must all be obsolete or all active"


def _string(text: str) -> str:
    """The value of `"..."` (surrounding whitespace already removed)."""
    if text[:1] != '"':
        raise Problem(f"expected a string in double quotes, found '{text[:20]}'")
    body = text[1:-1]
    if "\\" not in body and '"' not in body and len(text) > 1 and text[-1] == '"':
        value = body  # the fast, common case
    else:
        match = _STRING_RE.match(text)
        if match is None:
            raise Problem("unterminated string")
        if match.end() != len(text):
            raise Problem("text after the closing quote of a string")
        try:
            value = unescape(match.group(1))
        except ValueError as error:
            raise Problem(str(error)) from None
    control = CONTROL_RE.search(value)
    if control is not None:
        raise Problem(f"control character U+{ord(control.group()):04X} in a string")
    return value


def _keyword(draft: Draft, keyword: str, index: str | None, obsolete: bool) -> str:
    """Check that `keyword` may come now; returns the field a continuation line extends."""
    name = f"{keyword}[{index}]" if index is not None else keyword
    stage = _STAGE[keyword]
    if draft.obsolete is not None and draft.obsolete != obsolete:
        raise Problem(_INCONSISTENT)
    if stage <= 1 and draft.stage < stage:
        return keyword
    if draft.stage in (0, 1, 2) and stage == draft.stage:
        raise Problem(f"duplicate '{name}' (first at line {draft.lines[keyword]})")
    if stage < 3 and draft.stage >= stage:
        raise Problem(f"'{name}' after '{_last_name(draft)}': keywords out of order")
    if draft.stage < 1:
        raise Problem(f"'{name}' without a preceding 'msgid'")
    plural = "msgid_plural" in draft.fields
    if keyword == "msgid_plural":
        return keyword
    if index is None:
        if plural:
            raise Problem("plain 'msgstr' in an entry with 'msgid_plural'; use 'msgstr[0]'")
        if draft.stage == 3:
            raise Problem(f"duplicate 'msgstr' (first at line {draft.lines['msgstr']})")
        return keyword
    if not plural:
        raise Problem(f"'{name}' in an entry without 'msgid_plural'; use a plain 'msgstr'")
    expected = len(draft.forms)
    if index != str(expected):
        raise Problem(f"'{name}' out of sequence: expected 'msgstr[{expected}]'")
    return index


def _last_name(draft: Draft) -> str:
    if draft.stage == 3:
        return "msgstr" if "msgstr" in draft.fields else f"msgstr[{len(draft.forms) - 1}]"
    return next(k for k, v in _STAGE.items() if v == draft.stage)


def _comment(draft: Draft, line: str, raw: str, obsolete: bool) -> None:
    """A `#...` line (the `#~` of an obsolete `#~|` already removed from `line`)."""
    marker = line[1:2]
    if marker == "|":
        read_previous(draft, line[2:].strip())
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


def _finish(draft: Draft, entries: list[PoEntry], seen: dict[tuple[str | None, str], int]) -> None:
    if draft.stage < 3:
        if draft.stage >= 0:
            line = draft.lines.get("msgid") or draft.lines["msgctxt"]
            raise Problem("missing 'msgstr' for this entry", line)
        return  # comments after the last entry: GNU ignores them too
    entry = draft.entry()
    first = seen.setdefault(entry.key, entry.line)
    if first != entry.line:
        what = f"msgid '{entry.msgid[:40]}'"
        if entry.msgctxt is not None:
            what += f" (msgctxt '{entry.msgctxt[:40]}')"
        raise Problem(f"duplicate entry for {what}, first defined at line {first}", entry.line)
    entries.append(entry)


def parse_strict(text: str, path: str) -> list[PoEntry]:
    """The entries of `text`, read line by line; a malformed line raises `CatalogError`."""
    entries: list[PoEntry] = []
    seen: dict[tuple[str | None, str], int] = {}
    draft = Draft()
    number = 0
    try:
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            first = line[:1]
            if not first:
                if draft.stage == 3:  # a blank line ends a complete entry
                    _finish(draft, entries, seen)
                    draft = Draft()
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
                    raise Problem("missing 'msgstr' before this comment", where)
                if draft.stage == 3:
                    _finish(draft, entries, seen)
                    draft = Draft()
                _comment(draft, line, raw, obsolete)
                continue
            match = _KEYWORD_RE.match(line)
            if match is None:
                word = line.split()[0][:30]
                raise Problem(f"unknown keyword or text outside a string: '{word}'")
            keyword, index = match.group(1), match.group(2)
            if keyword != "msgstr" and index is not None:
                raise Problem(f"unknown keyword '{line.split()[0][:30]}'")
            if draft.stage == 3 and keyword in ("msgctxt", "msgid"):
                _finish(draft, entries, seen)
                draft = Draft()
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
    except Problem as problem:
        raise CatalogError(problem.message, Location(path, problem.line or number)) from None
    return entries


def _continuation(draft: Draft, line: str, *, obsolete: bool) -> None:
    """A `"..."` line (`#~ "..."` when `obsolete`) extending the field read last."""
    if not draft.last:
        raise Problem("string without a keyword before it")
    if bool(draft.obsolete) != obsolete:
        raise Problem(_INCONSISTENT)
    if draft.last in draft.fields:
        draft.fields[draft.last] += _string(line)
    else:
        draft.forms[int(draft.last)] += _string(line)


def read_previous(draft: Draft, line: str) -> None:
    """A `#| msgid "..."` line or its continuation `#| "..."`."""
    if line[:1] == '"':
        if not draft.previous_last:
            raise Problem("'#|' string without a keyword before it")
        draft.previous[draft.previous_last] += _string(line)
        return
    match = _KEYWORD_RE.match(line)
    if match is None or match.group(1) not in _PREVIOUS or match.group(2) is not None:
        raise Problem(f"unexpected text in a '#|' comment: '{line[:30]}'")
    keyword = match.group(1)
    if keyword in draft.previous:
        raise Problem(f"duplicate '#| {keyword}'")
    if draft.previous_last and _PREVIOUS.index(keyword) < _PREVIOUS.index(draft.previous_last):
        raise Problem(f"'#| {keyword}' after '#| {draft.previous_last}': keywords out of order")
    draft.previous[keyword] = _string(line[match.end() :])
    draft.previous_last = keyword
