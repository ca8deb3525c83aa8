"""``sscorpus curate``: write the agreements of two annotators into the gold
file of a document, and list the disagreements at its end.

The gold file is built as data: each agreed annotation is the first
annotator's item as read (quote, selectors, codes, note), written as YAML by
``yamledit`` in the columns of the list it joins, so an item read from a
JSON file, or a gold file indented by four, makes no difference. Without
``merge`` a new file is started; with it, the items the gold file lacks (by
their characters) are appended to its sections, leaving everything else as
it is, and the disagreements block is made anew with those gold has not
decided (``_undecided``).

Ids are the gold file's: a claim or piece of evidence keeps its annotator's
id unless gold already uses it, else it gets the next free one (``c2`` ->
``c3``); a merged piece of evidence supports and challenges the gold claims
that mark the characters of its annotator's claims (an agreed claim is in
gold already, or merged in the same run). The result is validated with the
rest of the corpus, and checked to mark the characters its annotators
marked, before it replaces anything; it is written through ``writing.Edit``.
A gold file in JSON is not edited: it cannot hold the disagreements block.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import codes
from ..checks.reporters import display_path
from ..checks.validate import check
from ..corpus.layout import DATA_SUFFIXES, Layout
from ..corpus.loaded import LoadedFile
from ..corpus.loading import load_file
from ..corpus.model import GOLD, AnnotationFile, Claim, Evidence, Location, Mention
from ..corpus.schemas import SchemaSet, load_schemas
from ..corpus.writing import Edit
from ..corpus.yamledit import EditError, append_items, item_lines, parse, value_at
from ..findings import Finding
from .curate import SECTIONS, Agreement, CurateError, Disagreement, agree
from .matching import Unit

DISAGREEMENTS_HEADING = "# == Disagreements to adjudicate"

Annotation = Mention | Claim | Evidence
Pieces = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Curated:
    """What ``curate`` wrote, or (``findings``) why it wrote nothing."""

    path: Path
    text: str = ""
    #: how many items each section received
    agreed: dict[str, int] = field(default_factory=dict)
    #: how many disagreements are listed at its end
    disagreements: int = 0
    #: how many gold has decided already (with ``merge``): not listed again
    decided: int = 0
    #: (type, annotator's id, gold id) of each item that came in under another id
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: why nothing was written, in a sentence (with ``findings``)
    why: str = ""

    @property
    def written(self) -> bool:
        return not self.findings


def gold_path(layout: Layout, document: str) -> tuple[Path, bool]:
    """The gold file of ``document`` and whether it exists (whichever of
    ``.yaml``, ``.yml``, ``.json`` is there; ``.yaml`` when none is)."""
    folder = layout.annotations_dir / GOLD
    for suffix in DATA_SUFFIXES:
        path = folder / f"{document}{suffix}"
        if path.exists() or path.is_symlink():
            return path, True
    return folder / f"{document}.yaml", False


def write_gold(
    root: Path,
    document: str,
    annotators: Sequence[str],
    *,
    merge: bool = False,
    date: dt.date | None = None,
    schemas: SchemaSet | None = None,
) -> Curated:
    """Write (or, with ``merge``, add to) the gold file of ``document`` from
    two annotators, under the corpus's lock. Nothing is written when the
    corpus has errors, or the result would not validate: ``findings`` say why.
    Raises CurateError for a usage problem (an annotator without a file, a
    gold file that exists without ``merge``)."""
    layout = Layout(root.resolve())
    schemas = schemas or load_schemas(layout.schemas_dir)
    with Edit(layout.root) as edit:
        checked = check(layout.root, schemas=schemas)
        path, exists = gold_path(layout, document)
        if checked.report.errors:
            return Curated(path, findings=checked.report.errors, why="the corpus has errors: fix them first")
        agreement = agree(checked.corpus, document, annotators)
        if exists and not merge:
            raise CurateError(
                f"{display_path(path, layout.root)} exists: adjudicated work is never "
                "overwritten (--merge adds the new agreements only)"
            )
        if exists and path.suffix.lower() == ".json":
            return Curated(path, findings=[_json_gold(path)], why="the gold file is JSON")
        gold = next((f for f in checked.corpus.files if f.path == path), None) if exists else None
        if exists and gold is None:
            raise CurateError(f"{display_path(path, layout.root)} is not read as an annotation file: not added to")
        try:
            curated, expected = _build(layout, path, agreement, gold, annotators, date or dt.date.today())
        except EditError as exc:
            where = Location(path, exc.line, 1 if exc.line else 0)
            return Curated(
                path,
                findings=[where.finding(codes.CURATE_LAYOUT, str(exc), _LAYOUT_HINT)],
                why="items cannot be added to the gold file as it is laid out",
            )
        data = curated.text.encode("utf-8")
        candidate = check(layout.root, schemas=schemas, overlay={path: data})
        curated.findings = candidate.report.errors or _marks_elsewhere(candidate.corpus.files, path, expected)
        if curated.findings:
            curated.why = (
                "the gold file as curate would write it does not hold (the findings are in that text, not on "
                "disk): this is a bug in sscorpus, please report it with the annotation files"
            )
        if curated.written:
            edit.write(path, data)
        return curated


_LAYOUT_HINT = (
    "write the section as a block list ('claims:' and its items on lines of their own, each '- '), or as "
    "'claims: []' when it is empty, then run curate --merge again"
)


def _json_gold(path: Path) -> Finding:
    return Location(path, 0, 0).finding(
        codes.CURATE_JSON_GOLD,
        f"{path.name} is JSON, which cannot hold the list of disagreements: curate --merge adds to YAML gold files",
        f"save it as {path.stem}.yaml (JSON is YAML: rename it, or convert it) and run curate --merge again",
    )


class _Ids:
    """The gold file's claim and evidence ids, and the gold id of each of
    the first annotator's claims."""

    def __init__(self, gold: AnnotationFile | None) -> None:
        units: list[Claim | Evidence] = [*gold.claims, *gold.evidence] if gold else []
        self.used = {a.id for a in units if a.id}
        self.claims: dict[str, str] = {}  # annotator's claim id -> gold's
        self.renamed: list[tuple[str, str, str]] = []

    def new(self, annotation: Claim | Evidence) -> str:
        wanted = annotation.id or annotation.type
        found, n = wanted, 1
        numbered = re.fullmatch(r"(.*?)(\d+)", wanted)
        while found in self.used:
            n += 1
            found = f"{numbered.group(1)}{int(numbered.group(2)) + n - 1}" if numbered else f"{wanted}-{n}"
        self.used.add(found)
        if found != wanted:
            self.renamed.append((annotation.type, wanted, found))
        return found


def _present(gold: AnnotationFile | None) -> dict[str, dict[Pieces, Annotation]]:
    """For each section, the gold file's annotations by their characters (the first of each)."""
    found: dict[str, dict[Pieces, Annotation]] = {section: {} for section in SECTIONS}
    if gold is not None:
        for section, annotations in (
            ("mentions", gold.mentions),
            ("not_mentions", gold.not_mentions),
            ("claims", gold.claims),
            ("evidence", gold.evidence),
        ):
            for a in annotations:
                if a.span:
                    found[section].setdefault(a.span.pieces, a)
    return found


@dataclass(frozen=True, slots=True)
class _Expected:
    """What an added item must mark in the result: its characters, and for
    evidence the characters of each claim it links, by relation."""

    section: str
    index: int
    pieces: Pieces
    links: tuple[tuple[str, Pieces], ...] = ()


def _build(
    layout: Layout,
    path: Path,
    agreement: Agreement,
    gold: AnnotationFile | None,
    annotators: Sequence[str],
    date: dt.date,
) -> tuple[Curated, list[_Expected]]:
    """The gold file's new text, and what each added item must mark."""
    sources = {f.path: load_file(f.path) for f in (agreement.first, agreement.second)}
    if gold is not None:
        raw = path.read_bytes().decode("utf-8")
        bom, crlf = raw.startswith("\ufeff"), "\r\n" in raw
        text = _without_disagreements(raw.removeprefix("\ufeff").replace("\r\n", "\n"))
    else:
        bom, crlf = False, False
        text = _header(agreement.first.document, annotators, date)
    base = parse(path, text)
    present = _present(gold)
    ids = _ids_of(agreement, gold, present)
    claims = {c.id: c.span.pieces for c in agreement.first.claims if c.id and c.span}
    expected: list[_Expected] = []
    added: dict[str, list[Any]] = {}
    for section in SECTIONS:
        items = added[section] = []
        start = len(base.data.get(section) or []) if isinstance(base.data, dict) else 0
        for annotation in agreement.agreed[section]:
            assert annotation.span is not None
            if annotation.span.pieces in present[section]:
                continue
            item = copy.deepcopy(value_at(sources[annotation.where.path].data, annotation.where.pointer))
            links: tuple[tuple[str, Pieces], ...] = ()
            if isinstance(annotation, Claim | Evidence):
                item["id"] = ids.claims[annotation.id or ""] if isinstance(annotation, Claim) else ids.new(annotation)
            if isinstance(annotation, Evidence):
                for relation in ("supports", "challenges"):
                    if relation in item:
                        item[relation] = [ids.claims[ref] for ref in item[relation]]
                links = tuple((relation, claims[ref.id]) for relation, ref in annotation.relations())
            expected.append(_Expected(section, start + len(items), annotation.span.pieces, links))
            items.append(item)
    # sections lower in the file first, so that a section's line stays where
    # the file has it when a finding must point at it; new sections at the end
    lines = base.key_positions if isinstance(base.data, dict) else {}
    order = sorted(SECTIONS, key=lambda s: -lines[f"/{s}"][0] if f"/{s}" in lines else SECTIONS.index(s))
    for section in order:
        text = append_items(text, parse(path, text), section, added[section])
    _same_data(path, base, text, added)
    gold_claims = {pieces: a.id for pieces, a in present["claims"].items() if isinstance(a, Claim) and a.id}
    added_claims = [e.pieces for e in expected if e.section == "claims"]
    gold_claims.update((pieces, item["id"]) for pieces, item in zip(added_claims, added["claims"], strict=True))
    notes = _IdNotes(agreement, gold_claims, ids.used)
    undecided = _undecided(agreement.disagreements, present)
    text = text.rstrip("\n") + "\n" + _disagreement_block(undecided, sources, notes, layout.root)
    if crlf:
        text = text.replace("\n", "\r\n")
    curated = Curated(
        path,
        ("\ufeff" if bom else "") + text,
        {section: len(items) for section, items in added.items()},
        len(undecided),
        len(agreement.disagreements) - len(undecided),
        ids.renamed,
    )
    return curated, expected


def _undecided(disagreements: list[Disagreement], present: dict[str, dict[Pieces, Annotation]]) -> list[Disagreement]:
    """The disagreements that gold has not decided: where it marks the characters of none of their
    versions with an annotation of their type (a version copied in, or one of its own), nor, for a
    mention, lists them among its ``not_mentions`` (a name turned down). Any other place that gold
    leaves unmarked stays listed: gold keeps no record of a claim or evidence turned down."""
    marked = {
        "mention": present["mentions"].keys() | present["not_mentions"].keys(),
        "claim": present["claims"].keys(),
        "evidence": present["evidence"].keys(),
    }
    return [d for d in disagreements if not any(unit.pieces in marked[unit.type] for unit in d.versions)]


def _ids_of(agreement: Agreement, gold: AnnotationFile | None, present: dict[str, dict[Pieces, Annotation]]) -> _Ids:
    """The gold id of every agreed claim: that of the gold claim with its
    characters, else a new one (its own when gold does not use it)."""
    ids = _Ids(gold)
    for claim in agreement.agreed["claims"]:
        assert isinstance(claim, Claim) and claim.span is not None and claim.id is not None
        there = present["claims"].get(claim.span.pieces)
        ids.claims[claim.id] = there.id if isinstance(there, Claim) and there.id else ""
    for claim in agreement.agreed["claims"]:
        assert isinstance(claim, Claim) and claim.id is not None
        if not ids.claims[claim.id]:
            ids.claims[claim.id] = ids.new(claim)
    return ids


def _same_data(path: Path, base: LoadedFile, text: str, added: Mapping[str, list[Any]]) -> None:
    """Refuse an edit that does not read back as the gold file's data with the new items added."""
    wanted = copy.deepcopy(base.data)
    for section, items in added.items():
        if items:
            wanted[section] = [*(wanted.get(section) or []), *items]
    if parse(path, text).data != wanted:
        raise EditError(f"the edited {path.name} would not read back as its data with the new items added")


def _header(document: str, annotators: Sequence[str], date: dt.date) -> str:
    return "\n".join(
        [
            "# yaml-language-server: $schema=../../schemas/annotation-file.schema.json",
            f"document: {document}",
            f"annotator: {GOLD}",
            "note: >-",
            f"  Adjudicated gold layer, started by sscorpus curate on {date.isoformat()} from annotators "
            f"{annotators[0]} and {annotators[1]}: the units they agree on are copied from {annotators[0]}'s "
            "file; each disagreement is listed at the end of this file and decided by the adjudicator, who "
            "records non-obvious decisions in notes.",
            "",
        ]
    )


def _without_disagreements(text: str) -> str:
    """``text`` without the disagreements block that curate wrote (its
    heading and the comment lines after it); what follows it stays."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(DISAGREEMENTS_HEADING)), None)
    if start is None:
        return text
    end = start + 1
    while end < len(lines) and lines[end].startswith("#"):
        end += 1
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    return "\n".join(lines[:start] + lines[end:])


class _IdNotes:
    """What the ids of a version in the disagreements block are in gold: a
    version copied in must name gold's claims, not its annotator's."""

    def __init__(self, agreement: Agreement, gold_claims: Mapping[Pieces, str], used: set[str]) -> None:
        self.files = {agreement.first.annotator: agreement.first, agreement.second.annotator: agreement.second}
        self.gold_claims, self.used = gold_claims, used

    def __call__(self, unit: Unit) -> str | None:
        annotation = unit.annotation
        said = []
        if isinstance(annotation, Claim) and annotation.id:
            there = self.gold_claims.get(unit.pieces)
            if there is not None:
                said.append(f"gold has this claim as {there}")
            elif annotation.id in self.used:
                said.append(f"gold uses {annotation.id} for other characters: give this claim another id")
        if isinstance(annotation, Evidence):
            claims = {c.id: c.span.pieces for c in self.files[unit.annotator].claims if c.id and c.span}
            for _, ref in annotation.relations():
                there = self.gold_claims.get(claims.get(ref.id, ()))
                if there is None:
                    said.append(f"{ref.id} is not in gold yet")
                elif there != ref.id:
                    said.append(f"{ref.id} is {there} in gold")
            if annotation.id in self.used:
                said.append(f"gold uses {annotation.id} already: give this evidence another id")
        return f"# ids in gold: {'; '.join(dict.fromkeys(said))}" if said else None


def _disagreement_block(
    disagreements: list[Disagreement], sources: Mapping[Path, LoadedFile], notes: _IdNotes, root: Path
) -> str:
    if not disagreements:
        return f"\n{DISAGREEMENTS_HEADING}: none ==\n"
    out = [
        "",
        f"{DISAGREEMENTS_HEADING}: {len(disagreements)} ==",
        "# Each is left out of the file above. Decide by the guidelines: copy the version that holds (or",
        "# write a new one) into its section, record a non-obvious decision in its note, then delete the",
        "# entry here. Versions are as their annotators wrote them, with their ids; where gold's ids",
        "# differ, a line above the version says so: a version copied in must name gold's claims.",
        "#",
    ]
    ordered = sorted(disagreements, key=lambda d: min(u.start for u in d.versions))
    for n, found in enumerate(ordered, 1):
        out.append(f"# {n}. {found.what}")
        for unit in found.versions:
            out.append(f"#   {unit.annotator}: {unit.type} {unit.id}, {display_path(unit.path, root)}:{unit.line}")
            item = value_at(sources[unit.path].data, unit.annotation.where.pointer)
            note = notes(unit)
            out += [f"#     {line}" for line in ([f"  {note}"] if note else []) + item_lines(item, 2, 4)]
        out.append("#")
    return "\n".join(out) + "\n"


def _marks_elsewhere(files: Sequence[AnnotationFile], path: Path, expected: Sequence[_Expected]) -> list[Finding]:
    """An internal error for each added item that, in the validated result,
    does not mark the characters its annotators marked (a bug: never written)."""
    gold = next((f for f in files if f.path == path), None)
    if gold is None:
        return [Location(path, 0, 0).finding(codes.INTERNAL_ERROR, "the gold file written would not be read")]
    sections: dict[str, Sequence[Annotation]] = {
        "mentions": gold.mentions,
        "not_mentions": gold.not_mentions,
        "claims": gold.claims,
        "evidence": gold.evidence,
    }
    claims = {c.id: c.span.pieces for c in gold.claims if c.id and c.span}
    wrong = []
    for item in expected:
        annotations = sections[item.section]
        annotation = annotations[item.index] if item.index < len(annotations) else None
        marks = annotation.span.pieces if annotation is not None and annotation.span else None
        links = (
            sorted((r, claims.get(ref.id, ())) for r, ref in annotation.relations())
            if isinstance(annotation, Evidence)
            else []
        )
        if marks != item.pieces or links != sorted(item.links):
            where = annotation.where if annotation is not None else Location(path, 0, 0)
            wrong.append(
                where.finding(
                    codes.INTERNAL_ERROR,
                    "curate would write this item marking other characters than its annotators marked (a bug "
                    "in sscorpus, please report it): nothing was written",
                )
            )
    return wrong
