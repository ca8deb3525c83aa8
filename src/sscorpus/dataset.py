"""The main job: validate the corpus, then build its exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .export import Staging, publish, render, stale
from .findings import Report, SetupError
from .validate import check


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


def export(root: Path | None = None, out: Path | None = None, *, check_only: bool = False,
           layer: str | None = None) -> ExportResult:
    """Validate, then write the exports to ``out`` (default: the corpus's
    exports/ folder); every layer (annotator), or only ``layer``. Nothing is
    written when there is any error. With
    ``check_only``, build them aside and list the files of ``out`` that
    differ instead of writing."""
    checked = check(root)
    out = (out or checked.layout.exports_dir).resolve()
    result = ExportResult(checked.report, out)
    if checked.report.errors:
        return result
    layout = checked.layout
    inputs = [layout.catalog, layout.registry, *(d.text_file for d in checked.corpus.documents.values()),
              *(f.path for f in checked.corpus.files)]
    layers = sorted({f.annotator for f in checked.corpus.files})
    if layer is not None and layer not in layers:
        raise SetupError(f"no layer '{layer}': the layers are {', '.join(layers) or 'none'}")
    with Staging(None if check_only else out) as folder:
        rendered, findings = render(checked.corpus, checked.schemas, folder, inputs, layout.registry, layer)
        if findings:
            result.report.extend(findings)
            return result
        if check_only:
            result.stale = stale(rendered, out)
        else:
            publish(rendered, out)
            result.written = list(rendered.files)
    return result
