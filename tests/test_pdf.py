"""`leaflet build --pdf`: printed by headless Chromium, checked with poppler's own tools.

Each PDF of the shipped leaflets is read back with `pdftotext` (the translated title, summary
and first paragraph are in it, Arabic and Chinese included), `pdfinfo` (paper size),
`pdffonts` (every font embedded), `pdftohtml -xml` (font sizes) and `pdftoppm` (a page
rendered to an image of the expected size). The failure tests need no browser at all.

Without Chromium or poppler these tests skip, unless LEAFLET_REQUIRE_BROWSER=1 (CI) makes
a missing tool a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import pdf
from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.inline import to_text
from pipeline.locales import format_long_date
from pipeline.model import Paragraph
from pipeline.sources import read_leaflet

from .conftest import REPO, copy_shipped

REQUIRED = os.environ.get("LEAFLET_REQUIRE_BROWSER") == "1"
POPPLER = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "pdftohtml")
CLINIC = ("Riverside Women's Health Clinic", "+1 555 0100")
PAPER_POINTS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}


def missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (LEAFLET_REQUIRE_BROWSER=1: required here)")
    pytest.skip(reason)


def require_tools() -> None:
    try:
        pdf.find_browser()
    except pdf.PdfError as exc:
        missing(f"Chromium is needed to print PDFs: {exc}")
    absent = [tool for tool in POPPLER if shutil.which(tool) is None]
    if absent:
        missing(f"poppler-utils is needed to read PDFs back (missing: {', '.join(absent)})")


def leaflet_build(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), "build", *args])
    return result.exit_code, result.stdout, result.stderr


def tool(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def letters(text: str) -> str:
    """Only letters and digits, NFKC: PDF text extraction keeps those, not spacing or bidi."""
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN"
    )


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tools()
    project = copy_shipped(tmp_path_factory.mktemp("pdf") / "proj")
    code, _out, err = leaflet_build(project, "--pdf", "--large-print")
    assert code == 0, err
    return project / "build"


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tools()
    project = copy_shipped(tmp_path_factory.mktemp("letter") / "proj", paper="Letter")
    code, _out, err = leaflet_build(project, "--pdf", "--leaflet", "hsg", "--locale", "ar")
    assert code == 0, err
    return project / "build"


def built_pages(build: Path) -> list[dict[str, str]]:
    report = json.loads((build / "report.json").read_text(encoding="utf-8"))
    pages: list[dict[str, str]] = [p for p in report["pages"] if p["status"] != "skipped"]
    return pages


def expected_texts(slug: str, code: str) -> dict[str, str]:
    """The title, summary and first paragraph as shown on the page in that language."""
    leaflet = read_leaflet(REPO / "source" / f"{slug}.md", shown=f"source/{slug}.md")
    first = next(node.block for node in leaflet.body if isinstance(node, Paragraph))
    assert leaflet.summary is not None
    blocks = {"title": leaflet.title, "summary": leaflet.summary, "paragraph": first}
    texts = {name: block.text for name, block in blocks.items()}
    if code != "en":
        path = REPO / "locales" / code / "LC_MESSAGES" / f"{slug}.po"
        catalog = read_catalog(path, shown=str(path))
        found = {e.key: e.msgstr for e in catalog.messages if e.translated}
        texts = {name: found[(b.context, b.text)] for name, b in blocks.items()}
    return {name: to_text(text, isolate=False) for name, text in texts.items()}


def ui_text(code: str, msgid: str) -> str:
    if code == "en":
        return msgid
    path = REPO / "locales" / code / "LC_MESSAGES" / "ui.po"
    catalog = read_catalog(path, shown=str(path))
    (msgstr,) = [e.msgstr for e in catalog.messages if e.msgid == msgid and e.translated]
    return msgstr


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)$", tool("pdfinfo", path), re.MULTILINE)
    assert match, f"no page count for {path}"
    return int(match.group(1))


def font_sizes(path: Path) -> Counter[int]:
    """Characters per font size in points, the running page footer left out."""
    root = ET.fromstring(tool("pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1", path))
    sizes = {f.get("id"): int(f.get("size", "0")) for f in root.iter("fontspec")}
    footer = {f.get("id") for f in root.iter("fontspec") if f.get("color") == "#444444"}
    counts: Counter[int] = Counter()
    for text in root.iter("text"):
        if text.get("font") not in footer:
            counts[sizes[text.get("font")]] += len("".join(text.itertext()).strip())
    return counts


def test_every_built_page_has_its_pdf(a4: Path) -> None:
    html = sorted(p.relative_to(a4).as_posix() for p in a4.glob("*/*.html"))
    pdfs = sorted(p.relative_to(a4).as_posix() for p in a4.glob("*/*.pdf"))
    assert len(html) == 2 * len(built_pages(a4))  # each page also in large print
    assert pdfs == sorted(name.removesuffix("html") + "pdf" for name in html)
    for page in built_pages(a4):
        assert (a4 / page["pdf"]).is_file() and (a4 / page["large_pdf"]).is_file()
        assert page["pdf"] == page["html"].removesuffix("html") + "pdf"
        assert page["large_pdf"] == page["html"].removesuffix("html") + "large.pdf"
    index = (a4 / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/hsg.pdf"' in index and 'href="zh-Hans/hsg.large.pdf"' in index


def test_pdf_text_has_the_translated_title_and_paragraphs(a4: Path) -> None:
    checked = set()
    for page in built_pages(a4):
        expected = expected_texts(page["leaflet"], page["locale"])
        for variant in ("pdf", "large_pdf"):
            raw = tool("pdftotext", a4 / page[variant], "-")
            text = letters(raw)
            for name, wanted in expected.items():
                assert letters(wanted) in text, f"{page[variant]}: {name} {wanted!r} not found"
            for value in CLINIC:
                assert letters(value) in text, f"{page[variant]}: clinic detail {value!r}"
            assert "{" not in raw, f"{page[variant]}: a placeholder was left unfilled"
            checked.add(page["tag"])
    assert checked == {"en", "es", "fr", "ar", "zh-Hans"}


def test_arabic_is_shaped_right_to_left_and_chinese_glyphs_are_there(a4: Path) -> None:
    arabic = tool("pdftotext", a4 / "ar" / "hsg.pdf", "-")
    title = expected_texts("hsg", "ar")["title"]
    first_word = title.split()[0]
    # pdftotext gives RTL text back in logical order only when it was laid out right to left
    # with Arabic glyphs that map back to their letters: the first word comes first.
    assert first_word in arabic, arabic[:200]
    assert "\u202b" in arabic  # poppler marks the right-to-left runs it found
    fonts = tool("pdffonts", a4 / "ar" / "hsg.pdf")
    assert "Arabic" in fonts, fonts
    chinese = tool("pdftotext", a4 / "zh-Hans" / "hsg.pdf", "-")
    han = [c for c in chinese if "\u4e00" <= c <= "\u9fff"]
    assert len(han) > 500, "too few CJK characters extracted"
    assert "\ufffd" not in chinese and "\ufffd" not in arabic


def test_every_font_is_embedded(a4: Path) -> None:
    for path in sorted(a4.glob("*/*.pdf")):
        rows = tool("pdffonts", path).splitlines()[2:]
        assert rows, f"{path}: no fonts"
        for row in rows:
            # name type encoding emb sub uni object-id gen: emb is the 4th column from the end
            assert row.split()[-5] == "yes", f"{path}: not embedded: {row}"


@pytest.mark.parametrize("name", ["a4", "letter"])
def test_paper_size_and_rendered_page(name: str, request: pytest.FixtureRequest) -> None:
    build: Path = request.getfixturevalue(name)
    paper = {"a4": "A4", "letter": "Letter"}[name]
    width, height = PAPER_POINTS[paper]
    for path in sorted(build.glob("*/*.pdf")):
        info = tool("pdfinfo", path)
        match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
        assert match, info
        assert abs(float(match.group(1)) - width) < 1 and abs(float(match.group(2)) - height) < 1
    target = build / "ar" / "hsg.pdf"
    out = target.parent / "page"
    tool("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", target, out)
    png = (out.with_suffix(".png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = struct.unpack(">II", png[16:24])
    assert all(
        abs(got - points * 50 / 72) <= 1
        for got, points in zip(pixels, (width, height), strict=True)
    ), pixels


def test_body_text_size_page_numbers_and_english_date(a4: Path) -> None:
    for page in built_pages(a4):
        code = page["locale"]
        leaflet = read_leaflet(REPO / "source" / f"{page['leaflet']}.md", shown="x")
        date = format_long_date(leaflet.updated, code)
        translated = code != "en"
        footer = ui_text(
            code,
            "Translated from the English version of {date}."
            if translated
            else "English version of {date}",
        ).replace("{date}", date)
        numbers = ui_text(code, "Page {page} of {pages}")
        sizes: dict[str, int] = {}
        for variant in ("pdf", "large_pdf"):
            path = a4 / page[variant]
            pages = page_count(path)
            for number in range(1, pages + 1):
                text = letters(tool("pdftotext", "-f", str(number), "-l", str(number), path, "-"))
                label = numbers.replace("{page}", str(number)).replace("{pages}", str(pages))
                for line in (label, footer):
                    if page["tag"] == "ar":
                        # poppler reorders digits inside right-to-left lines: compare words
                        words = [letters(word) for word in line.split()]
                        assert all(w in text for w in words), f"{path} p.{number}: {line!r}"
                    else:
                        assert letters(line) in text, f"{path} p.{number}: no {line!r}"
            body, _count = font_sizes(path).most_common(1)[0]
            sizes[variant] = body
        assert sizes["pdf"] >= 12, f"{page['pdf']}: body text at {sizes['pdf']} pt"
        assert sizes["large_pdf"] >= 16, f"{page['large_pdf']}: body at {sizes['large_pdf']} pt"


def test_large_print_is_larger(a4: Path) -> None:
    normal, large = a4 / "en" / "hsg.pdf", a4 / "en" / "hsg.large.pdf"
    assert page_count(large) > page_count(normal)
    assert min(font_sizes(large)) >= 16  # every text but the running footer
    assert min(font_sizes(normal)) >= 10  # link addresses in print are 0.9 em of 12 pt


def test_pdfs_are_reproducible(letter: Path, tmp_path: Path) -> None:
    """A second, independent print (a fresh project: nothing reused) is byte-identical."""
    again = copy_shipped(tmp_path / "again", paper="Letter")
    code, _out, err = leaflet_build(again, "--pdf", "--leaflet", "hsg", "--locale", "ar")
    assert code == 0, err

    def pdfs(build: Path) -> dict[str, bytes]:
        return {p.relative_to(build).as_posix(): p.read_bytes() for p in build.glob("*/*.pdf")}

    assert pdfs(letter).keys() == {"en/hsg.pdf", "ar/hsg.pdf"}
    assert pdfs(again / "build") == pdfs(letter)
    info = tool("pdfinfo", "-isodates", letter / "ar" / "hsg.pdf")
    assert re.search(r"^CreationDate:\s+2010-04-04T00:00:00", info, re.MULTILINE), info


# --- Failures: no browser needed. ---


def test_reproducible_keeps_length_and_offsets() -> None:
    now = b"(D:20261126043255+00'00')"
    data = (
        b"<< /CreationDate " + now + b" /ModDate " + now + b" >> "
        b"<< /ID (node00000062) >> << /ID (node00000075) >> << /Headers [(node00000062)] >>"
    )
    stamped = pdf.reproducible(data, b"D:20100404000000+00'00'")
    assert len(stamped) == len(data)
    assert stamped.count(b"D:20100404000000+00'00'") == 2 and b"2026" not in stamped
    assert stamped.endswith(
        b"<< /ID (node00000001) >> << /ID (node00000002) >> << /Headers [(node00000001)] >>"
    )
    odd = b"/CreationDate (D:20261126043255Z)"
    assert pdf.reproducible(odd, b"D:20100404000000+00'00'") == odd


@pytest.fixture
def built_once(tmp_path: Path) -> Path:
    project = copy_shipped(tmp_path / "proj")
    code, _out, err = leaflet_build(project, "--leaflet", "hsg", "--locale", "es")
    assert code == 0, err
    return project


def staging_left(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.is_dir() and p.name.startswith(".leaflet-")]


def snapshot(build: Path) -> dict[str, bytes]:
    return {
        p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*") if p.is_file()
    }


def test_missing_browser_is_a_located_error_and_keeps_the_build(
    built_once: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built_once / "build")
    monkeypatch.setenv(pdf.BROWSER_ENV, str(built_once / "no-such-chromium"))
    code, _out, err = leaflet_build(built_once, "--pdf", "--leaflet", "hsg", "--locale", "es")
    assert code == 2
    assert err.startswith(f"{built_once / 'no-such-chromium'}: error: {pdf.BROWSER_ENV}"), err
    assert "apt-get install chromium" in err and "Traceback" not in err
    assert snapshot(built_once / "build") == before
    assert not staging_left(built_once)


def test_no_browser_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(pdf.BROWSER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pdf.PdfError) as caught:
        pdf.find_browser()
    assert str(caught.value).startswith("chromium: error: no Chromium browser found on PATH")


def test_a_browser_that_dies_is_an_error_and_keeps_the_build(
    built_once: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = built_once / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'fake browser: cannot start' >&2\nexit 3\n")
    fake.chmod(0o755)
    before = snapshot(built_once / "build")
    monkeypatch.setenv(pdf.BROWSER_ENV, str(fake))
    code, _out, err = leaflet_build(built_once, "--pdf", "--leaflet", "hsg", "--locale", "es")
    assert code == 2
    assert err.startswith(f"{fake}: error: the browser exited unexpectedly"), err
    assert "fake browser: cannot start" in err and "Traceback" not in err
    assert snapshot(built_once / "build") == before
    assert not staging_left(built_once)


def test_no_pdf_without_the_option(built_once: Path) -> None:
    assert not list((built_once / "build").rglob("*.pdf"))
    assert not list((built_once / "build").rglob("*.large.html"))
    report = json.loads((built_once / "build" / "report.json").read_text(encoding="utf-8"))
    assert "pdf" not in report["pages"][0]


def test_stamp_uses_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pdf._stamp(dt.date(2010, 4, 4)) == b"D:20231114221320+00'00'"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(pdf.PdfError, match="whole number"):
        pdf._stamp(dt.date(2010, 4, 4))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert pdf._stamp(dt.date(2010, 4, 4)) == b"D:20100404000000+00'00'"
