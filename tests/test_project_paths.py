"""`project._inside`: its quick walk below the project agrees with resolving the path."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from pipeline import project


def _reference(path: Path, root: Path) -> bool:
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(str(root) + os.sep)


def test_inside_agrees_with_realpath_on_links_in_and_out(tmp_path: Path) -> None:
    root = (tmp_path / "project").resolve()
    outside = tmp_path / "elsewhere"
    (outside / "LC_MESSAGES").mkdir(parents=True)
    (outside / "LC_MESSAGES" / "hsg.po").write_text("", encoding="utf-8")
    es = root / "locales" / "es" / "LC_MESSAGES"
    es.mkdir(parents=True)
    (es / "hsg.po").write_text("", encoding="utf-8")
    (root / "locales" / "fr").symlink_to(outside)  # a locale folder leading out
    (root / "locales" / "pt").symlink_to(root / "locales" / "es")  # a link that stays in
    (es / "link.po").symlink_to(outside / "LC_MESSAGES" / "hsg.po")  # a catalog leading out
    (es / "same.po").symlink_to(es / "hsg.po")
    (es / "dangling.po").symlink_to(tmp_path / "nowhere.po")
    names = ["locales", "es", "fr", "pt", "LC_MESSAGES", "hsg.po", "link.po", "same.po"]
    names += ["dangling.po", "missing.po", "..", "."]
    checked = 0
    for depth in range(1, 5):
        for parts in itertools.product(names, repeat=depth):
            path = Path(str(root) + os.sep + os.sep.join(parts))
            assert project._inside(path, root) == _reference(path, root), path
            checked += 1
    assert checked > 10_000
    assert not project._inside(root / "locales" / "fr" / "LC_MESSAGES" / "hsg.po", root)
    assert not project._inside(es / "link.po", root)
    assert project._inside(root / "locales" / "pt" / "LC_MESSAGES" / "hsg.po", root)
    assert not project._inside(root / ".." / "elsewhere", root)
