"""Same inputs, byte-identical outputs: whatever PYTHONHASHSEED, TZ, LC_ALL or the order in which
the project's files were created."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMMANDS = (("extract",), ("update",), ("build", "--allow-incomplete"))
# C.UTF-8, plain C (ASCII), and no locale at all; hash seeds and zones far apart.
ENVIRONMENTS = {
    "utf8-utc": {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    "c-kiritimati": {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
    "unset-honolulu": {"PYTHONHASHSEED": "random", "TZ": "Pacific/Honolulu"},
}


def _copy_project(target: Path, *, reverse: bool) -> Path:
    """The repository's own content project, its files created in sorted or reverse order."""
    files = [REPO / "pyproject.toml"]
    for folder in ("source", "locales"):
        files += [p for p in (REPO / folder).rglob("*") if p.is_file()]
    files.sort(reverse=reverse)
    for path in files:
        destination = target / path.relative_to(REPO)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


def _run(project: Path, environment: dict[str, str], *args: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LC_")}
    env.pop("LANG", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(project), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".leaflet-")
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    results: dict[str, dict[str, bytes]] = {}
    for index, (name, environment) in enumerate(ENVIRONMENTS.items()):
        root = tmp_path_factory.mktemp(f"determinism-{name}")
        project = _copy_project(root / "proj", reverse=index % 2 == 1)
        for command in COMMANDS:
            _run(project, environment, *command)
        results[name] = {
            f"{folder}/{key}": value
            for folder in ("locales", "build")
            for key, value in _tree(project / folder).items()
        }
    return results


def test_outputs_are_byte_identical_across_environments(
    outputs: dict[str, dict[str, bytes]],
) -> None:
    reference_name, reference = next(iter(outputs.items()))
    assert any(key.startswith("build/") and key.endswith(".html") for key in reference)
    assert any(key.endswith(".po") for key in reference)
    for name, tree in outputs.items():
        assert sorted(tree) == sorted(reference), f"{name}: different files"
        differing = [key for key in reference if tree[key] != reference[key]]
        assert not differing, f"{name} differs from {reference_name} in {differing[:5]}"


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    project = _copy_project(tmp_path / "proj", reverse=False)
    environment = ENVIRONMENTS["utf8-utc"]
    for command in COMMANDS:
        _run(project, environment, *command)
    first = _tree(project)
    stamps = {p: p.stat().st_mtime_ns for p in (project / "locales").rglob("*.po*")}
    for command in COMMANDS:
        _run(project, ENVIRONMENTS["c-kiritimati"], *command)
    assert _tree(project) == first
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps, "catalogs rewritten needlessly"
