"""The main job: validate the corpus, then build its exports."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Report, SetupError
from .formats import render, stale
from .publish import ExportFolder, check_target, owned_files
from .validate import Checked, check


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
    layers = sorted({f.annotator for f in checked.corpus.files})
    if layer is not None and layer not in layers:
        raise SetupError(f"no layer '{layer}': the layers are {', '.join(layers) or 'none'}")
    if checked.report.errors:
        return result
    inputs = [
        layout.catalog,
        layout.registry,
        *(d.text_file for d in checked.corpus.documents.values()),
        *(f.path for f in checked.corpus.files),
    ]
    if check_only:
        with tempfile.TemporaryDirectory(prefix="sscorpus-check-") as folder:
            files, findings = render(checked.corpus, checked.schemas, Path(folder), inputs, out, layer)
            result.report.extend(findings)
            if not findings:
                result.stale = stale(files, Path(folder), out, owned_files(out) or set())
        return result
    with ExportFolder(out, layout) as target:
        files, findings = render(checked.corpus, checked.schemas, target.staging, inputs, out, layer)
        result.report.extend(findings)
        if not findings:
            target.publish(files)
            result.written = files
    return result
