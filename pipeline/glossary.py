"""Per-locale glossaries: the clinic's agreed renderings of medical terms, checked in every entry.

One UTF-8 TOML file per locale, `glossary/<locale>.toml` (e.g. `glossary/es.toml`)::

    # Terms copied unchanged whenever the English has them (brands, abbreviations, fields).
    keep = ["HSG", "{clinic_name}"]

    # Terms that must not appear in a translation: a list, or a table term = "why".
    # (Top-level keys come before the first [table], as TOML requires.)
    forbidden = ["matriz"]

    # English term = its rendering, or a list of accepted renderings (e.g. inflected forms).
    [required]
    "womb" = ["útero", "úteros"]
    "fallopian tube" = "trompa de Falopio"

    # Alternative to the list above, with a reason shown to the translator:
    # [forbidden]
    # "matriz" = "use «útero»: «matriz» is old-fashioned"

Matching ignores case and needs whole words (`womb` does not match `wombat`); a term in a
script written without spaces (Chinese, Japanese, Thai, ...) matches anywhere in the text.
`keep` terms match case-sensitively: they must appear exactly as written.

Every finding is a `glossary` error by default: a glossary exists for terms where a wrong word
misleads a patient. A project may lower it with its check severities.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .model import Location

GLOSSARY_SUFFIX = ".toml"
_NO_SPACE_SCRIPTS = (
    "CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "IDEOGRAPHIC"
)  # fmt: skip
_KEYS = ("keep", "forbidden", "required")


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms of one locale's glossary file."""

    required: tuple[tuple[str, tuple[str, ...]], ...] = ()  # English term → accepted renderings
    forbidden: tuple[tuple[str, str], ...] = ()  # term → reason ("" when none is given)
    keep: tuple[str, ...] = ()
    path: str = ""

    def findings(self, english: str, translation: str) -> list[str]:
        """What the translation of `english` gets wrong against this glossary."""
        out: list[str] = []
        en, tr = _Text(english), _Text(translation)  # normalised once for every term
        for term, renderings in self.required:
            if en.contains(term) and not any(tr.contains(r) for r in renderings):
                accepted = " or ".join(repr(r) for r in renderings)
                out.append(f"glossary: {term!r} must be translated as {accepted}")
        for term, reason in self.forbidden:
            if tr.contains(term):
                why = f": {reason}" if reason else ""
                out.append(f"glossary: {term!r} must not be used{why}")
        for term in self.keep:
            if en.contains(term, exact=True) and not tr.contains(term, exact=True):
                out.append(f"glossary: keep {term!r} exactly as in the English")
        return out


def glossary_file(directory: Path, locale_code: str) -> Path:
    """Where the glossary for a locale lives: `<directory>/<locale>.toml`."""
    return directory / f"{locale_code}{GLOSSARY_SUFFIX}"


def _no_spaces(term: str) -> bool:
    return any(
        unicodedata.name(c, "").startswith(_NO_SPACE_SCRIPTS) for c in term if not c.isascii()
    )


def contains(text: str, term: str, *, exact: bool = False) -> bool:
    """Whether `term` occurs in `text`: whole words, any case (unless `exact`)."""
    return _Text(text).contains(term, exact=exact)


_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # the terms of a project's glossaries
def _matcher(term: str, exact: bool) -> tuple[str, re.Pattern[str] | None]:
    """How to find `term` in a normalised text: its letters, to look for in the text without
    spaces, for a script written without them (pattern None); or else a pattern of its words,
    with the first word, which a text must contain for the pattern to match."""
    term = unicodedata.normalize("NFC", term)
    if not exact:
        term = term.casefold()
    if _no_spaces(term):
        return _SPACE_RUN.sub("", term), None
    parts = term.split()
    words = r"\s+".join(re.escape(part) for part in parts)
    return (parts[0] if parts else ""), re.compile(rf"(?<!\w){words}(?!\w)")


class _Text:
    """A text normalised as `contains` compares it, each form made once for every term."""

    __slots__ = ("_forms", "_squeezed")

    def __init__(self, text: str) -> None:
        exact = unicodedata.normalize("NFC", text)
        self._forms = {True: exact, False: exact.casefold()}  # by `exact`
        self._squeezed: dict[bool, str] = {}

    def _without_spaces(self, exact: bool) -> str:
        if exact not in self._squeezed:
            self._squeezed[exact] = _SPACE_RUN.sub("", self._forms[exact])
        return self._squeezed[exact]

    def contains(self, term: str, *, exact: bool = False) -> bool:
        letters, pattern = _matcher(term, exact)
        if pattern is None:  # no need to take the spaces out of a text without its first letter
            return letters[:1] in self._forms[exact] and letters in self._without_spaces(exact)
        text = self._forms[exact]
        return letters in text and pattern.search(text) is not None  # `in` is quick


def load_glossary(path: Path, *, shown: str) -> Glossary:
    """Read and validate a glossary file; `shown` is the path printed in messages."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read glossary: {exc.strerror}", Location(shown)) from None
    except UnicodeDecodeError:
        raise ConfigError("glossary is not UTF-8 text", Location(shown)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\s*\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        if match:
            message = message[: match.start()] + message[match.end() :]
        raise ConfigError(f"invalid glossary TOML: {message}", Location(shown, line)) from None
    return _validate(data, text, shown)


def _line_of(text: str, key: str) -> int | None:
    """The line where `key` is defined (as `key =`, `"key" =` or `[key]`), for messages."""
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = re.compile(rf"\s*(?:{quoted}\s*=|\[\s*{quoted}\s*\])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _strings(value: object, what: str, where: Location) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{what} must be a text or a non-empty list of texts", where)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{what} must contain only non-empty texts, got {item!r}", where)
    return tuple(item.strip() for item in items)


def _validate(data: dict[str, object], text: str, shown: str) -> Glossary:
    def where(key: str) -> Location:
        return Location(shown, _line_of(text, key))

    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown glossary key {unknown[0]!r}; expected {', '.join(_KEYS)}", where(unknown[0])
        )
    keep = _strings(data["keep"], "keep", where("keep")) if "keep" in data else ()
    forbidden: list[tuple[str, str]] = []
    raw = data.get("forbidden", {})
    if isinstance(raw, dict):
        for term, reason in raw.items():
            if not isinstance(reason, str) or not term.strip():
                raise ConfigError(
                    f"forbidden term {term!r} needs a reason text (or use a list)", where(term)
                )
            forbidden.append((term.strip(), reason.strip()))
    else:
        forbidden.extend((t, "") for t in _strings(raw, "forbidden", where("forbidden")))
    required: list[tuple[str, tuple[str, ...]]] = []
    table = data.get("required", {})
    if not isinstance(table, dict):
        raise ConfigError(
            '[required] must be a table of "English term" = "translation"', where("required")
        )
    for term, renderings in table.items():
        if not term.strip():
            raise ConfigError("a required English term is empty", where("required"))
        accepted = _strings(renderings, f"required term {term!r}", where(term))
        clash = [r for r in accepted for f, _ in forbidden if contains(r, f)]
        if clash:
            raise ConfigError(
                f"required rendering {clash[0]!r} of {term!r} contains a forbidden term",
                where(term),
            )
        required.append((term.strip(), accepted))
    return Glossary(tuple(required), tuple(forbidden), keep, shown)
