"""``sscorpus site``: the pages read back as HTML (the browser tests are in
test_site_browser.py): highlights equal to the quotes, hostile text escaped,
links that resolve, downloads that are the export, the same bytes twice, and
nothing built from a corpus with errors."""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

import sscorpus
from conftest import ESSAY, ESSAY_FILE, CorpusDir
from sitecorpus import (
    HOSTILE_NOTE,
    HOSTILE_REGISTRY_NOTE,
    Page,
    build_site_corpus,
    expected_highlights,
    item_what,
    runs,
)
from sscorpus.agreement.headline import FIGURES, Figure, Group, Headline
from sscorpus.agreement.measure import ALL_DOCUMENTS
from sscorpus.cli import main
from sscorpus.dataset.dataset import build as build_dataset
from sscorpus.dataset.files import GRAPH_FILES
from sscorpus.dataset.value import Dataset
from sscorpus.site import build as site_build
from sscorpus.site.build import MARKER, build_site, code_spans

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def site_corpus(tmp_path: Path) -> CorpusDir:
    return build_site_corpus(tmp_path / "corpus")


@pytest.fixture
def built(fixture_site: tuple[Path, Path]) -> Path:
    """The site of ``built_corpus`` (the session's, shared: read, never changed)."""
    return fixture_site[1]


@pytest.fixture
def built_corpus(fixture_site: tuple[Path, Path]) -> CorpusDir:
    """The corpus of ``built`` (the session's, shared: read, never changed)."""
    return CorpusDir(fixture_site[0])


def _pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def test_every_document_entity_and_download_has_its_file(built_corpus: CorpusDir, built: Path) -> None:
    checked = built_corpus.check()
    for doc_id in checked.corpus.documents:
        assert (built / "documents" / f"{doc_id}.html").is_file()
    for entity_id in checked.corpus.entities:
        assert (built / "entities" / f"{entity_id}.html").is_file()
    assert (built / "index.html").is_file() and (built / "codebook.html").is_file()
    csvs = sorted(p.name for p in (built / "downloads" / "csv").glob("*.csv"))
    assert "claims.csv" in csvs and (built / "downloads" / "sscorpus.xlsx").is_file()
    with zipfile.ZipFile(built / "downloads" / "sscorpus-csv.zip") as archive:
        names = sorted(archive.namelist())
        assert names == sorted([f"csv/{n}" for n in csvs] + ["datapackage.json"])
        for name in names:  # the zip holds the very files offered one by one
            assert archive.read(name) == (built / "downloads" / name).read_bytes()
    descriptor = json.loads((built / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in descriptor["resources"]} == {f"csv/{n}" for n in csvs}
    home = (built / "index.html").read_text(encoding="utf-8")
    for name in ("sscorpus.xlsx", "sscorpus-csv.zip", "datapackage.json", "csv/claims.csv", *GRAPH_FILES):
        assert f'href="downloads/{name}"' in home
        assert (built / "downloads" / name).is_file()


def test_every_highlight_is_its_quote_and_the_text_is_exact(built_corpus: CorpusDir, built: Path) -> None:
    expected = expected_highlights(built_corpus.root)
    checked = built_corpus.check()
    seen = set()
    for doc_id, document in checked.corpus.documents.items():
        page = Page((built / "documents" / f"{doc_id}.html").read_text(encoding="utf-8"))
        layers = {a["data-annotator"] for a in page.items.values()}
        # one text block per layer, each the text exactly, line breaks and all
        assert page.texts == [document.text] * len(layers)
        for key, attributes in page.items.items():
            what = (doc_id, str(attributes["data-annotator"]), item_what(attributes))
            assert runs(page.highlights[key]) == expected[what], what
            seen.add(what)
    assert seen == set(expected)  # every annotation of every annotator, and no other


def test_nested_overlapping_and_split_spans_in_the_fixture(built: Path) -> None:
    """A control on the fixture itself: the second annotator's file holds
    the shapes the highlighting must survive."""
    page = Page((built / "documents" / f"{ESSAY}.html").read_text(encoding="utf-8"))
    keys = {item_what(a): k for k, a in page.items.items() if a["data-annotator"] == "b"}
    outer, inner, overlap = (set(page.highlights[keys[w]]) for w in ("outer", "inner", "overlap"))
    mention = set(page.highlights[keys[next(w for w in keys if w.startswith("mention:south-africa"))]])
    assert mention < inner < outer  # a mention inside a claim inside a longer claim
    assert overlap & outer and overlap - outer  # crosses the end of another claim
    assert len(runs(page.highlights[keys["split"]])) == 2
    assert "\n" in "".join(runs(page.highlights[keys["across"]]))


def test_hostile_text_stays_text(built: Path) -> None:
    for name, page in _pages(built).items():
        for tag, attributes in page.tags:
            assert not [a for a in attributes if a.lower().startswith("on")], (name, tag, attributes)
            assert tag != "img", name
            if tag == "script":
                assert (attributes.get("src") or "").endswith("static/site.js"), name
        assert "javascript:" not in page.html.lower()
    essay = (built / "documents" / f"{ESSAY}.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;window.hostile = 1&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; done"
        in essay
    )
    entity = Page((built / "entities" / "south-africa.html").read_text(encoding="utf-8"))
    assert HOSTILE_REGISTRY_NOTE not in entity.html and "&lt;img src=x onerror=alert(2)&gt;" in entity.html
    assert HOSTILE_NOTE not in essay


def test_every_link_and_download_resolves(built: Path) -> None:
    pages = _pages(built)
    checked = 0
    for name, page in pages.items():
        for tag, attributes in page.tags:
            target = attributes.get("href") if tag in ("a", "link") else attributes.get("src")
            if tag not in ("a", "link", "script") or target is None:
                continue
            parts = urlsplit(target)
            assert not parts.scheme and not parts.netloc, f"{name} links outside the site: {target}"
            path = (built / name).parent / unquote(parts.path) if parts.path else built / name
            assert path.resolve().is_relative_to(built.resolve()) and path.is_file(), f"{name}: {target}"
            if parts.fragment:
                rel = path.resolve().relative_to(built.resolve()).as_posix()
                assert parts.fragment in pages[rel].ids, f"{name}: {target}"
            checked += 1
    assert checked > 100


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_entity_pages_list_mentions_claims_and_stances(built: Path) -> None:
    """The actor x principle view: who takes which stance towards an entity,
    and what an actor says, with each claim linked to its document."""
    page = (built / "entities" / "south-africa.html").read_text(encoding="utf-8")
    about = _section(page, "h-claims").split("<tr>")
    outer = [r for r in about if ">outer</a>" in r]
    assert len(outer) == 1 and "stance-endorses" in outer[0] and f"documents/{ESSAY}.html#" in outer[0]
    assert not [r for r in about if ">inner</a>" in r]  # inner is not about South Africa ...
    spoken = _section(page, "h-spoken")
    assert ">inner</a>" in spoken and ">outer</a>" not in spoken  # ... it is spoken by it
    wto = (built / "entities" / "wto.html").read_text(encoding="utf-8")
    # the essay's default speaker rejects the WTO in the claim 'outer' of annotator b
    rows = [r for r in _section(wto, "h-claims").split("<tr>") if "Philani Mthembu</bdi></a></th><td>b</td>" in r]
    assert len(rows) == 1 and '<td class="num stance-rejects">1</td>' in rows[0]
    author = (built / "entities" / "philani-mthembu.html").read_text(encoding="utf-8")
    stances = _section(author, "h-spoken")
    assert "World Trade Organization</bdi></a></th><td>b</td>" in stances
    # every mention of South Africa by either annotator, with context
    assert page.count('class="t-mention m-actor">South Africa</mark>') == 2
    # counts per layer, never summed: each annotator mentions it once, only b links a claim to it
    assert "(1 by a, 1 by b)" in _section(page, "h-mentions")
    home = (built / "index.html").read_text(encoding="utf-8")
    assert (
        'South Africa</bdi></a> <span class="muted">mentions 1 (a), 1 (b); '
        "claims about 1 (b); claims spoken 1 (b)</span>" in home
    )


def test_the_codebook_has_every_field_and_allowed_value(built: Path) -> None:
    claim = json.loads((REPO / "schemas" / "claim.schema.json").read_text(encoding="utf-8"))
    codebook = (built / "codebook.html").read_text(encoding="utf-8")
    for field in claim["properties"]:
        assert f"<code>{field}</code>" in codebook
    for value, meaning in zip(
        claim["properties"]["kind"]["enum"], claim["properties"]["kind"]["enumDescriptions"], strict=True
    ):
        assert f"<tr><td><code>{value}</code></td><td>{code_spans(meaning)}</td></tr>" in codebook
    for field in claim["properties"].values():  # a description's `code` is code, and its text all there
        description = field.get("description", "")
        if description and description.count("`") % 2 == 0:
            assert str(code_spans(description)) in codebook


def test_code_spans_escape_everything() -> None:
    assert (
        str(code_spans("use `<b>` or `x & y`, not <i>"))
        == "use <code>&lt;b&gt;</code> or <code>x &amp; y</code>, not &lt;i&gt;"
    )
    assert str(code_spans("one ` only <b>")) == "one ` only &lt;b&gt;"


def test_the_same_input_gives_the_same_bytes(built_corpus: CorpusDir, built: Path, tmp_path: Path) -> None:
    first, second = built, tmp_path / "two"  # a second build of the corpus
    assert not build_site(built_corpus.root, second).report.errors
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_a_corpus_with_errors_builds_nothing(site_corpus: CorpusDir, tmp_path: Path) -> None:
    site_corpus.edit(ESSAY_FILE, "kind: evaluative", "kind: evalutive")
    out = tmp_path / "site"
    run = CliRunner().invoke(main, ["site", "--root", str(site_corpus.root), "--out", str(out), "--format", "json"])
    assert run.exit_code == 1
    assert any(f["code"] == "schema.enum" for f in json.loads(run.stdout)["findings"])
    assert not out.exists()
    assert not list(tmp_path.glob(".sscorpus-site-*"))


def test_a_site_is_replaced_but_no_other_folder(site_corpus: CorpusDir, tmp_path: Path) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    args = ["site", "--root", str(site_corpus.root), "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    # the page of a document that an earlier build had, and a file of the user's
    (out / "documents" / "gone.html").write_text("left over", encoding="utf-8")
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    manifest["files"].append("documents/gone.html")
    (out / MARKER).write_text(json.dumps(manifest), encoding="utf-8")
    (out / "CNAME").write_text("corpus.example.org\n", encoding="utf-8")
    assert runner.invoke(main, args).exit_code == 0
    assert not (out / "documents" / "gone.html").exists() and (out / MARKER).is_file()
    assert (out / "CNAME").read_text(encoding="utf-8") == "corpus.example.org\n"
    assert not [p.name for p in tmp_path.iterdir() if "staging" in p.name or "previous" in p.name]
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work", encoding="utf-8")
    run = runner.invoke(main, ["site", "--root", str(site_corpus.root), "--out", str(precious)])
    assert run.exit_code == 2 and "not a site built by 'sscorpus site'" in run.stderr
    assert (precious / "thesis.docx").read_text(encoding="utf-8") == "years of work"


def test_one_layer(site_corpus: CorpusDir, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert not build_site(site_corpus.root, out, layer="b").report.errors
    page = Page((out / "documents" / f"{ESSAY}.html").read_text(encoding="utf-8"))
    assert {a["data-annotator"] for a in page.items.values()} == {"b"}
    run = CliRunner().invoke(
        main, ["site", "--root", str(site_corpus.root), "--out", str(tmp_path / "x"), "--layer", "nobody"]
    )
    assert run.exit_code == 2 and "no layer 'nobody'" in run.stderr


def test_agreement_figures_are_shown_when_there_are_some(
    site_corpus: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = (
        Figure("claim", "units", "f1", 0.5, 4, "<b>bold</b>", ""),
        Figure("evidence", "units", "f1", None, 0, "", ""),
    )
    given = Headline(ALL_DOCUMENTS, (Group(("a", "b"), (ESSAY,), figures),), ())
    real_build = build_dataset

    def with_headline(headline: Headline) -> Callable[[sscorpus.Checked, str | None], Dataset]:
        return lambda checked, layer: replace(real_build(checked, layer), headline=headline)

    monkeypatch.setattr(site_build, "build", with_headline(given))
    assert not build_site(site_corpus.root, tmp_path / "with").report.errors
    home = (tmp_path / "with" / "index.html").read_text(encoding="utf-8")
    assert "Agreement between annotators" in home and "0.500" in home and "&lt;b&gt;bold&lt;/b&gt;" in home
    empty = Headline(ALL_DOCUMENTS, (), ())
    monkeypatch.setattr(site_build, "build", with_headline(empty))
    assert not build_site(site_corpus.root, tmp_path / "without").report.errors
    assert "Agreement between annotators" not in (tmp_path / "without" / "index.html").read_text(encoding="utf-8")


def test_the_home_page_cites_the_dataset_from_its_citation_file(site_corpus: CorpusDir, tmp_path: Path) -> None:
    site_corpus.write("CITATION.cff", (REPO / "CITATION.cff").read_text(encoding="utf-8"))
    out = tmp_path / "site"
    assert not build_site(site_corpus.root, out).report.errors
    home = (out / "index.html").read_text(encoding="utf-8")
    cite = _section(home, "h-cite")
    assert "sscorpus contributors. <cite>sscorpus: annotations of policy texts" in cite
    assert f"version {sscorpus.__version__}" in cite
    assert (out / "downloads" / "CITATION.cff").read_bytes() == (REPO / "CITATION.cff").read_bytes()
    assert 'href="downloads/CITATION.cff"' in home


def _agreement_rows(home: str) -> list[tuple[str, str, str, str]]:
    """(type, figure, value, n) of each row of the home page's agreement table."""
    table = _section(home, "h-agreement")
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("</thead>") :], flags=re.S)
    cell = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>")
    cells = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in cell.findall(row)] for row in rows]
    return [(c[-5], c[-4], c[-3], c[-2]) for c in cells]


def test_the_home_page_shows_the_corpus_agreement_by_default(built_corpus: CorpusDir, built: Path) -> None:
    """Each figure of the home page is the one `sscorpus agree` measures on
    the same corpus (its value to three places and its n), none missing."""
    home = (built / "index.html").read_text(encoding="utf-8")
    agree = CliRunner().invoke(main, ["agree", "--root", str(built_corpus.root), "--format", "json"])
    assert agree.exit_code == 0
    measured = {
        (f["type"], f["variable"], f["measure"]): f
        for f in json.loads(agree.stdout)["figures"]
        if f["doc_id"] == ALL_DOCUMENTS and f["matching"] == "exact"
    }
    expected = []
    for type_, variable, measure in FIGURES:
        figure = measured[(type_, variable, measure)]
        label = f"{'span' if variable == 'units' else variable} {'F1' if measure == 'f1' else measure}"
        value = "undefined" if figure["value"] is None else f"{figure['value']:.3f}"
        expected.append((type_, label, value, str(figure["n"])))
    assert _agreement_rows(home) == expected
    assert any(value != "undefined" for _, _, value, _ in expected)  # the corpus has figures to show


def test_the_corpus_is_validated_once(site_corpus: CorpusDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site hands its validated corpus to the export of its downloads."""
    from sscorpus import exporting as dataset
    from sscorpus.site import build as site

    calls: list[Path | None] = []
    real = sscorpus.check

    def counted(root: Path | None = None, *, jobs: int | None = 1) -> sscorpus.Checked:
        calls.append(root)
        return real(root, jobs=jobs)

    monkeypatch.setattr(site, "check", counted)
    monkeypatch.setattr(dataset, "check", counted)
    assert not build_site(site_corpus.root, tmp_path / "s").report.errors
    assert len(calls) == 1
