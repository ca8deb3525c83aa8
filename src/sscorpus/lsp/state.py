"""One annotation file as the server last checked it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.loaded import LoadedFile
from ..corpus.model import AnnotationFile
from ..findings import Finding


@dataclass(slots=True)
class FileState:
    """One annotation file as last checked: its text, its parse, its records
    (None when it could not be read) and its findings."""

    path: Path
    text: str
    loaded: LoadedFile
    file: AnnotationFile | None
    findings: list[Finding] = field(default_factory=list)
