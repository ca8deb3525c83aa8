#!/usr/bin/env python3
"""A longer fuzzing run than the test suite's: thousands of mutated corpora.

    python benchmarks/fuzz.py [--inputs 2400] [--seed 1] [--cli-every 10]
    python benchmarks/fuzz.py --mode curate [--inputs 2000] [--seed 1]
    python benchmarks/fuzz.py --mode add-text [--inputs 3000] [--seed 1]
    python benchmarks/fuzz.py --mode rehash [--inputs 600] [--seed 1]

Each input is the test fixture corpus (tests/conftest.py) with one file
rewritten by the seeded mutator of tests/mutations.py (selector values,
catalog lengths, registry years, YAML block or flow or JSON, any line
ending) or damaged byte-wise (a cut, a line swapped or dropped, a payload
from tests/test_robustness.py inserted). For every input it asserts what
tests/test_robustness.py asserts: no internal.error, every finding located,
exit code 0 or 1, and every annotation of a file that validates has offsets;
every ``--cli-every``-th input also runs the command line (any format) and
asserts no traceback and exit code 0, 1 or 2. Prints the counts of finding
codes and the time taken; exits 1 on the first input that breaks a rule,
with its seed, so that it can be replayed.

``--mode curate`` runs the generator of tests/test_curate_fuzz.py instead:
random annotator pairs and gold files, then ``curate`` with or without
``--merge``, each case holding that test's rules (no traceback, nothing
written but the gold file, a written gold file validates, keeps what it had
and marks what the annotators marked; a refusal is located and leaves the
gold file as it was).

``--mode add-text`` draws requests to add-text instead (the seeded cases of
tests/test_add_text_fuzz.py: hostile ids, titles, dates, texts in any
encoding) into one growing corpus: none may raise, write anything but the
catalog and its new text, or add what does not validate (checked at the end).

``--mode rehash`` fuzzes ``sscorpus rehash`` instead: annotation files of
the essay in two layers with every kind of selector (tests/rehashing.py,
new ones every 50 inputs), and for each input one seeded correction of the
text (a word or a name inserted, a sentence or a name deleted, a sentence
duplicated); it asserts that every annotation marks its own passage where
the correction took it, or is reported broken where the correction touched
it, and that the corpus validates but for what was reported.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from click.testing import CliRunner  # noqa: E402

import sscorpus  # noqa: E402
from conftest import build_corpus  # noqa: E402
from sscorpus.cli import main as cli  # noqa: E402
from test_add_text_fuzz import run_case as add_text_case  # noqa: E402
from test_robustness import (  # noqa: E402
    NASTY,
    Mutated,
    assert_every_annotation_resolves_or_has_a_finding,
    assert_located,
)


def damage(rng: random.Random, data: bytes) -> bytes:
    """One to three byte-level injuries, as test_robustness.damage draws them."""
    for _ in range(rng.randint(1, 3)):
        lines = data.splitlines(keepends=True) or [b""]
        kind = rng.choice(["cut", "duplicate", "swap", "delete", "insert", "replace"])
        i, j, at = rng.randrange(len(lines)), rng.randrange(len(lines)), rng.randint(0, len(data))
        payload = rng.choice(NASTY) if rng.random() < 0.7 else rng.randbytes(rng.randint(1, 16))
        if kind == "cut":
            data = data[:at]
        elif kind == "duplicate":
            data = b"".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            data = b"".join(lines)
        elif kind == "delete":
            data = b"".join(lines[:i] + lines[i + 1 :])
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        else:
            data = data[:at] + payload + data[min(len(data), at + rng.randint(0, 40)) :]
    return data


def fuzz_curate(inputs: int, seed: int) -> int:
    """``inputs`` random cases of curate (tests/test_curate_fuzz.py), every rule asserted."""
    from sscorpus.corpus.schemas import SchemaSet
    from test_curate_fuzz import make_pool, run_case

    workdir = Path(tempfile.mkdtemp(prefix="sscorpus-fuzz-curate-"))
    try:
        corpus = build_corpus(workdir / "corpus")
        pool, schemas = make_pool(), SchemaSet(corpus.root / "schemas")
        outcomes: Counter[str] = Counter()
        started = time.perf_counter()
        for n in range(inputs):
            case = seed * 1_000_003 + n
            try:
                outcome = run_case(corpus, pool, schemas, case)
            except Exception as exc:  # noqa: BLE001 - any failure is reported with its seed
                print(f"input {n} (seed {case}) breaks a rule: {type(exc).__name__}: {exc}", file=sys.stderr)
                return 1
            outcomes["written" if outcome.written else "refused"] += 1
            outcomes.update(outcome.codes)
        seconds = time.perf_counter() - started
        print(f"{inputs:,} curate cases in {seconds:.1f} s: every rule held")
        for name, count in outcomes.most_common():
            print(f"  {name:32} {count:7,}")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def fuzz_add_text(inputs: int, seed: int) -> int:
    """Seeded add-text requests into one corpus; 1 on the first broken rule."""
    workdir = Path(tempfile.mkdtemp(prefix="sscorpus-fuzz-add-text-"))
    try:
        root = build_corpus(workdir / "corpus").root
        outcomes: Counter[str] = Counter()
        started = time.perf_counter()
        rng = random.Random(seed)
        for n in range(inputs):
            try:
                outcomes[add_text_case(root, rng, n)] += 1
            except Exception as exc:  # noqa: BLE001 - any failure is the finding of this run
                print(f"request {n} (seed {seed}) breaks a rule: {type(exc).__name__}: {exc!s:.2000}", file=sys.stderr)
                return 1
        report = sscorpus.check(root).report
        seconds = time.perf_counter() - started
        if report.errors:
            print(f"the corpus does not validate after the run: {report.errors[:3]}", file=sys.stderr)
            return 1
        print(
            f"{inputs:,} add-text requests in {seconds:.1f} s: every rule held; "
            f"{outcomes['added']:,} added, {outcomes['refused']:,} refused; the corpus validates"
        )
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def fuzz_rehash(inputs: int, seed: int, workdir: Path) -> int:
    """The rehash mode (see the module's description)."""
    from conftest import ESSAY, ESSAY_FILE
    from rehashing import annotation_file, check_correction, correction

    corpus = build_corpus(workdir / "corpus")
    text_file = corpus.path(f"texts/{ESSAY}.txt")
    annotated = workdir / "annotated.txt"
    annotated.write_bytes(text_file.read_bytes())
    text = annotated.read_text(encoding="utf-8")
    layers = {corpus.path(ESSAY_FILE): "a", corpus.path(f"annotations/gold/{ESSAY}.yaml"): "gold"}
    kinds: Counter[str] = Counter()
    annotations = 0
    started = time.perf_counter()
    for n in range(inputs):
        case = seed * 1_000_003 + n
        if n % 50 == 0:
            rng = random.Random(case)
            for path, layer in layers.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(annotation_file(rng, text, ESSAY, layer), encoding="utf-8")
            originals = {p: p.read_bytes() for p in [*layers, corpus.path("texts/catalog.yaml")]}
            before = sscorpus.check(corpus.root)
            if before.report.errors:
                print(f"input {n} (seed {case}): the generated annotations do not validate", file=sys.stderr)
                return 1
        fix = correction(random.Random(case), text)
        kinds[fix.kind] += 1
        problems = check_correction(corpus.root, ESSAY, annotated, fix, before.schemas, before)
        if problems:
            print(f"input {n} (seed {case}, {fix.kind} at {fix.at}) breaks a rule:", file=sys.stderr)
            print("\n".join(problems[:10]), file=sys.stderr)
            return 1
        annotations += sum(len(f.annotations()) + len(f.not_mentions) for f in before.corpus.files)
        for path, data in originals.items():
            path.write_bytes(data)
        text_file.write_bytes(annotated.read_bytes())
    seconds = time.perf_counter() - started
    print(f"{inputs:,} corrections, {annotations:,} annotation checks in {seconds:.1f} s: every rule held")
    for kind, count in kinds.most_common():
        print(f"  {kind:20} {count:6,}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["validate", "curate", "add-text", "rehash"], default="validate")
    parser.add_argument("--inputs", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli-every", type=int, default=10)
    args = parser.parse_args()
    if args.mode == "curate":
        return fuzz_curate(args.inputs, args.seed)
    if args.mode == "add-text":
        return fuzz_add_text(args.inputs, args.seed)
    if args.mode == "rehash":
        workdir = Path(tempfile.mkdtemp(prefix="sscorpus-fuzz-"))
        try:
            return fuzz_rehash(args.inputs, args.seed, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    workdir = Path(tempfile.mkdtemp(prefix="sscorpus-fuzz-"))
    try:
        mutated = Mutated(build_corpus(workdir / "corpus"))
        root = mutated.fuzzed.corpus.root
        codes: Counter[str] = Counter()
        clean = 0
        started = time.perf_counter()
        for n in range(args.inputs):
            seed = args.seed * 1_000_003 + n
            rng = random.Random(seed)
            if rng.random() < 0.6:
                target = mutated.write(rng)
            else:
                target = rng.choice(list(mutated.fuzzed.originals))
                mutated.fuzzed.reset(use_json=target.endswith(".json"))
                mutated.fuzzed.corpus.write(target, damage(rng, mutated.fuzzed.originals[target]))
            try:
                checked = sscorpus.check(root, schemas=mutated.fuzzed.schemas)
                assert_located(checked.report)
                assert checked.report.exit_code() in (0, 1)
                assert_every_annotation_resolves_or_has_a_finding(checked)
                if args.cli_every and n % args.cli_every == 0:
                    fmt = rng.choice(["text", "json", "github"])
                    result = CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", fmt])
                    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
                    assert "Traceback" not in result.output and result.exit_code in (0, 1, 2)
            except AssertionError as exc:
                print(f"input {n} (seed {seed}, {target}) breaks a rule: {exc}", file=sys.stderr)
                return 1
            clean += not checked.report.errors
            codes.update(f.code for f in checked.report.findings)
        seconds = time.perf_counter() - started
        print(f"{args.inputs:,} inputs in {seconds:.1f} s: every rule held; {clean:,} inputs without errors")
        for code, count in codes.most_common():
            print(f"  {code:32} {count:7,}")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
