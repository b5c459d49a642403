"""Writing several catalogs at once: all or nothing, unchanged files left untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import output
from pipeline.errors import OutputError


def test_writes_new_and_changed_files_and_leaves_the_same_alone(tmp_path: Path) -> None:
    same, changed, new = tmp_path / "same.po", tmp_path / "changed.po", tmp_path / "x" / "new.po"
    same.write_text("kept\n", encoding="utf-8")
    changed.write_text("old\n", encoding="utf-8")
    inode = same.stat().st_ino
    written = output.write_files_if_changed(
        [(same, "kept\n"), (changed, "new\n"), (new, "création\n".encode())]
    )
    assert written == [False, True, True]
    assert same.stat().st_ino == inode  # not even replaced by an equal copy
    assert changed.read_text(encoding="utf-8") == "new\n"
    assert new.read_text(encoding="utf-8") == "création\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "changed.po",
        "new.po",
        "same.po",
    ]


def test_one_failure_replaces_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    first.write_text("a old\n", encoding="utf-8")
    second.write_text("b old\n", encoding="utf-8")
    blocked = tmp_path / "file" / "c.po"
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        output.write_files_if_changed([(first, "a new\n"), (blocked, "c\n"), (second, "b new\n")])
    assert str(caught.value).startswith(f"{blocked}: error: cannot write:")
    assert first.read_text(encoding="utf-8") == "a old\n"
    assert second.read_text(encoding="utf-8") == "b old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po", "file"]


def test_without_syncfs_each_file_is_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[Path] = []
    monkeypatch.setattr(output, "_syncfs", lambda path: False)
    monkeypatch.setattr(output, "_fsync_file", flushed.append)
    files = [(tmp_path / f"{n}.po", f"{n}\n") for n in range(3)]
    assert output.write_files_if_changed(files) == [True] * 3
    assert len(flushed) == 3 and all(p.name.startswith(".") for p in flushed)
    assert [p.read_text(encoding="utf-8") for p, _ in files] == ["0\n", "1\n", "2\n"]


def test_a_new_page_file_gets_its_folder_and_never_replaces_a_file(tmp_path: Path) -> None:
    page = tmp_path / "es" / "hsg.html"
    payload = "Histerosalpingografía\n".encode() * 50_000  # more than one write(2) may take
    output.write_new_file(page, payload)
    assert page.read_bytes() == payload
    output.write_new_file(tmp_path / "es" / "hsg.txt", b"")
    assert (tmp_path / "es" / "hsg.txt").read_bytes() == b""
    with pytest.raises(FileExistsError):
        output.write_new_file(page, b"other")
    assert page.read_bytes() == payload
