"""The site's overview page read back (the browser checks are in
test_site_browser.py): each stance matrix cell equals the links table of an
export of the same corpus (each document's count layer, gold where there is
one), every cell lists the claims behind it and every link resolves, the
pictures are well-formed SVG with the same bytes on every build, and the
page follows the data as the corpus grows."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pytest

import sscorpus
from conftest import BRIEF, ESSAY, CorpusDir
from sitecorpus import Page
from sscorpus.dataset.dataset import build as build_dataset
from sscorpus.dataset.formats import write_csv
from sscorpus.dataset.networks import networks
from sscorpus.dataset.tables import TABLES
from sscorpus.site import overview
from sscorpus.site.build import build_site
from sscorpus.site.overview import MINUS, MOST_CLAIMS, STEPS, legend, step
from stancescorpus import build_stances_corpus, grow

SVG = "{http://www.w3.org/2000/svg}"


#: the tables of an export the overview is compared with
COMPARED = ("documents", "links", "claims")


def export_tables(root: Path, out: Path) -> Path:
    """``out``, holding the CSV files of the tables the overview is compared with, as an export
    writes them (the dataset's tables through the export's CSV writer) and without the export's
    other files (the workbook, Parquet, every other table), which take most of its time."""
    checked = sscorpus.check(root)
    assert not checked.report.errors, checked.report.errors
    dataset = build_dataset(checked)
    (out / "csv").mkdir(parents=True)
    for name in COMPARED:
        write_csv(dataset.columns(name), TABLES[name], out / "csv" / f"{name}.csv")
    return out


@pytest.fixture
def stances_corpus(tmp_path: Path) -> CorpusDir:
    corpus = build_stances_corpus(tmp_path / "corpus")
    checked = corpus.check()
    assert not checked.report.errors, checked.report.errors
    return corpus


class Built(NamedTuple):
    corpus: CorpusDir
    site: Path
    exported: Path


@pytest.fixture(scope="module")
def built(stances_site: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The stances corpus, its site (the session's, shared with the browser tests) and its
    export (the tables), made once for the tests that only read them."""
    root, site = stances_site
    return Built(CorpusDir(root), site, export_tables(root, tmp_path_factory.mktemp("stances-export") / "export"))


# -- reading the page back ----------------------------------------------------------------------


class Matrices(HTMLParser):
    """The stance matrices of an overview page: (type, speaker, target) ->
    (the cell's text, its classes, its link), the header links, and the
    claims listed under each cell's anchor."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: dict[tuple[str, str, str], tuple[str, list[str], str]] = {}
        self.headers: dict[str, list[str]] = {}
        self.behind: dict[str, list[str]] = {}
        self.more: dict[str, str] = {}
        self._table: str | None = None
        self._speaker: str | None = None
        self._column = -1
        self._cell: list[str] | None = None
        self._classes: list[str] = []
        self._href = ""
        self._in_head = False
        self._anchor: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "matrix" in a.get("class", "").split():
            self._table = a["id"].removeprefix("matrix-")
            self.headers[self._table] = []
        elif self._table is None:
            if tag == "dt" and a.get("id", "").startswith("cell-"):
                self._anchor = a["id"]
                self.behind[self._anchor] = []
            elif tag == "a" and self._anchor and a.get("href", "").startswith("documents/"):
                self.behind[self._anchor].append(a["href"])
            elif tag == "a" and self._anchor and a.get("href", "").startswith("entities/"):
                self.more[self._anchor] = a["href"]
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._column = -1
        elif tag == "a" and self._in_head:
            self.headers[self._table].append(_entity(a["href"]))
        elif tag == "a" and self._cell is None:
            self._speaker = _entity(a["href"])
        elif tag == "td":
            self._column += 1
            self._cell, self._classes, self._href = [], a.get("class", "").split(), ""
        elif tag == "a" and self._cell is not None:
            self._href = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "td" and self._table is not None and self._cell is not None and self._speaker is not None:
            target = self.headers[self._table][self._column]
            self.cells[self._table, self._speaker, target] = ("".join(self._cell), self._classes, self._href)
            self._cell = None
        elif tag == "dd":
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _entity(href: str) -> str:
    match = re.fullmatch(r"entities/([a-z0-9-]+)\.html", href)
    assert match, href
    return match.group(1)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_cells(exported: Path) -> dict[tuple[str, str, str], Counter[str]]:
    """(type, speaker, target) -> stance counts, from an export's links and
    documents tables: the about links of each document's count layer."""
    count_layer = {row["doc_id"]: row["count_layer"] for row in _read_csv(exported / "csv" / "documents.csv")}
    found: dict[tuple[str, str, str], Counter[str]] = {}
    for row in _read_csv(exported / "csv" / "links.csv"):
        if row["relation"] != "about" or not row["speaker"] or row["annotator"] != count_layer[row["doc_id"]]:
            continue
        if row["target_type"] in ("principle", "institution"):
            found.setdefault((row["target_type"], row["speaker"], row["target_id"]), Counter())[row["stance"]] += 1
    return found


def page_cells(html: str) -> dict[tuple[str, str, str], Counter[str]]:
    """The same, as the page's cells read (their text for screen readers,
    which holds the visible numbers); every cell's net is what it shows."""
    found: dict[tuple[str, str, str], Counter[str]] = {}
    for key, (text, _, _) in Matrices(html).cells.items():
        if not text:
            continue  # no link between them
        counts = Counter({stance: int(n) for stance, n in re.findall(r"([a-z]+) (\d+)", text)})
        net = counts["endorses"] - counts["rejects"]
        assert text.split()[0] == (f"+{net}" if net > 0 else f"{MINUS}{-net}" if net < 0 else "0"), (key, text)
        found[key] = +counts  # zeros dropped, as the expectation has none
    return found


def _net(text: str) -> int:
    counts = Counter({stance: int(n) for stance, n in re.findall(r"([a-z]+) (\d+)", text)})
    return counts["endorses"] - counts["rejects"]


def _build(corpus: CorpusDir, out: Path) -> Path:
    result = build_site(corpus.root, out)
    assert not result.report.errors, result.report.errors
    return out


# -- the matrix ---------------------------------------------------------------------------------


def test_the_matrix_cells_are_the_links_table_of_an_export(built: Built) -> None:
    site = built.site
    expected = expected_cells(built.exported)
    assert page_cells((site / "overview.html").read_text(encoding="utf-8")) == expected
    # a control on the corpus: mixed stances, both types, and the essay counted from gold only
    nets = [c["endorses"] - c["rejects"] for c in expected.values()]
    assert min(nets) < 0 < max(nets) and {t for t, _, _ in expected} == {"principle", "institution"}
    assert ("principle", "philani-mthembu", "policy-space") not in expected  # annotator a's, not counted


def test_the_page_follows_the_corpus_as_it_grows(built: Built, stances_corpus: CorpusDir, tmp_path: Path) -> None:
    before = page_cells((built.site / "overview.html").read_text(encoding="utf-8"))  # stances_corpus's site
    grow(stances_corpus)
    exported = export_tables(stances_corpus.root, tmp_path / "export")
    html = (_build(stances_corpus, tmp_path / "after") / "overview.html").read_text(encoding="utf-8")
    after = page_cells(html)
    assert after == expected_cells(exported) and after != before
    assert {s for _, s, _ in after} - {s for _, s, _ in before} == {"brics-bloc"}
    assert ">BRICS countries<" in html and ">mutual interests<" in html


def test_the_repository_corpus_matrix_is_its_links_table(repo_site: tuple[Path, Path], tmp_path: Path) -> None:
    """Whatever the repository's corpus holds."""
    root, site = repo_site
    exported = export_tables(root, tmp_path / "export")
    assert page_cells((site / "overview.html").read_text(encoding="utf-8")) == expected_cells(exported)


def test_every_cell_lists_the_claims_behind_it_and_they_resolve(built: Built) -> None:
    site = built.site
    page = Matrices((site / "overview.html").read_text(encoding="utf-8"))
    documents: dict[str, Page] = {}
    assert page.cells
    for (_, speaker, target), (text, _, href) in page.cells.items():
        if not text:
            assert href == ""
            continue
        anchor = f"cell-{speaker}--{target}"
        assert href == f"#{anchor}"
        claims = page.behind[anchor]
        links = sum(int(n) for n in re.findall(r"[a-z]+ (\d+)", text))
        assert len(claims) == min(links, MOST_CLAIMS)
        assert page.more.get(anchor) == (f"entities/{target}.html#h-claims" if links > MOST_CLAIMS else None)
        for link in claims:
            parts = urlsplit(link)
            name = unquote(parts.path)
            if name not in documents:
                documents[name] = Page((site / name).read_text(encoding="utf-8"))
            assert unquote(parts.fragment) in documents[name].ids, link
            assert unquote(parts.fragment).startswith(("gold/claim/", "a/claim/"))
    entities = {s for _, s, _ in page.cells} | {t for _, _, t in page.cells}
    assert all((site / "entities" / f"{e}.html").is_file() for e in entities)


def test_a_document_without_a_count_layer_is_named_and_not_counted(fixture_site: tuple[Path, Path]) -> None:
    """The site tests' corpus: the essay has annotators a and b and no gold."""
    html = (fixture_site[1] / "overview.html").read_text(encoding="utf-8")
    assert page_cells(html) == {}
    uncounted = re.search(r'<p class="uncounted">(.*?)</p>', html, re.S)
    assert uncounted and f'href="documents/{ESSAY}.html"' in uncounted.group(1)
    assert f'href="documents/{BRIEF}.html"' not in uncounted.group(1)


@pytest.mark.parametrize("largest", range(1, 40))
def test_the_legend_covers_every_net_once_and_names_each_cell_colour(largest: int) -> None:
    steps = dict(legend(largest))
    for net in range(-largest, largest + 1):
        css = f"net-{'p' if net > 0 else 'm' if net < 0 else ''}{abs(step(net, largest))}"
        label = steps[css]  # the cell's colour is in the legend
        numbers = [int(n.replace(MINUS, "-")) for n in re.findall(rf"[+{MINUS}]?\d+", label)]
        assert min(numbers) <= net <= max(numbers), (net, label)
    assert abs(step(largest, largest)) == STEPS and len(steps) <= 2 * STEPS + 1


def test_cells_are_coloured_by_their_net_stance(built: Built) -> None:
    site = built.site
    page = Matrices((site / "overview.html").read_text(encoding="utf-8"))
    for table in ("principle", "institution"):
        cells = {k: v for k, v in page.cells.items() if k[0] == table and v[0]}
        nets = {key: _net(text) for key, (text, _, _) in cells.items()}
        largest = max(abs(n) for n in nets.values())
        for key, (_, classes, _) in cells.items():
            net = nets[key]
            assert f"net-{'p' if net > 0 else 'm' if net < 0 else ''}{abs(step(net, largest))}" in classes, key


# -- the pictures -------------------------------------------------------------------------------


def _svgs(html: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (well-formed or an error)."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_the_network_is_the_congruence_network_drawn(built: Built) -> None:
    site = built.site
    html = (site / "overview.html").read_text(encoding="utf-8")
    (network,) = [svg for svg in _svgs(html) if "network" in svg.get("class", "")]
    graph = networks(build_dataset(sscorpus.check(built.corpus.root))).congruence
    assert graph.number_of_edges() > 0  # a control: the corpus has ties
    nodes = [str(a.get("href")) for a in network.iter(f"{SVG}a")]
    assert sorted(nodes) == sorted(f"entities/{n}.html" for n in graph.nodes)
    assert all((site / href).is_file() for href in nodes)
    at = {}
    for a in network.iter(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        assert circle is not None
        at[str(a.get("href"))] = (circle.get("cx"), circle.get("cy"))
    lines = list(network.iter(f"{SVG}line"))
    assert len(lines) == graph.number_of_edges()
    drawn = {}
    for line in lines:
        ends = {(line.get("x1"), line.get("y1")), (line.get("x2"), line.get("y2"))}
        pair = frozenset(_entity(str(href)) for href, xy in at.items() if xy in ends)
        drawn[pair] = float(str(line.get("stroke-width")))
    weights = {frozenset((str(a), str(b))): float(data["weight"]) for a, b, data in graph.edges(data=True)}
    assert set(drawn) == set(weights)
    # wider is heavier: the widths are in the order of the weights
    order = sorted(weights, key=lambda p: weights[p])
    assert [drawn[p] for p in order] == sorted(drawn.values())
    # the text alternative lists every tie
    assert len(re.findall(r'<caption id="ties-caption">', html)) == 1
    ties = html.split('<caption id="ties-caption">')[1].split("</table>")[0]
    assert ties.count("<tr><td>") == graph.number_of_edges()


def test_the_bars_are_the_counted_claims_of_each_document(built: Built) -> None:
    exported, site = built.exported, built.site
    html = (site / "overview.html").read_text(encoding="utf-8")
    count_layer = {row["doc_id"]: row["count_layer"] for row in _read_csv(exported / "csv" / "documents.csv")}
    kinds: dict[str, Counter[str]] = {doc: Counter() for doc, layer in count_layer.items() if layer}
    stances: dict[str, Counter[str]] = {doc: Counter() for doc in kinds}
    for row in _read_csv(exported / "csv" / "claims.csv"):
        if row["annotator"] == count_layer[row["doc_id"]]:
            kinds[row["doc_id"]][row["kind"]] += 1
    for row in _read_csv(exported / "csv" / "links.csv"):
        if row["relation"] == "about" and row["annotator"] == count_layer[row["doc_id"]]:
            stances[row["doc_id"]][row["stance"]] += 1
    charts = {svg.get("aria-labelledby"): svg for svg in _svgs(html) if "bars" in svg.get("class", "")}
    assert set(charts) == {f"{what}-{doc}" for doc in kinds for what in ("kinds", "stances")}
    widths: dict[str, list[tuple[int, float]]] = {"kinds": [], "stances": []}
    for name, svg in charts.items():
        what, doc = str(name).split("-", 1)
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        shown = Counter({str(label): int(str(n)) for label, n in zip(texts[::2], texts[1::2], strict=True)})
        assert +shown == (kinds if what == "kinds" else stances)[doc], name
        widths[what] += [
            (n, float(str(r.get("width")))) for n, r in zip(shown.values(), svg.iter(f"{SVG}rect"), strict=True)
        ]
    for pairs in widths.values():  # one scale per chart kind: the widths are in the order of the counts
        assert sorted(pairs) == sorted(pairs, key=lambda p: (p[1], p[0]))


def test_every_svg_is_well_formed_and_named(built: Built) -> None:
    html = (built.site / "overview.html").read_text(encoding="utf-8")
    svgs = _svgs(html)
    assert len(svgs) >= 3
    for svg in svgs:
        labelled = svg.get("aria-labelledby")
        title = svg.find(f"{SVG}title")
        assert title is not None and title.get("id") == labelled and title.text
        assert svg.get("role") in ("img", "group") and svg.get("viewBox")


_BUILD = """
import sys
from pathlib import Path
from sscorpus.site.build import build_site
result = build_site(Path(sys.argv[1]), Path(sys.argv[2]))
assert not result.report.errors
"""


def test_the_overview_has_the_same_bytes_on_every_build(stances_site: tuple[Path, Path], tmp_path: Path) -> None:
    """Built in this process (the session's site of the stances corpus) and again in a fresh
    process with another hash seed (the order of sets and dictionaries of strings): the same bytes."""
    root, site = stances_site
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # not this process's seed
    again = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-c", _BUILD, str(root), str(again)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        timeout=300,
        check=False,
    )
    assert run.returncode == 0
    pages = [(folder / "overview.html").read_bytes() for folder in (site, again)]
    assert pages[0] == pages[1] and b"<svg" in pages[0] and b"<line" in pages[0]


def _most(counts: Counter[str], n: int) -> set[str]:
    return {k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


def test_a_large_corpus_shows_the_most_active_and_says_so(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limits that keep a large corpus's overview a page to read, made
    small: the speakers and entities with the most links, the claims of a
    cell beyond the first on the entity's page, the most tied speakers."""
    for name, value in (("MOST_SPEAKERS", 2), ("MOST_TARGETS", 2), ("MOST_CLAIMS", 1), ("MOST_NODES", 2)):
        monkeypatch.setattr(overview, name, value)
    monkeypatch.setattr(overview, "MOST_DOCUMENTS", 1)
    stances_corpus = built.corpus
    html = (_build(stances_corpus, tmp_path / "site") / "overview.html").read_text(encoding="utf-8")
    expected = expected_cells(built.exported)
    shown = page_cells(html)
    for table in ("principle", "institution"):
        links = {k: sum(c.values()) for k, c in expected.items() if k[0] == table}
        speakers, targets = Counter[str](), Counter[str]()
        for (_, speaker, target), n in links.items():
            speakers[speaker] += n
            targets[target] += n
        kept = {k for k in links if k[1] in _most(speakers, 2) and k[2] in _most(targets, 2)}
        assert {k for k in shown if k[0] == table} == kept and kept
        assert all(shown[k] == expected[k] for k in kept)
    page = Matrices(html)
    assert any(page.more.values()) and all(len(claims) <= 1 for claims in page.behind.values())
    assert html.count('<p class="cut">') == 3  # both matrices and the network
    graph = networks(build_dataset(sscorpus.check(stances_corpus.root))).congruence
    tied = Counter({str(n): float(d) for n, d in graph.degree(weight="weight")})
    (network,) = [svg for svg in _svgs(html) if "network" in svg.get("class", "")]
    drawn = {_entity(str(a.get("href"))) for a in network.iter(f"{SVG}a")}
    assert drawn == _most(tied, 2) and len(list(network.iter(f"{SVG}line"))) == graph.subgraph(drawn).number_of_edges()
    bars = [svg for svg in _svgs(html) if "bars" in svg.get("class", "")]
    assert len(bars) == 2  # one document drawn; the table has every one
    assert html.split('id="charts-caption"')[1].count('<th scope="row">') == 2
