#!/usr/bin/env python3
"""Time ``sscorpus validate`` on a synthetic corpus, against check-jsonschema.

    python benchmarks/run.py [--documents N] [--annotations M] [--out DIR]

generates the corpus with benchmarks/generate.py (or reuses the one in DIR
made with the same arguments), checks that it validates with no errors, and
times, each command as a child process, its wall time and peak RSS:

  validate-all   sscorpus validate --root ROOT                 (every layer, every file)
  baseline       check-jsonschema --base-uri file://ROOT/schemas/annotation-file.schema.json
                     --schemafile ROOT/schemas/annotation-file.schema.json ROOT/annotations/*/*.yaml
                                                               (structure only, same files)
  validate-one   sscorpus validate --root ROOT ONE_FILE        (one changed file; it is touched first)
  export         sscorpus export --root ROOT --out DIR         (hook: skipped when
                                                                `sscorpus export --help` fails)

Each command runs --repeat times; the table shows the median and the best
wall time and the largest peak RSS. Peak RSS is the child's own ru_maxrss,
from os.wait4 (the rusage of exactly that child). The figures go to
DIR/results-NxM.json and the commands' output to DIR/logs/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

REPO = Path(__file__).resolve().parents[1]
TARGET_SPEEDUP = 8.0
TARGET_ONE_FILE_SECONDS = 0.5


def tool(name: str) -> str:
    """The console script next to this Python (the project's venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"run.py: {name} not found (install it into the venv that runs this script)")
    return found


def measure(argv: list[str], log: Path, cwd: Path) -> dict[str, float | int]:
    """Run ``argv`` once; wall seconds, CPU seconds, peak RSS (MiB), exit code."""
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "exit_code": child.returncode,
    }


def bench(
    name: str,
    argv: list[str],
    repeat: int,
    logs: Path,
    cwd: Path,
    ok_codes: tuple[int, ...] = (0,),
    before: object = None,
) -> dict[str, object]:
    runs = []
    for i in range(repeat):
        if callable(before):
            before()
        run = measure(argv, logs / f"{name}-{i + 1}.log", cwd)
        if run["exit_code"] not in ok_codes:
            tail = (logs / f"{name}-{i + 1}.log").read_text(errors="replace")[-2000:]
            sys.exit(f"run.py: {name} exited {run['exit_code']}:\n{tail}")
        runs.append(run)
        print(f"  {name} run {i + 1}/{repeat}: {run['wall_s']:.3f} s, {run['peak_rss_mib']:.0f} MiB", file=sys.stderr)
    walls = [float(r["wall_s"]) for r in runs]
    return {
        "command": argv,
        "runs": runs,
        "wall_s_median": statistics.median(walls),
        "wall_s_min": min(walls),
        "cpu_s_median": statistics.median(float(r["cpu_s"]) for r in runs),
        "peak_rss_mib_max": max(float(r["peak_rss_mib"]) for r in runs),
    }


def corpus_for(out: Path, documents: int, annotations: int, seed: int, regenerate: bool) -> Path:
    root = out / f"corpus-{documents}x{annotations}-seed{seed}"
    marker = root / generate.MARKER
    wanted = {
        "generator_version": generate.GENERATOR_VERSION,
        "documents": documents,
        "annotations_per_file": annotations,
        "seed": seed,
    }
    if not regenerate and marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if all(info.get(k) == v for k, v in wanted.items()):
            print(f"reusing {root}", file=sys.stderr)
            return root
    print(f"generating {root} ({documents} documents x {annotations} annotations)", file=sys.stderr)
    start = time.perf_counter()
    generate.generate(root, documents, annotations, seed)
    print(f"  generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return root


def check_valid(sscorpus: str, root: Path, logs: Path) -> dict[str, int]:
    """The corpus must validate with no errors, or the timings mean nothing."""
    done = subprocess.run(
        [sscorpus, "validate", "--root", str(root), "--format", "json"], capture_output=True, text=True, check=False
    )
    (logs / "check-valid.json").write_text(done.stdout + done.stderr, encoding="utf-8")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"run.py: sscorpus validate did not give a JSON report:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    if report["errors"]:
        first = "\n".join(
            f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
            for f in report["findings"]
            if f["severity"] == "error"
        )
        sys.exit(f"run.py: the generated corpus has {report['errors']} errors:\n{first[:3000]}")
    return {"errors": report["errors"], "warnings": report["warnings"], "files_checked": report["files_checked"]}


def cpu_model() -> str:
    """The processor's name (Linux: /proc/cpuinfo), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def versions() -> dict[str, str]:
    from importlib import metadata

    found = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpus": str(os.cpu_count()),
    }
    for dist in ("sscorpus", "check-jsonschema", "jsonschema", "jsonschema-rs", "PyYAML", "ruamel.yaml"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    git = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "schemas"],
        capture_output=True,
        text=True,
        check=False,
    )
    found["git"] = git.stdout.strip() + (" (src/ or schemas/ modified)" if dirty.stdout.strip() else "")
    digest = hashlib.sha256()
    package = REPO / "src" / "sscorpus"
    for path in sorted(package.rglob("*.py")):  # every subpackage too
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    found["src_sha256"] = digest.hexdigest()[:16]
    return found


def fmt_row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def table(results: dict[str, object]) -> str:
    rows = [["what", "command", "wall median (s)", "wall best (s)", "CPU (s)", "peak RSS (MiB)"]]
    for key, label in (
        ("validate_all", "sscorpus validate, whole corpus"),
        ("baseline", "check-jsonschema, same files"),
        ("validate_one", "sscorpus validate, one file"),
        ("export", "sscorpus export (hook)"),
    ):
        r = results["timings"].get(key)  # type: ignore[union-attr]
        if r is None:
            continue
        if "skipped" in r:
            rows.append([label, "-", "skipped", "-", "-", "-"])
            continue
        rows.append(
            [
                label,
                r["short"],
                f"{r['wall_s_median']:.3f}",
                f"{r['wall_s_min']:.3f}",
                f"{r['cpu_s_median']:.3f}",
                f"{r['peak_rss_mib_max']:.0f}",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [fmt_row(rows[0], widths), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [fmt_row(r, widths) for r in rows[1:]]
    t = results["targets"]  # type: ignore[index]
    lines.append("")
    lines.append(
        f"speed-up of whole validate over check-jsonschema: {t['speedup']:.1f}x "
        f"(target >= {TARGET_SPEEDUP:.0f}x: {'met' if t['speedup_met'] else 'MISSED'})"
    )
    lines.append(
        f"one file of a {results['corpus']['documents']}-file corpus: {t['one_file_s']:.3f} s "  # type: ignore[index]
        f"(target < {TARGET_ONE_FILE_SECONDS} s: {'met' if t['one_file_met'] else 'MISSED'})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument("--documents", "-n", type=int, default=200)
    parser.add_argument("--annotations", "-m", type=int, default=500, help="annotation objects per file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "benchmarks" / "out",
        help="where the corpus, the logs and the results go (default: benchmarks/out)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument(
        "--baseline-repeat", type=int, default=None, help="runs of check-jsonschema (default: --repeat)"
    )
    parser.add_argument("--regenerate", action="store_true", help="write the corpus anew even if it exists")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run check-jsonschema")
    args = parser.parse_args(argv)

    out = args.out.resolve()
    logs = out / "logs" / f"{args.documents}x{args.annotations}"
    logs.mkdir(parents=True, exist_ok=True)
    root = corpus_for(out, args.documents, args.annotations, args.seed, args.regenerate)
    sscorpus = tool("sscorpus")
    info = json.loads((root / generate.MARKER).read_text(encoding="utf-8"))
    files = sorted(str(p) for p in (root / "annotations").glob("*/*.yaml") if p.name != "registry.yaml")
    one = Path(files[len(files) // 2])
    print("checking that the corpus is valid", file=sys.stderr)
    validity = check_valid(sscorpus, root, logs)
    print(f"  {validity}", file=sys.stderr)

    timings: dict[str, dict[str, object]] = {}
    load_before = list(os.getloadavg())
    versions_before = versions()
    print("timing", file=sys.stderr)
    # Warm-up (untimed): byte-compiled modules and the OS file cache, as on a developer's machine.
    subprocess.run([sscorpus, "validate", "--root", str(root), str(one)], capture_output=True, check=False)

    cmd = [sscorpus, "validate", "--root", str(root)]
    timings["validate_all"] = bench("validate-all", cmd, args.repeat, logs, root, ok_codes=(0,))
    timings["validate_all"]["short"] = "sscorpus validate --root ROOT"

    if not args.skip_baseline:
        schema = root / "schemas" / "annotation-file.schema.json"
        cmd = [tool("check-jsonschema"), "--base-uri", schema.as_uri(), "--schemafile", str(schema), *files]
        timings["baseline"] = bench("baseline", cmd, args.baseline_repeat or args.repeat, logs, root)
        timings["baseline"]["short"] = (
            f"check-jsonschema --base-uri file://ROOT/schemas/annotation-file.schema.json"
            f" --schemafile ROOT/schemas/annotation-file.schema.json <{len(files)} files>"
        )

    cmd = [sscorpus, "validate", "--root", str(root), str(one)]
    timings["validate_one"] = bench(
        "validate-one", cmd, args.repeat, logs, root, ok_codes=(0,), before=lambda: os.utime(one)
    )
    timings["validate_one"]["short"] = f"sscorpus validate --root ROOT {one.relative_to(root)}"

    # TODO(export): time `sscorpus export --out DIR` once the command exists; until then it is skipped.
    probe = subprocess.run([sscorpus, "export", "--help"], capture_output=True, check=False)
    if probe.returncode == 0:
        with tempfile.TemporaryDirectory(dir=out) as tmp:
            cmd = [sscorpus, "export", "--root", str(root), "--out", tmp]
            timings["export"] = bench("export", cmd, args.repeat, logs, root, ok_codes=(0,))
            timings["export"]["short"] = "sscorpus export --root ROOT --out DIR"
    else:
        timings["export"] = {"skipped": "`sscorpus export --help` failed: the command does not exist yet"}

    base = timings.get("baseline")
    speedup = (
        float(base["wall_s_median"]) / float(timings["validate_all"]["wall_s_median"])  # type: ignore[arg-type]
        if base
        else float("nan")
    )
    one_s = float(timings["validate_one"]["wall_s_median"])  # type: ignore[arg-type]
    results: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": {"before": load_before, "after": list(os.getloadavg())},
        "versions": versions_before,
        "corpus": {
            "root": str(root),
            **info,
            "annotation_files": len(files),
            "one_file": str(one.relative_to(root)),
            "validation": validity,
        },
        "repeat": args.repeat,
        "timings": timings,
        "targets": {
            "speedup": speedup,
            "speedup_target": TARGET_SPEEDUP,
            "speedup_met": speedup >= TARGET_SPEEDUP,
            "one_file_s": one_s,
            "one_file_target_s": TARGET_ONE_FILE_SECONDS,
            "one_file_met": one_s < TARGET_ONE_FILE_SECONDS,
        },
    }
    versions_after = versions()
    if versions_after["src_sha256"] != versions_before["src_sha256"]:
        results["versions_after"] = versions_after
        print(
            "WARNING: sscorpus's source changed during the run; the figures mix two versions "
            f"({versions_before['git']} {versions_before['src_sha256']} -> "
            f"{versions_after['git']} {versions_after['src_sha256']})",
            file=sys.stderr,
        )
    path = out / f"results-{args.documents}x{args.annotations}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"\n{args.documents} documents x {args.annotations} annotations = {info['annotation_objects']:,} "
        f"annotation objects in {len(files)} files; {info['entities']} registry entities; "
        f"{info['text_characters']:,} characters of text"
    )
    print(table(results))
    print(f"\nfigures: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
