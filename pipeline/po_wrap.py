"""Line wrapping of PO strings exactly as GNU gettext's `msgcat` does it.

GNU `write-po.c` escapes each `\\n`-terminated portion of a string and hands it to libunistring's
`ulc_width_linebreaks`: break opportunities from Unicode line breaking (UAX #14, in the form of
libunistring 1.0's pair table), then a greedy fill to the page width, with widths by East Asian
Width. This module reproduces that for the scripts our leaflets use (Latin, Arabic, Chinese,
Japanese kana, Hangul syllables, Hebrew) and the ASCII punctuation of Markdown and URLs.

GNU also forbids breaks inside format directives of entries flagged `*-format`. For
`python-brace-format` this is emulated, gettext 0.21 quirk included, in `brace_format`.

Known differences, excluded from the tests: Brahmic/South-East-Asian complex scripts (class SA),
Hangul conjoining jamo, emoji modifier and regional-indicator sequences, and directives of the
other format languages (`c-format`, `python-format`...), which only matter for directives that
contain break opportunities, such as `% d`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from .brace_format import brace_protected_end

# Line-break classes (UAX #14 names; OW is an East Asian wide OP, which allows a break after
# letters and digits, UAX #14 LB30). Those up to OW index the pair table below.
AL, NU, OP, CP, CL, QU, EX, IS, SY, PR, PO, HY, BA, B2, BB, GL, IN, NS, ID, WJ, HL, OW = range(22)
SP, CM, ZW, ZWJ, BK = range(22, 27)

# The pair table: _PAIRS[before][after] is "D" (direct break allowed), "I" (break allowed only
# when spaces intervene) or "P" (never). Measured from libunistring 1.0, which deliberately
# allows a break in IS x AL (after "." or "," before a letter) and SY x AL (after "/").
_COLUMNS = ["AL", "NU", "OP", "CP", "CL", "QU", "EX", "IS", "SY", "PR", "PO", "HY", "BA", "B2"]
_COLUMNS += ["BB", "GL", "IN", "NS", "ID", "WJ", "HL", "OW"]
_ROWS = {
    "AL": "IIIPPIPPPIIIIDDIIIDPID",
    "NU": "IIIPPIPPPIIIIDDIIIDPID",
    "OP": "PPPPPPPPPPPPPPPPPPPPPP",
    "CP": "IIDPPIPPPIIIIDDIIIDPID",
    "CL": "DDDPPIPPPIIIIDDIIPDPDD",
    "QU": "IIPPPIPPPIIIIIIIIIIPIP",
    "EX": "DDDPPIPPPDDIIDDIIIDPDD",
    "IS": "DIDPPIPPPDDIIDDIIIDPDD",
    "SY": "DIDPPIPPPDDIIDDIIIDPID",
    "PR": "IIIPPIPPPDDIIDDIIIIPII",
    "PO": "IIIPPIPPPDDIIDDIIIDPII",
    "HY": "DIDPPIPPPDDIIDDDIIDPDD",
    "BA": "DDDPPIPPPDDIIDDDIIDPDD",
    "B2": "DDDPPIPPPDDIIPDIIIDPDD",
    "BB": "IIIPPIPPPIIIIIIIIIIPII",
    "GL": "IIIPPIPPPIIIIIIIIIIPII",
    "IN": "DDDPPIPPPDDIIDDIIIDPDD",
    "NS": "DDDPPIPPPDDIIDDIIIDPDD",
    "ID": "DDDPPIPPPDIIIDDIIIDPDD",
    "WJ": "IIIPPIPPPIIIIIIIIIIPII",
    "HL": "IIIPPIPPPIIIIDDIIIDPID",
    "OW": "PPPPPPPPPPPPPPPPPPPPPP",
}
_PAIRS: tuple[str, ...] = tuple(_ROWS[name] for name in _COLUMNS)

_ASCII: dict[str, int] = {
    " ": SP, "!": EX, '"': QU, "$": PR, "%": PO, "'": QU, "(": OP, ")": CP, "+": PR, ",": IS,
    "-": HY, ".": IS, "/": SY, ":": IS, ";": IS, "?": EX, "[": OP, "\\": PR, "]": CP, "{": OP,
    "|": BA, "}": CL, "\t": BA,
}  # fmt: skip

# Non-ASCII characters whose class differs from what their general category suggests.
_SPECIAL: dict[int, int] = {
    0x00A0: GL, 0x00A1: OP, 0x00A2: PO, 0x00A3: PR, 0x00A4: PR, 0x00A5: PR, 0x00AB: QU,
    0x00AD: BA, 0x00B0: PO, 0x00B1: PR, 0x00B4: BB, 0x00BB: QU, 0x00BF: OP, 0x02C8: BB,
    0x02CC: BB, 0x02DF: BB, 0x034F: GL, 0x035C: GL, 0x035D: GL, 0x035E: GL, 0x035F: GL,
    0x0360: GL, 0x0361: GL, 0x0362: GL, 0x037E: IS, 0x05BE: BA, 0x05C6: EX, 0x0609: PO,
    0x060A: PO, 0x060B: PO, 0x060C: IS, 0x060D: IS, 0x061B: EX, 0x061D: EX, 0x061E: EX,
    0x061F: EX, 0x066A: PO, 0x066B: NU, 0x066C: NU, 0x06D4: EX, 0x06DD: AL, 0x08E2: AL,
    0x0F0B: BA, 0x1680: BA, 0x2007: GL, 0x200B: ZW, 0x200D: ZWJ, 0x2010: BA, 0x2011: GL,
    0x2012: BA, 0x2013: BA, 0x2014: B2, 0x2018: QU, 0x2019: QU, 0x201A: OP, 0x201B: QU,
    0x201C: QU, 0x201D: QU, 0x201E: OP, 0x201F: QU, 0x2024: IN, 0x2025: IN, 0x2026: IN,
    0x2027: BA, 0x2028: BK, 0x2029: BK, 0x202F: GL, 0x2030: PO, 0x2031: PO, 0x2032: PO,
    0x2033: PO, 0x2034: PO, 0x2035: PO, 0x2036: PO, 0x2037: PO, 0x2039: QU, 0x203A: QU,
    0x203C: NS, 0x203D: NS, 0x2044: IS, 0x2047: NS, 0x2048: NS, 0x2049: NS, 0x2056: BA,
    0x2058: BA, 0x2059: BA, 0x205A: BA, 0x205B: BA, 0x205D: BA, 0x205E: BA, 0x2060: WJ,
    0x20A7: PO, 0x20AC: PR, 0x20B6: PO, 0x20BB: PO, 0x20BE: PO, 0x2103: PO, 0x2109: PO,
    0x2116: PR, 0x2212: PR, 0x2213: PR, 0x22EF: IN, 0x2E3A: B2, 0x2E3B: B2, 0x3000: BA,
    0x3001: CL, 0x3002: CL, 0x3005: NS, 0x301C: NS, 0x3035: CM, 0x303B: NS, 0x303C: NS,
    0x303F: ID, 0x309B: NS, 0x309C: NS, 0x309D: NS, 0x309E: NS, 0x30A0: NS, 0x30FB: NS,
    0x30FD: NS, 0x30FE: NS, 0xFDFC: PO, 0xFE50: CL, 0xFE52: CL, 0xFE54: NS, 0xFE55: NS,
    0xFE56: EX, 0xFE57: EX, 0xFE69: PR, 0xFE6A: PO, 0xFEFF: WJ, 0xFF01: EX, 0xFF04: PR,
    0xFF05: PO, 0xFF09: CL, 0xFF0C: CL, 0xFF0E: CL, 0xFF1A: NS, 0xFF1B: NS, 0xFF1F: EX,
    0xFF3D: CL, 0xFF61: CL, 0xFF64: CL, 0xFF65: NS, 0xFF9E: NS, 0xFF9F: NS, 0xFFE0: PO,
    0xFFE1: PR, 0xFFE5: PR, 0xFFE6: PR,
}  # fmt: skip

# Japanese small kana and the prolonged sound mark (class CJ, resolved to NS by libunistring).
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿー"
)

_BY_CATEGORY: dict[str, int] = {
    "Mn": CM, "Mc": CM, "Me": CM, "Cf": CM, "Cc": CM, "Nd": NU, "Ps": OP, "Pe": CL, "Pi": QU,
    "Pf": QU, "Zs": BA, "Zl": BK, "Zp": BK, "Sc": PR,
}  # fmt: skip


def line_break_class(ch: str) -> int:
    """The UAX #14 line-break class of one character, as libunistring resolves it for UTF-8."""
    cls = _ASCII.get(ch)
    if cls is not None:
        return cls
    code = ord(ch)
    if code < 0x80:
        return NU if "0" <= ch <= "9" else (CM if code < 0x20 or code == 0x7F else AL)
    cls = _SPECIAL.get(code)
    if cls is not None:
        return cls
    if ch in _SMALL_KANA:
        return NS
    if 0x05D0 <= code <= 0x05F2 or 0xFB1D <= code <= 0xFB4F:
        return HL if unicodedata.category(ch) == "Lo" else CM
    if 0x0600 <= code <= 0x0605 or 0x2061 <= code <= 0x2064:
        return AL  # format characters that line breaking treats as letters
    if 0xFF66 <= code <= 0xFFDC:
        return NS if 0xFF67 <= code <= 0xFF70 else ID  # halfwidth katakana and hangul
    if 0x0E00 <= code <= 0x0EFF or 0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF:
        return AL  # complex scripts (SA): libunistring treats them as AL
    category = unicodedata.category(ch)
    cls = _BY_CATEGORY.get(category)
    east_asian = unicodedata.east_asian_width(ch)
    if cls == OP and east_asian in "WFH":
        return OW
    if east_asian in "WF":
        # Wide characters are ideographic (ID) unless they are punctuation with a class.
        return cls if cls in (CL, CM) else ID
    return AL if cls is None else cls


def char_width(ch: str) -> int:
    """Display columns of one character (East Asian Width; ambiguous counts as narrow)."""
    code = ord(ch)
    if code < 0x7F:
        return 1 if code >= 0x20 else 0
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf", "Cc") or 0x1160 <= code <= 0x11FF or code == 0x200B:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


# Break values, as in libunistring.
NO_BREAK, BREAK, MANDATORY = 0, 1, 2


_PROPERTIES: dict[str, tuple[int, int]] = {}  # character -> (class, width), filled lazily


def _properties(chars: Sequence[str]) -> tuple[list[int], list[int]]:
    classes: list[int] = []
    widths: list[int] = []
    for ch in chars:
        props = _PROPERTIES.get(ch)
        if props is None:
            props = _PROPERTIES[ch] = (line_break_class(ch), char_width(ch))
        classes.append(props[0])
        widths.append(props[1])
    return classes, widths


def break_opportunities(text: Sequence[str]) -> list[int]:
    """For each character: may a line break before it (BREAK), must one (MANDATORY), or not."""
    return _breaks(_properties(text)[0])


def _breaks(classes: list[int]) -> list[int]:
    result = [NO_BREAK] * len(classes)
    last = BK  # class of the last character that is not a space or a combining mark
    seen_space = False
    after_zwj = False
    hebrew_hyphen = False  # the last two characters were HL and then HY or BA (UAX #14 LB21a)
    for i, cls in enumerate(classes):
        if cls < SP:
            if last == ZW:
                result[i] = BREAK
            elif last != BK and not after_zwj and not (hebrew_hyphen and not seen_space):
                pair = _PAIRS[last][cls]
                if pair == "D" or (pair == "I" and seen_space):
                    result[i] = BREAK
            hebrew_hyphen = cls in (HY, BA) and last == HL and not seen_space
            last, seen_space = cls, False
        elif cls == SP:
            seen_space = True
        elif cls == BK:
            result[i] = MANDATORY
            last, seen_space = BK, False
        elif cls == ZW:
            last, seen_space = ZW, False
        elif last == BK:  # CM or ZWJ at the start
            last, seen_space = AL, False
        elif last == ZW or seen_space:
            result[i] = BREAK
            last, seen_space = AL, False
        after_zwj = cls == ZWJ
    return result


def fill(widths: Sequence[int], breaks: list[int], width: int, start_column: int) -> list[int]:
    """Greedy fill (libunistring `u8_width_linebreaks`): the indexes where a new line starts."""
    chosen: list[int] = []
    last_break = -1
    last_column = start_column
    piece_width = 0
    for i, brk in enumerate(breaks):
        if brk != NO_BREAK:
            if last_break >= 0 and last_column + piece_width > width:
                if not chosen or chosen[-1] != last_break:
                    chosen.append(last_break)
                last_column = 0
            if brk == MANDATORY:
                last_break, last_column, piece_width = -1, 0, 0
                continue
            last_break = i
            last_column += piece_width
            piece_width = 0
        piece_width += widths[i]
    last_fits = last_column + piece_width <= width
    if last_break >= 0 and not last_fits and (not chosen or chosen[-1] != last_break):
        chosen.append(last_break)
    return chosen


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
        if char_width(ch) == 1 and ((cls < len(_PAIRS) and cls != HL) or cls == SP):
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

    handled = [cls for cls in range(len(_PAIRS)) if cls != HL]
    by_spaced: dict[tuple[int, ...], list[int]] = {}
    by_direct: dict[tuple[int, ...], list[int]] = {}
    for before in handled:
        spaced = tuple(c for c in handled if _PAIRS[before][c] in "DI")
        direct = tuple(c for c in handled if _PAIRS[before][c] == "D")
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
        classes, widths = _properties(chars)
        total = sum(widths)
        breaks: list[int] = []
        if offset < protected_end or len(prefix) + len(keyword) + 1 + total > width:
            breaks = _breaks(classes)
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
