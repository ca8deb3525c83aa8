"""``sscorpus remove-text``: undo an ``add-text``, the text and its catalog
entry together, while nobody has annotated the text yet.

A document that has annotation files is refused (their anchors would point
at nothing): remove those first, deliberately. The entry's lines are cut
from the catalog as text, so the rest of the catalog (its comments, the
other entries) stays byte for byte; the result is read back and must hold
every other entry unchanged before anything is written. A text file that
another entry also names stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..corpus.layout import Layout, scan
from ..corpus.loaded import LoadedFile
from ..corpus.writing import Edit
from ..corpus.yamledit import EditError, parse


class RemoveError(Exception):
    """Why nothing was removed."""


@dataclass(frozen=True, slots=True)
class Removed:
    doc_id: str
    #: the text file removed, or None when it was gone or another entry names it
    text_file: Path | None


def _entry_lines(loaded: LoadedFile, lines: list[str], number: int, count: int) -> tuple[int, int]:
    """The 0-based [start, end) lines of the entry ``number`` of ``count``:
    from its "- id" line to the next entry, or to the next key of the
    catalog's top level; blank and comment lines just before the next entry
    stay (they are about it)."""
    start = loaded.locate(f"/documents/{number}")[0] - 1
    while start > 0 and not lines[start].lstrip().startswith("-"):
        start -= 1  # the item's dash may be on the line above its first key
    if number + 1 < count:
        end = loaded.locate(f"/documents/{number + 1}")[0] - 1
        while not lines[end].lstrip().startswith("-"):
            end -= 1
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "\t", "#", "\r")), len(lines)
        )
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def remove_text(layout: Layout, doc_id: str) -> Removed:
    """Remove the document ``doc_id``: its catalog entry and its text file."""
    with Edit(layout.root) as edit:
        catalog_text = layout.catalog.read_bytes().decode("utf-8")
        loaded = parse(layout.catalog, catalog_text)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        documents = data.get("documents")
        documents = documents if isinstance(documents, list) else []
        numbers = [n for n, d in enumerate(documents) if isinstance(d, dict) and d.get("id") == doc_id]
        if not numbers:
            raise RemoveError(f"no document '{doc_id}' in the catalog")
        if len(numbers) > 1:
            raise RemoveError(f"the catalog has {len(numbers)} documents '{doc_id}': remove the extra entry by hand")
        annotated = [p for p in scan(layout).files if p.stem == doc_id]
        if annotated:
            names = ", ".join(p.relative_to(layout.root).as_posix() for p in annotated)
            raise RemoveError(
                f"'{doc_id}' has annotation files ({names}); remove-text undoes an add-text before anyone "
                "annotates: remove them first if the annotations are to go too"
            )
        number = numbers[0]
        lines = catalog_text.split("\n")
        start, end = _entry_lines(loaded, lines, number, len(documents))
        kept = lines[:start] + lines[end:]
        if len(documents) == 1:
            kept = [
                "documents: []" + line[len("documents:") :]
                if line.startswith("documents:") and line[len("documents:") :].strip()[:1] in ("", "#")
                else line
                for line in kept
            ]
        new_catalog = "\n".join(kept)
        after = parse(layout.catalog, new_catalog).data
        expected = documents[:number] + documents[number + 1 :]
        if not isinstance(after, dict) or (after.get("documents") or []) != expected:
            raise EditError(f"the edited {layout.catalog.name} would not hold the other documents unchanged")
        name = documents[number].get("text")
        text_file = layout.texts_dir / name if isinstance(name, str) and "/" not in name and "\\" not in name else None
        edit.write(layout.catalog, new_catalog.encode("utf-8"))
        shared = any(isinstance(d, dict) and d.get("text") == name for d in expected)
        if text_file is not None and text_file.is_file() and not shared:
            edit.remove(text_file)
            return Removed(doc_id, text_file)
    return Removed(doc_id, None)
