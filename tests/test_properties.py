"""Property-based tests: the PO reader only ever raises CatalogError; no translation can put a
live element, an event attribute or an unsafe link into a page; generated catalogs read back
as written."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import completeness, new_translation, template_catalog, template_summary
from pipeline.errors import CatalogError
from pipeline.locales import locale_info
from pipeline.model import BlockKind, Catalog, Location, PoEntry, Segment
from pipeline.po_format import parse_catalog
from pipeline.po_writer import format_catalog
from pipeline.render import render_html
from pipeline.sources import parse_leaflet

from .test_render import ARABIC, ARABIC_UI, DEMO, make_page

REPO = Path(__file__).resolve().parent.parent
REAL = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes) -> Catalog | None:
    try:
        return parse_catalog(data, path="x.po")
    except CatalogError as error:
        assert error.location is not None and error.location.path == "x.po"
        assert error.message and "\n" not in str(error).strip()
        return None


# --- The reader never raises anything but CatalogError ------------------------------------


@FAST
@given(st.binary(max_size=400))
def test_reader_on_random_bytes(data: bytes) -> None:
    _read(data)


@FAST
@given(st.text(alphabet=st.sampled_from(list('msgidtrx_[]0123 "\\\n#~|,.:\r\x00é')), max_size=300))
def test_reader_on_po_like_text(text: str) -> None:
    _read(text.encode("utf-8"))


def test_there_are_real_catalogs_to_mutate() -> None:
    assert len(REAL) >= 3


INSERTS = ['"', "\\", "\x00", '\\"', "\\x", "\\777", "\r", "#~ ", "msgstr[7] ", "\xff", "\ufeff"]
MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(INSERTS),
)


@FAST
@given(st.sampled_from(REAL), st.lists(MUTATION, min_size=1, max_size=4))
def test_reader_on_mutated_real_catalogs(
    path: Path, mutations: list[tuple[str, int, int, str]]
) -> None:
    data = path.read_bytes()
    for kind, a, b, insert in mutations:
        lines = data.split(b"\n")
        i, j = a % len(lines), b % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            line = lines[i]
            at = b % (len(line) + 1)
            lines[i] = line[:at] + insert.encode("utf-8", "surrogatepass") + line[at:]
        else:
            data = data[: a % (len(data) + 1)]
            continue
        data = b"\n".join(lines)
    _read(data)


# --- No translation can make a page do anything ---------------------------------------------


class _Live(HTMLParser):
    """Collects every element, attribute and link target of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _scan(html: str) -> _Live:
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser


DEMO_LEAFLET = parse_leaflet(DEMO, slug="demo", shown="source/demo.md")
AR = locale_info("ar")
# What inline Markdown may add to a page: the renderer's own markup for text.
INLINE_TAGS = {"a", "em", "strong", "code", "br", "span", "bdi"}
# Elements that run, load or submit something: never more of them than the page has anyway.
ACTIVE = {"script", "style", "link", "meta", "base", "iframe", "frame", "object", "embed"}
ACTIVE |= {"img", "svg", "math", "form", "input", "button", "video", "audio", "template"}
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


def _page(translation: str) -> str:
    pieces = dict(ARABIC)
    for key in ("Intro paragraph.", "Step three", "Polyps", "A quote.", "Demo *leaflet*"):
        pieces[key] = translation
    ui = dict(ARABIC_UI)
    ui["Other languages"] = translation
    return render_html(make_page(DEMO_LEAFLET, AR, pieces, ui=ui))


BASELINE = _scan(_page(ARABIC["Intro paragraph."]))
ALLOWED_TAGS = set(BASELINE.tags) | INLINE_TAGS

HOSTILE_PARTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:x)",
    "[x]( javascript:alert(1))",
    "<javascript:alert(1)>",
    "![i](https://evil.example/i.png)",
    '[x](https://ok.example/ "t" onclick=alert(1))',
    "</p><iframe src=//evil.example>",
    "<style>*{x:y}</style>",
    '"><b onmouseover=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
    "{clinic_phone}",
    "&lt;script&gt;",
    "\u202e",
    "<!--",
    "-->",
    "<![CDATA[",
    "`code`",
    "**b**",
    "*",
    "[",
    "](",
    ")",
    "<",
    ">",
    "&",
    "\\",
    "\n",
    " ",
    "x",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(HOSTILE_PARTS), st.text(max_size=8)), max_size=8))
def test_no_translation_makes_a_live_element_or_link(parts: list[str]) -> None:
    translation = "".join(parts) or "x"
    page = _scan(_page(translation))
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    for tag in ACTIVE:
        assert page.tags.count(tag) == BASELINE.tags.count(tag), tag
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name != "style" or (tag, name, value) in BASELINE.attributes, (tag, name, value)
        if name in LINK_ATTRIBUTES:
            assert value is not None
            target = value.strip()
            scheme = target.split(":", 1)[0].lower() if ":" in target.split("/", 1)[0] else ""
            if scheme:
                assert scheme in {"http", "https", "mailto", "tel"}, value
            else:  # a relative link: only the pipeline's own (fragments, sibling pages)
                assert (tag, name, value) in BASELINE.attributes, value


# --- Write then read is the identity -------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    min_size=1,
    max_size=60,
)


@st.composite
def _segments(draw: st.DrawFn) -> list[Segment]:
    keys = draw(st.lists(st.tuples(st.one_of(st.none(), TEXT), TEXT), max_size=6, unique=True))
    out = []
    for context, msgid in keys:
        notes = draw(st.lists(TEXT.filter(lambda t: "\n" not in t), max_size=2))
        out.append(
            Segment(
                msgid=msgid,
                msgctxt=context,
                kind=draw(st.sampled_from(list(BlockKind))),
                locations=(Location("source/x.md", draw(st.integers(1, 9999))),),
                notes=tuple(notes),
                critical=draw(st.booleans()),
            )
        )
    return out


def _without_lines(catalog: Catalog) -> tuple[PoEntry, ...]:
    return tuple(dataclasses.replace(e, line=0) for e in catalog.entries)


@FAST
@given(_segments(), st.data())
def test_generated_catalogs_read_back_as_written(
    segments: list[Segment], data: st.DataObject
) -> None:
    template = template_catalog(
        segments, domain="x", title="X", creation_date="2020-01-31 00:00+0000"
    )
    fresh = new_translation(template, locale_info("es"), title="X")
    translated = Catalog(
        tuple(
            e if e.is_header else dataclasses.replace(e, msgstr=data.draw(TEXT))
            for e in fresh.entries
        )
    )
    for catalog in (template, fresh, translated):
        text = format_catalog(catalog)
        parsed = parse_catalog(text.encode("utf-8"), path="x.po", template=catalog is template)
        assert _without_lines(parsed) == catalog.entries
        assert format_catalog(parsed) == text


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_real_catalogs_are_in_canonical_form(path: Path) -> None:
    data = path.read_bytes()
    assert format_catalog(parse_catalog(data, path=str(path))).encode("utf-8") == data


# --- Completeness counts as msgfmt --statistics does ----------------------------------------

_KEYS = [(None, ""), (None, "a"), (None, "b c"), ("ctx", "a"), ("ctx", ""), (None, "d e f")]


@st.composite
def _entries(draw: st.DrawFn) -> tuple[PoEntry, ...]:
    out = []
    for _ in range(draw(st.integers(0, 8))):
        context, msgid = draw(st.sampled_from(_KEYS))
        plural = draw(st.sampled_from([None, "p"]))
        out.append(
            PoEntry(
                msgid=msgid,
                msgctxt=context,
                msgstr="" if plural else draw(st.sampled_from(["", "x"])),
                msgid_plural=plural,
                msgstr_plural=draw(st.sampled_from([(), ("",), ("x", ""), ("x", "y")]))
                if plural
                else (),
                flags=draw(st.sampled_from([(), ("fuzzy",), ("c-format", "fuzzy"), ("x",)])),
                extracted_comments=draw(st.sampled_from([(), ("critical",), ("note",)])),
                obsolete=draw(st.booleans()),
            )
        )
    return tuple(out)


def _counted(template: Catalog, translation: Catalog | None) -> tuple[int, ...]:
    """Completeness by the definitions: each template entry's status in the translation."""
    found = {}
    obsolete = 0
    for entry in translation.entries if translation is not None else ():
        if entry.obsolete:
            obsolete += 1
        elif not entry.is_header:
            found[entry.key] = entry
    rows = [
        (found.get(t.key), len(t.msgid.split()), "critical" in t.extracted_comments)
        for t in template.entries
        if not t.is_header and not t.obsolete
    ]
    done = [(w, c) for e, w, c in rows if e is not None and e.translated]
    fuzzy = sum(e is not None and e.fuzzy for e, _, _ in rows)
    return (
        *(len(rows), len(done), fuzzy, len(rows) - len(done) - fuzzy, obsolete),
        *(sum(w for _, w, _ in rows), sum(w for w, _ in done)),
        *(sum(c for _, _, c in rows), sum(c for _, c in done)),
    )


@FAST
@given(_entries(), st.one_of(st.none(), _entries()))
def test_completeness_counts_each_template_entry_by_its_status(
    template: tuple[PoEntry, ...], translation: tuple[PoEntry, ...] | None
) -> None:
    pot = Catalog(template)
    po = None if translation is None else Catalog(translation)
    for given_template in (pot, template_summary(pot)):
        got = completeness(given_template, po, domain="d", locale="es")
        assert (got.domain, got.locale) == ("d", "es")
        assert (
            *(got.total, got.translated, got.fuzzy, got.untranslated, got.obsolete),
            *(got.words, got.words_translated, got.critical, got.critical_translated),
        ) == _counted(pot, po)
