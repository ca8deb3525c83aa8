"""The map file of an import: which foreign code is which codebook path, and
which foreign document is which document of the catalog.

A map is YAML, read with positions so that a bad entry is a finding at its
line::

    codes:
      "Claim: evaluative": claim/evaluative
      India: actor/india
      Endorses: about/endorses
      Backs up: supports
    documents:
      "Mthembu 2021.txt": mthembu-multilateralism

A key is a foreign code's name or id (the name wins when both are keys); a
value is a codebook path (``codebook.py``); ``ignore``: the code is left
out on purpose (its uses are counted in a warning); or nothing: the code is
left unmapped and its coding is reported as an error, not imported. A code whose name, or
whose recorded path, is a codebook path needs no entry (an sscorpus export
reads back with no map). ``suggest`` writes a starting map from a foreign
project's codes, each with its best guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import codes
from ..authoring.lookup import search
from ..corpus.loaded import LoadedFile, escape_pointer_token
from ..corpus.loading import load_file
from ..corpus.model import Corpus, Location
from ..corpus.schemas import SchemaSet
from ..corpus.yamledit import scalar
from ..findings import Finding, SetupError
from . import codebook
from .codebook import Meaning
from .foreign import ForeignCode, ForeignProject

#: the map's two sections
CODES = "codes"
#: the value that leaves a code out on purpose
IGNORE = "ignore"
DOCUMENTS = "documents"
#: a registry entity found by its name is a guess when it scores at least this (lookup's scale: 200 the same)
_SURE = 150.0
#: how many candidates a comment of the suggested map lists
_CANDIDATES = 5


@dataclass(slots=True)
class CodeMap:
    """A read map: foreign code name or id -> codebook path (None: left
    unmapped), foreign document name -> document id, and where each entry
    stands."""

    path: Path | None = None
    codes: dict[str, str | None] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    where: dict[str, Location] = field(default_factory=dict)

    def entry(self, code: ForeignCode) -> tuple[bool, str | None]:
        """Whether the map names ``code`` (by name, else by id), and the path it gives."""
        for key in (code.name, code.id):
            if key in self.codes:
                return True, self.codes[key]
        return False, None


def resolve(code: ForeignCode, code_map: CodeMap, schemas: SchemaSet, corpus: Corpus) -> Meaning | None:
    """What a foreign code means: the map's entry for it, else the path it
    records, else its name read as a path; None when nothing says."""
    named, path = code_map.entry(code)
    if named:
        return codebook.meaning(path, schemas, corpus) if path and path != IGNORE else None
    for candidate in _named_paths(code):
        if candidate:
            found = codebook.meaning(candidate, schemas, corpus)
            if found is not None:
                return found
    return None


def _named_paths(code: ForeignCode) -> tuple[str | None, ...]:
    """The paths a code may name by itself: the one it records, its name,
    and its name below its parent's ("evaluative" under "claim")."""
    below = f"{code.parents[-1]}{codebook.SEPARATOR}{code.name}".strip().lower() if code.parents else None
    return (code.path, code.name, below)


def read_map(path: Path, schemas: SchemaSet, corpus: Corpus) -> tuple[CodeMap, list[Finding]]:
    """Read a map file; every bad entry is a finding at its place and is
    left out (the rest of the map is used)."""
    loaded = load_file(path)
    code_map = CodeMap(path)
    findings = list(loaded.findings)
    data = loaded.data
    if loaded.findings or data is None:
        return code_map, findings
    if not isinstance(data, dict):
        findings.append(loaded.finding("", codes.IMPORT_MAP_ENTRY, "the map is not a mapping", _LAYOUT_HINT))
        return code_map, findings
    for key, value in data.items():
        pointer = f"/{escape_pointer_token(str(key))}"
        if key not in (CODES, DOCUMENTS):
            findings.append(
                loaded.finding(pointer, codes.IMPORT_MAP_ENTRY, f"unknown section '{key}'", _LAYOUT_HINT, key=True)
            )
            continue
        if value is None:
            continue
        if not isinstance(value, dict):
            findings.append(loaded.finding(pointer, codes.IMPORT_MAP_ENTRY, f"'{key}' is not a mapping", _LAYOUT_HINT))
            continue
        for name, target in value.items():
            found = _entry(loaded, code_map, str(key), str(name), target, schemas, corpus)
            if found is not None:
                findings.append(found)
    return code_map, findings


_LAYOUT_HINT = "write 'codes:' (foreign code: codebook path) and 'documents:' (foreign document: document id)"


def _entry(
    loaded: LoadedFile,
    code_map: CodeMap,
    section: str,
    name: str,
    target: object,
    schemas: SchemaSet,
    corpus: Corpus,
) -> Finding | None:
    """Record one entry of the map, or the finding that refuses it."""
    pointer = f"/{escape_pointer_token(section)}/{escape_pointer_token(name)}"
    line, column = loaded.locate(pointer)
    where = Location(loaded.path, line, column, pointer)
    if target is not None and not isinstance(target, str):
        return loaded.finding(pointer, codes.IMPORT_MAP_ENTRY, f"'{name}': the value is not a text", _LAYOUT_HINT)
    value = target.strip() if isinstance(target, str) else ""
    if section == DOCUMENTS:
        if not value:  # left empty: the document is found by its name, or reported
            return None
        if value not in corpus.documents:
            known = ", ".join(sorted(corpus.documents)) or "none"
            return where.finding(
                codes.IMPORT_MAP_DOCUMENT, f"'{value}' is no document of the catalog", f"documents: {known}"
            )
        code_map.documents[name] = value
    else:
        if value and value != IGNORE and codebook.meaning(value, schemas, corpus) is None:
            return where.finding(
                codes.IMPORT_MAP_PATH,
                f"'{value}' names nothing in the codebook",
                "a path is claim/<kind>, evidence/<kind>, actor|institution|principle/<registry id>, "
                "about/<stance>, supports, challenges, speaker or not_mention ('sscorpus import --suggest-map' "
                "lists them); 'ignore' leaves the code out on purpose",
            )
        code_map.codes[name] = value or None
    code_map.where[f"{section}/{name}"] = where
    return None


# -- a starting map ------------------------------------------------------------------------


def _all_paths(schemas: SchemaSet, corpus: Corpus) -> list[str]:
    return [code.path for code in codebook.codes(schemas, corpus)]


def guess(code: ForeignCode, schemas: SchemaSet, corpus: Corpus) -> tuple[str | None, list[str]]:
    """A code's best guess of a path, and the candidates that a person
    chooses from when there is none: a codebook path the code names or
    records; else a registry entity found by its name; else nothing."""
    for candidate in _named_paths(code):
        if candidate and codebook.meaning(candidate, schemas, corpus) is not None:
            return candidate.strip(), []
    hits = search(list(corpus.entities.values()), code.name, limit=_CANDIDATES)
    if hits and hits[0].score >= _SURE:
        return f"{hits[0].entity.type}/{hits[0].entity.id}", []
    word = code.name.strip().casefold()
    named = [path for path in _all_paths(schemas, corpus) if word and path.rsplit("/", 1)[-1].casefold() in word]
    candidates = [*named, *(f"{hit.entity.type}/{hit.entity.id}" for hit in hits)]
    return None, list(dict.fromkeys(candidates))[:_CANDIDATES]


def _guess_document(name: str, text: str | None, corpus: Corpus) -> str | None:
    """The document a foreign document is: the one whose text it is (line
    ends aside: a program on Windows keeps a text with CRLF), or whose id it
    is named by (``document_names``)."""
    if text is not None:
        for plain in (lambda t: t, _line_ends):
            same = [d.id for d in corpus.documents.values() if d.text is not None and plain(d.text) == plain(text)]
            if len(same) == 1:
                return same[0]
    return next((i for i in document_names(name) if i in corpus.documents), None)


def _line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_names(name: str) -> tuple[str, ...]:
    """The document ids a foreign document's name may be: the name, without
    its suffix, and its file name without the folders (``a/doc.txt``: ``doc``)."""
    return (name, name.rsplit(".", 1)[0], PurePosixPath(name.replace("\\", "/")).stem)


def suggestion(project: ForeignProject, schemas: SchemaSet, corpus: Corpus) -> str:
    """A starting map for ``project``: every code with its best guess, or
    left empty with a comment listing what it could be; every document with
    the catalog's document it is."""
    lines = [
        f"# Map of the codes of {project.path.name} ({project.format}) to the sscorpus codebook,",
        "# for 'sscorpus import --map'. Check every guess; fill in the empty ones (an empty entry",
        "# is reported, not imported). Paths: claim/<kind>, evidence/<kind>, actor/<id>,",
        "# institution/<id>, principle/<id>, about/<stance>, supports, challenges, speaker, not_mention.",
        f"{CODES}:",
    ]
    lines += list(_code_lines(project.codes.values(), schemas, corpus)) or ["  {}"]
    # the documents the file carries a text of, and those it codes or notes with none (a web page)
    names = dict.fromkeys(
        [*project.texts, *(s.document for s in project.selections), *(n.document for n in project.notes)]
    )
    if names:
        lines.append(f"{DOCUMENTS}:")
        for name in names:
            found = _guess_document(name, project.texts.get(name), corpus)
            lines.append(f"  {scalar(name)}: {scalar(found) if found else ''}".rstrip())
            if found is None:
                known = ", ".join(sorted(corpus.documents)[:_CANDIDATES]) or "none"
                lines.append(f"  # no document has this text or name; documents: {known}")
    return "\n".join(lines) + "\n"


def _code_lines(found: Iterable[ForeignCode], schemas: SchemaSet, corpus: Corpus) -> Iterator[str]:
    found = list(found)
    names = Counter(code.name for code in found)
    for code in found:
        path, candidates = guess(code, schemas, corpus)
        if path is None and candidates:
            yield f"  # could be: {', '.join(candidates)}"
        elif path is None:
            yield "  # names nothing of the codebook: choose a path (see above), or leave it empty"
        key = code.name
        if names[code.name] > 1:  # two codes of one name: each by its id
            key = code.id
            yield f"  # {' > '.join((*code.parents, code.name))}"
        yield f"  {scalar(key)}: {scalar(path) if path else ''}".rstrip()


def write_suggestion(project: ForeignProject, out: Path, schemas: SchemaSet, corpus: Corpus) -> None:
    """Write the starting map to ``out``; never over an existing file
    (SetupError)."""
    text = suggestion(project, schemas, corpus)
    try:
        with out.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise SetupError(f"{out} exists already; --suggest-map does not overwrite (choose another name)") from None
    except OSError as exc:
        raise SetupError(f"{out}: cannot write the map: {exc.strerror or exc}") from None
