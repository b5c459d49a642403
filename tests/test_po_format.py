"""PO reading and writing: byte-identical to GNU msgcat, strict errors, round trips."""

# The test data is multilingual on purpose: full-width and typographic punctuation included.

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.brace_format import brace_protected_end
from pipeline.errors import CatalogError
from pipeline.line_breaks import (
    AL,
    BA,
    CL,
    CM,
    CP,
    EX,
    GL,
    HY,
    ID,
    IS,
    NS,
    NU,
    OP,
    OW,
    PO,
    PR,
    QU,
    SP,
    SY,
    char_width,
    line_break_class,
)
from pipeline.model import Catalog, PoEntry
from pipeline.po_format import parse_catalog
from pipeline.po_strict import unescape
from pipeline.po_writer import escape, format_catalog

HAVE_GETTEXT = shutil.which("msgcat") is not None and shutil.which("msgfmt") is not None
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")

HEADER = PoEntry(
    msgid="",
    msgstr="Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n",
)


def msgcat(tmp_path: Path, text: str) -> str:
    path = tmp_path / "in.po"
    path.write_bytes(text.encode())
    done = subprocess.run(["msgcat", str(path)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def msgfmt_check(tmp_path: Path, text: str) -> None:
    path = tmp_path / "check.po"
    path.write_bytes(text.encode())
    cmd = ["msgfmt", "--check-format", "-o", "/dev/null", str(path)]
    done = subprocess.run(cmd, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()


def without_lines(catalog: Catalog) -> tuple[PoEntry, ...]:
    return tuple(dataclasses.replace(e, line=0) for e in catalog.entries)


# --------------------------------------------------------------------------- golden output

# Each of these is exactly what GNU msgcat 0.21 printed for the same file.
GOLDEN = r"""msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

#. paragraph
#: source/pregnancy-and-early-care.md:12 source/pregnancy-and-early-care.md:140
#: source/hsg.md:7
msgid ""
"If you have heavy bleeding, severe pain or a fever, call the clinic on "
"{clinic_phone} or go to [the nearest emergency department](https://example."
"org/a-b?x=1)."
msgstr ""
"如果您有大量出血、剧烈疼痛或发烧，请拨打诊所电话{clinic_phone}，或前往[最近的"
"急诊科](https://example.org/a-b?x=1)。如果您有大量出血、剧烈疼痛或发烧。"

#, python-brace-format
msgid ""
"Call {clinic_phone} now: we are open every day from 8am to 8pm, including "
"public holidays."
msgstr ""
"Llame al {clinic_phone} ahora: abrimos todos los días de 8 a 20 h, incluidos "
"los festivos."

msgid ""
"Line one\n"
"Line two with a \"quote\" and a back\\slash and a\ttab\n"
msgstr ""
"« Ligne un » :\n"
"ligne deux !\n"

msgid ""
"إذا كان لديك ألم شديد، اتصل بالعيادة فوراً؛ هل تحتاج إلى مساعدة؟ ١٢٣ مُستشفى "
"الطِّبّ والحمل والولادة"
msgstr ""

#, python-brace-format
msgid ""
"See xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx "
"{clinic_phone}"
msgstr ""

msgctxt "plain"
msgid ""
"See "
"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx "
"{clinic_phone}"
msgstr ""

#, fuzzy
#~| msgid ""
#~| "The old English sentence that was a little bit different from the new "
#~| "one we have today"
#~ msgid ""
#~ "An obsolete English sentence that is long enough to need wrapping at "
#~ "seventy-four"
#~ msgstr "Una frase obsoleta"
"""


def test_golden_file_is_reproduced_byte_for_byte() -> None:
    catalog = parse_catalog(GOLDEN.encode(), path="golden.po")
    assert format_catalog(catalog) == GOLDEN
    entries = catalog.entries
    assert entries[1].references == (
        "source/pregnancy-and-early-care.md:12",
        "source/pregnancy-and-early-care.md:140",
        "source/hsg.md:7",
    )
    assert entries[3].msgid == 'Line one\nLine two with a "quote" and a back\\slash and a\ttab\n'
    assert entries[-1].obsolete and entries[-1].fuzzy
    assert entries[-1].previous_msgid is not None
    assert entries[-1].previous_msgid.startswith("The old English")


def test_golden_entries_built_in_memory_format_the_same() -> None:
    long = "If you have heavy bleeding, severe pain or a fever, call the clinic on {clinic_phone}"
    entry = PoEntry(
        msgid=long + " or go to [the nearest emergency department](https://example.org/a-b?x=1).",
        extracted_comments=("paragraph",),
        references=(
            "./source/pregnancy-and-early-care.md:12",
            "source/pregnancy-and-early-care.md:0140",
            "source/hsg.md:7",
            "source/hsg.md:7",
        ),
    )
    text = format_catalog(Catalog(entries=(entry,)))
    assert text == "\n".join(GOLDEN.split("\n")[3:10]) + '\nmsgstr ""\n'


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (PoEntry("a", "b", flags=("wrap", "c-format", "fuzzy")), '#, fuzzy, c-format\nmsgid "a"'),
        (PoEntry("a", "", flags=("fuzzy",)), 'msgid "a"'),  # fuzzy dropped when untranslated
        (PoEntry("a", "b", flags=("my-flag", "python-brace-format")), "#, python-brace-format, my"),
        (PoEntry("a", "", translator_comments=("", " two", "x")), '#\n#  two\n# x\nmsgid "a"'),
        (PoEntry("a", "x\n"), 'msgid "a"\nmsgstr "x\\n"'),
        (PoEntry("a", "x\ny"), 'msgid "a"\nmsgstr ""\n"x\\n"\n"y"'),
        (PoEntry("a", "", obsolete=True), ""),  # untranslated obsolete entries vanish
        (
            PoEntry("n", msgid_plural="ns", msgstr_plural=("x", "y")),
            'msgid "n"\nmsgid_plural "ns"\nmsgstr[0] "x"\nmsgstr[1] "y"',
        ),
        (PoEntry("a " * 45, "", flags=("no-wrap",)), '#, no-wrap\nmsgid "' + "a " * 45 + '"'),
    ],
)
def test_format_normalises_like_msgcat(entry: PoEntry, expected: str) -> None:
    assert format_catalog(Catalog(entries=(entry,))).startswith(expected)


def test_obsolete_entries_are_written_last() -> None:
    entries = (PoEntry("old", "x", obsolete=True), PoEntry("new", "y"))
    assert format_catalog(Catalog(entries=entries)) == (
        'msgid "new"\nmsgstr "y"\n\n#~ msgid "old"\n#~ msgstr "x"\n'
    )


@needs_gettext
def test_golden_file_is_what_msgcat_prints(tmp_path: Path) -> None:
    assert msgcat(tmp_path, GOLDEN) == GOLDEN


# --------------------------------------------------------------------------- line breaking


@pytest.mark.parametrize(
    ("char", "cls"),
    [
        ("a", AL), ("é", AL), ("*", AL), ("_", AL), ("#", AL), (">", AL), ("`", AL), ("=", AL),
        ("@", AL), ("~", AL), ("&", AL), ("[", OP), ("(", OP), ("{", OP), ("]", CP), (")", CP),
        ("}", CL), ("|", BA), ("!", EX), ("?", EX), (".", IS), (",", IS), (":", IS), ("/", SY),
        ("-", HY), ("$", PR), ("\\", PR), ("%", PO), ('"', QU), ("'", QU), (" ", SP),
        ("7", NU), ("\u00a0", GL), ("\u202f", GL), ("«", QU), ("»", QU), ("¿", OP), ("€", PR),
        ("ب", AL), ("\u064e", CM), ("،", IS), ("؛", EX), ("؟", EX), ("٣", NU), ("٪", PO),
        ("中", ID), ("，", CL), ("。", CL), ("、", CL), ("：", NS), ("；", NS), ("？", EX),
        ("！", EX), ("（", OW), ("）", CL), ("《", OW), ("》", CL), ("“", QU), ("ー", NS),
        ("—", 13), ("–", BA), ("…", 16),
    ],
)  # fmt: skip
def test_line_break_classes(char: str, cls: int) -> None:
    assert line_break_class(char) == cls


@pytest.mark.parametrize(
    ("char", "width"), [("a", 1), ("中", 2), ("，", 2), ("\u064e", 0), ("é", 1), ("\x01", 0)]
)
def test_char_width(char: str, width: int) -> None:
    assert char_width(char) == width


@pytest.mark.parametrize(
    ("value", "end"),
    [
        ("Call {clinic_phone} now", 13),  # relative to the directive, as gettext 0.21 does
        ("{a} and {clinic_phone}", 2),
        ("{{literal}}", 0),
        ("{a.b[0]:>10}", 11),
        ("{abc} {", 0),
        ("no directive", 0),
    ],
)
def test_brace_directive_protection(value: str, end: int) -> None:
    assert brace_protected_end(value) == end


# --------------------------------------------------------------------------- msgcat sweep

WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "the a of and to in is you that it for your on are with be this have or if can may not at "
    "pain doctor clinic pregnancy test weeks bleeding medicine ibuprofen paracetamol "
    "appointment emergency el la de que y en los médico embarazo niño señal información "
    "¿Qué ¡Llame le les est dans pour pas très où grossesse l’hôpital d’urgence "
    "aujourd’hui c’est peut-être « » ! ? : ; في من على إلى هذا الطبيب الحمل المستشفى اتصل "
    "بالعيادة إذا ألم شديد، ؛ ؟ ١٢ ٣٤٥ ٪ مُستشفى الطِّبّ **bold** _em_ `code` "
    "[link](https://example.org/a-b?x=1&y=2) <https://nhs.uk/conditions/pregnancy-and-baby/> "
    "# > | a | b | {clinic_phone} {clinic_name} ![img](x.png) \\* ~~x~~ 1. 2) - * +1 555 0100 "
    "10–12 3.5% $20 €5 37,5 °C 24/7 e.g. i.e. (see below) [1] \"quoted\" 'single' C:\\path\\x "
    "a\\b x--y well-known co-operate www.example.com user@example.com #hashtag 50mg/kg "
    "9am–5pm … «\u00a0Bonjour\u00a0» \u202f! \u00a0: — "
).split(" ")
CHINESE = "请在怀孕期间如果您有任何问题联系医生诊所电话药物疼痛出血紧急情况下立即拨打急救信息健康"
CJK_PUNCT = "，。：；？！（）“”、《》「」【】…—"
LONG = ["supercalifragilisticexpialidocious" * 3, "a" * 90, "x" * 77, "-" * 80, "中" * 50]
ODD = "abc .,;:!?()[]{}<>/\\\"'-_*#|`~@$%^&+=0123456789\u00a0\u202f«»“”’—–…，。（）\t"


def random_text(rng: random.Random, max_words: int = 40) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, max_words)):
        kind = rng.random()
        if kind < 0.7:
            parts.append(rng.choice(WORDS))
        elif kind < 0.85:
            alphabet = CHINESE + CJK_PUNCT if rng.random() < 0.3 else CHINESE
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
        elif kind < 0.88:
            parts.append(rng.choice(LONG))
        else:
            parts.append("".join(rng.choice(ODD) for _ in range(rng.randint(1, 8))))
        parts.append(rng.choice([" "] * 16 + ["", "", "  ", "\n", "\t", " \n", "\n\n"]))
    text = "".join(parts)
    return text.rstrip() + "\n" if rng.random() < 0.3 else text


def random_entry(rng: random.Random, number: int, obsolete: bool) -> PoEntry:
    text = random_text
    plural = rng.random() < 0.15
    msgid = text(rng, 120 if rng.random() < 0.2 else 40) + f" #{number}"
    forms = (text(rng), text(rng)) if rng.random() < 0.8 else ("", "")
    msgstr = "" if plural else text(rng) if rng.random() < 0.8 else ""
    translated = (forms[0] if plural else msgstr) != ""
    if obsolete and not translated:  # msgcat drops untranslated obsolete entries
        msgstr, forms = ("", ("one", "other")) if plural else ("translated", forms)
    flags = ["fuzzy"] if rng.random() < 0.3 and (translated or obsolete) else []
    flags += ["python-brace-format"] if rng.random() < 0.15 else []
    flags += ["no-wrap"] if rng.random() < 0.05 else []

    def comments() -> tuple[str, ...]:
        if rng.random() > 0.3:
            return ()
        # A comment ending in a backslash would be joined with the next line by GNU's reader.
        return tuple(text(rng, 8).replace("\n", " ").rstrip("\\") for _ in range(rng.randint(1, 3)))

    names = ["hsg", "pregnancy-and-early-care", "x"]
    references = tuple(
        f"source/{rng.choice(names)}{i}.md:{rng.randint(1, 9999)}"
        for i in range(rng.randint(0, 25) if rng.random() < 0.5 else 0)
    )
    previous = text(rng) if rng.random() < 0.2 else None
    return PoEntry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=text(rng, 5) if rng.random() < 0.2 else None,
        msgid_plural=text(rng, 10) + "s" if plural else None,
        msgstr_plural=forms if plural else (),
        translator_comments=comments(),
        extracted_comments=comments(),
        references=references,
        flags=tuple(flags),
        previous_msgctxt=text(rng, 4) if previous is not None and rng.random() < 0.3 else None,
        previous_msgid=previous,
        previous_msgid_plural=text(rng, 4) if previous is not None and plural else None,
        obsolete=obsolete,
    )


def random_catalog(seed: int, size: int) -> Catalog:
    rng = random.Random(seed)
    entries = [HEADER]
    entries += [random_entry(rng, i, obsolete=False) for i in range(size)]
    entries += [random_entry(rng, size + i, obsolete=True) for i in range(size // 5)]
    return Catalog(entries=tuple(entries))


@needs_gettext
@pytest.mark.parametrize("seed", range(4))
def test_random_catalogs_match_msgcat_byte_for_byte(tmp_path: Path, seed: int) -> None:
    catalog = random_catalog(seed, 500)
    ours = format_catalog(catalog)
    theirs = msgcat(tmp_path, ours)
    if ours != theirs:  # show the first differing entry rather than two huge strings
        for mine, gnu in zip(ours.split("\n\n"), theirs.split("\n\n"), strict=False):
            assert mine == gnu
    assert ours == theirs
    # msgfmt also compares each translation with its msgid (newlines, placeholders), so check
    # the same catalog with msgstr := msgid, which only tests that our syntax is accepted.
    echoed = tuple(
        dataclasses.replace(
            e,
            msgstr=e.msgid if e.msgid_plural is None else "",
            msgid_plural=None if e.msgid_plural is None else e.msgid,
            msgstr_plural=() if e.msgid_plural is None else (e.msgid, e.msgid),
        )
        for e in catalog.entries[1:]
    )
    msgfmt_check(tmp_path, format_catalog(Catalog(entries=(HEADER, *echoed))))
    reread = parse_catalog(theirs.encode(), path="in.po")
    assert format_catalog(reread) == theirs
    assert without_lines(reread) == catalog.entries


# --------------------------------------------------------------------------- round trip

TEXT = st.text(
    alphabet=st.sampled_from(list("ab xyz.,:;!?-/()[]{}*_#`\"\\\n\t«»éñ中，。ب١\u00a0—'%$")),
    max_size=120,
)
COMMENT = st.text(alphabet=st.sampled_from(list('ab .,:|~#-"\\é中')), max_size=30)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    entries = [HEADER]
    seen: set[tuple[str | None, str]] = set()
    for obsolete in (False, True):
        for _ in range(draw(st.integers(0, 4))):
            msgctxt = draw(st.none() | TEXT)
            msgid = draw(TEXT.filter(bool))
            if (msgctxt, msgid) in seen:
                continue
            seen.add((msgctxt, msgid))
            plural = draw(st.booleans())
            forms = tuple(draw(st.lists(TEXT, min_size=1, max_size=3))) if plural else ()
            msgstr = "" if plural else draw(TEXT)
            translated = (forms[0] if plural else msgstr) != ""
            if obsolete and not translated:
                continue
            flags = [f for f in ("fuzzy", "python-brace-format", "no-wrap") if draw(st.booleans())]
            if "fuzzy" in flags and not translated:
                flags.remove("fuzzy")
            lines = draw(st.lists(st.integers(1, 99999), unique=True, max_size=12))
            entries.append(
                PoEntry(
                    msgid=msgid,
                    msgstr=msgstr,
                    msgctxt=msgctxt,
                    msgid_plural=draw(TEXT) if plural else None,
                    msgstr_plural=forms,
                    translator_comments=tuple(draw(st.lists(COMMENT, max_size=2))),
                    extracted_comments=tuple(draw(st.lists(COMMENT, max_size=2))),
                    references=tuple(f"source/a-b.md:{n}" for n in lines),
                    flags=tuple(flags),
                    previous_msgctxt=draw(st.none() | TEXT),
                    previous_msgid=draw(st.none() | TEXT),
                    previous_msgid_plural=draw(st.none() | TEXT) if plural else None,
                    obsolete=obsolete,
                )
            )
    return Catalog(entries=tuple(entries), path="rt.po")


@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_parse_inverts_format(catalog: Catalog) -> None:
    text = format_catalog(catalog)
    parsed = parse_catalog(text.encode(), path="rt.po")
    assert without_lines(parsed) == catalog.entries
    assert format_catalog(parsed) == text


@given(st.text(max_size=60))
def test_unescape_inverts_escape(text: str) -> None:
    assert unescape(escape(text)) == text


def test_unescape_octal_and_hex() -> None:
    assert unescape(r"\101\x42\n\\") == "AB\n\\"


# --------------------------------------------------------------------------- strict reading

H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # 3 lines

BAD = [
    ('msgid "a\nmsgstr ""\n', 1, "unterminated string"),
    ('msgid "a\\"\nmsgstr ""\n', 1, "unterminated string"),
    ('msgid "a\\q"\nmsgstr ""\n', 1, "invalid escape sequence '\\q'"),
    ('msgid "a\\x110000"\nmsgstr ""\n', 1, "chr() arg not in range(0x110000)"),
    ('msgid "a\\x1000000000000000000"\nmsgstr ""\n', 1, "chr() arg not in range(0x110000)"),
    ('msgid "a" x\nmsgstr ""\n', 1, "text after the closing quote of a string"),
    ('msgid a\nmsgstr ""\n', 1, "expected a string in double quotes, found 'a'"),
    ('msgid "a"\nmsgstr "b" "c"\n', 2, "text after the closing quote of a string"),
    ('msgid "a"\nhello\nmsgstr ""\n', 2, "unknown keyword or text outside a string: 'hello'"),
    ('msgstr "b"\nmsgid "a"\n', 1, "'msgstr' without a preceding 'msgid'"),
    ('msgid "a"\nmsgctxt "c"\nmsgstr ""\n', 2, "'msgctxt' after 'msgid': keywords out of order"),
    ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 2, "duplicate 'msgid' (first at line 4)"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "duplicate 'msgstr' (first at line 5)"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3, "duplicate 'msgid' (first at line 4)"),
    ('msgid "a"\n', 1, "missing 'msgstr' for this entry"),
    ('msgid "a"\n# note\nmsgstr ""\n', 1, "missing 'msgstr' before this comment"),
    (
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        4,
        "duplicate entry for msgid 'a', first defined at line 4",
    ),
    (
        'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n',
        6,
        "duplicate entry for msgid 'a' (msgctxt 'k'), first defined at line 5",
    ),
    (
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[2] ""\n',
        4,
        "'msgstr[2]' out of sequence: expected 'msgstr[1]'",
    ),
    (
        'msgid "a"\nmsgid_plural "as"\nmsgstr[1] ""\n',
        3,
        "'msgstr[1]' out of sequence: expected 'msgstr[0]'",
    ),
    (
        'msgid "a"\nmsgstr[0] ""\n',
        2,
        "'msgstr[0]' in an entry without 'msgid_plural'; use a plain 'msgstr'",
    ),
    (
        'msgid "a"\nmsgid_plural "as"\nmsgstr ""\n',
        3,
        "plain 'msgstr' in an entry with 'msgid_plural'; use 'msgstr[0]'",
    ),
    ('msgid_plural "as"\nmsgstr ""\n', 1, "'msgid_plural' without a preceding 'msgid'"),
    ('"orphan"\n', 1, "string without a keyword before it"),
    (
        '#~ msgid "a"\nmsgstr "b"\n',
        2,
        "inconsistent use of #~: an entry's lines must all be obsolete or all active",
    ),
    ('#| msgid "x"\n#| msgctxt "y"\nmsgid "a"\nmsgstr ""\n', 2, "'#| msgctxt' after '#| msgid'"),
    ('msgstr[x] "a"\n', 1, "unknown keyword or text outside a string: 'msgstr[x]'"),
    ('msgid "a"\nmsgstr "\xff"\n', 2, "invalid UTF-8 byte 0xff"),
]


@pytest.mark.parametrize(("body", "line", "message"), BAD)
def test_malformed_input_is_reported_at_its_line(body: str, line: int, message: str) -> None:
    data = (H + body).encode("utf-8", errors="surrogateescape").replace(b"\xc3\xbf", b"\xff")
    with pytest.raises(CatalogError) as info:
        parse_catalog(data, path="locales/es/x.po")
    assert info.value.message.startswith(message)
    assert info.value.location is not None
    assert (info.value.location.path, info.value.location.line) == ("locales/es/x.po", line + 3)


@pytest.mark.parametrize(
    ("header", "template", "message"),
    [
        ("charset=CHARSET", False, "charset is the template placeholder 'CHARSET'"),
        ("charset=NO-SUCH-CODEC", False, "unknown charset 'NO-SUCH-CODEC'"),
        ("charset=NO-SUCH-CODEC", True, "unknown charset 'NO-SUCH-CODEC'"),
    ],
)
def test_bad_charset_is_reported_at_the_header(header: str, template: bool, message: str) -> None:
    data = 'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
    data += f'"Content-Type: text/plain; {header}\\n"\n'
    with pytest.raises(CatalogError) as info:
        parse_catalog(data.encode(), path="x.po", template=template)
    assert info.value.message.startswith(message)
    assert str(info.value.location) == "x.po:4"


def test_charset_placeholder_means_utf8_in_a_template() -> None:
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "é"\nmsgstr ""\n'
    )
    catalog = parse_catalog(data.encode(), path="x.pot", template=True)
    assert catalog.entries[1].msgid == "é"


def test_other_charsets_are_decoded() -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=iso-8859-1\\n"\n\n'
    text += 'msgid "café"\nmsgstr "ñ"\n'
    catalog = parse_catalog(text.encode("latin-1"), path="x.po")
    assert (catalog.entries[1].msgid, catalog.entries[1].msgstr) == ("café", "ñ")


def test_bom_crlf_and_cr_give_the_same_catalog() -> None:
    clean = GOLDEN.encode()
    expected = parse_catalog(clean, path="g.po")
    assert parse_catalog(b"\xef\xbb\xbf" + clean.replace(b"\n", b"\r\n"), path="g.po") == expected
    assert parse_catalog(clean.replace(b"\n", b"\r"), path="g.po") == expected


def test_entries_remember_the_line_of_their_msgid() -> None:
    catalog = parse_catalog(GOLDEN.encode(), path="g.po")
    assert [e.line for e in catalog.entries] == [1, 7, 16, 23, 30, 36, 42, 52]


def test_comments_flags_and_references_are_kept_in_order() -> None:
    text = (
        H
        + "#  two\n#\n#. a\n#. b\n#: x.md:1 y.md:2\n#: z.md\n#, fuzzy, c-format\n"
        + 'msgid "m"\nmsgstr "n"\n'
    )
    entry = parse_catalog(text.encode(), path="x.po").entries[1]
    assert entry.translator_comments == (" two", "")
    assert entry.extracted_comments == ("a", "b")
    assert entry.references == ("x.md:1", "y.md:2", "z.md")
    assert entry.flags == ("fuzzy", "c-format")
    assert entry.line == 11


def test_two_thousand_wrapped_entries_read_in_full() -> None:
    # Reading speed is measured by benchmarks/, not asserted here.
    parts = [H]
    for i in range(2000):
        parts.append(
            f'#. paragraph\n#: source/hsg.md:{i}\n#, fuzzy\nmsgid ""\n'
            f'"A long English sentence number {i} that wraps over more than one line "\n'
            f'"because it is \\"long\\" enough.\\n"\nmsgstr "Una frase {i} en español."\n\n'
        )
    catalog = parse_catalog("".join(parts).encode(), path="big.po")
    messages = catalog.messages
    assert len(messages) == 2000
    last = messages[-1]
    assert last.msgid == (
        "A long English sentence number 1999 that wraps over more than one line because it is "
        '"long" enough.\n'
    )
    assert (last.msgstr, last.fuzzy, last.references) == (
        "Una frase 1999 en español.",
        True,
        ("source/hsg.md:1999",),
    )
    assert last.line == catalog.messages[-2].line + 8


# --------------------------------------------------------------------------- fast paths

SPECIAL = ["\u2028", "\u200b", "\u200d", "\u0301", "א", "\u00ad", "\u2060", "\x01", "\x7f", "ぁ"]


@pytest.mark.parametrize("seed", range(3))
def test_fast_wrap_matches_the_reference_implementation(seed: int) -> None:
    from pipeline import po_wrap

    rng = random.Random(seed)
    alphabet = [*ODD, *CHINESE[:5], *CJK_PUNCT, *SPECIAL, "\n", "\u3000", "ー"]
    for _ in range(1500):
        if rng.random() < 0.5:
            value = random_text(rng, rng.choice([5, 20, 60]))
        else:
            value = "".join(
                rng.choice(alphabet) if rng.random() < 0.5 else rng.choice("abcdefgh ")
                for _ in range(rng.randint(0, 250))
            )
        args = (
            rng.choice(["msgid", "msgstr", "msgstr[1]", "msgctxt"]),
            ("{x}" if rng.random() < 0.1 else "") + value,
            rng.choice(["", "#~ ", "#| ", "#~| "]),
            rng.choice([79, 79, 0, 10, 30]),
            rng.random() < 0.3,
        )
        expected = po_wrap._wrap_generic(*args)
        assert po_wrap._wrap(*args) == expected, args
        assert list(po_wrap.wrapped(*args)) == expected


def _strict_read(text: str) -> list[PoEntry] | str:
    """What the line-by-line reader makes of `text`: entries, or the error it reports."""
    from pipeline import po_strict

    try:
        return po_strict.parse_strict(text, "x.po")
    except CatalogError as error:
        return str(error)


@pytest.mark.parametrize("seed", range(2))
def test_fast_reader_agrees_with_the_strict_reader(seed: int) -> None:
    from pipeline import po_fast

    rng = random.Random(seed)
    texts = [format_catalog(random_catalog(seed * 10 + i, 40)) for i in range(4)]
    texts.append(GOLDEN)
    for text in texts:
        fast = po_fast.parse_fast(text)
        assert fast is None or fast == _strict_read(text)
    edits = ["", " ", "#~ ", "#~| ", "#| ", "#", '"', "\\", "msgstr ", "msgid ", "msgctxt "]
    edits += ["msgstr[1] ", "msgid_plural ", '""', "#. x", "#, fuzzy", "\t", "\x01", "\\q", "\n"]
    # Escapes that a string's end cuts short, characters str.strip() and split() take for
    # whitespace, control characters and the join between two strings of one value.
    edits += ["\\x4", "\\x41", "\\1", "\\12", "\\\\", '\\"', "\\n", '"\n"', "\x0b", "\x1f"]
    edits += ["\u3000", "\x85", "\r", "\x7f", "\n\n", "#:", "#,"]
    accepted = 0
    for _ in range(600):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            op = rng.random()
            if op < 0.1:  # inside a line, most often inside a string
                at = rng.randint(0, len(lines[i]))
                lines[i] = lines[i][:at] + rng.choice(edits) + lines[i][at:]
            elif op < 0.3:
                lines[i] = rng.choice(edits) + lines[i]
            elif op < 0.5:
                lines[i] += rng.choice(edits)
            elif op < 0.65:
                del lines[i]
            elif op < 0.8:
                lines.insert(i, rng.choice(edits) + rng.choice(lines))
            elif op < 0.9 and i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            else:
                lines[i] = lines[i].replace("#~ ", "") if "#~" in lines[i] else "#~ " + lines[i]
        text = "\n".join(lines)
        fast = po_fast.parse_fast(text)
        if fast is not None:
            accepted += 1
            assert fast == _strict_read(text), text
    assert accepted > 20  # the fast reader is exercised, not only its fallback


def test_escapes_are_decoded_line_by_line_by_both_readers() -> None:
    """A number escape ends with its string: the next line's digits do not extend it."""
    from pipeline import po_fast

    cases = {
        'msgid ""\n"\\12"\n"3"\nmsgstr ""\n"\\x4"\n"1"\n': None,  # U+0004 is refused
        'msgid ""\n"a\\12"\n"3\\""\n"\\"b"\nmsgstr "\\\\"\n"n\\\\"\n': ('a\n3""b', "\\n\\"),
        'msgid "\\x41\\101\\t"\nmsgstr ""\n"Content: x\\n"\n"y\\n"\n': ("AA\t", "Content: x\ny\n"),
    }
    for text, values in cases.items():
        strict = _strict_read(text)
        assert po_fast.parse_fast(text) in (None, strict)
        if values is None:
            assert isinstance(strict, str)
        else:
            assert not isinstance(strict, str)
            assert (strict[0].msgid, strict[0].msgstr) == values
            assert po_fast.parse_fast(text) == strict


def test_read_entry_is_the_dataclass_constructor() -> None:
    import inspect

    from pipeline.model import read_entry

    names = [f.name for f in dataclasses.fields(PoEntry)]
    assert list(inspect.signature(read_entry).parameters) == names
    values = {f.name: f"value of {f.name}" for f in dataclasses.fields(PoEntry)}
    made = read_entry(**values)  # type: ignore[arg-type]
    assert made == PoEntry(**values)  # type: ignore[arg-type]
    assert repr(made) == repr(PoEntry(**values))  # type: ignore[arg-type]
    assert type(made) is PoEntry
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.msgid = "x"  # type: ignore[misc]


def test_entries_survive_pickling_between_processes() -> None:
    import pickle

    values = {f.name: f"value of {f.name}" for f in dataclasses.fields(PoEntry)}
    entry = PoEntry(**values)  # type: ignore[arg-type]
    catalog = Catalog(entries=(entry, PoEntry(msgid="x", flags=("fuzzy",), line=7)), path="a.po")
    again = pickle.loads(pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == catalog and repr(again) == repr(catalog)
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.entries[0].msgid = "y"  # type: ignore[misc]
