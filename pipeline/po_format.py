"""PO bytes -> `Catalog`: BOM and line ends, the header's charset, then the entries.

The entries are read by the fast path (`po_fast`) when the file is in `msgcat`'s shape, else by
the strict line-by-line reader (`po_strict`). Pure functions on bytes/str; no file I/O. Writing
lives in `po_writer`.
"""

from __future__ import annotations

import codecs
import re

from .errors import CatalogError
from .model import Catalog, Location, PoEntry
from .po_fast import parse_fast
from .po_strict import parse_strict

_CHARSET_RE = re.compile(r"charset=([^\s;]+)")


def _split_lines(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n") if b"\n" in data else data.replace(b"\r", b"\n")
    return data


def _parse_text(text: str, path: str) -> list[PoEntry]:
    fast = parse_fast(text)
    if fast is not None:
        return fast
    return parse_strict(text, path)


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
