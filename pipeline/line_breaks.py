"""Unicode line breaking and character widths as libunistring 1.0 does them for GNU gettext.

The line-break class of a character (UAX #14, with libunistring's resolutions), its width in
columns (East Asian Width), the break opportunities between characters (libunistring's pair
table) and the greedy fill to a page width (`u8_width_linebreaks`). `po_wrap` wraps PO strings
with them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Line-break classes (UAX #14 names; OW is an East Asian wide OP, which allows a break after
# letters and digits, UAX #14 LB30). Those up to OW index the pair table below.
AL, NU, OP, CP, CL, QU, EX, IS, SY, PR, PO, HY, BA, B2, BB, GL, IN, NS, ID, WJ, HL, OW = range(22)
SP, CM, ZW, ZWJ, BK = range(22, 27)

# The pair table: PAIRS[before][after] is "D" (direct break allowed), "I" (break allowed only
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
PAIRS: tuple[str, ...] = tuple(_ROWS[name] for name in _COLUMNS)

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


def char_properties(chars: Sequence[str]) -> tuple[list[int], list[int]]:
    """The line-break class and the width of each character (memoised per character)."""
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
    return class_breaks(char_properties(text)[0])


def class_breaks(classes: list[int]) -> list[int]:
    """`break_opportunities` from the characters' line-break classes."""
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
                pair = PAIRS[last][cls]
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
