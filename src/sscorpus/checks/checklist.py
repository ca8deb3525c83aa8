"""The checks, in the order they run, and the driver that runs them.

A validation run is a pipeline: find the files (``discover``), read them
(``parse``), hold them against the schemas (``schema``), build the model,
then run the checks of the model in order. Every finding code belongs to
exactly one check (``codes.py``); ``sscorpus validate --list-checks`` prints
this list, and the README's table of codes is generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from rapidfuzz import fuzz, process

from .. import codes
from ..codes import CODES, Code
from ..corpus.model import AnnotationFile, Claim, Corpus, Entity, Evidence, Location, Span, Unanchored
from ..findings import Finding
from . import texts
from .catalog_values import check_catalog
from .references import check_references
from .stats import never_mentioned

T = TypeVar("T")

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Check:
    """A named unit of validation. Checks of the model have ``run``; the
    first three run while the files are found and read."""

    name: str
    description: str
    run: Callable[[Corpus], Iterable[Finding]] | None = None

    @property
    def codes(self) -> list[Code]:
        return [code for code in CODES.values() if code.check == self.name]


# -- checks of the model -------------------------------------------------------------


def check_texts(corpus: Corpus) -> Iterator[Finding]:
    """Each catalogued text can be read, and is the text the catalog describes."""
    for document in corpus.documents.values():
        problem = document.text_problem
        if problem is not None:
            yield document.at("text").finding(problem.code, problem.message, problem.hint)
        name = document.text_file.name
        if document.actual_sha256 is not None and not _SHA256.fullmatch(document.sha256 or ""):
            length = f"characters: {len(document.text)}" if document.text is not None else "characters"
            yield document.at("sha256").finding(
                codes.TEXT_CHECKSUM,
                f"the catalog records no SHA-256 for {name} yet",
                f"write sha256: {document.actual_sha256} and {length}, or run "
                f"'sscorpus rehash {document.id}', which writes both",
            )
        elif (
            document.actual_sha256 is not None
            and document.sha256 is not None
            and document.sha256 != document.actual_sha256
        ):
            yield document.at("sha256").finding(
                codes.TEXT_CHECKSUM,
                f"{name} has changed: its SHA-256 is {document.actual_sha256}, the catalog says {document.sha256}",
                "annotations are anchored to the text as catalogued; restore the text, or, if you corrected it "
                f"on purpose, run 'sscorpus rehash {document.id}': it records the new sha256 and characters and "
                "reports every quote the change moved or broke",
            )
        index = corpus.index(document.id)
        if document.text is not None and index is not None:
            for issue in texts.inspect(document.text):
                line, column = index.line_column(issue.offset)
                yield Location(document.text_file, line, column).finding(issue.code, issue.message, issue.hint)
        if document.text is not None and document.characters is not None and document.characters != len(document.text):
            yield document.at("characters").finding(
                codes.TEXT_LENGTH,
                f"{name} has {len(document.text)} characters, the catalog says {document.characters}",
                "offsets count Unicode code points; if the text is the right one, run "
                f"'sscorpus rehash {document.id}' to record its length and checksum",
            )


def check_anchors(corpus: Corpus) -> Iterator[Finding]:
    """Every quote (and every ``not_body`` item) selects exactly one place."""
    for document in corpus.document_list:
        for item in document.not_body:
            if isinstance(item.excluded, Unanchored):
                yield from item.excluded.findings
    for file in corpus.files:
        for annotation in (*file.annotations(), *file.not_mentions):
            if isinstance(annotation.anchor, Unanchored):
                yield from annotation.anchor.findings


def duplicates(items: Iterable[T], key: Callable[[T], Hashable | None]) -> Iterator[tuple[T, T]]:
    """(first, repeat) for every item whose key an earlier item already has;
    items whose key is None are skipped."""
    first: dict[Hashable, T] = {}
    for item in items:
        value = key(item)
        if value is None:
            continue
        if value in first:
            yield first[value], item
        else:
            first[value] = item


def check_identity(corpus: Corpus) -> Iterator[Finding]:
    """Every id once: documents, entities, the claims and evidence of a file,
    a mention of one entity at one span, one file per document and
    annotator, one link per entity and claim; files are where they say."""
    for first, repeat in duplicates(corpus.document_list, lambda d: d.id):
        yield repeat.at("id").finding(
            codes.ID_DUPLICATE,
            f"document id '{repeat.id}' is already used on line {first.at('id').line}",
            "give each document its own id",
        )
    for first_entity, entity in duplicates(corpus.entity_list, lambda e: e.id):
        yield entity.id_where.finding(
            codes.ID_DUPLICATE,
            f"entity id '{entity.id}' is already used by the {first_entity.type} on line {first_entity.id_where.line}",
            "ids name one entity across the whole registry; merge the two or rename one",
        )
    for first_file, file in duplicates(corpus.files, lambda f: (f.document, f.annotator)):
        yield file.document_where.finding(
            codes.FILE_DUPLICATE,
            f"{first_file.path.name} already holds annotator '{file.annotator}' on '{file.document}'",
            "keep one file per document and annotator",
        )
    for file in corpus.files:
        yield from _file_place(file)
        for first_mention, mention in duplicates(
            file.mentions,
            lambda m: (m.entity_id, m.anchor.pieces) if m.entity_id and isinstance(m.anchor, Span) else None,
        ):
            yield mention.where.finding(
                codes.MENTION_DUPLICATE,
                f"this mention of '{mention.entity_id}' marks the same text as the one on line "
                f"{first_mention.where.line}",
                "remove one of the two",
            )
        units: list[Claim | Evidence] = [*file.claims, *file.evidence]
        for first_unit, unit in duplicates(units, lambda a: a.id):
            assert unit.id_where is not None and first_unit.id_where is not None
            yield unit.id_where.finding(
                codes.ID_DUPLICATE,
                f"id '{unit.id}' is already used by the {first_unit.type} on line {first_unit.id_where.line}",
                "claims and evidence of one file need distinct ids",
            )
        for claim in file.claims:
            if len({link.target.id for link in claim.about}) == len(claim.about):
                continue  # the common case: every entity linked once
            for _, link in duplicates(claim.about, lambda link: link.target.id):
                yield link.where.finding(
                    codes.DUPLICATE_LINK,
                    f"the claim already links {link.target.expected} '{link.target.id}'",
                    "link each entity once, with one stance",
                )


def _file_place(file: AnnotationFile) -> Iterator[Finding]:
    path = file.path
    if path.stem != file.document:
        yield file.document_where.finding(
            codes.FILE_PATH_MISMATCH,
            f"the file names document '{file.document}' but is called {path.name}",
            f"rename the file to {file.document}{path.suffix}, or correct 'document'",
        )
    if path.parent.name != file.annotator:
        yield file.annotator_where.finding(
            codes.FILE_PATH_MISMATCH,
            f"the file names annotator '{file.annotator}' but is in folder {path.parent.name}/",
            f"move the file to annotations/{file.annotator}/, or correct 'annotator'",
        )


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


#: how alike (rapidfuzz's ratio, 0-100) two names of different entities may be
#: before they are reported as a likely duplicate; shorter names are left
#: out, where one letter makes another word ("India", "Indian")
NEAR_DUPLICATE = 90
NEAR_DUPLICATE_MIN_LENGTH = 8
#: how alike two words that differ must be to be one word spelt two ways
#: ("organisation", "organization": 92; "defence", "defense": 86; "centre",
#: "center": 83), and not two words ("north", "south": 60; "US", "UK": 50)
SPELLING_VARIANT = 80
_WORDS = re.compile(r"[^\W_]+")


def spelling_variants(first: str, second: str) -> bool:
    """Whether two names differ only in the spelling of their words (and in
    words one of them adds): every word that one has in place of a word of
    the other is that word spelt another way. "North-South cooperation" and
    "South-South cooperation" differ in a word, so they are two names."""
    a, b = _WORDS.findall(first), _WORDS.findall(second)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and fuzz.ratio("".join(a[i1:i2]), "".join(b[j1:j2])) < SPELLING_VARIANT:
            return False
    return True


_NAME_BIDI = re.compile(f"[{texts.BIDI_CONTROLS}]")


def _name_characters(entity: Entity) -> Iterator[Finding]:
    """A bidirectional control in a name reorders what is shown beside it
    (control characters are the export check's: no cell holds them)."""
    for name, where in zip(entity.names(), entity.name_places, strict=False):
        found = _NAME_BIDI.search(name)
        if found:
            yield where.finding(
                codes.ENTITY_BIDI_CONTROL,
                f"the name '{name}' of {entity.type} '{entity.id}' holds the invisible bidirectional control "
                f"U+{ord(found.group()):04X} at its character {found.start() + 1}",
                "delete it: a name is written as the text writes it, in visible characters",
            )


def check_registry(corpus: Corpus) -> Iterator[Finding]:
    """Names that hold control characters; two entities that one name (alias,
    acronym) could mean: a name shared by two, or names so alike that one
    entity was probably added twice."""
    for entity in corpus.entity_list:
        yield from _name_characters(entity)
    owners: dict[str, list[Entity]] = {}
    for entity in corpus.entities.values():
        for name in {_normal(n) for n in entity.names() if n.strip()}:
            owners.setdefault(name, []).append(entity)
    for name, entities in owners.items():
        for other in entities[1:]:
            first = entities[0]
            yield other.id_where.finding(
                codes.ENTITY_SHARED_NAME,
                f"{other.type} '{other.id}' and {first.type} '{first.id}' (line "
                f"{first.id_where.line}) are both called '{name}'",
                "a name, alias or acronym should name one entity: keep it on the entity the texts mean by it, or "
                "merge the two",
            )
    names = sorted(n for n in owners if len(n) >= NEAR_DUPLICATE_MIN_LENGTH)
    if len(names) < 2:
        return
    scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, workers=1)
    reported: set[tuple[str, str]] = set()
    for i, j in zip(*scores.nonzero(), strict=True):
        if i >= j or not spelling_variants(names[i], names[j]):
            continue
        for a in owners[names[i]]:
            for b in owners[names[j]]:
                pair = (min(a.id, b.id), max(a.id, b.id))
                if a.id == b.id or pair in reported:
                    continue
                reported.add(pair)
                later, earlier = (a, b) if a.id_where.line > b.id_where.line else (b, a)
                yield later.id_where.finding(
                    codes.ENTITY_NEAR_DUPLICATE,
                    f"{later.type} '{later.id}' ('{names[i] if later is a else names[j]}') is nearly the same as "
                    f"{earlier.type} '{earlier.id}' ('{names[j] if later is a else names[i]}', line "
                    f"{earlier.id_where.line})",
                    "if they are one entity, keep one id and make the other name an alias; if not, a note on each "
                    "saying how they differ helps the next annotator",
                )


def check_coverage(corpus: Corpus) -> Iterator[Finding]:
    """Every registry entity is mentioned somewhere (only when every
    annotation file was read)."""
    if not corpus.complete:
        return
    for entity in never_mentioned(corpus):
        yield entity.id_where.finding(
            codes.ENTITY_UNMENTIONED,
            f"{entity.type} '{entity.id}' is never mentioned in any document",
            "add its mentions, or remove it from the registry",
        )


def check_cells(corpus: Corpus) -> Iterator[Finding]:
    """Every value the exports take from the corpus (registry, annotations,
    the texts' quotes and headings) fits a workbook cell and a CSV field
    unchanged: the export's own rules on the model's strings, so that what
    ``export`` would refuse fails ``validate`` (and its hook)."""
    from .cells import string_findings

    yield from string_findings(corpus)


#: every check, in the order it runs
CHECKS: tuple[Check, ...] = (
    Check("discover", "which files make up the corpus: annotation folders, texts/, files that are not read"),
    Check(
        "parse",
        "each file is UTF-8 and well-formed YAML 1.2 (or JSON), without the YAML features sscorpus does not use",
    ),
    Check("schema", "each file against its JSON Schema: every error, with its line"),
    Check("texts", "each catalogued text can be read and has the catalog's SHA-256 and length", check_texts),
    Check(
        "catalog",
        "every value of the catalog can be exported unchanged, and every date is a day of the calendar",
        check_catalog,
    ),
    Check("anchors", "each quote (and each not_body item) selects exactly one place in its text", check_anchors),
    Check("identity", "every id once; one file per document and annotator, named after them", check_identity),
    Check(
        "registry",
        "names hold no control characters, no name, alias or acronym names two entities, and no two entities "
        "have nearly the same name",
        check_registry,
    ),
    Check(
        "references",
        "every id that is named resolves to an entity, claim or document of the right type",
        check_references,
    ),
    Check("coverage", "every registry entity is mentioned (full runs only)", check_coverage),
    Check("citation", "CITATION.cff, when there is one, follows the Citation File Format 1.2.0"),
    Check(
        "export",
        "every value the exports take from the annotations and the registry fits a workbook cell and a CSV field "
        "unchanged (the catalog's values are the catalog check's; export checks every cell again as it writes it, "
        "and the length of its tables)",
        check_cells,
    ),
    Check("curate", "(curate only) the gold file can be added to, and what is added validates"),
    Check("rehash", "(rehash only) every annotation of a corrected text still marks its own passage"),
    Check("internal", "sscorpus itself failing on a file or a check is reported, never hidden"),
)


def list_checks() -> str:
    """The checks in order, each with the codes it emits (``validate --list-checks``)."""
    lines = []
    for number, check in enumerate(CHECKS, 1):
        lines.append(f"{number:2}. {check.name}: {check.description}")
        lines += [f"      {code} ({code.severity.value}): {code.explanation}" for code in check.codes]
    return "\n".join(lines) + "\n"


def run_checks(corpus: Corpus) -> list[Finding]:
    """Run the checks of the model in order; a check that fails inside
    sscorpus is reported and does not stop the others."""
    findings: list[Finding] = []
    for check in CHECKS:
        if check.run is None:
            continue
        try:
            findings.extend(check.run(corpus))
        except Exception as exc:  # noqa: BLE001 - one check's bug must not hide the others
            findings.append(
                Location(corpus.root, 0, 0).finding(
                    codes.INTERNAL_ERROR,
                    f"the {check.name} check failed: {type(exc).__name__}: {exc}; "
                    "this is a bug in sscorpus, please report it",
                )
            )
    return findings
