"""The page renderers against straightforward reference implementations, on random pages.

`render_html` writes the article and the language links in Python; the reference here renders
them the way the page template did before, through Jinja, one view object per block and one
template expression per text. `render_text` is compared with a plain reference too. Both must
give byte-identical pages for any structure, text, fallback and placeholder value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from pipeline import inline
from pipeline.locales import locale_info, source_locale
from pipeline.model import (
    Alternate,
    Block,
    BlockKind,
    Heading,
    Leaflet,
    ListBlock,
    Location,
    Node,
    Page,
    Paragraph,
    Piece,
    Quote,
    Table,
    Variables,
)
from pipeline.render import render_html

# --- The reference: the page template as it was, and the views it was given. ---

_REFERENCE_PAGE = """{% extends "base.html" %}
{% block head %}
{% if description %}
<meta name="description" content="{{ description }}">
{% endif %}
{% for alt in alternates %}
<link rel="alternate" hreflang="{{ alt.tag }}" href="{{ alt.href }}">
{% endfor %}
{% endblock %}
{% block body %}
<a class="skip" href="#leaflet"{% if skip.fallback %} lang="en" dir="ltr"{% endif %}>{{ skip.html }}</a>
{% if alternates %}
<nav class="languages" aria-label="{{ languages_label }}">
<ul>
{% for alt in alternates %}
<li><a href="{{ alt.href }}" hreflang="{{ alt.tag }}" lang="{{ alt.tag }}" dir="{{ alt.dir }}">{{ alt.name }}</a></li>
{% endfor %}
</ul>
</nav>
{% endif %}
<main id="leaflet" tabindex="-1">
<article>
{% if notice %}
<p class="notice" role="note"{% if notice.fallback %} lang="en" dir="ltr"{% endif %}>{{ notice.html }}</p>
{% endif %}
<h1{% if heading.fallback %} lang="en" dir="ltr"{% endif %}>{{ heading.html }}</h1>
{% if summary %}
<p class="lead"{% if summary.fallback %} lang="en" dir="ltr"{% endif %}>{{ summary.html }}</p>
{% endif %}
{% for section in sections %}
{% if section.heading %}
<section aria-labelledby="{{ section.heading.anchor }}">
{% endif %}
{% for b in section.views %}
{% if b.kind == "paragraph" %}
<p{% if b.fallback %} lang="en" dir="ltr"{% endif %}>{{ b.html }}</p>
{% elif b.kind == "heading" %}
<h{{ b.level }} id="{{ b.anchor }}"{% if b.fallback %} lang="en" dir="ltr"{% endif %}>{{ b.html }}</h{{ b.level }}>
{% elif b.kind == "list" %}
{% if b.ordered %}
<ol{% if b.start != 1 %} start="{{ b.start }}"{% endif %}>
{% else %}
<ul>
{% endif %}
{% for item in b.items %}
<li{% if item.fallback %} lang="en" dir="ltr"{% endif %}>{{ item.html }}</li>
{% endfor %}
{% if b.ordered %}
</ol>
{% else %}
</ul>
{% endif %}
{% elif b.kind == "quote" %}
<blockquote>
{% for p in b.paragraphs %}
<p{% if p.fallback %} lang="en" dir="ltr"{% endif %}>{{ p.html }}</p>
{% endfor %}
</blockquote>
{% elif b.kind == "table" %}
<div class="table-wrap">
<table>
<thead>
<tr>{% for c in b.header %}<th scope="col"{% if c.align %} class="align-{{ c.align }}"{% endif %}{% if c.text.fallback %} lang="en" dir="ltr"{% endif %}>{{ c.text.html }}</th>{% endfor %}</tr>
</thead>
<tbody>
{% for row in b.rows %}
<tr>{% for c in row %}<td{% if c.align %} class="align-{{ c.align }}"{% endif %}{% if c.text.fallback %} lang="en" dir="ltr"{% endif %}>{{ c.text.html }}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
</table>
</div>
{% endif %}

{% endfor %}
{% if section.heading %}
</section>
{% endif %}
{% endfor %}
</article>
</main>
<footer>
<p{% if footer.fallback %} lang="en" dir="ltr"{% endif %}>{{ footer.html }}</p>
</footer>
{% endblock %}
"""  # noqa: E501 (the template as it was, lines and all)


@dataclass(frozen=True)
class _Text:
    html: Markup
    fallback: bool


@dataclass(frozen=True)
class _View:
    kind: str
    fields: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return self.fields[name]


@dataclass(frozen=True)
class _Section:
    heading: _View | None
    blocks: tuple[_View, ...]

    @property
    def views(self) -> tuple[_View, ...]:
        return self.blocks if self.heading is None else (self.heading, *self.blocks)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({"page.html": _REFERENCE_PAGE}),
                jinja2.PackageLoader("pipeline", "templates"),
            ]
        ),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "css"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENVIRONMENT = _environment()
_ALIGN = {"left": "start", "right": "end", "center": "center"}


def _text(page: Page, text: str, fallback: bool, **fields: str) -> _Text:
    def lookup(name: str) -> str | None:
        return fields[name] if name in fields else page.variables.get(name)

    return _Text(Markup(inline.to_html(text, lookup=lookup)), fallback)


def _block(page: Page, block: Block) -> _Text:
    piece = page.piece(block)
    return _Text(Markup(inline.to_html(piece.text, lookup=page.variables.get)), piece.fallback)


def _ui(page: Page, msgid: str, **fields: str) -> _Text:
    text, fallback = page.ui_text(msgid)
    return _text(page, text, fallback, **fields)


def _cells(page: Page, row: tuple[Block, ...], aligns: tuple[str, ...]) -> list[_View]:
    return [
        _View(
            "cell",
            {
                "text": _block(page, cell),
                "align": _ALIGN.get(aligns[i] if i < len(aligns) else "", ""),
            },
        )
        for i, cell in enumerate(row)
    ]


def _reference_sections(page: Page) -> list[_Section]:
    sections: list[_Section] = []
    heading: _View | None = None
    blocks: list[_View] = []
    count = 0
    for node in page.leaflet.body:
        if isinstance(node, Heading):
            count += 1
            text = _block(page, node.block)
            level = max(2, min(node.level, 6))
            fields = {"level": level, "anchor": f"s{count}"}
            view = _View("heading", {**fields, "html": text.html, "fallback": text.fallback})
            if level == 2:
                if heading is not None or blocks:
                    sections.append(_Section(heading, tuple(blocks)))
                heading, blocks = view, []
            else:
                blocks.append(view)
        elif isinstance(node, Paragraph):
            text = _block(page, node.block)
            blocks.append(_View("paragraph", {"html": text.html, "fallback": text.fallback}))
        elif isinstance(node, ListBlock):
            items = [_block(page, item) for item in node.items]
            blocks.append(
                _View("list", {"ordered": node.ordered, "start": node.start, "items": items})
            )
        elif isinstance(node, Quote):
            paragraphs = [_block(page, p) for p in node.paragraphs]
            blocks.append(_View("quote", {"paragraphs": paragraphs}))
        else:
            header = _cells(page, node.header, node.aligns)
            rows = [_cells(page, row, node.aligns) for row in node.rows]
            blocks.append(_View("table", {"header": header, "rows": rows}))
    if heading is not None or blocks:
        sections.append(_Section(heading, tuple(blocks)))
    return sections


def _css_string(text: str) -> str:
    body = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text)
    return f'"{body}"'


def _page_number_css(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in re.finditer(r"\{(pages?)\}", text):
        if match.start() > last:
            parts.append(_css_string(text[last : match.start()]))
        parts.append(f"counter({match.group(1)})")
        last = match.end()
    if last < len(text):
        parts.append(_css_string(text[last:]))
    return " ".join(parts) or '""'


def _plain(page: Page, text: str, **fields: str) -> str:
    def lookup(name: str) -> str | None:
        return fields[name] if name in fields else page.variables.get(name)

    return inline.to_text(text, lookup=lookup, isolate=False)


def reference_html(page: Page) -> str:
    leaflet = page.leaflet
    footer_id = (
        "Translated from the English version of {date}."
        if page.is_translation
        else "English version of {date}"
    )
    date = page.english_date
    version = _plain(page, page.ui_text(footer_id)[0], date=date)
    page_number = _page_number_css(_plain(page, page.ui_text("Page {page} of {pages}")[0]))
    notice = "Parts of this leaflet have not been translated yet. They are shown in English."
    return _ENVIRONMENT.get_template("page.html").render(
        lang=page.locale.tag,
        dir="rtl" if page.locale.direction == "rtl" else "ltr",
        title=_plain(page, page.piece(leaflet.title).text),
        description=_plain(page, page.piece(leaflet.summary).text) if leaflet.summary else "",
        paper={"A4": "A4", "LETTER": "letter"}.get(page.paper.upper(), "A4"),
        page_number=Markup(_css_string(f"{version} \u00b7 ") + " " + page_number),
        large_print=page.large_print,
        alternates=[
            {
                "tag": alt.locale.tag,
                "dir": "rtl" if alt.locale.direction == "rtl" else "ltr",
                "name": alt.locale.native_name,
                "href": alt.href,
            }
            for alt in page.alternates
        ],
        languages_label=_plain(page, page.ui_text("Other languages")[0]),
        skip=_ui(page, "Skip to the leaflet"),
        notice=_ui(page, notice) if page.incomplete else None,
        heading=_block(page, leaflet.title),
        summary=_block(page, leaflet.summary) if leaflet.summary else None,
        sections=_reference_sections(page),
        footer=_ui(page, footer_id, date=date),
    )


# --- Random pages. ---

_PIECES = [
    *("Take ", "the ", "pill", " ", "  ", ".", ",", "é", "中文", "مرحبا", "\u00a0"),
    *("*x*", "**b**", "_u_", "`c`", "<b>", "&", "&amp;", '"', "'", "\\", "[", "]"),
    *("{clinic_phone}", "{clinic_name}", "{nope}", "[l](https://e.org/a)", "<http://a.b>"),
    *("![alt](x.png)", "[bad](javascript:x)", "  \n", "\n"),
]
_texts = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join)
_LOCATION = Location("source/x.md", 1)


def _blocks(kind: BlockKind, count: int) -> st.SearchStrategy[tuple[Block, ...]]:
    block = st.builds(Block, st.just(kind), _texts, st.just(_LOCATION))
    return st.lists(block, min_size=1, max_size=count).map(tuple)


_nodes: st.SearchStrategy[Node] = st.one_of(
    st.builds(Paragraph, _blocks(BlockKind.PARAGRAPH, 1).map(lambda b: b[0])),
    st.builds(Heading, st.integers(1, 7), _blocks(BlockKind.HEADING, 1).map(lambda b: b[0])),
    st.builds(ListBlock, st.booleans(), st.integers(0, 12), _blocks(BlockKind.LIST_ITEM, 4)),
    st.builds(Quote, _blocks(BlockKind.QUOTE, 3)),
    st.builds(
        Table,
        _blocks(BlockKind.TABLE_CELL, 4),
        st.lists(_blocks(BlockKind.TABLE_CELL, 4), max_size=3).map(tuple),
        st.lists(st.sampled_from(["", "left", "right", "center", "odd"]), max_size=4).map(tuple),
    ),
)


@st.composite
def pages(draw: st.DrawFn) -> Page:
    title = Block(BlockKind.TITLE, draw(_texts), _LOCATION)
    summaries = st.builds(Block, st.just(BlockKind.SUMMARY), _texts, st.just(_LOCATION))
    summary = draw(st.none() | summaries)
    leaflet = Leaflet(
        slug="x",
        location=_LOCATION,
        title=title,
        summary=summary,
        updated=dt.date(2024, 6, 11),
        category=None,
        metadata=(),
        body=tuple(draw(st.lists(_nodes, max_size=8))),
    )
    english = draw(st.booleans())
    locale = source_locale() if english else locale_info(draw(st.sampled_from(["ar", "zh_Hans"])))
    pieces = []
    if not english:
        for block in leaflet.blocks():
            fallback = draw(st.booleans())
            text = block.text if fallback else draw(_texts)
            pieces.append(((block.context, block.text), Piece(text, fallback)))
    ui_ids = [
        "Other languages",
        "Skip to the leaflet",
        "Translated from the English version of {date}.",
        "Page {page} of {pages}",
        "Parts of this leaflet have not been translated yet. They are shown in English.",
    ]
    ui = tuple((msgid, draw(_texts)) for msgid in ui_ids if not english and draw(st.booleans()))
    others = draw(st.lists(st.sampled_from(["es", "ar", "zh_Hans", "de"]), unique=True))
    return Page(
        leaflet=leaflet,
        locale=locale,
        pieces=tuple(pieces),
        ui=ui,
        alternates=tuple(
            Alternate(locale_info(code), f"../{locale_info(code).tag}/x.html") for code in others
        ),
        variables=Variables(
            (("clinic_phone", draw(st.sampled_from(["+1 555 0100", '<a> & "b"']))),)
        ),
        english_date="11 June 2024",
        is_translation=not english,
        incomplete=not english and draw(st.booleans()),
        large_print=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(pages())
def test_html_matches_the_reference_template(page: Page) -> None:
    assert render_html(page) == reference_html(page)
