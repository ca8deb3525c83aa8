"""The main job: validate the corpus, then build its exports."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .checks.validate import Checked, check
from .dataset.dataset import build
from .dataset.formats import render, stale
from .dataset.layers import check_layer
from .dataset.publish import OutputFolder, check_target, owned_files
from .dataset.value import Dataset
from .findings import Report


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


def export(
    root: Path | None = None,
    out: Path | None = None,
    *,
    check_only: bool = False,
    layer: str | None = None,
    checked: Checked | None = None,
) -> ExportResult:
    """Validate, then write the exports to ``out`` (default: the corpus's
    exports/ folder): every layer (annotator), or only ``layer``. Nothing is
    written when there is any error, and the folder then holds the previous
    export whole. With ``check_only``, build them aside and list the files of
    ``out`` whose content differs instead of writing. ``checked`` is the
    corpus as a caller has just validated it (then it is not read again).
    Raises SetupError when ``out`` is no place for an export, or ``layer`` is
    no annotator of the corpus."""
    checked = checked or check(root)
    layout = checked.layout
    out = (out or layout.exports_dir).resolve()
    result = ExportResult(checked.report, out)
    check_target(out, layout)
    check_layer(checked.corpus, layer)
    if checked.report.errors:
        return result
    dataset = build(checked, layer)
    if check_only:
        with tempfile.TemporaryDirectory(prefix="sscorpus-check-") as folder:
            files = _render(dataset, Path(folder), out, result)
            if files is not None:
                result.stale = stale(files, Path(folder), out, owned_files(out) or set())
        return result
    with OutputFolder(out, layout) as target:
        files = _render(dataset, target.staging, out, result)
        if files is not None:
            target.publish(files)
            result.written = files
    return result


def export_into(dataset: Dataset, report: Report, folder: Path, out: Path) -> ExportResult:
    """Write the export of a dataset into ``folder``, a staging folder that
    a caller puts in place (the site, for its downloads) as if it were
    ``out``: no lock and no switch of its own. ``report`` is the validation
    report, which the export's findings join."""
    result = ExportResult(report, out)
    result.written = _render(dataset, folder, out, result) or []
    return result


def _render(dataset: Dataset, folder: Path, out: Path, result: ExportResult) -> list[str] | None:
    """The files of the export, rendered in ``folder``; None (and the
    findings in the result's report) when a value cannot be written."""
    files, findings = render(dataset, folder, out)
    result.report.extend(findings)
    return None if findings else files
