"""Line wrapping of PO strings exactly as GNU gettext's `msgcat` does it.

GNU `write-po.c` escapes each `\\n`-terminated portion of a string and hands it to libunistring's
`ulc_width_linebreaks`: break opportunities from Unicode line breaking (UAX #14, in the form of
libunistring 1.0's pair table), then a greedy fill to the page width, with widths by East Asian
Width. This module reproduces that for the scripts our leaflets use (Latin, Arabic, Chinese,
Japanese kana, Hangul syllables, Hebrew) and the ASCII punctuation of Markdown and URLs; the
classes, widths, pair table and fill are in `line_breaks`.

GNU also forbids breaks inside format directives of entries flagged `*-format`. For
`python-brace-format` this is emulated, gettext 0.21 quirk included, in `brace_format`.

Known differences, excluded from the tests: Brahmic/South-East-Asian complex scripts (class SA),
Hangul conjoining jamo, emoji modifier and regional-indicator sequences, and directives of the
other format languages (`c-format`, `python-format`...), which only matter for directives that
contain break opportunities, such as `% d`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from .brace_format import brace_protected_end
from .line_breaks import (
    AL,
    B2,
    BB,
    BK,
    CM,
    HL,
    ID,
    NO_BREAK,
    NU,
    OW,
    PAIRS,
    SP,
    ZW,
    ZWJ,
    char_properties,
    char_width,
    class_breaks,
    fill,
    line_break_class,
)

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


def _escape_portion(portion: str) -> tuple[list[str], list[bool]]:
    """The escaped characters of a portion, and for each whether it continues an escape."""
    chars: list[str] = []
    inside: list[bool] = []
    for ch in portion:
        named = _ESCAPES.get(ch)
        if named is not None or ch in '"\\':
            chars += ("\\", named or ch)
            inside += (False, True)
        else:
            chars.append(ch)
            inside.append(False)
    return chars, inside


def _protect(portion: str, breaks: list[int], inside: list[bool], offset: int, end: int) -> None:
    """No break before the characters at byte offsets 1..end of the value."""
    index = 0  # index in the escaped characters
    for ch in portion:
        if 1 <= offset <= end:
            breaks[index] = NO_BREAK
        offset += len(ch.encode())
        index += 2 if index + 1 < len(inside) and inside[index + 1] else 1


def _portions(value: str) -> list[str]:
    """`value` cut after each newline; always at least one (possibly empty) portion."""
    parts = value.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not out:
        out.append(parts[-1])
    return out


def wrap(
    keyword: str, value: str, *, prefix: str = "", page_width: int = 79, brace: bool = False
) -> list[str]:
    """The lines GNU writes for `keyword "value"` (without newlines), e.g. `msgid ""` + lines.

    `prefix` is `"#~ "` for obsolete entries, `"#| "` for previous msgids; `page_width` 0 means
    no wrapping (the `no-wrap` flag), only the split after each `\\n`. `brace` applies the
    `python-brace-format` directive rule.
    """
    return list(wrapped(keyword, value, prefix, page_width, brace))


_WRAPPED: dict[tuple[str, str, str, int, bool], tuple[str, ...]] = {}
_WRAPPED_LIMIT = 200_000  # results kept; the same msgid is written to a .pot and every .po


def wrapped(
    keyword: str, value: str, prefix: str = "", page_width: int = 79, brace: bool = False
) -> tuple[str, ...]:
    """`wrap` as a tuple, memoised: a msgid is wrapped once for the template and each locale."""
    key = (keyword, value, prefix, page_width, brace)
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) >= _WRAPPED_LIMIT:
            _WRAPPED.clear()
        lines = _WRAPPED[key] = tuple(_wrap(keyword, value, prefix, page_width, brace))
    return lines


def _cache_clear() -> None:
    """Forget memoised results (for benchmarks and tests)."""
    _WRAPPED.clear()


# --------------------------------------------------------------------------- fast path
#
# The same algorithm as `_wrap_generic`, organised around break *positions* instead of one
# value per character: a portion is escaped with one regex substitution, its characters are
# translated to (class, width) codes with `str.translate`, and the break opportunities are found
# by a regex built from the pair table. Portions that contain the classes whose rules look
# further than one pair (CM, ZW, ZWJ, BK, HL) go the generic way.

_CODE_BASE = 0x21  # code of (class, width) = chr(_CODE_BASE + 3 * class + width), all ASCII


def _code(cls: int, width: int) -> str:
    return chr(_CODE_BASE + 3 * cls + width)


class _Codes(dict[int, str]):
    """Code point -> (class, width) code, for `str.translate`; filled lazily."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = self[code] = _code(line_break_class(ch), char_width(ch))
        return value


_CODES = _Codes()
_CODE_WIDTH = {_code(cls, w): w for cls in range(BK + 1) for w in range(3)}


def _codes_of(classes: Sequence[int]) -> str:
    return "".join(re.escape(_code(cls, w)) for cls in classes for w in range(3))


_GENERIC_RE = re.compile(f"[{_codes_of((CM, ZW, ZWJ, BK, HL))}]")
_NOT_NARROW_RE = re.compile(
    "[" + "".join(re.escape(_code(cls, w)) for cls in range(BK + 1) for w in (0, 2)) + "]"
)

# "Simple" characters: below U+0700 (Latin, Greek, Cyrillic, Armenian, Arabic...), one column
# wide and of a class the pair table alone decides. Text made only of them is matched as it
# is, without translating it to codes first.
_SIMPLE_LIMIT = 0x0700


def _simple_chars() -> dict[int, list[str]]:
    simple: dict[int, list[str]] = {}
    for ch in map(chr, range(0x20, _SIMPLE_LIMIT)):
        cls = line_break_class(ch)
        if char_width(ch) == 1 and ((cls < len(PAIRS) and cls != HL) or cls == SP):
            simple.setdefault(cls, []).append(ch)
    return simple


_SIMPLE = _simple_chars()


def _char_set(chars: Sequence[str]) -> str:
    """A regex character-set body for `chars` (in code point order), with ranges."""
    parts: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        parts.append(
            re.escape(chars[i]) if i == j else f"{re.escape(chars[i])}-{re.escape(chars[j])}"
        )
        i = j + 1
    return "".join(parts)


def _simple_of(classes: Sequence[int]) -> str:
    return _char_set(sorted(ch for cls in classes for ch in _SIMPLE.get(cls, ())))


_NOT_SIMPLE_RE = re.compile(f"[^{_simple_of(list(_SIMPLE))}]")


def _break_regexes(
    chars_of: Callable[[Sequence[int]], str], space: str
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Three regexes (over codes or over simple text: `chars_of` gives the character set of some
    classes), each starting with a character set or a literal that the regex engine scans for
    quickly, for the three ways a break opportunity arises:

    - spaced: the spaces after a character that a break may follow (break at the match's end);
    - direct: a character other than a letter or digit, when a break may follow it without
      spaces (break at the end);
    - after a letter or digit: the character a break may come before (break at the start).
    """

    def one_of(classes: Sequence[int]) -> str:
        chars = chars_of(classes)
        return f"[{chars}]" if chars else "(?!)"

    handled = [cls for cls in range(len(PAIRS)) if cls != HL]
    by_spaced: dict[tuple[int, ...], list[int]] = {}
    by_direct: dict[tuple[int, ...], list[int]] = {}
    for before in handled:
        spaced = tuple(c for c in handled if PAIRS[before][c] in "DI")
        direct = tuple(c for c in handled if PAIRS[before][c] == "D")
        if spaced:
            by_spaced.setdefault(spaced, []).append(before)
        if direct:
            by_direct.setdefault(direct, []).append(before)
    spaced_re = "|".join(
        f"(?<={one_of(befores)}{space}){space}*(?={one_of(afters)})"
        for afters, befores in by_spaced.items()
    )
    letters = by_direct.pop(_LETTER_BREAKS)
    assert sorted(letters) == [AL, NU]
    others = sorted(c for befores in by_direct.values() for c in befores)
    direct_re = "|".join(
        f"(?<={one_of(befores)})(?={one_of(afters)})" for afters, befores in by_direct.items()
    )
    return (
        re.compile(f"{space}(?:{spaced_re})"),
        re.compile(f"{one_of(others)}(?:{direct_re})"),
        re.compile(f"{one_of(_LETTER_BREAKS)}(?<={one_of(letters)}.)", re.DOTALL),
    )


# The classes a letter or a digit may be directly followed by a break before.
_LETTER_BREAKS = (B2, BB, ID, OW)
_CODE_BREAKS = _break_regexes(_codes_of, re.escape(_code(SP, 1)))
_SIMPLE_BREAKS = _break_regexes(_simple_of, " ")
_NEEDS_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v"\\\\]')
_ESCAPED = str.maketrans({ch: "\\" + (_ESCAPES.get(ch) or ch) for ch in '\a\b\f\n\r\t\v"\\'})
_ESCAPE_PAIR_RE = re.compile(r"\\.", re.DOTALL)


class _Portion:
    """One escaped portion: its text, width, and (computed on demand) where it may break."""

    __slots__ = ("codes", "cum", "newline", "positions", "text", "total")

    def __init__(self, portion: str) -> None:
        self.newline = portion[-1:] == "\n"
        text = portion.translate(_ESCAPED) if _NEEDS_ESCAPE_RE.search(portion) else portion
        self.text = text
        self.cum: list[int] | None = None  # width before each index, None when it is the index
        self.positions: list[int] | None = None
        self.codes = ""  # empty for simple text, which the regexes read as it is
        if not _NOT_SIMPLE_RE.search(text):
            self.total = len(text)
        else:
            codes = self.codes = text.translate(_CODES)
            if _NOT_NARROW_RE.search(codes):
                self.cum = list(accumulate(map(_CODE_WIDTH.__getitem__, codes), initial=0))
                self.total = self.cum[-1]
            else:
                self.total = len(text)

    def breaks(self) -> list[int] | None:
        """The indexes a line may start at, or None when the generic way is needed."""
        if self.positions is None:
            codes = self.codes
            if not codes:
                codes, (spaced, others, after_letter) = self.text, _SIMPLE_BREAKS
            elif _GENERIC_RE.search(codes):
                return None
            else:
                spaced, others, after_letter = _CODE_BREAKS
            positions = [match.end() for match in spaced.finditer(codes)]
            direct = [match.end() for match in others.finditer(codes)]
            direct += [match.start() for match in after_letter.finditer(codes)]
            if direct:
                positions = sorted(positions + direct)
            text = self.text
            if "\\" in text:
                inside = {match.start() + 1 for match in _ESCAPE_PAIR_RE.finditer(text)}
                if self.newline:
                    inside.add(len(text) - 2)
                positions = [p for p in positions if p not in inside]
            self.positions = positions
        return self.positions

    def cuts(self, breaks: list[int], width: int, start: int) -> list[int]:
        """Greedy fill, as `fill`: the indexes where a new line starts."""
        cum = self.cum
        columns = breaks if cum is None else [cum[p] for p in breaks]
        total = self.total
        chosen: list[int] = []
        line_start = 0  # width before the current line
        column = start  # column the current line starts at
        k = 0  # first break after the start of the current line
        count = len(breaks)
        while column + total - line_start > width and k < count:
            j = bisect_right(columns, width - column + line_start, k) - 1
            if j < k:
                j = k  # nothing fits: the line ends at its first break
            chosen.append(breaks[j])
            line_start = columns[j]
            column = 0
            k = j + 1
        return chosen


def _wrap(keyword: str, value: str, prefix: str, page_width: int, brace: bool) -> list[str]:
    if brace and "{" in value and brace_protected_end(value):
        return _wrap_generic(keyword, value, prefix, page_width, brace)
    lines: list[str] = []
    first_line = True
    width = (page_width if page_width > 0 else 1 << 30) - 2 - len(prefix)
    portions = _portions(value) if "\n" in value else [value]
    last = len(portions) - 1
    for index, text in enumerate(portions):
        portion = _Portion(text)
        chars = portion.text
        start = len(keyword) + 1 if first_line else 0
        cuts: list[int] = []
        if start + portion.total > width:
            breaks = portion.breaks()
            if breaks is None:
                return _wrap_generic(keyword, value, prefix, page_width, brace)
            cuts = portion.cuts(breaks, width, start)
        if first_line and chars and (index < last or start > width or cuts):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            cuts = []
            if portion.total > width:
                breaks = portion.breaks()
                if breaks is None:
                    return _wrap_generic(keyword, value, prefix, page_width, brace)
                cuts = portion.cuts(breaks, width, 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        if not cuts:
            lines.append(f'{head}"{chars}"')
            continue
        begin = 0
        for cut in cuts:
            lines.append(f'{head}"{chars[begin:cut]}"')
            head, begin = prefix, cut
        lines.append(f'{head}"{chars[begin:]}"')
    return lines


def _wrap_generic(keyword: str, value: str, prefix: str, page_width: int, brace: bool) -> list[str]:
    """One value per character: the reference implementation, and the way for rare cases."""
    protected_end = brace_protected_end(value) if brace and "{" in value else 0
    offset = 0  # byte offset of the current portion in `value`
    lines: list[str] = []
    first_line = True
    after_break = len(prefix) + 1
    width = (page_width if page_width > 0 else 1 << 30) - 1 - after_break
    portions = _portions(value)
    for index, portion in enumerate(portions):
        chars, inside = _escape_portion(portion)
        classes, widths = char_properties(chars)
        total = sum(widths)
        breaks: list[int] = []
        if offset < protected_end or len(prefix) + len(keyword) + 1 + total > width:
            breaks = class_breaks(classes)
            for i, continues in enumerate(inside):
                if continues:
                    breaks[i] = NO_BREAK
            if offset < protected_end:
                _protect(portion, breaks, inside, offset, protected_end)
            if portion.endswith("\n"):
                breaks[len(chars) - 2] = NO_BREAK
        offset += len(portion.encode())
        more = index + 1 < len(portions)
        while True:
            start = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
            # Nothing to cut when the whole portion fits (the common, fast case).
            cuts = fill(widths, breaks, width, start) if breaks else []
            if first_line and chars and (more or start > width or cuts):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        begin = 0
        for cut in [*cuts, len(chars)]:
            lines.append(f'{head}"{"".join(chars[begin:cut])}"')
            head, begin = prefix, cut
    return lines
