#!/usr/bin/env python3
"""What validation costs, side by side in one run (issue 21, "Pay for what changed").

    python benchmarks/validate_speed.py                 # 10, 1,000, 5,000 documents; whole validate on 1,000
    python benchmarks/validate_speed.py --smoke         # a tiny corpus, one run of each: for CI

Rows, each the median of runs alternated with the others (wall time, peak
memory of the child process):

- one-file ``sscorpus validate FILE`` (what pre-commit and an editor run) on
  corpora of each size, and the largest over the smallest;
- whole ``sscorpus validate`` at ``-j 1``, ``-j 2`` and ``-j`` all cores,
  beside ``yaml_floor.py`` (every file parsed with positions, GC off);
- ``sscorpus export --format tables`` on the whole-validate corpus beside
  the bare writer of the same cells (``export_phases.py --bare``: the csv
  module and XlsxWriter, no formats, no checks), and ``sscorpus export
  --check --format tables`` on an unchanged export (answered from its
  ``checksums.json``) beside the same check after one input changed (the
  full check: ``export_check.one_input_changed``, put back after each run);
- the ratios: one file on the largest corpus over the smallest, whole
  ``-j 1`` over the floor, ``-j 1`` over ``-j 2``, the export over the bare
  writer, the full check over the one answered from the record.

Corpora come from ``generate.py`` (``--seed 1``) under ``--out`` and are
reused. The ``-j`` runs must print the same ``--format json`` report; the
run stops otherwise. The figures are written to ``OUT/validate-speed.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
#: the children write and reuse compiled modules, as a user's command does (with
#: PYTHONDONTWRITEBYTECODE set, every run would compile every module again)
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
sys.path.insert(0, str(HERE))
import export_check  # noqa: E402 - a benchmark beside this one

#: the export rows' labels (issue 21)
EXPORT = "export --format tables"
BARE = "bare writer, same cells (CSV + XlsxWriter)"
CHECK_UNCHANGED = "export --check, unchanged (its record)"
CHECK_CHANGED = "export --check, one input changed (full)"


def _sscorpus() -> list[str]:
    script = BIN / ("sscorpus.exe" if os.name == "nt" else "sscorpus")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sscorpus"]


def corpus(out: Path, documents: int, annotations: int, seed: int) -> Path:
    """A generated corpus, made once and reused."""
    root = out / f"c{documents}x{annotations}s{seed}"
    if not (root / "texts" / "catalog.yaml").is_file():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(root),
                "-n",
                str(documents),
                "-m",
                str(annotations),
                "--seed",
                str(seed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return root


def run(command: list[str]) -> tuple[float, float, int, bytes]:
    """Wall seconds, peak MiB (0 without GNU time), exit code and output of one child process."""
    gnu_time = Path("/usr/bin/time")
    timed = [str(gnu_time), "-f", "%M", *command] if gnu_time.exists() else command
    start = time.perf_counter()
    done = subprocess.run(timed, capture_output=True, check=False, env=CHILD_ENV)
    seconds = time.perf_counter() - start
    peak = 0.0
    if gnu_time.exists():
        with contextlib.suppress(ValueError, IndexError):
            peak = int(done.stderr.decode().strip().splitlines()[-1]) / 1024
    return seconds, peak, done.returncode, done.stdout


def export_rows(out: Path, root: Path, sscorpus: list[str]) -> dict[str, list[str]]:
    """The export's commands on ``root``, prepared untimed: the cells that
    the bare writer writes (``export_phases.py --cells``) and an export for
    the checks to compare with."""
    cells = out / "export-cells.pickle"
    phases = [sys.executable, str(HERE / "export_phases.py")]
    subprocess.run([*phases, "--cells", str(root), str(cells)], check=True, stdout=subprocess.DEVNULL)
    compared = out / "export-check"
    shutil.rmtree(compared, ignore_errors=True)
    export = [*sscorpus, "export", "--format", "tables", "--root", str(root)]
    subprocess.run([*export, "--out", str(compared)], check=True, stdout=subprocess.DEVNULL)
    check = [*sscorpus, "export", "--check", "--format", "tables", "--root", str(root), "--out", str(compared)]
    return {
        EXPORT: [*export, "--out", str(out / "export-speed")],
        BARE: [*phases, "--bare", str(cells), str(out / "export-bare")],
        CHECK_UNCHANGED: check,
        CHECK_CHANGED: check,
    }


@contextlib.contextmanager
def prepared(label: str, root: Path) -> Iterator[int]:
    """The run of ``label`` with what it needs around it (the full check:
    one input changed, put back afterwards); yields the exit code it must
    give (a stale export's check: 1)."""
    if label != CHECK_CHANGED:
        yield 0
        return
    with export_check.one_input_changed(root) as change:
        change()
        yield 1


def export_ratios(medians: dict[str, float]) -> dict[str, float]:
    return {
        "export --format tables / bare writer": medians[EXPORT] / medians[BARE],
        "export --check: full / from the record": medians[CHECK_CHANGED] / medians[CHECK_UNCHANGED],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--sizes", default="10,1000,5000", help="documents of the one-file corpora")
    parser.add_argument("--whole", type=int, default=1000, help="documents of the whole-validate corpus")
    parser.add_argument("--annotations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--whole-repeat", type=int, default=3)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="a tiny corpus, one run of each (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.whole, args.annotations, args.repeat, args.whole_repeat = "3,12", 12, 20, 1, 1
        args.export_repeat = 1
    sizes = [int(n) for n in args.sizes.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    sscorpus = _sscorpus()

    one_file: dict[str, list[str]] = {}
    for n in sizes:
        root = corpus(args.out, n, args.annotations, args.seed)
        first = sorted((root / "annotations").glob("*/*.yaml"))[0]
        one_file[f"one file, {n:,} documents"] = [*sscorpus, "validate", str(first), "--root", str(root)]
    root = corpus(args.out, args.whole, args.annotations, args.seed)
    jobs = sorted({1, 2, cores})
    whole = {
        f"whole, {args.whole:,} documents, -j {j}": [
            *sscorpus,
            "validate",
            "--root",
            str(root),
            "-j",
            str(j),
            "--format",
            "json",
        ]
        for j in jobs
    }
    whole["YAML floor (positions, GC off)"] = [sys.executable, str(HERE / "yaml_floor.py"), str(root)]
    exports = export_rows(args.out, root, sscorpus)

    times: dict[str, list[float]] = {label: [] for label in [*one_file, *whole, *exports]}
    peaks: dict[str, list[float]] = {label: [] for label in [*one_file, *whole, *exports]}
    outputs: dict[str, bytes] = {}
    for label, command in one_file.items():  # once untimed: compiled modules, file cache
        if run(command)[2] != 0:
            print(f"{label}: exit code not 0", file=sys.stderr)
            return 1
    rounds = [(one_file, args.repeat), (whole, args.whole_repeat), (exports, args.export_repeat)]
    for commands, repeat in rounds:
        for _ in range(repeat):
            for label, command in commands.items():
                with prepared(label, root) as expected:
                    seconds, peak, code, output = run(command)
                if code != expected:
                    print(f"{label}: exit code {code}", file=sys.stderr)
                    return 1
                times[label].append(seconds)
                peaks[label].append(peak)
                if "-j" in command:
                    outputs[label] = output
    if len(set(outputs.values())) != 1:
        print("the -j runs printed different reports", file=sys.stderr)
        return 1
    peak_mib = {label: statistics.median(values) for label, values in peaks.items()}
    medians = {label: statistics.median(values) for label, values in times.items()}

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(
        f"machine: {platform.platform()}, {cores} cores, Python {platform.python_version()}, "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"medians of {args.repeat} (one file), {args.whole_repeat} (whole) and {args.export_repeat} (export) "
        "alternated runs\n"
    )
    print(f"| {'run':44} | {'seconds':>8} | {'peak MiB':>8} |")
    print(f"| {'-' * 44} | {'-' * 7}: | {'-' * 7}: |")
    for label, value in medians.items():
        print(f"| {label:44} | {value:8.2f} | {peak_mib[label]:8.0f} |")
    floor = medians["YAML floor (positions, GC off)"]
    one = [medians[label] for label in one_file]
    ratios = {
        "one file: largest / smallest corpus": one[-1] / one[0],
        "whole -j 1 / YAML floor": medians[f"whole, {args.whole:,} documents, -j 1"] / floor,
        "whole -j 1 / -j 2": medians[f"whole, {args.whole:,} documents, -j 1"]
        / medians[f"whole, {args.whole:,} documents, -j 2"],
        **export_ratios(medians),
    }
    print()
    for label, value in ratios.items():
        print(f"{label}: {value:.2f}x")
    result = {
        "machine": {"platform": platform.platform(), "cores": cores, "python": platform.python_version(), "load": load},
        "command": " ".join(sys.argv),
        "medians": medians,
        "peak_mib": peak_mib,
        "ratios": ratios,
        "runs": times,
    }
    (args.out / "validate-speed.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
