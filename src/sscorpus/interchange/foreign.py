"""Another tool's coding as a reader finds it in a file, before anything is
mapped or anchored: codes, coded selections of text by position, and the
relations between them.

A reader keeps what the file says and where it says it (``Location``:
file, line, column of the element or line in the foreign file; column 0
when only the file is known, as inside a zip member). It maps nothing and
drops nothing: ``importing.py`` decides, and reports what it cannot carry.
A file a reader cannot read at all gives findings, not an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.model import Location
from ..findings import Finding


@dataclass(frozen=True, slots=True)
class ForeignCode:
    """A code of the foreign codebook (a QDA code, a brat type, a UIMA type
    or feature value, a web annotation body value).

    ``id`` is how selections refer to it in the file; ``name`` is what the
    other tool shows; ``parents`` the names of the codes above it, top
    first. A code that sscorpus wrote has its codebook path as ``name`` or
    in ``path`` (``codebook.py``)."""

    id: str
    name: str
    where: Location
    parents: tuple[str, ...] = ()
    #: the sscorpus codebook path, when the file records it
    path: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignSelection:
    """A coded stretch of one document's text.

    ``pieces`` are offsets in the document's text **as the foreign file
    holds it** (``ForeignProject.texts``), converted by the reader to
    Unicode code points, 0-based, end-exclusive (the unit of sscorpus); a
    discontinuous selection has several. ``quoted`` is the text the file
    says the selection covers, when it says (a brat ``.ann`` line, a web
    annotation's ``exact``; a discontinuous one's pieces joined by a space).

    A selection the file gives by its text only (a web annotation with a
    TextQuoteSelector and no TextPositionSelector) has no ``pieces`` and its
    ``quoted`` text, with ``prefix`` and ``suffix`` where the file gives them:
    the importer has to find it in the text."""

    id: str
    document: str
    pieces: tuple[tuple[int, int], ...]
    codes: tuple[str, ...]
    where: Location
    quoted: str | None = None
    #: who coded it, as the file names them (a QDA user, a web annotation's creator)
    creator: str | None = None
    #: the selection's other values by sscorpus field name, as strings:
    #: ``id`` (the annotation id sscorpus gave it), ``kind``, ``hedged``
    #: ("true"/"false"), ``note``, ``source``, ``speaker`` (an actor id)
    fields: Mapping[str, str] = field(default_factory=dict)
    #: the text just before and just after the selection, where the file says
    #: (a TextQuoteSelector's ``prefix`` and ``suffix``; a discontinuous
    #: selection's before its first piece and after its last)
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignRelation:
    """A relation from a selection to a selection or to a code (a claim
    about an entity with no span of its own is a link to the entity's
    code). ``code`` is the relation's type as a ``ForeignCode`` id."""

    id: str
    code: str
    source: str
    target: str
    where: Location
    #: whether ``target`` is a selection id or a code id
    target_is_code: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ForeignNote:
    """A note on a whole document, not on a stretch of it: an annotation
    file's own ``note`` (a web annotation's page note)."""

    document: str
    note: str
    where: Location
    creator: str | None = None


@dataclass(slots=True)
class ForeignProject:
    """Everything a reader found in one foreign file or folder."""

    path: Path
    #: the format's name (``formats.FORMATS``)
    format: str
    codes: dict[str, ForeignCode] = field(default_factory=dict)
    #: each document's text as the file carries it, by the file's name for the document
    texts: dict[str, str] = field(default_factory=dict)
    selections: list[ForeignSelection] = field(default_factory=list)
    relations: list[ForeignRelation] = field(default_factory=list)
    #: notes on whole documents (an annotation file's note), in the file's order
    notes: list[ForeignNote] = field(default_factory=list)
    #: what the reader could not read (a malformed line, a missing member)
    findings: list[Finding] = field(default_factory=list)
