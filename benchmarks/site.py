"""How long `sscorpus site` takes, and how large the site is, on the
repository's corpus and on a synthetic corpus of any size (generate.py).

    .venv/bin/python benchmarks/site.py                                  # the repository's corpus
    .venv/bin/python benchmarks/site.py --documents 200 --annotations 500

Each command runs as a child process, timed with ``run.measure`` (wall and
CPU seconds, the child's own peak RSS); a `sscorpus validate` of the same
corpus is timed beside it, since the site validates first. The figures are
printed and written to OUT/site-<corpus>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "-n", type=int, help="a synthetic corpus of this many documents")
    parser.add_argument("--annotations", "-m", type=int, default=200, help="annotations per file (synthetic)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.documents:
        root = run.corpus_for(args.out, args.documents, args.annotations, args.seed, False)
        name = f"{args.documents}x{args.annotations}"
    else:
        root, name = REPO, "repository"
    sscorpus = run.tool("sscorpus")
    logs = args.out / "logs" / f"site-{name}"
    logs.mkdir(parents=True, exist_ok=True)
    site = args.out / f"site-{name}"
    results: dict[str, object] = {"corpus": str(root), "versions": run.versions()}
    results["validate"] = run.bench(
        "validate", [sscorpus, "validate", "--root", str(root)], args.repeat, logs, REPO, ok_codes=(0, 1)
    )
    results["site"] = run.bench(
        "site", [sscorpus, "site", "--root", str(root), "--out", str(site)], args.repeat, logs, REPO
    )
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    results["pages"] = len(pages)
    results["site_bytes"] = sum(p.stat().st_size for p in files)
    results["largest_page"] = {"path": largest.relative_to(site).as_posix(), "bytes": largest.stat().st_size}
    (args.out / f"site-{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key in ("validate", "site"):
        bench = results[key]
        assert isinstance(bench, dict)
        walls = [float(r["wall_s"]) for r in bench["runs"]]
        print(
            f"{key:9} median {statistics.median(walls):.2f} s, best {min(walls):.2f} s, "
            f"peak RSS {float(bench['peak_rss_mib_max']):.0f} MiB"
        )
    print(
        f"{len(pages)} pages, {results['site_bytes'] / 1024**2:.1f} MiB in all; largest page "
        f"{largest.relative_to(site).as_posix()} {largest.stat().st_size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
