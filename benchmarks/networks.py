#!/usr/bin/env python3
"""How long the discourse networks take: computing them from the dataset's
tables, building the graphs, writing GraphML and GEXF, and the whole
`sscorpus networks` (every slice of every scope) on a corpus.

    .venv/bin/python benchmarks/networks.py ROOT
    .venv/bin/python benchmarks/networks.py --documents 1000 --annotations 200

Phases run in this process, one after the other, each timed --repeat times
(the median and best printed): validate and build the dataset once (the
build includes the networks, as exports have them), then the computation
alone (``networks.compute`` on the built tables), the four graphs of the
whole corpus, their GraphML and GEXF, and ``write_networks`` into a fresh
folder. The sizes (slices, edges, files, bytes) are printed with the times
and written to OUT/networks-<corpus>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

REPO = Path(__file__).resolve().parents[1]


def _timed(label: str, job: Callable[[], object], repeat: int, results: dict[str, object]) -> object:
    walls = []
    value: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = job()
        walls.append(time.perf_counter() - start)
    results[label] = {"median_s": round(statistics.median(walls), 3), "best_s": round(min(walls), 3)}
    print(f"{label:24} median {statistics.median(walls):7.2f} s, best {min(walls):7.2f} s", flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, help="a corpus (default: a synthetic one, --documents)")
    parser.add_argument("--documents", "-n", type=int, default=1000, help="a synthetic corpus of this many documents")
    parser.add_argument("--annotations", "-m", type=int, default=200, help="annotations per file (synthetic)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.root:
        root, name = args.root, args.root.name
    else:
        root = run.corpus_for(args.out, args.documents, args.annotations, args.seed, False)
        name = f"{args.documents}x{args.annotations}"

    import sscorpus
    from sscorpus.dataset import graphs
    from sscorpus.dataset.dataset import build
    from sscorpus.dataset.network_export import write_networks
    from sscorpus.dataset.networks import NETWORKS, SCOPES, compute

    results: dict[str, object] = {"corpus": str(root), "versions": run.versions()}
    start = time.perf_counter()
    checked = sscorpus.check(root)
    assert not checked.report.errors, "the benchmark corpus must be valid"
    results["validate_s"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    dataset = build(checked)
    results["build_s"] = round(time.perf_counter() - start, 3)
    print(f"{'validate':24} {results['validate_s']:7.2f} s\n{'build (with networks)':24} {results['build_s']:7.2f} s")
    found = _timed(
        "compute networks", lambda: compute(dataset.tables, dataset.corpus, dataset.schemas), args.repeat, results
    )
    corpus_graphs = _timed(
        "graphs (corpus)", lambda: [dataset.networks.graph(n) for n in NETWORKS], args.repeat, results
    )
    assert isinstance(corpus_graphs, list)

    def write_corpus_graphs() -> int:
        return sum(len(graphs.graphml(g)) + len(graphs.gexf(g)) for g in corpus_graphs)

    graph_bytes = _timed("GraphML+GEXF (corpus)", write_corpus_graphs, args.repeat, results)

    def command() -> list[str]:
        with tempfile.TemporaryDirectory(prefix="sscorpus-networks-") as folder:
            return write_networks(Path(folder) / "out", root, checked=checked).written

    written = _timed("write_networks (all)", command, args.repeat, results)
    assert isinstance(written, list)
    sizes = {
        "slices": {scope: len(dataset.networks.slices(scope)) for scope in SCOPES},
        "edges": {n: len(dataset.networks.edges[n]) for n in NETWORKS},
        "corpus_edges": {n: g.number_of_edges() for n, g in zip(NETWORKS, corpus_graphs, strict=True)},
        "corpus_nodes": {n: g.number_of_nodes() for n, g in zip(NETWORKS, corpus_graphs, strict=True)},
        "corpus_graph_bytes": graph_bytes,
        "files_written": len(written),
        "undated_documents": len(dataset.networks.undated),
    }
    assert found is not None
    results["sizes"] = sizes
    print(json.dumps(sizes))
    (args.out / f"networks-{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
