#!/usr/bin/env python3
"""Write the README's performance figures from a benchmark run.

    .venv/bin/python benchmarks/readme_figures.py [--documents 200] [--annotations 200] [--repeat 3]

runs benchmarks/run.py (a synthetic corpus; ``sscorpus validate``, one
changed file and ``sscorpus export`` timed as child processes, the median of
--repeat runs), keeps its figures in benchmarks/results/readme-figures.json
and rewrites the README's part between ``<!-- benchmark: performance -->``
and ``<!-- end benchmark: performance -->`` with them and the machine they
were measured on (processor, cores, load average, Python, commit). Nobody
types these figures. ``--from FILE`` renders a results file of run.py
instead of running; ``--print`` prints the part and leaves the README alone;
``--smoke`` runs a tiny corpus once and prints (what .ci/run does).

tests/test_benchmarks.py checks that the README's part is in this script's
format, not its numbers (they depend on the machine).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402

REPO = HERE.parent
README = REPO / "README.md"
RESULTS = HERE / "results" / "readme-figures.json"
START = "<!-- benchmark: performance -->"
END = "<!-- end benchmark: performance -->"

#: the part, every field already formatted (``parse`` reads them back)
TEMPLATE = (
    "Measured by `python benchmarks/readme_figures.py {args}` on {date}, commit {commit},\n"
    "on {cpu} ({cpus} cores, load average {load}) with Python {python}:\n"
    "on a synthetic corpus of {documents} documents x {annotations} annotations\n"
    "({objects} annotation objects in {files} files), `sscorpus validate` takes {validate} s,\n"
    "one changed file {one} s, and `sscorpus export` {export} s ({runs};\n"
    "peak memory {memory} MiB)."
)
FIELDS = re.findall(r"\{(\w+)\}", TEMPLATE)


def fields(results: dict[str, object], args: str) -> dict[str, str]:
    """The template's fields from a results file of run.py."""
    versions: dict[str, str] = results["versions"]  # type: ignore[assignment]
    corpus: dict[str, object] = results["corpus"]  # type: ignore[assignment]
    timings: dict[str, dict[str, object]] = results["timings"]  # type: ignore[assignment]
    load: dict[str, list[float]] = results["load_average"]  # type: ignore[assignment]

    def seconds(name: str) -> str:
        return f"{float(timings[name]['wall_s_median']):.2f}"  # type: ignore[arg-type]

    memory = max(float(t["peak_rss_mib_max"]) for t in timings.values() if "peak_rss_mib_max" in t)  # type: ignore[arg-type]
    return {
        "args": args,
        "date": str(results["date"])[:10],
        "commit": versions["git"],
        "cpu": versions.get("cpu", "processor not recorded"),
        "cpus": versions["cpus"],
        "load": f"{load['before'][0]:.1f}",
        "python": versions["python"],
        "documents": f"{corpus['documents']:,}",
        "annotations": f"{corpus['annotations_per_file']:,}",
        "objects": f"{corpus['annotation_objects']:,}",
        "files": f"{corpus['annotation_files']:,}",
        "validate": seconds("validate_all"),
        "one": seconds("validate_one"),
        "export": seconds("export"),
        "runs": "one run each" if results["repeat"] == 1 else f"the median of {results['repeat']} runs each",
        "memory": f"{memory:.0f}",
    }


def render(values: dict[str, str]) -> str:
    return TEMPLATE.format(**values)


def parse(part: str) -> dict[str, str] | None:
    """The fields of a part written by ``render``; None if it is not one."""
    pattern = re.escape(TEMPLATE)
    for name in FIELDS:
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>.+?)", 1)
    found = re.fullmatch(pattern, part, flags=re.S)
    return found.groupdict() if found else None


def readme_part(readme: str) -> str:
    """The text between the README's markers (without the newlines that frame it)."""
    start, end = readme.index(START) + len(START), readme.index(END)
    return readme[start:end].strip("\n")


def write_readme(part: str, path: Path = README) -> None:
    readme = path.read_text(encoding="utf-8")
    start, end = readme.index(START) + len(START), readme.index(END)
    path.write_text(readme[:start] + "\n" + part + "\n" + readme[end:], encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--annotations", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--from", dest="source", type=Path, help="render this results file of run.py")
    parser.add_argument("--print", action="store_true", help="print the part; leave the README alone")
    parser.add_argument("--smoke", action="store_true", help="a tiny corpus, once, printed (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.documents, args.annotations, args.repeat, args.print = 2, 5, 1, True
    shown = f"--documents {args.documents} --annotations {args.annotations} --repeat {args.repeat}"
    if args.source is not None:
        results = json.loads(args.source.read_text(encoding="utf-8"))
    else:
        out = Path(tempfile.mkdtemp(prefix="sscorpus-readme-figures-"))
        try:
            run.main(
                [
                    *("--documents", str(args.documents), "--annotations", str(args.annotations)),
                    *("--repeat", str(args.repeat), "--skip-baseline", "--out", str(out)),
                ]
            )
            results = json.loads((out / f"results-{args.documents}x{args.annotations}.json").read_text("utf-8"))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if not args.print:
            RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    part = render(fields(results, shown))
    if parse(part) is None:  # pragma: no cover - a field's text broke the format
        sys.exit("readme_figures.py: the figures do not read back; see TEMPLATE")
    if args.print:
        print(part)
    else:
        write_readme(part)
        print(f"README.md: performance figures written\n{part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
