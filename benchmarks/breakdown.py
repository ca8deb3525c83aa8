#!/usr/bin/env python3
"""Where the time of one ``sscorpus validate`` goes, layer by layer, without a profiler's overhead.

    python benchmarks/breakdown.py ROOT [FILE ...]

Runs the same work as ``sscorpus validate --root ROOT [FILE ...]`` in this
process, with a timer around each layer (import, schema set-up, YAML loading,
schema checks, catalog, anchoring, references, the report). cProfile and
pyinstrument multiply the cost of small Python calls several times over,
which distorts the shares; these timers wrap only coarse calls.

It patches functions of sscorpus by name; when the validator is reorganised,
the wrapped names may need updating (a missing one is reported, not fatal).
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(label: str, func):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start
            CALLS[label] += 1

    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()

    t0 = time.perf_counter()
    import importlib

    validate_mod = importlib.import_module("sscorpus.checks.validate")
    t1 = time.perf_counter()
    importlib.import_module("sscorpus.cli")
    t2 = time.perf_counter()
    from sscorpus.checks.reporters import write_text
    from sscorpus.corpus import schemas as schemas_mod

    patches = [
        (validate_mod, "load_file", "YAML loading (all files)"),
        (validate_mod, "read_catalog", "catalog: texts read and hashed"),
        (validate_mod, "read_annotation_file", "annotation records + anchoring (incl. text indexes)"),
        (validate_mod, "TextIndex", "TextIndex built (text indexes for anchoring)"),
        (validate_mod, "check_claim_links", "claim links"),
        (validate_mod, "unmentioned", "unmentioned entities"),
        (schemas_mod.SchemaSet, "check", "schema checks (all files)"),
        (schemas_mod.SchemaSet, "__init__", "schema set-up"),
    ]
    for owner, name, label in patches:
        if hasattr(owner, name):
            setattr(owner, name, timed(label, getattr(owner, name)))
        else:
            print(f"note: {owner.__name__}.{name} not found; not timed", file=sys.stderr)

    t3 = time.perf_counter()
    checked = validate_mod.check(args.root, args.files)
    t4 = time.perf_counter()
    write_text(checked.report, io.StringIO(), None)
    t5 = time.perf_counter()

    rows = [("import sscorpus.checks.validate", t1 - t0), ("import sscorpus.cli (what it adds)", t2 - t1)]
    rows += [(label, TIMES[label]) for _, _, label in patches if CALLS[label]]
    rows += [("check() in all", t4 - t3), ("text report", t5 - t4), ("total (in process)", t5 - t0)]
    width = max(len(r[0]) for r in rows)
    for label, seconds in rows:
        calls = next((CALLS[lbl] for _, _, lbl in patches if lbl == label), None)
        print(f"{label.ljust(width)}  {seconds:8.3f} s" + (f"  ({calls} calls)" if calls else ""))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS'.ljust(width)}  {peak:8.0f} MiB")
    print(f"findings: {len(checked.report.errors)} errors, {len(checked.report.warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
