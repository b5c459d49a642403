"""How paths are shown in messages: relative to the project, the same by the fast string path
as by `Path.relative_to`."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import Config

PART = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1
).filter(lambda p: p not in (".", ".."))


def _reference(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.project_dir).as_posix()
    except ValueError:
        return str(path)


@given(st.lists(PART, max_size=5), st.sampled_from(["", "x", "-more"]))
def test_shown_matches_relative_to(parts: list[str], suffix: str) -> None:
    config = Config(project_dir=Path("/srv/clinic/leaflets"))
    inside = config.project_dir.joinpath(*parts)
    assert config.shown(inside) == _reference(config, inside)
    # A neighbour whose name starts with the project's name is not inside it.
    neighbour = Path(str(config.project_dir) + suffix).joinpath(*parts)
    assert config.shown(neighbour) == _reference(config, neighbour)


def test_shown_examples() -> None:
    config = Config(project_dir=Path("/srv/clinic/leaflets"))
    assert config.shown(Path("/srv/clinic/leaflets/locales/es/LC_MESSAGES/hsg.po")) == (
        "locales/es/LC_MESSAGES/hsg.po"
    )
    assert config.shown(Path("/srv/clinic/leaflets")) == "."
    assert (
        config.shown(Path("/srv/clinic/leaflets-old/hsg.md")) == "/srv/clinic/leaflets-old/hsg.md"
    )
    assert Config(project_dir=Path("/")).shown(Path("/source/hsg.md")) == "source/hsg.md"
