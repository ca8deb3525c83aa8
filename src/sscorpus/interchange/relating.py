"""The relations of a foreign file as an import carries them: about links
(a claim to an entity's code, or to a selection made a mention), speakers,
and evidence that supports or challenges a claim, in the file's order;
every one it cannot carry is a finding at the relation."""

from __future__ import annotations

from .. import codes
from ..findings import Report
from . import codebook
from .codebook import Meaning
from .foreign import ForeignProject, ForeignRelation
from .made import MadeFile


def relate(
    project: ForeignProject,
    files: dict[str, MadeFile],
    targets: dict[str, str],
    others: set[str],
    meanings: dict[str, Meaning],
    report: Report,
) -> None:
    """About links, speakers, supports and challenges, in the file's order."""
    selections = {s.id: s for s in project.selections}
    for relation in project.relations:
        if relation.source in others or relation.code not in meanings:
            continue  # another annotator's, or an unmapped code (reported at the code)
        meaning = meanings[relation.code]
        source = selections.get(relation.source)
        made = files.get(targets.get(source.document, "")) if source is not None else None
        item = made.spans.get(relation.source) if made is not None else None

        def refuse(message: str, relation: ForeignRelation = relation) -> None:
            report.findings.append(relation.where.finding(codes.IMPORT_RELATION, message))

        if made is None or item is None:
            refuse(f"relation {relation.id} ({meaning.path}) starts at {relation.source}, which is not imported")
            continue
        if meaning.type == codebook.ABOUT or meaning.type == "speaker":
            if item.section != "claims":
                refuse(f"relation {relation.id} ({meaning.path}) starts at evidence, not a claim")
                continue
            entity = _entity(relation, made, meanings)
            if entity is None:
                refuse(f"relation {relation.id} ({meaning.path}) points to no entity")
                continue
            if meaning.type == "speaker":
                if entity[0] != "actor":
                    refuse(f"relation {relation.id}: the speaker {entity[1]} is no actor")
                else:
                    item.values["speaker"] = entity[1]
                continue
            stance = meaning.stance or relation.fields.get("stance")
            link = {entity[0]: entity[1], "stance": stance}
            if not stance:
                refuse(f"relation {relation.id} (about) gives no stance")
            elif link in item.values["about"]:
                refuse(f"relation {relation.id}: the same about link twice: imported once")
            else:
                item.values["about"].append(link)
        elif meaning.type in ("supports", "challenges"):
            target = made.spans.get(relation.target) if not relation.target_is_code else None
            if item.section != "evidence" or target is None or target.section != "claims":
                refuse(f"relation {relation.id} ({meaning.path}) does not link evidence to an imported claim")
                continue
            if target not in item.values[meaning.type]:
                item.values[meaning.type].append(target)
        else:
            refuse(f"relation {relation.id} is coded '{meaning.path}', which is no relation")


def _entity(relation: ForeignRelation, made: MadeFile, meanings: dict[str, Meaning]) -> tuple[str, str] | None:
    """The entity a relation points to: a code's, or the one entity of the
    mentions made of a selection."""
    if relation.target_is_code:
        meaning = meanings.get(relation.target)
        if meaning is None or meaning.type not in codebook.ENTITY_TYPES or meaning.entity is None:
            return None
        return meaning.type, meaning.entity
    found = made.entities.get(relation.target, [])
    return found[0] if len(found) == 1 else None


# -- the files ----------------------------------------------------------------------------------
