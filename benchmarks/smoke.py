#!/usr/bin/env python3
"""Run every benchmark script once, on a tiny corpus, so that none can rot:
an import error or a renamed function fails here (and in .ci/run), not in the
next person's long run. The figures mean nothing; the exit codes do.

    .venv/bin/python benchmarks/smoke.py

tests/test_benchmarks.py checks that every script of benchmarks/ is here.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: each script and its tiny arguments ({tmp}: a fresh temporary folder; {corpus}: a 2-document corpus in it)
SMOKE: dict[str, list[list[str]]] = {
    "generate.py": [["{corpus}", "--documents", "2", "--annotations", "5"]],
    "breakdown.py": [["{corpus}"]],
    "run.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--skip-baseline", "--out", "{tmp}/run"]],
    "export_phases.py": [["{corpus}", "--json", "{tmp}/export-phases.json"]],
    "adversarial.py": [["--smoke", "--out", "{tmp}/adversarial"]],
    "agree.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--out", "{tmp}/agree"]],
    "growing.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--out", "{tmp}/growing"]],
    "site.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--out", "{tmp}/site"]],
    "fuzz.py": [["--mode", mode, "--inputs", "3"] for mode in ("validate", "curate", "add-text", "rehash")],
    "readme_figures.py": [["--smoke"]],
    "yaml_floor.py": [["{corpus}"]],
    "validate_speed.py": [["--smoke", "--out", "{tmp}/validate-speed"]],
    "lsp.py": [["{corpus}", "--edits", "20"]],
    "parquet.py": [["--root", "{corpus}", "--repeat", "1", "--out", "{tmp}/parquet"]],
    "interchange_xmi.py": [["{corpus}", "--repeat", "1"]],
    "interchange.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--out", "{tmp}/interchange"]],
    "networks.py": [["{corpus}", "--repeat", "1", "--out", "{tmp}/networks"]],
    "export_check.py": [["--documents", "2", "--annotations", "5", "--repeat", "1", "--out", "{tmp}/export-check"]],
}


def main() -> int:
    failed = []
    with tempfile.TemporaryDirectory(prefix="sscorpus-bench-smoke-") as tmp:
        corpus = f"{tmp}/corpus"
        for script, runs in SMOKE.items():  # generate.py first: the others may read its corpus
            for args in runs:
                argv = [sys.executable, str(HERE / script), *(a.format(tmp=tmp, corpus=corpus) for a in args)]
                start = time.perf_counter()
                done = subprocess.run(argv, capture_output=True, text=True, check=False)
                took = time.perf_counter() - start
                print(f"{'ok' if done.returncode == 0 else 'FAILED':6} {took:6.1f} s  {script} {' '.join(args)}")
                if done.returncode != 0:
                    failed.append(script)
                    print((done.stdout + done.stderr)[-3000:], file=sys.stderr)
    if failed:
        print(f"benchmarks that fail: {', '.join(sorted(set(failed)))}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
