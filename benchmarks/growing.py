#!/usr/bin/env python3
"""Time the commands that grow a corpus, on a synthetic corpus.

    python benchmarks/growing.py [--documents N] [--annotations M] [--repeat R] [--src DIR] [--out DIR]

generates the corpus with benchmarks/generate.py (or reuses the one in
OUT/growing-NxM made with the same arguments) and times, each as a child
process (``python -m sscorpus``), its wall time and peak RSS:

  stats      sscorpus stats --root ROOT                      (every file: the names rule on every document)
  new        sscorpus new DOC --annotator bench --suggest-mentions   (the file is removed after each run)
  locate     sscorpus locate DOC QUOTE --annotator A         (a quote that occurs several times)
  registry   sscorpus registry QUERY                         (fuzzy search of the registry)

``--src DIR`` runs the commands against another source tree (a ``src``
folder holding ``sscorpus``), to compare two versions on the same corpus.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - the generator beside this script


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--annotations", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", type=Path, help="run against this source tree instead of the installed package")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)

    root = args.out / f"growing-{args.documents}x{args.annotations}-s{args.seed}"
    if not (root / "texts" / "catalog.yaml").is_file():
        generate(root, args.documents, args.annotations, args.seed, quiet=True)
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve())
    files = sorted((root / "annotations").glob("*/*.yaml"))
    middle = files[len(files) // 2]
    doc, annotator = middle.stem, middle.parent.name
    scaffold = root / "annotations" / "bench" / f"{doc}.yaml"
    sscorpus = [sys.executable, "-m", "sscorpus"]
    commands = {
        "stats": [*sscorpus, "stats", "--root", str(root)],
        "new": [*sscorpus, "new", doc, "--annotator", "bench", "--suggest-mentions", "--root", str(root)],
        "locate": [*sscorpus, "locate", doc, "the", "--annotator", annotator, "--root", str(root)],
        "registry": [*sscorpus, "registry", "development bank", "--root", str(root)],
    }
    print(f"corpus: {root} ({len(files)} annotation files); source: {args.src or 'installed sscorpus'}")
    print(f"{'command':10} {'median s':>9} {'best s':>7} {'peak MiB':>9}")
    for name, command in commands.items():
        runs = []
        for _ in range(args.repeat):
            scaffold.unlink(missing_ok=True)
            seconds, rss, code = timed(command, env)
            if code == 2 and name != "stats":  # a version without the command
                break
            if code not in (0, 1):
                print(f"{name}: exit code {code}: {' '.join(command)}", file=sys.stderr)
                return 1
            runs.append((seconds, rss))
        scaffold.unlink(missing_ok=True)
        if not runs:
            print(f"{name:10} {'(no such command in this version)':>27}")
            continue
        walls = [s for s, _ in runs]
        print(f"{name:10} {statistics.median(walls):9.2f} {min(walls):7.2f} {max(r for _, r in runs) / 1024:9.0f}")
    if scaffold.parent.is_dir() and not any(scaffold.parent.iterdir()):
        scaffold.parent.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
