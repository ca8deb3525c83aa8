"""The entity registry to records: actors, institutions and principles."""

from __future__ import annotations

from .loaded import LoadedFile
from .model import ENTITY_LISTS, ENTITY_TYPES, Entity
from .reading import Reader

#: the attributes of an entity that hold text an export copies
_TEXT_ATTRIBUTES = (
    "name", "label", "acronym", "aliases", "kind", "country", "region", "role", "affiliation", "scope",
    "definition", "defined_in", "wikidata", "note",
)  # fmt: skip


def read_registry(loaded: LoadedFile) -> list[Entity]:
    """Every entity of the registry, in file order (an id given twice
    included: the id check reports it)."""
    reader = Reader(loaded)
    entities: list[Entity] = []
    for type_ in ENTITY_TYPES:
        for pointer, item in reader.items(reader.root, ENTITY_LISTS[type_], ""):
            entity_id = reader.text(item, "id")
            if entity_id is None:
                continue
            text = reader.text
            name_key = "label" if type_ == "principle" else "name"
            aliases = reader.texts(item, "aliases")
            alias_list = item.get("aliases")
            places = [reader.where(f"{pointer}/{name_key}" if text(item, name_key) else f"{pointer}/id")]
            places += [
                reader.where(f"{pointer}/aliases/{j}")
                for j, v in enumerate(alias_list if isinstance(alias_list, list) else [])
                if isinstance(v, str)
            ]
            if text(item, "acronym"):
                places.append(reader.where(f"{pointer}/acronym"))
            entities.append(
                Entity(
                    id=entity_id,
                    type=type_,
                    name=text(item, name_key) or entity_id,
                    where=reader.where(pointer),
                    id_where=reader.where(f"{pointer}/id"),
                    aliases=aliases,
                    acronym=text(item, "acronym"),
                    kind=text(item, "kind"),
                    country=text(item, "country"),
                    region=text(item, "region"),
                    role=text(item, "role"),
                    affiliation=text(item, "affiliation"),
                    founded=reader.integer(item, "founded"),
                    scope=text(item, "scope"),
                    definition=text(item, "definition"),
                    defined_by=reader.ref(item, "defined_by", pointer, "actor"),
                    defined_in=text(item, "defined_in"),
                    wikidata=text(item, "wikidata"),
                    note=text(item, "note"),
                    name_places=tuple(places),
                    places=reader.places(item, pointer, _TEXT_ATTRIBUTES),
                )
            )
    return entities
