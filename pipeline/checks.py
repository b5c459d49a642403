"""Checks of one PO file against its template: small pure functions in an explicit registry.

Each `Check` has a kebab-case code, a default `Severity` and a one-line user-facing doc (the
function's docstring). `CHECKS` lists them all; nothing registers itself at import time.

What a check reads (safety rule 3): the English text, `#.` comments (`critical`) and `#:`
references come from the template entry; from the PO entry only `msgstr`, the fuzzy flag,
`#|` previous msgid and translator comments (`# leaflet: ignore <code> — <reason>`).

Severity of a finding (`effective_severity`): the project's `severities[code]` replaces the
default and `None` turns the check off. On a critical segment every finding is an error, and
`untranslated`/`fuzzy` are errors even when configured lower or off. An excuse comment keeps a
finding in the report with `excused=<reason>`, and an excused finding is not an error
(`is_error_free`); excuses cannot silence `untranslated`/`fuzzy` on a critical segment.

Plural entries: each translated form must pass a check against the English singular or the
English plural (a language's forms do not line up one-to-one with English ones).

Running the checks on a catalog (which run, the quiet path, where findings point) is
`catalog_checks`; excuse comments are read by `excuses`.
"""

from __future__ import annotations

import enum
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple, Protocol

from . import plural_forms
from .excuses import parse_excuses
from .markup_scan import PLACEHOLDER, Inline, scan
from .model import Diagnostic, LocaleInfo, PoEntry, Severity
from .numbers import (
    ENGLISH_SEPARATORS,
    number_tokens,
    separators,
    tokens_match,
)

CRITICAL_COMMENT = "critical"
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
NO_OVERRIDES: Mapping[str, Severity | None] = MappingProxyType({})


class Glossary(Protocol):
    """What checks need from a glossary (implemented by `glossary.Glossary`)."""

    def findings(self, english: str, translation: str) -> list[str]: ...


class Scope(enum.Enum):
    ENTRY = "entry"  # a template entry and its PO entry (possibly missing)
    HEADER = "header"  # the PO header (entry None when the file has none)
    STRAY = "stray"  # a PO entry whose msgid is not in the template


@dataclass(frozen=True, slots=True)
class Subject:
    """What one check looks at."""

    scope: Scope
    template: PoEntry | None
    entry: PoEntry | None
    locale: LocaleInfo
    glossary: Glossary | None = None


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    severity: Severity
    doc: str
    function: Callable[[Subject], list[str]]
    scope: Scope = Scope.ENTRY


# --- What the checks read of a text ----------------------------------------------------


class Text(NamedTuple):
    """What the text checks read of one English text or translated form."""

    text: str
    inline: Inline
    numbers: tuple[str, ...]  # the written numbers of the prose, in order
    placeholders: tuple[str, ...]  # placeholder names, sorted


def _analyse(text: str) -> Text:
    inline = scan(text)
    names = tuple(sorted(PLACEHOLDER.findall(text))) if "{" in text else ()
    return Text(text, inline, number_tokens(inline.prose), names)


# The English side is read once per run and reused for every locale; a translation is read once
# per entry (several checks look at it).
english_text = lru_cache(maxsize=1 << 17)(_analyse)
translated_text = lru_cache(maxsize=64)(_analyse)


def numbers_match(english: str, translation: str, locale: LocaleInfo | None) -> bool:
    """Same numbers as values; `locale` None means both texts are English."""
    theirs = ENGLISH_SEPARATORS if locale is None else separators(locale)
    return tokens_match(english_text(english).numbers, translated_text(translation).numbers, theirs)


def _listing(items: Iterable[str]) -> str:
    shown = list(items)
    return ", ".join(shown) if shown else "none"


def _difference(english: Counter[str], translation: Counter[str]) -> str:
    parts = []
    if english - translation:
        parts.append("missing " + _listing(sorted((english - translation).elements())))
    if translation - english:
        parts.append("not in the English " + _listing(sorted((translation - english).elements())))
    return "; ".join(parts)


# --- Entry checks ------------------------------------------------------------------------


def usable_forms(s: Subject) -> Forms:
    """(English texts, translated form) pairs of a usable translation."""
    t, e = s.template, s.entry
    if s.scope is not Scope.ENTRY or t is None or e is None or e.fuzzy or e.obsolete:
        return []
    if t.msgid_plural is None:
        return [((t.msgid,), e.msgstr)] if e.msgid_plural is None and e.msgstr else []
    if e.msgid_plural is None:
        return []
    return [((t.msgid, t.msgid_plural), form) for form in e.msgstr_plural if form]


Forms = list[tuple[tuple[str, ...], str]]
TextCheck = Callable[[Text, Text, Subject], list[str]]


class ContentCheck:
    """Run a text check on each translated form; a form passes if it fits any English form."""

    def __init__(self, check: TextCheck) -> None:
        self.check = check
        self.__doc__ = check.__doc__

    def __call__(self, s: Subject) -> list[str]:
        return self.apply(usable_forms(s), s)

    def apply(self, forms: Forms, s: Subject) -> list[str]:
        """The findings for the forms of `s` (`usable_forms(s)`, computed once per entry)."""
        out: list[str] = []
        check = self.check
        for english, text in forms:
            theirs = translated_text(text)
            if len(english) == 1:
                found = check(english_text(english[0]), theirs, s)
            else:
                results = [check(english_text(en), theirs, s) for en in english]
                found = results[-1] if all(results) else []
            out.extend(m for m in found if m not in out)
        return out


def _untranslated(s: Subject) -> list[str]:
    """Every English segment has a translation."""
    if s.scope is not Scope.ENTRY:
        return []
    if s.entry is None or s.entry.obsolete:
        return ["not translated: the entry is missing from the PO file (run `leaflet update`)"]
    if s.entry.fuzzy or s.entry.translated:
        return []
    if s.entry.msgid_plural is not None and any(s.entry.msgstr_plural):
        empty = sum(1 for f in s.entry.msgstr_plural if not f)
        return [f"not translated: {empty} of {len(s.entry.msgstr_plural)} plural forms are empty"]
    return ["not translated"]


def _fuzzy(s: Subject) -> list[str]:
    """No translation is marked fuzzy (stale: the English changed since it was translated)."""
    if s.scope is not Scope.ENTRY or s.entry is None or not s.entry.fuzzy:
        return []
    return [
        "fuzzy: the English changed since this was translated, so the translation is stale "
        "and is not used; update it, then remove the fuzzy flag"
    ]


_NEGATIONS = frozenset(
    (
        *("not", "no", "never", "cannot", "without", "unless", "none", "nothing", "nobody"),
        *("neither", "nor", "except", "instead", "refrain", "avoid", "avoids", "avoiding"),
        *("stop", "stops", "stopping"),
    )
)
_REVERSIBLE = frozenset(
    ("before", "after", "more", "less", "fewer", "least", "most", "maximum", "minimum")
)


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=4096)  # English texts, old and new, seen again in every locale; read only
def _meaning_words(text: str) -> Counter[str]:
    words = _WORD.findall(english_text(text).inline.prose.lower().replace("\u2019", "'"))
    return Counter(w for w in words if w in _NEGATIONS or w in _REVERSIBLE or w.endswith("n't"))


def _suspicious_fuzzy(s: Subject) -> list[str]:
    """A fuzzy entry whose English changed in a number or a negation is retranslated, not
    just unflagged."""
    t, e = s.template, s.entry
    if s.scope is not Scope.ENTRY or t is None or e is None or not e.fuzzy:
        return []
    before = e.previous_msgid
    if before is None or before == t.msgid:
        return []
    changes: list[str] = []
    old_numbers, new_numbers = english_text(before).numbers, english_text(t.msgid).numbers
    if not tokens_match(old_numbers, new_numbers, ENGLISH_SEPARATORS):
        old, new = _listing(old_numbers), _listing(new_numbers)
        changes.append(f"numbers {old} → {new}")
    old_words, new_words = _meaning_words(before), _meaning_words(t.msgid)
    if old_words != new_words:
        lost = _listing(sorted((old_words - new_words).elements()))
        added = _listing(sorted((new_words - old_words).elements()))
        changes.append(f"negation/meaning words removed: {lost}; added: {added}")
    if not changes:
        return []
    return [
        f"the English changed in a way that reverses or changes the medical meaning "
        f"({'; '.join(changes)}): was {before!r}, now {t.msgid!r}; retranslate, do not "
        "just remove the fuzzy flag"
    ]


def _placeholders(en: Text, tr: Text, s: Subject) -> list[str]:
    """Placeholders such as {clinic_phone} are copied exactly, as often as in English."""
    names, their_names = en.placeholders, tr.placeholders
    if names == their_names:  # sorted: the same names as often
        return []
    ours, theirs = Counter(names), Counter(their_names)
    braced = (Counter({f"{{{name}}}": n for name, n in c.items()}) for c in (ours, theirs))
    difference = _difference(*braced)
    return [f"placeholders differ: {difference} (copy them exactly, untranslated)"]


def _numbers(en: Text, tr: Text, s: Subject) -> list[str]:
    """Numbers in the translation have the same values as in the English."""
    ours, theirs = en.numbers, tr.numbers
    if tokens_match(ours, theirs, separators(s.locale)):
        return []
    message = f"numbers differ: English has {_listing(ours)}; translation has {_listing(theirs)}"
    if sorted(ours) == sorted(theirs) and s.locale.decimal_symbol != ".":
        message += f" (in {s.locale.code}, {s.locale.decimal_symbol!r} is the decimal separator)"
    return [message]


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def link_scheme(url: str) -> str | None:
    cleaned = "".join(c for c in html.unescape(url) if c.isprintable() and not c.isspace())
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _links(en: Text, tr: Text, s: Subject) -> list[str]:
    """Links point where the English ones point, and only to web, mail or phone addresses."""
    links, their_links = en.inline.links, tr.inline.links
    if not links and not their_links:
        return []
    out = [
        f"unsafe link {url!r}: only http, https, mailto and tel links are allowed"
        for url in sorted(set(their_links))
        if (scheme := link_scheme(url)) is not None and scheme not in SAFE_SCHEMES
    ]
    if links != their_links and sorted(links) != sorted(their_links):
        out.append("links differ: " + _difference(Counter(links), Counter(their_links)))
    return out


def _markup(en: Text, tr: Text, s: Subject) -> list[str]:
    """Emphasis, strong and code spans match the English; no raw HTML."""
    english, text = en.text, tr.text
    ours, theirs = en.inline, tr.inline
    out = (
        [f"raw HTML is not allowed: {_listing(repr(h) for h in theirs.html)}"]
        if theirs.html
        else []
    )
    for name, a, b in (
        ("strong (**…**)", ours.strong, theirs.strong),
        ("emphasis (*…*)", ours.emphasis, theirs.emphasis),
        ("code (`…`)", ours.code, theirs.code),
    ):
        if a != b:
            out.append(f"{name} spans differ: English has {a}, translation has {b}")
    if theirs.stray > ours.stray:
        out.append("unbalanced emphasis: a '*' or '_' in the translation has no partner")
    if BIDI_OVERRIDE.search(text) is None:
        return out
    overrides = sorted({f"U+{ord(c):04X}" for c in BIDI_OVERRIDE.findall(text)})
    if not BIDI_OVERRIDE.search(english):
        out.append(
            f"bidirectional embedding/override characters ({', '.join(overrides)}) can reorder "
            "what the reader sees, e.g. the digits of a number; remove them"
        )
    return out


BIDI_OVERRIDE = re.compile("[\u202a-\u202e]")


def _whitespace(en: Text, tr: Text, s: Subject) -> list[str]:
    """Leading and trailing whitespace and line breaks match the English."""
    english, text = en.text, tr.text
    starts, ends = english[:1].isspace(), english[-1:].isspace()
    if (
        starts == text[:1].isspace()
        and ends == text[-1:].isspace()
        and english.count("\n") == text.count("\n")
    ):
        return []
    out = []
    for where, a, b in (
        ("starts", english[:1].isspace(), text[:1].isspace()),
        ("ends", english[-1:].isspace(), text[-1:].isspace()),
    ):
        if a != b:
            out.append(
                f"the English {where} with whitespace and the translation does not"
                if a
                else f"the translation {where} with whitespace and the English does not"
            )
    if english.count("\n") != text.count("\n"):
        out.append(
            f"line breaks differ: English has {english.count(chr(10))}, "
            f"translation has {text.count(chr(10))}"
        )
    return out


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def _unchanged(en: Text, tr: Text, s: Subject) -> list[str]:
    """A sentence is not left in English (a name, number or address alone may be)."""
    if tr.text != en.text:
        return []
    words = _LETTER_WORD.findall(en.inline.prose)
    return ["the translation is the English text unchanged"] if len(words) >= 2 else []


def _glossary(en: Text, tr: Text, s: Subject) -> list[str]:
    """The locale's glossary is followed: required renderings used, forbidden terms avoided,
    do-not-translate terms kept."""
    return [] if s.glossary is None else s.glossary.findings(en.text, tr.text)


def _plurals(s: Subject) -> list[str]:
    """A plural entry has exactly as many forms as the language has plural forms."""
    t, e = s.template, s.entry
    if s.scope is not Scope.ENTRY or t is None or e is None or e.obsolete:
        return []
    if (t.msgid_plural is None) != (e.msgid_plural is None):
        has = "has a" if t.msgid_plural is not None else "has no"
        return [f"the template {has} plural form but the PO entry does not match it"]
    if e.msgid_plural is not None and len(e.msgstr_plural) != s.locale.nplurals:
        return [
            f"{len(e.msgstr_plural)} plural forms; {s.locale.english_name} needs "
            f"{s.locale.nplurals} (Plural-Forms: {s.locale.plural_forms})"
        ]
    return []


def _obsolete(s: Subject) -> list[str]:
    """Obsolete entries (#~) are never used; they are kept only for reuse."""
    if s.scope is not Scope.STRAY or s.entry is None or not s.entry.obsolete:
        return []
    return ["obsolete entry: no longer in the English leaflet; it is never shown"]


def _unknown_entry(s: Subject) -> list[str]:
    """Every entry of the PO file is in its template."""
    if s.scope is not Scope.STRAY or s.entry is None or s.entry.obsolete:
        return []
    return ["not in the template; it is never used (run `leaflet update`)"]


def _header(s: Subject) -> list[str]:
    """The PO header names the locale of its folder, CLDR's plural rule and UTF-8."""
    if s.scope is not Scope.HEADER:
        return []
    if s.entry is None:
        return ['the PO file has no header (msgid "")']
    fields: dict[str, str] = {}
    for line in s.entry.msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    out: list[str] = []
    code = s.locale.code
    language = fields.get("language")
    if language is None:
        out.append(f"the header has no Language; it should be {code!r}")
    elif language != code:
        out.append(f"Language is {language!r} but the file is in the folder for {code!r}")
    plural = fields.get("plural-forms")
    if plural is None:
        out.append(f"the header has no Plural-Forms; it should be {s.locale.plural_forms!r}")
    else:
        try:
            wrong = plural_forms.difference(plural, s.locale.plural_forms)
        except plural_forms.PluralFormsError as error:
            wrong = f"it is not a valid rule: {error.message}"
        if wrong is not None:
            out.append(
                f"Plural-Forms is {plural!r}; CLDR's rule for {s.locale.english_name} is "
                f"{s.locale.plural_forms!r} ({wrong})"
            )
    content_type = fields.get("content-type", "")
    charset = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.IGNORECASE)
    if charset is None or charset.group(1).lower().replace("_", "-") != "utf-8":
        out.append(f"Content-Type is {content_type!r}; it must be 'text/plain; charset=UTF-8'")
    return out


# --- Excuses -----------------------------------------------------------------------------


def _bad_excuse(s: Subject) -> list[str]:
    """Every `# leaflet: ignore <code> — <reason>` comment names a check and gives a reason."""
    if s.scope is not Scope.ENTRY:
        return []
    return parse_excuses(s.entry, EXCUSABLE)[1]


# --- The registry ------------------------------------------------------------------------


def _check(
    code: str,
    severity: Severity,
    function: Callable[[Subject], list[str]],
    scope: Scope = Scope.ENTRY,
) -> Check:
    doc = " ".join((function.__doc__ or "").split())
    return Check(code, severity, doc, function, scope)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
CHECKS: tuple[Check, ...] = (
    _check("header", E, _header, Scope.HEADER),
    # Incompleteness is a warning: `check` reports it through the threshold (exit 3) and the
    # build gate refuses incomplete pages anyway; on critical segments it is an error.
    _check("untranslated", W, _untranslated),
    _check("fuzzy", W, _fuzzy),
    _check("suspicious-fuzzy", E, _suspicious_fuzzy),
    _check("plurals", E, _plurals),
    _check("placeholders", E, ContentCheck(_placeholders)),
    _check("numbers", E, ContentCheck(_numbers)),
    _check("links", E, ContentCheck(_links)),
    _check("markup", E, ContentCheck(_markup)),
    _check("glossary", E, ContentCheck(_glossary)),
    _check("whitespace", W, ContentCheck(_whitespace)),
    _check("unchanged", W, ContentCheck(_unchanged)),
    _check("bad-excuse", E, _bad_excuse),
    _check("obsolete", INFO, _obsolete, Scope.STRAY),
    _check("unknown-entry", E, _unknown_entry, Scope.STRAY),
)
CODES = frozenset(check.code for check in CHECKS)
ALWAYS_ON_CRITICAL = frozenset({"untranslated", "fuzzy"})
EXCUSABLE = CODES - {"bad-excuse"}


def effective_severity(
    code: str,
    default: Severity,
    *,
    critical: bool = False,
    severities: Mapping[str, Severity | None] = NO_OVERRIDES,
) -> Severity | None:
    """The severity a finding is reported with; None when the check is turned off."""
    if critical and code in ALWAYS_ON_CRITICAL:
        return Severity.ERROR
    severity = severities.get(code, default)
    if severity is None:
        return None
    return Severity.ERROR if critical else severity


def is_critical(entry: PoEntry | None) -> bool:
    return entry is not None and _critical(entry.extracted_comments)


@lru_cache(maxsize=1024)  # a project has few distinct comment tuples
def _critical(comments: tuple[str, ...]) -> bool:
    return any(
        c.strip() == CRITICAL_COMMENT or c.strip().startswith(CRITICAL_COMMENT + ":")
        for c in comments
    )


def is_error_free(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when no diagnostic is an unexcused error."""
    return not any(d.severity is Severity.ERROR and d.excused is None for d in diagnostics)
