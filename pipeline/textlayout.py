"""Plain-text line wrapping that counts columns the way a terminal or text editor shows them.

East Asian Wide and Fullwidth characters take two columns, combining marks and invisible
format characters (ZWJ, the bidi isolates U+2066..U+2069) none. Lines break at spaces and, in
Chinese and Japanese, next to an ideograph or kana (between two of them, or between one and a
Latin word or number, as UAX #14 allows), following the basic kinsoku rules: never
before closing punctuation (，。」…) or small kana, never after opening punctuation (（「…). A
run between a bidi isolate opener and its U+2069 is kept on one line when it fits (it is a
phone number or a date filled into a placeholder). A word longer than a whole line is broken
hard, except a URL, which is left whole on a line of its own so it still works when copied.
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "wrap"]

_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
_ISOLATE_CLOSE = "\u2069"
# Spaces a line may break at. No-break spaces (U+00A0, U+2007, U+202F) are not among them.
_BREAK_SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a")
_BREAK_SPACES |= frozenset("\u205f\u3000")
# No line may start with these (closing punctuation, small kana, iteration and prolonged marks).
_NO_BREAK_BEFORE = frozenset(
    "，。、；：？！）」』】〕〉》〗〙〛”’・…‥ー゛゜ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ",.;:?!)]}%｝］｠｡､ｰ"
)
# No line may end with these (opening punctuation).
_NO_BREAK_AFTER = frozenset("（「『【〔〈《〖〘〚“‘([{｛［｟｢")
_URL_PREFIXES = ("http://", "https://", "mailto:", "tel:", "www.")


def char_width(char: str) -> int:
    """Columns taken by one code point: 0, 1 or 2."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if 0x1160 <= code <= 0x11FF or code == 0x200B:  # Hangul medial/final jamo, zero width space
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes on one line of a monospaced display."""
    return sum(char_width(c) for c in text)


def _cjk(char: str) -> bool:
    """Ideographs, kana and CJK punctuation: a line may break between two of them."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK symbols and punctuation, hiragana, katakana
        or 0x31F0 <= code <= 0x31FF  # katakana phonetic extensions
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF01 <= code <= 0xFF60  # fullwidth forms
        or 0xFF61 <= code <= 0xFF9F  # halfwidth CJK punctuation and katakana
        or 0x20000 <= code <= 0x3FFFF  # supplementary ideographic planes
    )


def _may_break_between(before: str, after: str) -> bool:
    """Inside a run without spaces: only next to a CJK character, as UAX #14 allows."""
    if after in _ISOLATE_OPEN:  # before a filled-in value, as before any other word
        return _cjk(before) and before not in _NO_BREAK_AFTER
    if char_width(after) == 0:  # never separate a mark from its base
        return False
    if not (_cjk(before) or _cjk(after)):
        return False
    return after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER


def _words(line: str) -> list[tuple[str, list[str]]]:
    """Split one line into (separator before it, pieces) words.

    A word is a run between breaking spaces (spaces inside a bidi isolate do not count); its
    pieces are the parts between the CJK break opportunities inside it, joined with nothing.
    """
    words: list[tuple[str, list[str]]] = []
    separator = ""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0

    def finish_word() -> None:
        nonlocal pieces, current
        if current:
            pieces.append("".join(current))
        if pieces:
            words.append((separator, pieces))
        pieces, current = [], []

    for char in line:
        if depth == 0 and char in _BREAK_SPACES:
            if current or pieces:
                finish_word()
                separator = ""
            if not separator:  # a run of spaces becomes its first space
                separator = " " if char == "\t" else char
            continue
        if current and depth == 0 and _may_break_between(current[-1], char):
            pieces.append("".join(current))
            current = []
        if char in _ISOLATE_OPEN:
            depth += 1
        elif char == _ISOLATE_CLOSE and depth:
            depth -= 1
        current.append(char)
    finish_word()
    if words:  # no separator before the first word of a line
        words[0] = ("", words[0][1])
    return words


def _is_url(piece: str) -> bool:
    lowered = piece.lstrip("(<[\u2068").lower()
    return lowered.startswith(_URL_PREFIXES)


def _hard_break(piece: str, room: int) -> list[str]:
    """Cut `piece` into chunks of at most `room` columns, never splitting off a mark."""
    chunks: list[str] = []
    current = ""
    width = 0
    for char in piece:
        w = char_width(char)
        if current and w and width + w > room:
            chunks.append(current)
            current, width = "", 0
        current += char
        width += w
    if current:
        chunks.append(current)
    return chunks


def _wrap_line(line: str, width: int, indent: str, next_indent: str) -> list[str]:
    lines: list[str] = []
    current = indent
    used = display_width(indent)
    empty = True  # nothing but the indent on the current line

    def flush() -> None:
        nonlocal current, used, empty
        lines.append(current.rstrip())
        current = next_indent
        used = display_width(next_indent)
        empty = True

    for separator, pieces in _words(line):
        for number, piece in enumerate(pieces):
            glue = separator if number == 0 and not empty else ""
            piece_width = display_width(piece)
            if used + display_width(glue) + piece_width <= width:
                current += glue + piece
                used += display_width(glue) + piece_width
                empty = False
                continue
            if not empty:
                flush()
            room = max(width - used, 1)
            if piece_width <= room or _is_url(piece):
                current += piece
                used += piece_width
                empty = False
                continue
            chunks = _hard_break(piece, room)
            for chunk in chunks[:-1]:
                current += chunk
                empty = False
                flush()
            current += chunks[-1]
            used += display_width(chunks[-1])
            empty = False
    if not empty or not lines:
        lines.append(current.rstrip())
    return lines


def wrap(
    text: str, width: int = 72, *, initial_indent: str = "", subsequent_indent: str = ""
) -> list[str]:
    """Wrap `text` into lines of at most `width` display columns, indents included.

    A newline in `text` is a forced line break; the lines after it take `subsequent_indent`.
    Trailing spaces are removed. Returns no lines for a text that is empty or only spaces.
    Only an unbreakable URL can make a line longer than `width`.
    """
    if not text.strip():
        return []
    out: list[str] = []
    indent = initial_indent
    for line in text.split("\n"):
        if line.strip():
            out.extend(_wrap_line(line, width, indent, subsequent_indent))
        else:
            out.append(indent.rstrip())
        indent = subsequent_indent
    return out
