"""Addresses of annotations on the site: the layer, the type and the
annotation's own id (a mention's entity@start:end), so that a link shared
outside the site keeps pointing at the same annotation when annotations are
added before it; and the layers of a document page, gold first."""

from __future__ import annotations

from pathlib import Path

import sscorpus
from conftest import ESSAY
from sitecorpus import B_ESSAY_FILE, Page, build_site_corpus, item_what
from sscorpus.site.build import build_site

#: a claim and a mention early in the essay, for b to add before the others
EARLY = """\
  - id: early
    quote: This has exposed a real weakness in the multilateralism system
    kind: evaluative
"""


def _page(site: Path) -> Page:
    return Page((site / "documents" / f"{ESSAY}.html").read_text(encoding="utf-8"))


def _addresses(page: Page) -> dict[str, tuple[str, str]]:
    """address -> (annotator, what) of every annotation of the list."""
    return {key: (str(item["data-annotator"]), item_what(item)) for key, item in page.items.items()}


def test_addresses_are_the_layer_type_and_own_id(fixture_site: tuple[Path, Path]) -> None:
    root, site = fixture_site
    page = _page(site)
    checked = sscorpus.check(root)
    expected = set()
    for file in checked.corpus.files:
        if file.document != ESSAY:
            continue
        for annotation in file.annotations():
            span = annotation.span
            assert span is not None
            own = f"{annotation.entity_id}@{span.start}:{span.end}" if annotation.type == "mention" else annotation.id
            expected.add(f"{file.annotator}/{annotation.type}/{own}")
    assert set(page.items) == expected
    assert "b/claim/outer" in page.items and page.items["b/claim/outer"]["id"] == "b/claim/outer"


def test_an_address_keeps_its_annotation_when_one_is_added_before_it(
    fixture_site: tuple[Path, Path], tmp_path: Path
) -> None:
    before = _addresses(_page(fixture_site[1]))  # the site of the corpus below, as built
    corpus = build_site_corpus(tmp_path / "corpus")
    # b adds a claim before all of theirs, and a mention before the others
    corpus.edit(B_ESSAY_FILE, "claims:\n", "claims:\n" + EARLY)
    corpus.edit(B_ESSAY_FILE, "mentions:\n", "mentions:\n  - institution: wto\n    quote: WTO\n")
    assert not build_site(corpus.root, tmp_path / "after").report.errors
    after = _addresses(_page(tmp_path / "after"))
    assert len(after) == len(before) + 2
    assert {key: after[key] for key in before} == before  # every old address, the same annotation


def test_gold_is_the_first_layer(tmp_path: Path) -> None:
    corpus = build_site_corpus(tmp_path / "corpus")  # a and b
    gold = corpus.read(f"annotations/a/{ESSAY}.yaml").replace("annotator: a", "annotator: gold")
    corpus.write(f"annotations/gold/{ESSAY}.yaml", gold)
    assert not build_site(corpus.root, tmp_path / "site").report.errors
    page = _page(tmp_path / "site")
    sections = [a for tag, a in page.tags if tag == "section" and "layer" in (a.get("class") or "").split()]
    lists = [a for tag, a in page.tags if tag == "div" and "layer-list" in (a.get("class") or "").split()]
    annotators = [page.items[k]["data-annotator"] for k in page.items]
    assert [a["data-layer"] for a in sections] == [a["data-layer"] for a in lists] == ["0", "1", "2"]
    assert list(dict.fromkeys(annotators)) == ["gold", "a", "b"]  # the list in the same order as the texts
    assert page.html.index('id="layer-0-h">Gold') < page.html.index('id="layer-1-h">Annotator a')
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    row = home[home.index(f'href="documents/{ESSAY}.html"') :]
    assert row.index("<td>gold</td>") < row.index("<td>a</td>") < row.index("<td>b</td>")
