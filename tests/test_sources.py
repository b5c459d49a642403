from __future__ import annotations

import datetime as dt

import pytest

from pipeline.errors import SourceError
from pipeline.front_matter import _compose_simple
from pipeline.model import BlockKind, Heading, ListBlock, Paragraph, Table
from pipeline.segments import leaflet_segments
from pipeline.sources import parse_leaflet

from .conftest import SMALL_LEAFLET


def parse(text: str | bytes):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return parse_leaflet(data, slug="demo", shown="source/demo.md")


def test_small_leaflet_structure_and_lines() -> None:
    leaflet = parse(SMALL_LEAFLET)
    assert leaflet.title.text == "Blood test"
    assert leaflet.title.location.line == 2
    assert leaflet.updated == dt.date(2020, 1, 31)
    assert leaflet.category == "pathology"
    assert leaflet.metadata == (("id", "PA-001"),)
    kinds = [type(node) for node in leaflet.body]
    assert kinds == [Heading, Paragraph, ListBlock, Heading, Paragraph, Paragraph]
    note_para = leaflet.body[1]
    assert isinstance(note_para, Paragraph)
    assert note_para.block.location.line == 12
    assert note_para.block.notes == ("keep the number of hours",)
    critical = leaflet.body[4]
    assert isinstance(critical, Paragraph) and critical.block.critical
    assert critical.block.text == "Call {clinic_phone} if the arm swells or bleeds."


def test_segments_keep_inline_markdown_and_merge_duplicates() -> None:
    text = SMALL_LEAFLET + "\n## Questions\n"
    segments = leaflet_segments(parse(text))
    questions = [s for s in segments if s.msgid == "Questions"]
    assert len(questions) == 1
    assert [loc.line for loc in questions[0].locations] == [17, 24]
    assert any(s.msgid == "Bring your *appointment letter*." for s in segments)
    assert any(
        s.msgid == "See [our website](https://example.org/blood) for more." for s in segments
    )


def test_whitespace_is_normalised_and_context_applies() -> None:
    text = "---\ntitle: T\nupdated: 2020-01-01\n---\n<!-- context: button -->\nGo   on\nnow.\n"
    (segment,) = leaflet_segments(parse(text))[1:]
    assert segment.msgid == "Go on now."
    assert segment.msgctxt == "button"


def test_table_cells_are_segments_with_alignment() -> None:
    text = "---\ntitle: T\nupdated: 2020-01-01\n---\n| A | B |\n|:--|--:|\n| x | y |\n"
    (table,) = parse(text).body
    assert isinstance(table, Table)
    assert [c.text for c in table.header] == ["A", "B"]
    assert table.aligns == ("left", "right")
    assert [[c.text for c in row] for row in table.rows] == [["x", "y"]]
    assert all(c.kind is BlockKind.TABLE_CELL for c in table.header)


PLAIN_FRONT = (
    "title: \"Blood: test\"\nsummary: 'What #1'\n\nupdated: 2020-01-31\n"
    "category: pathology\nid: PA-001\nn: 12"
)
ELABORATE_FRONT = (
    'title: "Blood: test"  # the page title\nsummary: >-\n  What #1\nupdated: 2020-01-31\n'
    "category: pathology\nid: PA-001\nn: 12"
)


def test_plain_and_elaborate_front_matter_read_alike() -> None:
    # Plain `key: value` lines take libyaml; comments or block scalars the strict loader.
    assert _compose_simple(PLAIN_FRONT) is not None
    assert _compose_simple(ELABORATE_FRONT) is None
    plain = parse(f"---\n{PLAIN_FRONT}\n---\nHi.\n")
    assert plain.title.text == "Blood: test"
    assert plain.metadata == (("id", "PA-001"), ("n", "12"))
    assert plain == parse(f"---\n{ELABORATE_FRONT}\n---\nHi.\n")


def test_bom_and_crlf_read_like_the_clean_file() -> None:
    clean = parse(SMALL_LEAFLET)
    dirty = parse(b"\xef\xbb\xbf" + SMALL_LEAFLET.replace("\n", "\r\n").encode())
    assert dirty == clean


HEAD = "---\ntitle: T\nupdated: 2020-01-01\n---\n"


def test_text_that_only_looks_like_html_or_an_image_is_kept() -> None:
    text = HEAD + "Use `<b>`, \\<b>, a < b, 3 <4 and ![not an image.\n\nStop! [x](y)\n"
    first, second = parse(text).body
    assert isinstance(first, Paragraph) and isinstance(second, Paragraph)
    assert first.block.text == "Use `<b>`, \\<b>, a < b, 3 <4 and ![not an image."
    assert second.block.text == "Stop! [x](y)"


BAD_SOURCES = [
    ("no front matter\n", 1, "front matter missing"),
    ("---\ntitle: T\n", 1, "front matter is not closed"),
    ("---\nupdated: 2020-01-01\n---\n", 1, "front matter has no 'title'"),
    ("---\ntitle: T\n---\n", 1, "front matter has no 'updated' date"),
    ("---\ntitle: T\nupdated: 2020-13-45\n---\n", 3, "invalid value for 'updated'"),
    ("---\ntitle: T\nupdated: 'April 2020'\n---\n", 3, "'updated' must be an ISO date"),
    ("---\ntitle: T\nupdated: 2020-01-01 10:00:00\n---\n", 3, "not a date and time"),
    ("---\ntitle: [a\nupdated: 2020-01-01\n---\n", 3, "invalid YAML in front matter"),
    ("---\ntitle: T\ntitle: U\nupdated: 2020-01-01\n---\n", 3, "duplicate key 'title'"),
    ("---\na: &x [1]\nb: *x\ntitle: T\nupdated: 2020-01-01\n---\n", 3, "aliases are not allowed"),
    ("---\ntitle: !!python/object:os.system x\nupdated: 2020-01-01\n---\n", 2, "invalid YAML"),
    ("---\n- a\n---\n", 2, "must be a mapping"),
    ("---\ntitle: ''\nupdated: 2020-01-01\n---\n", 2, "'title' must be non-empty text"),
    ("---\ntitle: >#c\n  T\nupdated: 2020-01-01\n---\n", 2, "expected chomping or indentation"),
    ('---\ntitle: T\nupdated: 2020-01-01\ntitle: "U"\n---\n', 4, "duplicate key 'title'"),
    ("---\ntitle: T\nupdated: 2020-01-01\nid: a: b\n---\n", 4, "mapping values are not allowed"),
    (HEAD + "\nText <b>bold</b>.\n", 6, "raw HTML is not allowed"),
    (HEAD + "<div>\nx\n</div>\n", 5, "raw HTML is not allowed"),
    (HEAD + "<!-- critcal -->\nText.\n", 5, "unknown comment"),
    (HEAD + "Text.\n\n<!-- critical -->\n", 7, "must come directly before the block"),
    (HEAD + "# Big\n", 5, "use '##' for section headings"),
    (HEAD + "```\ncode\n```\n", 5, "code blocks are not supported"),
    (HEAD + "- a\n\n  - nested\n", 7, "a list item must be one paragraph"),
    (HEAD + "![x](https://example.org/x.png)\n", 5, "images are not supported"),
    (
        HEAD + "One\ntwo  \nthree <b>x</b>\n",
        7,
        "raw HTML is not allowed in a leaflet source: '<b>'",
    ),
    (HEAD + "See ![x][r].\n\n[r]: https://example.org/x.png\n", 5, "images are not supported"),
    (HEAD + "- a\n- b\\\n  ![x](y.png)\n", 7, "images are not supported"),
    (HEAD + "***\n", 5, "horizontal rules are not supported"),
    (b"---\ntitle: T\xff\nupdated: 2020-01-01\n---\n", 2, "invalid UTF-8"),
    (HEAD + "x" * 20_001 + "\n", 5, "the limit is 20000"),
    ("---\ntitle: T\x07\nupdated: 2020-01-01\n---\n", 2, "control character U+0007"),
    ("---\ntitle: T\nupdated: [\x00]\n---\n", 3, "control character U+0000"),
    ("---\ntitle: " + "[" * 3000 + "\n---\n", 2, "nested too deeply"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_SOURCES)
def test_bad_sources_name_their_line(text: str | bytes, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse(text)
    assert caught.value.location is not None
    assert caught.value.location.line == line, str(caught.value)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"source/demo.md:{line}: error: ")
