"""A leaflet's blocks → catalog segments: one per distinct (msgctxt, msgid), with its notes."""

from __future__ import annotations

from .model import Block, Leaflet, Location, Segment


def block_note(block: Block) -> str:
    """The `#.` line that tells a translator what kind of block this is."""
    return f"leaflet: {block.kind.value}"


def leaflet_segments(leaflet: Leaflet) -> tuple[Segment, ...]:
    """Segments in reading order; a repeated English block becomes one segment."""
    order: list[tuple[str | None, str]] = []
    merged: dict[tuple[str | None, str], Segment] = {}
    for block in leaflet.blocks():
        if not block.text:
            continue  # an empty table cell has nothing to translate
        key = (block.context, block.text)
        previous = merged.get(key)
        if previous is None:
            order.append(key)
            merged[key] = Segment(
                msgid=block.text,
                msgctxt=block.context,
                kind=block.kind,
                locations=(block.location,),
                notes=block.notes,
                critical=block.critical,
            )
            continue
        notes = previous.notes + tuple(n for n in block.notes if n not in previous.notes)
        merged[key] = Segment(
            msgid=previous.msgid,
            msgctxt=previous.msgctxt,
            kind=previous.kind,
            locations=_unique((*previous.locations, block.location)),
            notes=notes,
            critical=previous.critical or block.critical,
        )
    return tuple(merged[key] for key in order)


def _unique(locations: tuple[Location, ...]) -> tuple[Location, ...]:
    seen: list[Location] = []
    for location in locations:
        if location not in seen:
            seen.append(location)
    return tuple(seen)


def word_count(text: str) -> int:
    """Words as `msgfmt --statistics`-free tools count them: runs of non-space characters."""
    return len(text.split())
