"""The `Plural-Forms` header: our own small parser and evaluator, never `eval`.

A value reads `nplurals=N; plural=EXPR;` (the final `;` may be left out). EXPR is the subset of C
that GNU gettext accepts: `?:`, `||`, `&&`, `==`, `!=`, `<`, `>`, `<=`, `>=`, `+`, `-`, `*`, `/`,
`%`, unary `!`, parentheses, the variable `n` and decimal integer literals. A tokenizer and a
recursive-descent parser (one function per precedence level) build a small tree of tuples, and
`evaluate` walks it.

Arithmetic follows GNU gettext's C code: every value is an `unsigned long` (64 bits here), so
`-` wraps around modulo 2**64, `/` and `%` truncate, comparisons and logic give 0 or 1.

Limits, so that a hostile header cannot make us slow or crash (CLDR's longest rule is under
400 characters, nested 4 deep, with 6 forms):

- `MAX_TEXT`: the whole header value is at most 2,000 characters;
- `MAX_DEPTH`: the expression tree is at most 64 levels deep (parentheses, `!`, and chains of
  operators all count), so neither parsing nor evaluation can exhaust the Python stack;
- `MAX_NPLURALS`: 1 ≤ nplurals ≤ 10;
- `MAX_LITERAL`: integer literals are below 2**32.

Any problem raises `PluralFormsError` with a message a translator can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MAX_TEXT = 2000
MAX_DEPTH = 64
MAX_NPLURALS = 10
MAX_LITERAL = 2**32 - 1
_MASK = 2**64 - 1

# The n tried when checking and comparing rules: every n up to 1000 (all of CLDR's rules
# repeat with period 100 or 1000 above that), plus large values and the 32/64-bit edges.
SAMPLES: tuple[int, ...] = (
    *range(1001),
    *(10_000, 10_001, 100_000, 100_001, 1_000_000, 1_000_001, 1_000_002, 1_000_011),
    *(10_000_000, 123_456_789, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**63, _MASK),
)


class PluralFormsError(ValueError):
    """A Plural-Forms value that is malformed, too large, or wrong for some n."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# A tree node: ("n",), ("num", value), ("!", operand), (op, left, right), ("?", c, a, b).
Node = tuple[object, ...]

_TOKEN = re.compile(r"\s*(?:([0-9]+)|(n)(?![A-Za-z0-9_])|(\|\||&&|==|!=|<=|>=|[<>+\-*/%!?:()]))")
_HEADER = re.compile(r"\s*nplurals\s*=\s*(\S*?)\s*;\s*plural\s*=(.*)\Z", re.DOTALL)
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            bad = text[position:].strip()[:1]
            raise PluralFormsError(f"unexpected character {bad!r} in the plural expression")
        number, variable, operator = match.groups()
        if number is not None:
            if len(number) > 10 or int(number) > MAX_LITERAL:
                raise PluralFormsError(f"number {number[:20]} is too large (limit {MAX_LITERAL})")
            out.append(number)
        else:
            out.append(variable or operator)
        position = match.end()
    return out


class _Parser:
    """Recursive descent over a token list; `depth` counts open levels against MAX_DEPTH."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0
        self.depths: dict[int, int] = {}  # id(node) -> height, for the nodes of this tree

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            what = f"{expected!r}" if expected else "more"
            raise PluralFormsError(f"the plural expression ends too early: expected {what}")
        if expected is not None and token != expected:
            raise PluralFormsError(
                f"expected {expected!r} in the plural expression, found {token!r}"
            )
        self.position += 1
        return token

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise PluralFormsError(f"the plural expression is nested more than {MAX_DEPTH} deep")

    def node(self, node: Node) -> Node:
        """A new inner node; refuses a tree deeper than MAX_DEPTH (long operator chains)."""
        depth = 1 + max(self.depths.get(id(c), 1) for c in node[1:] if isinstance(c, tuple))
        if depth > MAX_DEPTH:
            raise PluralFormsError(f"the plural expression is nested more than {MAX_DEPTH} deep")
        self.depths[id(node)] = depth
        return node

    def expression(self) -> Node:
        """ternary := or ( '?' ternary ':' ternary )?"""
        self.enter()
        condition = self.binary(0)
        if self.peek() == "?":
            self.take()
            then = self.expression()
            self.take(":")
            otherwise = self.expression()
            condition = self.node(("?", condition, then, otherwise))
        self.depth -= 1
        return condition

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            operator = self.take()
            left = self.node((operator, left, self.binary(level + 1)))
        return left

    def unary(self) -> Node:
        token = self.take()
        if token == "!":
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return self.node(("!", operand))
        if token == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if token == "n":
            return ("n",)
        if token.isdigit():
            return ("num", int(token))
        raise PluralFormsError(f"unexpected {token!r} in the plural expression")


def parse_expression(text: str) -> Node:
    """The tree of one plural expression (without `plural=` and the final `;`)."""
    if len(text) > MAX_TEXT:
        raise PluralFormsError(f"the plural expression is longer than {MAX_TEXT} characters")
    tokens = _tokens(text)
    if not tokens:
        raise PluralFormsError("the plural expression is empty")
    parser = _Parser(tokens)
    tree = parser.expression()
    if parser.peek() is not None:
        raise PluralFormsError(f"unexpected {parser.peek()!r} after the plural expression")
    return tree


def evaluate(tree: Node, n: int) -> int:
    """The value of the expression for `n`, with C `unsigned long` arithmetic."""
    kind = tree[0]
    if kind == "n":
        return n & _MASK
    if kind == "num":
        value = tree[1]
        assert isinstance(value, int)
        return value
    if kind == "!":
        return int(not evaluate(_child(tree, 1), n))
    if kind == "?":
        branch = 2 if evaluate(_child(tree, 1), n) else 3
        return evaluate(_child(tree, branch), n)
    left = evaluate(_child(tree, 1), n)
    if kind == "||":
        return 1 if left else int(bool(evaluate(_child(tree, 2), n)))
    if kind == "&&":
        return int(bool(evaluate(_child(tree, 2), n))) if left else 0
    right = evaluate(_child(tree, 2), n)
    if kind in ("/", "%"):
        if right == 0:
            raise PluralFormsError(f"division by zero for n = {n}")
        return left // right if kind == "/" else left % right
    return _ARITHMETIC[str(kind)](left, right)


_ARITHMETIC: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: (a + b) & _MASK,
    "-": lambda a, b: (a - b) & _MASK,
    "*": lambda a, b: (a * b) & _MASK,
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
}


def _child(tree: Node, index: int) -> Node:
    child = tree[index]
    assert isinstance(child, tuple)
    return child


Evaluator = Callable[[int], int]


def _compile(tree: Node) -> Evaluator:
    """`evaluate` as nested closures: the tree is read once, then run for each of many n."""
    kind = tree[0]
    if kind == "n":
        return lambda n: n & _MASK
    if kind == "num":
        value = tree[1]
        assert isinstance(value, int)
        return lambda n: value
    if kind == "!":
        operand = _compile(_child(tree, 1))
        return lambda n: int(not operand(n))
    if kind == "?":
        condition, then, otherwise = (_compile(_child(tree, i)) for i in (1, 2, 3))
        return lambda n: then(n) if condition(n) else otherwise(n)
    left, right = _compile(_child(tree, 1)), _compile(_child(tree, 2))
    if kind == "||":
        return lambda n: 1 if left(n) else int(bool(right(n)))
    if kind == "&&":
        return lambda n: int(bool(right(n))) if left(n) else 0
    if kind in ("/", "%"):
        return _division(left, right, modulo=kind == "%")
    operation = _ARITHMETIC[str(kind)]
    return lambda n: operation(left(n), right(n))


def _division(left: Evaluator, right: Evaluator, *, modulo: bool) -> Evaluator:
    def divide(n: int) -> int:
        dividend, divisor = left(n), right(n)
        if divisor == 0:
            raise PluralFormsError(f"division by zero for n = {n}")
        return dividend % divisor if modulo else dividend // divisor

    return divide


@dataclass(frozen=True, slots=True)
class PluralRule:
    """A parsed Plural-Forms value."""

    nplurals: int
    expression: str
    tree: Node

    def form(self, n: int) -> int:
        """The index of the form used for `n`; raises when the rule is wrong for this n."""
        return _checked_form(self.nplurals, n, evaluate(self.tree, n))

    def forms(self) -> tuple[int, ...]:
        """`form(n)` for every n in SAMPLES; raises at the first n the rule fails for."""
        return _sample_forms(self.nplurals, self.tree)


def _checked_form(nplurals: int, n: int, value: int) -> int:
    if value >= nplurals:
        raise PluralFormsError(
            f"for n = {n} the rule gives form {value}, but nplurals={nplurals} "
            f"allows only 0 to {nplurals - 1}"
        )
    return value


# Parsing validates a rule over SAMPLES and comparing two rules needs the same forms again: a
# project has a handful of distinct rules, so each is run over SAMPLES once.
@lru_cache(maxsize=256)
def _sample_forms(nplurals: int, tree: Node) -> tuple[int, ...]:
    evaluator = _compile(tree)
    return tuple(_checked_form(nplurals, n, evaluator(n)) for n in SAMPLES)


def parse_plural_forms(value: str) -> PluralRule:
    """Parse and validate a whole header value: syntax, limits, and every sample n."""
    if len(value) > MAX_TEXT:
        raise PluralFormsError(f"Plural-Forms is longer than {MAX_TEXT} characters")
    match = _HEADER.match(value)
    if match is None:
        raise PluralFormsError("expected 'nplurals=N; plural=EXPRESSION;'")
    count, expression = match.groups()
    if not count.isascii() or not count.isdigit():
        raise PluralFormsError(f"nplurals must be a whole number, not {count[:20]!r}")
    nplurals = int(count[:4])
    if not 1 <= nplurals <= MAX_NPLURALS or len(count) > 4:
        raise PluralFormsError(f"nplurals must be between 1 and {MAX_NPLURALS}, not {count[:20]}")
    expression = expression.strip()
    if expression.endswith(";"):
        expression = expression[:-1]
    rule = PluralRule(nplurals, expression.strip(), parse_expression(expression))
    rule.forms()
    return rule


@lru_cache(maxsize=256)
def difference(actual: str, expected: str) -> str | None:
    """Why `actual` is not the same rule as `expected` (a known-good rule), or None.

    Two rules are the same when they have the same nplurals and choose the same form for every
    n in SAMPLES. Raises PluralFormsError when `actual` itself is malformed or fails for some n.
    """
    ours = parse_plural_forms(actual)
    reference = parse_plural_forms(expected)
    if ours.nplurals != reference.nplurals:
        return f"nplurals is {ours.nplurals}, not {reference.nplurals}"
    for n, got, wanted in zip(SAMPLES, ours.forms(), reference.forms(), strict=True):
        if got != wanted:
            return f"for n = {n} it chooses form {got}, not {wanted}"
    return None
