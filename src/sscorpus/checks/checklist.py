"""The checks, in the order they run, and the driver that runs them.

A validation run is a pipeline: find and read the files (``file``), parse
them (``yaml``, ``json``), hold them against the schemas (``schema``), build
the model, then run the checks of the model in order. Every finding code
belongs to exactly one check, named by the code's prefix (``codes.py``: a
code that another check emits says why); ``sscorpus validate --list-checks``
prints this list, and the README's table of codes is generated from it.

A check is either a function of the model (``run``) or a *phase*: the work
that makes its findings is part of loading, and ``phase`` says when. The
phases are parsing, the schemas, the citation file, and anchoring: every
reader of the model (checks, exports, the site, agreement) needs each
annotation's span, so quotes are anchored once, as the model is built; what
anchoring finds is recorded there with the file's other findings (the
``LoadedFile``'s, beside those of parsing and the schema), and no check goes
over the model again to collect it. (An ``Unanchored`` annotation keeps only
the reason, for ``rehash``.) The ``file`` check is both: files are found and
read while loading, and whether each is where its content says is a
function of the model. The commands' own checks (``curate``, ``rehash``)
are phases of those commands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import codes
from ..codes import CODES, Code
from ..corpus.model import Corpus, Document, Location
from ..findings import Finding
from . import texts
from .catalog_values import check_values
from .cells import string_findings
from .entities import check_entities
from .identity import check_files, check_ids, check_mentions
from .references import check_evidence, check_references

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Check:
    """A named unit of validation: a function of the model (``run``), or a
    phase of loading or of a command (``phase`` says when its findings are
    made), or both (``file``). Its name is the prefix of its codes."""

    name: str
    description: str
    run: Callable[[Corpus], Iterable[Finding]] | None = None
    #: when the findings are made, for a check whose work is part of loading or of a command
    phase: str | None = None

    @property
    def codes(self) -> list[Code]:
        return [code for code in CODES.values() if code.check == self.name]


# -- checks of the model -------------------------------------------------------------


def check_texts(corpus: Corpus) -> Iterator[Finding]:
    """What each text holds: characters that no cell or terminal shows as
    they are, line ends, paragraphs (the catalog check compares each text
    with its entry)."""
    for document in corpus.documents.values():
        if document.text is None:
            continue
        issues = texts.inspect(document.text)
        index = corpus.index(document.id) if issues else None  # the index only to place what was found
        if index is not None:
            for issue in issues:
                line, column = index.line_column(issue.offset)
                yield Location(document.text_file, line, column).finding(issue.code, issue.message, issue.hint)


def check_catalog(corpus: Corpus) -> Iterator[Finding]:
    """Every text of texts/ is catalogued (when the whole catalog was read);
    each catalogued text can be read and is the text the catalog describes;
    the catalog's values fit the exports (``catalog_values``)."""
    known = {d.text_file.name for d in corpus.document_list}
    texts = corpus.catalog_path.parent.glob("*.txt") if corpus.catalog_ids is None else ()
    for path in sorted(texts):
        if path.name not in known:
            yield Location(path, 0, 0).finding(
                codes.UNCATALOGUED_TEXT,
                f"text file {path.name} is not in the catalog",
                "describe it in texts/catalog.yaml, or remove it",
            )
    for document in corpus.documents.values():
        yield from _catalogued_text(document)
    yield from check_values(corpus)


def _catalogued_text(document: Document) -> Iterator[Finding]:
    problem = document.text_problem
    if problem is not None and problem.code.check == "catalog":  # a link out of the corpus is the file check's
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
        document.actual_sha256 is not None and document.sha256 is not None and document.sha256 != document.actual_sha256
    ):
        yield document.at("sha256").finding(
            codes.TEXT_CHECKSUM,
            f"{name} has changed: its SHA-256 is {document.actual_sha256}, the catalog says {document.sha256}",
            "annotations are anchored to the text as catalogued; restore the text, or, if you corrected it "
            f"on purpose, run 'sscorpus rehash {document.id}': it records the new sha256 and characters and "
            "reports every quote the change moved or broke",
        )
    if document.text is not None and document.characters is not None and document.characters != len(document.text):
        yield document.at("characters").finding(
            codes.TEXT_LENGTH,
            f"{name} has {len(document.text)} characters, the catalog says {document.characters}",
            "offsets count Unicode code points; if the text is the right one, run "
            f"'sscorpus rehash {document.id}' to record its length and checksum",
        )


def check_cells(corpus: Corpus) -> Iterator[Finding]:
    """Every value the exports take from the corpus (registry, annotations,
    the texts' quotes and headings) fits a workbook cell and a CSV field
    unchanged: the export's own rules on the model's strings, so that what
    ``export`` would refuse fails ``validate`` (and its hook)."""
    yield from string_findings(corpus)


_LOADING = "while the files are found and read"

#: every check, in the order it runs (the phases of loading first)
CHECKS: tuple[Check, ...] = (
    Check(
        "file",
        "which files make up the corpus (annotation folders, texts/, files that are not read); each file can be "
        "read, is UTF-8 and not empty; one annotation file per document and annotator, named after them",
        check_files,
        phase=f"{_LOADING}; where each file is, on the model",
    ),
    Check(
        "yaml",
        "each YAML file is well-formed YAML 1.2, without the YAML features sscorpus does not use",
        phase="while each file is parsed",
    ),
    Check("json", "each JSON file is well-formed JSON", phase="while each file is parsed"),
    Check("schema", "each file against its JSON Schema: every error, with its line", phase="as each file is loaded"),
    Check(
        "anchor",
        "each quote (and each not_body item) selects exactly one place in its text",
        phase="as the model is built: every reader of the model needs the spans",
    ),
    Check(
        "citation",
        "CITATION.cff, when there is one, follows the Citation File Format 1.2.0",
        phase="as CITATION.cff is read",
    ),
    Check(
        "catalog",
        "every text is catalogued; each catalogued text can be read and has the catalog's SHA-256 and length; every "
        "value of the catalog can be exported unchanged, and every date is a day of the calendar",
        check_catalog,
    ),
    Check("text", "what the texts hold: characters, line ends, paragraphs", check_texts),
    Check("id", "every id once: documents, entities, the claims and evidence of a file", check_ids),
    Check("mention", "no two mentions of one entity mark the same text", check_mentions),
    Check(
        "entity",
        "names hold no bidirectional controls, no name, alias or acronym names two entities, no two entities "
        "have nearly the same name, and every entity is mentioned (full runs only)",
        check_entities,
    ),
    Check(
        "ref",
        "every id that is named resolves to an entity, claim or document of the right type, and a claim links "
        "each entity once",
        check_references,
    ),
    Check("evidence", "evidence marks more than the text of the claim it supports or challenges", check_evidence),
    Check(
        "export",
        "every value the exports take from the annotations and the registry fits a workbook cell and a CSV field "
        "unchanged (the catalog's values are the catalog check's; export checks every cell again as it writes it, "
        "and the length of its tables)",
        check_cells,
    ),
    Check("curate", "the gold file can be added to, and what is added validates", phase="in curate --merge"),
    Check(
        "rehash",
        "every annotation of a corrected text still marks its own passage",
        phase="in rehash, for the files of the corrected text",
    ),
    Check(
        "xmi",
        "an INCEpTION / UIMA CAS XMI file can be read: XML, type system, offsets, pieces and relations",
        phase="in import, as the XMI file is read",
    ),
    Check(
        "import",
        "everything a foreign file codes is carried into the annotation files, or reported where the file says it",
        phase="in import, for the foreign file and its map",
    ),
    Check(
        "internal",
        "sscorpus itself failing on a file or a check is reported, never hidden",
        phase="wherever sscorpus fails",
    ),
)


def list_checks() -> str:
    """The checks in order, each with the codes it emits (``validate --list-checks``)."""
    lines = []
    for number, check in enumerate(CHECKS, 1):
        lines.append(f"{number:2}. {check.name}: {check.description}")
        if check.phase is not None:
            lines.append(f"      (runs {check.phase})")
        for code in check.codes:
            lines.append(f"      {code} ({code.severity.value}): {code.explanation}")
            if code.why is not None:
                lines.append(f"        (emitted by the {check.name} check: {code.why})")
    return "\n".join(lines) + "\n"


def run_checks(corpus: Corpus, skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Run the checks of the model in order (but those named in ``skip``); a
    check that fails inside sscorpus is reported and does not stop the others."""
    findings: list[Finding] = []
    for check in CHECKS:
        if check.run is None or check.name in skip:
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
