"""Translated inline Markdown → safe HTML or plain text (markdown-it-py, inline rules only).

Every text given here is untrusted (a msgstr, a UI string): this module is the one place it is
turned into markup, and it escapes every character itself. Raw HTML is off, so `<b>` stays the
text `<b>`; an image shows its alt text; a link becomes an `<a>` only when its target is an
http(s), mailto or tel URL, otherwise its text is shown without a link. `{name}` placeholders
are filled in *after* parsing, in text only (never in a link target or a code span), and only
for names that have a value; the value is escaped and isolated (`<bdi>` in HTML, U+2068..U+2069
in text) so a phone number keeps its order inside right-to-left text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "FSI",
    "PDI",
    "Lookup",
    "References",
    "placeholders",
    "safe_href",
    "to_html",
    "to_text",
]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")  # `\s` is exactly `str.isspace`
_WEB = re.compile(r"https?://[^/\\?#\s]", re.IGNORECASE)
# The characters the enabled CommonMark inline rules start at (backslash escape, code span,
# entity, autolink, link and image `[`, line break) or that parsing normalises (CR, NUL), and
# `_` unless it is inside a word (`{clinic_phone}`): there it can neither open nor close
# emphasis, so it is text. `*` is handled by `_emphasis`. Every branch starts with its
# character (the `_` tests look around it), so the regex engine can skip ahead to those.
_MARKUP = re.compile("[\\\\`&<\\[\n\r\0]|_(?:(?<![A-Za-z0-9]_)|(?![A-Za-z0-9]))")
_MARKUP_NO_UNDERSCORE = re.compile("[\\\\`&<\\[\n\r\0]")  # the same for a text without `_`
_STARS = re.compile(r"\*+")
_LINK = re.compile(
    r"\[([^\[\]\\`&<\n\r\0*_]+)\]"
    r"\((https?://[A-Za-z0-9][A-Za-z0-9.-]*(?:[/?#][A-Za-z0-9._~/?#=+,;:!$'-]*)?)\)"
)
_OPENER_AFTER = frozenset(" (")  # besides the start of the text
_CLOSER_BEFORE = frozenset(" .,;:!?)")  # besides the end of the text

Lookup = Callable[[str], str | None]
_EMPHASIS_HTML = {
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
}


def _no_values(name: str) -> str | None:
    return None


@functools.cache
def _parser() -> MarkdownIt:
    # CommonMark inline syntax; no raw HTML, no typographic replacements, no linkify.
    return MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": 20}
    )


def placeholders(text: str) -> list[str]:
    """The `{name}` placeholders of `text`, in order of appearance (repeats kept)."""
    return PLACEHOLDER.findall(text)


def safe_href(href: str) -> str | None:
    """`href` when it is an absolute http(s), mailto or tel URL, else None.

    Given the link target as markdown-it normalised it (entities decoded, then percent-encoded),
    so whitespace or control characters hidden in a scheme no longer look like one.
    """
    if not href or _SPACE_OR_CONTROL.search(href) is not None:
        return None
    match = _SCHEME.match(href)
    if match is None:  # relative or protocol-relative
        return None
    scheme = match.group(1).lower()
    if scheme in ("http", "https"):
        return href if _WEB.match(href) else None
    if scheme in ("mailto", "tel") and len(href) > match.end():
        return href
    return None


class References:
    """Numbers for the link targets of a text page: one number per distinct URL."""

    def __init__(self) -> None:
        self._urls: list[str] = []

    def number(self, url: str) -> int:
        if url not in self._urls:
            self._urls.append(url)
        return self._urls.index(url) + 1

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(self._urls)


Part = tuple[str, Token | None, str]  # (type, token, content); token None for joined text


@functools.lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[Part, ...]:
    """The inline tokens of `text` as `_merged` gives them, without the parser when it can.

    Plain text is one text part; text whose only markup is `*x*` / `**x**` or `[label](url)`
    in the simplest shape is split here. Anything else goes through markdown-it.

    Cached: a page's HTML and text versions, rendered one after the other, split the same
    texts. Only read, never changed, by the callers.
    """
    if _markup(text) is None:
        if "*" not in text:
            return (("text", None, text),) if text else ()
        simple = _emphasis(text)
        if simple is not None:
            return simple
    elif "[" in text:
        linked = _links(text)
        if linked is not None:
            return linked
    return _parsed(text)


def _plain(text: str) -> bool:
    """No markup at all: neither a character `_MARKUP` finds nor `*`."""
    return "*" not in text and _markup(text) is None


def _markup(text: str) -> re.Match[str] | None:
    """`_MARKUP.search(text)`; most texts have no `_`, and a plain character set is faster."""
    return (_MARKUP if "_" in text else _MARKUP_NO_UNDERSCORE).search(text)


def _links(text: str) -> tuple[Part, ...] | None:
    """The parts of a text whose only markup is `[label](url)` links in the plainest shape.

    The label has no markup or brackets; the target is an http(s) URL of characters that
    markdown-it's `normalizeLink` keeps as they are (no `%`, `&`, `@`, brackets or spaces); the
    text around the links is plain and no `!` makes one an image. None for any other shape.
    """
    parts: list[Part] = []
    last = 0
    for match in _LINK.finditer(text):
        before = text[last : match.start()]
        if not _plain(before) or before.endswith("!"):
            return None
        if before:
            parts.append(("text", None, before))
        parts.append(("link_open", Token("link_open", "a", 1, attrs={"href": match[2]}), ""))
        parts.append(("text", None, match[1]))
        parts.append(("link_close", None, ""))
        last = match.end()
    rest = text[last:]
    if not parts or not _plain(rest):
        return None
    if rest:
        parts.append(("text", None, rest))
    return tuple(parts)


def _emphasis(text: str) -> tuple[Part, ...] | None:
    """The parts of a text whose `*` runs are `*x*` or `**x**` pairs that cannot be misread.

    Every opener follows a space, `(` or the start and precedes a letter or digit (so it is
    left-flanking only); every closer follows a letter or digit and precedes a space, one of
    `.,;:!?)` or the end (right-flanking only); openers and closers alternate with equal run
    lengths of 1 or 2. CommonMark then pairs each closer with the opener just before it.
    None for any other shape.
    """
    parts: list[Part] = []
    last = 0
    opened = 0  # length of the open run, 0 when none is open
    end = len(text)
    for match in _STARS.finditer(text):
        start, stop = match.span()
        length = stop - start
        before = text[start - 1] if start else " "
        after = text[stop] if stop < end else " "
        if length > 2:
            return None
        if not opened:
            if before not in _OPENER_AFTER or not after.isalnum():
                return None
            kind = "strong_open" if length == 2 else "em_open"
            opened = length
        else:
            if length != opened or not before.isalnum() or after not in _CLOSER_BEFORE:
                return None
            kind = "strong_close" if length == 2 else "em_close"
            opened = 0
        if start > last:
            parts.append(("text", None, text[last:start]))
        parts.append((kind, None, ""))
        last = stop
    if opened:
        return None
    if last < end:
        parts.append(("text", None, text[last:]))
    return tuple(parts)


def _parsed(text: str) -> tuple[Part, ...]:
    return tuple(_merged(_tokens(text)))


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for token in _parser().parseInline(text):
        out.extend(token.children or ())
    return out


def _merged(tokens: list[Token]) -> Iterator[Part]:
    """(type, token, content) with runs of text tokens joined, so `{a_b}` is one text."""
    pending: list[str] = []
    for token in tokens:
        if token.type == "text":
            pending.append(token.content)
            continue
        if pending:
            yield "text", None, "".join(pending)
            pending = []
        yield token.type, token, token.content
    if pending:
        yield "text", None, "".join(pending)


def _fill(
    text: str, lookup: Lookup, value: Callable[[str], str], other: Callable[[str], str]
) -> str:
    """Apply `other` to the literal parts of `text` and `value` to the known placeholders."""
    if "{" not in text:
        return other(text)
    out: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        filled = lookup(match.group(1))
        if filled is None:
            continue
        out.append(other(text[last : match.start()]))
        out.append(value(filled))
        last = match.end()
    out.append(other(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    """`html.escape(text, quote=True)`, without the extra call: it runs for every text."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _bdi(value: str) -> str:
    return f"<bdi>{_escape(value)}</bdi>"


def _html_text(content: str, lookup: Lookup) -> str:
    """Escaped text with the known placeholders filled in, each value in a <bdi>."""
    return _fill(content, lookup, _bdi, _escape)


def _isolated(value: str) -> str:
    return f"{FSI}{value}{PDI}"


def _as_is(text: str) -> str:
    return text


@functools.lru_cache(maxsize=1024)
def _shown_url(href: str) -> str:
    """A link target as a reader sees it (percent-encoding and punycode decoded).

    Cached: the same few URLs are on many pages.
    """
    return _parser().normalizeLinkText(href)


def _plain_children(token: Token) -> str:
    """The text of an image's alt: its children without markup."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_children(child))
        else:
            parts.append(child.content)
    return "".join(parts)


def to_html(text: str, *, lookup: Lookup = _no_values) -> str:
    """HTML for one inline Markdown text; every character of `text` is escaped here."""
    parts = _parts(text)
    if len(parts) == 1 and parts[0][0] == "text":  # most texts have no markup
        plain = parts[0][2]
        return _escape(plain) if "{" not in plain else _html_text(plain, lookup)
    out: list[str] = []
    links: list[bool] = []
    for kind, token, content in parts:
        if kind == "text":  # the escape inline when there is no placeholder: the usual case
            out.append(_escape(content) if "{" not in content else _html_text(content, lookup))
        elif kind in _EMPHASIS_HTML:
            out.append(_EMPHASIS_HTML[kind])
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>\n")
        elif kind == "code_inline":
            out.append(f"<code>{_escape(content)}</code>")
        elif kind == "link_open" and token is not None:
            href = safe_href(str(token.attrGet("href") or ""))
            links.append(href is not None)
            if href is not None:
                attrs = f' href="{_escape(href)}"'
                if href.lower().startswith("http"):
                    attrs += ' rel="noopener noreferrer"'
                if token.markup == "autolink":
                    attrs += ' class="bare"'
                out.append(f"<a{attrs}>")
        elif kind == "link_close":
            if links.pop():
                out.append("</a>")
        elif kind == "image" and token is not None:
            out.append(_html_text(_plain_children(token), lookup))
        else:  # anything else (raw HTML cannot occur: it is disabled) is shown as text
            out.append(_escape(content))
    return "".join(out)


def to_text(
    text: str,
    *,
    lookup: Lookup = _no_values,
    references: References | None = None,
    isolate: bool = True,
) -> str:
    """Plain text for one inline Markdown text: markup removed, links as `text [n]`.

    With `references`, every allowed link is followed by ` [n]` (n from `references`) unless its
    text already is its URL. With `isolate`, filled-in values are wrapped in U+2068..U+2069.
    A hard line break becomes a newline.
    """
    value = _isolated if isolate else _as_is
    parts = _parts(text)
    if len(parts) == 1 and parts[0][0] == "text":  # most texts have no markup
        plain = parts[0][2]
        return plain if "{" not in plain else _fill(plain, lookup, value, _as_is)
    out: list[str] = []
    links: list[tuple[str | None, int]] = []
    for kind, token, content in parts:
        if kind == "text":
            out.append(content if "{" not in content else _fill(content, lookup, value, _as_is))
        elif kind in _EMPHASIS_HTML:
            continue  # emphasis: the words stay, the markers go
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open" and token is not None:
            links.append((safe_href(str(token.attrGet("href") or "")), len(out)))
        elif kind == "link_close":
            href, start = links.pop()
            if href is not None and references is not None:
                shown = _shown_url(href)
                label = "".join(out[start:]).strip()
                if label not in (shown, href, shown.partition(":")[2]):
                    out.append(f" [{references.number(shown)}]")
        elif kind == "image" and token is not None:
            out.append(_fill(_plain_children(token), lookup, value, _as_is))
        elif kind.endswith(("_open", "_close")):
            continue  # any other markers: the words stay, the markers go
        else:  # code spans and anything else: their text as it is
            out.append(content)
    return "".join(out)
