"""`leaflet build`: golden pages, the publish gate, languages, dates, variables, hostile text."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.catalogs import catalog_text, read_catalog
from pipeline.model import Catalog
from pipeline.textlayout import display_width

from .conftest import Run, copy_shipped, make_project

REGENERATE = os.environ.get("LEAFLET_REGENERATE") == "1"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden" / "build"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from pipeline.cli import main

    project = copy_shipped(tmp_path_factory.mktemp("shipped") / "proj")
    result = CliRunner().invoke(main, ["--project", str(project), "build"])
    assert result.exit_code == 0, result.stderr
    return project


class Tree(HTMLParser):
    """Elements with their attributes, in document order, and the text of each."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.mark.parametrize("tag", ["en", "es", "ar", "zh-Hans"])
@pytest.mark.parametrize("ext", ["html", "txt"])
def test_shipped_hsg_matches_golden(shipped: Path, tag: str, ext: str) -> None:
    built = shipped / "build" / tag / f"hsg.{ext}"
    golden = GOLDEN / tag / f"hsg.{ext}"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built, golden)
    assert built.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, rerun with LEAFLET_REGENERATE=1"
    )


def test_build_outputs_and_report(shipped: Path) -> None:
    build = shipped / "build"
    names = sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file())
    expected = [".leaflet-findings.json", ".leaflet-manifest.json", "index.html", "report.json"]
    for tag in ("ar", "en", "es", "zh-Hans"):
        for slug in ("hsg", "hysteroscopy"):
            expected += [f"{tag}/{slug}.html", f"{tag}/{slug}.txt"]
    expected += ["fr/hysteroscopy.html", "fr/hysteroscopy.txt"]
    assert names == sorted(expected)
    report = json.loads((build / "report.json").read_text(encoding="utf-8"))
    pages = {(p["leaflet"], p["locale"]): p for p in report["pages"]}
    fr = pages[("hsg", "fr")]
    assert fr["status"] == "skipped" and fr["html"] is None
    assert "14 untranslated" in fr["reasons"][0] and "1 fuzzy" in fr["reasons"][0]
    assert pages[("hsg", "es")]["status"] == "published"
    catalogs = {(c["domain"], c["locale"]): c for c in report["catalogs"]}
    assert catalogs[("hsg", "fr")]["translated"] == 33
    assert catalogs[("ui", "ar")]["percent"] == 100.0
    # One page, catalog or finding per line, so a CI diff of two reports reads line by line.
    lines = (build / "report.json").read_text(encoding="utf-8").splitlines()
    items = [line for line in lines if line.startswith("    {")]
    count = sum(len(report[key]) for key in ("pages", "catalogs", "diagnostics"))
    assert len(items) == count > 20
    assert all(json.loads(line.strip().rstrip(",")) for line in items)


def test_pages_declare_language_direction_and_alternates(shipped: Path) -> None:
    expected_dir = {"en": "ltr", "es": "ltr", "ar": "rtl", "zh-Hans": "ltr"}
    for tag, direction in expected_dir.items():
        tree = Tree((shipped / "build" / tag / "hsg.html").read_text(encoding="utf-8"))
        (html,) = tree.find("html")
        assert (html["lang"], html["dir"]) == (tag, direction)
        assert len(tree.find("h1")) == 1
        alternates = {a["hreflang"]: a["href"] for a in tree.find("link") if a.get("hreflang")}
        others = set(expected_dir) - {tag}
        assert alternates == {t: f"../{t}/hsg.html" for t in others}
        switcher = [a for a in tree.find("a") if a.get("hreflang")]
        assert {a["hreflang"] for a in switcher} == others
        assert all(a["lang"] == a["hreflang"] for a in switcher)
        for attrs in tree.find("link") + tree.find("script") + tree.find("img"):
            assert attrs.get("rel") != "stylesheet" and "src" not in attrs
    # French hsg was skipped, so nobody links to it.
    es = (shipped / "build" / "es" / "hsg.html").read_text(encoding="utf-8")
    assert "../fr/hsg.html" not in es
    assert "../fr/hysteroscopy.html" in (shipped / "build/es/hysteroscopy.html").read_text()


@pytest.mark.parametrize(
    ("tag", "date"),
    [
        ("en", "April 4, 2010"),
        ("es", "4 de abril de 2010"),
        ("ar", "4 أبريل 2010"),
        ("zh-Hans", "2010年4月4日"),
    ],
)
def test_footer_dates_are_localized(shipped: Path, tag: str, date: str) -> None:
    text = (shipped / "build" / tag / "hsg.txt").read_text(encoding="utf-8")
    html = Tree((shipped / "build" / tag / "hsg.html").read_text(encoding="utf-8")).all_text
    assert date in text and date in html
    if tag != "en":
        assert "English version of" not in html  # the translated line is used


def test_text_output_wraps_at_72_display_columns(shipped: Path) -> None:
    for path in (shipped / "build").glob("*/*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "://" in line:
                continue  # an unbreakable URL may be longer
            assert display_width(line) <= 72, (path.name, line)
    zh = (shipped / "build" / "zh-Hans" / "hsg.txt").read_text(encoding="utf-8")
    # Chinese paragraphs are broken between characters, so lines fill the width.
    widths = [display_width(line) for line in zh.splitlines()]
    assert max(widths) >= 68


def test_gate_strict_and_summary(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    result = run(project, "build", "--strict")
    assert result.exit_code == 1
    assert "skipped: hsg [fr]: 15 of 48 segments not usable (1 fuzzy, 14 untranslated)" in (
        result.stderr
    )
    assert re.search(r"built 9 pages in 5 languages, skipped 1", result.stdout)


def test_allow_incomplete_marks_english_parts(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    result = run(project, "build", "--allow-incomplete", "--locale", "fr", "--leaflet", "hsg")
    assert result.exit_code == 0, result.stderr
    page = (project / "build" / "fr" / "hsg.html").read_text(encoding="utf-8")
    tree = Tree(page)
    notes = [a for n, a in tree.elements if a.get("role") == "note"]
    assert len(notes) == 1
    assert "Certaines parties de cette fiche ne sont pas encore traduites." in tree.all_text
    english = [(n, a) for n, a in tree.elements if a.get("lang") == "en"]
    assert len(english) >= 15 and all(a.get("dir") == "ltr" for _n, a in english)
    # The stale (fuzzy) French is never shown; the current English is.
    assert "10 à 15 minutes" not in page
    assert "The whole test usually takes 5 to 10 minutes." in page
    text = (project / "build" / "fr" / "hsg.txt").read_text(encoding="utf-8")
    assert "10 à 15 minutes" not in text
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    statuses = {(p["leaflet"], p["locale"]): p["status"] for p in report["pages"]}
    assert statuses == {("hsg", "en"): "published", ("hsg", "fr"): "published-incomplete"}


def test_allow_incomplete_still_refuses_missing_critical_segments(project: Path, run: Run) -> None:
    run(project, "init", "es")
    result = run(project, "build", "--allow-incomplete")
    assert result.exit_code == 0
    assert "skipped: blood [es]" in result.stderr
    assert "critical segments not usable" in result.stderr
    assert not (project / "build" / "es").exists()


def _translate_all(project: Path, locale: str, domain: str, mapping: dict[str, str]) -> None:
    path = project / f"locales/{locale}/LC_MESSAGES/{domain}.po"
    catalog = read_catalog(path, shown=str(path))
    entries = tuple(
        replace(e, msgstr=mapping.get(e.msgid, f"ES {e.msgid}")) if e.msgid else e
        for e in catalog.entries
    )
    path.write_text(catalog_text(Catalog(entries)), encoding="utf-8")


def test_variables_are_filled_isolated_and_overridable(project: Path, run: Run) -> None:
    run(project, "init", "es")
    for domain in ("blood", "ui"):
        _translate_all(project, "es", domain, {})
    result = run(project, "build", "--set", "clinic_phone=+34 600 000 000")
    assert result.exit_code == 0, result.stderr
    html = (project / "build/es/blood.html").read_text(encoding="utf-8")
    assert "<bdi>+34 600 000 000</bdi>" in html
    assert "{clinic_phone}" not in html
    text = (project / "build/es/blood.txt").read_text(encoding="utf-8")
    assert "\u2068+34 600 000 000\u2069" in text
    english = (project / "build/en/blood.html").read_text(encoding="utf-8")
    assert "<bdi>+34 600 000 000</bdi>" in english


def test_a_placeholder_without_value_is_an_error(project: Path, run: Run) -> None:
    (project / "pyproject.toml").write_text("[tool.leaflet]\n", encoding="utf-8")
    result = run(project, "build")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "source/blood.md:20: error: placeholder {clinic_phone} has no value"
    )
    assert not (project / "build").exists()


def test_bad_set_option(project: Path, run: Run) -> None:
    result = run(project, "build", "--set", "no equals sign")
    assert result.exit_code == 2
    assert "--set expects name=value" in result.stderr


def test_hostile_translations_are_inert_even_with_checks_off(project: Path, run: Run) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + '\n[tool.leaflet.checks]\nmarkup = "off"\nlinks = "off"\nnumbers = "off"\n',
        encoding="utf-8",
    )
    run(project, "init", "es")
    _translate_all(project, "es", "ui", {})
    _translate_all(
        project,
        "es",
        "blood",
        {
            "Blood test": "<script>alert(1)</script>",
            "Drink water as usual.": "[pulse](javascript:alert(1)) {{ 7*7 }}",
            "Bring your *appointment letter*.": '<img src=x onerror="alert(1)">',
        },
    )
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    html = (project / "build/es/blood.html").read_text(encoding="utf-8")
    tree = Tree(html)
    assert tree.find("script") == [] and tree.find("img") == []
    assert all(not k.startswith("on") for _n, attrs in tree.elements for k in attrs)
    hrefs = [a.get("href") or "" for a in tree.find("a")]
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert "<script>alert(1)</script>" in tree.all_text
    assert "{{ 7*7 }}" in tree.all_text  # shown literally, never evaluated to 49
    assert "49" not in tree.all_text


def test_filters_build_only_what_was_asked(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    result = run(project, "build", "--locale", "ar", "--leaflet", "hysteroscopy")
    assert result.exit_code == 0, result.stderr
    files = sorted(
        p.relative_to(project / "build").as_posix()
        for p in (project / "build").rglob("*")
        if p.is_file()
    )
    assert files == [
        ".leaflet-findings.json",
        ".leaflet-manifest.json",
        "ar/hysteroscopy.html",
        "ar/hysteroscopy.txt",
        "en/hysteroscopy.html",
        "en/hysteroscopy.txt",
        "index.html",
        "report.json",
    ]
    bad = run(project, "build", "--locale", "de")
    assert bad.exit_code == 2 and "no catalogs for locale 'de'" in bad.stderr
    assert (project / "build" / "ar").is_dir()  # the previous build is untouched


def test_index_lists_every_leaflet_and_language(shipped: Path) -> None:
    tree = Tree((shipped / "build" / "index.html").read_text(encoding="utf-8"))
    links = {a["href"] for a in tree.find("a") if a.get("href", "").endswith(".html")}
    assert "fr/hysteroscopy.html" in links and "fr/hsg.html" not in links
    assert {"ar/hsg.html", "zh-Hans/hsg.html", "en/hsg.html"} <= links
    assert "Not published" in tree.all_text


def test_rebuild_is_byte_identical(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    run(project, "build")
    first = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    run(project, "build")
    second = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    assert first == second


def test_empty_project_without_leaflets(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, {"source/.keep": ""})
    result = run(project, "build")
    assert result.exit_code == 2
    assert "no leaflets (*.md) in source" in result.stderr


def _retitle_spanish_hysteroscopy(project: Path) -> Path:
    """Change one translation in one catalog; the catalog's path."""
    po = project / "locales/es/LC_MESSAGES/hysteroscopy.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("Histeroscopia", "Histeroscopia (HSC)", 1),
        encoding="utf-8",
    )
    return po


def test_incremental_build_renders_only_what_changed(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    assert run(project, "build").exit_code == 0
    build = project / "build"
    before = {p: p.stat().st_ino for p in build.rglob("*.html")}
    again = run(project, "build")
    assert "nothing changed since the last build" in again.stdout
    assert {p: p.stat().st_ino for p in build.rglob("*.html")} == before

    # One catalog changes: only that leaflet in that language is rendered again.
    po = _retitle_spanish_hysteroscopy(project)
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    assert "1 page rendered" in result.stdout  # one page: its html and its text
    after = {p: p.stat().st_ino for p in build.rglob("*.html")}
    changed = sorted(p.relative_to(build).as_posix() for p in after if after[p] != before[p])
    assert changed == ["es/hysteroscopy.html", "index.html"]
    assert "Histeroscopia (HSC)" in (build / "es/hysteroscopy.html").read_text(encoding="utf-8")

    # A full build from scratch gives the same files, byte for byte.
    fresh = copy_shipped(tmp_path / "fresh")
    shutil.copy(po, fresh / "locales/es/LC_MESSAGES/hysteroscopy.po")
    assert run(fresh, "build").exit_code == 0
    for path in build.rglob("*"):
        if path.is_file():
            twin = fresh / "build" / path.relative_to(build)
            assert twin.read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize("damage", ["missing", "not json", "another build's"])
def test_damaged_findings_cost_a_full_rebuild_not_a_wrong_report(
    tmp_path: Path, run: Run, damage: str
) -> None:
    project = copy_shipped(tmp_path / "proj")
    assert run(project, "build").exit_code == 0
    findings = project / "build" / ".leaflet-findings.json"
    if damage == "missing":
        findings.unlink()
    elif damage == "not json":
        findings.write_text("{", encoding="utf-8")
    else:  # valid JSON, but not the file this manifest was written with
        data = json.loads(findings.read_text(encoding="utf-8"))
        for unit in data.values():
            unit["diagnostics"] = []
        findings.write_text(json.dumps(data), encoding="utf-8")
    # One catalog changes: the other units cannot be reused without their findings.
    po = _retitle_spanish_hysteroscopy(project)
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    assert "1 page rendered" not in result.stdout  # all of them again, none reused
    fresh = copy_shipped(tmp_path / "fresh")
    shutil.copy(po, fresh / "locales/es/LC_MESSAGES/hysteroscopy.po")
    assert run(fresh, "build").exit_code == 0
    for path in (project / "build").rglob("*"):
        if path.is_file():
            twin = fresh / "build" / path.relative_to(project / "build")
            assert twin.read_bytes() == path.read_bytes(), path
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    assert report["diagnostics"]


def test_publishability_change_updates_the_language_switchers(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    assert run(project, "build").exit_code == 0
    es = project / "build/es/hsg.html"
    assert "../zh-Hans/hsg.html" in es.read_text(encoding="utf-8")
    po = project / "locales/zh_Hans/LC_MESSAGES/hsg.po"
    text = po.read_text(encoding="utf-8")
    first = text.index('msgstr "', text.index('msgid "What is an HSG?"'))
    po.write_text(text[:first] + 'msgstr ""' + text[text.index("\n", first) :], encoding="utf-8")
    result = run(project, "build")
    assert "skipped: hsg [zh_Hans]" in result.stderr
    assert "../zh-Hans/hsg.html" not in es.read_text(encoding="utf-8")
    assert not (project / "build/zh-Hans/hsg.html").exists()


def test_a_glossary_gates_the_build_in_its_language_only(tmp_path: Path, run: Run) -> None:
    project = copy_shipped(tmp_path / "proj")
    assert run(project, "build").exit_code == 0
    (project / "glossary").mkdir()
    (project / "glossary" / "es.toml").write_text(
        '[forbidden]\n"útero" = "use the word the clinic uses"\n', encoding="utf-8"
    )
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    assert "skipped: hsg [es]: 13 of 48 segments not usable (13 failing checks); " in result.stderr
    for slug in ("hsg", "hysteroscopy"):
        assert re.search(rf"skipped: {slug} \[es\]: .*; failed checks: glossary\n", result.stderr)
    assert "[ar]" not in result.stderr and "[zh_Hans]" not in result.stderr
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    findings = [d for d in report["diagnostics"] if d["code"] == "glossary"]
    assert findings and {d["locale"] for d in findings} == {"es"}
    assert all("útero" in d["message"] for d in findings)
    assert not (project / "build" / "es" / "hsg.html").exists()
    assert (project / "build" / "ar" / "hsg.html").exists()
