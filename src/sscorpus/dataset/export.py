"""The main job: validate the corpus, then build its exports."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.validate import Checked, check
from ..findings import Report, SetupError
from .formats import render, stale
from .publish import OutputFolder, check_target, owned_files


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
    _check_layer(checked, layer)
    if checked.report.errors:
        return result
    if check_only:
        with tempfile.TemporaryDirectory(prefix="sscorpus-check-") as folder:
            files = _render(checked, Path(folder), out, layer, result)
            if files is not None:
                result.stale = stale(files, Path(folder), out, owned_files(out) or set())
        return result
    with OutputFolder(out, layout) as target:
        files = _render(checked, target.staging, out, layer, result)
        if files is not None:
            target.publish(files)
            result.written = files
    return result


def export_into(checked: Checked, folder: Path, out: Path, layer: str | None = None) -> ExportResult:
    """Write the export of a validated corpus into ``folder``, a staging
    folder that a caller puts in place (the site, for its downloads) as if
    it were ``out``: no lock and no switch of its own."""
    result = ExportResult(checked.report, out)
    _check_layer(checked, layer)
    files = _render(checked, folder, out, layer, result)
    result.written = files or []
    return result


def _check_layer(checked: Checked, layer: str | None) -> None:
    layers = sorted({f.annotator for f in checked.corpus.files})
    if layer is not None and layer not in layers:
        raise SetupError(f"no layer '{layer}': the layers are {', '.join(layers) or 'none'}")


def _render(checked: Checked, folder: Path, out: Path, layer: str | None, result: ExportResult) -> list[str] | None:
    """The files of the export, rendered in ``folder``; None (and the
    findings in the result's report) when a value cannot be written."""
    layout = checked.layout
    inputs = [
        layout.catalog,
        layout.registry,
        *(d.text_file for d in checked.corpus.documents.values()),
        *(f.path for f in checked.corpus.files),
    ]
    files, findings = render(checked.corpus, checked.schemas, folder, inputs, out, layer)
    result.report.extend(findings)
    return None if findings else files
