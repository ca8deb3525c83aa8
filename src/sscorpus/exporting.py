"""The main job: validate the corpus, then build its exports.

An export holds the tables (``tables``: the CSV files, the workbook and the
data package descriptor, ``dataset/formats.py``) and one file per
interchange format (``interchange/formats.py``), each by a fixed name. An
export of some of them (``--format qdpx``) replaces only their files: the
other formats' files of an earlier export stay as they were. Every export
writes its record (``checksums.json``, ``dataset/checksums.py``): a check
that finds the inputs, the code and the files as recorded is done without
validating, building or rendering anything.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks.validate import Checked, check
from .corpus.layout import Layout, find_root
from .dataset.checksums import unchanged, write_record
from .dataset.dataset import build
from .dataset.files import RECORD, WORKBOOK
from .dataset.formats import render, stale
from .dataset.layers import check_layer
from .dataset.publish import OutputFolder, Product, check_target, export_product
from .dataset.value import Dataset
from .findings import Report, SetupError
from .interchange.formats import FORMATS

#: the name of the tables' part of an export (CSV, workbook, data package)
TABLES = "tables"


def format_names() -> tuple[str, ...]:
    """What an export can hold, in the order of the README: the tables,
    then each interchange format."""
    return (TABLES, *FORMATS)


def interchange_files() -> frozenset[str]:
    """The fixed names of the interchange formats' files in an export."""
    return frozenset(f.file_name for f in FORMATS.values())


def product() -> Product:
    """The export as ``publish`` puts it in place: its files are the tables
    and the interchange formats' files."""
    return export_product(interchange_files())


@dataclass(slots=True)
class ExportResult:
    """What an export did: the validation report (and any export findings),
    the files written, or with ``check`` the files that are stale."""

    report: Report
    out: Path
    written: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.errors and not self.stale


def chosen(formats: Collection[str] | None) -> tuple[str, ...]:
    """The formats to export, in the order of :func:`format_names` (None:
    all of them); raises SetupError for a name that is none."""
    names = format_names()
    if formats is None:
        return names
    unknown = sorted(set(formats) - set(names))
    if unknown:
        raise SetupError(f"no export format {', '.join(unknown)}; formats: {', '.join(names)}")
    return tuple(name for name in names if name in formats)


def _replaces(formats: tuple[str, ...]) -> Callable[[str], bool]:
    """Which earlier files of an export an export of ``formats`` stands for:
    the chosen interchange formats' files, and with the tables every file
    that is no interchange format's."""
    others = interchange_files()
    own = {FORMATS[name].file_name for name in formats if name in FORMATS}
    return lambda name: name in own or (TABLES in formats and name not in others)


def export(
    root: Path | None = None,
    out: Path | None = None,
    *,
    check_only: bool = False,
    layer: str | None = None,
    checked: Checked | None = None,
    formats: Collection[str] | None = None,
    jobs: int | None = 1,
) -> ExportResult:
    """Validate, then write the exports to ``out`` (default: the corpus's
    exports/ folder): every layer (annotator), or only ``layer``; every
    format, or only ``formats`` (names of :func:`format_names`), and the
    record of what made them. Nothing is written when there is any error, and
    the folder then holds the previous export whole. With ``check_only``,
    list the files of ``out`` whose content differs instead of writing: none
    when the record says that the inputs, the code and the files are what
    they were (nothing else is done), else from the exports built aside.
    ``checked`` is the corpus as a caller has just validated it (then it is
    not read again); else ``jobs`` processes validate it (None: every core).
    Raises SetupError when ``out`` is no place for an export, ``layer`` is
    no annotator of the corpus, or a format is unknown."""
    if checked is None:
        if check_only and (current := _current(root, out, layer, formats)) is not None:
            return current
        checked = check(root, jobs=jobs)
    names = chosen(formats)
    layout = checked.layout
    out = (out or layout.exports_dir).resolve()
    result = ExportResult(checked.report, out)
    exported = product()
    check_target(out, layout, exported)
    check_layer(checked.corpus, layer)
    if checked.report.errors:
        return result
    dataset = build(checked, layer)
    replaces = _replaces(names)
    if check_only:
        with tempfile.TemporaryDirectory(prefix="sscorpus-check-") as folder:
            files = _render(dataset, Path(folder), out, result, names)
            if files is not None:
                owned = _owned(exported, out, replaces)
                result.stale = stale(files, Path(folder), out, owned, zipped=interchange_files())
        return result
    with OutputFolder(out, layout, exported) as target:
        files = _render(dataset, target.staging, out, result, names)
        if files is not None:
            texts = (d.text_file for d in dataset.corpus.documents.values())
            zipped = interchange_files() | {WORKBOOK}
            files.append(
                write_record(layout, dataset.inputs_sha256, texts, target.staging, files, names, layer, zipped)
            )
            target.publish(files, replaces)
            result.written = files
    return result


def _owned(exported: Product, out: Path, replaces: Callable[[str], bool]) -> set[str]:
    """The files of an earlier export in ``out`` that a check of the chosen
    formats looks at: those the formats stand for, the record aside (it is
    no content: a check that does not use it is the one of an export
    without it)."""
    return {name for name in exported.owned(out) or set() if replaces(name)} - {RECORD}


def _current(
    root: Path | None, out: Path | None, layer: str | None, formats: Collection[str] | None
) -> ExportResult | None:
    """The result of a check that finds the export current by its record
    alone (``checksums.unchanged``), with nothing validated, built or
    rendered; None when the record cannot tell (the full check then says
    what is what, and raises what is to be raised)."""
    try:
        names = chosen(formats)
        root = root or find_root(Path.cwd())
        if not (root / "texts" / "catalog.yaml").is_file():
            return None
        layout = Layout(root.resolve())
        out = (out or layout.exports_dir).resolve()
        exported = product()
        check_target(out, layout, exported)
        owned = _owned(exported, out, _replaces(names))
    except (SetupError, OSError):
        return None
    zipped = interchange_files() | {WORKBOOK}
    if not unchanged(layout, out, names, layer, owned, zipped):
        return None
    return ExportResult(Report(), out)


def export_into(
    dataset: Dataset, report: Report, folder: Path, out: Path, formats: Sequence[str] | None = None
) -> ExportResult:
    """Write the export of a dataset into ``folder``, a staging folder that
    a caller puts in place (the site, for its downloads) as if it were
    ``out``: no lock and no switch of its own. ``report`` is the validation
    report, which the export's findings join."""
    result = ExportResult(report, out)
    result.written = _render(dataset, folder, out, result, chosen(formats)) or []
    return result


def _render(
    dataset: Dataset, folder: Path, out: Path, result: ExportResult, formats: tuple[str, ...]
) -> list[str] | None:
    """The files of the export, rendered in ``folder``; None (and the
    findings in the result's report) when a value cannot be written. Every
    chosen format is written, so that one run reports all that stops it."""
    files: list[str] = []
    findings = []
    if TABLES in formats:
        written, found = render(dataset, folder, out)
        files += written
        findings += found
    for name in formats:
        if name in FORMATS:
            written_format = FORMATS[name]
            findings += written_format.write(dataset, folder / written_format.file_name)
            files.append(written_format.file_name)
    result.report.extend(findings)
    return None if findings else files
