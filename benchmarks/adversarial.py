#!/usr/bin/env python3
"""How validation time grows with the length of a quote and the size of a text.

    python benchmarks/adversarial.py [--out DIR] [--quick] [--json FILE]

Two series, each on a corpus of one document written under ``--out``
(default ``benchmarks/out/adversarial``):

- **quote length** (1k ... 10M characters), text of 1 MB: one quote that is
  not in the text (a slice of it with one character changed in the middle,
  the usual wrong paste), so that the "closest passage" hint is built;
- **text size** (1 MB ... 50 MB): 20 near-miss quotes of 15,000 characters,
  an ambiguous quote that occurs once per page of the text, and quotes told
  apart by prefix, suffix and occurrence.

Each row gives the time of ``sscorpus.check`` (in process, the schemas
already loaded) and the size of the text report. Time should grow about
linearly: a row ten times larger should take about ten times longer, never
a hundred. ``--quick`` runs the smaller half of each series.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import sys
import time
from pathlib import Path

import sscorpus
from sscorpus.checks.reporters import write_text
from sscorpus.corpus.schemas import SchemaSet

REPO = Path(__file__).resolve().parents[1]
SOURCE = (REPO / "texts" / "mthembu-multilateralism.txt").read_text(encoding="utf-8")
KB, MB = 1_000, 1_000_000
QUOTE_LENGTHS = [1 * KB, 10 * KB, 100 * KB, 1 * MB, 10 * MB]
TEXT_SIZES = [1 * MB, 5 * MB, 10 * MB, 25 * MB, 50 * MB]

REGISTRY = "actors:\n  - id: india-mea\n    name: Ministry of External Affairs (India)\n    kind: government-body\n"


def make_text(size: int) -> str:
    """Policy prose of ``size`` characters: the essay, page after page, each
    page numbered so that long passages occur once."""
    pages: list[str] = []
    length, n = 0, 0
    while length < size:
        n += 1
        page = f"## Page {n}\n\n{SOURCE}\n"
        pages.append(page)
        length += len(page)
    return "".join(pages)[:size]


def near_miss(text: str, length: int, at: int) -> str:
    """``length`` characters of ``text`` (repeated if need be) from ``at``,
    one character changed in the middle: not in the text."""
    source = text * (length // len(text) + 2)
    quote = source[at : at + length]
    middle = len(quote) // 2
    while quote[middle].isspace():
        middle += 1
    return quote[:middle] + ("x" if quote[middle] != "x" else "y") + quote[middle + 1 :]


def write_corpus(root: Path, text: str, quotes: list[dict[str, object]]) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "texts").mkdir(parents=True)
    (root / "annotations" / "a").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    raw = text.encode("utf-8")
    (root / "texts" / "big.txt").write_bytes(raw)
    (root / "texts" / "catalog.yaml").write_text(
        "documents:\n  - id: big\n    title: A large text\n    authors: []\n    kind: news-brief\n"
        "    language: en\n    default_speaker: india-mea\n    text: big.txt\n"
        f"    sha256: {hashlib.sha256(raw).hexdigest()}\n    characters: {len(text)}\n"
        "    provenance:\n      source_file: essay.txt\n      start: 0\n      end: 1\n",
        encoding="utf-8",
    )
    (root / "annotations" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    lines = ["document: big", "annotator: a", "claims:"]
    for i, selector in enumerate(quotes, 1):
        lines.append(f"  - id: c{i}")
        for key, value in selector.items():
            lines.append(f"    {key}: {json.dumps(value)}")
        lines.append("    kind: descriptive")
    (root / "annotations" / "a" / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(root: Path, schemas: SchemaSet) -> dict[str, object]:
    started = time.perf_counter()
    checked = sscorpus.check(root, schemas=schemas)
    seconds = time.perf_counter() - started
    out = io.StringIO()
    write_text(checked.report, out, root)
    codes: dict[str, int] = {}
    for finding in checked.report.findings:
        codes[finding.code] = codes.get(finding.code, 0) + 1
    return {"seconds": round(seconds, 3), "report_bytes": len(out.getvalue().encode("utf-8")), "codes": codes}


def quote_series(out: Path, schemas: SchemaSet, lengths: list[int]) -> list[dict[str, object]]:
    text = make_text(1 * MB)
    rows = []
    for length in lengths:
        root = out / f"quote-{length}"
        write_corpus(root, text, [{"quote": near_miss(text, length, len(text) // 3)}])
        row = {"series": "quote length", "quote_chars": length, "text_chars": len(text), **measure(root, schemas)}
        shutil.rmtree(root)
        print(
            f"quote {length:>12,} chars, text {len(text):>12,}: {row['seconds']:8.3f} s, "
            f"report {row['report_bytes']:,} bytes",
            flush=True,
        )
        rows.append(row)
    return rows


def text_series(out: Path, schemas: SchemaSet, sizes: list[int]) -> list[dict[str, object]]:
    rows = []
    for size in sizes:
        text = make_text(size)
        page = len(SOURCE) + 20
        quotes: list[dict[str, object]] = [
            {"quote": near_miss(text, 15_000, (k * len(text)) // 21)} for k in range(1, 21)
        ]
        quotes += [
            {"quote": "South-South cooperation"},  # ambiguous: many times on every page
            {"quote": "diffuse reciprocity", "prefix": "relationships of", "suffix": ". However"},
            {"quote": "This has exposed a real weakness", "occurrence": max(1, size // page // 2)},
            {"quote": "## Page 2", "suffix": "---"},
        ]
        root = out / f"text-{size}"
        write_corpus(root, text, quotes)
        row = {"series": "text size", "quote_chars": 15_000, "text_chars": len(text), **measure(root, schemas)}
        shutil.rmtree(root)
        print(
            f"text  {size:>12,} chars, 24 quotes: {row['seconds']:8.3f} s, "
            f"report {row['report_bytes']:,} bytes, {row['codes']}",
            flush=True,
        )
        rows.append(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "adversarial")
    parser.add_argument("--quick", action="store_true", help="only the smaller half of each series")
    parser.add_argument("--smoke", action="store_true", help="the smallest of each series only (CI)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    schemas = SchemaSet(REPO / "schemas")
    lengths = QUOTE_LENGTHS[:1] if args.smoke else QUOTE_LENGTHS[:3] if args.quick else QUOTE_LENGTHS
    sizes = TEXT_SIZES[:1] if args.smoke else TEXT_SIZES[:2] if args.quick else TEXT_SIZES
    rows = quote_series(args.out, schemas, lengths) + text_series(args.out, schemas, sizes)
    if args.json:
        args.json.write_text(
            json.dumps({"python": sys.version.split()[0], "rows": rows}, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
