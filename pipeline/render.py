"""Finished pages from localized documents: HTML through Jinja templates, and plain text.

The only jinja2 importer. Every text of a `Page` is untrusted: inline Markdown goes through
`inline` (which escapes everything itself) and everything else through Jinja's autoescaping.
No translated text is ever a template: templates come from `pipeline/templates` only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import inline, textlayout
from .inline import References
from .model import (
    Block,
    Heading,
    IndexPage,
    ListBlock,
    LocaleInfo,
    Node,
    Page,
    PageStatus,
    Paragraph,
    Quote,
    Table,
)

__all__ = ["page_placeholders", "render_html", "render_index_html", "render_text"]

WIDTH = 72
NOTICE = "Parts of this leaflet have not been translated yet. They are shown in English."
ENGLISH_FOOTER = "English version of {date}"
TRANSLATED_FOOTER = "Translated from the English version of {date}."
PAGE_NUMBER = "Page {page} of {pages}"
_PAPER = {"A4": "A4", "LETTER": "letter"}
_ALIGN = {"left": "start", "right": "end", "center": "center"}
_SPACE = re.compile(r"\s")  # exactly the characters of `str.isspace`
_IN_ENGLISH = ' lang="en" dir="ltr"'  # a text shown in English on a page in another language
_SCHEME_OR_NETWORK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2}")


def page_placeholders(text: str) -> list[str]:
    """The `{name}` placeholders of a text, in order, repeats kept."""
    return inline.placeholders(text)


# --- The one place a string is marked safe. ---


def _already_escaped(fragment: str) -> Markup:
    """Mark a fragment this module's own escapers produced as safe for the templates.

    Only these kinds of string ever come here: the output of `inline.to_html`, which escaped
    every character of the translator's text itself (raw HTML disabled, link targets checked);
    `_css_string`, which writes every character but ASCII letters and digits as a CSS hex
    escape; and the HTML `_article_html` and `_alternate_html` put together from those,
    strings escaped by markupsafe as the template would, and this module's own markup.
    Never pass anything else.
    """
    return Markup(fragment)


@functools.lru_cache(maxsize=256)
def _css_string(text: str) -> str:
    """A CSS string literal for `text` that cannot end the string or the <style> element.

    Spaces are escaped too: CSS reads one space after a hex escape as part of the escape, so
    a literal space after an escaped letter (Arabic, Chinese, accented) would vanish.
    Cached: the same few UI strings of each language are in every page's footer.
    """
    body = "".join(map(_CSS_CHARS.__getitem__, text))
    return f'"{body}"'


class _CssChars(dict[str, str]):
    """A cache: each character as it is written in a CSS string, filled in when first seen."""

    def __missing__(self, char: str) -> str:
        written = self[char] = char if char.isascii() and char.isalnum() else f"\\{ord(char):06x}"
        return written


_CSS_CHARS = _CssChars()


# --- View objects handed to the templates. ---


@dataclass(frozen=True, slots=True)
class InlineView:
    html: Markup
    fallback: bool  # shown in English on a page in another language: lang="en" dir="ltr"


@dataclass(frozen=True, slots=True)
class IndexRowView:
    title: str
    title_lang: str
    title_dir: str
    href: str | None
    tag: str
    dir: str
    native_name: str
    english_name: str
    status: str
    reason: str
    variants: tuple[tuple[str, str], ...]  # (label, relative href): PDF, large print


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "css"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def prepare_rendering() -> None:
    """Compile the page templates now, so that worker processes forked afterwards share them."""
    _environment().get_template("page.html")


def _direction(locale: LocaleInfo) -> str:
    return "rtl" if locale.direction == "rtl" else "ltr"


def _relative_href(href: str) -> str:
    """A link the pipeline made (never a translator): it must be a relative path."""
    if _SCHEME_OR_NETWORK.match(href) or _SPACE.search(href) is not None:
        raise ValueError(f"not a relative link: {href!r}")
    return href


class _Localized:
    """The texts of one page, looked up and rendered on demand."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.variables: inline.Lookup = page.variables.get  # bound once: used for every block

    def lookup(self, fields: dict[str, str]) -> inline.Lookup:
        """Placeholder values: the given fields first, then the page's variables."""
        if not fields:
            return self.variables
        variables = self.variables
        return lambda name: fields[name] if name in fields else variables(name)

    def html(self, text: str, fallback: bool, **fields: str) -> InlineView:
        rendered = inline.to_html(text, lookup=self.lookup(fields))
        return InlineView(_already_escaped(rendered), fallback)

    def block_html(self, block: Block) -> InlineView:
        piece = self.page.piece(block)
        rendered = inline.to_html(piece.text, lookup=self.variables)
        return InlineView(_already_escaped(rendered), piece.fallback)

    def block_inner(self, block: Block) -> tuple[str, str]:
        """A block's attributes (`lang` and `dir` when it fell back to English) and its HTML."""
        piece = self.page.piece(block)
        rendered = inline.to_html(piece.text, lookup=self.variables)
        return (_IN_ENGLISH if piece.fallback else ""), rendered

    def ui_html(self, msgid: str, **fields: str) -> InlineView:
        text, fallback = self.page.ui_text(msgid)
        return self.html(text, fallback, **fields)

    def plain(self, text: str, refs: References | None = None, **fields: str) -> str:
        return inline.to_text(text, lookup=self.lookup(fields), references=refs, isolate=True)

    def block_text(self, block: Block, refs: References | None = None) -> str:
        text = self.page.piece(block).text
        return inline.to_text(text, lookup=self.variables, references=refs, isolate=True)

    def ui_plain(self, msgid: str, refs: References | None = None, **fields: str) -> str:
        return self.plain(self.page.ui_text(msgid)[0], refs, **fields)

    def attribute(self, text: str) -> str:
        """Plain text for a <title> or an attribute (escaped by Jinja): no isolates, no refs."""
        return inline.to_text(text, lookup=self.variables, isolate=False)


def _page_number_css(text: str) -> Markup:
    """`content:` value for the printed page footer, e.g. "Page " counter(page) " of " ..."""
    parts: list[str] = []
    last = 0
    for match in re.finditer(r"\{(pages?)\}", text):
        if match.start() > last:
            parts.append(_css_string(text[last : match.start()]))
        parts.append(f"counter({match.group(1)})")
        last = match.end()
    if last < len(text):
        parts.append(_css_string(text[last:]))
    return _already_escaped(" ".join(parts) or '""')


def _article_html(local: _Localized, body: tuple[Node, ...]) -> str:
    """The sections of the article as HTML: each block followed by an empty line.

    Written here rather than in the template: a loop of small template calls per block cost
    more than the rest of the page. Every text comes from `inline.to_html`; the rest is
    this module's own markup, numbers and fixed words.
    """
    out: list[str] = []
    inner = local.block_inner
    count = 0  # headings so far: their anchors are s1, s2, ...
    in_section = False  # inside a <section> opened by a level-2 heading
    for node in body:
        match node:  # the most frequent kinds first
            case Paragraph(block=block):
                attrs, html = inner(block)
                out.append(f"<p{attrs}>{html}</p>\n\n")
            case Heading(level=level, block=block):
                count += 1
                level = max(2, min(level, 6))
                if level == 2:
                    if in_section:
                        out.append("</section>\n")
                    out.append(f'<section aria-labelledby="s{count}">\n')
                    in_section = True
                attrs, html = inner(block)
                out.append(f'<h{level} id="s{count}"{attrs}>{html}</h{level}>\n\n')
            case ListBlock(ordered=ordered, start=start, items=items):
                if not ordered:
                    out.append("<ul>\n")
                elif start != 1:
                    out.append(f'<ol start="{start}">\n')
                else:
                    out.append("<ol>\n")
                for item in items:
                    attrs, html = inner(item)
                    out.append(f"<li{attrs}>{html}</li>\n")
                out.append("</ol>\n\n" if ordered else "</ul>\n\n")
            case Quote(paragraphs=paragraphs):
                out.append("<blockquote>\n")
                for paragraph in paragraphs:
                    attrs, html = inner(paragraph)
                    out.append(f"<p{attrs}>{html}</p>\n")
                out.append("</blockquote>\n\n")
            case Table(header=header, rows=rows, aligns=aligns):
                out.append(_table_html(local, header, rows, aligns))
    if in_section:
        out.append("</section>\n")
    return "".join(out)


def _table_html(
    local: _Localized,
    header: tuple[Block, ...],
    rows: tuple[tuple[Block, ...], ...],
    aligns: tuple[str, ...],
) -> str:
    classes = [f' class="align-{_ALIGN[a]}"' if a in _ALIGN else "" for a in aligns]

    def row_html(opening: str, closing: str, row: tuple[Block, ...]) -> str:
        out = ["<tr>"]
        for i, cell in enumerate(row):
            attrs, html = local.block_inner(cell)
            align = classes[i] if i < len(classes) else ""
            out.append(f"{opening}{align}{attrs}>{html}{closing}")
        out.append("</tr>\n")
        return "".join(out)

    head = row_html('<th scope="col"', "</th>", header)
    body = "".join(row_html("<td", "</td>", row) for row in rows)
    return (
        '<div class="table-wrap">\n<table>\n<thead>\n'
        f"{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n</div>\n\n"
    )


@functools.lru_cache(maxsize=1024)
def _alternate_html(tag: str, direction: str, name: str, href: str) -> tuple[str, str]:
    """The head's <link> and the language switcher's <li> for one other language of a page.

    Escaped as the template would; cached: the pages of a leaflet in the other languages
    link to the same ones.
    """
    tag, href = escape(tag), escape(_relative_href(href))
    link = f'<link rel="alternate" hreflang="{tag}" href="{href}">\n'
    attrs = f'href="{href}" hreflang="{tag}" lang="{tag}" dir="{escape(direction)}"'
    return link, f"<li><a {attrs}>{escape(name)}</a></li>\n"


def _paper(page_paper: str) -> str:
    return _PAPER.get(page_paper.upper(), "A4")


def render_html(page: Page) -> str:
    """The self-contained HTML page of one leaflet in one language."""
    local = _Localized(page)
    leaflet = page.leaflet
    date = page.english_date
    footer = (
        local.ui_html(TRANSLATED_FOOTER, date=date)
        if page.is_translation
        else local.ui_html(ENGLISH_FOOTER, date=date)
    )
    summary = leaflet.summary
    alternates = [
        _alternate_html(alt.locale.tag, _direction(alt.locale), alt.locale.native_name, alt.href)
        for alt in page.alternates
    ]
    version = page.ui_text(TRANSLATED_FOOTER if page.is_translation else ENGLISH_FOOTER)[0]
    version_text = inline.to_text(version, lookup=local.lookup({"date": date}), isolate=False)
    template = _environment().get_template("page.html")
    return template.render(
        lang=page.locale.tag,
        dir=_direction(page.locale),
        title=local.attribute(page.piece(leaflet.title).text),
        description=local.attribute(page.piece(summary).text) if summary else "",
        paper=_paper(page.paper),
        # Every printed page's footer: the English version's date, then the page number.
        page_number=_already_escaped(
            _css_string(f"{version_text} \u00b7 ")
            + " "
            + str(_page_number_css(local.attribute(page.ui_text(PAGE_NUMBER)[0])))
        ),
        large_print=page.large_print,
        alternate_links=_already_escaped("".join(link for link, _ in alternates)),
        alternate_items=_already_escaped("".join(item for _, item in alternates)),
        languages_label=local.attribute(page.ui_text("Other languages")[0]),
        skip=local.ui_html("Skip to the leaflet"),
        notice=local.ui_html(NOTICE) if page.incomplete else None,
        heading=local.block_html(leaflet.title),
        summary=local.block_html(summary) if summary else None,
        article=_already_escaped(_article_html(local, leaflet.body)),
        footer=footer,
    )


_STATUS = {
    PageStatus.PUBLISHED: "Published",
    PageStatus.INCOMPLETE: "Published with parts in English",
    PageStatus.SKIPPED: "Not published",
}


def render_index_html(index: IndexPage) -> str:
    """build/index.html: every leaflet in every language with its status, in English."""
    rows = []
    for entry in index.entries:
        in_english = entry.status is PageStatus.SKIPPED
        rows.append(
            IndexRowView(
                title=inline.to_text(entry.title, isolate=False),
                title_lang="en" if in_english else entry.locale.tag,
                title_dir="ltr" if in_english else _direction(entry.locale),
                href=None if entry.href is None else _relative_href(entry.href),
                tag=entry.locale.tag,
                dir=_direction(entry.locale),
                native_name=entry.locale.native_name,
                english_name=entry.locale.english_name,
                status=_STATUS[entry.status],
                reason=entry.reason,
                variants=tuple((label, _relative_href(href)) for label, href in entry.variants),
            )
        )
    template = _environment().get_template("index.html")
    return template.render(
        lang=index.locale.tag,
        dir=_direction(index.locale),
        title="Patient leaflets",
        paper="A4",
        page_number=_page_number_css(PAGE_NUMBER),
        large_print=False,
        rows=tuple(rows),
        variants=any(row.variants for row in rows),
    )


# --- Plain text. ---


def _underlined(lines: list[str], char: str) -> list[str]:
    width = max(map(textlayout.display_width, lines), default=0)
    return [*lines, char * max(width, 1)]


def _table_text(header: list[str], rows: list[list[str]], aligns: tuple[str, ...]) -> list[str]:
    columns = max([len(header), *(len(row) for row in rows)])
    grid = [r + [""] * (columns - len(r)) for r in [header, *rows]]
    widths = [max(textlayout.display_width(r[i]) for r in grid) for i in range(columns)]
    fits = sum(widths) + 2 * (columns - 1) <= WIDTH and not any("\n" in c for r in grid for c in r)
    if fits:
        out = []
        for number, row in enumerate(grid):
            cells = []
            for i, cell in enumerate(row):
                pad = " " * (widths[i] - textlayout.display_width(cell))
                right = i < len(aligns) and aligns[i] == "right"
                cells.append(pad + cell if right else cell + pad)
            out.append("  ".join(cells).rstrip())
            if number == 0:
                out.append("  ".join("-" * w for w in widths))
        return out
    out = []
    for row in rows:
        if out:
            out.append("")
        for name, cell in zip(grid[0], row + [""] * (columns - len(row)), strict=True):
            text = f"{name}: {cell}" if name else cell
            out.extend(textlayout.wrap(text, WIDTH, subsequent_indent="  ") or [f"{name}:"])
    return out


def _node_text(local: _Localized, node: Node, refs: References) -> list[str]:
    match node:  # the most frequent kinds first
        case Paragraph(block=block):
            return textlayout.wrap(local.block_text(block, refs), WIDTH)
        case Heading(level=level, block=block):
            lines = textlayout.wrap(local.block_text(block, refs), WIDTH)
            return _underlined(lines, "-" if level <= 2 else "~")
        case ListBlock(ordered=ordered, start=start, items=items):
            markers = [f"{start + i}. " if ordered else "- " for i in range(len(items))]
            size = max(map(len, markers), default=2)  # ASCII: one column per character
            out: list[str] = []
            for marker, item in zip(markers, items, strict=True):
                text = local.block_text(item, refs)
                lines = textlayout.wrap(
                    text, WIDTH, initial_indent=marker.ljust(size), subsequent_indent=" " * size
                )
                out.extend(lines or [marker.rstrip()])
            return out
        case Quote(paragraphs=paragraphs):
            out = []
            for paragraph in paragraphs:
                if out:
                    out.append(">")
                text = local.block_text(paragraph, refs)
                out.extend(
                    textlayout.wrap(text, WIDTH, initial_indent="> ", subsequent_indent="> ")
                )
            return out
        case Table(header=header, rows=rows, aligns=aligns):
            head = [local.block_text(cell, refs) for cell in header]
            body = [[local.block_text(cell, refs) for cell in row] for row in rows]
            return _table_text(head, body, aligns)
    return []


def render_text(page: Page) -> str:
    """The plain-text version of one leaflet page: UTF-8, lines of at most 72 columns."""
    local = _Localized(page)
    refs = References()
    leaflet = page.leaflet
    chunks: list[list[str]] = [
        _underlined(textlayout.wrap(local.block_text(leaflet.title, refs), WIDTH), "=")
    ]
    if page.incomplete:
        chunks.append(textlayout.wrap(local.ui_plain(NOTICE, refs), WIDTH))
    if leaflet.summary is not None:
        chunks.append(textlayout.wrap(local.block_text(leaflet.summary, refs), WIDTH))
    for node in leaflet.body:
        chunks.append(_node_text(local, node, refs))
    footer = TRANSLATED_FOOTER if page.is_translation else ENGLISH_FOOTER
    chunks.append(textlayout.wrap(local.ui_plain(footer, refs, date=page.english_date), WIDTH))
    if refs.urls:
        heading = textlayout.wrap(local.ui_plain("References"), WIDTH)
        lines = _underlined(heading, "-")
        # One line per URL, never wrapped: a URL split over two lines no longer works.
        lines.extend(f"[{n}] {url}" for n, url in enumerate(refs.urls, start=1))
        chunks.append(lines)
    return "\n\n".join("\n".join(chunk) for chunk in chunks if chunk) + "\n"
