"""What a build was made from: input digests, per-page keys and results, kept beside the output.

The manifest lives inside the build folder (`.leaflet-manifest.json`), so it is swapped in with
the pages it describes. It holds content digests only (no times, no absolute paths): the same
inputs give the same manifest, and a build with nothing changed can answer from it without
parsing a single source or catalog.

Each unit's findings (completeness and diagnostics, four fifths of the bytes) are kept in a
second file, `.leaflet-findings.json`, whose digest the manifest records: a build with nothing
changed reads only the small manifest; one that reuses some units reads both.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

MANIFEST_NAME = ".leaflet-manifest.json"
FINDINGS_NAME = ".leaflet-findings.json"
FORMAT = 2
MISSING = "missing"


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_text(*parts: str) -> str:
    """A digest of several strings, unambiguous about where one ends."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        h.update(len(encoded).to_bytes(8, "little"))
        h.update(encoded)
    return h.hexdigest()


def digest_file(path: Path | str) -> str:
    try:
        with open(path, "rb") as handle:
            return digest_bytes(handle.read())
    except FileNotFoundError:
        return MISSING


def digest_files(paths: Iterable[tuple[str, Path | str]]) -> dict[str, str]:
    """{shown path: digest} for each (shown, path); a missing file digests as "missing"."""
    return {shown: digest_file(path) for shown, path in paths}


def code_digest(package_dir: Path) -> str:
    """The tool's own code and templates: a changed renderer must rebuild every page."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in (".py", ".html", ".css") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package_dir).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """The outcome of one leaflet × locale (or `ui` × locale) as last decided."""

    digest: str
    status: str
    reasons: tuple[str, ...] = ()
    title: str = ""
    completeness: Mapping[str, Any] | None = None
    diagnostics: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Manifest:
    options: str
    inputs: Mapping[str, str]
    units: Mapping[str, UnitRecord] = field(default_factory=dict)
    outputs: Mapping[str, str] = field(default_factory=dict)  # relative path → page key
    findings: str = ""  # digest of the findings file; the units' findings are not read yet

    def findings_json(self) -> str:
        """The units' completeness and diagnostics, for FINDINGS_NAME."""
        payload = {
            key: {"completeness": unit.completeness, "diagnostics": list(unit.diagnostics)}
            for key, unit in sorted(self.units.items())
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"

    def to_json(self, findings: str) -> str:
        """The manifest proper, recording the digest of `findings` (`findings_json()`)."""
        payload = {
            "format": FORMAT,
            "options": self.options,
            "inputs": dict(sorted(self.inputs.items())),
            "units": {
                key: {
                    "digest": unit.digest,
                    "status": unit.status,
                    "reasons": list(unit.reasons),
                    "title": unit.title,
                }
                for key, unit in sorted(self.units.items())
            },
            "outputs": dict(sorted(self.outputs.items())),
            "findings": digest_text(findings),
        }
        # No indent: the C encoder is several times faster, and nobody reads this file.
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest and its findings into a build folder (its staging copy)."""
    findings = manifest.findings_json()
    (folder / FINDINGS_NAME).write_text(findings, encoding="utf-8")
    (folder / MANIFEST_NAME).write_text(manifest.to_json(findings), encoding="utf-8")


def read_manifest(build_dir: Path) -> Manifest | None:
    """The manifest of the current build without its units' findings, or None when there is
    none or it is unreadable."""
    try:
        data = json.loads((build_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        units = {
            key: UnitRecord(
                digest=value["digest"],
                status=value["status"],
                reasons=tuple(value["reasons"]),
                title=value["title"],
            )
            for key, value in data["units"].items()
        }
        return Manifest(
            options=data["options"],
            inputs=data["inputs"],
            units=units,
            outputs=data["outputs"],
            findings=data["findings"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # A damaged manifest only costs a full rebuild.
        return None


def with_findings(build_dir: Path, manifest: Manifest) -> Manifest | None:
    """`manifest` with its units' findings read back, or None when the findings file is
    missing, damaged or not the one the manifest was written with."""
    try:
        text = (build_dir / FINDINGS_NAME).read_text(encoding="utf-8")
        if digest_text(text) != manifest.findings:
            return None
        data = json.loads(text)
        units = {
            key: replace(
                unit,
                completeness=data[key]["completeness"],
                diagnostics=tuple(data[key]["diagnostics"]),
            )
            for key, unit in manifest.units.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return replace(manifest, units=units)
