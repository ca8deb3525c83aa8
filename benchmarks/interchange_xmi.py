"""Time the INCEpTION / UIMA CAS XMI export against the CSV files of the same dataset.

    python benchmarks/interchange_xmi.py ROOT [--repeat N] [--json OUT.json]

Validates ROOT and builds its dataset once (every layer), then, N times
each (the best is kept), writes the CSV file of every table as the export
does, and the XMI zip (``sscorpus-xmi.zip``). Prints the seconds of each,
the XMI zip's size and the ratio XMI / CSV (the issue asks for at most 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import sscorpus
    from sscorpus.dataset.dataset import build
    from sscorpus.dataset.formats import write_csv
    from sscorpus.dataset.tables import TABLES
    from sscorpus.interchange.formats import FORMATS

    xmi = FORMATS["xmi"]
    t = time.perf_counter()
    checked = sscorpus.check(args.root)
    assert not checked.report.errors, "the benchmark corpus must be valid"
    dataset = build(checked)
    figures: dict[str, float] = {"validate_and_build": time.perf_counter() - t}
    csv_times, xmi_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for _ in range(args.repeat):
            t = time.perf_counter()
            for name in dataset.tables:
                write_csv(dataset.columns(name), TABLES[name], out / f"{name}.csv")
            csv_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            refused = xmi.write(dataset, out / xmi.file_name)
            xmi_times.append(time.perf_counter() - t)
            assert not refused, refused[:3]
        figures["xmi_bytes"] = (out / xmi.file_name).stat().st_size
    figures["csv"] = min(csv_times)
    figures["xmi"] = min(xmi_times)
    figures["ratio"] = figures["xmi"] / figures["csv"]
    figures["files"] = len(dataset.layers.files)
    for key, value in figures.items():
        print(f"{key}: {value:,.3f}" if isinstance(value, float) else f"{key}: {value:,}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
