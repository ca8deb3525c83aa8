#!/usr/bin/env python3
"""The Parquet writer against the CSV writer, on the same tables.

    .venv/bin/python benchmarks/parquet.py                                  # 1,000 x 200 synthetic corpus
    .venv/bin/python benchmarks/parquet.py --documents 200 --annotations 500
    .venv/bin/python benchmarks/parquet.py --root ROOT                      # any corpus

The corpus is validated and its tables built once (both timed); then, in
the same process, each writer writes every table of ``TABLES`` into a
fresh folder, ``--repeat`` times, alternating: ``write_csv`` (the export's
CSV files) and ``write_parquet`` (its Parquet files), each with the check
the export runs on its values before writing (``csv_findings``,
``parquet_findings``) timed apart. The figures (median and fastest, the
bytes written) are printed and written to OUT/parquet-<corpus>.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

REPO = Path(__file__).resolve().parents[1]


def _timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="an existing corpus (else a synthetic one)")
    parser.add_argument("--documents", "-n", type=int, default=1000, help="documents of the synthetic corpus")
    parser.add_argument("--annotations", "-m", type=int, default=200, help="annotations per file (synthetic)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.root:
        root, name = args.root.resolve(), args.root.resolve().name
    else:
        root = run.corpus_for(args.out, args.documents, args.annotations, args.seed, False)
        name = f"{args.documents}x{args.annotations}"

    import sscorpus
    from sscorpus.checks.cells import Locator
    from sscorpus.dataset.dataset import build
    from sscorpus.dataset.formats import csv_findings, parquet_findings, write_csv
    from sscorpus.dataset.parquet import write_parquet
    from sscorpus.dataset.tables import TABLES

    gc.disable()  # as the CLI does
    start = time.perf_counter()
    checked = sscorpus.check(root)
    validate_s = time.perf_counter() - start
    if checked.report.errors:
        sys.exit(f"parquet.py: {root} does not validate: the timings would mean nothing")
    start = time.perf_counter()
    dataset = build(checked)
    tables_s = time.perf_counter() - start
    tables, schemas = dataset.tables, dataset.schemas
    locator = Locator(root / "exports" / "sscorpus.xlsx")

    def csv_files(folder: Path) -> None:
        for table in tables:
            write_csv(dataset.columns(table), TABLES[table], folder / f"{table}.csv")

    def parquet_files(folder: Path) -> None:
        for table in tables:
            write_parquet(dataset.columns(table), TABLES[table], schemas, folder / f"{table}.parquet")

    def checks(find: Callable[..., list[object]]) -> None:
        for table in tables:
            assert not find(table, dataset.columns(table), locator)

    times: dict[str, list[float]] = {"csv": [], "parquet": [], "csv_check": [], "parquet_check": []}
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for kind, write, find in (("csv", csv_files, csv_findings), ("parquet", parquet_files, parquet_findings)):
            with tempfile.TemporaryDirectory(prefix=f"sscorpus-bench-{kind}-") as folder:
                times[f"{kind}_check"].append(_timed(partial(checks, find)))
                times[kind].append(_timed(partial(write, Path(folder))))
                sizes[kind] = sum(p.stat().st_size for p in Path(folder).iterdir())
            gc.collect()
    rows = sum(len(df) for df in tables.values())
    results: dict[str, object] = {
        "corpus": str(root),
        "versions": run.versions(),
        "rows": rows,
        "tables": len(tables),
        "validate_s": validate_s,
        "tables_s": tables_s,
        "repeat": args.repeat,
        **{f"{k}_median_s": statistics.median(v) for k, v in times.items()},
        **{f"{k}_min_s": min(v) for k, v in times.items()},
        **{f"{k}_bytes": v for k, v in sizes.items()},
    }
    (args.out / f"parquet-{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{name}: {len(tables)} tables, {rows:,} rows; validate {validate_s:.1f} s, tables {tables_s:.1f} s")
    for kind in ("csv", "parquet"):
        print(
            f"  {kind:8} write {results[f'{kind}_median_s']:.3f} s median ({results[f'{kind}_min_s']:.3f} fastest), "
            f"check {results[f'{kind}_check_median_s']:.3f} s, {sizes[kind]:,} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
