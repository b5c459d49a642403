"""YAML front matter of a leaflet source: safe, strict, with the line of every key.

The only module that imports PyYAML. Plain `key: value` front matter (nearly every leaflet)
is composed by libyaml; anything else, and every error, by the pure-Python loader, which
refuses aliases and reports problems at their line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import SourceError
from .model import Location


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without aliases (billion-laughs) and without duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


# A line of the plainest front matter: `key: value`.
_SIMPLE_YAML_LINE = re.compile(
    r"""
    [A-Za-z0-9_][A-Za-z0-9_-]* :
    (?: [ ]+
        (?: "[^"\\]*"                                  # double-quoted, no escapes
          | '[^']*'                                    # single-quoted, no ''
          | [^\s"'#&*!|>%@`\[\]{},?:-]                 # plain: no indicator first,
            [^#\x00-\x1f\x7f-\x9f\ufeff\u2028\u2029]*  # no comment, no control character
        )
    )?
    [ ]*
    """,
    re.VERBOSE,
)


def _compose_simple(text: str) -> tuple[yaml.CSafeLoader, yaml.MappingNode] | None:
    """The plainest front matter composed by libyaml (PyYAML's C parser), ten times faster.

    libyaml's composer cannot refuse aliases, and its parser differs from the pure-Python one
    at the edges (comments, tabs, odd line breaks), so it reads only lines of the shape above
    that compose without error to one flat mapping. Anything else: None, and the strict
    loader reads it and words any error as before.
    """
    if not all(_SIMPLE_YAML_LINE.fullmatch(line) for line in text.split("\n") if line):
        return None
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not isinstance(value_node, yaml.ScalarNode):
            return None
    return loader, node


def load_front_matter(text: str, *, shown: str, first_line: int) -> dict[str, tuple[object, int]]:
    """Front matter as {key: (value, line)}."""
    simple = _compose_simple(text)
    try:
        loader = _StrictLoader(text) if simple is None else simple[0]
    except yaml.reader.ReaderError as exc:  # checked when the loader is made
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = first_line + text.count("\n", 0, exc.position)
        message = f"invalid YAML in front matter: control character U+{code:04X}"
        raise SourceError(message, Location(shown, line)) from None
    try:
        node = loader.get_single_node() if simple is None else simple[1]
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise SourceError(
                "front matter must be a mapping of keys to values",
                Location(shown, first_line + node.start_mark.line),
            )
        out: dict[str, tuple[object, int]] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise SourceError("front matter keys must be strings", Location(shown, line))
            if key in out:
                raise SourceError(
                    f"duplicate key '{key}' in front matter (first on line {out[key][1]})",
                    Location(shown, line),
                )
            try:
                value = loader.construct_object(value_node, deep=True)
            except ValueError as exc:  # e.g. a timestamp such as 2020-13-45
                raise SourceError(
                    f"invalid value for '{key}': {exc}", Location(shown, line)
                ) from None
            out[key] = (value, line)
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(
            f"invalid YAML in front matter: {problem}", Location(shown, line)
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(
            f"invalid YAML in front matter: {exc}", Location(shown, first_line)
        ) from None
    except RecursionError:
        message = "front matter is nested too deeply (keys and plain values only)"
        raise SourceError(message, Location(shown, first_line)) from None
    finally:
        loader.dispose()
