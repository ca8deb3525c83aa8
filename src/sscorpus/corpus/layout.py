"""Where things are in a corpus folder.

A corpus is a folder with ``texts/catalog.yaml`` (and the texts beside it),
``annotations/registry.yaml`` (the entities) and one annotation file per
document and annotator: ``annotations/<annotator>/<document>.yaml``.
The schemas are the corpus's own ``schemas/`` folder when it has one, else
the ones shipped with sscorpus.

Which annotation files a run checks is decided here, and nothing that looks
like one is passed over in silence: a folder that cannot be read, a link to
nothing, a data file in the wrong place and a link that leads out of the
corpus folder are findings. Paths are kept as the user named them (a
symbolic link by its own name, not its target's).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .. import codes
from ..codes import Code
from ..findings import Finding, Report, SetupError

DATA_SUFFIXES = (".yaml", ".yml", ".json")
FileRole = Literal["catalog", "registry", "annotations", "other"]


def packaged_schema_dir() -> Path | None:
    """The schemas shipped with the package (a wheel) or the source checkout."""
    from importlib import resources  # slow to import, and needed only here

    candidates = [Path(str(resources.files("sscorpus") / "schemas")), Path(__file__).resolve().parents[3] / "schemas"]
    for candidate in candidates:
        if (candidate / "common.schema.json").is_file():
            return candidate
    return None


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

    def role(self, path: Path) -> FileRole:
        """What a file is in the corpus, by the path as named (links not followed)."""
        rel = self.relative(path)
        if rel is None:
            return "other"
        if rel == Path("texts/catalog.yaml"):
            return "catalog"
        if rel == Path("annotations/registry.yaml"):
            return "registry"
        if path.suffix.lower() in DATA_SUFFIXES and len(rel.parts) == 3 and rel.parts[0] == "annotations":
            return "annotations"
        return "other"

    def relative(self, path: Path) -> Path | None:
        """``path`` relative to the corpus folder, its last part not followed
        if it is a link; None when it is not inside the corpus folder."""
        absolute = _absolute(path)
        for candidate in (absolute, absolute.parent.resolve() / absolute.name):
            try:
                return candidate.relative_to(self.root)
            except ValueError:
                continue
        return None

    def inside(self, path: Path) -> bool:
        """Whether ``path``, all links followed, is inside the corpus folder."""
        try:
            return path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a loop of links
            return False


def _absolute(path: Path) -> Path:
    """``path`` made absolute and normalised, links not followed."""
    return Path(os.path.normpath(path.absolute()))


@dataclass(slots=True)
class Scan:
    """The annotation files of a corpus, and what was found on the way."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _whole_file(path: Path, code: Code, message: str, hint: str | None = None) -> Finding:
    return Finding(path, 0, 0, code, message, "", hint)


def _outside(path: Path) -> Finding:
    return _whole_file(
        path,
        codes.FILE_OUTSIDE_CORPUS,
        f"{path.name} is a link to a file outside the corpus folder: it is not read",
        "keep every corpus file inside the corpus folder (a link may point inside it)",
    )


def scan(layout: Layout) -> Scan:
    """Walk annotations/: the files to check and the findings on the way."""
    found = Scan()
    if layout.annotations_dir.is_dir():
        _walk(layout, layout.annotations_dir, 0, found, set())
    found.files.sort()
    return found


def _walk(layout: Layout, folder: Path, depth: int, found: Scan, seen: set[Path]) -> None:
    real = folder.resolve()
    if real in seen:  # a link back to a folder already walked
        return
    seen.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.findings.append(
            _whole_file(
                folder,
                codes.FILE_UNREADABLE,
                f"the folder cannot be read ({exc.strerror or exc}): its annotation files are not checked",
                "give yourself read permission on the folder",
            )
        )
        return
    for entry in entries:
        _entry(layout, folder / entry.name, entry, depth, found, seen)


def _entry(layout: Layout, path: Path, entry: os.DirEntry[str], depth: int, found: Scan, seen: set[Path]) -> None:
    name = entry.name
    if name.startswith("."):
        return
    data = path.suffix.lower() in DATA_SUFFIXES
    try:
        is_dir = entry.is_dir()
        is_file = entry.is_file()
    except OSError:
        is_dir = is_file = False
    if entry.is_symlink():
        if not is_dir and not is_file:  # dangling, a loop, or something that is not a file
            if data:
                found.findings.append(
                    _whole_file(
                        path,
                        codes.FILE_UNREADABLE,
                        f"{name} is a link to nothing (its target is missing or a loop of links)",
                        "restore the file it points to, or remove the link",
                    )
                )
            return
        if not layout.inside(path):
            found.findings.append(_outside(path))
            return
    if is_dir:
        if data and depth >= 1:
            found.findings.append(
                _whole_file(
                    path,
                    codes.FILE_UNREADABLE,
                    f"{name} is a folder, not an annotation file",
                    "annotation files are annotations/<annotator>/<document>.yaml",
                )
            )
        _walk(layout, path, depth + 1, found, seen)
        return
    if not is_file:
        if data:
            found.findings.append(
                _whole_file(path, codes.FILE_UNREADABLE, f"{name} is not a regular file", "replace it with a file")
            )
        return
    if data and depth == 1:
        found.files.append(path)
    elif data and not (depth == 0 and name == "registry.yaml"):
        found.findings.append(
            _whole_file(
                path,
                codes.FILE_MISPLACED,
                "this file is not read: annotation files are annotations/<annotator>/<document>.yaml",
                "move it into its annotator's folder, or out of annotations/ if it is not meant to be checked",
            )
        )
    elif not data and depth >= 1 and path.suffix.lower() != ".md":
        found.findings.append(
            _whole_file(
                path,
                codes.FILE_IGNORED,
                f"{name} is not read: annotation files end in .yaml, .yml or .json",
                "rename it if it holds annotations",
            )
        )


def select(layout: Layout, paths: Sequence[Path], report: Report) -> list[Path]:
    """The annotation files to check: all, or those named (files or folders).

    Findings of the walk (for the named part of the corpus) go into
    ``report``. Raises SetupError for a named path that does not exist or is
    not an annotation file, and when the catalog or the registry leads
    outside the corpus folder (their content is then never read)."""
    for fixed in (layout.catalog, layout.registry):
        if (fixed.exists() or fixed.is_symlink()) and not layout.inside(fixed):
            raise SetupError(f"{fixed} leads outside the corpus folder {layout.root}: it is not read")
    if not paths:
        walked = scan(layout)
        report.extend(walked.findings)
        return walked.files
    # the corpus is walked only for a named folder: naming files costs what they cost
    walked = scan(layout) if any(path.is_dir() for path in paths) else Scan()
    selected: list[Path] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise SetupError(f"{path}: no such file or folder")
        rel = layout.relative(path)
        named = layout.root / rel if rel is not None else _absolute(path)
        if path.is_dir():
            if rel is None:
                raise SetupError(f"{path}: not inside the corpus folder {layout.root}")
            if rel.parts[:1] in ((), ("annotations",)):  # the corpus, annotations/ or a folder in it
                selected.extend(p for p in walked.files if p == named or named in p.parents)
                report.extend(f for f in walked.findings if f.path == named or named in f.path.parents)
            continue
        role = layout.role(path)
        if role == "annotations":
            if not layout.inside(path):
                report.findings.append(_outside(named))
            elif not path.is_file():
                report.findings.append(
                    _whole_file(
                        named,
                        codes.FILE_UNREADABLE,
                        f"{named.name} is a link to nothing or not a regular file",
                        "restore the file it points to, or remove the link",
                    )
                )
            else:
                selected.append(named)
        elif role == "other":
            raise SetupError(
                f"{path}: not a corpus file (annotation files live in annotations/<annotator>/<document>.yaml)"
            )
    unique: dict[Path, Path] = {}
    for path in selected:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def find_root(start: Path) -> Path:
    """The corpus folder that holds ``start``: the nearest folder, from
    ``start`` upwards, that has texts/catalog.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if (folder / "texts" / "catalog.yaml").is_file():
            return folder
    raise SetupError(
        f"no corpus found at or above {start}: no texts/catalog.yaml "
        "(run sscorpus inside a corpus folder, or give --root; sscorpus init starts a new one)"
    )
