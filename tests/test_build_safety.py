"""`build/` is always whole: builds killed with SIGKILL at random moments, two builds at once,
and a disk that fills up or refuses a rename mid-build."""

from __future__ import annotations

import errno
import hashlib
import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.output import BuildFolder

from .conftest import PYPROJECT, SMALL_LEAFLET, Run, make_project

REPO = Path(__file__).resolve().parent.parent
LEAFLETS = 24
LOCALES = ("es", "fr", "de")
KILLS = 24


def _project(root: Path) -> Path:
    files: dict[str, str | bytes] = {"pyproject.toml": PYPROJECT}
    for i in range(LEAFLETS):
        files[f"source/leaflet-{i:02}.md"] = SMALL_LEAFLET.replace(
            "title: Blood test", f"title: Blood test {i}"
        ).replace("8 hours", f"{i + 1} hours")
    return make_project(root, files)


def _build_command(project: Path, variant: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "--project",
        str(project),
        "build",
        "--allow-incomplete",
        "--set",
        f"clinic_phone=+1 555 01{ord(variant)}",
    ]


def _snapshot(folder: Path) -> dict[str, str] | None:
    """Every file under `folder` and the hash of its bytes; None when there is no folder."""
    if not folder.exists():
        return None
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build(project: Path, variant: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _build_command(project, variant), capture_output=True, text=True, check=False, cwd=REPO
    )


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, dict[str, str]], float]:
    """A project with many leaflets and locales, and the reference output of each variant."""
    project = _project(tmp_path_factory.mktemp("safety") / "proj")
    subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(project), "init", *LOCALES],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    references: dict[str, dict[str, str]] = {}
    duration = 0.0
    for variant in ("A", "B"):
        start = time.monotonic()
        result = _build(project, variant)
        duration = min(duration or 1e9, time.monotonic() - start)
        assert result.returncode == 0, result.stderr
        snapshot = _snapshot(project / "build")
        assert snapshot is not None
        references[variant] = snapshot
    assert references["A"] != references["B"]
    assert len(references["A"]) >= LEAFLETS * 2 + 2
    shutil.rmtree(project / "build")
    return project, references, duration


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".leaflet-build."))


def test_killed_builds_leave_a_whole_build(
    built: tuple[Path, dict[str, dict[str, str]], float],
) -> None:
    project, references, duration = built
    rng = random.Random(20240505)
    current: str | None = None  # which reference build/ holds; None: no build yet
    outcomes: set[str] = set()
    for attempt in range(KILLS):
        variant = "B" if current == "A" else "A"
        process = subprocess.Popen(
            _build_command(project, variant),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
        )
        # Early kills hit start-up and rendering; later ones the writing and the swap.
        time.sleep(rng.uniform(0.1, 0.7 if attempt % 2 else 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _snapshot(project / "build")
        allowed = [None if current is None else references[current], references[variant]]
        if state is None and current is not None:
            # Killed between the two renames of the swap: a whole build waits beside it.
            assert _leftovers(project), f"kill {attempt}: build/ lost"
        else:
            assert state in allowed, f"kill {attempt}: build/ is neither the old nor the new build"
        BuildFolder(project / "build").recover()  # what the next run does first
        state = _snapshot(project / "build")
        assert state in allowed, f"kill {attempt}: recovery did not give a whole build"
        assert _leftovers(project) in ([], [".leaflet-build.lock"])
        if state is not None:
            current = "A" if state == references["A"] else "B"
        outcomes.add(
            "finished"
            if process.returncode == 0
            else f"killed-{'new' if current == variant else 'old'}"
        )
    assert "killed-old" in outcomes, "no kill landed before the swap: kills are too late"
    # The next build recovers and completes normally.
    variant = "B" if current == "A" else "A"
    result = _build(project, variant)
    assert result.returncode == 0, result.stderr
    assert _snapshot(project / "build") == references[variant]
    assert _leftovers(project) in ([], [".leaflet-build.lock"])


def test_two_builds_at_once(built: tuple[Path, dict[str, dict[str, str]], float]) -> None:
    project, references, _duration = built
    first = subprocess.Popen(
        _build_command(project, "A"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    second = subprocess.Popen(
        _build_command(project, "B"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    results = [(p.wait(), p.communicate()) for p in (first, second)]
    for code, (_out, err) in results:
        assert b"Traceback" not in err
        # The second waits for the lock; if it gave up it says why.
        assert code == 0 or (code == 2 and b"another build is running" in err), err
    assert any(code == 0 for code, _ in results)
    assert _snapshot(project / "build") in (references["A"], references["B"])
    assert _leftovers(project) in ([], [".leaflet-build.lock"])


def test_the_lock_makes_a_second_build_wait(tmp_path: Path) -> None:
    folder = BuildFolder(tmp_path / "build")
    with folder.locked():
        other = BuildFolder(tmp_path / "build")
        start = time.monotonic()
        with (
            pytest.raises(Exception, match="another build is running") as caught,
            other.locked(timeout=0.3),
        ):
            pass
        assert time.monotonic() - start >= 0.3
        assert str(caught.value).endswith("try again when it has finished")


@pytest.fixture
def small(tmp_path: Path, run: Run) -> tuple[Path, dict[str, str]]:
    project = make_project(
        tmp_path / "proj", {"pyproject.toml": PYPROJECT, "source/blood.md": SMALL_LEAFLET}
    )
    assert run(project, "init", "es").exit_code == 0
    result = run(project, "build", "--allow-incomplete")
    assert result.exit_code == 0, result.stderr
    snapshot = _snapshot(project / "build")
    assert snapshot is not None
    return project, snapshot


def test_disk_full_mid_build(
    small: tuple[Path, dict[str, str]], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, before = small
    real_write_text = pathlib.Path.write_text
    real_write_bytes = pathlib.Path.write_bytes
    written: list[Path] = []

    def full(path: Path, written_so_far: list[Path]) -> None:
        if ".leaflet-build.new" in str(path):
            written_so_far.append(path)
            if len(written_so_far) > 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    def write_text(self: Path, *args: object, **kwargs: object) -> int:
        full(self, written)
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def write_bytes(self: Path, data: bytes) -> int:
        full(self, written)
        return real_write_bytes(self, data)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    result = run(project, "build", "--allow-incomplete", "--set", "clinic_name=Other")
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == (
        ".leaflet-build.new: error: cannot write the build: No space left on device"
    )
    assert len(written) == 3, "the failure came mid-build"
    assert _snapshot(project / "build") == before
    assert _leftovers(project) in ([], [".leaflet-build.lock"])


def test_permission_error_during_the_swap(
    small: tuple[Path, dict[str, str]], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, before = small
    real_rename = os.rename

    def rename(source: object, target: object) -> None:
        if str(source).endswith(".leaflet-build.new"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(source))
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    result = run(project, "build", "--allow-incomplete", "--set", "clinic_name=Other")
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[0].endswith("error: cannot write: Permission denied")
    monkeypatch.undo()
    assert _snapshot(project / "build") == before, "the previous build is put back"
    assert _leftovers(project) in ([], [".leaflet-build.lock"])


def test_recover_finishes_or_undoes_an_interrupted_swap(tmp_path: Path) -> None:
    folder = BuildFolder(tmp_path / "build")
    # Killed between the renames: the finished new build is put in place.
    folder.staging.mkdir()
    (folder.staging / "index.html").write_text("new")
    (folder.staging / ".leaflet-complete").write_text("")
    folder.previous.mkdir()
    (folder.previous / "index.html").write_text("old")
    folder.recover()
    assert _snapshot(folder.target) == _snapshot_of({"index.html": "new"})
    assert not folder.staging.exists() and not folder.previous.exists()
    # Killed before the marker was written: the previous build comes back.
    folder.target.rename(folder.previous)
    folder.staging.mkdir()
    (folder.staging / "index.html").write_text("half")
    folder.recover()
    assert _snapshot(folder.target) == _snapshot_of({"index.html": "new"})
    # Killed right after the swap: the marker does not stay in the build.
    (folder.target / ".leaflet-complete").write_text("")
    folder.recover()
    assert _snapshot(folder.target) == _snapshot_of({"index.html": "new"})


def _snapshot_of(files: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}
