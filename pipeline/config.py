"""The content project's settings: `[tool.leaflet]` in its pyproject.toml, with defaults."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import ConfigError
from .model import Location, Severity, Variables

_KEYS = {
    "source_dir",
    "locales_dir",
    "build_dir",
    "variables",
    "checks",
    "glossary_dir",
    "paper",
}
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
PAPER_SIZES = ("A4", "Letter")


@dataclass(frozen=True, slots=True)
class Config:
    project_dir: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary_dir: str = "glossary"
    paper: str = "A4"
    variables: Variables = field(default_factory=Variables)
    # Per-check severity overrides from `[tool.leaflet.checks]`; "off" disables a check.
    check_severities: tuple[tuple[str, Severity | None], ...] = ()

    def __post_init__(self) -> None:
        # Stored resolved: a containment check then resolves only the path it checks.
        object.__setattr__(self, "project_dir", self.project_dir.resolve())

    @property
    def source_path(self) -> Path:
        return self.project_dir / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.project_dir / self.locales_dir

    @property
    def build_path(self) -> Path:
        return self.project_dir / self.build_dir

    @property
    def glossary_path(self) -> Path:
        return self.project_dir / self.glossary_dir

    def shown(self, path: Path) -> str:
        """A path as printed in messages: relative to the project when inside it."""
        text, root = str(path), str(self.project_dir)
        if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep and root != os.sep:
            # The usual case, a path made from `project_dir`: no Path objects to build.
            return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return path.relative_to(self.project_dir).as_posix()
        except ValueError:
            return str(path)

    def with_variables(self, overrides: dict[str, str]) -> Config:
        merged = dict(self.variables.values)
        merged.update(overrides)
        return replace(self, variables=Variables(tuple(sorted(merged.items()))))


def _line_of(text: str, pattern: str) -> int | None:
    regex = re.compile(pattern, re.MULTILINE)
    match = regex.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1


def _relative_dir(value: object, *, key: str, where: Location) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"'{key}' must be a non-empty string", where)
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or value.startswith("-"):
        raise ConfigError(
            f"'{key}' must be a folder inside the project, without '..': {value!r}", where
        )
    return pure.as_posix()


def load_config(project_dir: Path) -> Config:
    """Read `[tool.leaflet]` from `project_dir/pyproject.toml`; every key has a default."""
    project_dir = project_dir.resolve()
    if not project_dir.is_dir():
        raise ConfigError(f"project folder does not exist: {project_dir}")
    pyproject = project_dir / "pyproject.toml"
    if not pyproject.exists():
        return Config(project_dir=project_dir)
    shown = "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8: {exc.reason}", Location(shown)) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", Location(shown, line)) from None
    table = data.get("tool", {}).get("leaflet", {})
    table_line = _line_of(text, r"^\s*\[tool\.leaflet\]")
    if not isinstance(table, dict):
        raise ConfigError("[tool.leaflet] must be a table", Location(shown, table_line))

    def where(key: str) -> Location:
        return Location(shown, _line_of(text, rf"^\s*{re.escape(key)}\s*=") or table_line)

    for key in table:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(
                f"unknown key '{key}' in [tool.leaflet] (known keys: {known})", where(key)
            )
    dirs = {
        key: _relative_dir(table[key], key=key, where=where(key))
        for key in ("source_dir", "locales_dir", "build_dir", "glossary_dir")
        if key in table
    }
    _check_build_dir(dirs, where)
    paper = table.get("paper", "A4")
    if paper not in PAPER_SIZES:
        raise ConfigError(f"'paper' must be one of {', '.join(PAPER_SIZES)}", where("paper"))
    variables = parse_variables(table.get("variables", {}), where=where)
    severities = _parse_severities(table.get("checks", {}), where=where)
    return Config(
        project_dir=project_dir,
        paper=paper,
        variables=variables,
        check_severities=severities,
        **dirs,
    )


def _check_build_dir(dirs: dict[str, str], where: Any) -> None:
    """A build replaces its whole folder, so it must not be, or contain, an input folder."""
    build = PurePosixPath(dirs.get("build_dir", "build"))
    if build == PurePosixPath("."):
        raise ConfigError("'build_dir' must be a folder of its own", where("build_dir"))
    defaults = {"source_dir": "source", "locales_dir": "locales", "glossary_dir": "glossary"}
    for key, default in defaults.items():
        other = PurePosixPath(dirs.get(key, default))
        if other == build or build in other.parents:
            raise ConfigError(
                f"'build_dir' ({build.as_posix()!r}) must not be or contain '{key}' "
                f"({other.as_posix()!r}): each build replaces its whole folder",
                where("build_dir"),
            )


def parse_variables(raw: object, *, where: Any) -> Variables:
    if not isinstance(raw, dict):
        raise ConfigError("[tool.leaflet.variables] must be a table", where("variables"))
    values: list[tuple[str, str]] = []
    for name, value in raw.items():
        if not _VARIABLE_NAME.match(name):
            raise ConfigError(f"invalid variable name '{name}'", where(name))
        if not isinstance(value, str | int):
            raise ConfigError(f"variable '{name}' must be a string", where(name))
        values.append((name, str(value)))
    return Variables(tuple(sorted(values)))


def parse_assignment(text: str) -> tuple[str, str]:
    """`--set name=value` → (name, value)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not _VARIABLE_NAME.match(name):
        raise ConfigError(f"--set expects name=value, got {text!r}")
    return name, value


def _parse_severities(raw: object, *, where: Any) -> tuple[tuple[str, Severity | None], ...]:
    if not isinstance(raw, dict):
        raise ConfigError("[tool.leaflet.checks] must be a table", where("checks"))
    out: list[tuple[str, Severity | None]] = []
    for code, value in raw.items():
        if value == "off":
            out.append((code, None))
            continue
        try:
            out.append((code, Severity(value)))
        except ValueError:
            raise ConfigError(
                f"check '{code}': severity must be error, warning, info or off, not {value!r}",
                where(code),
            ) from None
    return tuple(sorted(out, key=lambda item: item[0]))
