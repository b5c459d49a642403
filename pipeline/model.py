"""Data shared by every stage: frozen, slotted dataclasses and enums, no behaviour of note."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file the user can open: `path` as shown to the user, 1-based `line`."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class BlockKind(enum.Enum):
    """What an English block is; written into `#.` comments so translators see it."""

    TITLE = "title"
    SUMMARY = "summary"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    TABLE_CELL = "table cell"
    QUOTE = "quote"
    UI = "page text"


@dataclass(frozen=True, slots=True)
class Block:
    """One translatable unit of an English leaflet: its inline Markdown and where it came from."""

    kind: BlockKind
    text: str
    location: Location
    notes: tuple[str, ...] = ()
    context: str | None = None
    critical: bool = False


# --- Leaflet body structure: what the renderer needs to rebuild the page. ---


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    block: Block


@dataclass(frozen=True, slots=True)
class Paragraph:
    block: Block


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    paragraphs: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Block, ...]
    rows: tuple[tuple[Block, ...], ...]
    aligns: tuple[str, ...]  # "left", "center", "right" or "" per column


Node = Heading | Paragraph | ListBlock | Quote | Table


@dataclass(frozen=True, slots=True)
class Leaflet:
    """An English leaflet as the author wrote it."""

    slug: str
    location: Location
    title: Block
    summary: Block | None
    updated: dt.date
    category: str | None
    # Other front-matter keys, kept as untranslated strings for templates.
    metadata: tuple[tuple[str, str], ...]
    body: tuple[Node, ...]

    def blocks(self) -> tuple[Block, ...]:
        """Every translatable block in reading order."""
        out: list[Block] = [self.title]
        if self.summary is not None:
            out.append(self.summary)
        for node in self.body:
            match node:
                case Heading(block=b) | Paragraph(block=b):
                    out.append(b)
                case ListBlock(items=items):
                    out.extend(items)
                case Quote(paragraphs=paras):
                    out.extend(paras)
                case Table(header=header, rows=rows):
                    out.extend(header)
                    for row in rows:
                        out.extend(row)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Segment:
    """One catalog entry made from one or more identical English blocks."""

    msgid: str
    msgctxt: str | None
    kind: BlockKind
    locations: tuple[Location, ...]
    notes: tuple[str, ...] = ()
    critical: bool = False


# --- Gettext catalogs as data. ---


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One PO entry. The header is the entry whose msgid is "" with no msgctxt."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()  # msgstr[0..n-1] when msgid_plural is set
    translator_comments: tuple[str, ...] = ()  # "# text"  (text without the "# ")
    extracted_comments: tuple[str, ...] = ()  # "#. text"
    references: tuple[str, ...] = ()  # "#: a b", one token each, e.g. "source/hsg.md:12"
    flags: tuple[str, ...] = ()  # "#, fuzzy, c-format"
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None
    obsolete: bool = False  # "#~"
    line: int = 0  # 1-based line of the msgid keyword in the file read; 0 when made in memory

    def __reduce__(self) -> tuple[Callable[..., PoEntry], tuple[object, ...]]:
        # Catalogs cross process boundaries; `read_entry` unpickles an entry several times
        # faster than the frozen dataclass's per-field state.
        return (read_entry, tuple(getter(self) for getter in _ENTRY_GETTERS))

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Usable as a translation: not fuzzy, not obsolete, every form non-empty."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""


_ENTRY_GETTERS = tuple(getattr(PoEntry, f.name).__get__ for f in fields(PoEntry))


class _OpenEntry:
    """PoEntry's slot layout without the frozen `__setattr__`, for `read_entry` only.

    An instance is filled in by plain attribute stores and then becomes a PoEntry by
    assigning `__class__`, which Python allows between classes of identical slot layouts.
    """

    __slots__ = PoEntry.__slots__
    msgid: str
    msgstr: str
    msgctxt: str | None
    msgid_plural: str | None
    msgstr_plural: tuple[str, ...]
    translator_comments: tuple[str, ...]
    extracted_comments: tuple[str, ...]
    references: tuple[str, ...]
    flags: tuple[str, ...]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    obsolete: bool
    line: int


_new = object.__new__


def read_entry(
    msgid: str,
    msgstr: str,
    msgctxt: str | None,
    msgid_plural: str | None,
    msgstr_plural: tuple[str, ...],
    translator_comments: tuple[str, ...],
    extracted_comments: tuple[str, ...],
    references: tuple[str, ...],
    flags: tuple[str, ...],
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    previous_msgid_plural: str | None,
    obsolete: bool,
    line: int,
) -> PoEntry:
    """`PoEntry(...)` with every field given, in the order of the fields: about five times
    faster than the frozen dataclass __init__ (one `object.__setattr__` call per field), for
    readers that make entries by the hundred thousand."""
    entry = _new(_OpenEntry)
    entry.msgid = msgid
    entry.msgstr = msgstr
    entry.msgctxt = msgctxt
    entry.msgid_plural = msgid_plural
    entry.msgstr_plural = msgstr_plural
    entry.translator_comments = translator_comments
    entry.extracted_comments = extracted_comments
    entry.references = references
    entry.flags = flags
    entry.previous_msgctxt = previous_msgctxt
    entry.previous_msgid = previous_msgid
    entry.previous_msgid_plural = previous_msgid_plural
    entry.obsolete = obsolete
    entry.line = line
    entry.__class__ = PoEntry  # type: ignore[assignment]
    return entry  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Catalog:
    """A PO or POT file as data, entries in file order (header first when present)."""

    entries: tuple[PoEntry, ...]
    path: str = ""

    @property
    def header(self) -> PoEntry | None:
        for entry in self.entries:
            if entry.is_header:
                return entry
        return None

    def header_fields(self) -> dict[str, str]:
        """The header's `Name: value` lines, in order."""
        header = self.header
        fields: dict[str, str] = {}
        if header is None:
            return fields
        for line in header.msgstr.split("\n"):
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip()] = value.strip()
        return fields

    @property
    def messages(self) -> tuple[PoEntry, ...]:
        """Every entry but the header, obsolete ones included."""
        return tuple(e for e in self.entries if not e.is_header)


class EntryStatus(enum.Enum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


@dataclass(frozen=True, slots=True)
class Completeness:
    """How far one catalog (leaflet x locale) is translated; vocabulary as polib's."""

    domain: str
    locale: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    words: int
    words_translated: int
    critical: int = 0
    critical_translated: int = 0

    @property
    def percent(self) -> float:
        if self.total == 0:
            return 100.0
        return round(100.0 * self.translated / self.total, 1)

    @property
    def words_percent(self) -> float:
        if self.words == 0:
            return 100.0
        return round(100.0 * self.words_translated / self.words, 1)

    @property
    def complete(self) -> bool:
        return self.translated == self.total


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a translation, a source or a catalog."""

    code: str
    severity: Severity
    message: str
    location: Location  # the PO entry (or the file) the user should edit
    source: Location | None = None  # the English block, when there is one
    domain: str = ""
    locale: str = ""
    msgid: str | None = None
    excused: str | None = None  # the translator's reason, when the entry excuses this code

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    """What the pipeline needs to know about a target language (from CLDR via Babel)."""

    code: str  # gettext/Babel identifier used for folders: "zh_Hans", "pt_BR"
    tag: str  # BCP 47: "zh-Hans", "pt-BR"
    english_name: str
    native_name: str
    direction: str  # "ltr" or "rtl"
    nplurals: int
    plural_forms: str  # the Plural-Forms header value
    decimal_symbol: str = "."


@dataclass(frozen=True, slots=True)
class Variables:
    """Clinic details filled into `{name}` placeholders after translation."""

    values: tuple[tuple[str, str], ...] = field(default=())

    def get(self, name: str) -> str | None:
        for key, value in self.values:
            if key == name:
                return value
        return None


# --- Localized pages: what the renderer receives. ---


@dataclass(frozen=True, slots=True)
class Piece:
    """The inline Markdown shown for one block: a translation, or English as a fallback."""

    text: str
    fallback: bool = False  # True: shown in English because no usable translation exists


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same leaflet in another built language, for the language switcher."""

    locale: LocaleInfo
    href: str  # relative link from this page, e.g. "../es/hsg.html"


@dataclass(frozen=True, slots=True)
class Page:
    """One leaflet in one language, ready to render. Every text in it is untrusted data."""

    leaflet: Leaflet
    locale: LocaleInfo
    pieces: tuple[tuple[tuple[str | None, str], Piece], ...]  # (msgctxt, English) → Piece
    ui: tuple[tuple[str, str], ...]  # UI msgid → usable translation
    alternates: tuple[Alternate, ...]
    variables: Variables
    english_date: str  # the English version's date, formatted for this locale
    is_translation: bool
    incomplete: bool  # some pieces fall back to English
    paper: str = "A4"
    large_print: bool = False  # the large-print variant: body text of at least 16 pt
    # `pieces` as a dict, built once: `piece` is called for every block of the page.
    _by_key: dict[tuple[str | None, str], Piece] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Reversed so that, as in a search from the start, the first of equal keys wins.
        object.__setattr__(self, "_by_key", dict(reversed(self.pieces)))

    def piece(self, block: Block) -> Piece:
        found = self._by_key.get((block.context, block.text))
        return Piece(block.text, fallback=self.is_translation) if found is None else found

    def ui_text(self, msgid: str) -> tuple[str, bool]:
        """The UI string in the page language, and whether it fell back to English."""
        for candidate, text in self.ui:
            if candidate == msgid:
                return text, False
        return msgid, self.is_translation


class PageStatus(enum.Enum):
    PUBLISHED = "published"
    INCOMPLETE = "published-incomplete"  # built with --allow-incomplete, English fallbacks
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    slug: str
    title: str  # the leaflet title in that language (English when skipped)
    locale: LocaleInfo
    status: PageStatus
    href: str | None  # relative to build/, None when skipped
    reason: str = ""
    # Other files of the same page, e.g. ("PDF", "es/hsg.pdf"), ("Large print", ...).
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class IndexPage:
    entries: tuple[IndexEntry, ...]
    locale: LocaleInfo  # the index is in English
