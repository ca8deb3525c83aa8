"""Where things are in a corpus folder.

A corpus is a folder with ``texts/catalog.yaml`` (and the texts beside it),
``annotations/registry.yaml`` (the entities) and one annotation file per
document and annotator: ``annotations/<annotator>/<document>.yaml``.
The schemas are the corpus's own ``schemas/`` folder when it has one, else
the ones shipped with sscorpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .findings import SetupError
from .schemas import packaged_schema_dir

DATA_SUFFIXES = (".yaml", ".yml", ".json")
FileRole = Literal["catalog", "registry", "annotations", "other"]


@dataclass(frozen=True, slots=True)
class Layout:
    root: Path

    @property
    def texts_dir(self) -> Path:
        return self.root / "texts"

    @property
    def catalog(self) -> Path:
        return self.texts_dir / "catalog.yaml"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def registry(self) -> Path:
        return self.annotations_dir / "registry.yaml"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def schemas_dir(self) -> Path:
        own = self.root / "schemas"
        if (own / "common.schema.json").is_file():
            return own
        packaged = packaged_schema_dir()
        if packaged is None:
            raise SetupError("no schemas found: neither in the corpus nor shipped with sscorpus")
        return packaged

    def annotation_files(self) -> list[Path]:
        """Every annotation file: annotations/<annotator>/<document>.(yaml|yml|json)."""
        if not self.annotations_dir.is_dir():
            return []
        return sorted(p for p in self.annotations_dir.glob("*/*")
                      if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)

    def stray_files(self) -> list[Path]:
        """Files in annotation folders that are not read (a wrong extension)."""
        if not self.annotations_dir.is_dir():
            return []
        return sorted(p for p in self.annotations_dir.glob("*/*")
                      if p.is_file() and p.suffix.lower() not in DATA_SUFFIXES
                      and not p.name.startswith(".") and p.suffix.lower() != ".md")

    def role(self, path: Path) -> FileRole:
        path = path.resolve()
        if path == self.catalog.resolve():
            return "catalog"
        if path == self.registry.resolve():
            return "registry"
        if path.suffix.lower() in DATA_SUFFIXES and path.parent.parent == self.annotations_dir.resolve():
            return "annotations"
        return "other"


def find_root(start: Path) -> Path:
    """The corpus folder that holds ``start``: the nearest folder, from
    ``start`` upwards, that has texts/catalog.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if (folder / "texts" / "catalog.yaml").is_file():
            return folder
    raise SetupError(f"no corpus found at or above {start}: no texts/catalog.yaml "
                     "(run sscorpus inside a corpus folder, or give --root)")
