"""Running the checks on a catalog: which checks run, at which severity, on which entries.

`check_catalog` judges one PO file against its template: its header, every template entry
(with its PO entry, or None when the PO file lacks it), and every PO entry that is not in the
template (obsolete or unknown). `check_entry`, `check_catalog_header` and `check_stray` each do
one of those. What a check finds is the business of `checks`; this module works out once per
set of severity overrides which checks run and with what severity (`_Plan`), applies excuses
(`excuses`) and turns findings into `Diagnostic`s with their locations.

The quiet path: most entries of a translated catalog are usable and simple (`_usable_and_simple`)
and every check passes them. On such an entry the checks of the entry's state
(`QUIET_WHEN_USABLE`) find nothing, and `_quiet` (or `_passes_quietly`, quicker still when
neither side has links, code spans or line breaks) reads every text check of
`QUIET_TEXT_CHECKS` in one pass. It is safe because it only ever answers "nothing to find":
False means "run the checks", so every finding still comes from the check itself, and it is
used only when it answers for every active check (`_Plan.quiet_covers`). Tests hold it to the
checks it stands for (`test_quiet_checks_on_a_usable_entry`,
`test_quiet_means_no_text_check_finds_anything`, `test_the_quiet_path_answers_as_quiet_does`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

# The text reading, its caches and the text-check wrapper are the checks' own: the runner
# shares them so that each text is read once, whichever path looks at it.
from .checks import (
    ALWAYS_ON_CRITICAL,
    BIDI_OVERRIDE,
    CHECKS,
    EXCUSABLE,
    NO_OVERRIDES,
    SAFE_SCHEMES,
    Check,
    ContentCheck,
    Forms,
    Glossary,
    Scope,
    Subject,
    Text,
    TextCheck,
    effective_severity,
    english_text,
    is_critical,
    link_scheme,
    translated_text,
    usable_forms,
)
from .excuses import parse_excuses
from .markup_scan import quick_scan
from .model import Catalog, Diagnostic, LocaleInfo, Location, PoEntry, Severity
from .numbers import Separators, has_numbers, number_tokens, separators, tokens_match


def _source(entry: PoEntry | None) -> Location | None:
    if entry is None or not entry.references:
        return None
    path, sep, line = entry.references[0].rpartition(":")
    if sep and line.isdigit():
        return Location(path, int(line))
    return Location(entry.references[0])


# (check, severity, its text check when it is one): what runs, worked out once per catalog
Active = tuple[tuple[Check, Severity, TextCheck | None], ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """The checks that run, with the severity they report, worked out once per catalog."""

    plain: Mapping[Scope, Active]
    critical: Active  # entry checks on a critical segment
    usable: Active  # entry checks that can find something in a usable translation (below)
    usable_critical: Active
    quiet_covers: bool  # `_quiet` answers for every check in `usable` and `usable_critical`


# Checks of an entry's state that find nothing when the translation is usable and simple: the
# PO entry is there, not fuzzy or obsolete, neither it nor the template has a plural, msgstr is
# not empty, and it has no translator comments (`test_quiet_checks_on_a_usable_entry`).
QUIET_WHEN_USABLE = frozenset(
    {"untranslated", "fuzzy", "suspicious-fuzzy", "plurals", "bad-excuse"}
)
# The text checks `_quiet` answers for.
QUIET_TEXT_CHECKS = frozenset(
    {"placeholders", "numbers", "links", "markup", "glossary", "whitespace", "unchanged"}
)


def _usable_and_simple(template: PoEntry, entry: PoEntry) -> bool:
    """The entry state of QUIET_WHEN_USABLE (most entries of a translated catalog)."""
    return (
        entry.msgstr != ""
        and template.msgid_plural is None
        and entry.msgid_plural is None
        and not entry.translator_comments
        and not entry.obsolete
        and "fuzzy" not in entry.flags  # entry.fuzzy, without the property call
    )


def _quiet(en: Text, tr: Text, seps: Separators, glossary: Glossary | None) -> bool:
    """True when no text check finds anything in `tr` as the translation of `en`, read in one
    pass instead of seven; False means "run the checks" (`test_quiet_means_no_text_check_...`)."""
    english, text = en.text, tr.text
    ours, theirs = en.inline, tr.inline
    return (
        text != english  # `_unchanged`
        and en.placeholders == tr.placeholders  # `_placeholders`
        and ours.links == theirs.links  # `_links`
        and _all_safe(theirs.links)
        and ours.strong == theirs.strong  # `_markup`
        and ours.emphasis == theirs.emphasis
        and ours.code == theirs.code
        and not theirs.html
        and theirs.stray <= ours.stray
        and BIDI_OVERRIDE.search(text) is None
        and english[:1].isspace() == text[:1].isspace()  # `_whitespace`
        and english[-1:].isspace() == text[-1:].isspace()
        and english.count("\n") == text.count("\n")
        and tokens_match(en.numbers, tr.numbers, seps)  # `_numbers`
        and (glossary is None or not glossary.findings(english, text))  # `_glossary`
    )


@lru_cache(maxsize=4096)  # link targets are the English ones: a project has few
def _all_safe(links: tuple[str, ...]) -> bool:
    return all((scheme := link_scheme(url)) is None or scheme in SAFE_SCHEMES for url in links)


@dataclass(frozen=True, slots=True)
class _English:
    """A template entry and what the quiet path reads of its English, for every locale."""

    entry: PoEntry
    key: tuple[str | None, str]
    text: Text | None  # None when the entry has a plural: never quiet
    simple: bool  # no link, code span or line break: see `_passes_quietly`
    starts: bool  # the English starts with whitespace
    ends: bool  # the English ends with whitespace


def _read_english(entry: PoEntry) -> _English:
    key = (entry.msgctxt, entry.msgid)
    if entry.msgid_plural is not None:
        return _English(entry, key, None, False, False, False)
    en = english_text(entry.msgid)
    inline = en.inline
    simple = not inline.links and not inline.code and "\n" not in en.text
    return _English(entry, key, en, simple, en.text[:1].isspace(), en.text[-1:].isspace())


def _passes_quietly(
    english: _English, entry: PoEntry | None, seps: Separators, glossary: Glossary | None
) -> bool:
    """True when no text check can find anything in this entry (`plan.quiet_covers` given)."""
    en = english.text
    if en is None or entry is None or not _usable_and_simple(english.entry, entry):
        return False
    text = entry.msgstr
    quick = quick_scan(text) if english.simple else None
    if quick is None:
        return _quiet(en, translated_text(text), seps, glossary)
    # `_quiet` where neither side has links, code spans or line breaks, and the translation no
    # raw HTML, stray "*" or "_" or bidi control (`quick_scan` has none of them;
    # `test_the_quiet_path_answers_as_quiet_does`)
    prose, emphasis, strong, names = quick
    ours = en.inline
    return (
        text != en.text
        and names == en.placeholders
        and strong == ours.strong
        and emphasis == ours.emphasis
        and english.starts == text[:1].isspace()
        and english.ends == text[-1:].isspace()
        and _numbers_match(en.numbers, prose, seps)
        and (glossary is None or not glossary.findings(en.text, text))
    )


def _numbers_match(ours: tuple[str, ...], prose: str, seps: Separators) -> bool:
    """`tokens_match(ours, number_tokens(prose), seps)`: with no English numbers, only a text
    without numbers matches, and finding out needs no reading of them."""
    if not ours:
        return not has_numbers(prose)
    return tokens_match(ours, number_tokens(prose), seps)


class _Same:
    """A cache key equal only to a key for the same object: caching an immutable value that
    is costly to hash by identity (the key holds the object, so its id is not reused)."""

    __slots__ = ("value",)

    def __init__(self, value: Catalog) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@dataclass(frozen=True, slots=True)
class _Template:
    """A template's checked entries (not obsolete), read once for every locale."""

    entries: tuple[_English, ...]
    keys: frozenset[tuple[str | None, str]]


@lru_cache(maxsize=16)  # a build checks one template in every locale in turn
def _read_template(template: _Same) -> _Template:
    entries = tuple(_read_english(e) for e in template.value.messages if not e.obsolete)
    return _Template(entries, frozenset(english.key for english in entries))


@lru_cache(maxsize=64)
def _plan_of(overrides: frozenset[tuple[str, Severity | None]]) -> _Plan:
    severities = dict(overrides)

    def active(scope: Scope, critical: bool) -> Active:
        out = []
        for check in CHECKS:
            if check.scope is scope:
                severity = effective_severity(
                    check.code, check.severity, critical=critical, severities=severities
                )
                if severity is not None:
                    function = check.function
                    text = function.check if isinstance(function, ContentCheck) else None
                    out.append((check, severity, text))
        return tuple(out)

    def usable(checks: Active) -> Active:
        return tuple(c for c in checks if c[0].code not in QUIET_WHEN_USABLE)

    entry, critical = active(Scope.ENTRY, False), active(Scope.ENTRY, True)
    plain = {scope: active(scope, False) for scope in Scope}
    covered = all(c[0].code in QUIET_TEXT_CHECKS for c in usable(entry) + usable(critical))
    return _Plan(plain, critical, usable(entry), usable(critical), covered)


def _plan(severities: Mapping[str, Severity | None]) -> _Plan:
    return _plan_of(frozenset(severities.items()))


def _run(subject: Subject, *, po_path: str, domain: str, plan: _Plan) -> list[Diagnostic]:
    entry, template, scope = subject.entry, subject.template, subject.scope
    critical = scope is Scope.ENTRY and is_critical(template)
    active = plan.critical if critical else plan.plain[scope]
    excuses: dict[str, str] = {}
    forms: Forms = []
    single: tuple[Text, Text] | None = None  # the usual entry: one English text, one form
    if scope is Scope.ENTRY:
        if entry is not None and entry.translator_comments:
            excuses = parse_excuses(entry, EXCUSABLE)[0]
        forms = usable_forms(subject)
        if len(forms) == 1 and len(forms[0][0]) == 1:
            single = (english_text(forms[0][0][0]), translated_text(forms[0][1]))
            if not excuses and entry is not None and not entry.translator_comments:
                active = plan.usable_critical if critical else plan.usable
    out: list[Diagnostic] = []
    where: tuple[Location, Location | None, str | None] | None = None  # the same for every finding
    for check, severity, text_check in active:
        if text_check is None:
            messages = check.function(subject)
        elif single is not None:
            messages = text_check(*single, subject)
            if len(messages) > 1:
                messages = list(dict.fromkeys(messages))  # as `ContentCheck.apply` gives them
        elif forms:
            messages = ContentCheck(text_check).apply(forms, subject)
        else:
            continue
        if not messages:
            continue
        excused = excuses.get(check.code)
        if critical and check.code in ALWAYS_ON_CRITICAL:
            excused = None
        if where is None:
            line = (entry.line or None) if entry is not None else None
            known = template if scope is Scope.ENTRY else entry if scope is Scope.STRAY else None
            msgid = known.msgid if known is not None else None
            where = (Location(po_path, line), _source(template), msgid)
        location, source, msgid = where
        for message in messages:
            out.append(
                Diagnostic(
                    code=check.code,
                    severity=severity,
                    message=f"critical segment: {message}" if critical else message,
                    location=location,
                    source=source,
                    domain=domain,
                    locale=subject.locale.code,
                    msgid=msgid,
                    excused=excused,
                )
            )
    return out


def check_entry(
    template_entry: PoEntry,
    entry: PoEntry | None,
    *,
    locale: LocaleInfo,
    po_path: str,
    domain: str,
    glossary: Glossary | None = None,
    severities: Mapping[str, Severity | None] = NO_OVERRIDES,
) -> list[Diagnostic]:
    """Findings for one template entry and its PO entry (None when the PO lacks it)."""
    plan = _plan(severities)
    english = _read_english(template_entry)
    if plan.quiet_covers and _passes_quietly(english, entry, separators(locale), glossary):
        return []
    subject = Subject(Scope.ENTRY, template_entry, entry, locale, glossary)
    return _run(subject, po_path=po_path, domain=domain, plan=plan)


def check_catalog_header(
    catalog: Catalog,
    *,
    locale: LocaleInfo,
    po_path: str,
    domain: str,
    severities: Mapping[str, Severity | None] = NO_OVERRIDES,
) -> list[Diagnostic]:
    subject = Subject(Scope.HEADER, None, catalog.header, locale)
    return _run(subject, po_path=po_path, domain=domain, plan=_plan(severities))


def check_stray(
    entry: PoEntry,
    *,
    locale: LocaleInfo,
    po_path: str,
    domain: str,
    severities: Mapping[str, Severity | None] = NO_OVERRIDES,
) -> list[Diagnostic]:
    """Findings for a PO entry that is not in the template: obsolete or unknown."""
    subject = Subject(Scope.STRAY, None, entry, locale)
    return _run(subject, po_path=po_path, domain=domain, plan=_plan(severities))


def check_catalog(
    template: Catalog,
    catalog: Catalog | None,
    *,
    locale: LocaleInfo,
    po_path: str,
    domain: str,
    glossary: Glossary | None = None,
    severities: Mapping[str, Severity | None] = NO_OVERRIDES,
) -> list[Diagnostic]:
    """Every finding for one PO file (None: the file does not exist yet)."""
    plan = _plan(severities)
    seps = separators(locale)
    out: list[Diagnostic] = []
    entries: list[PoEntry] = []
    if catalog is not None:
        # `catalog.messages`, without a property call for each entry
        entries = [e for e in catalog.entries if e.msgid or e.msgctxt is not None or e.obsolete]
        header = Subject(Scope.HEADER, None, catalog.header, locale)
        out += _run(header, po_path=po_path, domain=domain, plan=plan)
    found = {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}
    quiet = plan.quiet_covers
    read = _read_template(_Same(template))
    for english in read.entries:
        entry = found.get(english.key)
        if quiet and _passes_quietly(english, entry, seps, glossary):
            continue
        subject = Subject(Scope.ENTRY, english.entry, entry, locale, glossary)
        out += _run(subject, po_path=po_path, domain=domain, plan=plan)
    # As many keys as entries: none is obsolete or a duplicate, so only a key that is not in
    # the template makes a stray entry.
    if len(found) == len(entries) and found.keys() <= read.keys:
        return out
    for entry in entries:
        if entry.obsolete or entry.key not in read.keys:
            stray = Subject(Scope.STRAY, None, entry, locale)
            out += _run(stray, po_path=po_path, domain=domain, plan=plan)
    return out
