"""The site (with its downloads, the export) of the site tests' corpus,
summarised for comparison with ``tests/expected/site.json``: for each file
its SHA-256, and for the workbook and the zip each member's; a Parquet file's
is its table's (columns, types, metadata and values: pyarrow writes its own
version into the bytes). The version of sscorpus, which the pages and the
About sheet state, is written as ``{version}``, so that a release does not
change the expectation.

Regenerate the expectation (only when a change of the output is meant, and
say so in the commit) with::

    .venv/bin/python tests/siteexpect.py
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected" / "site.json"


def _digest(data: bytes, version: str, name: str = "") -> str:
    if name.endswith(".parquet"):
        table = pq.read_table(io.BytesIO(data))
        fields = [
            (f.name, str(f.type), {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}) for f in table.schema
        ]
        about = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        data = json.dumps([fields, about, table.to_pylist()], sort_keys=True).encode()
    return hashlib.sha256(data.replace(version.encode(), b"{version}")).hexdigest()


def summary(site: Path, version: str) -> dict[str, object]:
    """file -> SHA-256 (a zip: member -> SHA-256) of a built site."""
    found: dict[str, object] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix in (".xlsx", ".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found[name] = {
                    info.filename: _digest(archive.read(info), version, info.filename) for info in archive.infolist()
                }
        else:
            found[name] = _digest(data, version, name)
    return found


def build_summary(folder: Path) -> dict[str, object]:
    """Build the site tests' corpus and its site in ``folder``; its summary."""
    import sscorpus
    from sitecorpus import build_site_corpus
    from sscorpus.site.build import build_site

    corpus = build_site_corpus(folder / "corpus")
    result = build_site(corpus.root, folder / "site")
    assert not result.report.errors, result.report.errors
    return summary(folder / "site", sscorpus.__version__)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory() as folder:
        text = json.dumps(build_summary(Path(folder)), indent=1, sort_keys=True) + "\n"
    EXPECTED.write_text(text, encoding="utf-8")
    print(f"wrote {EXPECTED}")
