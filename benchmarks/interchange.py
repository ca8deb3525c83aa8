"""How long each interchange format's export takes beside the tables' (CSV,
workbook, data package), on the repository's corpus or a synthetic one of
any size (generate.py); the issue asks each format to stay within 2x.

    .venv/bin/python benchmarks/interchange.py                                  # the repository's corpus
    .venv/bin/python benchmarks/interchange.py --documents 1000 --annotations 200

Two figures per format, each the median of ``--repeat`` runs:

- **writer**: in one process, the corpus validated and the dataset built
  once, then the tables rendered (``dataset.formats.render``) and each
  format written (``Format.write``) into a fresh folder: the writers alone;
- **command**: ``sscorpus export --format NAME`` as a child process, timed
  with ``run.measure`` (validation, the dataset and the writing, as a user
  runs it).

Ratios are to ``tables``. The figures are printed and written to
OUT/interchange-<corpus>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

from sscorpus.checks.validate import check
from sscorpus.dataset.dataset import build
from sscorpus.dataset.formats import render
from sscorpus.dataset.value import Dataset
from sscorpus.exporting import TABLES
from sscorpus.interchange.formats import FORMATS

REPO = Path(__file__).resolve().parents[1]


def _writers() -> dict[str, Callable[[Dataset, Path], object]]:
    """Each export's writer of one dataset into a folder."""
    writers: dict[str, Callable[[Dataset, Path], object]] = {TABLES: lambda d, f: render(d, f, f)[1]}
    for name, format_ in FORMATS.items():
        writers[name] = lambda d, f, format_=format_: format_.write(d, f / format_.file_name)
    return writers


def time_writers(root: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds each writer takes, ``repeat`` times, on one built dataset."""
    checked = check(root, jobs=None)
    if checked.report.errors:
        sys.exit(f"interchange.py: {root} does not validate ({len(checked.report.errors)} errors)")
    dataset = build(checked, None)
    times: dict[str, list[float]] = {name: [] for name in _writers()}
    for _ in range(repeat):
        for name, write in _writers().items():
            folder = Path(tempfile.mkdtemp(prefix="sscorpus-bench-interchange-"))
            try:
                start = time.perf_counter()
                found = write(dataset, folder)
                times[name].append(time.perf_counter() - start)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            if found:
                sys.exit(f"interchange.py: the {name} export reports findings: {found}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "-n", type=int, help="a synthetic corpus of this many documents")
    parser.add_argument("--annotations", "-m", type=int, default=200, help="annotations per file (synthetic)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-commands", action="store_true", help="time the writers only")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.documents:
        root = run.corpus_for(args.out, args.documents, args.annotations, args.seed, False)
        name = f"{args.documents}x{args.annotations}"
    else:
        root, name = REPO, "repository"
    results: dict[str, object] = {"corpus": str(root), "versions": run.versions()}
    writers = time_writers(root, args.repeat)
    writer = {export: statistics.median(walls) for export, walls in writers.items()}
    results["writer_s"] = writers
    command: dict[str, float] = {}
    if not args.skip_commands:
        sscorpus = run.tool("sscorpus")
        logs = args.out / "logs" / f"interchange-{name}"
        logs.mkdir(parents=True, exist_ok=True)
        benches = {}
        for export in writers:
            out = args.out / f"interchange-{name}-{export}"
            shutil.rmtree(out, ignore_errors=True)
            argv_ = [sscorpus, "export", "--root", str(root), "--out", str(out), "--format", export]
            benches[export] = run.bench(f"export-{export}", argv_, args.repeat, logs, REPO)
            command[export] = float(str(benches[export]["wall_s_median"]))
            shutil.rmtree(out, ignore_errors=True)
        results["command"] = benches
    (args.out / f"interchange-{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'export':10} {'writer':>10} {'ratio':>6} {'command':>10} {'ratio':>6}")
    for export in writers:
        line = f"{export:10} {writer[export]:9.3f}s {writer[export] / writer[TABLES]:5.2f}x"
        if command:
            line += f" {command[export]:9.2f}s {command[export] / command[TABLES]:5.2f}x"
        print(line)
    if len(writers) == 1:
        print("(no interchange format is registered in interchange/formats.py yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
