"""Time the phases of `sscorpus export` against bare writes of the same cells.

    python benchmarks/export_phases.py ROOT [--json OUT.json]

Each measurement runs in a child process of its own, so that its peak memory
(ru_maxrss) is its own. Phases: validate (load and check everything), build
the tables, write the CSV files, write the workbook. Baselines, on exactly
the cells of the workbook's sheets (the same Python values): pyexcelerate,
XlsxWriter in constant-memory mode and openpyxl in write-only mode, each
writing every cell with no styles; installed on demand into the running
environment if missing.
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
BASELINES = ("pyexcelerate", "xlsxwriter", "openpyxl")


def _child_ours(root: Path, cells_out: Path) -> dict[str, float]:
    import gc

    gc.disable()  # as the CLI does
    import pandas as pd

    import sscorpus
    from sscorpus import export
    from sscorpus.tables import TABLES, build_tables

    times: dict[str, float] = {}
    t = time.perf_counter()
    checked = sscorpus.check(root)
    assert not checked.report.errors, "the benchmark corpus must be valid"
    times["validate"] = time.perf_counter() - t
    rss_after_validate = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    tables = build_tables(checked.corpus, checked.schemas)
    times["tables"] = time.perf_counter() - t
    rss_after_tables = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        (out / "csv").mkdir()
        t = time.perf_counter()
        for name, df in tables.items():
            export.write_csv(df, TABLES[name], out / "csv" / f"{name}.csv")
        times["csv"] = time.perf_counter() - t
        t = time.perf_counter()
        export.write_workbook(checked.corpus, tables, out / "sscorpus.xlsx", "benchmark")
        times["xlsx"] = time.perf_counter() - t
        times["xlsx_bytes"] = (out / "sscorpus.xlsx").stat().st_size
    rss_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times["peak_rss_mib"] = rss_end / 1024
    times["rss_growth_xlsx_mib"] = (rss_end - max(rss_after_validate, rss_after_tables)) / 1024
    sheets = {name: ([c.name for c in TABLES[name].columns], export._cells(df)) for name, df in tables.items()}
    times["cells"] = sum(len(rows) * len(columns) for columns, rows in sheets.values())
    with cells_out.open("wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    del pd
    return times


def _child_baseline(which: str, cells: Path) -> dict[str, float]:
    with cells.open("rb") as handle:
        sheets = pickle.load(handle)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bare.xlsx"
        t = time.perf_counter()
        if which == "pyexcelerate":
            from pyexcelerate import Workbook

            book = Workbook()
            for name, (columns, rows) in sheets.items():
                book.new_sheet(name, data=[columns, *rows])
            book.save(str(path))
        elif which == "xlsxwriter":
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
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "xlsx_bytes": size, "peak_rss_mib": rss / 1024,
            "rss_growth_mib": (rss - rss_before) / 1024}


def _in_child(*args: str) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{run.stderr}")
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _ensure(package: str) -> None:
    module = {"pyexcelerate": "pyexcelerate", "xlsxwriter": "xlsxwriter", "openpyxl": "openpyxl"}[package]
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, check=False)
    if probe.returncode != 0:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, nargs="?")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = _child_ours(Path(rest[0]), Path(rest[1])) if kind == "ours" else \
            _child_baseline(kind, Path(rest[0]))
        print(json.dumps(result))
        return
    if args.root is None:
        parser.error("ROOT is required")
    with tempfile.TemporaryDirectory() as folder:
        cells = Path(folder) / "cells.pickle"
        ours = _in_child("ours", str(args.root.resolve()), str(cells))
        baselines = {}
        for which in BASELINES:
            _ensure(which)
            baselines[which] = _in_child(which, str(cells))
    fastest = min(baselines, key=lambda k: baselines[k]["seconds"])
    figures = {"root": str(args.root), "cells": ours["cells"], "ours": ours, "baselines": baselines,
               "fastest_baseline": fastest,
               "xlsx_vs_fastest": ours["xlsx"] / baselines[fastest]["seconds"],
               "cpus": os.cpu_count()}
    print(f"{int(ours['cells']):,} cells in the workbook's sheets")
    print(f"{'phase':<34}{'seconds':>9}  peak RSS MiB")
    for phase in PHASES:
        print(f"  sscorpus {phase:<25}{ours[phase]:>9.2f}")
    print(f"  (sscorpus process peak RSS: {ours['peak_rss_mib']:.0f} MiB; growth while writing the "
          f"workbook: {ours['rss_growth_xlsx_mib']:.0f} MiB)")
    for which, figures_of in baselines.items():
        print(f"  bare {which:<29}{figures_of['seconds']:>9.2f}  {figures_of['peak_rss_mib']:.0f} "
              f"(+{figures_of['rss_growth_mib']:.0f} while writing)")
    print(f"xlsx / fastest bare writer ({fastest}): {figures['xlsx_vs_fastest']:.2f} (goal <= 1.3)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
