"""English leaflet sources: Markdown with YAML front matter → an immutable `Leaflet`."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SourceError
from .model import (
    Block,
    BlockKind,
    Heading,
    Leaflet,
    ListBlock,
    Location,
    Node,
    Paragraph,
    Quote,
    Table,
)

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
RESERVED_SLUGS = frozenset({"ui", "index", "report"})
MAX_SOURCE_BYTES = 1_000_000
MAX_LINE_CHARS = 20_000
_FENCE = re.compile(r"(---|\.\.\.)[ \t]*\Z")
_COMMENT = re.compile(r"<!--(.*?)-->\s*\Z", re.DOTALL)
_ANNOTATION = re.compile(r"(translators|context)\s*:\s*(.*)\Z", re.DOTALL)
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_KNOWN_KEYS = ("title", "summary", "updated", "category")


if TYPE_CHECKING:  # markdown-it and PyYAML load only when a source is read
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def markdown_parser() -> MarkdownIt:
    """The parser for English sources: CommonMark plus tables, HTML seen (to reject it).

    It gives block structure only. A block's text is its inline source, so the inline pass
    would be needed only to find raw HTML and images; the walker runs it for the few blocks
    that could hold them.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": 20}).enable("table")
    parser.core.ruler.disable(["inline", "text_join"])
    return parser


@functools.cache
def _default_parser() -> MarkdownIt:
    """One parser per process for callers that bring none: building one costs a parse."""
    return markdown_parser()


def prepare_reading() -> None:
    """Load markdown-it, the front-matter reader and the default parser now, so that worker
    processes forked afterwards share them instead of each loading its own."""
    from . import front_matter  # noqa: F401

    _default_parser()


def read_leaflet(path: Path, *, shown: str, parser: MarkdownIt | None = None) -> Leaflet:
    """Read and validate one `source/<slug>.md`; `shown` is the path printed in messages."""
    slug = path.stem
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:
        raise SourceError(
            f"leaflet file name must be a slug of lowercase letters, digits and '-' "
            f"(and not {', '.join(sorted(RESERVED_SLUGS))}): {path.name!r}",
            Location(shown),
        )
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"source is {size} bytes; the limit is {MAX_SOURCE_BYTES}", Location(shown)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", Location(shown)) from None
    return parse_leaflet(data, slug=slug, shown=shown, parser=parser)


def parse_leaflet(
    data: bytes, *, slug: str, shown: str, parser: MarkdownIt | None = None
) -> Leaflet:
    text = _decode(data, shown=shown)
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise SourceError(
                f"line is {len(line)} characters long; the limit is {MAX_LINE_CHARS}",
                Location(shown, number),
            )
    if not lines or lines[0].rstrip() != "---":
        raise SourceError(
            "front matter missing: the file must start with a '---' line", Location(shown, 1)
        )
    close = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if close is None:
        raise SourceError("front matter is not closed by a '---' line", Location(shown, 1))
    from .front_matter import load_front_matter

    front = load_front_matter("\n".join(lines[1:close]), shown=shown, first_line=2)
    body_offset = close + 1  # 0-based index of the first body line
    body_text = "\n".join(lines[body_offset:])
    parser = parser or _default_parser()
    env: dict[str, Any] = {}  # link reference definitions, for the inline pass
    walker = _BodyWalker(shown=shown, offset=body_offset, parser=parser, env=env)
    body = walker.walk(parser.parse(body_text, env))

    title_value, title_line = front.get("title", (None, 1))
    if title_value is None:
        raise SourceError("front matter has no 'title'", Location(shown, 1))
    title = _text_block(title_value, "title", BlockKind.TITLE, Location(shown, title_line))
    summary = None
    if "summary" in front:
        summary_value, summary_line = front["summary"]
        summary = _text_block(
            summary_value, "summary", BlockKind.SUMMARY, Location(shown, summary_line)
        )
    updated_value, updated_line = front.get("updated", (None, 1))
    if updated_value is None:
        raise SourceError("front matter has no 'updated' date", Location(shown, 1))
    updated = _date(updated_value, Location(shown, updated_line))
    category = None
    if "category" in front:
        category_value, category_line = front["category"]
        category = _scalar(category_value, "category", Location(shown, category_line))
    metadata = tuple(
        (key, _scalar(value, key, Location(shown, line)))
        for key, (value, line) in front.items()
        if key not in _KNOWN_KEYS
    )
    return Leaflet(
        slug=slug,
        location=Location(shown),
        title=title,
        summary=summary,
        updated=updated,
        category=category,
        metadata=metadata,
        body=body,
    )


def _decode(data: bytes, *, shown: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError("invalid UTF-8 byte in source", Location(shown, line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _scalar(value: object, key: str, where: Location) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise SourceError(f"'{key}' must be a plain text or date value", where)
    return str(value)


def _text_block(value: object, key: str, kind: BlockKind, where: Location) -> Block:
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"'{key}' must be non-empty text", where)
    return Block(kind=kind, text=" ".join(value.split()), location=where)


def _date(value: object, where: Location) -> dt.date:
    if isinstance(value, dt.datetime):
        raise SourceError("'updated' must be a date (YYYY-MM-DD), not a date and time", where)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SourceError(f"'updated' must be an ISO date (YYYY-MM-DD), got {value!r}", where)


@dataclass
class _Pending:
    """Author annotations waiting for the block they apply to."""

    notes: list[str] = field(default_factory=list)
    context: str | None = None
    critical: bool = False
    line: int = 0

    def active(self) -> bool:
        return bool(self.notes) or self.context is not None or self.critical


class _BodyWalker:
    """Turns markdown-it's flat token stream into the leaflet body.

    State lives in locals of `walk`, except annotations, which apply to the next block.
    """

    def __init__(self, *, shown: str, offset: int, parser: MarkdownIt, env: dict[str, Any]) -> None:
        self.shown = shown
        self.offset = offset
        self.parser = parser
        self.env = env

    def where(self, token: Token) -> Location:
        line = token.map[0] + self.offset + 1 if token.map else None
        return Location(self.shown, line)

    def fail(self, message: str, token: Token) -> SourceError:
        return SourceError(message, self.where(token))

    def walk(self, tokens: list[Token]) -> tuple[Node, ...]:
        nodes: list[Node] = []
        pending = _Pending()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "html_block":
                self.annotate(token, pending)
                i += 1
                continue
            if kind == "heading_open":
                level = int(token.tag[1])
                if level == 1:
                    raise self.fail(
                        "use '##' for section headings: the title is the page's only "
                        "top-level heading",
                        token,
                    )
                block = self.block(tokens[i + 1], BlockKind.HEADING, pending)
                nodes.append(Heading(level=level, block=block))
                pending = _Pending()
                i += 3
            elif kind == "paragraph_open":
                nodes.append(Paragraph(self.block(tokens[i + 1], BlockKind.PARAGRAPH, pending)))
                pending = _Pending()
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                node, i = self.list_block(tokens, i, pending)
                nodes.append(node)
                pending = _Pending()
            elif kind == "blockquote_open":
                quote, i = self.quote(tokens, i, pending)
                nodes.append(quote)
                pending = _Pending()
            elif kind == "table_open":
                table, i = self.table(tokens, i, pending)
                nodes.append(table)
                pending = _Pending()
            elif kind in ("fence", "code_block"):
                raise self.fail("code blocks are not supported in leaflets", token)
            elif kind == "hr":
                raise self.fail("horizontal rules are not supported; use a '##' heading", token)
            else:
                raise self.fail(f"unsupported Markdown element ({kind})", token)
        if pending.active():
            raise SourceError(
                "this comment must come directly before the block it applies to",
                Location(self.shown, pending.line),
            )
        return tuple(nodes)

    def annotate(self, token: Token, pending: _Pending) -> None:
        content = token.content.strip()
        match = _COMMENT.match(content)
        if match is None or "<!--" in match.group(1):
            raise self.fail(
                "raw HTML is not allowed in a leaflet source; use Markdown, or one of the "
                "comments <!-- translators: ... -->, <!-- context: ... -->, <!-- critical -->",
                token,
            )
        inner = " ".join(match.group(1).split())
        pending.line = self.where(token).line or 0
        if inner == "critical":
            pending.critical = True
            return
        annotation = _ANNOTATION.match(inner)
        if annotation is None:
            raise self.fail(
                f"unknown comment '<!-- {inner} -->'; expected <!-- translators: ... -->, "
                "<!-- context: ... --> or <!-- critical -->",
                token,
            )
        name, value = annotation.groups()
        if not value:
            raise self.fail(f"empty '{name}:' comment", token)
        if name == "translators":
            pending.notes.append(value)
        elif pending.context is not None:
            raise self.fail("two context comments for one block", token)
        else:
            pending.context = value

    def block(self, inline: Token, kind: BlockKind, pending: _Pending) -> Block:
        self.check_inline(inline)
        return Block(
            kind=kind,
            text=" ".join(inline.content.split()),
            location=self.where(inline),
            notes=tuple(pending.notes),
            context=pending.context,
            critical=pending.critical,
        )

    def check_inline(self, inline: Token) -> None:
        content = inline.content
        if "<" not in content and "![" not in content:
            return  # raw HTML starts with '<' and an image with '![': nothing to reject
        children: list[Token] = []
        self.parser.inline.parse(content, self.parser, self.env, children)
        line = self.where(inline).line or 0
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                raise SourceError(
                    f"raw HTML is not allowed in a leaflet source: {child.content!r}",
                    Location(self.shown, line),
                )
            elif child.type == "image":
                raise SourceError(
                    "images are not supported: pages must be self-contained",
                    Location(self.shown, line),
                )

    def list_block(self, tokens: list[Token], i: int, pending: _Pending) -> tuple[ListBlock, int]:
        opener = tokens[i]
        ordered = opener.type == "ordered_list_open"
        start = int(opener.attrGet("start") or 1) if ordered else 1
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[Block] = []
        item_pending = pending
        i += 1
        while tokens[i].type != close:
            token = tokens[i]
            if token.type == "html_block":
                self.annotate(token, item_pending)
                i += 1
                continue
            if token.type != "list_item_open":
                raise self.fail("unexpected content in a list", token)
            inner = tokens[i + 1]
            if inner.type == "list_item_close":
                raise self.fail("empty list item", token)
            if inner.type != "paragraph_open":
                raise self.fail(
                    "a list item must be one paragraph of text (nested lists, quotes and "
                    "tables inside list items are not supported)",
                    inner,
                )
            items.append(self.block(tokens[i + 2], BlockKind.LIST_ITEM, item_pending))
            item_pending = _Pending()
            if tokens[i + 4].type != "list_item_close":
                raise self.fail(
                    "a list item must be one paragraph of text (nested lists and several "
                    "paragraphs in one item are not supported)",
                    tokens[i + 4],
                )
            i += 5
        if item_pending.active() and item_pending is not pending:
            raise SourceError(
                "this comment must come directly before the block it applies to",
                Location(self.shown, item_pending.line),
            )
        return ListBlock(ordered=ordered, start=start, items=tuple(items)), i + 1

    def quote(self, tokens: list[Token], i: int, pending: _Pending) -> tuple[Quote, int]:
        paragraphs: list[Block] = []
        i += 1
        while tokens[i].type != "blockquote_close":
            token = tokens[i]
            if token.type != "paragraph_open":
                raise self.fail("a quote may contain only paragraphs", token)
            paragraphs.append(self.block(tokens[i + 1], BlockKind.QUOTE, pending))
            pending = _Pending()
            i += 3
        return Quote(tuple(paragraphs)), i + 1

    def table(self, tokens: list[Token], i: int, pending: _Pending) -> tuple[Table, int]:
        header: list[Block] = []
        rows: list[tuple[Block, ...]] = []
        aligns: list[str] = []
        row: list[Block] = []
        i += 1
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type in ("th_open", "td_open"):
                cell = self.block(tokens[i + 1], BlockKind.TABLE_CELL, pending)
                pending = _Pending()
                if token.type == "th_open":
                    match = _ALIGN.search(str(token.attrGet("style") or ""))
                    aligns.append(match.group(1) if match else "")
                    header.append(cell)
                else:
                    row.append(cell)
                i += 3
                continue
            if token.type == "tr_close" and row:
                rows.append(tuple(row))
                row = []
            i += 1
        return Table(header=tuple(header), rows=tuple(rows), aligns=tuple(aligns)), i + 1


def find_sources(source_dir: Path) -> list[Path]:
    """Every `*.md` directly in the source folder, sorted by name for deterministic output."""
    return sorted(p for p in source_dir.glob("*.md") if p.is_file())
