"""What a segment's inline Markdown contains: readable prose, link targets, spans, raw HTML.

`scan(text)` reads a text the way markdown-it does (CommonMark, HTML allowed, links kept as
written) but skips the parser for the common text that has no character an inline rule reacts
to: then markdown-it would give one text token holding the whole text, and the result is
computed from the text directly. Text whose only markup is "*" emphasis or simple links
(`_SIMPLE_LINK`) is read without the parser too; tests compare every such path with `parse`.
Pure: imports only markdown-it and the stdlib.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from markdown_it import MarkdownIt

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]")
# Characters where one of the enabled inline rules (escape, backticks, emphasis, link, image,
# autolink, html_inline, entity, newline) or input normalisation (\r, NUL) can start. "]", ">"
# and "!" do nothing without "[" or "<". An "_" inside a placeholder name sits between letters
# or digits, where it can neither open nor close emphasis, unless it starts or ends the name.
_MARKUP = re.compile(r"[\\`*_\[<&\n\r\x00]")
_NOT_EMPHASIS = re.compile(r"[\\`_\[<&\n\r\x00]")  # _MARKUP but "*"
# _NOT_EMPHASIS, "{" and the bidirectional embedding and override controls (`quick_scan`)
_NOT_QUICK = re.compile(r"[\\`_\[<&\n\r\x00{\u202a-\u202e]")
_DELIMITER_RUN = re.compile(r"([*_])\1*")  # not r"\*+|_+": a class first scans faster
# [label](target) with no markup in the label and no space, parenthesis, bracket, escape, entity
# or angle bracket in the target, not after "!" (an image): markdown-it reads a link to exactly
# that target around one text token holding the label.
_SIMPLE_LINK = re.compile(
    r"(?<!!)\[([^\\`*_\[\]<&\n\r\x00]*)\]\(([^\s\\<>&()\[\]\x00-\x1f\x7f]+)\)"
)


class _Parser(MarkdownIt):
    """markdown-it that keeps every link target as written, so checks see what a browser gets."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


@cache
def _parser() -> MarkdownIt:
    return _Parser("commonmark", {"html": True}).disable("text_join")


class Inline(NamedTuple):
    """The inline analysis of one text (a tuple: made for every segment, cheaply)."""

    prose: str  # the readable text: no link targets, no placeholders, no bare URLs
    links: tuple[str, ...]
    emphasis: int
    strong: int
    code: int
    stray: int  # "*" and "_" left over as text: unbalanced emphasis
    html: tuple[str, ...]


def scan(text: str) -> Inline:
    """The inline analysis of one text."""
    stripped = text
    if "{" in text:
        names = PLACEHOLDER.findall(text)
        if names:
            if any(name[0] == "_" or name[-1] == "_" for name in names):
                return parse(text)
            stripped = PLACEHOLDER.sub(" ", text)
    if _MARKUP.search(stripped) is not None:
        if _NOT_EMPHASIS.search(stripped) is None:
            return _emphasis_only(text)
        simple = _simple_links(text)
        return simple if simple is not None else parse(text)
    links, readable = _bare_urls(stripped)
    return Inline(readable, links, 0, 0, 0, 0, ())


def quick_scan(text: str) -> tuple[str, int, int, tuple[str, ...]] | None:
    """(prose, emphasis, strong, sorted placeholder names) of a text with no bare URL and no
    markup but placeholders and "*" that pairs simply (`_simple_pairs`), most translations:
    `scan(text)` is then Inline(prose, (), emphasis, strong, 0, 0, ()). None for any other
    text, and for text with a bidirectional embedding or override control (U+202A to
    U+202E): an answer tells a caller that checks for those that there are none."""
    names: tuple[str, ...] = ()
    stripped = text
    if "{" in text:  # as in `scan`
        found = PLACEHOLDER.findall(text)
        if any(name[0] == "_" or name[-1] == "_" for name in found):
            return None
        names = tuple(sorted(found))
        stripped = PLACEHOLDER.sub(" ", text)
    if _NOT_QUICK.search(stripped) is not None or "://" in stripped:
        return None
    if "*" not in stripped:  # what `scan` reads: the text without its placeholders
        return stripped, 0, 0, names
    counts = _simple_pairs(text)
    # as `_emphasis_only` reads it: every "*" is a tag
    prose = text.replace("*", "")
    if names:
        prose = PLACEHOLDER.sub(" ", prose)
    if counts is None or "://" in prose:
        return None
    return prose, counts[0], counts[1], names


def _bare_urls(text: str) -> tuple[tuple[str, ...], str]:
    """The bare URLs of a text, and the text without them."""
    if "://" not in text:  # BARE_URL needs it; most text has none
        return (), text
    return tuple(m.group(0) for m in BARE_URL.finditer(text)), BARE_URL.sub(" ", text)


def _simple_links(text: str) -> Inline | None:
    """What `parse` gives for a text whose only markup is _SIMPLE_LINK links (placeholders
    already checked by `scan`); None for any other text."""
    prose: list[str] = []
    plain: list[str] = []  # as in `parse`: a link's tags become spaces
    targets: list[str] = []
    outside: list[str] = []
    done = 0
    for link in _SIMPLE_LINK.finditer(text):
        before = text[done : link.start()]
        prose += (before, link[1])
        plain += (before, " ", link[1], " ")
        targets.append(link[2])
        outside.append(before)
        done = link.end()
    prose.append(text[done:])
    plain.append(text[done:])
    outside.append(text[done:])
    if not targets or _MARKUP.search(PLACEHOLDER.sub(" ", " ".join(outside))) is not None:
        return None
    readable = PLACEHOLDER.sub(" ", "".join(prose))
    bare, readable = _bare_urls(readable)
    leftover = PLACEHOLDER.sub(" ", "".join(plain))
    stray = leftover.count("*") + leftover.count("_")
    return Inline(readable, (*targets, *bare), 0, 0, 0, stray, ())


def parse(text: str) -> Inline:
    """The inline analysis of one text, always through markdown-it."""
    tokens = _parser().parseInline(text)
    children = (tokens[0].children or []) if tokens else []
    prose: list[str] = []
    plain: list[str] = []  # text tokens only: where unpaired "*" and "_" are left
    links: list[str] = []
    raw_html: list[str] = []
    emphasis = strong = code = 0
    in_autolink = False
    for token in children:
        kind = token.type
        plain.append(token.content if kind == "text" else " ")
        if kind == "text" or kind == "text_special":
            if not in_autolink:
                prose.append(token.content)
        elif kind == "em_open":
            emphasis += 1
        elif kind == "strong_open":
            strong += 1
        elif kind == "code_inline":
            code += 1
            if not in_autolink:
                prose.append(token.content)
        elif kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
            in_autolink = token.markup == "autolink"
        elif kind == "link_close":
            in_autolink = False
        elif kind == "image":
            links.append(str(token.attrs.get("src", "")))
            prose.append(f" {token.content} ")
        elif kind == "html_inline":
            raw_html.append(token.content)
            prose.append(" ")
        elif kind in ("softbreak", "hardbreak"):
            prose.append(" ")
    readable = PLACEHOLDER.sub(" ", "".join(prose))
    bare, readable = _bare_urls(readable)
    leftover = PLACEHOLDER.sub(" ", "".join(plain))
    return Inline(
        prose=readable,
        links=(*links, *bare),
        emphasis=emphasis,
        strong=strong,
        code=code,
        stray=leftover.count("*") + leftover.count("_"),
        html=tuple(raw_html),
    )


# --- Text whose only markup is "*" emphasis ----------------------------------------------
# The most common markup, read without the parser: markdown-it's own emphasis algorithm
# (scanDelims, balance_pairs.processDelimiters, emphasis.postProcess of markdown-it-py 4),
# where each delimiter character is one token, so adjacent tokens are adjacent characters.

_WHITESPACE = frozenset("\t\n\v\f\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _punctuation(c: str) -> bool:
    return c in _ASCII_PUNCT or unicodedata.category(c)[0] in "PS"


class _Delimiter:
    __slots__ = ("close", "end", "length", "marker", "open", "position")

    def __init__(self, marker: str, length: int, position: int, open_: bool, close: bool):
        self.marker = marker
        self.length = length
        self.position = position
        self.end = -1
        self.open = open_
        self.close = close


def _flanking(text: str, start: int, stop: int) -> tuple[bool, bool]:
    """markdown-it's scanDelims: whether the run text[start:stop] can open, can close."""
    last = text[start - 1] if start > 0 else " "
    following = text[stop] if stop < len(text) else " "
    last_punct, next_punct = _punctuation(last), _punctuation(following)
    last_space, next_space = last in _WHITESPACE, following in _WHITESPACE
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    if text[start] == "*":
        return left, right
    return left and (not right or last_punct), right and (not left or next_punct)


def _delimiters(text: str) -> list[_Delimiter]:
    out: list[_Delimiter] = []
    for run in _DELIMITER_RUN.finditer(text):
        start, stop = run.span()
        can_open, can_close = _flanking(text, start, stop)
        marker, length = text[start], stop - start
        out.extend(_Delimiter(marker, length, p, can_open, can_close) for p in range(start, stop))
    return out


def _balance(delimiters: list[_Delimiter]) -> None:
    """markdown-it's processDelimiters: pair each closer with its opener (sets `end`)."""
    openers_bottom: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for closer_index, closer in enumerate(delimiters):
        jumps.append(0)
        if delimiters[header].marker != closer.marker or last_token != closer.position - 1:
            header = closer_index
        last_token = closer.position
        if not closer.close:
            continue
        bottoms = openers_bottom.setdefault(closer.marker, [-1] * 6)
        slot = (3 if closer.open else 0) + closer.length % 3
        opener_index = header - jumps[header] - 1
        new_bottom = opener_index
        while opener_index > bottoms[slot]:
            opener = delimiters[opener_index]
            if opener.marker != closer.marker:
                opener_index -= jumps[opener_index] + 1
                continue
            if opener.open and opener.end < 0:
                odd = (
                    (opener.close or closer.open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    if opener_index > 0 and not delimiters[opener_index - 1].open:
                        last_jump = jumps[opener_index - 1] + 1
                    else:
                        last_jump = 0
                    jumps[closer_index] = closer_index - opener_index + last_jump
                    jumps[opener_index] = last_jump
                    closer.open = False
                    opener.end = closer_index
                    opener.close = False
                    new_bottom = -1
                    last_token = -2
                    break
            opener_index -= jumps[opener_index] + 1
        if new_bottom != -1:
            bottoms[slot] = new_bottom


# What each delimiter character becomes: kept as text (not in the map), a tag (" " in `plain`,
# nothing in prose) or the inner half of a strong tag (an empty text token: nothing); with the
# numbers of emphasis and strong tags.
Pairing = tuple[dict[int, str], int, int]


def _emphasis_only(text: str) -> Inline:
    counts = _simple_pairs(text)
    if counts is None:
        return _assemble(text, *_paired(text))
    # Every "*" is a tag and every "_" is text: the prose is the text without "*", and what
    # `_assemble` leaves of the text has the "_" of the text, outside placeholders, and no "*"
    # (a tag run leaves a space in `plain`, so it can neither make nor break a placeholder).
    emphasis, strong = counts
    readable = PLACEHOLDER.sub(" ", text.replace("*", ""))
    links, readable = _bare_urls(readable)
    leftover = PLACEHOLDER.sub(" ", text) if "{" in text else text
    return Inline(readable, links, emphasis, strong, 0, leftover.count("_"), ())


def _simple_pairs(text: str) -> tuple[int, int] | None:
    """The numbers of emphasis and strong tags when "*" runs alternate opener-only,
    closer-only of the same length, and every "_" run can neither open nor close (the usual
    text); None otherwise.

    Then each closer run pairs with the opener run before it, character by character from the
    inside out, as `_balance` would pair them, and `_paired` would find these tags, every "*"
    one of them (`test_simple_emphasis_pairs_agree_with_the_general_algorithm`)."""
    emphasis = strong = 0
    length = 0  # of the opener run waiting for its closer; 0 when none waits
    for run in _DELIMITER_RUN.finditer(text):
        start, stop = run.span()
        can_open, can_close = _flanking(text, start, stop)
        if text[start] == "_":
            if can_open or can_close:
                return None
        elif not length:
            if can_close or not can_open:
                return None
            length = stop - start
        else:
            if can_open or not can_close or stop - start != length:
                return None
            strong += length // 2  # pairs of pairs from the inside
            emphasis += length % 2  # one pair left outside
            length = 0
    return (emphasis, strong) if not length else None


def _paired(text: str) -> Pairing:
    """The pairing of any text whose only markup is "*" and "_" (markdown-it's algorithm)."""
    delimiters = _delimiters(text)
    _balance(delimiters)
    becomes: dict[int, str] = {}
    emphasis = strong = 0
    i = len(delimiters) - 1
    while i >= 0:
        start = delimiters[i]
        if start.end == -1:
            i -= 1
            continue
        end = delimiters[start.end]
        is_strong = (
            i > 0
            and delimiters[i - 1].end == start.end + 1
            and delimiters[i - 1].marker == start.marker
            and delimiters[i - 1].position == start.position - 1
            and delimiters[start.end + 1].position == end.position + 1
        )
        becomes[start.position] = becomes[end.position] = " "
        if is_strong:
            strong += 1
            becomes[delimiters[i - 1].position] = ""
            becomes[delimiters[start.end + 1].position] = ""
            i -= 1
        else:
            emphasis += 1
        i -= 1
    return becomes, emphasis, strong


def _assemble(text: str, becomes: dict[int, str], emphasis: int, strong: int) -> Inline:
    prose: list[str] = []
    plain: list[str] = []
    done = 0
    for position in sorted(becomes):
        piece = text[done:position]
        prose.append(piece)
        plain.append(piece)
        plain.append(becomes[position])
        done = position + 1
    prose.append(text[done:])
    plain.append(text[done:])
    readable = PLACEHOLDER.sub(" ", "".join(prose))
    links, readable = _bare_urls(readable)
    leftover = PLACEHOLDER.sub(" ", "".join(plain))
    return Inline(
        prose=readable,
        links=links,
        emphasis=emphasis,
        strong=strong,
        code=0,
        stray=leftover.count("*") + leftover.count("_"),
        html=(),
    )
