"""The map file of an import (foreign codes to codebook paths, foreign
documents to document ids): read with positions, a bad entry a finding at
its place; and the starting map that --suggest-map writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sscorpus
from conftest import ESSAY, REPO, CorpusDir
from sscorpus.corpus.model import Location
from sscorpus.findings import SetupError
from sscorpus.interchange.codebook import Meaning
from sscorpus.interchange.foreign import ForeignCode, ForeignProject
from sscorpus.interchange.mapping import CodeMap, document_names, read_map, resolve, suggestion, write_suggestion

FOREIGN = Path("/elsewhere/project.qde")


def code(name: str, *, id_: str | None = None, parents: tuple[str, ...] = (), path: str | None = None) -> ForeignCode:
    return ForeignCode(id_ or name, name, Location(FOREIGN, 1, 1), parents, path)


def test_a_map_names_codes_by_name_or_id_and_documents_by_name(corpus: CorpusDir, tmp_path: Path) -> None:
    checked = sscorpus.check(corpus.root)
    map_file = tmp_path / "map.yaml"
    map_file.write_text(
        'codes:\n  "Claim: evaluative": claim/evaluative\n  C17: actor/south-africa\n  Later:\n'
        f"documents:\n  Mthembu 2021.txt: {ESSAY}\n",
        encoding="utf-8",
    )
    code_map, found = read_map(map_file, checked.schemas, checked.corpus)
    assert found == []
    assert code_map.documents == {"Mthembu 2021.txt": ESSAY}
    schemas, model = checked.schemas, checked.corpus
    assert resolve(code("Claim: evaluative"), code_map, schemas, model) == Meaning("claim", kind="evaluative")
    assert resolve(code("SA", id_="C17"), code_map, schemas, model) == Meaning("actor", entity="south-africa")
    # left empty: unmapped, even though its name would be read as a path
    assert resolve(code("Later"), code_map, schemas, model) is None
    # no entry: the path the code records, its name, its name below its parent's
    assert resolve(code("x", path="supports"), code_map, schemas, model) == Meaning("supports")
    assert resolve(code("about/endorses"), code_map, schemas, model) == Meaning("about", stance="endorses")
    assert resolve(code("Evaluative", parents=("Claim",)), CodeMap(), schemas, model) == Meaning(
        "claim", kind="evaluative"
    )
    assert resolve(code("Whatever"), CodeMap(), schemas, model) is None


def test_every_bad_entry_is_a_finding_at_its_place(corpus: CorpusDir, tmp_path: Path) -> None:
    checked = sscorpus.check(corpus.root)
    map_file = tmp_path / "map.yaml"
    map_file.write_text(
        "codes:\n"
        "  Good: claim/evaluative\n"
        "  Bad kind: claim/nonsense\n"
        "  Wrong type: actor/wto\n"
        "  Listed: [a, b]\n"
        "documents:\n"
        "  x.txt: no-such-document\n"
        "extra: 1\n",
        encoding="utf-8",
    )
    code_map, found = read_map(map_file, checked.schemas, checked.corpus)
    assert sorted((f.code, f.line, f.column) for f in found) == [
        ("import.map-document", 7, 10),
        ("import.map-entry", 5, 11),
        ("import.map-entry", 8, 1),
        ("import.map-path", 3, 13),
        ("import.map-path", 4, 15),
    ]
    assert code_map.codes == {"Good": "claim/evaluative"}  # the rest of the map is used
    broken = tmp_path / "broken.yaml"
    broken.write_text("codes: [\n", encoding="utf-8")
    assert [f.code for f in read_map(broken, checked.schemas, checked.corpus)[1]] == ["yaml.syntax"]


def test_the_suggested_map_guesses_each_code_and_reads_back(corpus: CorpusDir, tmp_path: Path) -> None:
    checked = sscorpus.check(corpus.root)
    essay = checked.corpus.documents[ESSAY].text
    assert essay is not None
    project = ForeignProject(
        FOREIGN,
        "test",
        {
            c.id: c
            for c in [
                code("claim/evaluative"),
                code("Evaluative", id_="C2", parents=("Claim",)),
                code("South Africa"),
                code("World Trade Organization"),
                code("Positive", id_="C5", parents=("India",)),
                code("Positive", id_="C6", parents=("China",)),
            ]
        },
        {"Mthembu essay.txt": essay, "Other.txt": "another text"},
    )
    text = suggestion(project, checked.schemas, checked.corpus)
    lines = text.splitlines()
    assert "  claim/evaluative: claim/evaluative" in lines
    assert "  Evaluative: claim/evaluative" in lines
    assert "  South Africa: actor/south-africa" in lines
    assert "  World Trade Organization: institution/wto" in lines
    # two codes of one name: each by its id, under a comment naming where it stands
    assert lines[lines.index("  C5:") - 1] == "  # India > Positive"
    assert lines[lines.index("  C6:") - 1].startswith("  # ")
    assert f"  Mthembu essay.txt: {ESSAY}" in lines
    assert "  Other.txt:" in lines
    out = tmp_path / "map.yaml"
    write_suggestion(project, out, checked.schemas, checked.corpus)
    assert out.read_text(encoding="utf-8") == text
    code_map, found = read_map(out, checked.schemas, checked.corpus)
    assert found == []
    assert code_map.codes["C5"] is None and code_map.codes["South Africa"] == "actor/south-africa"
    with pytest.raises(SetupError):
        write_suggestion(project, out, checked.schemas, checked.corpus)
    assert out.read_text(encoding="utf-8") == text


def test_the_readmes_map_reads_without_a_finding(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The map file") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    map_file = tmp_path / "map.yaml"
    map_file.write_text(block.group(1), encoding="utf-8")
    checked = sscorpus.check(REPO)
    code_map, found = read_map(map_file, checked.schemas, checked.corpus)
    assert found == []
    assert code_map.codes["Vague"] is None and code_map.codes["Not a mention"] == "not_mention"


def test_a_foreign_document_is_found_by_its_file_name() -> None:
    assert document_names("a/mthembu-multilateralism.txt")[-1] == "mthembu-multilateralism"
    assert "mthembu-multilateralism" in document_names("mthembu-multilateralism.txt")
    assert "mthembu-multilateralism" in document_names("texts\\mthembu-multilateralism.txt")
    assert document_names("essay") == ("essay", "essay", "essay")
