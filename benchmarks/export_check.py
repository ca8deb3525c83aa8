"""`sscorpus export --check` on an export that is current (answered from
its record, checksums.json: nothing validated, built or rendered) beside the
same check after an input changed (the full check: validate, build, render
aside, compare), on a synthetic corpus (generate.py).

    .venv/bin/python benchmarks/export_check.py --documents 1000 --annotations 200

The corpus is exported once (untimed) into OUT/export-check-NxM; then each
check runs ``--repeat`` times as a child process, timed with ``run.measure``.
For the changed inputs, a YAML comment is appended to the middle annotation
file before each run (the exports are then stale: exit 1) and the file is
put back afterwards. The figures are printed and written to
OUT/export-check-NxM.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

REPO = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def one_input_changed(root: Path) -> Iterator[Callable[[], None]]:
    """A function that changes one input of the corpus at ``root`` (a YAML
    comment appended to the middle annotation file: the exports are then
    stale, the corpus still valid); the file is put back on leaving."""
    files = sorted(root.glob("annotations/*/*.yaml"))
    changed = files[len(files) // 2]
    original = changed.read_bytes()

    def change() -> None:
        changed.write_bytes(original + b"# changed by benchmarks/export_check.py\n")

    try:
        yield change
    finally:
        changed.write_bytes(original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "-n", type=int, default=1000)
    parser.add_argument("--annotations", "-m", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    root = run.corpus_for(args.out, args.documents, args.annotations, args.seed, args.regenerate)
    name = f"{args.documents}x{args.annotations}"
    sscorpus = run.tool("sscorpus")
    logs = args.out / "logs" / f"export-check-{name}"
    logs.mkdir(parents=True, exist_ok=True)
    exports = args.out / f"export-check-{name}"
    shutil.rmtree(exports, ignore_errors=True)
    print(f"exporting {root} into {exports} (untimed)", file=sys.stderr)
    done = subprocess.run([sscorpus, "export", "--root", str(root), "--out", str(exports)], check=False)
    if done.returncode != 0:
        sys.exit(f"export_check.py: the export failed (exit {done.returncode})")
    check = [sscorpus, "export", "--check", "--root", str(root), "--out", str(exports)]
    results: dict[str, object] = {"corpus": str(root), "versions": run.versions()}
    results["unchanged"] = run.bench("check-unchanged", check, args.repeat, logs, REPO)
    with one_input_changed(root) as change:
        results["changed"] = run.bench("check-changed", check, args.repeat, logs, REPO, ok_codes=(1,), before=change)
    (args.out / f"export-check-{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    fast = float(str(results["unchanged"]["wall_s_median"]))  # type: ignore[index]
    full = float(str(results["changed"]["wall_s_median"]))  # type: ignore[index]
    fast_rss = float(str(results["unchanged"]["peak_rss_mib_max"]))  # type: ignore[index]
    full_rss = float(str(results["changed"]["peak_rss_mib_max"]))  # type: ignore[index]
    print(f"{'export --check':24} {'wall median':>12} {'peak RSS':>10}")
    print(f"{'unchanged (the record)':24} {fast:11.2f}s {fast_rss:8.0f}MiB")
    print(f"{'changed input (full)':24} {full:11.2f}s {full_rss:8.0f}MiB")
    print(f"ratio: {full / fast:.1f}x ({name}, median of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
