"""The export's record of what made it (``checksums.json``), so that
``export --check`` is a comparison of checksums when nothing changed.

The record holds the SHA-256 of the inputs (the value of the About sheet:
catalog, registry, texts and annotation files; with the texts the catalog
names, so that it can be computed again without reading the catalog), of
the schemas and of CITATION.cff, of the code that rendered the files (every
file of the sscorpus package, and the versions of the libraries it writes
with), the layer and the formats exported, and each file's checksum: a zip
(the workbook, an interchange format's file) by its members' checksums, so
that another zlib is no difference, and the XML and JSON files with their
line ends as LF, as a checkout may give them CRLF. The same inputs on the
same installation give the same record, byte for byte.

:func:`unchanged` says whether a folder holds what its record says and the
record what the corpus and the code are now; anything it cannot tell (no
record, a file that cannot be read) is a no: the caller then checks in
full.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..corpus.citation import CITATION
from ..corpus.layout import Layout, select
from ..corpus.loading import content_sha256
from ..corpus.schemas import schemas_checksum
from ..findings import Report, SetupError
from .files import DESCRIPTOR, GRAPH_FILES, RECORD
from .publish import inside

#: the layout of the record; another one is never taken as current
RECORD_VERSION = 1
#: files compared with their line ends as LF (``formats.same_content`` reads them so)
_TEXT_FILES = frozenset({DESCRIPTOR, *GRAPH_FILES})
#: a member of a zip: read in pieces, so that a large workbook is never held whole
_CHUNK = 1 << 20

#: a file's checksum: its SHA-256; a zip's: its bytes' and its members' (name: SHA-256), the
#: members unpacked only when the bytes differ
Checksum = str | dict[str, Any]


def inputs_checksum(root: Path, digests: Mapping[Path, str | None]) -> str:
    """SHA-256 of the input files, from each one's ``content_sha256`` (the
    same on every machine: a Windows checkout may give the YAML files CRLF),
    by their paths in the corpus: the model's, as it read them, so that no
    input is read twice."""
    digest = hashlib.sha256()
    for path in sorted(digests, key=lambda p: p.as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update((digests[path] or "").encode() + b"\0")
    return digest.hexdigest()


def _read_digests(paths: Iterable[Path]) -> dict[Path, str | None]:
    """Each file's ``content_sha256``, read from disk (no model is built on
    the fast path). Raises OSError when one cannot be read."""
    return {path: content_sha256(path, path.read_bytes()) for path in paths}


#: what a wheel ships beside the code (pyproject's force-include): the
#: schemas that ``init`` copies (the corpus's own are in the record apart)
#: and the project files; a wheel and a checkout of one commit agree
_NOT_CODE = ("schemas", "project")


@cache
def code_checksum() -> str:
    """SHA-256 of every file of the sscorpus package (its path and bytes,
    sorted; compiled files and the wheel's data (``_NOT_CODE``) left out):
    a change in a checkout is seen without a new version number."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    files = (
        p
        for p in package.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix != ".pyc"
        and p.relative_to(package).parts[0] not in _NOT_CODE
    )
    for path in sorted(files, key=lambda p: p.relative_to(package).as_posix()):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def libraries() -> dict[str, str]:
    """The installed version of each library sscorpus depends on (another
    version may write other content); empty when sscorpus is not installed."""
    try:
        required = metadata.requires("sscorpus") or []
    except metadata.PackageNotFoundError:
        return {}
    found = {}
    for requirement in required:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if name is None or "extra ==" in requirement:
            continue
        try:
            found[name[0].lower()] = metadata.version(name[0])
        except metadata.PackageNotFoundError:
            found[name[0].lower()] = ""
    return dict(sorted(found.items()))


def file_checksum(path: Path, name: str, zipped: bool) -> Checksum:
    """The checksum of an export's file ``name`` at ``path``: a zip's
    (``zipped`` and a zip indeed) by its members, an XML or JSON file with
    its line ends as LF, any other by its bytes. Raises OSError when it
    cannot be read, ValueError when a zip cannot be unpacked."""
    if zipped and zipfile.is_zipfile(path):
        return {"sha256": _sha256(path), "members": _members(path)}
    if name in _TEXT_FILES:
        return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()
    return _sha256(path)


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def same_file(path: Path, name: str, zipped: bool, checksum: object) -> bool:
    """Whether the export's file ``name`` at ``path`` is what ``checksum``
    (:func:`file_checksum`) recorded: a zip whose bytes are the recorded
    ones is, unpacked or not; another zip, when its members are."""
    if isinstance(checksum, dict) and zipped and zipfile.is_zipfile(path):
        return _sha256(path) == checksum.get("sha256") or _members(path) == checksum.get("members")
    return file_checksum(path, name, zipped) == checksum


def _members(path: Path) -> dict[str, str]:
    members: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                digest = hashlib.sha256()
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        digest.update(chunk)
                members[info.filename] = digest.hexdigest()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return dict(sorted(members.items()))


def _settings(layout: Layout) -> dict[str, str | None]:
    """The checksums of what else the exports are made of: the schemas
    (the codebook) and CITATION.cff (licences and authors)."""
    citation = layout.root / CITATION
    exists = citation.exists() or citation.is_symlink()
    return {
        "schemas_sha256": schemas_checksum(layout.schemas_dir),
        "citation_sha256": hashlib.sha256(citation.read_bytes()).hexdigest() if exists else None,
    }


def record(
    layout: Layout,
    inputs_sha256: str,
    texts: Iterable[Path],
    formats: Sequence[str],
    layer: str | None,
    files: dict[str, Checksum],
) -> str:
    """The record of an export, as the text of its file."""
    content: dict[str, Any] = {
        "record": RECORD_VERSION,
        "about": "what sscorpus export made these files from; 'sscorpus export --check' compares it",
        "sscorpus": __version__,
        "code_sha256": code_checksum(),
        "libraries": libraries(),
        "inputs_sha256": inputs_sha256,
        **_settings(layout),
        "texts": sorted({p.relative_to(layout.root).as_posix() for p in texts}),
        "layer": layer,
        "formats": list(formats),
        "files": dict(sorted(files.items())),
    }
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def write_record(
    layout: Layout,
    inputs_sha256: str,
    texts: Iterable[Path],
    folder: Path,
    written: Sequence[str],
    formats: Sequence[str],
    layer: str | None,
    zipped: Collection[str],
) -> str:
    """Write the record of the export ``written`` in ``folder`` there, and
    return its name: ``inputs_sha256`` is the dataset's input checksum,
    ``texts`` the texts among its inputs (named, so that the checksum can be
    computed again without reading the catalog)."""
    files = {name: file_checksum(folder / name, name, name in zipped) for name in written}
    text = record(layout, inputs_sha256, texts, formats, layer, files)
    (folder / RECORD).write_text(text, encoding="utf-8", newline="\n")
    return RECORD


def unchanged(
    layout: Layout,
    out: Path,
    formats: Sequence[str],
    layer: str | None,
    owned: Collection[str],
    zipped: Collection[str],
) -> bool:
    """Whether the export in ``out`` is what its record says, and the record
    what the corpus in ``layout`` and this code give for ``formats`` and
    ``layer``: then rendering the export again would give the files there.
    ``owned`` are the earlier files a check of ``formats`` would look at;
    each must be in the record. False for anything it cannot tell."""
    try:
        kept = json.loads((out / RECORD).read_text(encoding="utf-8"))
        return isinstance(kept, dict) and _matches(kept, layout, out, formats, layer, owned, zipped)
    except (OSError, UnicodeDecodeError, ValueError, SetupError, RuntimeError):
        return False


def _matches(
    kept: dict[str, Any],
    layout: Layout,
    out: Path,
    formats: Sequence[str],
    layer: str | None,
    owned: Collection[str],
    zipped: Collection[str],
) -> bool:
    files = kept.get("files")
    texts = kept.get("texts")
    if (
        kept.get("record") != RECORD_VERSION
        or kept.get("formats") != list(formats)
        or kept.get("layer") != layer
        or kept.get("code_sha256") != code_checksum()
        or kept.get("libraries") != libraries()
        or not isinstance(files, dict)
        or not isinstance(texts, list)
        or not all(isinstance(t, str) for t in texts)
        or not set(owned) <= set(files)
    ):
        return False
    if any(kept.get(key) != value for key, value in _settings(layout).items()):
        return False
    report = Report()
    annotations = select(layout, [], report)
    if report.findings:  # the walk found something to report: the full check says what
        return False
    named = [layout.root / t for t in texts]
    # the walk reported the annotation files that lead out of the corpus; a text that does is an error too
    fixed = (layout.catalog, layout.registry, layout.texts_dir)
    if not all(layout.inside(p) for p in fixed) or any(p.is_symlink() and not layout.inside(p) for p in named):
        return False
    inputs = [layout.catalog, layout.registry, *named, *annotations]
    if kept.get("inputs_sha256") != inputs_checksum(layout.root, _read_digests(inputs)):
        return False
    for name, checksum in files.items():
        if not isinstance(name, str) or not inside(name):
            return False
        if not same_file(out / name, name, name in zipped, checksum):
            return False
    return True
