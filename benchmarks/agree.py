#!/usr/bin/env python3
"""How fast ``sscorpus agree`` is on a large corpus with a second annotator.

    python benchmarks/agree.py [--documents N] [--annotations M] [--out DIR] [--repeat R]

Generates a corpus with ``generate.py`` (one annotator per document), then
gives every document a second annotator, ``z``: a copy of the file with every
fifth claim's kind and every seventh stance changed, so that there are
disagreements to list. Times, in this process, the phases of one
``sscorpus agree`` (loading and validation, the figures, the disagreements,
the text report) and the whole command in a fresh process, and prints the
figures as JSON.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import re
import subprocess
import sys
import time
from itertools import count
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

KINDS = ["descriptive", "causal", "evaluative", "predictive", "prescriptive"]
STANCES = {"endorses": "rejects", "rejects": "neutral", "neutral": "endorses"}


def second_annotator(root: Path) -> int:
    """Copy every annotation file to annotator z, with changes; return the number of files."""
    files = sorted(p for p in (root / "annotations").glob("*/*.yaml") if p.parent.name != "z")
    (root / "annotations" / "z").mkdir(exist_ok=True)
    kinds, stances = count(), count()

    def kind(m: re.Match[str]) -> str:
        if next(kinds) % 5:
            return m.group(0)
        return f"{m.group(1)}kind: {KINDS[(KINDS.index(m.group(2)) + 1) % len(KINDS)]}"

    def stance(m: re.Match[str]) -> str:
        return m.group(0) if next(stances) % 7 else f"{m.group(1)}stance: {STANCES[m.group(2)]}"

    for path in files:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^annotator: \w+$", "annotator: z", text, count=1, flags=re.M)
        text = re.sub(r"^( {4})kind: (" + "|".join(KINDS) + r")$", kind, text, flags=re.M)
        text = re.sub(r"^( +)stance: (endorses|rejects|neutral)$", stance, text, flags=re.M)
        (root / "annotations" / "z" / path.name).write_text(text, encoding="utf-8")
    return len(files)


def phases(root: Path) -> dict[str, float]:
    from sscorpus.agreement.disagreements import disagreements
    from sscorpus.agreement.measure import agree
    from sscorpus.agreement.report import write_agreement_text
    from sscorpus.checks.validate import check

    gc.disable()  # as the command line does
    times: dict[str, float] = {}
    start = time.perf_counter()
    checked = check(root)
    times["load and validate"] = time.perf_counter() - start
    assert not checked.report.errors, checked.report.errors[:3]
    annotators = sorted({f.annotator for f in checked.corpus.files})
    start = time.perf_counter()
    result = agree(checked.corpus, annotators)
    times["figures (every pair, every document)"] = time.perf_counter() - start
    start = time.perf_counter()
    found = [d for a in annotators for b in annotators if a < b for d in disagreements(checked.corpus, a, b)]
    times["disagreements"] = time.perf_counter() - start
    start = time.perf_counter()
    write_agreement_text(result, found, io.StringIO())
    times["text report"] = time.perf_counter() - start
    times["disagreements found"] = len(found)
    gc.enable()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--annotations", type=int, default=200)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = args.out / f"agree-{args.documents}x{args.annotations}"
    generate(root, args.documents, args.annotations, quiet=True)
    files = second_annotator(root)
    runs = [phases(root) for _ in range(args.repeat)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    command = [str(Path(sys.executable).with_name("sscorpus")), "agree", "--root", str(root)]
    wall = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "documents": args.documents,
                "annotations_per_file": args.annotations,
                "files_of_annotator_z": files,
                "phases_best_of_runs_s": best,
                "sscorpus_agree_best_s": min(wall),
                "repeat": args.repeat,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
