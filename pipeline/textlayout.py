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

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable

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
# Ideographs, kana and CJK punctuation: a line may break between two of them.
_CJK_RANGES = (
    (0x3000, 0x30FF),  # CJK symbols and punctuation, hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF01, 0xFF60),  # fullwidth forms
    (0xFF61, 0xFF9F),  # halfwidth CJK punctuation and katakana
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)
# Speed: whole-string tests done by the regex engine instead of a Python loop per character.
_ANY_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")
_SPACES = re.escape("".join(sorted(_BREAK_SPACES)))
_SPACE_RUN = re.compile(f"([{_SPACES}]+)")
_ANY_ISOLATE = re.compile("[\u2066-\u2069]")
# A closed bidi isolate with no other isolate inside, and a word of a line whose isolates are
# all such: spaces before it, then runs of characters other than spaces and isolate marks, and
# whole isolates (the spaces inside one belong to the word).
_FLAT_ISOLATE = re.compile("[\u2066-\u2068][^\u2066-\u2069]*\u2069")
_ISOLATED_WORD = re.compile(
    f"([{_SPACES}]*)((?:[^{_SPACES}\u2066-\u2069]+|{_FLAT_ISOLATE.pattern})+)"
)
_OTHER_BREAK_SPACE = re.compile("[" + re.escape("".join(sorted(_BREAK_SPACES - {" "}))) + "]")
# Blocks searched for one-column characters: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
# Syriac, Thaana, NKo; Latin and Greek extended, punctuation, currency and letterlike symbols.
_SIMPLE_BLOCKS = (range(0x20, 0x800), range(0x1E00, 0x2200))


def _char_width(char: str) -> int:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if 0x1160 <= code <= 0x11FF or code == 0x200B:  # Hangul medial/final jamo, zero width space
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _PerChar(dict[str, int]):
    """A property of each code point, computed the first time the character is seen."""

    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, char: str) -> int:
        value = self[char] = self._compute(char)
        return value


_WIDTH = _PerChar(_char_width)


def char_width(char: str) -> int:
    """Columns taken by one code point: 0, 1 or 2."""
    return _WIDTH[char]


def display_width(text: str) -> int:
    """Columns `text` takes on one line of a monospaced display."""
    if text.isascii() and text.isprintable():  # printable ASCII: one column each
        return len(text)
    return _other_width(text)


@functools.lru_cache(maxsize=16384)
def _other_width(text: str) -> int:
    """`display_width` of a text that is not all printable ASCII.

    Cached: the wrappers ask for the width of every word, and the words of a language recur
    on every page in it.
    """
    if _not_simple().search(text) is None:  # Latin, Cyrillic, Arabic...: one column each
        return len(text)
    return sum(map(_WIDTH.__getitem__, text))


def _cjk(char: str) -> bool:
    """Ideographs, kana and CJK punctuation: a line may break between two of them."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


# Break classes of a character, as bits.
_IS_CJK = 1
_NOT_AFTER = 2  # in _NO_BREAK_AFTER
_NOT_BEFORE = 4  # in _NO_BREAK_BEFORE
_ZERO = 8  # no width: never separated from the character before it
_OPEN = 16  # a bidi isolate opener
_CLOSE = 32  # the bidi isolate closer


def _char_class(char: str) -> int:
    return (
        (_IS_CJK if _cjk(char) else 0)
        | (_NOT_AFTER if char in _NO_BREAK_AFTER else 0)
        | (_NOT_BEFORE if char in _NO_BREAK_BEFORE else 0)
        | (_ZERO if char_width(char) == 0 else 0)
        | (_OPEN if char in _ISOLATE_OPEN else 0)
        | (_CLOSE if char == _ISOLATE_CLOSE else 0)
    )


_CLASS = _PerChar(_char_class)


def _may_break_between(before: str, after: str) -> bool:
    """Inside a run without spaces: only next to a CJK character, as UAX #14 allows."""
    b, a = _CLASS[before], _CLASS[after]
    if a & _OPEN:  # before a filled-in value, as before any other word
        return b & (_IS_CJK | _NOT_AFTER) == _IS_CJK
    if a & (_ZERO | _NOT_BEFORE) or b & _NOT_AFTER:  # never separate a mark from its base
        return False
    return bool((a | b) & _IS_CJK)


def _depth_after(text: str, depth: int) -> int:
    """The bidi isolate nesting depth after `text`, starting at `depth`."""
    for char in text:
        if char in _ISOLATE_OPEN:
            depth += 1
        elif char == _ISOLATE_CLOSE and depth:
            depth -= 1
    return depth


def _pieces(word: str) -> list[str]:
    """The parts of one word between its CJK break opportunities, outside bidi isolates."""
    if _ANY_CJK.search(word) is None:  # no CJK character: no break opportunity
        return [word]
    classes = _CLASS
    pieces: list[str] = []
    start = 0
    depth = 0
    before = classes[word[0]]
    for index in range(1, len(word)):
        if before & _OPEN:
            depth += 1
        elif before & _CLOSE and depth:
            depth -= 1
        after = classes[word[index]]
        if depth == 0:
            if after & _OPEN:
                split = before & (_IS_CJK | _NOT_AFTER) == _IS_CJK
            elif after & (_ZERO | _NOT_BEFORE) or before & _NOT_AFTER:
                split = False
            else:
                split = bool((after | before) & _IS_CJK)
            if split:
                pieces.append(word[start:index])
                start = index
        before = after
    pieces.append(word[start:])
    return pieces


def _words(line: str) -> list[tuple[str, list[str]]]:
    """Split one line into (separator before it, pieces) words: the model `_wrap_words` follows.

    A word is a run between breaking spaces (spaces inside a bidi isolate do not count); its
    pieces are the parts between the CJK break opportunities inside it, joined with nothing.
    A run of spaces becomes its first space (a tab becomes U+0020). `_wrap_words` splits a
    word into its pieces only when the whole word does not fit.
    """
    return [(separator, _pieces(word)) for separator, word in _plain_words(line)]


def _plain_words(line: str) -> list[tuple[str, str]]:
    """`_words` without splitting the words into pieces."""
    if _ANY_ISOLATE.search(line) is None:  # every run of spaces separates two words
        parts = _SPACE_RUN.split(line)  # word, spaces, word, ..., word (words may be empty)
        words = [
            (" " if spaces[0] == "\t" else spaces[0], word)
            for spaces, word in zip(parts[1::2], parts[2::2], strict=True)
            if word
        ]
        if parts[0]:
            words.insert(0, ("", parts[0]))
    elif _flat_isolates(line):
        words = [
            (" " if spaces[:1] == "\t" else spaces[:1], word)
            for spaces, word in _ISOLATED_WORD.findall(line)
        ]
    else:
        words = _isolated_words(_SPACE_RUN.split(line))
    if words:  # no separator before the first word of a line
        words[0] = ("", words[0][1])
    return words


def _flat_isolates(line: str) -> bool:
    """Every bidi isolate of `line` is closed and holds no other one."""
    return _ANY_ISOLATE.search(_FLAT_ISOLATE.sub("", line)) is None


def _spaced_words(line: str) -> list[str]:
    """The words of a line without CJK characters whose breaking spaces are all U+0020."""
    if _ANY_ISOLATE.search(line) is None:
        return [word for word in line.split(" ") if word]
    if "\0" not in line and "\n" not in line:
        # Faster than `_ISOLATED_WORD`: the spaces inside isolates become newlines, the others
        # NUL to split at, the newlines spaces again. Flat when each mark is in an isolate.
        kept, count = _FLAT_ISOLATE.subn(_keep_spaces, line)
        if 2 * count == len(_ANY_ISOLATE.findall(line)):
            return list(filter(None, kept.replace(" ", "\0").replace("\n", " ").split("\0")))
    if _flat_isolates(line):
        return [word for _, word in _ISOLATED_WORD.findall(line)]
    return [word for _, word in _isolated_words(_SPACE_RUN.split(line))]


def _keep_spaces(isolate: re.Match[str]) -> str:
    return isolate[0].replace(" ", "\n")


def _isolated_words(parts: list[str]) -> list[tuple[str, str]]:
    """`_plain_words` of a line with nested or unclosed bidi isolates, one part at a time."""
    words: list[tuple[str, str]] = []
    separator = ""
    current: list[str] = []  # parts of the word being read (several when inside an isolate)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2 == 0:  # a word, or the empty string
            if part:
                current.append(part)
                if _ANY_ISOLATE.search(part) is not None:
                    depth = _depth_after(part, depth)
        elif depth:  # spaces inside an isolate belong to the word
            current.append(part)
        else:
            if current:
                words.append((separator, "".join(current)))
                current = []
            separator = " " if part[0] == "\t" else part[0]
    if current:
        words.append((separator, "".join(current)))
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
        w = _WIDTH[char]
        if current and w and width + w > room:
            chunks.append(current)
            current, width = "", 0
        current += char
        width += w
    if current:
        chunks.append(current)
    return chunks


@functools.cache
def _not_simple() -> re.Pattern[str]:
    """A character that is not one column wide, or a breaking space other than U+0020."""
    ranges: list[tuple[int, int]] = []
    for block in _SIMPLE_BLOCKS:
        for code in block:
            char = chr(code)
            if _WIDTH[char] != 1 or (char in _BREAK_SPACES and char != " "):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    members = "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
        for low, high in ranges
    )
    return re.compile(f"[^{members}]")


def _wrap_simple(line: str, width: int, indent: str, next_indent: str) -> list[str] | None:
    """`_wrap_line` for a line of one-column characters and plain spaces only, or None.

    Then the width of a text is its length, words are split at U+0020 only and have no break
    opportunity inside them, so a line ends at the last space that fits: found by `rfind`.
    None when a word is too long for its line (hard break or URL): `_wrap_line` decides.
    """
    if not (line.isascii() and line.isprintable()) and _not_simple().search(line) is not None:
        return None
    if "  " in line or line[:1] == " " or line[-1:] == " ":  # a run becomes one space
        line = " ".join(filter(None, line.split(" ")))
    room = width - display_width(indent) if indent else width  # most lines have no indent
    next_room = width - display_width(next_indent) if next_indent else width
    if not line or min(room, next_room) < 1:
        return None
    lines: list[str] = []
    start = 0
    prefix = indent
    while len(line) - start > room:
        end = line.rfind(" ", start, start + room + 1)
        if end <= start:  # no space in reach: the word does not fit on a line of its own
            return None
        lines.append((prefix + line[start:end]).rstrip())
        start = end + 1
        prefix, room = next_indent, next_room
    lines.append((prefix + line[start:]).rstrip())
    return lines


def _wrap_spaced(line: str, width: int, indent: str, next_indent: str) -> list[str] | None:
    """`_wrap_line` for a line without CJK characters whose breaking spaces are all U+0020.

    Then every word is one piece and every separator one column, so a word goes on the line
    when it fits after a space and starts the next line otherwise. Covers what `_wrap_simple`
    cannot: marks, wide characters, filled-in values in bidi isolates. None when a word is too
    long for a line (hard break or URL): `_wrap_line` decides.
    """
    if _ANY_CJK.search(line) is not None or _OTHER_BREAK_SPACE.search(line) is not None:
        return None
    words = _spaced_words(line)
    widths = list(map(display_width, words))
    first, later = display_width(indent), display_width(next_indent)
    if not words or max(widths) > width - max(first, later):
        return None
    # ends[i]: the columns of words 0..i with one space after each. A line from word `start`
    # on takes the words whose end is within its room: found by bisection, not word by word.
    ends = list(itertools.accumulate(map((1).__add__, widths)))
    lines: list[str] = []
    start = done = 0  # the line's first word; the columns of the words before it
    prefix, used = indent, first
    while start < len(words):
        stop = bisect.bisect_right(ends, done + width + 1 - used)  # > start: every word fits
        lines.append((prefix + " ".join(words[start:stop])).rstrip())
        start, done = stop, ends[stop - 1]
        prefix, used = next_indent, later
    return lines


def _wrap_line(line: str, width: int, indent: str, next_indent: str) -> list[str]:
    lines = _wrap_simple(line, width, indent, next_indent)
    return list(_wrap_other(line, width, indent, next_indent)) if lines is None else lines


@functools.lru_cache(maxsize=2048)
def _wrap_other(line: str, width: int, indent: str, next_indent: str) -> tuple[str, ...]:
    """`_wrap_line` for a line `_wrap_simple` does not take.

    Cached: these lines (filled-in values, CJK) cost several times a simple one, and many
    recur on the pages of a build, such as the sentence with the clinic's phone number.
    """
    lines = _wrap_spaced(line, width, indent, next_indent)
    return tuple(_wrap_words(line, width, indent, next_indent) if lines is None else lines)


def _wrap_words(line: str, width: int, indent: str, next_indent: str) -> list[str]:
    lines: list[str] = []
    current = indent
    used = display_width(indent)
    next_used = display_width(next_indent)
    empty = True  # nothing but the indent on the current line
    for separator, word in _plain_words(line):
        glue = "" if empty else separator  # one character or none
        glue_width = _WIDTH[glue] if glue else 0
        word_width = display_width(word)
        if used + glue_width + word_width <= width:  # then each of its pieces fits in turn
            current += glue + word
            used += glue_width + word_width
            empty = False
            continue
        for piece in _pieces(word):
            # Most pieces of CJK text are one character: its width without a call.
            piece_width = _WIDTH[piece] if len(piece) == 1 else display_width(piece)
            if used + glue_width + piece_width <= width:
                current += glue + piece
                used += glue_width + piece_width
                empty = False
                glue, glue_width = "", 0
                continue
            glue, glue_width = "", 0
            if not empty:
                lines.append(current.rstrip())
                current, used = next_indent, next_used
            room = max(width - used, 1)
            if piece_width <= room or _is_url(piece):
                current += piece
                used += piece_width
                empty = False
                continue
            chunks = _hard_break(piece, room)
            for chunk in chunks[:-1]:
                current += chunk
                lines.append(current.rstrip())
                current, used = next_indent, next_used
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
    if not text or text.isspace():  # `not text.strip()` without copying the text
        return []
    if "\n" not in text:  # most texts are one paragraph line
        return _wrap_line(text, width, initial_indent, subsequent_indent)
    out: list[str] = []
    indent = initial_indent
    for line in text.split("\n"):
        if line.strip():
            out.extend(_wrap_line(line, width, indent, subsequent_indent))
        else:
            out.append(indent.rstrip())
        indent = subsequent_indent
    return out
