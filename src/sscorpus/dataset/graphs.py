"""Network graphs to files: GraphML and GEXF 1.3, through networkx's
writers, the same bytes for the same graph on every machine.

networkx writes nodes, edges and attributes in the order the graph holds
them (``networks.Networks.graph`` adds them sorted); GraphML goes through
the standard library's XML writer (lxml, where installed, would give other
bytes); the GEXF root names the XML Schema instance namespace rightly
and its graph no ``name`` (networkx 3.6 misspells the one and writes the
other, which the GEXF 1.3 schema refuses); the GEXF meta's date of writing is left out (it is optional in GEXF
1.3) and its creator is sscorpus, so that nothing of the moment or of the
installed networkx is in the file. Gephi reads both; visone and R's igraph
read GraphML; networkx and python-igraph read both.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from .. import __version__
from .files import GRAPH_FORMATS

#: the XML Schema instance namespace (xsi:schemaLocation)
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def graphml(graph: nx.Graph[str]) -> bytes:
    """The graph as GraphML (UTF-8), its graph attributes as graph data."""
    out = io.BytesIO()
    nx.write_graphml_xml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return _lf(out.getvalue())


def gexf(graph: nx.Graph[str]) -> bytes:
    """The graph as GEXF 1.3 (UTF-8), its description in the meta."""
    writer: Any = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.xml.set("xmlns:xsi", _XSI)  # networkx names another namespace for GEXF 1.3
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = f"sscorpus {__version__}"
    description = graph.graph.get("description")
    if description:
        SubElement(meta, "description").text = str(description)
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)  # networkx writes it; GEXF 1.3 has no such attribute
    out = io.BytesIO()
    writer.write(out)
    return _lf(out.getvalue())


def _lf(data: bytes) -> bytes:
    """Line ends as LF whatever the platform's writer gave."""
    return data.replace(b"\r\n", b"\n")


_WRITERS = {"graphml": graphml, "gexf": gexf}


def write(graph: nx.Graph[str], folder: Path, name: str) -> list[str]:
    """Write ``graph`` as ``name``.graphml and ``name``.gexf in ``folder``
    (``name`` may hold folders, made when missing: ``networks/affiliation``);
    the names of the files written, relative to ``folder``."""
    written = []
    for extension in GRAPH_FORMATS:
        path = folder / f"{name}.{extension}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_WRITERS[extension](graph))
        written.append(f"{name}.{extension}")
    return written
