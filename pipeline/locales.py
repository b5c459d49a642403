"""Everything about languages, from CLDR through Babel: codes, tags, names, direction, plurals."""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.plurals import get_plural
from babel.numbers import get_decimal_symbol

from .errors import LocaleError
from .model import LocaleInfo, Location

SOURCE_LOCALE = "en"
# Letters, digits and '_' only: a locale code becomes a folder name, so nothing path-like.
_CODE = re.compile(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*\Z")


def locale_info(code: str, *, where: Location | None = None) -> LocaleInfo:
    """Validate a gettext/Babel locale identifier (`es`, `zh_Hans`, `pt_BR`) and describe it."""
    return describe(_parse(code, where))


def check_locale_code(code: str, *, where: Location | None = None) -> str:
    """Validate a locale identifier as `locale_info` does, without loading its CLDR data."""
    _parse(code, where)
    return code


def _parse(code: str, where: Location | None) -> Locale:
    if not _CODE.match(code):
        raise LocaleError(
            f"invalid locale code {code!r}: use a code such as es, ar, zh_Hans or pt_BR", where
        )
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise LocaleError(f"unknown locale {code!r} (not in CLDR)", where) from None
    canonical = str(locale)
    if canonical != code:
        raise LocaleError(f"locale {code!r} should be written {canonical!r}", where)
    if code == SOURCE_LOCALE:
        raise LocaleError(f"{code!r} is the source language; it needs no catalog", where)
    return locale


def source_locale() -> LocaleInfo:
    return describe(Locale.parse(SOURCE_LOCALE))


def describe(locale: Locale) -> LocaleInfo:
    plural = get_plural(locale)
    native = locale.get_display_name(locale) or str(locale)
    return LocaleInfo(
        code=str(locale),
        tag=bcp47_tag(locale),
        english_name=locale.get_display_name("en") or str(locale),
        native_name=native[:1].upper() + native[1:],
        direction="rtl" if locale.text_direction == "rtl" else "ltr",
        nplurals=plural.num_plurals,
        plural_forms=f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        decimal_symbol=get_decimal_symbol(locale),
    )


def bcp47_tag(locale: Locale) -> str:
    parts = [locale.language, locale.script, locale.territory, locale.variant]
    return "-".join(p for p in parts if p)


def format_long_date(date: dt.date, code: str) -> str:
    """A date as a reader of that language writes it, e.g. `4 de abril de 2010`."""
    return format_date(date, format="long", locale=Locale.parse(code))
