"""Entity mentions for event-stage unit tests: every known surface of a table, longest first,
never overlapping (the entity stage's output, without its model)."""

from __future__ import annotations

from collections.abc import Mapping

from khabar.model import EntityMention


def name_mentions(text: str, names: Mapping[str, tuple[str, str]]) -> list[EntityMention]:
    """``names``: surface -> (entity id, label)."""
    out: list[EntityMention] = []
    for surface in sorted(names, key=len, reverse=True):
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if not any(m.start < end and start < m.end for m in out):
                entity_id, label = names[surface]
                out.append(EntityMention(start, end, surface, label, entity_id))
            start = text.find(surface, end)
    return sorted(out, key=lambda m: m.start)
