"""Errors the user can cause. Each carries a location and prints as `path:line: error: message`."""

from __future__ import annotations

from .model import Location


class LeafletError(Exception):
    """Base of every user-facing error; the CLI prints it and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __reduce__(self) -> tuple[type[LeafletError], tuple[str, Location | None]]:
        # Errors raised in build workers cross a process boundary with their location.
        return (type(self), (self.message, self.location))

    def __str__(self) -> str:
        if self.location is None:
            return f"error: {self.message}"
        return f"{self.location}: error: {self.message}"


class ConfigError(LeafletError):
    """Bad `[tool.leaflet]` configuration or command-line option value."""


class SourceError(LeafletError):
    """An English leaflet that cannot be read."""


class CatalogError(LeafletError):
    """A PO or POT file that is malformed or inconsistent with its template."""


class LocaleError(LeafletError):
    """An unknown or unsafe locale code."""


class OutputError(LeafletError):
    """Writing files failed (permissions, disk full, a concurrent build)."""


class ErrorList(LeafletError):
    """Several independent errors found in one pass, reported together."""

    def __init__(self, errors: list[LeafletError]) -> None:
        super().__init__(
            "; ".join(e.message for e in errors), errors[0].location if errors else None
        )
        self.errors = tuple(errors)

    def __reduce__(self) -> tuple[type[ErrorList], tuple[list[LeafletError]]]:  # type: ignore[override]
        return (type(self), (list(self.errors),))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
