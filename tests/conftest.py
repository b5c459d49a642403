"""Fixture projects in tmp_path and a CLI runner that captures stdout and stderr apart."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

SMALL_LEAFLET = """\
---
title: Blood test
summary: What happens when we take a blood sample.
updated: 2020-01-31
category: pathology
id: PA-001
---

## Before the test

<!-- translators: keep the number of hours -->
Do not eat for 8 hours before the test.

- Drink water as usual.
- Bring your *appointment letter*.

## Questions

<!-- critical -->
Call {clinic_phone} if the arm swells or bleeds.

See [our website](https://example.org/blood) for more.
"""

PYPROJECT = """\
[tool.leaflet]

[tool.leaflet.variables]
clinic_phone = "+1 555 0100"
clinic_name = "Test Clinic"
"""


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., Result]


def copy_shipped(target: Path, *, paper: str | None = None) -> Path:
    """The repository's own content project, copied so tests never touch its build/."""
    target.mkdir(parents=True)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if paper is not None:
        pyproject = pyproject.replace("[tool.leaflet]\n", f'[tool.leaflet]\npaper = "{paper}"\n', 1)
        assert f'paper = "{paper}"' in pyproject
    (target / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    shutil.copytree(REPO / "source", target / "source")
    shutil.copytree(REPO / "locales", target / "locales")
    return target


def make_project(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small content project with one leaflet and clinic variables."""
    return make_project(
        tmp_path / "proj",
        {"pyproject.toml": PYPROJECT, "source/blood.md": SMALL_LEAFLET},
    )


@pytest.fixture
def run() -> Run:
    def invoke(project: Path, *args: str) -> Result:
        runner = CliRunner()
        result = runner.invoke(main, ["--project", str(project), *args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def gettext_tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a GNU gettext program; tests need them (CI installs them)."""
    if shutil.which(str(args[0])) is None:
        pytest.fail(f"{args[0]} (GNU gettext) is required for the tests")
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, env={"LC_ALL": "C"}
    )


def assert_gettext_accepts(path: Path) -> None:
    """msgfmt --check passes and msgcat reproduces the file byte for byte."""
    checked = gettext_tool("msgfmt", "--check", "-o", "/dev/null", path)
    assert checked.returncode == 0, checked.stderr
    catted = gettext_tool("msgcat", path)
    assert catted.returncode == 0, catted.stderr
    assert catted.stdout == path.read_text(encoding="utf-8"), f"msgcat rewrites {path}"
