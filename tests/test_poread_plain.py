"""The fast reader's plain path (`_FAST_PLAIN_RE`) against its general path and the strict
reader; the identity cache of template summaries in `completeness`."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import catalogs, po_fast, po_format, po_strict
from pipeline.errors import CatalogError
from pipeline.model import Catalog, PoEntry
from pipeline.po_writer import format_catalog
from tests.test_po_format import random_catalog

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def _without_plain_path() -> Iterator[None]:
    """`parse_fast` with a plain pattern that never matches: every entry takes the general
    path, as before the plain path existed."""
    saved = po_fast._FAST_PLAIN_RE
    po_fast._FAST_PLAIN_RE = re.compile(r"(?!)(x)?(x)?(x)?(x)?")
    try:
        yield
    finally:
        po_fast._FAST_PLAIN_RE = saved


def _strict(text: str) -> list[PoEntry] | str:
    try:
        return po_strict.parse_strict(text, "x.po")
    except CatalogError as error:
        return str(error)


def _agree(text: str) -> bool:
    """Both fast paths give the same result, and the strict reader's when they read it."""
    fast = po_fast.parse_fast(text)
    with _without_plain_path():
        general = po_fast.parse_fast(text)
    assert fast == general, text
    if fast is not None:
        assert [type(e) for e in fast] == [PoEntry] * len(fast)
        assert fast == _strict(text), text
    return fast is not None


# Pieces chosen to sit at the plain pattern's edges: quotes, escapes, the `"\n"` join, the
# characters str.split() and str.strip() take for whitespace, control characters.
PIECES = ["a", "é", "中", " ", "  ", '"', "\\", "\\n", '\\"', '"\n"', "\t", "\x01", "\x7f", "\x85"]
PIECES += ["\u3000", "\xa0", "#", "#:", "#.", "msgid", "\n", "\n\n", "x y", ":12", "\r"]
PIECES += ["\\t", "\\\\", "\\x41", "\\1"]
_piece_text = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@st.composite
def _plain_block(draw: st.DrawFn) -> str:
    """An entry in, or close to, the plain shape."""
    lines = [f"#. {draw(_piece_text)}" for _ in range(draw(st.integers(0, 2)))]
    lines += [f"#: {draw(_piece_text)}" for _ in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["#, fuzzy", "# note", '#| msgid "old"', "#", "#.x"])))
    for keyword in ("msgid", "msgstr"):
        strings = [f'"{draw(_piece_text)}"' for _ in range(draw(st.integers(1, 3)))]
        lines.append(f"{keyword} {strings[0]}")
        lines += strings[1:]
    return "\n".join(lines)


@SETTINGS
@given(st.lists(_plain_block(), min_size=1, max_size=5), st.sampled_from(["", "\n", "\n\n"]))
def test_plain_path_reads_as_the_general_path_and_the_strict_reader(
    blocks: list[str], end: str
) -> None:
    _agree("\n\n".join(blocks) + end)


def test_plain_path_reads_random_catalogs_and_their_mutations() -> None:
    rng = random.Random(7)
    texts = [format_catalog(random_catalog(seed, 40)) for seed in range(3)]
    read = 0
    for _ in range(300):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(0, 2)):
            i = rng.randrange(len(lines))
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(PIECES) + lines[i][at:]
        read += _agree("\n".join(lines))
    assert read > 30  # the fast reader is exercised, not only its fallback


def test_plain_path_takes_the_common_entry() -> None:
    text = '#. leaflet: paragraph\n#: source/a.md:3 source/a.md:9\nmsgid ""\n"Two "\n"lines"\n'
    text += 'msgstr "Zwei Zeilen"\n\n#: source/a.md:5\nmsgid "b"\nmsgstr ""\n'
    match = po_fast._FAST_PLAIN_RE.match(text)
    assert match is not None
    entries = po_fast.parse_fast(text)
    assert entries == [
        PoEntry(
            msgid="Two lines",
            msgstr="Zwei Zeilen",
            extracted_comments=("leaflet: paragraph",),
            references=("source/a.md:3", "source/a.md:9"),
            line=3,
        ),
        PoEntry(msgid="b", references=("source/a.md:5",), line=9),
    ]
    assert _agree(text)


def test_plain_path_decodes_quote_and_newline_escapes() -> None:
    text = 'msgid ""\n"Say \\"hi\\""\n"\\n"\nmsgstr "Sag \\"hallo\\"\\n"\n'
    assert po_fast._FAST_PLAIN_RE.match(text) is not None
    assert po_fast.parse_fast(text) == [PoEntry(msgid='Say "hi"\n', msgstr='Sag "hallo"\n', line=1)]
    assert _agree(text)
    for other in ("\\t", "\\\\", "\\x41", "\\101"):  # other escapes take the general path
        changed = text.replace("Sag", "Sag" + other)
        assert po_fast._FAST_PLAIN_RE.match(changed) is None
        assert _agree(changed)


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',  # duplicate, both plain
        'msgid "a"\nmsgstr "x"\n\n#, fuzzy\nmsgid "a"\nmsgstr "y"\n',  # plain, then general
        'msgctxt "c"\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',  # not a duplicate
    ],
)
def test_duplicates_are_left_to_the_strict_reader(text: str) -> None:
    _agree(text)
    strict = _strict(text)
    assert (po_fast.parse_fast(text) is None) == isinstance(strict, str)


def _template(n: int) -> Catalog:
    entries = [PoEntry(msgid=f"m{i} word", extracted_comments=("critical",)) for i in range(n)]
    return Catalog(entries=(PoEntry(msgid="", msgstr="x"), *entries))


def test_completeness_summaries_follow_the_template_given() -> None:
    translation = Catalog(entries=(PoEntry(msgid="m0 word", msgstr="y"),))
    templates = [_template(n) for n in range(1, catalogs._COUNTINGS_KEPT + 10)]
    for _ in range(2):  # the second round after the cache was emptied
        for template in templates:
            got = catalogs.completeness(template, translation, domain="d", locale="es")
            want = catalogs.completeness(
                catalogs.template_summary(template), translation, domain="d", locale="es"
            )
            assert got == want
            assert got.total == len(template.entries) - 1 and got.translated == 1
    assert len(catalogs._countings) <= catalogs._COUNTINGS_KEPT


def test_read_catalog_reads_the_whole_file_and_reports_what_it_cannot(tmp_path: Path) -> None:
    path = tmp_path / "big.po"
    entries = "".join(f'msgid "m{i}"\nmsgstr "{"x" * 200}"\n\n' for i in range(2000))
    path.write_bytes(entries.encode())  # several times any single read's size
    assert catalogs.read_catalog(path, shown="big.po") == po_format.parse_catalog(
        path.read_bytes(), path="big.po"
    )
    for target, reason in [(tmp_path, "Is a directory"), (tmp_path / "no.po", "No such file")]:
        with pytest.raises(CatalogError, match=f"^x.po: error: cannot read: {reason}"):
            catalogs.read_catalog(target, shown="x.po")
