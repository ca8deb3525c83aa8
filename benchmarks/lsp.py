"""Diagnostics after a keystroke: ``sscorpus lsp`` driven over stdio by a
real LSP client (pytest-lsp's), as an editor drives it.

For one annotation file of a corpus, each edit sends the whole buffer (a
keystroke: one character changed, every other edit breaking a quote) and
waits for the diagnostics; the time from sending to receiving is the
latency the person sees (the server's pause in typing is set to 0 here, so
it is not counted: add the server's ``DEBOUNCE``, 30 ms). The server's resident memory
is read from /proc after the first 10 edits and every 100.

    python benchmarks/lsp.py                      # the repository's corpus
    python benchmarks/lsp.py /tmp/c1000           # e.g. generate.py's 1,000 x 200 corpus
    python benchmarks/lsp.py /tmp/c1000 --edits 1000 --file annotations/a/doc-0001.yaml
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

REPO = Path(__file__).resolve().parents[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def run(root: Path, path: Path, edits: int) -> dict[str, object]:
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "sscorpus", "lsp")
    started = time.perf_counter()
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            initialization_options={"debounce": 0},
        )
    )
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    while uri not in client.diagnostics:
        await asyncio.sleep(0.001)
    opened = time.perf_counter() - started
    quote = text.index("quote: ") + len("quote: ")
    latencies: list[float] = []
    memory: list[int] = []
    pid = client._server.pid  # type: ignore[union-attr]
    for n in range(edits):
        broken = n % 2 == 1
        buffer = text[:quote] + ("~" if broken else "") + text[quote:] + f"# edit {n}\n"
        client.diagnostics.pop(uri, None)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=n + 2, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(buffer)],
            )
        )
        while uri not in client.diagnostics:
            await asyncio.sleep(0.0005)
        latencies.append(time.perf_counter() - sent)
        assert bool(client.diagnostics[uri]) >= broken
        if n == 9 or (n + 1) % 100 == 0:
            memory.append(rss_kib(pid))
    await client.shutdown_session()
    ordered = sorted(latencies)
    return {
        "corpus": str(root),
        "file": str(path.relative_to(root)),
        "file_bytes": path.stat().st_size,
        "edits": edits,
        "open_seconds": round(opened, 3),
        "latency_ms_median": round(statistics.median(latencies) * 1000, 1),
        "latency_ms_p95": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
        "latency_ms_max": round(ordered[-1] * 1000, 1),
        "rss_kib_after_10": memory[0],
        "rss_kib_after_all": memory[-1],
        "rss_kib_every_100": memory[1:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=REPO)
    parser.add_argument("--file", help="the annotation file to edit (default: the largest)")
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.file:
        path = root / args.file
    else:
        files = [p for p in (root / "annotations").glob("*/*.yaml")]
        path = max(files, key=lambda p: p.stat().st_size)
    print(json.dumps(asyncio.run(run(root, path, args.edits)), indent=2))


if __name__ == "__main__":
    main()
