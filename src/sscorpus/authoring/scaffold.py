"""``sscorpus new``: the start of an annotation file for one document and annotator.

The file has the schema line for editors, ``document``, ``annotator`` and
empty sections. With ``suggest=True`` it also holds a mention for every
occurrence of every registry name (``names.find_names``, the rule ``stats``
uses), each anchored as a person would write it (``locating.anchor_for``) and
grouped under a comment per paragraph: the annotator deletes the wrong ones
instead of counting occurrences.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from ..corpus.anchors import Match, collapse
from ..corpus.ids import id_problem
from ..corpus.layout import Layout
from ..corpus.model import Corpus
from ..corpus.names import find_names
from ..corpus.writing import Edit
from ..corpus.yamledit import expect, parse
from .locating import anchor_for, anchor_lines

#: the suffixes of an annotation file
_SUFFIXES = (".yaml", ".yml", ".json")


class ScaffoldError(Exception):
    """Why no file was written (an unknown document, a file that exists)."""


@dataclass(frozen=True, slots=True)
class Scaffolded:
    path: Path
    mentions: int


def annotation_path(layout: Layout, doc_id: str, annotator: str) -> Path:
    return layout.annotations_dir / annotator / f"{doc_id}.yaml"


def existing_file(path: Path) -> Path | None:
    """The annotation file of the document and annotator of ``path`` that
    exists, whichever its suffix (``.yaml``, ``.yml``, ``.json``)."""
    found = sorted(p for p in path.parent.glob(f"{glob.escape(path.stem)}.*") if p.suffix.lower() in _SUFFIXES)
    return found[0] if found else None


def schema_line(layout: Layout, path: Path) -> list[str]:
    """The line that tells an editor the file's schema: a path from the
    annotation file to the corpus's own schemas/, which exists; none when the
    corpus has no schemas of its own (those shipped with sscorpus are in a
    folder that differs from one machine to the next)."""
    schema = layout.root / "schemas" / "annotation-file.schema.json"
    if not schema.is_file():
        return []
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    return [f"# yaml-language-server: $schema={relative}"]


def scaffold_text(
    corpus: Corpus, doc_id: str, annotator: str, *, suggest: bool = False, header: tuple[str, ...] = ()
) -> tuple[str, int]:
    """The file's text and the number of mentions it suggests."""
    lines = [
        *header,
        f"document: {doc_id}",
        f"annotator: {annotator}",
        "",
    ]
    document = corpus.documents[doc_id]
    index, structure = corpus.index(doc_id), corpus.structure(doc_id)
    found = find_names(document.text or "", corpus.entities.values()) if suggest and index and structure else []
    if not found:
        lines.append("mentions: []")
    else:
        assert index is not None and structure is not None
        lines += [
            "# Suggested: every occurrence of a registry name or alias. Delete those that do not name",
            "# the entity (guidelines 3.4) and add what the names miss (descriptions, 3.2).",
            "mentions:",
        ]
        group: int | None = None
        for occurrence in found:
            paragraph = structure.paragraph_at(occurrence.start)
            line = index.line_of(occurrence.start)
            start = paragraph.start if paragraph else index.text.rfind("\n", 0, occurrence.start) + 1
            if start != group:
                group = start
                first = collapse(
                    index.text[start : index.text.find("\n", start) if "\n" in index.text[start:] else len(index.text)]
                )
                excerpt = first if len(first) <= 60 else first[:57] + "..."
                lines.append(f"  # line {paragraph.line if paragraph else line}: {excerpt}")
            anchor = anchor_for(index, Match(occurrence.start, occurrence.end))
            lines.append(f"  - {occurrence.entity.type}: {occurrence.entity.id}")
            lines += anchor_lines(anchor, "    ")
    lines += ["", "claims: []", "", "evidence: []", ""]
    return "\n".join(lines), len(found)


def new_file(corpus: Corpus, layout: Layout, doc_id: str, annotator: str, *, suggest: bool = False) -> Scaffolded:
    """Write ``annotations/ANNOTATOR/DOC.yaml``; never over an existing file."""
    if doc_id not in corpus.documents:
        known = ", ".join(sorted(corpus.documents)) or "none"
        raise ScaffoldError(
            f"no document '{doc_id}' in the catalog (documents: {known}); add it with sscorpus add-text"
        )
    if corpus.documents[doc_id].text is None:
        raise ScaffoldError(f"the text of '{doc_id}' cannot be read; run sscorpus validate")
    problem = id_problem(annotator)
    if problem is not None:
        raise ScaffoldError(f"annotator '{annotator}': {problem}")
    path = annotation_path(layout, doc_id, annotator)
    text, count = scaffold_text(corpus, doc_id, annotator, suggest=suggest, header=tuple(schema_line(layout, path)))
    loaded = parse(path, text)
    expect(loaded, "/document", doc_id)
    expect(loaded, "/annotator", annotator)
    with Edit(layout.root) as edit:  # looked for under the lock: two `new` at once never both write
        existing = existing_file(path)
        if existing is not None:
            raise ScaffoldError(
                f"{existing} already exists; sscorpus new does not overwrite (rename or remove it first)"
            )
        edit.write(path, text.encode("utf-8"))
    return Scaffolded(path, count)
