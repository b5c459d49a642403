"""The built pages in a real browser: axe-core finds no WCAG 2.2 A/AA violation, and more.

The shipped leaflets are built (with `--large-print`) into tmp_path and every page is opened
in headless Chromium through Playwright, pointed at the system's Chromium (never a browser
Playwright downloads). axe-core comes from tests/browser/node_modules (`npm ci` there).

Without Playwright, Chromium or axe-core these tests skip with the reason, unless
LEAFLET_REQUIRE_BROWSER=1 (set by .ci/run), which turns a missing piece into a failure.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from pipeline import pdf
from pipeline.cli import main

from .conftest import copy_shipped

REQUIRED = os.environ.get("LEAFLET_REQUIRE_BROWSER") == "1"
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PX_PER_PT = 96 / 72
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (LEAFLET_REQUIRE_BROWSER=1: required here)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is needed: pip install -e '.[test]'")
    try:
        executable = pdf.find_browser()
    except pdf.PdfError as exc:
        missing(f"Chromium is needed: {exc}")
    if not AXE.is_file():
        missing(f"axe-core is needed: run `npm ci` in {AXE.parents[2]}")
    with sync_playwright() as playwright:
        # Playwright adds --no-sandbox itself (chromium_sandbox defaults to False).
        chromium = playwright.chromium.launch(executable_path=str(executable))
        try:
            yield chromium
        finally:
            chromium.close()


def build(project: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["--project", str(project), "build", *args])
    assert result.exit_code == 0, result.stderr
    return project / "build"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped leaflets as clinics get them, with the large-print variant."""
    return build(copy_shipped(tmp_path_factory.mktemp("site") / "proj"), "--large-print")


@pytest.fixture(scope="module")
def incomplete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """French HSG, published with parts in English: the notice and `lang="en"` fallbacks."""
    project = copy_shipped(tmp_path_factory.mktemp("incomplete") / "proj")
    return build(project, "--allow-incomplete", "--leaflet", "hsg", "--locale", "fr")


def pages(build: Path) -> list[Path]:
    return sorted(build.rglob("*.html"))


def tag_of(build: Path, page: Path) -> str:
    return "en" if page.parent == build else page.parent.name


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        yield context.new_page()
    finally:
        context.close()


def violations(tab: Any, url: str) -> list[dict[str, Any]]:
    tab.goto(url)
    tab.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = tab.evaluate(RUN_AXE, WCAG_TAGS)
    return found


def published(site: Path) -> list[dict[str, str]]:
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    return [p for p in report["pages"] if p["status"] != "skipped"]


def test_the_site_has_every_page(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in pages(site)}
    expected = {"index.html"}
    for page in published(site):
        expected |= {page["html"], page["large_html"]}
    assert names == expected
    assert {"ar/hsg.html", "zh-Hans/hsg.large.html", "fr/hysteroscopy.html"} <= names


def test_axe_finds_no_wcag_violation(tab: Any, site: Path, incomplete: Path) -> None:
    checked = [*pages(site), incomplete / "fr" / "hsg.html"]
    found = {}
    for page in checked:
        problems = violations(tab, page.as_uri())
        if problems:
            found[page.relative_to(page.parents[1]).as_posix()] = problems
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_run_here_does_report_violations(tab: Any, tmp_path: Path) -> None:
    """The harness can fail: a page with known faults gets exactly those reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<img src="x.png"><p style="color:#bbb;background:#fff">faint text</p>'
        '<a href="#"></a></main></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in violations(tab, bad.as_uri())}
    assert {"html-has-lang", "image-alt", "color-contrast", "link-name"} <= ids


def test_direction_is_computed_rtl_for_arabic_only(tab: Any, site: Path) -> None:
    for page in pages(site):
        tab.goto(page.as_uri())
        directions = tab.evaluate(
            """() => [document.documentElement, document.querySelector("h1"),
                      document.querySelector("main :is(p, td)")]
                .map((e) => getComputedStyle(e).direction)"""
        )
        expected = "rtl" if tag_of(site, page) == "ar" else "ltr"
        assert directions == [expected] * 3, f"{page}: {directions}"


def path_of(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(unquote(parsed.path))


def test_every_link_between_pages_resolves(tab: Any, site: Path) -> None:
    switched = 0
    for page in pages(site):
        tab.goto(page.as_uri())
        links = tab.evaluate(
            """() => Array.from(document.querySelectorAll("nav.languages a, main a[href]"))
                .filter((a) => a.protocol === "file:")
                .map((a) => ({href: a.href, hreflang: a.hreflang,
                              nav: a.closest("nav") !== null}))"""
        )
        for link in links:
            target = path_of(link["href"])
            assert target.is_file(), f"{page}: {link['href']} was not built"
            assert target.is_relative_to(site)
            if link["nav"]:
                switched += 1
                assert target.name == page.name, f"{page} switches to {target.name}"
                assert tag_of(site, target) == link["hreflang"]
                tab_lang = target.read_text(encoding="utf-8")
                assert f'<html lang="{link["hreflang"]}"' in tab_lang
    # Every page of a leaflet links to all its other languages, in both variants.
    languages = Counter(page["leaflet"] for page in published(site))
    assert switched == 2 * sum(n * (n - 1) for n in languages.values()) > 0


def test_nothing_overflows_at_phone_width(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        wide = {}
        for page in pages(site):
            tab.goto(page.as_uri())
            width = tab.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                wide[page.relative_to(site).as_posix()] = width
        assert not wide, wide
    finally:
        context.close()


def test_print_hides_navigation_and_sets_body_sizes(tab: Any, site: Path) -> None:
    tab.emulate_media(media="print")
    try:
        for page in pages(site):
            if page.name == "index.html":
                continue
            tab.goto(page.as_uri())
            seen = tab.evaluate(
                """() => ({
                  nav: getComputedStyle(document.querySelector("nav.languages")).display,
                  skip: getComputedStyle(document.querySelector("a.skip")).display,
                  text: Array.from(document.querySelectorAll("main p, main li, footer p"))
                    .map((e) => parseFloat(getComputedStyle(e).fontSize)),
                })"""
            )
            assert seen["nav"] == "none" and seen["skip"] == "none", page
            least = (16 if page.name.endswith(".large.html") else 12) * PX_PER_PT
            assert seen["text"] and min(seen["text"]) >= least - 0.01, (page, seen["text"])
    finally:
        tab.emulate_media(media="screen")
    # And on screen the navigation is there, the large print larger.
    sizes = []
    for name in ("hsg.html", "hsg.large.html"):
        tab.goto((site / "es" / name).as_uri())
        assert (
            tab.evaluate("() => getComputedStyle(document.querySelector('nav.languages')).display")
            != "none"
        )
        sizes.append(tab.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)"))
    assert sizes[1] >= 1.3 * sizes[0], sizes


def test_screenshots_of_arabic_and_chinese(browser: Any, site: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    try:
        tab = context.new_page()
        for tag in ("ar", "zh-Hans"):
            for name in ("hsg.html", "hsg.large.html"):
                tab.goto((site / tag / name).as_uri())
                shot = ARTIFACTS / f"{tag}-{name.removesuffix('.html')}.png"
                shot.unlink(missing_ok=True)
                tab.screenshot(path=str(shot), full_page=True)
                data = shot.read_bytes()
                assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, shot
    finally:
        context.close()
