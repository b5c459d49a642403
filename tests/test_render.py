"""HTML and text pages: structure, languages, fallbacks, placeholders and hostile translations.

HTML is checked by parsing it (html.parser + a tiny tree builder) and walking the tree, never by
grepping, so a test cannot pass because an escaped string happens to look harmless.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import inline
from pipeline.locales import locale_info, source_locale
from pipeline.model import (
    Alternate,
    IndexEntry,
    IndexPage,
    Leaflet,
    LocaleInfo,
    Page,
    PageStatus,
    Piece,
    Variables,
)
from pipeline.render import page_placeholders, render_html, render_index_html, render_text
from pipeline.sources import parse_leaflet, read_leaflet
from pipeline.textlayout import display_width

ROOT = Path(__file__).resolve().parent.parent
FSI, PDI = "\u2068", "\u2069"
NOTICE = "Parts of this leaflet have not been translated yet. They are shown in English."
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col"}

DEMO = b"""---
title: Demo *leaflet*
summary: A short summary.
updated: 2010-04-04
---

Intro paragraph.

## First section

Call us on {clinic_phone}.

### A subsection

3. Step three
4. Step four

## Second section

- A bullet with [a link](https://example.org/a) and [the same](https://example.org/a).
- Write to [us](mailto:clinic@example.org) or [call](tel:+15550100).

> A quote.
>
> Second quote paragraph.

| Finding | What it means |
| --- | ---: |
| Polyps | Small growths on the lining of the womb. They are usually not cancer at all. |
"""


# --- A tiny tree builder on html.parser. ---


@dataclass
class El:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[El | str] = field(default_factory=list)
    parent: El | None = None

    def iter(self) -> list[El]:
        out = [self]
        for child in self.children:
            if isinstance(child, El):
                out.extend(child.iter())
        return out

    def find_all(self, tag: str) -> list[El]:
        return [e for e in self.iter() if e.tag == tag]

    def find(self, tag: str) -> El:
        found = self.find_all(tag)
        assert found, f"no <{tag}>"
        return found[0]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def ancestors(self) -> list[El]:
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#document")
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = El(tag, dict(attrs), parent=self.stack[-1])
        assert len(attrs) == len(element.attrs), f"duplicate attribute on <{tag}>"
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(El(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"end tag for void <{tag}>"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> El:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


# --- Pages. ---


@pytest.fixture(scope="module")
def demo() -> Leaflet:
    return parse_leaflet(DEMO, slug="demo", shown="source/demo.md")


ARABIC = {
    "Demo *leaflet*": "نشرة *تجريبية*",
    "A short summary.": "ملخص قصير.",
    "Intro paragraph.": "فقرة تمهيدية.",
    "First section": "القسم الأول",
    "Call us on {clinic_phone}.": "اتصلوا بنا على {clinic_phone}.",
    "A subsection": "قسم فرعي",
    "Step three": "الخطوة الثالثة",
    "Step four": "الخطوة الرابعة",
    "Second section": "القسم الثاني",
    "A quote.": "اقتباس.",
    "Second quote paragraph.": "فقرة الاقتباس الثانية.",
    "Finding": "النتيجة",
    "What it means": "ماذا تعني",
    "Polyps": "سلائل",
    "Small growths on the lining of the womb. They are usually not cancer at all.": (
        "زوائد صغيرة على بطانة الرحم. وهي عادة ليست سرطانا."
    ),
    "A bullet with [a link](https://example.org/a) and [the same](https://example.org/a).": (
        "نقطة فيها [رابط](https://example.org/a) و[الرابط نفسه](https://example.org/a)."
    ),
    "Write to [us](mailto:clinic@example.org) or [call](tel:+15550100).": (
        "راسلنا [هنا](mailto:clinic@example.org) أو [اتصل](tel:+15550100)."
    ),
}
ALLOWED_HREFS = {"https://example.org/a", "mailto:clinic@example.org", "tel:+15550100"}

ARABIC_UI = {
    "Other languages": "لغات أخرى",
    "Skip to the leaflet": "انتقل إلى النشرة",
    "References": "المراجع",
    NOTICE: "لم تترجم بعض أجزاء هذه النشرة بعد. وهي معروضة بالإنجليزية.",
    "Translated from the English version of {date}.": "مترجم عن النسخة الإنجليزية بتاريخ {date}.",
}

VARIABLES = Variables((("clinic_phone", "+1 555 0100"), ("clinic_name", "Riverside <Clinic>")))


def make_page(
    leaflet: Leaflet,
    locale: LocaleInfo,
    translations: dict[str, str],
    *,
    ui: dict[str, str] | None = None,
    alternates: tuple[Alternate, ...] = (),
    incomplete: bool = False,
    paper: str = "A4",
    variables: Variables = VARIABLES,
) -> Page:
    is_translation = locale.tag != "en"
    return Page(
        leaflet=leaflet,
        locale=locale,
        pieces=tuple(((None, k), Piece(v)) for k, v in translations.items()),
        ui=tuple((ui or {}).items()),
        alternates=alternates,
        variables=variables,
        english_date="4 April 2010",
        is_translation=is_translation,
        incomplete=incomplete,
        paper=paper,
    )


def english(leaflet: Leaflet, **kwargs: object) -> Page:
    return make_page(leaflet, source_locale(), {}, **kwargs)  # type: ignore[arg-type]


def arabic(leaflet: Leaflet, translations: dict[str, str] | None = None, **kwargs: object) -> Page:
    alternates = (
        Alternate(source_locale(), "../en/demo.html"),
        Alternate(locale_info("zh_Hans"), "../zh-Hans/demo.html"),
    )
    kwargs.setdefault("ui", ARABIC_UI)
    kwargs.setdefault("alternates", alternates)
    return make_page(
        leaflet,
        locale_info("ar"),
        ARABIC if translations is None else translations,
        **kwargs,  # type: ignore[arg-type]
    )


def body_of(tree: El) -> El:
    return tree.find("body")


def with_lang_en(tree: El) -> list[El]:
    return [
        e
        for e in body_of(tree).iter()
        if e.attrs.get("lang") == "en" and e.attrs.get("dir") == "ltr" and e.tag != "a"
    ]


# --- HTML structure. ---


def test_english_page_structure(demo: Leaflet) -> None:
    tree = parse(render_html(english(demo)))
    html = tree.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("en", "ltr")
    head = tree.find("head")
    assert head.find("meta").attrs == {"charset": "utf-8"}
    assert any(
        m.attrs.get("name") == "viewport" and "width=device-width" in (m.attrs["content"] or "")
        for m in head.find_all("meta")
    )
    assert head.find("title").text() == "Demo leaflet"
    [h1] = tree.find_all("h1")
    assert h1.text() == "Demo leaflet"
    assert h1.find("em").text() == "leaflet"
    lead = [p for p in tree.find_all("p") if p.attrs.get("class") == "lead"]
    assert [p.text() for p in lead] == ["A short summary."]

    sections = tree.find_all("section")
    assert len(sections) == 2
    for section in sections:
        first = next(c for c in section.children if isinstance(c, El))
        assert first.tag == "h2"
        assert section.attrs["aria-labelledby"] == first.attrs["id"]
    assert sections[0].find("h3").text() == "A subsection"
    ol = sections[0].find("ol")
    assert ol.attrs["start"] == "3"
    assert [li.text() for li in ol.find_all("li")] == ["Step three", "Step four"]
    assert sections[1].find("ul").find_all("li")
    quote = sections[1].find("blockquote")
    assert [p.text() for p in quote.find_all("p")] == ["A quote.", "Second quote paragraph."]
    table = sections[1].find("table")
    ths = table.find("thead").find_all("th")
    assert [(th.text(), th.attrs["scope"]) for th in ths] == [
        ("Finding", "col"),
        ("What it means", "col"),
    ]
    assert len(table.find("tbody").find_all("td")) == 2
    # The intro paragraph sits before the first section, inside the article.
    assert any(
        p.text() == "Intro paragraph." and "section" not in [a.tag for a in p.ancestors()]
        for p in tree.find_all("p")
    )

    footer = tree.find("footer")
    assert footer.text().strip() == "English version of 4 April 2010"
    assert footer.find("bdi").text() == "4 April 2010"
    assert not [e for e in tree.iter() if e.attrs.get("role") == "note"]
    assert not tree.find_all("nav")  # no other languages: no switcher
    assert not with_lang_en(tree)


def test_skip_link_points_at_the_leaflet(demo: Leaflet) -> None:
    tree = parse(render_html(english(demo)))
    first_link = tree.find("body").find("a")
    assert first_link.attrs["href"] == "#leaflet"
    assert first_link.text() == "Skip to the leaflet"
    assert tree.find("main").attrs["id"] == "leaflet"


def test_translated_page_languages_and_switcher(demo: Leaflet) -> None:
    tree = parse(render_html(arabic(demo)))
    html = tree.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    alternates = [
        link.attrs
        for link in tree.find("head").find_all("link")
        if link.attrs.get("rel") == "alternate"
    ]
    assert alternates == [
        {"rel": "alternate", "hreflang": "en", "href": "../en/demo.html"},
        {"rel": "alternate", "hreflang": "zh-Hans", "href": "../zh-Hans/demo.html"},
    ]
    [nav] = tree.find_all("nav")
    assert nav.attrs["aria-label"] == "لغات أخرى"
    links = nav.find_all("a")
    assert [(a.attrs["hreflang"], a.attrs["lang"], a.attrs["dir"]) for a in links] == [
        ("en", "en", "ltr"),
        ("zh-Hans", "zh-Hans", "ltr"),
    ]
    assert [a.text() for a in links] == ["English", "中文 (简体)"]
    assert tree.find("h1").text() == "نشرة تجريبية"
    footer = tree.find("footer")
    assert footer.text().strip() == "مترجم عن النسخة الإنجليزية بتاريخ 4 April 2010."
    # Complete translation: no notice, nothing marked as English.
    assert not [e for e in tree.iter() if e.attrs.get("role") == "note"]
    assert not with_lang_en(tree)


def test_incomplete_page_has_notice_and_marks_english_blocks(demo: Leaflet) -> None:
    partial = {k: v for k, v in ARABIC.items() if k not in ("Intro paragraph.", "Step four")}
    tree = parse(render_html(arabic(demo, partial, incomplete=True)))
    notes = [e for e in tree.iter() if e.attrs.get("role") == "note"]
    assert len(notes) == 1
    assert notes[0].text() == ARABIC_UI[NOTICE]
    assert "lang" not in notes[0].attrs  # the notice itself is translated
    # The notice comes before the title.
    order = [e for e in tree.iter() if e is notes[0] or e.tag == "h1"]
    assert order[0] is notes[0]

    marked = with_lang_en(tree)
    assert [(e.tag, e.text()) for e in marked] == [("p", "Intro paragraph."), ("li", "Step four")]
    for li in tree.find("ol").find_all("li"):
        if li.text() == "الخطوة الثالثة":
            assert "lang" not in li.attrs


def test_untranslated_ui_strings_are_marked_english(demo: Leaflet) -> None:
    tree = parse(render_html(arabic(demo, ui={}, incomplete=True)))
    notes = [e for e in tree.iter() if e.attrs.get("role") == "note"]
    assert notes[0].text() == NOTICE
    assert (notes[0].attrs["lang"], notes[0].attrs["dir"]) == ("en", "ltr")
    footer_p = tree.find("footer").find("p")
    assert footer_p.attrs["lang"] == "en"
    assert footer_p.text() == "Translated from the English version of 4 April 2010."
    skip = tree.find("body").find("a")
    assert (skip.attrs["lang"], skip.attrs["dir"]) == ("en", "ltr")


def test_fallback_table_cells_and_headings_carry_lang(demo: Leaflet) -> None:
    partial = {k: v for k, v in ARABIC.items() if k not in ("Finding", "First section")}
    tree = parse(render_html(arabic(demo, partial, incomplete=True)))
    marked = {(e.tag, e.text()) for e in with_lang_en(tree)}
    assert marked == {("th", "Finding"), ("h2", "First section")}


def test_placeholders_are_isolated_and_escaped(demo: Leaflet) -> None:
    translations = dict(ARABIC)
    translations["Intro paragraph."] = "{clinic_name} — {unknown} — {{ 7*7 }}"
    tree = parse(render_html(arabic(demo, translations)))
    paragraphs = {p.text(): p for p in tree.find("main").find_all("p")}
    phone = paragraphs["اتصلوا بنا على +1 555 0100."]
    assert [b.text() for b in phone.find_all("bdi")] == ["+1 555 0100"]
    intro = paragraphs["Riverside <Clinic> — {unknown} — {{ 7*7 }}"]
    [bdi] = intro.find_all("bdi")
    assert bdi.text() == "Riverside <Clinic>"
    assert not bdi.find_all("clinic") and bdi.children == ["Riverside <Clinic>"]


def test_placeholder_in_link_target_is_not_filled(demo: Leaflet) -> None:
    translations = dict(ARABIC)
    translations["Intro paragraph."] = "[{clinic_phone}](https://example.org/{clinic_phone})"
    tree = parse(render_html(arabic(demo, translations)))
    [link] = [a for a in tree.find("main").find_all("a") if a.attrs["href"] not in ALLOWED_HREFS]
    assert "555" not in (link.attrs["href"] or "")
    assert link.find("bdi").text() == "+1 555 0100"


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](&#x20;javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "[x](/relative/path)",
    "[x](//evil.example/)",
    "[x](http:evil.example)",
    "[x](https:/\\evil.example)",
    "<javascript:alert(1)>",
    "![x](https://evil.example/pixel.png)",
    '<a href="https://evil.example" onclick="alert(1)">x</a>',
    "{{ 7*7 }} {% raw %}",
    "</p></main><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("msgstr", HOSTILE)
def test_hostile_translation_is_inert(demo: Leaflet, msgstr: str) -> None:
    translations = dict(ARABIC)
    for key in ("Intro paragraph.", "Step three", "Polyps", "A quote.", "Demo *leaflet*"):
        translations[key] = msgstr
    ui = dict(ARABIC_UI)
    ui["Translated from the English version of {date}."] = msgstr
    ui["Other languages"] = msgstr
    ui["Page {page} of {pages}"] = msgstr
    tree = parse(render_html(arabic(demo, translations, ui=ui)))
    for element in tree.iter():
        assert element.tag not in ("script", "img", "svg", "iframe", "object", "embed")
        for name, value in element.attrs.items():
            assert not name.startswith("on"), element
            if name in ("href", "src", "action", "formaction"):
                assert value is not None
                assert re.match(r"(https?://[^/]|mailto:|tel:|#|\.\./)", value), value
    # The only links left in the leaflet are the translator's legitimate ones.
    assert {a.attrs["href"] for a in tree.find("main").find_all("a")} == ALLOWED_HREFS
    # What the translator typed is shown as text, not interpreted.
    if msgstr.startswith("<script>"):
        assert tree.find("h1").text() == msgstr
    if msgstr.startswith("{{"):
        assert tree.find("h1").text() == msgstr
        assert "49" not in tree.find("h1").text()
    style = tree.find("style").text()
    assert "</" not in style and "<script" not in style


def test_allowed_links(demo: Leaflet) -> None:
    tree = parse(render_html(english(demo)))
    links = {a.text(): a.attrs for a in tree.find("main").find_all("a")}
    assert links["a link"]["href"] == "https://example.org/a"
    assert links["a link"]["rel"] == "noopener noreferrer"
    assert links["us"]["href"] == "mailto:clinic@example.org"
    assert links["call"]["href"] == "tel:+15550100"
    assert "rel" not in links["us"]


def test_page_is_self_contained(demo: Leaflet) -> None:
    html = render_html(arabic(demo, alternates=()))
    tree = parse(html)
    for element in tree.iter():
        assert "src" not in element.attrs
        assert element.tag not in ("script", "img", "iframe", "object", "embed")
        if element.tag == "link":
            assert element.attrs.get("rel") == "alternate"
    [style] = tree.find_all("style")
    css = style.text()
    assert "@import" not in css
    assert not re.search(r"url\(", css)
    assert "@font-face" not in css


def test_css_print_rules_and_paper(demo: Leaflet) -> None:
    css = parse(render_html(english(demo))).find("style").text()
    assert re.search(r"@page\s*\{\s*size:\s*A4;", css)
    assert "@media print" in css
    print_css = css[css.index("@media print") :]
    assert re.search(r"\.skip, nav\.languages \{ display: none", print_css)
    assert re.search(r"body \{ font-size: 12pt", print_css)
    assert 'a[href^="http"]' in print_css and "attr(href)" in print_css
    assert "margin-left" not in css and "padding-right" not in css  # logical properties
    letter = parse(render_html(english(demo, paper="Letter"))).find("style").text()
    assert re.search(r"@page\s*\{\s*size:\s*letter;", letter)


def test_printed_page_number_uses_translated_string(demo: Leaflet) -> None:
    ui = dict(ARABIC_UI)
    ui["Page {page} of {pages}"] = 'صفحة {page} من {pages}"'
    css = parse(render_html(arabic(demo, ui=ui))).find("style").text()
    match = re.search(r"@bottom-center \{ content: (.*?); font-size", css)
    assert match is not None
    content = match.group(1)
    assert "counter(page)" in content and "counter(pages)" in content
    # The translated words are hex-escaped, so no quote of the translator can end the string.
    assert re.fullmatch(r'(?:"(?:[A-Za-z0-9 ]|\\[0-9a-f]{6})*"|counter\(pages?\)| )+', content)
    assert "\\000022" in content  # the translator's quote
    assert "\\000635" in content  # ص


def test_html_output_is_deterministic(demo: Leaflet) -> None:
    assert render_html(arabic(demo)) == render_html(arabic(demo))
    assert render_text(arabic(demo)) == render_text(arabic(demo))


def test_real_leaflet_renders() -> None:
    leaflet = read_leaflet(ROOT / "source" / "hsg.md", shown="source/hsg.md")
    page = english(leaflet, variables=Variables((("clinic_phone", "+1 555 0100"),)))
    tree = parse(render_html(page))
    assert len(tree.find_all("h1")) == 1
    assert len(tree.find_all("section")) == 10
    assert tree.find("ol").find_all("li")
    text = render_text(page)
    lines = text.splitlines()
    assert all(display_width(line) <= 72 for line in lines)
    assert "[1] https://www.advancedfertility.com/" in lines
    assert "{clinic_name}" in text  # no value given: stays literal


# --- Plain text. ---


def test_text_layout(demo: Leaflet) -> None:
    text = render_text(english(demo))
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    assert lines[0] == "Demo leaflet"
    assert lines[1] == "=" * len("Demo leaflet")
    assert lines[2] == ""
    assert "A short summary." in lines
    i = lines.index("First section")
    assert lines[i + 1] == "-" * len("First section")
    j = lines.index("A subsection")
    assert lines[j + 1] == "~" * len("A subsection")
    assert "3. Step three" in lines and "4. Step four" in lines
    assert "> A quote." in lines and "> Second quote paragraph." in lines
    assert "Call us on \u2068+1 555 0100\u2069." in lines
    assert "English version of \u20684 April 2010\u2069" in lines
    assert all(display_width(line) <= 72 for line in lines)
    assert NOTICE not in text


def test_text_links_are_numbered_once_per_url(demo: Leaflet) -> None:
    lines = render_text(english(demo)).splitlines()
    bullet = "\n".join(line for line in lines if line.startswith(("- ", "  ")))
    assert "a link [1]" in bullet
    assert "the same [1]" in bullet
    assert "us [2]" in bullet and "call [3]" in bullet
    k = lines.index("References")
    assert lines[k + 1] == "----------"
    assert lines[k + 2 :] == [
        "[1] https://example.org/a",
        "[2] mailto:clinic@example.org",
        "[3] tel:+15550100",
    ]


def test_text_table_keeps_every_cell(demo: Leaflet) -> None:
    text = render_text(english(demo))
    assert "Finding: Polyps" in text
    flat = " ".join(text.split())
    assert "What it means: Small growths on the lining of the womb. They are usually not" in flat


def test_text_small_table_is_aligned() -> None:
    leaflet = parse_leaflet(
        b"---\ntitle: T\nupdated: 2010-04-04\n---\n\n| Day | Dose |\n| --- | ---: |\n"
        b"| Monday | 1 |\n| Tue | 20 |\n",
        slug="demo",
        shown="source/demo.md",
    )
    lines = render_text(english(leaflet)).splitlines()
    i = lines.index("Day     Dose")
    assert lines[i + 1 : i + 4] == ["------  ----", "Monday     1", "Tue       20"]


def test_text_translation_incomplete_and_wide(demo: Leaflet) -> None:
    chinese = {
        "Demo *leaflet*": "演示**单张**",
        "Intro paragraph.": "如果您在检查后出现发烧、大出血或剧烈疼痛，请立即拨打电话联系我们。"
        * 3,
        "Call us on {clinic_phone}.": "请致电{clinic_phone}联系我们。",
    }
    page = make_page(demo, locale_info("zh_Hans"), chinese, incomplete=True)
    text = render_text(page)
    lines = text.splitlines()
    assert lines[0] == "演示单张"
    assert lines[1] == "=" * 8  # display width, not code points
    assert " ".join(lines[3:5]) == NOTICE  # the notice, wrapped, right after the title
    assert all(display_width(line) <= 72 for line in lines)
    assert "请致电\u2068+1 555 0100\u2069联系我们。" in lines
    assert "Step three" in text  # fallback kept as it is
    assert "Translated from the English version of \u20684 April 2010\u2069." in text


def test_text_hostile_link_is_plain(demo: Leaflet) -> None:
    translations = dict(ARABIC)
    translations["Intro paragraph."] = "[اضغط هنا](javascript:alert(1)) <b>x</b>"
    text = render_text(arabic(demo, translations))
    assert "javascript:" not in text.split("المراجع")[-1]
    intro = next(line for line in text.splitlines() if "<b>x</b>" in line)
    assert "[1]" not in intro  # shown as the text the translator typed, not as a reference
    assert "[1] https://example.org/a" in text.splitlines()


# --- Index page. ---


def test_index_page() -> None:
    ar, es = locale_info("ar"), locale_info("es")
    index = IndexPage(
        entries=(
            IndexEntry("hsg", "تصوير الرحم", ar, PageStatus.PUBLISHED, "ar/hsg.html"),
            IndexEntry("hsg", "HSG <b>", es, PageStatus.SKIPPED, None, reason="3 untranslated"),
            IndexEntry("demo", "Demostración", es, PageStatus.INCOMPLETE, "es/demo.html"),
        ),
        locale=source_locale(),
    )
    tree = parse(render_index_html(index))
    html = tree.find("html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("en", "ltr")
    assert tree.find("h1").text() == "Patient leaflets"
    assert [th.attrs["scope"] for th in tree.find("thead").find_all("th")] == ["col"] * 3
    rows = tree.find("tbody").find_all("tr")
    assert len(rows) == 3
    cells = [r.find_all("td") for r in rows]
    assert cells[0][0].find("a").attrs["href"] == "ar/hsg.html"
    assert cells[0][0].attrs["lang"] == "ar" and cells[0][0].attrs["dir"] == "rtl"
    span = cells[0][1].find("span")
    assert (span.attrs["lang"], span.text()) == ("ar", "العربية")
    assert cells[0][2].text() == "Published"
    assert not cells[1][0].find_all("a") and not cells[1][0].find_all("b")
    assert cells[1][0].text() == "HSG <b>"
    assert cells[1][2].text() == "Not published: 3 untranslated"
    assert cells[2][2].text() == "Published with parts in English"
    assert not tree.find_all("script")


def test_relative_links_only_from_the_pipeline(demo: Leaflet) -> None:
    with pytest.raises(ValueError):
        render_html(arabic(demo, alternates=(Alternate(source_locale(), "javascript:x"),)))


def test_page_placeholders() -> None:
    assert page_placeholders("Call {clinic_name} on {clinic_phone} or {clinic_phone}.") == [
        "clinic_name",
        "clinic_phone",
        "clinic_phone",
    ]
    assert page_placeholders("{{ 7*7 }} {} {1} {a b}") == []


# --- Inline fast paths (no parser for plain text and simple emphasis) match markdown-it. ---

_INLINE_PIECES = [
    *"ab \t\n\r\0!#$%&*+-:<=>@[\\]^_`{}~()/.,;?'\"",
    *("**", "***", "x_y", "_a_", "{clinic_phone}", "{x}", "&amp;", "&#65;", "<http://a.b>"),
    *("[l](https://e.org/a)", "![i](x.png)", "http://x.org", "中", "é", "\u00a0", "\u2068", "  \n"),
]


def _slow_parts(text: str) -> tuple[inline.Part, ...]:
    return tuple(inline._merged(inline._tokens(text)))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_PIECES), max_size=14).map("".join))
def test_inline_fast_paths_match_the_parser(text: str) -> None:
    values = {"clinic_phone": "+1 <555>", "x": "&"}.get
    fast_html = inline.to_html(text, lookup=values)
    fast_refs = inline.References()
    fast_text = inline.to_text(text, lookup=values, references=fast_refs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "_parts", _slow_parts)
        slow_refs = inline.References()
        assert inline.to_html(text, lookup=values) == fast_html
        assert inline.to_text(text, lookup=values, references=slow_refs) == fast_text
    assert fast_refs.urls == slow_refs.urls


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["*", "**", " ", "a", "Zé", "中", "7", ".", ",", ")", "(", "!", "x_y", "-"]
        ),
        max_size=12,
    ).map("".join)
)
def test_simple_emphasis_matches_the_parser(text: str) -> None:
    def shown(parts: tuple[inline.Part, ...]) -> list[tuple[str, str]]:
        return [(kind, content) for kind, _, content in parts if (kind, content) != ("text", "")]

    assert shown(inline._parts(text)) == shown(_slow_parts(text))


def _shown_parts(parts: tuple[inline.Part, ...]) -> list[tuple[str, str, str | None, str]]:
    """Kind, content, link target and markup of each part: what the renderers read of them."""
    return [
        (kind, content, token.attrGet("href"), token.markup)
        if kind == "link_open" and token is not None
        else (kind, content, None, "")
        for kind, token, content in parts
        if (kind, content) != ("text", "")
    ]


_LINK_PIECES = [
    *("[a](https://e.org/p_q)", "[l b](http://x.y)", "[", "](", ")", "(", "]", "!", " ", "a"),
    *("Zé", "_", "*", "**", "{x}", "&", "\\", "`", "<", "中", "\n", "https://e.org"),
]
# Mostly what the fast path takes, with a few characters that must send a link to the parser.
_LABEL_PIECES = [*(["a", "b c", " ", "é", "(", ")", "{x}", "!", "."] * 3), "_", "*", "&", "`", "\\"]
_HOST_PIECES = [*(["e", ".", "-", "9", "X", "xn--bcher-kva"] * 4), ":8080", "@", "中", "%41"]
_PATH_PIECES = [
    *([*"/_?#=+,;:!$'~a"] * 3),
    *'%&@ ()"<>*[]',
    *("%20", "\n", "中", "&amp;"),
]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LINK_PIECES), max_size=12).map("".join))
def test_simple_links_match_the_parser(text: str) -> None:
    assert _shown_parts(inline._parts(text)) == _shown_parts(_slow_parts(text))


def _joined(pieces: list[str], min_size: int = 0) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), min_size=min_size, max_size=6).map("".join)


@settings(max_examples=800, deadline=None)
@given(
    _joined(["a", " ", "Zé", "(", ")", "!", ".", "{x}", "_", "]"]),
    _joined(_LABEL_PIECES),
    st.sampled_from(["https://", "http://"] * 3 + ["HTTP://", "ftp://", "javascript:", "//", ""]),
    _joined(_HOST_PIECES, min_size=1),
    _joined(_PATH_PIECES),
)
def test_link_targets_the_fast_path_takes_are_normalised_as_the_parser_does(
    before: str, label: str, scheme: str, host: str, path: str
) -> None:
    text = f"{before}[{label}]({scheme}{host}{path}) {before}"
    assert _shown_parts(inline._parts(text)) == _shown_parts(_slow_parts(text))


@given(st.text())
def test_inline_escape_is_html_escape(text: str) -> None:
    assert inline._escape(text) == html.escape(text, quote=True)
