"""Where gettext 0.21 forbids line breaks in a `python-brace-format` string.

GNU forbids breaks inside format directives of entries flagged `*-format`. For
`python-brace-format` this is emulated including a gettext 0.21 quirk: the directive offsets are
taken relative to the directive instead of the string, so a valid `{name}` of n bytes protects
bytes 1..n-1 *of the whole string* (`brace_protected_end`). The directives are parsed as
gettext 0.21's `format-python-brace.c` does, errors included: an error before the end of the
first directive lifts the protection.
"""

from __future__ import annotations


def _brace_directive(data: bytes, start: int, top: list[int] | None) -> tuple[int, int, int]:
    """Parse the directive at `data[start] == "{"` like gettext 0.21's format-python-brace.c.

    Returns (end, error, next): the offset of the closing brace or of the error, *relative to
    `start`* (-1 when absent), and where parsing continues. `top` counts [numbered, unnamed]
    fields for a top-level directive, None for a nested one.
    """

    def at(i: int) -> int:
        return data[i] if i < len(data) else 0

    def field(i: int, digits: bool) -> int:
        first = at(i)
        if not (chr(first).isascii() and (chr(first).isalpha() or first == 95)):
            if not (digits and 48 <= first <= 57):
                return i
            while 48 <= at(i) <= 57:
                i += 1
            return i
        while at(i) == 95 or (at(i) < 128 and chr(at(i)).isalnum()):
            i += 1
        return i

    j = start + 1
    if at(j) == 123:  # "{{"
        return -1, -1, j + 1
    name_start = j
    j = field(j, digits=True)
    if j > name_start:
        while at(j) in (46, 91):  # "." getattr, "[" getitem
            if at(j) == 46:
                after = field(j + 1, digits=False)
                if after == j + 1:
                    return -1, (j if at(j + 1) == 0 else j + 1) - start, -1
                j = after
            else:
                after = field(j + 1, digits=True)
                if after == j + 1 or at(after) != 93:
                    return -1, -1, -1  # 0.21 marks no error position here
                j = after + 1
    elif at(j) == 0:
        return -1, j - 1 - start, -1
    elif top is None or at(j) not in (58, 125):
        return -1, j - start, -1
    name_end = j
    if at(j) == 58:  # ":" format spec
        if top is None:
            return -1, j - start, -1
        j += 1
        if at(j) == 123:
            _, error, j = _brace_directive(data, j, None)
            if j < 0:
                return -1, error, -1
        elif at(j) == 0:
            return -1, j - 1 - start, -1
        else:
            j += 2 if at(j + 1) in b"<>=^" else 1 if at(j) in b"<>=^" else 0
            j += at(j) in b"+- "
            j += at(j) == 35
            j += at(j) == 48
            while 48 <= at(j) <= 57:
                j += 1
            if at(j) == 46 and 48 <= at(j + 1) <= 57:
                j += 1
                while 48 <= at(j) <= 57:
                    j += 1
            j += at(j) in b"bcdoxXneEfFgG%"
    if at(j) != 125:
        return -1, j - start, -1
    if top is not None:
        numbered = name_end > name_start and 48 <= data[name_start] <= 57
        kind = 0 if numbered else 1 if name_end == name_start else 2
        if kind < 2 and top[1 - kind]:
            return -1, j - start, -1
        if kind < 2:
            top[kind] += 1
        return j - start, -1, j + 1
    return -1, -1, j + 1


def brace_protected_end(value: str) -> int:
    """The last byte offset where gettext 0.21 forbids a break in a `python-brace-format`
    string (from offset 1 on), or 0. See the module docstring for the quirk reproduced."""
    data = value.encode()
    top = [0, 0]
    ends: list[int] = []
    errors: list[int] = []
    i = 0
    while i < len(data):
        if data[i] != 123:
            i += 1
            continue
        end, error, i = _brace_directive(data, i, top)
        if end >= 0:
            ends.append(end)
        if error >= 0:
            errors.append(error)
        if i < 0:
            break
    if not ends:
        return 0
    first_end = min(ends)
    return first_end if not errors or min(errors) > first_end else 0
