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

PHASES = ("validate", "tables", "csv", "xlsx")
BASELINES = ("xlsxwriter", "openpyxl")


def _child_ours(root: Path, cells_out: Path) -> dict[str, float]:
    import gc

    gc.disable()  # as the CLI does
    import pandas as pd

    import sscorpus
    from sscorpus.dataset.dataset import build
    from sscorpus.dataset.formats import write_csv
    from sscorpus.dataset.sheets import sheets as workbook_sheets
    from sscorpus.dataset.tables import TABLES
    from sscorpus.dataset.workbook import write_workbook

    times: dict[str, float] = {}
    t = time.perf_counter()
    checked = sscorpus.check(root)
    assert not checked.report.errors, "the benchmark corpus must be valid"
    times["validate"] = time.perf_counter() - t
    rss_after_validate = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    dataset = build(checked)
    tables = dataset.tables
    times["tables"] = time.perf_counter() - t
    rss_after_tables = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        (out / "csv").mkdir()
        t = time.perf_counter()
        for name, df in tables.items():
            write_csv(df, TABLES[name], out / "csv" / f"{name}.csv")
        times["csv"] = time.perf_counter() - t
        t = time.perf_counter()
        refused = write_workbook(out / "sscorpus.xlsx", workbook_sheets(dataset), title="sscorpus", tmpdir=out)
        times["xlsx"] = time.perf_counter() - t
        assert not refused, refused[:3]
        times["xlsx_bytes"] = (out / "sscorpus.xlsx").stat().st_size
    rss_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times["peak_rss_mib"] = rss_end / 1024
    times["rss_after_validate_mib"] = rss_after_validate / 1024
    times["rss_after_tables_mib"] = rss_after_tables / 1024
    # the workbook's sheets as plain values (About first), for the writers run alone
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
    times["cells"] = sum(len(rows) * len(columns) for _, columns, rows, _, _ in sheets)
    with cells_out.open("wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    del pd
    return times


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
    with cells.open("rb") as handle:
        sheets = {name: ([c[0] for c in columns], rows) for name, columns, rows, _, _ in pickle.load(handle)}
    rss_before = _start_memory()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bare.xlsx"
        t = time.perf_counter()
        if which == "xlsxwriter":
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
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "ours":
            result = _child_ours(Path(rest[0]), Path(rest[1]))
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
        writer = _in_child("ours-workbook", str(cells))
        baselines = {which: _in_child(which, str(cells)) for which in BASELINES}
    ratio = writer["seconds"] / baselines["xlsxwriter"]["seconds"]
    figures = {
        "root": str(args.root),
        "cells": ours["cells"],
        "ours": ours,
        "ours_workbook_alone": writer,
        "baselines": baselines,
        "workbook_vs_bare_xlsxwriter": ratio,
        "cpus": os.cpu_count(),
    }
    print(f"{int(ours['cells']):,} cells in the workbook's sheets")
    print(f"{'phase':<40}{'seconds':>9}  memory")
    for phase in PHASES:
        print(f"  sscorpus {phase:<31}{ours[phase]:>9.2f}")
    print(
        f"  (the export's process: peak RSS {ours['peak_rss_mib']:.0f} MiB, "
        f"{ours['rss_after_validate_mib']:.0f} MiB after validate)"
    )
    print(
        f"  sscorpus workbook writer, alone{'':<9}{writer['seconds']:>9.2f}  +{writer['rss_growth_mib']:.1f} MiB "
        f"while writing (fresh process, peak {writer['peak_rss_mib']:.0f} MiB)"
    )
    for which, figures_of in baselines.items():
        print(
            f"  bare {which:<35}{figures_of['seconds']:>9.2f}  +{figures_of['rss_growth_mib']:.1f} MiB "
            f"while writing (peak {figures_of['peak_rss_mib']:.0f} MiB)"
        )
    print(f"sscorpus writer / bare XlsxWriter: {figures['workbook_vs_bare_xlsxwriter']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
