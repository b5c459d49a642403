"""Checks of translations against their template: one table of passing/failing pairs per check."""

# Native digits and separators (Arabic, Persian, Devanagari) are the point of several cases.

from __future__ import annotations

import random
import re
from collections.abc import Mapping

import pytest

from pipeline import markup_scan, numbers
from pipeline.catalog_checks import (
    QUIET_WHEN_USABLE,
    _plan,
    _quiet,
    _run,
    check_catalog,
    check_catalog_header,
    check_entry,
)
from pipeline.checks import (
    CHECKS,
    EXCUSABLE,
    Check,
    Glossary,
    Scope,
    Subject,
    _analyse,
    effective_severity,
    is_error_free,
    numbers_match,
)
from pipeline.excuses import parse_excuses
from pipeline.glossary import Glossary as FileGlossary
from pipeline.locales import locale_info
from pipeline.model import Catalog, Diagnostic, LocaleInfo, Location, PoEntry, Severity

ES = locale_info("es")
FR = locale_info("fr")
AR = locale_info("ar")
ZH = locale_info("zh_Hans")
FA = locale_info("fa")
HI = locale_info("hi")
PL = locale_info("pl")
PO = "locales/es/LC_MESSAGES/hsg.po"
NONE: Mapping[str, Severity | None] = {}


def template(msgid: str, *, critical: bool = False, plural: str | None = None) -> PoEntry:
    comments = ("leaflet: paragraph", "critical") if critical else ("leaflet: paragraph",)
    return PoEntry(
        msgid=msgid,
        msgid_plural=plural,
        extracted_comments=comments,
        references=("source/hsg.md:12", "source/hsg.md:30"),
    )


def run(
    english: str,
    translation: str,
    locale: LocaleInfo = ES,
    *,
    critical: bool = False,
    comments: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    previous: str | None = None,
    severities: Mapping[str, Severity | None] = NONE,
    glossary: Glossary | None = None,
) -> list[Diagnostic]:
    po = PoEntry(
        msgid=english,
        msgstr=translation,
        translator_comments=comments,
        flags=flags,
        previous_msgid=previous,
        line=40,
    )
    return check_entry(
        template(english, critical=critical),
        po,
        locale=locale,
        po_path=PO,
        domain="hsg",
        glossary=glossary,
        severities=severities,
    )


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def only(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


# --- the registry --------------------------------------------------------------------------


def test_registry_is_an_explicit_tuple_of_documented_kebab_case_checks() -> None:
    assert isinstance(CHECKS, tuple)
    assert all(isinstance(c, Check) for c in CHECKS)
    found = [c.code for c in CHECKS]
    assert len(found) == len(set(found))
    for check in CHECKS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.code), check.code
        assert check.doc and "\n" not in check.doc and check.doc.endswith("."), check.code


@pytest.mark.parametrize(
    ("code", "severity"),
    [
        ("untranslated", Severity.WARNING),
        ("fuzzy", Severity.WARNING),
        ("obsolete", Severity.INFO),
        ("placeholders", Severity.ERROR),
        ("numbers", Severity.ERROR),
        ("links", Severity.ERROR),
        ("markup", Severity.ERROR),
        ("whitespace", Severity.WARNING),
        ("unchanged", Severity.WARNING),
        ("header", Severity.ERROR),
        ("plurals", Severity.ERROR),
        ("glossary", Severity.ERROR),
        ("suspicious-fuzzy", Severity.ERROR),
        ("bad-excuse", Severity.ERROR),
        ("unknown-entry", Severity.ERROR),
    ],
)
def test_default_severities(code: str, severity: Severity) -> None:
    assert {c.code: c.severity for c in CHECKS}[code] is severity


def test_good_translation_has_no_findings() -> None:
    english = "Call us on {clinic_phone} if you have a **fever** over 38.5 °C."
    translation = "Llámenos al {clinic_phone} si tiene **fiebre** de más de 38,5 °C."
    assert run(english, translation) == []


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "translation", "locale", "same"),
    [
        ("The test takes 5 to 10 minutes.", "La prueba dura de 5 a 10 minutos.", ES, True),
        ("The test takes 5 to 10 minutes.", "La prueba dura de 50 a 100 minutos.", ES, False),
        ("for 1 or 2 days", "durante 1 o 2 días", ES, True),
        ("for 1 or 2 days", "durante 1 o 3 días", ES, False),
        ("for 1 or 2 days", "durante 2 o 1 días", ES, True),  # order may change
        ("for 1 or 2 days", "durante 1 días", ES, False),  # one lost
        ("5 to 10 minutes", "٥ إلى ١٠ دقائق", AR, True),
        ("5 to 10 minutes", "٥ إلى ١٥ دقائق", AR, False),
        ("5 to 10 minutes", "۵ تا ۱۰ دقیقه", FA, True),
        ("5 to 10 minutes", "५ से १० मिनट", HI, True),
        ("5 to 10 minutes", "５至１０分钟", ZH, True),
        ("5 to 10 minutes", "５至１１分钟", ZH, False),
        ("Take 2.5 ml.", "Prenez 2,5 ml.", FR, True),
        ("Take 2.5 ml.", "Prenez 2.5 ml.", FR, True),  # the English point is understood
        ("Take 2.5 ml.", "Prenez 25 ml.", FR, False),
        ("Take 2.5 ml.", "Prenez 2,50 ml.", FR, True),
        ("Take 250 ml.", "Tome 2.50 ml.", ES, False),  # "." groups only three digits
        ("Take 2.50 ml.", "Tome 2.50 ml.", ES, True),
        ("Take 2.5 ml.", "خذ ٢٫٥ مل.", AR, True),
        ("Take 2.5 ml.", "خذ ٢٥ مل.", AR, False),
        ("up to 2,500 units", "jusqu'à 2 500 unités", FR, True),
        ("up to 2,500 units", "jusqu'à 2\u202f500 unités", FR, True),
        ("up to 2,500 units", "jusqu'à 2\u00a0500 unités", FR, True),
        ("up to 2,500 units", "hasta 2.500 unidades", ES, True),
        ("up to 2,500 units", "最多2,500单位", ZH, True),
        ("up to 2,500 units", "حتى ٢٬٥٠٠ وحدة", AR, True),
        # In French "2,500" reads as 2.5: a copied English grouping changes the dose.
        ("up to 2,500 units", "jusqu'à 2,500 unités", FR, False),
        ("up to 2,500 units", "jusqu'à 25 000 unités", FR, False),
        ("1,000,000 people", "1 000 000 de personnes", FR, True),
        ("1,000,000 people", "1.000.000 de personas", ES, True),
        ("Take 2 500 mg tablets.", "Tome 2 comprimidos de 500 mg.", ES, True),
        ("Call {clinic_phone}.", "Llame al {clinic_phone}.", ES, True),
        ("Stay 24 hours.", "Quédese 24 horas. Vea https://x.org/page5", ES, True),
        ("See [the guide](https://x.org/2020/p5).", "Vea [la guía](https://x.org/p).", ES, True),
        ("No numbers here.", "Sin números.", ES, True),
        ("No numbers here.", "Sin números, 3.", ES, False),
        ("At 10:30 on day 3.", "A las 10:30 el día 3.", ES, True),
    ],
)
def test_numbers(english: str, translation: str, locale: LocaleInfo, same: bool) -> None:
    found = only(run(english, translation, locale), "numbers")
    assert (found == []) is same, found


def test_numbers_message_quotes_both_sides() -> None:
    [found] = only(run("5 to 10 minutes", "50 a 100 minutos"), "numbers")
    assert found.message == "numbers differ: English has 5, 10; translation has 50, 100"
    assert found.severity is Severity.ERROR


def test_numbers_message_explains_a_copied_grouping_separator() -> None:
    [found] = only(run("up to 2,500 units", "jusqu'à 2,500 unités", FR), "numbers")
    assert "',' is the decimal separator" in found.message


def test_numbers_match_between_english_texts() -> None:
    assert numbers_match("5 to 10", "10 to 5", None)
    assert not numbers_match("5 to 10", "5 to 15", None)


# --- placeholders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("{clinic_name}, {clinic_phone}", "{clinic_phone}, {clinic_name}", None),
        ("Call {clinic_phone}.", "Llame al {telefono}.", "missing {clinic_phone}"),
        ("Call {clinic_phone}.", "Llame al {telefono}.", "not in the English {telefono}"),
        ("Call {clinic_phone}.", "Llame al número de la clínica.", "missing {clinic_phone}"),
        ("Call {clinic_phone}.", "{clinic_phone} {clinic_phone}", "not in the English"),
        ("Call {clinic_phone}.", "Llame al {Clinic_Phone}.", "missing {clinic_phone}"),
        ("Call us.", "Llame al {date}.", "not in the English {date}"),
    ],
)
def test_placeholders(english: str, translation: str, problem: str | None) -> None:
    found = only(run(english, translation), "placeholders")
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0].message, found


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("See [our site](https://x.org).", "Vea [nuestra web](https://x.org).", None),
        (
            "Mail <info@x.org> or [call](tel:+15550100).",
            "Escriba a <info@x.org> o [llame](tel:+15550100).",
            None,
        ),
        ("Visit <https://x.org/a>.", "Visite <https://x.org/a>.", None),
        (
            "See [a](https://x.org/a) and [b](https://x.org/b).",
            "[b](https://x.org/b), [a](https://x.org/a).",
            None,
        ),
        (
            "See [our site](https://x.org).",
            "Vea [nuestra web](https://evil.example).",
            "links differ",
        ),
        ("See [our site](https://x.org).", "Vea nuestra web.", "missing https://x.org"),
        ("See https://x.org/a today.", "Vea https://x.org/b hoy.", "links differ"),
        ("See [our site](https://x.org).", "Vea [web](javascript:alert(1)).", "unsafe link"),
        ("See [our site](https://x.org).", "Vea [web](JavaScript:alert(1)).", "unsafe link"),
        ("See [our site](https://x.org).", "Vea [web](java&#115;cript:alert(1)).", "unsafe link"),
        ("See [our site](https://x.org).", "Vea <javascript:alert(1)>.", "unsafe link"),
        ("See [our site](https://x.org).", "Vea ![x](data:image/png;base64,AA).", "unsafe link"),
        ("Run [it](javascript:go()).", "Ejecute [esto](javascript:go()).", "unsafe link"),
    ],
)
def test_links(english: str, translation: str, problem: str | None) -> None:
    found = only(run(english, translation), "links")
    if problem is None:
        assert found == []
    else:
        assert found and any(problem in d.message for d in found), found
        assert all(d.severity is Severity.ERROR for d in found)


# --- markup --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("**Do not** eat *anything*.", "**No** coma *nada*.", None),
        ("Use `code` here.", "Use `código` aquí.", None),
        ("Visit <https://x.org>.", "Visite <https://x.org>.", None),
        ("If x < 5 and y > 3.", "Si x < 5 e y > 3.", None),
        ("A snake_case word.", "Una palabra snake_case.", None),
        ("**Do not** eat.", "No coma.", "strong"),
        ("**Do not** eat.", "*No* coma.", "strong"),
        ("Eat *slowly*.", "Coma despacio.", "emphasis"),
        ("Use `x`.", "Use x.", "code"),
        ("**Do not** eat.", "**No coma.", "unbalanced"),
        ("Do not eat.", "<b>No</b> coma.", "raw HTML"),
        ("Do not eat.", "No coma.<script>alert(1)</script>", "'<script>'"),
        ("Do not eat.", "No coma. <!-- nota -->", "raw HTML"),
        ("Do not eat.", 'No <img src=x onerror="alert(1)"> coma.', "raw HTML"),
    ],
)
def test_markup(english: str, translation: str, problem: str | None) -> None:
    found = only(run(english, translation), "markup")
    if problem is None:
        assert found == []
    else:
        assert found and any(problem in d.message for d in found), found


# --- whitespace and unchanged (warnings) ---------------------------------------------------


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("Rest.", "Descanse.", None),
        ("Rest.", " Descanse.", "starts with whitespace"),
        ("Rest.", "Descanse. ", "ends with whitespace"),
        (" Rest.", "Descanse.", "English starts"),
        ("Rest.\nSleep.", "Descanse. Duerma.", "line breaks differ"),
        ("Rest.", "Descanse.\nDuerma.", "line breaks differ"),
    ],
)
def test_whitespace(english: str, translation: str, problem: str | None) -> None:
    found = only(run(english, translation), "whitespace")
    if problem is None:
        assert found == []
    else:
        assert found and problem in found[0].message
        assert found[0].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("english", "translation", "warned"),
    [
        ("Before the test", "Before the test", True),
        ("Before the test", "Antes de la prueba", False),
        ("HSG", "HSG", False),
        ("{clinic_phone}", "{clinic_phone}", False),
        ("https://x.org/a/b", "https://x.org/a/b", False),
        ("5 to 10", "5 to 10", False),
    ],
)
def test_unchanged(english: str, translation: str, warned: bool) -> None:
    found = only(run(english, translation), "unchanged")
    assert bool(found) is warned
    assert all(d.severity is Severity.WARNING for d in found)


# --- untranslated, fuzzy, suspicious fuzzy --------------------------------------------------


def test_untranslated_and_missing_entries() -> None:
    empty = run("Rest.", "")
    assert codes(empty) == ["untranslated"]
    assert empty[0].location == Location(PO, 40)
    missing = check_entry(template("Rest."), None, locale=ES, po_path=PO, domain="hsg")
    assert codes(missing) == ["untranslated"]
    assert missing[0].location == Location(PO)
    assert missing[0].source == Location("source/hsg.md", 12)
    assert missing[0].msgid == "Rest." and missing[0].locale == "es"
    assert missing[0].domain == "hsg"


def test_fuzzy_is_a_warning_and_its_stale_text_is_not_checked() -> None:
    found = run("Rest 5 days.", "Descanse 3 días.", flags=("fuzzy",), previous="Rest 3 days.")
    assert "fuzzy" in codes(found) and "numbers" not in codes(found)
    [fuzzy] = only(found, "fuzzy")
    assert fuzzy.severity is Severity.WARNING and "stale" in fuzzy.message


@pytest.mark.parametrize(
    ("previous", "current", "suspicious"),
    [
        ("You can eat before the test.", "You cannot eat before the test.", True),
        ("You can eat before the test.", "You can't eat before the test.", True),
        ("Do eat before the test.", "Do not eat before the test.", True),
        ("Eat nothing before the test.", "Eat before the test.", True),
        ("Eat before the test.", "Eat after the test.", True),
        ("Rest for 5 days.", "Rest for 15 days.", True),
        ("Rest for 2.5 days.", "Rest for 25 days.", True),
        ("Rest for 5 days.", "Please rest for 5 days.", False),
        ("Do not eat before the test.", "Please do not eat before the test.", False),
    ],
)
def test_suspicious_fuzzy(previous: str, current: str, suspicious: bool) -> None:
    found = run(current, "texto viejo", flags=("fuzzy",), previous=previous)
    flagged = only(found, "suspicious-fuzzy")
    assert bool(flagged) is suspicious
    assert "fuzzy" in codes(found)
    if suspicious:
        assert previous in flagged[0].message and current in flagged[0].message
        assert flagged[0].severity is Severity.ERROR


def test_fuzzy_without_previous_msgid_is_not_suspicious() -> None:
    assert codes(run("Rest 5 days.", "Descanse", flags=("fuzzy",))) == ["fuzzy"]


# --- critical segments, excuses, severities -------------------------------------------------


def test_critical_raises_every_finding_to_error_and_says_so() -> None:
    found = run("Rest.", "Descanse. ", critical=True)
    [whitespace] = found
    assert whitespace.severity is Severity.ERROR
    assert whitespace.message.startswith("critical segment: ")
    assert not is_error_free(found)
    assert is_error_free(run("Rest.", "Descanse. "))  # a warning elsewhere


@pytest.mark.parametrize("override", [Severity.WARNING, Severity.INFO, None])
def test_critical_untranslated_and_fuzzy_stay_errors_whatever_the_config(
    override: Severity | None,
) -> None:
    overrides = {"untranslated": override, "fuzzy": override}
    untranslated = run("Rest.", "", critical=True, severities=overrides)
    assert [(d.code, d.severity) for d in untranslated] == [("untranslated", Severity.ERROR)]
    fuzzy = run("Rest.", "Descanse.", critical=True, flags=("fuzzy",), severities=overrides)
    assert [(d.code, d.severity) for d in fuzzy] == [("fuzzy", Severity.ERROR)]
    normal = run("Rest.", "", severities=overrides)
    assert [d.severity for d in normal] == ([] if override is None else [override])


@pytest.mark.parametrize(
    "comment",
    [
        "leaflet: ignore numbers — the clinic's own dose table uses 15",
        "leaflet: ignore numbers -- the clinic's own dose table uses 15",
        "leaflet: ignore numbers - the clinic's own dose table uses 15",
        "leaflet: ignore numbers: the clinic's own dose table uses 15",
        "leaflet: ignore numbers, links — the clinic's own dose table uses 15",
    ],
)
def test_excuse_with_reason_keeps_the_finding_but_excuses_it(comment: str) -> None:
    found = run("Take 10 mg.", "Tome 15 mg.", comments=(comment,))
    [numbers] = found
    assert numbers.code == "numbers" and numbers.severity is Severity.ERROR
    assert numbers.excused == "the clinic's own dose table uses 15"
    assert is_error_free(found)


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("leaflet: ignore numbers", "a reason is required"),
        ("leaflet: ignore numbers —", "a reason is required"),
        ("leaflet: ignore numbers no separator here", "cannot read"),
        ("leaflet: ignore nmbers — typo", "no check 'nmbers'"),
        ("leaflet: ignore bad-excuse — cannot excuse itself", "no check 'bad-excuse'"),
    ],
)
def test_bad_excuse_does_not_excuse(comment: str, problem: str) -> None:
    found = run("Take 10 mg.", "Tome 15 mg.", comments=(comment,))
    assert sorted(codes(found)) == ["bad-excuse", "numbers"]
    assert only(found, "numbers")[0].excused is None
    [bad] = only(found, "bad-excuse")
    assert problem in bad.message and bad.severity is Severity.ERROR
    assert not is_error_free(found)


def test_excuse_does_not_reach_other_codes() -> None:
    found = run("Take 10 mg.", "Tome 15 mg. ", comments=("leaflet: ignore whitespace: ok",))
    assert only(found, "numbers")[0].excused is None
    assert only(found, "whitespace")[0].excused == "ok"


def test_excuse_cannot_silence_untranslated_or_fuzzy_on_critical_entries() -> None:
    comments = ("leaflet: ignore untranslated — later", "leaflet: ignore fuzzy — later")
    untranslated = run("Rest.", "", critical=True, comments=comments)
    assert [d.excused for d in untranslated] == [None]
    fuzzy = run("Rest.", "Descanse.", critical=True, flags=("fuzzy",), comments=comments)
    assert [d.excused for d in fuzzy] == [None]
    assert not is_error_free(untranslated + fuzzy)
    # On an ordinary entry the same excuse is accepted.
    assert [d.excused for d in run("Rest.", "", comments=comments)] == ["later"]


def test_excuses_are_read_from_translator_comments_only() -> None:
    entry = PoEntry(msgid="x", extracted_comments=("leaflet: ignore numbers — no",))
    assert parse_excuses(entry, EXCUSABLE) == ({}, [])


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, [("numbers", Severity.ERROR)]),
        ({"numbers": Severity.WARNING}, [("numbers", Severity.WARNING)]),
        ({"numbers": None}, []),
        ({"links": None}, [("numbers", Severity.ERROR)]),
    ],
)
def test_severity_override(
    overrides: Mapping[str, Severity | None], expected: list[tuple[str, Severity]]
) -> None:
    found = run("Take 10 mg.", "Tome 15 mg.", severities=overrides)
    assert [(d.code, d.severity) for d in found] == expected


def test_effective_severity() -> None:
    assert effective_severity("whitespace", Severity.WARNING) is Severity.WARNING
    assert effective_severity("whitespace", Severity.WARNING, critical=True) is Severity.ERROR
    off = {"whitespace": None}
    assert effective_severity("whitespace", Severity.WARNING, severities=off) is None
    assert effective_severity("whitespace", Severity.WARNING, critical=True, severities=off) is None
    assert effective_severity("fuzzy", Severity.ERROR, critical=True, severities={"fuzzy": None})


# --- glossary (through the checks) ---------------------------------------------------------

GLOSSARY = FileGlossary(
    required=(("womb", ("útero",)),),
    forbidden=(("matriz", "use «útero»"),),
    keep=("HSG",),
)


@pytest.mark.parametrize(
    ("english", "translation", "problem"),
    [
        ("The HSG checks your womb.", "La HSG examina su útero.", None),
        ("The HSG checks your womb.", "La HSG examina su vientre.", "'womb' must be translated"),
        ("The HSG checks your womb.", "La HSG examina su matriz y útero.", "'matriz' must not"),
        ("The HSG checks your womb.", "La HSG examina su matriz.", "use «útero»"),
        ("The HSG checks your womb.", "La histerosalpingografía examina su útero.", "keep 'HSG'"),
    ],
)
def test_glossary_findings_are_errors(english: str, translation: str, problem: str | None) -> None:
    found = only(run(english, translation, glossary=GLOSSARY), "glossary")
    if problem is None:
        assert found == []
    else:
        assert any(problem in d.message for d in found), found
        assert all(d.severity is Severity.ERROR for d in found)


def test_no_glossary_no_glossary_findings() -> None:
    assert run("The HSG checks your womb.", "La prueba examina su vientre.") == []


# --- plurals and header ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "forms", "problem"),
    [
        (ES, ("{n} día", "{n} días"), None),
        (ES, ("{n} día",), "1 plural forms; Spanish needs 2"),
        (ZH, ("{n} 天",), None),
        (PL, ("{n} dzień", "{n} dni"), "needs 3"),
        (AR, ("{n} يوم",) * 6, None),
    ],
)
def test_plurals(locale: LocaleInfo, forms: tuple[str, ...], problem: str | None) -> None:
    entry = PoEntry(msgid="{n} day", msgid_plural="{n} days", msgstr_plural=forms, line=9)
    found = check_entry(
        template("{n} day", plural="{n} days"),
        entry,
        locale=locale,
        po_path=PO,
        domain="ui",
    )
    plurals = only(found, "plurals")
    if problem is None:
        assert found == []
    else:
        assert len(plurals) == 1 and problem in plurals[0].message


def test_plural_forms_may_follow_either_english_form() -> None:
    entry = PoEntry(msgid="1 day", msgid_plural="{n} days", msgstr_plural=("1 día", "{n} días"))
    found = check_entry(
        template("1 day", plural="{n} days"), entry, locale=ES, po_path=PO, domain="ui"
    )
    assert found == []
    wrong = PoEntry(msgid="1 day", msgid_plural="{n} days", msgstr_plural=("1 día", "{m} días"))
    found = check_entry(
        template("1 day", plural="{n} days"), wrong, locale=ES, po_path=PO, domain="ui"
    )
    assert codes(found) == ["placeholders"]


def header(**fields: str) -> Catalog:
    base = {
        "Language": "es",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    base.update(fields)
    text = "".join(f"{k}: {v}\n" for k, v in base.items() if v != "-")
    return Catalog(entries=(PoEntry(msgid="", msgstr=text, line=2),), path=PO)


@pytest.mark.parametrize(
    ("catalog", "locale", "problem"),
    [
        (header(), ES, None),
        (header(**{"Plural-Forms": "nplurals=2;plural=n != 1"}), ES, None),
        (header(**{"Plural-Forms": "nplurals=2; plural=((n != 1));"}), ES, None),
        (header(**{"Content-Type": "text/plain; charset=utf-8"}), ES, None),
        (header(Language="fr"), ES, "Language is 'fr' but the file is in the folder for 'es'"),
        (header(Language="-"), ES, "no Language"),
        (header(**{"Plural-Forms": "-"}), ES, "no Plural-Forms"),
        (header(**{"Plural-Forms": "nplurals=2; plural=(n > 1);"}), ES, "CLDR's rule"),
        (header(**{"Plural-Forms": "nplurals=1; plural=0;"}), ES, "CLDR's rule"),
        (header(Language="ar"), AR, "CLDR's rule for Arabic"),
        (header(**{"Content-Type": "text/plain; charset=ISO-8859-1"}), ES, "charset=UTF-8"),
        (header(**{"Content-Type": "-"}), ES, "charset=UTF-8"),
        (Catalog(entries=(PoEntry(msgid="x", msgstr="y"),)), ES, "no header"),
    ],
)
def test_header(catalog: Catalog, locale: LocaleInfo, problem: str | None) -> None:
    found = check_catalog_header(
        catalog,
        locale=locale,
        po_path=PO,
        domain="hsg",
    )
    if problem is None:
        assert found == []
    else:
        assert any(problem in d.message for d in found), found
        assert all(d.code == "header" and d.severity is Severity.ERROR for d in found)


def test_header_location_is_the_header_entry() -> None:
    [found] = check_catalog_header(header(Language="fr"), locale=ES, po_path=PO, domain="hsg")
    assert found.location == Location(PO, 2) and found.source is None


# --- a whole catalog ---------------------------------------------------------------------------


def test_check_catalog_runs_everything_for_one_file() -> None:
    pot = Catalog(
        entries=(
            PoEntry(msgid="", msgstr="Language: \n"),
            template("Rest 5 days."),
            template("Eat well."),
            template("Call us.", critical=True),
        )
    )
    po = Catalog(
        entries=(
            header().entries[0],
            PoEntry(msgid="Rest 5 days.", msgstr="Descanse 50 días.", line=10),
            PoEntry(msgid="Old text.", msgstr="Texto viejo.", obsolete=True, line=20),
            PoEntry(msgid="Stray text.", msgstr="Texto suelto.", line=30),
        ),
        path=PO,
    )
    found = check_catalog(pot, po, locale=ES, po_path=PO, domain="hsg")
    summary = [(d.code, d.severity, d.location.line, d.msgid) for d in found]
    assert summary == [
        ("numbers", Severity.ERROR, 10, "Rest 5 days."),
        ("untranslated", Severity.WARNING, None, "Eat well."),
        ("untranslated", Severity.ERROR, None, "Call us."),
        ("obsolete", Severity.INFO, 20, "Old text."),
        ("unknown-entry", Severity.ERROR, 30, "Stray text."),
    ]
    assert "critical segment" in found[2].message
    assert "never used" in found[4].message
    assert not is_error_free(found)


def test_check_catalog_without_a_po_file_reports_every_entry_untranslated() -> None:
    pot = Catalog(entries=(template("Rest."), template("Eat.")))
    found = check_catalog(pot, None, locale=ES, po_path=PO, domain="hsg")
    assert [(d.code, d.location) for d in found] == [("untranslated", Location(PO))] * 2


def test_flags_and_critical_come_from_the_template_not_the_po() -> None:
    pot = Catalog(entries=(template("Rest."),))
    po = Catalog(
        entries=(
            header().entries[0],
            PoEntry(msgid="Rest.", msgstr="Descanse. ", extracted_comments=("critical",)),
        )
    )
    [found] = check_catalog(pot, po, locale=ES, po_path=PO, domain="hsg")
    assert found.severity is Severity.WARNING and not found.message.startswith("critical")


# --- fast paths agree with the parser ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  Call us on {clinic_phone} at 9:30!  ",
        "Plain text ] > ! ~~not struck~~ #hash",
        "{a_b} {clinic_phone}",
        "{_a} then {b_}",  # underscores at a name's edge can make emphasis
        "See https://example.org/a_b, or http://x.org/y.",
        "*one* **two** ***three*** ****four****",
        "a*b*c **x*y** *unbalanced **also",
        "*{clinic_phone}* and *(punct)*, *«quoted»*",
        "snake_case and __init__ stay text",
        "*a **b** c*",
        "Take 2 *tablets* 3 times a day.",
        "\u00a0*x*\u3000**y**\u2009",
    ],
)
def test_markup_scan_matches_markdown_it(text: str) -> None:
    assert markup_scan.scan(text) == markup_scan.parse(text)


def test_markup_scan_matches_markdown_it_on_random_emphasis() -> None:
    rng = random.Random(20240611)
    pieces = ["*", "**", "***", "a", "b", " ", ".", "(", ")", "é", "٣", "\u00a0", "{a_b}", "_"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert markup_scan.scan(text) == markup_scan.parse(text), text


def test_markup_scan_matches_markdown_it_on_random_links() -> None:
    rng = random.Random(8)
    # (pieces the simple path takes, pieces it must leave to the parser)
    labels = (
        ["", "a", "see us", "{x}", "é!", "(1)"],
        ["{a_b}", "a*b", "_a_", "*a*", "`c`", "[n]", "\\]"],
    )
    targets = (
        ["https://x.org/a_b", "tel:{clinic_phone}", "mailto:a@b.c", "/p?q=1#f", "`t`", "*s*", "é"],
        ["", "a b", "(p)", "a)b", "<u>", "<u", "&amp;", "x\\)", "a\tb", "[x]"],
    )
    around = (
        ["", " ", "(", ")", "]", "{clinic_phone}", "2.5", "https://y.org", "!"],
        ["[", "*", "_", "\n", "<b>", "&amp;", "`", "{_x}"],
    )

    def pick(pieces: tuple[list[str], list[str]]) -> str:
        return rng.choice(pieces[rng.random() < 0.1])

    simple = 0
    for _ in range(4000):
        text = ""
        for _ in range(rng.randint(1, 3)):
            text += pick(around) + f"[{pick(labels)}]({pick(targets)})" + pick(around)
        if markup_scan._simple_links(text) is not None:
            simple += 1
        assert markup_scan.scan(text) == markup_scan.parse(text), text
    assert simple > 1000


def test_simple_emphasis_pairs_agree_with_the_general_algorithm() -> None:
    rng = random.Random(7)
    words = ["a", "b c", "é", "{a_b}", "x_y", "_", "(d)", "2.5", "*", "", "{a", "b}", "{_c}"]
    spaces = ["", " ", " ", ".", "(", ")", "\u00a0", "«", "{", "}", "https://x.org/*a*"]
    found = []
    for _ in range(8000):
        text = ""
        for _ in range(rng.randint(0, 5)):
            left, right = rng.choice((1, 1, 2, 3, 4)), rng.choice((0, 1, 2, 3, 4))
            word = rng.choice(words)
            if rng.random() < 0.6:  # mostly balanced pairs around a word
                word = "*" * left + word + "*" * (left if rng.random() < 0.8 else right)
            text += rng.choice(spaces) + word + rng.choice(spaces)
        simple = markup_scan._simple_pairs(text)
        if simple is not None:
            found.append(simple)
            becomes, emphasis, strong = markup_scan._paired(text)
            assert simple == (emphasis, strong), text
            # every "*" is a tag: what the quick assembly in `_emphasis_only` relies on
            assert sorted(becomes) == [i for i, c in enumerate(text) if c == "*"], text
            expected = markup_scan._assemble(text, becomes, emphasis, strong)
            assert markup_scan._emphasis_only(text) == expected, text
    assert sum(1 for emphasis, strong in found if emphasis and strong) > 150
    assert sum(1 for emphasis, strong in found if strong > 1) > 150
    assert sum(1 for emphasis, strong in found if not emphasis and not strong) > 150


def test_numbers_quick_path_agrees_with_readings() -> None:
    seps = numbers.separators(ES)
    for ours, theirs in [
        (("5", "10"), ("10", "5")),
        (("5",), ("05",)),
        (("1,000",), ("1.000",)),
        ((), ()),
        (("3",), ()),
        ((), ("3",)),
        (("٣",), ("3",)),
        (("5", "10"), ("5", "10")),
        (("2.5", "10"), ("2.5", "10")),
        (("1,000",), ("1,000",)),
    ]:
        expected = not numbers.multisets(ours, numbers.ENGLISH_SEPARATORS).isdisjoint(
            numbers.multisets(theirs, seps)
        )
        assert numbers.tokens_match(ours, theirs, seps) is expected, (ours, theirs)


@pytest.mark.parametrize(
    "entry",
    [
        PoEntry(msgid="Rest 5 days.", msgstr="Descanse 5 días."),
        PoEntry(
            msgid="Rest 5 days.", msgstr="x", previous_msgid="Rest 6 days.", flags=("c-format",)
        ),
        PoEntry(msgid="Rest 5 days.", msgstr=" ", extracted_comments=("critical",), line=3),
    ],
)
def test_quiet_checks_on_a_usable_entry(entry: PoEntry) -> None:
    for pot in (template("Rest 5 days."), template("Rest 5 days.", critical=True)):
        subject = Subject(Scope.ENTRY, pot, entry, ES)
        for check in CHECKS:
            if check.code in QUIET_WHEN_USABLE:
                assert check.function(subject) == [], check.code


# --- the quiet path agrees with the checks -------------------------------------------------

_PIECES = (
    *("Rest", "días", "it's", " ", " ", " ", "\n", "\t", ".", "(", ")", "«", "HSG", "womb"),
    *("útero", "matriz", "5", "10", "1,000", "1.000", "2.5", "2,5", "2 500", "٣", "05"),
    *("{clinic_phone}", "{x}", "{_y}", "*", "*", "**", "_", "`c`", "<b>", "&amp;", "\\*"),
    *("[a](https://x.org)", "[b](javascript:x)", "[c](tel:1)", "![i](https://x.org/i.png)"),
    *("<https://y.org>", "https://z.org/p", "\u202e", "\u202a"),
)


def _random_pair(rng: random.Random) -> tuple[str, str]:
    """An English text and a translation that is often a close copy of it."""
    english = [rng.choice(_PIECES) for _ in range(rng.randint(0, 10))]
    translation = [p if rng.random() < 0.8 else rng.choice(("Descanse", "días")) for p in english]
    for _ in range(rng.choice((0, 0, 1, 2))):
        position = rng.randint(0, len(translation))
        if rng.random() < 0.5 and position < len(translation):
            del translation[position]
        else:
            translation.insert(position, rng.choice(_PIECES))
    if rng.random() < 0.2:
        rng.shuffle(translation)
    return "".join(english), "".join(translation)


def test_quiet_means_no_text_check_finds_anything() -> None:
    rng = random.Random(20240611)
    quiet = 0
    for _ in range(20000):
        english, translation = _random_pair(rng)
        locale = rng.choice((ES, FR, AR, ZH))
        glossary = rng.choice((None, GLOSSARY))
        po = PoEntry(english, translation)
        subject = Subject(Scope.ENTRY, template(english), po, locale, glossary)
        en, tr = _analyse(english), _analyse(translation)
        if _quiet(en, tr, numbers.separators(locale), glossary):
            quiet += 1
            for check in CHECKS:
                text_check = getattr(check.function, "check", None)
                if text_check is not None:
                    assert text_check(en, tr, subject) == [], (check.code, english, translation)
    assert quiet > 2000  # the quiet path was really taken, not only refused


def test_the_quiet_path_answers_for_every_entry_check() -> None:
    """A check that is neither quiet on a usable entry nor read by `_quiet` turns the quiet
    path off (every entry then runs every check): teach `_quiet` the new check."""
    assert _plan(NONE).quiet_covers
    assert _plan({"links": Severity.WARNING, "markup": None}).quiet_covers


@pytest.mark.parametrize("severities", [NONE, {"whitespace": Severity.ERROR, "unchanged": None}])
def test_check_entry_gives_what_running_every_check_gives(
    severities: Mapping[str, Severity | None],
) -> None:
    rng = random.Random(6)
    for _ in range(3000):
        english, translation = _random_pair(rng)
        critical = rng.random() < 0.2
        pot, po = template(english, critical=critical), PoEntry(english, translation, line=9)
        for glossary in (None, GLOSSARY):
            subject = Subject(Scope.ENTRY, pot, po, ES, glossary)
            expected = _run(subject, po_path=PO, domain="hsg", plan=_plan(severities))
            found = check_entry(
                pot, po, locale=ES, po_path=PO, domain="hsg", glossary=glossary,
                severities=severities,
            )  # fmt: skip
            assert found == expected, (english, translation)
