"""What the server keeps of the corpus between keystrokes.

The catalog and the registry are read once, with every text (``base``),
and again only when one of them changes; an annotation file is checked
alone against them, from the editor's buffer, in a few milliseconds. Its
findings are those ``validate`` gives for the file (parse, schema, anchors,
identity, references, export cells); only the findings that compare it with
the other annotation files (two files for one document and annotator, an
entity no file mentions) wait for ``validate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import codes
from ..checks.checklist import run_checks
from ..checks.validate import Checked, check
from ..corpus.annotations import read_annotation_file
from ..corpus.layout import DATA_SUFFIXES, Layout
from ..corpus.loading import load_bytes
from ..corpus.model import AnnotationFile, Corpus, Location
from ..findings import Finding
from .state import FileState

#: the checks of the model whose findings are about the catalog, the registry
#: or the texts, never about an annotation file: the base reports them
BASE_CHECKS = frozenset({"citation", "catalog", "text", "entity"})


class Session:
    """The corpus under ``root`` as the editor shows it."""

    def __init__(self, root: Path) -> None:
        self.layout = Layout(root.resolve())
        #: the editor's unsaved content of catalog, registry and annotation files
        self.buffers: dict[Path, str] = {}
        self.files: dict[Path, FileState] = {}
        self.base: Checked = self._read_base()

    @property
    def corpus(self) -> Corpus:
        return self.base.corpus

    def role(self, path: Path) -> str:
        """``annotations``, ``catalog``, ``registry``, ``text`` or ``other``."""
        if path.parent == self.layout.texts_dir and path.suffix == ".txt":
            return "text"
        role = self.layout.role(path)
        if role == "annotations" and path.suffix.lower() not in DATA_SUFFIXES:
            return "other"
        return role

    def _read_base(self) -> Checked:
        overlay = {
            p: text.encode("utf-8", "surrogatepass")
            for p, text in self.buffers.items()
            if p in (self.layout.catalog, self.layout.registry)
        }
        # naming the catalog (which every corpus has) reads no annotation file
        return check(self.layout.root, [self.layout.catalog], overlay=overlay)

    def open(self, path: Path, text: str) -> list[Path]:
        """The editor shows ``text`` for ``path``: check what it touches. The
        files whose findings may have changed are returned."""
        self.buffers[path] = text
        role = self.role(path)
        if role in ("catalog", "registry"):
            self.base = self._read_base()
            for other in list(self.files):
                self.check_file(other)
            return [self.layout.catalog, self.layout.registry, *self.files]
        if role == "annotations":
            self.check_file(path)
        return [path]

    def close(self, path: Path) -> list[Path]:
        """The editor closed ``path``: what is on disk counts again."""
        self.buffers.pop(path, None)
        self.files.pop(path, None)
        if self.role(path) in ("catalog", "registry"):
            self.base = self._read_base()
            for other in list(self.files):
                self.check_file(other)
            return list(self.files)
        return []

    def text_of(self, path: Path) -> str | None:
        """The buffer's text, else the file's; None when it cannot be read."""
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_bytes().decode("utf-8")  # line ends as written
        except (OSError, UnicodeDecodeError):
            return None

    def state(self, path: Path) -> FileState | None:
        """The checked state of an annotation file: kept for a file open in
        the editor, checked from the disk (and not kept) for another."""
        if path in self.files:
            return self.files[path]
        text = self.text_of(path) if self.role(path) == "annotations" else None
        return self.checked(path, text) if text is not None else None

    def check_file(self, path: Path) -> FileState:
        """Check one annotation file, from its buffer, against the base."""
        text = self.buffers.get(path)
        if text is None:
            text = self.text_of(path) or ""
        self.files[path] = self.checked(path, text)
        return self.files[path]

    def checked(self, path: Path, text: str) -> FileState:
        """``text`` checked as the content of the annotation file ``path``."""
        loaded = load_bytes(path, text.encode("utf-8", "surrogatepass"))
        state = FileState(path, text, loaded, None)
        try:
            if loaded.parsed:
                loaded.findings.extend(self.base.schemas.findings_for("annotation-file", loaded))
            state.file = read_annotation_file(loaded, self.corpus.index) if loaded.parsed else None
            # parse, schema and anchoring findings: reading the file records them with the others
            state.findings = list(loaded.findings) + self._model_findings(state.file)
        except Exception:  # noqa: BLE001 - as validate: a bug in sscorpus is a finding, never a crash
            state.findings.append(
                Location(path, 1, 1).finding(
                    codes.INTERNAL_ERROR,
                    "sscorpus failed on this file; this is a bug in sscorpus, please report it with the file",
                )
            )
        return state

    def _model_findings(self, file: AnnotationFile | None) -> list[Finding]:
        """The checks of the model, run on the file alone: the catalog's entry
        of its document and the whole registry, the texts' indexes shared."""
        if file is None:
            return []
        corpus = self.corpus
        alone = Corpus(
            corpus.root,
            corpus.catalog_path,
            corpus.registry_path,
            document_list=[d for d in corpus.document_list if d.id == file.document],
            entity_list=corpus.entity_list,
            files=[file],
            complete=False,
            _indexes=corpus._indexes,
            _structures=corpus._structures,
        )
        return [f for f in run_checks(alone, skip=BASE_CHECKS) if f.path == file.path]

    def findings(self, path: Path) -> list[Finding]:
        """The findings the editor shows for ``path``."""
        role = self.role(path)
        if role == "annotations":
            state = self.state(path)
            return state.findings if state else []
        return [f for f in self.base.report.findings if f.path == path]

    def annotation_files(self) -> Iterator[AnnotationFile]:
        """The records of every checked annotation file."""
        for state in self.files.values():
            if state.file is not None:
                yield state.file
