"""Plural-Forms: our parser agrees with C (via Python's gettext as an oracle), refuses what is
malformed or too large, and the `header` check reports rules that differ from CLDR's."""

from __future__ import annotations

import gettext
import string

import pytest
from babel import localedata
from babel.messages.plurals import get_plural
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalog_checks import check_catalog_header
from pipeline.locales import locale_info
from pipeline.model import Catalog, LocaleInfo, PoEntry, Severity
from pipeline.plural_forms import (
    MAX_DEPTH,
    MAX_NPLURALS,
    MAX_TEXT,
    SAMPLES,
    PluralFormsError,
    PluralRule,
    difference,
    evaluate,
    parse_expression,
    parse_plural_forms,
)


def _cldr_rules() -> list[tuple[int, str]]:
    rules = set()
    for identifier in localedata.locale_identifiers():
        plural = get_plural(identifier)
        rules.add((plural.num_plurals, plural.plural_expr))
    return sorted(rules)


CLDR = _cldr_rules()


@pytest.mark.parametrize(("nplurals", "expression"), CLDR)
def test_every_cldr_rule_parses_and_agrees_with_python_gettext(
    nplurals: int, expression: str
) -> None:
    rule = parse_plural_forms(f"nplurals={nplurals}; plural={expression};")
    oracle = gettext.c2py(expression)
    assert rule.nplurals == nplurals
    assert [rule.form(n) for n in range(1001)] == [oracle(n) for n in range(1001)]
    assert rule.forms() == tuple(rule.form(n) for n in SAMPLES)
    assert (
        difference(
            f"nplurals={nplurals}; plural={expression};",
            f"nplurals={nplurals}; plural={expression}",
        )
        is None
    )


def test_there_are_several_cldr_rules() -> None:
    assert len(CLDR) >= 10  # the parametrized test above really covers a range of rules


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("1+2*3==7", {0: 1}),
        ("(1+2)*3", {0: 9}),
        ("n/3", {0: 0, 2: 0, 3: 1, 8: 2}),  # C division truncates
        ("n%3", {7: 1}),
        ("!n", {0: 1, 5: 0}),
        ("!!n", {0: 0, 5: 1}),
        ("n==1||n==2&&0", {1: 1, 2: 0}),  # && binds tighter than ||
        ("n<2==1", {1: 1, 3: 0}),  # relational binds tighter than equality
        ("n==1?0:n==2?1:2", {1: 0, 2: 1, 3: 2}),  # ?: is right-associative
        ("n?n-1?2:1:0", {0: 0, 1: 1, 5: 2}),  # nested in the middle
        ("n-1>5", {0: 1, 1: 0, 7: 1}),  # unsigned: 0-1 wraps around to a huge value
        ("0-1", {0: 2**64 - 1}),
        ("n*n*n*n*n", {2**13: 0}),  # 2**65 wraps to 0 in 64 bits
        ("10-3-2", {0: 5}),  # left-associative
        ("100/10/5", {0: 2}),
        ("\tn  !=\n1 ", {1: 0, 2: 1}),  # any whitespace between tokens
        ("0||n", {0: 0, 3: 1}),
        ("2&&3", {0: 1}),  # logic gives 0 or 1
    ],
)
def test_c_semantics(expression: str, values: dict[int, int]) -> None:
    tree = parse_expression(expression)
    assert {n: evaluate(tree, n) for n in values} == values


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "expected 'nplurals=N; plural=EXPRESSION;'"),
        ("plural=n!=1; nplurals=2;", "expected 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=2 plural=n!=1;", "expected 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=two; plural=n!=1;", "nplurals must be a whole number, not 'two'"),
        ("nplurals=0; plural=0;", f"nplurals must be between 1 and {MAX_NPLURALS}, not 0"),
        ("nplurals=11; plural=0;", f"nplurals must be between 1 and {MAX_NPLURALS}, not 11"),
        ("nplurals=99999999999999999999; plural=0;", "nplurals must be between 1 and"),
        ("nplurals=2; plural=;", "the plural expression is empty"),
        ("nplurals=2; plural=n!=;", "ends too early"),
        ("nplurals=2; plural=(n!=1;", "ends too early: expected ')'"),
        ("nplurals=2; plural=n!=1);", "unexpected ')' after the plural expression"),
        ("nplurals=2; plural=n ? 1;", "ends too early: expected ':'"),
        ("nplurals=2; plural=n ? 1 , 0;", "unexpected character ','"),
        ("nplurals=2; plural=n = 1;", "unexpected character '='"),
        ("nplurals=2; plural=n1;", "unexpected character 'n'"),
        ("nplurals=2; plural=x;", "unexpected character 'x'"),
        ("nplurals=2; plural=-n;", "unexpected '-' in the plural expression"),
        ("nplurals=2; plural=__import__('os').system('x');", "unexpected character '_'"),
        ("nplurals=2; plural=n!=1;;", "unexpected character ';'"),
        ("nplurals=2; plural=n != ١;", "unexpected character '١'"),
        ("nplurals=2; plural=n > 99999999999;", "too large"),
        ("nplurals=2; plural=n/0;", "division by zero for n = 0"),
        ("nplurals=3; plural=(n%(5-n))%3;", "division by zero for n = 5"),
        ("nplurals=2; plural=n/(n/100-7);", "division by zero for n = 700"),
        ("nplurals=2; plural=n;", "for n = 2 the rule gives form 2, but nplurals=2 allows"),
        ("nplurals=1; plural=n==1000000;", "for n = 1000000 the rule gives form 1"),
    ],
)
def test_malformed_rules_are_refused_with_a_message(value: str, message: str) -> None:
    with pytest.raises(PluralFormsError) as caught:
        parse_plural_forms(value)
    assert message in caught.value.message


def test_trailing_semicolon_and_spaces_are_optional() -> None:
    for value in ("nplurals=2;plural=n!=1", " nplurals = 2 ; plural = ( n != 1 ) ; "):
        assert parse_plural_forms(value).nplurals == 2


def test_length_limit() -> None:
    long = "nplurals=2; plural=" + "(" + "n!=1" + " " * MAX_TEXT + ");"
    with pytest.raises(PluralFormsError, match=f"longer than {MAX_TEXT}"):
        parse_plural_forms(long)
    with pytest.raises(PluralFormsError, match=f"longer than {MAX_TEXT}"):
        parse_expression("n" + " " * MAX_TEXT)


@pytest.mark.parametrize(
    "expression",
    [
        "(" * (MAX_DEPTH + 1) + "n" + ")" * (MAX_DEPTH + 1),
        "!" * (MAX_DEPTH + 1) + "n",
        "+".join(["n"] * (MAX_DEPTH + 1)),
        "n?" * (MAX_DEPTH + 1) + "1" + ":0" * (MAX_DEPTH + 1),
        "(" * 100_000,  # would overflow the Python stack without a limit
    ],
    ids=["parentheses", "not", "chain", "ternary", "huge"],
)
def test_depth_limit(expression: str) -> None:
    with pytest.raises(PluralFormsError) as caught:
        parse_expression(expression[:MAX_TEXT])
    assert f"nested more than {MAX_DEPTH} deep" in caught.value.message


def test_depth_just_under_the_limit_is_fine() -> None:
    depth = MAX_DEPTH // 2 - 1  # each level of parentheses costs two (ternary and unary)
    tree = parse_expression("(" * depth + "n" + ")" * depth)
    assert evaluate(tree, 3) == 3
    assert evaluate(parse_expression("+".join(["1"] * (MAX_DEPTH - 1))), 0) == MAX_DEPTH - 1


@pytest.mark.parametrize(
    ("actual", "expected", "found"),
    [
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n != 1);", None),
        ("nplurals=2; plural=n>1||n<1;", "nplurals=2; plural=(n != 1);", None),
        ("nplurals=2; plural=n==1?0:1;", "nplurals=2; plural=(n != 1);", None),
        (
            "nplurals=2; plural=(n > 1);",
            "nplurals=2; plural=(n != 1);",
            "for n = 0 it chooses form 0, not 1",
        ),
        ("nplurals=3; plural=(n != 1);", "nplurals=2; plural=(n != 1);", "nplurals is 3, not 2"),
        (
            "nplurals=2; plural=n==1000000 ? 0 : n != 1;",
            "nplurals=2; plural=(n != 1);",
            "for n = 1000000 it chooses form 0, not 1",
        ),
        (
            "nplurals=2; plural=n>4294967295 ? 0 : n != 1;",
            "nplurals=2; plural=(n != 1);",
            "for n = 4294967296 it chooses form 0, not 1",
        ),
    ],
)
def test_difference(actual: str, expected: str, found: str | None) -> None:
    assert difference(actual, expected) == found


def test_samples_cover_small_and_large_n() -> None:
    assert set(range(1001)) <= set(SAMPLES)
    assert max(SAMPLES) >= 2**63 and 1_000_000 in SAMPLES


# --- The header check --------------------------------------------------------------------

ES = locale_info("es")
PL = locale_info("pl")


def header(plural: str, language: str = "es") -> Catalog:
    text = (
        f"Language: {language}\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: {plural}\n"
    )
    return Catalog(entries=(PoEntry(msgid="", msgstr=text, line=3),), path="es.po")


@pytest.mark.parametrize(
    ("plural", "info", "problem"),
    [
        ("nplurals=2; plural=(n != 1);", ES, None),
        ("nplurals=2; plural=n!=1", ES, None),
        ("nplurals=2; plural=n==1 ? 0 : 1;", ES, None),  # same rule, written differently
        ("nplurals=2; plural=n>1;", ES, "(for n = 0 it chooses form 0, not 1)"),
        ("nplurals=2; plural=n/0;", ES, "not a valid rule: division by zero for n = 0"),
        ("nplurals=2; plural=n%3;", ES, "not a valid rule: for n = 2 the rule gives form 2"),
        ("nplurals=2; plural=n +* 1;", ES, "not a valid rule: unexpected '*'"),
        ("nplurals=2; plural=exec(1);", ES, "not a valid rule: unexpected character 'e'"),
        ("nplurals=2; plural=" + "(" * 500 + "n" + ")" * 500 + ";", ES, "nested more than"),
        ("nplurals=2; plural=(n != 1);", PL, "nplurals is 2, not 3"),
        (
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && n%100<10 ? 1 : 2);",
            PL,
            "for n = 22 it chooses form 2, not 1",
        ),
    ],
)
def test_header_check_compares_rules_by_meaning(
    plural: str, info: LocaleInfo, problem: str | None
) -> None:
    found = check_catalog_header(
        header(plural, info.code), locale=info, po_path="es.po", domain="blood"
    )
    if problem is None:
        assert found == []
        return
    assert len(found) == 1, found
    assert found[0].code == "header" and found[0].severity is Severity.ERROR
    assert found[0].location.line == 3
    assert f"CLDR's rule for {info.english_name} is {info.plural_forms!r}" in found[0].message
    assert problem in found[0].message


# --- Properties ----------------------------------------------------------------------------


def _c_expressions() -> st.SearchStrategy[tuple[str, str]]:
    """Random C expressions without '-' (Python's ints do not wrap like C's unsigned long),
    each paired with the same expression written for the oracle: c2py turns `||` into Python's
    `or`, which gives an operand rather than 0 or 1, and `!` into `not`, which binds more
    loosely than C's `!`; so the oracle gets `(a != 0) || (b != 0)` and `(x == 0)`."""
    leaves = st.one_of(st.just("n"), st.integers(0, 120).map(str)).map(lambda e: (e, e))
    operators = ["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "*", "/", "%"]

    def binary(t: tuple[tuple[str, str], str, tuple[str, str]]) -> tuple[str, str]:
        (a, a2), op, (b, b2) = t
        if op in ("||", "&&"):
            a2, b2 = f"({a2} != 0)", f"({b2} != 0)"
        return f"({a} {op} {b})", f"({a2} {op} {b2})"

    def extend(inner: st.SearchStrategy[tuple[str, str]]) -> st.SearchStrategy[tuple[str, str]]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(operators), inner).map(binary),
            st.tuples(inner, inner, inner).map(
                lambda t: (
                    f"({t[0][0]} ? {t[1][0]} : {t[2][0]})",
                    f"({t[0][1]} ? {t[1][1]} : {t[2][1]})",
                )
            ),
            inner.map(lambda e: (f"!{e[0]}", f"({e[1]} == 0)")),
        )

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_c_expressions(), st.lists(st.integers(0, 10_000), min_size=1, max_size=5))
def test_random_expressions_agree_with_python_gettext(
    expressions: tuple[str, str], ns: list[int]
) -> None:
    expression, for_python = expressions
    oracle = gettext.c2py(for_python)
    tree = parse_expression(expression)
    for n in ns:
        try:
            expected: int | None = oracle(n)
        except ZeroDivisionError:
            expected = None
        if expected is None:
            with pytest.raises(PluralFormsError, match="division by zero"):
                evaluate(tree, n)
        else:
            assert evaluate(tree, n) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "١é\x00", max_size=200))
def test_any_text_parses_or_raises_our_error(text: str) -> None:
    for value in (text, f"nplurals=2; plural={text};"):
        try:
            parse_plural_forms(value)
        except PluralFormsError as error:
            assert error.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _c_expressions(),
    st.sampled_from(["", "-", "0-"]),
    st.integers(1, MAX_NPLURALS),
    st.booleans(),
)
def test_forms_over_the_samples_agree_with_form_for_each_n(
    expressions: tuple[str, str], minus: str, nplurals: int, wrapped: bool
) -> None:
    """`forms()` (compiled once per rule) gives what `form(n)` (the tree walk) gives for each
    n, and fails with the same message at the same n."""
    expression = f"{minus}({expressions[0]})" if minus != "-" else f"n-({expressions[0]})"
    if wrapped:  # mostly in range, so that more than the first n is compared
        expression = f"({expression}) % {nplurals}"
    rule = PluralRule(nplurals, expression, parse_expression(expression))
    try:
        expected = tuple(rule.form(n) for n in SAMPLES)
    except PluralFormsError as error:
        with pytest.raises(PluralFormsError) as caught:
            rule.forms()
        assert caught.value.message == error.message
    else:
        assert rule.forms() == expected
