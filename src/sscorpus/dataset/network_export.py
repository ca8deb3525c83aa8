"""``sscorpus networks``: the discourse networks of a validated corpus
written to a folder of their own, every slice of the scopes asked for.

The folder holds:

- ``csv/network_<name>.csv``: the edge and node lists of the data package's
  network tables (``tables.TABLES``), the rows of the scopes asked for;
- ``<scope>/<scope_id>/<network>.graphml`` and ``.gexf``: each network of
  each slice (``corpus/corpus/``, ``document/<doc_id>/``, ``window/2021/``);
- ``networks.json``: what was written and how (layer, window, the
  normalisation), the documents left out of the windows or of every network,
  and the list of the files, which marks the folder as this command's.

Written all or nothing through ``publish.OutputFolder``: a folder this
command wrote is replaced whole, another non-empty folder is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.validate import Checked, check
from ..findings import Report, SetupError
from . import graphs
from .dataset import build, frame
from .files import CSV_DIR
from .formats import write_csv
from .layers import check_layer
from .networks import (
    NETWORKS,
    NORMALISATION,
    NORMALISATION_NOTE,
    SCOPES,
    TABLE_NAMES,
    WINDOWS,
    Networks,
    Scope,
)
from .networks import networks as networks_of
from .publish import OutputFolder, Product, check_target, inside
from .tables import TABLES
from .value import Columns

#: the folder's manifest: what was written, and the files (they mark the folder as this command's)
MANIFEST = "networks.json"
_BUILT_BY = "sscorpus networks"


def networks_files(out: Path) -> set[str] | None:
    """The files of ``sscorpus networks`` in ``out`` as its manifest lists
    them; None when ``out`` holds none."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("built-by") != _BUILT_BY:
        return None
    files = manifest.get("files")
    listed = {name for name in files if isinstance(name, str) and inside(name)} if isinstance(files, list) else set()
    return {MANIFEST} | listed


NETWORKS_PRODUCT = Product(
    "networks", networks_files, f"holds no networks written by 'sscorpus networks' ({MANIFEST})", "network files"
)


@dataclass(slots=True)
class NetworksResult:
    """What ``write_networks`` did: the validation report, the folder, the
    files written, and the networks (None when the corpus has errors)."""

    report: Report
    out: Path
    written: list[str] = field(default_factory=list)
    networks: Networks | None = None


def write_networks(
    out: Path,
    root: Path | None = None,
    *,
    layer: str | None = None,
    scopes: Iterable[str] | None = None,
    window: str = "year",
    checked: Checked | None = None,
) -> NetworksResult:
    """Validate, then write the networks of every slice of ``scopes`` into
    ``out`` (see the module's notes), from each document's count layer (gold
    where it exists) or from ``layer``. Nothing is written when the corpus
    has any error. Raises SetupError when ``out`` is no place for them,
    ``layer`` is no layer of the corpus, or a scope or the window is none of
    ``SCOPES`` or ``WINDOWS``."""
    chosen = _scopes(scopes)
    if window not in WINDOWS:
        raise SetupError(f"no window '{window}': the windows are {', '.join(WINDOWS)}")
    checked = checked or check(root)
    out = out.resolve()
    result = NetworksResult(checked.report, out)
    check_target(out, checked.layout, NETWORKS_PRODUCT)
    check_layer(checked.corpus, layer)
    if checked.report.errors:
        return result
    found = networks_of(build(checked, layer), window)
    with OutputFolder(out, checked.layout, NETWORKS_PRODUCT) as target:
        files = sorted([*_write(found, target.staging, chosen), MANIFEST])
        manifest = {
            "built-by": _BUILT_BY,
            "layer": layer or "count layer (gold where it exists, else the only annotator)",
            "scopes": list(chosen),
            "window": window,
            "normalisation": {"name": NORMALISATION, "meaning": NORMALISATION_NOTE},
            "undated": list(found.undated),
            "uncounted": list(found.uncounted),
            "unspoken_links": found.unspoken,
            "files": files,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        (target.staging / MANIFEST).write_text(text, encoding="utf-8", newline="\n")
        target.publish(files)
    result.written = files
    result.networks = found
    return result


def _scopes(asked: Iterable[str] | None) -> tuple[Scope, ...]:
    """The scopes asked for, in SCOPES' order (all when none)."""
    wanted = set(SCOPES if asked is None else asked)
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise SetupError(f"no scope '{unknown[0]}': the scopes are {', '.join(SCOPES)}")
    return tuple(scope for scope in SCOPES if scope in wanted)


def _write(found: Networks, folder: Path, scopes: tuple[Scope, ...]) -> list[str]:
    """The CSV tables (rows of ``scopes``) and the graph files of every slice."""
    written = []
    (folder / CSV_DIR).mkdir(parents=True, exist_ok=True)
    edges = {TABLE_NAMES[name]: found.edges[name] for name in NETWORKS}
    for name, df in {TABLE_NAMES["nodes"]: found.nodes, **edges}.items():
        table = TABLES[name]
        rows = [{str(k): v for k, v in row.items()} for row in df[df["scope"].isin(scopes)].to_dict("records")]
        write_csv(Columns(frame(table, rows)), table, folder / CSV_DIR / f"{name}.csv")
        written.append(f"{CSV_DIR}/{name}.csv")
    for scope in scopes:
        for scope_id in found.slices(scope):
            for network in NETWORKS:
                graph = found.graph(network, scope, scope_id)
                written += graphs.write(graph, folder, f"{scope}/{scope_id}/{network}")
    return written
