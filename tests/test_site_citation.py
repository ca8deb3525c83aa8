"""CITATION.cff is an input like any other: read by the same rules (no links
out, no aliases), validated against the Citation File Format's schema with
located findings, and the only source of what the site and the data package
say about citing and licensing the dataset."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CorpusDir, build_corpus
from sscorpus.cli import main
from sscorpus.site.build import build_site

REPO = Path(__file__).resolve().parents[1]

VALID = """\
cff-version: 1.2.0
message: Please cite this dataset.
type: dataset
title: A corpus
authors:
  - given-names: Ada
    family-names: Lovelace
  - name: The Annotation Team
version: 0.1.0
license: CC-BY-4.0
"""


def validate_json(root: Path) -> tuple[int, list[dict[str, object]]]:
    run = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exc_info
    return run.exit_code, json.loads(run.stdout)["findings"]


def located(findings: list[dict[str, object]]) -> set[tuple[str, int, int, str]]:
    return {(Path(str(f["path"])).name, int(str(f["line"])), int(str(f["column"])), str(f["code"])) for f in findings}


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusDir, Path]:
    """(corpus, site): the conftest corpus with the VALID citation, and its site, built once
    for the tests that only read them."""
    folder = tmp_path_factory.mktemp("cited")
    corpus = build_corpus(folder / "corpus")
    corpus.write("CITATION.cff", VALID)
    assert not build_site(corpus.root, folder / "site").report.errors
    return corpus, folder / "site"


def test_a_valid_citation_is_published_byte_for_byte(cited: tuple[CorpusDir, Path]) -> None:
    corpus, site = cited
    assert validate_json(corpus.root) == (0, [])
    assert (site / "downloads" / "CITATION.cff").read_text(encoding="utf-8") == VALID
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Ada Lovelace, The Annotation Team. <cite>A corpus</cite>, version 0.1.0" in home


@pytest.mark.parametrize("target", ["outside", "git-config"])
def test_a_citation_that_links_out_is_refused_and_never_published(
    corpus: CorpusDir, tmp_path: Path, target: str
) -> None:
    if target == "outside":
        secret = tmp_path / "elsewhere.cff"
        secret.write_text(VALID.replace("A corpus", "A secret"), encoding="utf-8")
    else:
        secret = corpus.write(".git/config", "[core]\n\trepositoryformatversion = 0\n")
    (corpus.root / "CITATION.cff").symlink_to(secret)
    code, findings = validate_json(corpus.root)
    assert code == 1 and located(findings) == {("CITATION.cff", 0, 0, "file.outside-corpus")}
    run = CliRunner().invoke(main, ["site", "--root", str(corpus.root), "--out", str(tmp_path / "site")])
    assert run.exit_code == 1 and not (tmp_path / "site").exists()


def test_aliases_in_the_citation_are_refused_at_once(corpus: CorpusDir, tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    corpus.write("CITATION.cff", VALID.replace("title: A corpus\n", "title: *a8\n") + "\n".join(levels) + "\n")
    started = time.monotonic()
    code, findings = validate_json(corpus.root)
    assert time.monotonic() - started < 10
    assert code == 1
    places = located(findings)
    assert ("CITATION.cff", 4, 8, "yaml.alias") in places  # title: *a8
    assert {p[3] for p in places} <= {"yaml.alias", "yaml.anchor"}
    run = CliRunner().invoke(main, ["site", "--root", str(corpus.root), "--out", str(tmp_path / "site")])
    assert run.exit_code == 1 and not (tmp_path / "site").exists()


def test_a_citation_that_breaks_the_format_is_located(corpus: CorpusDir) -> None:
    broken = VALID.replace("type: dataset", "type: corpus").replace("license: CC-BY-4.0", "license: my-own")
    broken = broken.replace("version: 0.1.0\n", "version: 0.1.0\ndoi: not-a-doi\nwebsite: x\n")
    corpus.write("CITATION.cff", broken)
    code, findings = validate_json(corpus.root)
    assert code == 1
    assert located(findings) == {
        ("CITATION.cff", 3, 7, "citation.invalid"),  # type: corpus
        ("CITATION.cff", 10, 6, "citation.invalid"),  # doi: not-a-doi
        ("CITATION.cff", 11, 1, "citation.invalid"),  # website: an unknown key
        ("CITATION.cff", 12, 10, "citation.invalid"),  # license: my-own
    }


def test_the_repository_citation_is_valid(tmp_path: Path) -> None:
    from sscorpus.corpus.citation import read_citation
    from sscorpus.corpus.layout import Layout

    (tmp_path / "CITATION.cff").write_bytes((REPO / "CITATION.cff").read_bytes())
    citation, findings = read_citation(Layout(tmp_path))
    assert findings == [] and citation is not None and citation.title


# -- the data package: at the zip's root, with licences, sources and contributors ------------------


def test_the_csv_zip_opens_as_a_data_package_and_validates(cited: tuple[CorpusDir, Path]) -> None:
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(cited[1] / "downloads" / "sscorpus-csv.zip"))
    assert package.name == "sscorpus"
    assert {r.name for r in package.resources} >= {"documents", "claims", "agreement"}
    report = package.validate()
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert [license_["name"] for license_ in package.licenses] == ["CC-BY-4.0"]


def test_the_descriptor_has_licences_sources_and_contributors(cited: tuple[CorpusDir, Path]) -> None:
    corpus, site = cited
    checked = corpus.check()
    package = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html", "title": "CC-BY-4.0"}
    ]
    documents = sorted(checked.corpus.documents.values(), key=lambda d: d.id)
    assert len(package["sources"]) == len(documents)
    for source, document in zip(package["sources"], documents, strict=True):
        assert document.title in source["title"]
        assert all(a.name in source["title"] for a in document.authors if a.name)
    annotators = sorted({f.annotator for f in checked.corpus.files} - {"gold"})
    assert package["contributors"] == [
        {"title": "Ada Lovelace", "role": "author"},
        {"title": "The Annotation Team", "role": "author"},
        *({"title": name, "role": "contributor"} for name in annotators),
    ]


def test_without_a_licence_the_descriptor_claims_none(corpus: CorpusDir, tmp_path: Path) -> None:
    corpus.write("CITATION.cff", VALID.replace("license: CC-BY-4.0\n", ""))
    assert not build_site(corpus.root, tmp_path / "site").report.errors
    package = json.loads((tmp_path / "site" / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and package["contributors"][0] == {"title": "Ada Lovelace", "role": "author"}
