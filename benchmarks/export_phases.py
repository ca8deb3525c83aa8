"""Time the phases of `sscorpus export` against bare writes of the same cells.

    python benchmarks/export_phases.py ROOT [--json OUT.json]

Each measurement runs in a child process of its own. Phases, in one process
as the export runs them: validate (load and check everything), build the
tables, write the CSV files, write the workbook. Then the workbook writer
alone, and the bare writers, each in a fresh process that loads only the
cells (pickled by the first): their memory growth is the peak resident
memory while writing (VmHWM, reset once the cells are loaded, Linux only)
minus the resident memory at that point. (In the export's own process the
peak is set by the loaded corpus, so a high-water mark there says nothing
about the writer.) Bare writers, on exactly the cells of the
workbook's sheets (the same Python values, no styles, no checks): XlsxWriter
in constant-memory mode, which sscorpus uses, and openpyxl in write-only
mode.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: the phases of an export: (module, function) timed as each phase, exclusive
#: of the phases it calls (``build`` calls the agreement and the networks)
PHASES: dict[str, tuple[tuple[str, str], ...]] = {
    "check": (("sscorpus.exporting", "check"),),
    "tables": (("sscorpus.exporting", "build"),),
    "agreement": (("sscorpus.dataset.dataset", "measure"), ("sscorpus.dataset.dataset", "headline")),
    "networks": (("sscorpus.dataset.networks", "compute"), ("sscorpus.dataset.networks", "table_rows")),
    "CSV": (("sscorpus.dataset.formats", "write_csv"), ("sscorpus.dataset.formats", "csv_findings")),
    "Parquet": (("sscorpus.dataset.formats", "write_parquet"), ("sscorpus.dataset.formats", "parquet_findings")),
    "workbook": (("sscorpus.dataset.formats", "write_workbook"), ("sscorpus.dataset.formats", "too_many_rows")),
    "graphs": (("sscorpus.dataset.graphs", "write"), ("sscorpus.dataset.networks:Networks", "graph")),
    "data package": (("sscorpus.dataset.formats", "descriptor"),),
    "checksums": (("sscorpus.dataset.dataset", "inputs_checksum"), ("sscorpus.exporting", "write_record")),
}
#: what each phase buys (the breakdown's last column)
BUYS = {
    "check": "validation of every file (all cores): nothing is exported from a corpus with an error",
    "tables": "every table from the typed model: typed columns, sorted, each row's origin for located findings",
    "agreement": "the agreement and disagreements tables and the About sheet's headline",
    "networks": "the four discourse networks of every slice, as tables",
    "CSV": "RFC 4180 files; every string checked for what a CSV field cannot carry",
    "Parquet": "typed columns with their descriptions, zstd, fixed row groups",
    "workbook": "a workbook Excel opens: widths, wrapped columns, frozen header, filter, every string checked",
    "graphs": "GraphML and GEXF of the corpus networks (Gephi, igraph)",
    "data package": "the Frictionless descriptor",
    "checksums": "the inputs' checksum (About sheet) and checksums.json, which answers `export --check`",
    "imports": "loading sscorpus, pandas, pyarrow, XlsxWriter, networkx",
    "other": "the lock, the staging folder, putting it in place, the rest",
}
BASELINES = ("xlsxwriter", "openpyxl")


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the
    validating workers): on a shared machine the wall time of a phase says
    more about the machine's load than about the phase."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Timer:
    """Exclusive CPU and wall seconds per phase of functions wrapped in place."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self.wall: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self._nested: list[tuple[float, float]] = []
        self.built: Any = None

    def wrap(self, phase: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._nested.append((0.0, 0.0))
            cpu, wall = cpu_seconds(), time.perf_counter()
            try:
                result = function(*args, **kwargs)
            finally:
                took_cpu, took_wall = cpu_seconds() - cpu, time.perf_counter() - wall
                inner_cpu, inner_wall = self._nested.pop()
                self.seconds[phase] += took_cpu - inner_cpu
                self.wall[phase] += took_wall - inner_wall
                if self._nested:
                    outer_cpu, outer_wall = self._nested[-1]
                    self._nested[-1] = (outer_cpu + took_cpu, outer_wall + took_wall)
            if phase == "tables":
                self.built = result
            return result

        return timed


def _install(timer: _Timer) -> None:
    """Wrap each phase's functions where the export looks them up
    (``module`` or ``module:Class``)."""
    import importlib

    for phase, places in PHASES.items():
        for where, name in places:
            module, _, owner = where.partition(":")
            target: Any = importlib.import_module(module)
            if owner:
                target = getattr(target, owner)
            setattr(target, name, timer.wrap(phase, getattr(target, name)))


def _child_ours(root: Path, cells_out: Path) -> dict[str, float]:
    """``sscorpus export --format tables`` as the command runs it (every
    core validates, gc off), its phases timed in place; then the cells
    pickled for the writers alone."""
    import gc

    gc.disable()  # as the CLI does
    start = time.perf_counter()
    from sscorpus.exporting import export

    timer = _Timer()
    _install(timer)
    imported, imported_wall = cpu_seconds(), time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        t, cpu = time.perf_counter(), cpu_seconds()
        result = export(root, Path(folder) / "exports", formats=["tables"], jobs=None)
        total, total_cpu = time.perf_counter() - t, cpu_seconds() - cpu
        assert result.ok and result.written, "the benchmark corpus must be valid"
        xlsx_bytes = (Path(folder) / "exports" / "sscorpus.xlsx").stat().st_size
    times: dict[str, float] = dict(timer.seconds)
    times["imports"] = imported
    times["other"] = total_cpu - sum(timer.seconds.values())
    times["total"] = imported + total_cpu
    times["wall"] = imported_wall + total
    times.update({f"wall {phase}": seconds for phase, seconds in timer.wall.items()})
    times["xlsx_bytes"] = xlsx_bytes
    times["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times["cells"] = dump_cells(timer.built, cells_out)
    return times


def dump_cells(dataset: Any, cells_out: Path) -> int:
    """Pickle the workbook's sheets as plain values (About first), for the
    writers run alone; the number of cells."""
    from sscorpus.dataset.sheets import sheets as workbook_sheets

    sheets = [
        (
            sheet.name,
            [(c.header, c.width, c.wrap, c.kind) for c in sheet.columns],
            list(sheet.rows),
            list(sheet.origins),
            sheet.filtered,
        )
        for sheet in workbook_sheets(dataset)
    ]
    with cells_out.open("wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return sum(len(rows) * len(columns) for _, columns, rows, _, _ in sheets)


def cells_of(root: Path, cells_out: Path) -> int:
    """Validate and build the dataset of ``root`` and pickle its sheets'
    cells (``dump_cells``): what the bare writers write."""
    import sscorpus
    from sscorpus.dataset.dataset import build

    checked = sscorpus.check(root)
    assert not checked.report.errors, "the benchmark corpus must be valid"
    return dump_cells(build(checked), cells_out)


Bare = dict[str, tuple[list[str], list[Any]]]


def load_bare(cells: Path) -> Bare:
    """The pickled sheets as (headers, rows) by sheet name."""
    with cells.open("rb") as handle:
        return {name: ([c[0] for c in columns], rows) for name, columns, rows, _, _ in pickle.load(handle)}


def bare_xlsxwriter(sheets: Bare, path: Path) -> None:
    """The cells with XlsxWriter in constant-memory mode, each by its type: no formats, no checks."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, (columns, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, columns)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if type(value) is str:
                    sheet.write_string(r, c, value)
                elif type(value) is bool:
                    sheet.write_boolean(r, c, value)
                else:
                    sheet.write_number(r, c, value)
    book.close()


def bare_csv(sheets: Bare, folder: Path) -> None:
    """Each table's sheet (the About sheet aside) as a CSV file with the csv
    module: CRLF, None as an empty field, nothing converted."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in sheets.items():
        if name == "About":
            continue
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows(rows)


def bare_write(cells: Path, folder: Path) -> None:
    """The bare writer of an export's tables: the CSV files and the workbook
    of the pickled cells, no formatting logic (``sscorpus export --format
    tables`` is timed against this, as a command, by validate_speed.py)."""
    sheets = load_bare(cells)
    bare_csv(sheets, folder / "csv")
    bare_xlsxwriter(sheets, folder / "bare.xlsx")


def _status_mib(field: str) -> float:
    """A field of /proc/self/status (VmRSS, VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _start_memory() -> float:
    """Reset the peak (Linux: clear_refs 5 resets VmHWM) and return the
    resident memory now, once the cells are loaded: the writer's growth is
    the peak after writing minus this."""
    import gc

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    return _status_mib("VmRSS")


def _child_ours_workbook(cells: Path) -> dict[str, float]:
    """sscorpus's workbook writer alone (styles, every string checked)."""
    from sscorpus.dataset.workbook import Sheet, SheetColumn, write_workbook

    with cells.open("rb") as handle:
        raw = pickle.load(handle)
    sheets = [
        Sheet(name, [SheetColumn(*c) for c in columns], rows, origins, filtered)
        for name, columns, rows, origins, filtered in raw
    ]
    rss_before = _start_memory()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sscorpus.xlsx"
        t = time.perf_counter()
        refused = write_workbook(path, sheets, title="sscorpus", tmpdir=Path(folder))
        seconds = time.perf_counter() - t
        assert not refused
        size = path.stat().st_size
    peak = _status_mib("VmHWM")
    return {
        "seconds": seconds,
        "xlsx_bytes": size,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak,
        "rss_growth_mib": peak - rss_before,
    }


def _child_baseline(which: str, cells: Path) -> dict[str, float]:
    sheets = load_bare(cells)
    rss_before = _start_memory()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bare.xlsx"
        t = time.perf_counter()
        if which == "xlsxwriter":
            bare_xlsxwriter(sheets, path)
        else:
            from openpyxl import Workbook as OpenpyxlWorkbook

            book = OpenpyxlWorkbook(write_only=True)
            for name, (columns, rows) in sheets.items():
                sheet = book.create_sheet(name)
                sheet.append(columns)
                for row in rows:
                    sheet.append(row)
            book.save(path)
        seconds = time.perf_counter() - t
        size = path.stat().st_size
    peak = _status_mib("VmHWM")
    return {
        "seconds": seconds,
        "xlsx_bytes": size,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak,
        "rss_growth_mib": peak - rss_before,
    }


def _in_child(*args: str) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{run.stderr}")
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, nargs="?")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--readme", type=Path, help="write the breakdown into this README's export-phases block")
    parser.add_argument(
        "--quick", action="store_true", help="only the export's phases and the bare writer (no writers alone)"
    )
    parser.add_argument("--cells", nargs=2, metavar=("ROOT", "CELLS"), help="only pickle the cells of ROOT to CELLS")
    parser.add_argument(
        "--bare", nargs=2, metavar=("CELLS", "FOLDER"), help="only write the cells bare (CSV and XlsxWriter) in FOLDER"
    )
    args = parser.parse_args()
    if args.cells:  # validate_speed.py: the cells, once, untimed
        print(cells_of(Path(args.cells[0]), Path(args.cells[1])))
        return
    if args.bare:  # validate_speed.py: the bare writer, timed as a command
        bare_write(Path(args.bare[0]), Path(args.bare[1]))
        return
    if args.child:
        kind, *rest = args.child
        if kind == "ours":
            result = _child_ours(Path(rest[0]), Path(rest[1]))
        elif kind == "bare":
            result = _child_bare(Path(rest[0]))
        elif kind == "ours-workbook":
            result = _child_ours_workbook(Path(rest[0]))
        else:
            result = _child_baseline(kind, Path(rest[0]))
        print(json.dumps(result))
        return
    if args.root is None:
        parser.error("ROOT is required")
    with tempfile.TemporaryDirectory() as folder:
        cells = Path(folder) / "cells.pickle"
        ours = _in_child("ours", str(args.root.resolve()), str(cells))
        bare = _in_child("bare", str(cells))
        writer = {} if args.quick else _in_child("ours-workbook", str(cells))
        baselines = {} if args.quick else {which: _in_child(which, str(cells)) for which in BASELINES}
    ratio = writer["seconds"] / baselines["xlsxwriter"]["seconds"] if baselines else None
    figures = {
        "root": str(args.root),
        "cells": ours["cells"],
        "ours": ours,
        "ours_workbook_alone": writer,
        "baselines": baselines,
        "bare": bare,
        "workbook_vs_bare_xlsxwriter": ratio,
        "cpus": os.cpu_count(),
    }
    print(f"{int(ours['cells']):,} cells in the workbook's sheets")
    breakdown = markdown(figures)
    print(breakdown)
    if writer:
        print(
            f"sscorpus workbook writer, alone: {writer['seconds']:.2f} s, +{writer['rss_growth_mib']:.1f} MiB "
            f"while writing (fresh process, peak {writer['peak_rss_mib']:.0f} MiB)"
        )
    for which, figures_of in baselines.items():
        print(
            f"bare {which}: {figures_of['seconds']:.2f} s, +{figures_of['rss_growth_mib']:.1f} MiB "
            f"while writing (peak {figures_of['peak_rss_mib']:.0f} MiB)"
        )
    if ratio is not None:
        print(f"sscorpus writer / bare XlsxWriter: {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.readme:
        load = os.getloadavg()[0]
        when = time.strftime("%Y-%m-%d", time.gmtime())
        quick = " --quick" if args.quick else ""
        command = f"python benchmarks/export_phases.py benchmarks/out/{args.root.resolve().name}{quick}"
        made = f"`{command}`, {when}, {os.cpu_count()} cores, load {load:.1f}:"
        write_block(args.readme, f"{made}\n\n{breakdown}")


#: the generated breakdown's place in a README
BEGIN, END = "<!-- export-phases: begin -->", "<!-- export-phases: end -->"


def markdown(figures: dict[str, Any]) -> str:
    """The export's phases as a markdown table (phase, seconds, share, what
    it buys), then the bare writer of the same cells beside it."""
    ours, bare = figures["ours"], figures["bare"]
    total = ours["total"]
    lines = ["| phase | CPU seconds | share | wall seconds | what it buys |", "| --- | ---: | ---: | ---: | --- |"]
    for phase in [*PHASES, "imports", "other"]:
        wall = ours.get(f"wall {phase}")
        shown = "" if wall is None else f"{wall:.2f}"
        lines.append(f"| {phase} | {ours[phase]:.2f} | {ours[phase] / total:.0%} | {shown} | {BUYS[phase]} |")
    lines.append(
        f"| **export, in all** | **{total:.2f}** | 100% | {ours['wall']:.2f} "
        f"| peak RSS {ours['peak_rss_mib']:.0f} MiB |"
    )
    writers = ours["CSV"] + ours["workbook"]
    lines += [
        "",
        f"The bare writer of the same cells (`export_phases.bare_write`: the csv module and XlsxWriter, no "
        f"formats, no checks; {int(figures['cells']):,} cells), CPU seconds: {bare['csv']:.2f} s CSV + "
        f"{bare['xlsx']:.2f} s workbook = {bare['csv'] + bare['xlsx']:.2f} s, after {bare['load']:.2f} s loading "
        "the pickled cells. "
        f"The export's CSV and workbook phases: {writers:.2f} s "
        f"({writers / (bare['csv'] + bare['xlsx']):.2f}x the bare writer); the export in all: "
        f"{total / (bare['csv'] + bare['xlsx'] + bare['load']):.2f}x the bare writer with its loading.",
    ]
    return "\n".join(lines) + "\n"


def write_block(readme: Path, text: str) -> None:
    """Put ``text`` between the BEGIN and END markers of ``readme``."""
    content = readme.read_text(encoding="utf-8")
    head, _, rest = content.partition(BEGIN)
    _, found, tail = rest.partition(END)
    if not found:
        raise SystemExit(f"{readme}: no {BEGIN} ... {END} block")
    readme.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


def _child_bare(cells: Path) -> dict[str, float]:
    """``bare_write``'s steps, CPU seconds: loading the cells, the CSV files, the workbook."""
    t = cpu_seconds()
    sheets = load_bare(cells)
    times = {"load": cpu_seconds() - t}
    with tempfile.TemporaryDirectory() as folder:
        t = cpu_seconds()
        bare_csv(sheets, Path(folder) / "csv")
        times["csv"] = cpu_seconds() - t
        t = cpu_seconds()
        bare_xlsxwriter(sheets, Path(folder) / "bare.xlsx")
        times["xlsx"] = cpu_seconds() - t
    return times


if __name__ == "__main__":
    main()
