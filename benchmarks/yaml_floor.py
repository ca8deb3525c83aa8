#!/usr/bin/env python3
"""The floor under ``sscorpus validate``: every YAML file of a corpus parsed
with positions, the cyclic garbage collector off as the command has it, and
nothing else (no schema, no records, no checks).

    python benchmarks/yaml_floor.py ROOT

Prints the files parsed and the seconds; ``validate_speed.py`` runs it as a
child process beside ``sscorpus validate``.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path


def main() -> int:
    gc.disable()
    start = time.perf_counter()
    from sscorpus.corpus.loading import load_file

    root = Path(sys.argv[1])
    paths = [root / "texts" / "catalog.yaml", *sorted((root / "annotations").rglob("*.yaml"))]
    parsed = sum(load_file(path).parsed for path in paths)
    print(f"{parsed}/{len(paths)} files parsed in {time.perf_counter() - start:.2f} s")
    return 0 if parsed == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
