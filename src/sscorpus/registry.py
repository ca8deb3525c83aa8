"""The entity registry: actors, institutions and principles, defined once."""

from __future__ import annotations

from .findings import Finding
from .loading import LoadedFile
from .model import ENTITY_LISTS, ENTITY_TYPES, Entity


def read_registry(loaded: LoadedFile) -> tuple[dict[str, Entity], list[Finding]]:
    """Entities of the registry by id; ids must be unique across types."""
    entities: dict[str, Entity] = {}
    findings: list[Finding] = []
    data = loaded.data if isinstance(loaded.data, dict) else {}
    for type_ in ENTITY_TYPES:
        items = data.get(ENTITY_LISTS[type_])
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            pointer = f"/{ENTITY_LISTS[type_]}/{i}"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            entity_id = item["id"]
            if entity_id in entities:
                first = entities[entity_id]
                line = loaded.locate(f"{first.pointer}/id")[0]
                findings.append(loaded.finding(
                    f"{pointer}/id", "id.duplicate",
                    f"entity id '{entity_id}' is already used by the {first.type} on line {line}",
                    "ids name one entity across the whole registry; merge the two or rename one"))
                continue
            entities[entity_id] = Entity(entity_id, type_, item, pointer)
    return entities, findings
