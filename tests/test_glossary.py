"""Glossary files: loading with located errors, and term matching."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import ConfigError, LeafletError
from pipeline.glossary import Glossary, _Text, contains, glossary_file, load_glossary
from pipeline.model import Location

DATA = Path(__file__).resolve().parent / "data" / "glossary"

GOOD = """\
# Spanish glossary
keep = ["HSG", "{clinic_name}"]

[required]
"womb" = ["útero", "úteros"]
"fallopian tube" = "trompa de Falopio"

[forbidden]
"matriz" = "use «útero»"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "es.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_a_good_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, GOOD), shown="glossary/es.toml")
    assert glossary == Glossary(
        required=(("womb", ("útero", "úteros")), ("fallopian tube", ("trompa de Falopio",))),
        forbidden=(("matriz", "use «útero»"),),
        keep=("HSG", "{clinic_name}"),
        path="glossary/es.toml",
    )


def test_forbidden_may_be_a_plain_list(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, 'forbidden = ["matriz"]\n'), shown="g.toml")
    assert glossary.forbidden == (("matriz", ""),)
    assert glossary.findings("x", "la matriz") == ["glossary: 'matriz' must not be used"]


def test_the_example_data_file_loads() -> None:
    glossary = load_glossary(DATA / "es.toml", shown="glossary/es.toml")
    assert glossary.required and glossary.forbidden and glossary.keep


def test_glossary_file_name() -> None:
    assert glossary_file(Path("glossary"), "zh_Hans") == Path("glossary/zh_Hans.toml")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('keep = ["HSG"\n\n[required]\n', 3, "invalid glossary TOML"),
        ('[required]\n"womb" = útero\n', 2, "invalid glossary TOML"),
        ('[required]\n"womb" = "a"\n"womb" = "b"\n', 3, "invalid glossary TOML"),
        ('keep = ["HSG"]\nrequire = {}\n', 2, "unknown glossary key 'require'"),
        ('keep = "HSG"\n\n[required]\n"womb" = 3\n', 4, "required term 'womb'"),
        ('keep = "HSG"\n[required]\n"womb" = []\n', 3, "non-empty list"),
        ('keep = [""]\n', 1, "non-empty texts"),
        ("required = 5\n", 1, "[required] must be a table"),
        ('[forbidden]\n"matriz" = 1\n', 2, "needs a reason"),
        ('forbidden = ["matriz"]\n[required]\n"womb" = "matriz"\n', 3, "forbidden term"),
    ],
)
def test_bad_glossary_errors_carry_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_glossary(write(tmp_path, text), shown="glossary/es.toml")
    assert isinstance(caught.value, LeafletError)
    assert caught.value.location == Location("glossary/es.toml", line)
    assert problem in caught.value.message
    assert str(caught.value).startswith(f"glossary/es.toml:{line}: error: ")
    assert "(at line" not in caught.value.message


def test_unreadable_glossary(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read glossary"):
        load_glossary(tmp_path / "missing.toml", shown="glossary/xx.toml")
    path = tmp_path / "bad.toml"
    path.write_bytes(b'keep = ["\xff"]\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_glossary(path, shown="glossary/xx.toml")


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("Your womb is checked.", "womb", True),
        ("Your WOMB is checked.", "womb", True),
        ("A wombat.", "womb", False),
        ("The fallopian  tube is open.", "fallopian tube", True),
        ("Trompa de Falopio", "trompa de falopio", True),
        ("El útero.", "útero", True),
        ("El u\u0301tero.", "útero", True),  # decomposed accent
        ("检查子宫和输卵管", "子宫", True),
        ("检查输卵管", "子宫", False),
        ("卵管の検査", "卵管", True),
        ("Call {clinic_name}.", "{clinic_name}", True),
    ],
)
def test_contains(text: str, term: str, found: bool) -> None:
    assert contains(text, term) is found


def test_keep_terms_match_exactly() -> None:
    assert contains("La HSG", "HSG", exact=True)
    assert not contains("La hsg", "HSG", exact=True)


GLOSSARY = Glossary(
    required=(("womb", ("útero", "úteros")),),
    forbidden=(("matriz", ""),),
    keep=("HSG",),
)


@pytest.mark.parametrize(
    ("english", "translation", "expected"),
    [
        ("Your womb.", "Su útero.", []),
        ("Your wombs.", "Sus úteros.", []),  # "womb" is not in "wombs": no requirement
        ("Your womb.", "Sus úteros.", []),  # any accepted rendering
        (
            "Your womb.",
            "Su vientre.",
            ["glossary: 'womb' must be translated as 'útero' or 'úteros'"],
        ),
        ("Your hand.", "Su matriz.", ["glossary: 'matriz' must not be used"]),
        ("Your hand.", "Su MATRIZ.", ["glossary: 'matriz' must not be used"]),
        ("The HSG test.", "La prueba HSG.", []),
        ("The HSG test.", "La prueba.", ["glossary: keep 'HSG' exactly as in the English"]),
        ("The HSG test.", "La prueba hsg.", ["glossary: keep 'HSG' exactly as in the English"]),
        ("The hsg test.", "La prueba.", []),  # keep terms are case-sensitive in English too
    ],
)
def test_findings(english: str, translation: str, expected: list[str]) -> None:
    assert GLOSSARY.findings(english, translation) == expected


def _slow_contains(text: str, term: str, exact: bool) -> bool:
    """The matching rule of the module docstring, written the obvious way."""
    text, term = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", term)
    if not exact:
        text, term = text.casefold(), term.casefold()
    scripts = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
    scripts += ("IDEOGRAPHIC",)
    if any(unicodedata.name(c, "").startswith(scripts) for c in term if not c.isascii()):
        return re.sub(r"\s+", "", term) in re.sub(r"\s+", "", text)
    words = r"\s+".join(re.escape(part) for part in term.split())
    return re.search(rf"(?<!\w){words}(?!\w)", text) is not None


_PIECES = (
    *("womb", "Womb", "WOMB", "wombat", "s", " ", "  ", "\u00a0", "\t", "\n", ".", "(", "*"),
    *("u\u0301tero", "útero", "ÚTERO", "ß", "SS", "ss", "İ", "i\u0307", "ﬁ", "fi", "Σ", "ς"),
    *("子宫", "子 宫", "卵管", "ภาษา", "{clinic_name}", "a+b", "[x]", "1.5", "_"),
)


def test_contains_follows_the_rule_on_random_text() -> None:
    """One normalised text answers for many terms as the rule says (also in any order)."""
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))
        shared = _Text(text)
        for _ in range(4):
            term = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 3)))
            exact = rng.random() < 0.3
            expected = _slow_contains(text, term, exact)
            assert contains(text, term, exact=exact) is expected, (text, term, exact)
            assert shared.contains(term, exact=exact) is expected, (text, term, exact)


@pytest.mark.parametrize("first_exact", [False, True])
def test_one_text_answers_exact_and_any_case_terms_of_scripts_without_spaces(
    first_exact: bool,
) -> None:
    text = _Text("检查 WOMB 子宫")
    answers = {False: True, True: False}  # "womb子宫" in any case, but not exactly
    for exact in (first_exact, not first_exact):
        assert text.contains("womb子宫", exact=exact) is answers[exact]
