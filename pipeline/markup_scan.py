"""What a segment's inline Markdown contains: readable prose, link targets, spans, raw HTML.

`scan(text)` reads a text the way markdown-it does (CommonMark, HTML allowed, links kept as
written) but skips the parser for the common text that has no character an inline rule reacts
to: then markdown-it would give one text token holding the whole text, and the result is
computed from the text directly. Pure: imports only markdown-it and the stdlib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]")
# Characters where one of the enabled inline rules (escape, backticks, emphasis, link, image,
# autolink, html_inline, entity, newline) or input normalisation (\r, NUL) can start. "]", ">"
# and "!" do nothing without "[" or "<". An "_" inside a placeholder name sits between letters
# or digits, where it can neither open nor close emphasis, unless it starts or ends the name.
_MARKUP = re.compile(r"[\\`*_\[<&\n\r\x00]")


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


@dataclass(frozen=True, slots=True)
class Inline:
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
        return parse(text)
    if "://" not in stripped:
        return Inline(stripped, (), 0, 0, 0, 0, ())
    links = tuple(m.group(0) for m in BARE_URL.finditer(stripped))
    return Inline(BARE_URL.sub(" ", stripped), links, 0, 0, 0, 0, ())


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
    links.extend(m.group(0) for m in BARE_URL.finditer(readable))
    leftover = PLACEHOLDER.sub(" ", "".join(plain))
    return Inline(
        prose=BARE_URL.sub(" ", readable),
        links=tuple(links),
        emphasis=emphasis,
        strong=strong,
        code=code,
        stray=leftover.count("*") + leftover.count("_"),
        html=tuple(raw_html),
    )
