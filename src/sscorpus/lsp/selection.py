"""From the text file: a passage selected in ``texts/DOC.txt`` becomes a
claim, evidence or a mention, appended with its exact quote (and the
``occurrence`` or ``prefix`` that picks it, as ``locate`` writes them) to
the person's own file ``annotations/ANNOTATOR/DOC.yaml``, created as ``new``
creates it. What is added is checked before it is offered."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..authoring.locating import anchor_for
from ..authoring.lookup import search
from ..authoring.scaffold import annotation_path, scaffold_text, schema_line
from ..corpus.anchors import Match, Selector
from ..corpus.ids import id_problem
from ..corpus.model import Corpus, Entity
from ..corpus.writing import Edit
from ..corpus.yamledit import EditError, append_items, parse
from .completion import enums
from .session import Session

#: most entities offered for "add mention of ..."
MOST_ENTITIES = 5


class AddError(Exception):
    """Why nothing was added."""


@dataclass(frozen=True, slots=True)
class Offer:
    """One action on a selection: what to add (``claim``, ``evidence``,
    ``mention``) and its value (the kind, or the entity id)."""

    title: str
    what: str
    value: str
    #: the claim that evidence supports
    claim: str = ""


@dataclass(frozen=True, slots=True)
class Added:
    path: Path
    #: the file's text before (None: a new file) and after
    before: str | None
    text: str
    #: the pointer of the item added
    pointer: str


def git_annotator(root: Path) -> str | None:
    """The annotator id made of ``git config user.name`` (``Ana Lima`` → ``ana-lima``)."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = "-".join(re.findall(r"[a-z0-9]+", done.stdout.strip().lower()))
    return name if name and id_problem(name) is None else None


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the whitespace at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def offers(session: Session, doc_id: str, start: int, end: int, annotator: str | None) -> list[Offer]:
    """Claims of each kind; evidence of each kind for the claim of the
    person's file nearest the selection (evidence supports a claim); the
    mentions of the entities the selection names."""
    corpus = session.corpus
    index = corpus.index(doc_id)
    if index is None:
        return []
    start, end = trimmed(index.text, start, end)
    if start >= end:
        return []
    selected = " ".join(index.text[start:end].split())
    found: list[Offer] = []
    table = enums(session.layout.schemas_dir)
    found += [Offer(f"Add claim ({kind})", "claim", kind) for kind, _ in table.get(("claim", "kind"), [])]
    claim = _nearest_claim(session, doc_id, annotator, start, end)
    if claim is not None:
        found += [
            Offer(f"Add evidence ({kind}) supporting claim {claim}", "evidence", kind, claim)
            for kind, _ in table.get(("evidence", "kind"), [])
        ]
    for entity in _entities_named(corpus, selected):
        found.append(Offer(f"Add mention of {entity.name} ({entity.type} {entity.id})", "mention", entity.id))
    return found


def _nearest_claim(session: Session, doc_id: str, annotator: str | None, start: int, end: int) -> str | None:
    """The id of the claim (of the person's file) that holds the selection,
    else the nearest one."""
    if annotator is None or id_problem(annotator) is not None:
        return None
    state = session.state(annotation_path(session.layout, doc_id, annotator))
    if state is None or state.file is None:
        return None
    placed = [(c.span.start, c.span.end, c.id) for c in state.file.claims if c.span is not None and c.id]
    if not placed:
        return None
    return min(placed, key=lambda c: max(c[0] - end, start - c[1], 0))[2]


def _entities_named(corpus: Corpus, selected: str) -> list[Entity]:
    """Entities the selection names exactly (name, alias, acronym), else the closest few."""
    wanted = selected.casefold()
    exact = [e for e in corpus.entities.values() if any(n.casefold() == wanted for n in e.names())]
    if exact:
        return exact
    return [hit.entity for hit in search(list(corpus.entities.values()), selected, limit=MOST_ENTITIES)]


def _free_id(data: object, letter: str) -> str:
    used = {
        item.get("id")
        for key in ("claims", "evidence")
        for item in (data.get(key) or [] if isinstance(data, dict) else [])
        if isinstance(item, dict)
    }
    n = 1
    while f"{letter}{n}" in used:
        n += 1
    return f"{letter}{n}"


def addition(
    session: Session, annotator: str, doc_id: str, start: int, end: int, what: str, value: str, claim: str = ""
) -> Added:
    """The annotation file with the item added (not yet written)."""
    problem = id_problem(annotator)
    if problem is not None:
        raise AddError(f"annotator '{annotator}': {problem}; set sscorpus.annotator in the editor's settings")
    corpus = session.corpus
    index = corpus.index(doc_id)
    if index is None:
        raise AddError(f"the text of '{doc_id}' cannot be read (run sscorpus validate)")
    start, end = trimmed(index.text, start, end)
    if start >= end:
        raise AddError("select the passage to quote")
    anchor = anchor_for(index, Match(start, end))
    if index.resolve(Selector(**anchor)) != Match(start, end):  # type: ignore[arg-type]
        raise AddError("the selection cannot be quoted on its own (does it start or end inside a word?)")
    path = annotation_path(session.layout, doc_id, annotator)
    before = session.text_of(path) if path.exists() or path in session.buffers else None
    if before is None and path.exists():
        raise AddError(f"{path.name} cannot be read as UTF-8 text: correct it first")
    text = before
    if text is None:
        text, _ = scaffold_text(corpus, doc_id, annotator, header=tuple(schema_line(session.layout, path)))
    loaded = parse(path, text)
    if not loaded.parsed:
        raise AddError(f"{path.name} cannot be read as YAML: correct it first")
    item: dict[str, object]
    if what == "mention":
        entity = corpus.entities.get(value)
        if entity is None:
            raise AddError(f"no entity '{value}' in the registry")
        key, item = "mentions", {entity.type: entity.id, **anchor}
    elif what in ("claim", "evidence"):
        key = "claims" if what == "claim" else "evidence"
        item = {"id": _free_id(loaded.data, what[0]), **anchor, "kind": value}
        if what == "evidence":
            item["supports"] = [claim]
    else:
        raise AddError(f"cannot add '{what}'")
    try:
        new = append_items(text.replace("\r\n", "\n"), loaded, key, [item])
        if "\r\n" in text:  # written as it was (Windows line ends)
            new = new.replace("\n", "\r\n")
    except EditError as exc:
        raise AddError(f"{path.name}: {exc}") from None
    count = len(parse(path, new).data.get(key) or [])
    pointer = f"/{key}/{count - 1}"
    problems = [
        f for f in session.checked(path, new).findings if f.is_error and (f.pointer + "/").startswith(pointer + "/")
    ]
    if problems:
        raise AddError(f"the {what} would not validate: {problems[0].code} {problems[0].message}")
    return Added(path, before, new, pointer)


def write(session: Session, added: Added) -> None:
    """Write the file (only it), under the corpus lock, all or nothing;
    refused when it changed on disk since it was read."""
    with Edit(session.layout.root) as edit:
        try:
            now: str | None = added.path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            now = None
        except (OSError, UnicodeDecodeError) as exc:
            raise AddError(f"{added.path.name} cannot be read: {exc}") from None
        if now != added.before:
            raise AddError(f"{added.path.name} changed meanwhile; try again")
        edit.write(added.path, added.text.encode("utf-8"))
