"""``sscorpus import``: another tool's coding as ordinary annotation files.

A reader gives a :class:`ForeignProject` (codes, selections by position,
relations); this module makes of one annotator's selections the files
``annotations/NAME/DOC.yaml``, as ``sscorpus new`` lays them out, for
annotators to go on editing:

1. each foreign document is a document of the catalog: by the map's
   ``documents:``, by ``--document`` (a file of one document), or by its name;
2. each code means a codebook path (``mapping.py``);
3. each selection's positions are the corpus text's: as they are when the
   foreign file's text is the corpus text, else carried through an alignment
   of the two texts (``authoring/textdiff.py``, as ``rehash`` does); a
   passage the alignment does not carry, or whose quoted text is not the
   corpus text there, is not imported; a selection given by its quote only
   is the one place of that quote in the corpus text (its prefix and suffix
   telling which);
4. each annotation gets a quote anchor and its id (``made.py``, which
   writes the files);
5. relations become about links, speakers and supports/challenges
   (``relating.py``).
6. notes on a whole document (``ForeignProject.notes``) of the creator
   imported become the file's own ``note``, several joined by a blank line.

Everything it cannot carry is a finding at the foreign file's place (codes
``import.*``). The files are validated before anything is written; none is
written over an existing file, and all are written together (``Edit``).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import codes
from ..authoring.scaffold import annotation_path, existing_file
from ..authoring.textdiff import Alignment
from ..checks.validate import check
from ..corpus.anchors import Match, Selector, TextIndex, collapse
from ..corpus.ids import id_problem
from ..corpus.layout import find_root
from ..corpus.model import Corpus, Location
from ..corpus.schemas import SchemaSet
from ..corpus.writing import Edit
from ..findings import Report, SetupError
from . import codebook
from .codebook import Meaning
from .foreign import ForeignCode, ForeignNote, ForeignProject, ForeignSelection
from .formats import FORMATS
from .made import SECTIONS, Item, MadeFile, file_text
from .mapping import IGNORE, CodeMap, document_names, read_map, resolve, write_suggestion
from .relating import relate


#: the sections of an annotation file, in the order ``sscorpus new`` writes them
@dataclass(slots=True)
class Imported:
    """What an import did: the findings (what it could not carry, and the
    validation of the files it made), the files written, and the files it
    would write (path -> text) whether or not it wrote them."""

    report: Report
    written: list[Path] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)


def import_project(
    root: Path | None,
    project: ForeignProject,
    annotator: str,
    *,
    document: str | None = None,
    map_file: Path | None = None,
    creator: str | None = None,
    schemas: SchemaSet | None = None,
) -> Imported:
    """Import the selections of ``annotator`` (or of ``creator``, as the
    file names them) from ``project`` into the corpus at ``root``, as the
    layer ``annotator``. Raises SetupError for a bad annotator name, an
    unknown --document, or a file whose creators leave it open whose
    selections to take; everything else is a finding of the result."""
    problem = id_problem(annotator)
    if problem is not None:
        raise SetupError(f"annotator '{annotator}': {problem}")
    root = root or find_root(Path.cwd())
    if not (root / "texts" / "catalog.yaml").is_file():  # no lock file left in a folder that is no corpus
        raise SetupError(f"{root} is not a corpus folder: it has no texts/catalog.yaml")
    with Edit(root) as edit:
        checked = check(root, schemas=schemas)
        corpus, layout, schemas = checked.corpus, checked.layout, checked.schemas
        result = Imported(Report(files_checked=1))  # the foreign file
        report = result.report
        report.extend(project.findings)
        code_map = CodeMap()
        if map_file is not None:
            code_map, found = read_map(map_file, schemas, corpus)
            report.extend(found)
        selections, others, wanted = _chosen(project, annotator, creator, report)
        notes = _notes_of(project, wanted, report)
        targets = _documents(project, selections, notes, corpus, code_map, document, report)
        meanings = _meanings(project, selections, others, code_map, schemas, corpus, report)
        pattern = re.compile(str(schemas.common("annotation_id")["pattern"]))
        files: dict[str, MadeFile] = {}
        alignments: dict[str, Alignment] = {}
        for selection in selections:
            doc_id = targets.get(selection.document)
            if doc_id is None:
                continue
            made = files.setdefault(doc_id, MadeFile(doc_id))
            _add(made, selection, meanings, project, corpus, schemas, alignments, report)
        relate(project, files, targets, others, meanings, report)
        _place_notes(notes, files, targets, report)
        expected: dict[Path, dict[str, Item]] = {}
        for doc_id, made in sorted(files.items()):
            index = corpus.index(doc_id)
            if index is None or not (made.items or made.notes):
                continue
            path = annotation_path(layout, doc_id, annotator)
            result.files[path], expected[path] = file_text(layout, index, made, annotator, pattern)
        for path in result.files:
            exists = existing_file(path)
            if exists is not None:
                report.findings.append(
                    Location(exists, 0, 0).finding(
                        codes.IMPORT_EXISTS,
                        f"{exists.name} exists already: nothing is written",
                        "import into another annotator's name, or move the file away first",
                    )
                )
        if any(f.code == codes.IMPORT_EXISTS for f in report.findings) or not result.files:
            return result
        if not _validates(root, result, schemas, expected):
            return result
        for path, text in result.files.items():
            edit.write(path, text.encode("utf-8"))
        result.written = sorted(result.files)
    return result


def _uses(count: int) -> str:
    return "1 use of it is" if count == 1 else f"{count} uses of it are"


def read_foreign(format_name: str, file: Path) -> ForeignProject:
    """Read ``file`` as a file of the interchange format ``format_name``;
    raises SetupError for an unknown format or a file that is not there."""
    found = FORMATS.get(format_name)
    if found is None:
        raise SetupError(f"no interchange format '{format_name}'; formats: {', '.join(FORMATS) or 'none'}")
    if not file.exists():
        raise SetupError(f"{file}: no such file")
    return found.read(file)


def import_file(
    root: Path | None,
    format_name: str,
    file: Path,
    annotator: str,
    *,
    document: str | None = None,
    map_file: Path | None = None,
    creator: str | None = None,
) -> Imported:
    """``sscorpus import``: read ``file`` in its format, then import it
    (:func:`import_project`)."""
    project = read_foreign(format_name, file)
    return import_project(root, project, annotator, document=document, map_file=map_file, creator=creator)


def suggest_map(root: Path | None, format_name: str, file: Path, out: Path) -> ForeignProject:
    """``sscorpus import --suggest-map``: write a starting map for ``file``
    to ``out`` (never over a file); the project read, whose findings say
    what the reader could not read."""
    project = read_foreign(format_name, file)
    checked = check(root)
    write_suggestion(project, out, checked.schemas, checked.corpus)
    return project


# -- whose selections, which documents, what each code means -----------------------------------


def _chosen(
    project: ForeignProject, annotator: str, creator: str | None, report: Report
) -> tuple[list[ForeignSelection], set[str], str | None]:
    """The selections to import, the ids of those left to other
    annotators, and the creator whose coding is imported (None: whoever
    coded): all of them when the file names one creator or none; else
    those of ``creator``, or of the creator named as the annotator (the
    selections that name no creator then are reported). A creator of notes
    only (``ForeignProject.notes``) may be chosen too."""
    creators = sorted({s.creator for s in project.selections if s.creator is not None})
    people = sorted({*creators, *(n.creator for n in project.notes if n.creator is not None)})
    if creator is not None and creator not in people:
        raise SetupError(
            f"no selections or notes of creator '{creator}' in {project.path.name}; "
            f"creators: {', '.join(people) or 'none'}"
        )
    wanted = creator if creator is not None else annotator if annotator in people else None
    if wanted is None:
        if len(creators) > 1:
            raise SetupError(
                f"{project.path.name} holds the coding of {len(creators)} people ({', '.join(creators)}): "
                f"import one at a time, named by --annotator (one of them) or --creator"
            )
        return list(project.selections), set(), None
    chosen = [s for s in project.selections if s.creator == wanted]
    nobody = [s for s in project.selections if s.creator is None]
    if nobody:
        report.findings.append(
            nobody[0].where.finding(
                codes.IMPORT_UNSUPPORTED_SELECTION,
                f"{len(nobody)} selections name no creator: only those of {wanted} are imported",
            )
        )
    return chosen, {s.id for s in project.selections if s.creator != wanted}, wanted


def _notes_of(project: ForeignProject, wanted: str | None, report: Report) -> list[ForeignNote]:
    """The notes on whole documents that go with the selections imported:
    those of the creator imported (of anyone, when the file's selections
    name one creator or none). Another creator's note is left to the import
    of their selections, as their selections are; a note that no import of
    selections takes (a creator who coded nothing, a note that names no
    creator when one is chosen) is reported."""
    creators = {s.creator for s in project.selections if s.creator is not None}
    chosen: list[ForeignNote] = []
    for note in project.notes:
        if note.creator == wanted or (wanted is None and (note.creator is None or len(creators | {note.creator}) < 2)):
            chosen.append(note)
        elif wanted is not None and note.creator is None:
            report.findings.append(
                note.where.finding(
                    codes.IMPORT_FILE_NOTE,
                    f"a note on {note.document} names no creator: only the coding of {wanted} is imported",
                )
            )
        elif note.creator not in creators:
            report.findings.append(
                note.where.finding(
                    codes.IMPORT_FILE_NOTE,
                    f"the note of {note.creator} on {note.document} is not imported: {note.creator} coded nothing "
                    f"in the file, and only the coding of {wanted or ', '.join(sorted(creators))} is imported",
                    f"import it on its own: --creator {note.creator} --annotator NAME",
                )
            )
    return chosen


def _place_notes(notes: list[ForeignNote], files: dict[str, MadeFile], targets: dict[str, str], report: Report) -> None:
    """Each note becomes its document's file note (several joined by a
    blank line); a note on a document that is not imported is reported."""
    for note in notes:
        doc_id = targets.get(note.document)
        if doc_id is None:
            report.findings.append(
                note.where.finding(
                    codes.IMPORT_FILE_NOTE,
                    f"document '{note.document}' is no document of the catalog: its note is not imported",
                    "name its document id in the map's documents:, or give --document",
                )
            )
            continue
        files.setdefault(doc_id, MadeFile(doc_id)).notes.append(note.note)


def _documents(
    project: ForeignProject,
    selections: list[ForeignSelection],
    notes: list[ForeignNote],
    corpus: Corpus,
    code_map: CodeMap,
    document: str | None,
    report: Report,
) -> dict[str, str]:
    """Foreign document name -> document id, for the documents that the
    chosen selections code or notes are on; each one that is none and that
    selections code is reported once (a note is reported where it is placed)."""
    names = list(dict.fromkeys([*project.texts, *(s.document for s in selections), *(n.document for n in notes)]))
    if document is not None:
        if document not in corpus.documents:
            known = ", ".join(sorted(corpus.documents)) or "none"
            raise SetupError(f"no document '{document}' in the catalog (documents: {known})")
        if len(names) > 1:
            raise SetupError(
                f"{project.path.name} holds {len(names)} documents ({', '.join(names)}); --document names "
                "the document of a file of one: name each in the map's documents: instead"
            )
    targets: dict[str, str] = {}
    for name in names:
        target = code_map.documents.get(name) or document
        if target is None:
            target = next((i for i in document_names(name) if i in corpus.documents), None)
        if target is not None and corpus.documents[target].text is not None:
            targets[name] = target
            continue
        coded = [s for s in selections if s.document == name]
        if coded and target is not None:
            report.findings.append(
                coded[0].where.finding(
                    codes.IMPORT_UNKNOWN_DOCUMENT,
                    f"the text of document '{target}' cannot be read: its {len(coded)} selections are not imported",
                    "run sscorpus validate",
                )
            )
        elif coded:
            report.findings.append(
                coded[0].where.finding(
                    codes.IMPORT_UNKNOWN_DOCUMENT,
                    f"document '{name}' is no document of the catalog: its {len(coded)} selections are not imported",
                    "name its document id in the map's documents:, or give --document",
                )
            )
    return targets


def _meanings(
    project: ForeignProject,
    selections: list[ForeignSelection],
    others: set[str],
    code_map: CodeMap,
    schemas: SchemaSet,
    corpus: Corpus,
    report: Report,
) -> dict[str, Meaning]:
    """What each code means; a code that the chosen selections or their
    relations use and that means nothing is reported once, at the code. A
    selection's code that another of its codes stands below (an INCEpTION
    layer and a value of its feature, a QDA code and its sub-code) is no use
    of it: the code below says what the selection is (imported when it is
    mapped, else reported)."""
    meanings: dict[str, Meaning] = {}
    used: dict[str, int] = defaultdict(int)
    for selection in selections:
        for code in selection.codes:
            if not any(_below(project.codes, other, code) for other in selection.codes):
                used[code] += 1
    for relation in project.relations:
        if relation.source not in others:
            used[relation.code] += 1
            if relation.target_is_code:
                used[relation.target] += 1
    for code_id, foreign in project.codes.items():
        found = resolve(foreign, code_map, schemas, corpus)
        if found is not None:
            meanings[code_id] = found
        elif used[code_id]:
            named, path = code_map.entry(foreign)
            if path == IGNORE:
                report.findings.append(
                    foreign.where.finding(
                        codes.IMPORT_IGNORED_CODE,
                        f"code '{foreign.name}' is left out as the map says: {_uses(used[code_id])} not imported",
                    )
                )
                continue
            report.findings.append(
                foreign.where.finding(
                    codes.IMPORT_UNMAPPED_CODE,
                    f"code '{foreign.name}' {'is left empty in the map' if named else 'names no codebook path'}: "
                    f"{_uses(used[code_id])} not imported",
                    "map it to a codebook path in the map file (sscorpus import --suggest-map writes a start)",
                )
            )
    for code_id in sorted(set(used) - set(project.codes)):
        where = next((s.where for s in selections if code_id in s.codes), None)
        where = where or next((r.where for r in project.relations if code_id in (r.code, r.target)), None)
        report.findings.append(
            (where or Location(project.path, 0, 0)).finding(
                codes.IMPORT_UNMAPPED_CODE,
                f"code '{code_id}' is not in the file's codebook: {_uses(used[code_id])} not imported",
            )
        )
    return meanings


def _below(found: dict[str, ForeignCode], code_id: str, above_id: str) -> bool:
    """Whether the code ``code_id`` stands below the code ``above_id`` in the file's code tree."""
    code, above = found.get(code_id), found.get(above_id)
    if code is None or above is None or code_id == above_id:
        return False
    path = (*above.parents, above.name)
    return code.parents[: len(path)] == path


# -- selections ------------------------------------------------------------------------------


def _add(
    made: MadeFile,
    selection: ForeignSelection,
    meanings: dict[str, Meaning],
    project: ForeignProject,
    corpus: Corpus,
    schemas: SchemaSet,
    alignments: dict[str, Alignment],
    report: Report,
) -> None:
    """The annotations of one selection, or the findings that refuse it;
    ``alignments`` keeps the alignment of each foreign text that differs
    from the corpus text, by the foreign document's name."""
    text = corpus.documents[made.document].text
    assert text is not None  # a document whose text cannot be read is no target (_documents)
    if not selection.pieces and selection.quoted and selection.quoted.strip():
        index = corpus.index(made.document)
        assert index is not None
        pieces = _quoted_place(selection, index, report)
    else:
        pieces = _pieces(selection, project.texts.get(selection.document, text), text, alignments, report)
    if pieces is None:
        return
    if not selection.codes:
        report.findings.append(
            selection.where.finding(codes.IMPORT_UNSUPPORTED_SELECTION, f"selection {selection.id} has no code")
        )
        return
    mapped = [meanings[code] for code in selection.codes if code in meanings]
    if not mapped:
        return  # unmapped codes are reported at the code
    fields = selection.fields

    def refuse(message: str) -> None:
        report.findings.append(selection.where.finding(codes.IMPORT_UNSUPPORTED_SELECTION, message))

    spans = [m for m in mapped if m.type in codebook.SPAN_TYPES]
    types = {m.type for m in spans}
    if len(types) > 1:
        refuse(f"selection {selection.id} is coded as both {' and '.join(sorted(types))}: not imported")
        return
    if spans:
        type_ = spans[0].type
        kinds = {m.kind for m in spans if m.kind} or ({fields["kind"]} if fields.get("kind") else set())
        if len(kinds) != 1 or next(iter(kinds)) not in codebook.kinds(schemas, type_):
            what = f"the {type_} kinds {', '.join(sorted(kinds))}" if kinds else f"no {type_} kind"
            refuse(f"selection {selection.id} has {what}: not imported")
        else:
            item = _span_item(type_, next(iter(kinds)), pieces, selection, corpus, report)
            made.items.append(item)
            made.spans[selection.id] = item
    for meaning in mapped:
        if meaning.type in codebook.ENTITY_TYPES:
            if meaning.entity is None:
                refuse(f"selection {selection.id} is coded '{meaning.type}' with no entity: not imported")
                continue
            if (meaning.type, meaning.entity) in made.entities[selection.id] or any(
                i.section == "mentions" and i.pieces == pieces and i.values.get(meaning.type) == meaning.entity
                for i in made.items
            ):
                refuse(f"selection {selection.id}: the same mention of {meaning.entity} twice: imported once")
                continue
            values: dict[str, Any] = {meaning.type: meaning.entity}
            if fields.get("note") and not spans:
                values["note"] = fields["note"]
            made.items.append(Item("mentions", pieces, values, selection))
            made.entities[selection.id].append((meaning.type, meaning.entity))
        elif meaning.type == codebook.NOT_MENTION:
            if not fields.get("note"):
                refuse(f"selection {selection.id} is no mention but says not why (a note): not imported")
                continue
            made.items.append(Item("not_mentions", pieces, {"note": fields["note"]}, selection))
        elif meaning.is_relation:
            refuse(f"selection {selection.id} is coded with the relation '{meaning.path}', which links, not codes")


def _span_item(
    type_: str,
    kind: str,
    pieces: tuple[tuple[int, int], ...],
    selection: ForeignSelection,
    corpus: Corpus,
    report: Report,
) -> Item:
    """A claim or a piece of evidence; its id and links come later."""
    fields = selection.fields
    values: dict[str, Any] = {"id": None, "kind": kind}
    if type_ == "claim":
        if fields.get("hedged", "").strip().lower() == "true":
            values["hedged"] = True
        speaker = fields.get("speaker")
        if speaker:
            entity = corpus.entities.get(speaker)
            if entity is not None and entity.type == "actor":
                values["speaker"] = speaker
            else:
                report.findings.append(
                    selection.where.finding(
                        codes.IMPORT_RELATION,
                        f"claim {selection.id}: speaker '{speaker}' is no actor of the registry; left out",
                    )
                )
        values["about"] = []
        values["note"] = fields.get("note")
        return Item("claims", pieces, values, selection)
    values["source"] = fields.get("source")
    values["supports"] = []
    values["challenges"] = []
    values["note"] = fields.get("note")
    return Item("evidence", pieces, values, selection)


def _pieces(
    selection: ForeignSelection, foreign: str, text: str, alignments: dict[str, Alignment], report: Report
) -> tuple[tuple[int, int], ...] | None:
    """The selection's pieces in the corpus text, whitespace at their ends
    left out; None (and a finding) when they are no text, overlap, are not
    carried over to the corpus text, or are not the text the file quotes."""

    def refuse(code: codes.Code, message: str) -> None:
        report.findings.append(selection.where.finding(code, message))

    trimmed = []
    for start, end in sorted(selection.pieces):
        if not 0 <= start < end <= len(foreign):
            refuse(
                codes.IMPORT_EMPTY_SELECTION, f"selection {selection.id}: [{start}, {end}) is no text of its document"
            )
            return None
        passage = foreign[start:end]
        start += len(passage) - len(passage.lstrip())
        end -= len(passage) - len(passage.rstrip())
        if start < end:
            trimmed.append((start, end))
    if not trimmed:
        refuse(codes.IMPORT_EMPTY_SELECTION, f"selection {selection.id} selects no text")
        return None
    if any(b[0] < a[1] for a, b in itertools.pairwise(trimmed)):
        refuse(codes.IMPORT_UNSUPPORTED_SELECTION, f"selection {selection.id}: its pieces overlap")
        return None
    pieces = trimmed
    if foreign != text:
        alignment = alignments.get(selection.document)
        if alignment is None:
            alignment = alignments[selection.document] = Alignment(foreign, text)
        carried = [alignment.span(start, end) for start, end in trimmed]
        lost = [trimmed[i] for i, span in enumerate(carried) if span is None]
        if lost:
            start, end = lost[0]
            refuse(
                codes.IMPORT_TEXT_MISMATCH,
                f"selection {selection.id}: '{_short(foreign[start:end])}' is not in the corpus text as it was",
            )
            return None
        pieces = [span for span in carried if span is not None]
    if selection.quoted is not None:
        at = [text[start:end] for start, end in pieces]
        quoted = collapse(selection.quoted)
        if quoted not in (collapse(" ".join(at)), collapse("".join(at))):
            refuse(
                codes.IMPORT_QUOTE_MISMATCH,
                f"selection {selection.id} quotes '{_short(selection.quoted)}', but the corpus text there is "
                f"'{_short(' '.join(at))}'",
            )
            return None
    return tuple(pieces)


def _quoted_place(selection: ForeignSelection, index: TextIndex, report: Report) -> tuple[tuple[int, int], ...] | None:
    """The place in the corpus text of a selection given by its quote only
    (a web annotation with a TextQuoteSelector and no positions): the one
    place of its quote with its prefix and suffix, else with one of them,
    else of the quote alone; None (and a finding) when there is no one place."""
    context = [(selection.prefix, selection.suffix), (selection.prefix, None), (None, selection.suffix), (None, None)]
    for prefix, suffix in dict.fromkeys(context):
        found = index.resolve(Selector(collapse(selection.quoted or ""), prefix=prefix, suffix=suffix))
        if isinstance(found, Match):
            return ((found.start, found.end),)
    places = len(index.find_all(selection.quoted or ""))
    report.findings.append(
        selection.where.finding(
            codes.IMPORT_QUOTE_MISMATCH,
            f"selection {selection.id} quotes '{_short(selection.quoted or '')}' and gives no positions: "
            + ("the corpus text does not hold it" if not places else f"the corpus text holds it {places} times"),
            "give the selection's positions (a TextPositionSelector), or a prefix and suffix that tell one place",
        )
    )
    return None


def _short(text: str, most: int = 60) -> str:
    text = collapse(text)
    return text if len(text) <= most else text[: most - 3] + "..."


# -- relations ------------------------------------------------------------------------------------


def _validates(root: Path | None, result: Imported, schemas: SchemaSet, made: dict[Path, dict[str, Item]]) -> bool:
    """Whether the corpus with the new files validates with no error in
    them, and each of their annotations (``made``: by file and pointer)
    marks the passage it was made for. Their findings join the report, and
    each error is reported again at the foreign selection it comes from,
    where the user can see it."""
    after = check(root, schemas=schemas, overlay={p: t.encode("utf-8") for p, t in result.files.items()})
    own = [f for f in after.report.findings if f.path in result.files]
    result.report.extend(own)
    for finding in own:
        item = _item_at(made.get(finding.path, {}), finding.pointer)
        if finding.severity is codes.ERROR and item is not None:
            result.report.findings.append(
                item.source.where.finding(
                    codes.IMPORT_INVALID,
                    f"selection {item.source.id} would make an annotation that does not validate: "
                    f"{finding.code} {finding.message}",
                    finding.hint,
                )
            )
    if any(f.severity is codes.ERROR for f in own):
        return False
    wrong = []
    for file in after.corpus.files:
        records = {f"/{section}/{n}": r for section in SECTIONS for n, r in enumerate(getattr(file, section))}
        for pointer, item in made.get(file.path, {}).items():
            record = records.get(pointer)
            if record is None or record.span is None or record.span.pieces != item.pieces:
                where = record.where if record is not None else Location(file.path, 0, 0, pointer)
                wrong.append(where.finding(codes.INTERNAL_ERROR, f"{pointer} would not mark its passage (a bug)"))
    result.report.extend(wrong)
    return not wrong


def _item_at(made: dict[str, Item], pointer: str) -> Item | None:
    """The annotation made at ``pointer`` or above it (``/claims/0/note``: ``/claims/0``)."""
    parts = pointer.split("/")
    return made.get("/".join(parts[:3])) if len(parts) >= 3 else None
