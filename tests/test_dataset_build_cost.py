"""What ``dataset.build`` keeps between builds (the codebook's fields,
resolved once per content of the schemas) never outlives the schemas it was
made from."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CorpusDir, build_corpus
from sscorpus.dataset.dataset import build
from sscorpus.dataset.tables import SOURCE


def _codebook(corpus: CorpusDir) -> dict[str, object]:
    table = build(corpus.check()).tables["codebook"]
    claims = table[table["type"] == "claim"]
    return dict(zip(claims["field"], claims["description"], strict=True))


def test_a_changed_schema_is_seen_by_the_next_build(corpus: CorpusDir) -> None:
    before = _codebook(corpus)
    schema = json.loads(corpus.read("schemas/claim.schema.json"))
    schema["properties"]["kind"]["description"] = "Changed between two builds."
    corpus.write("schemas/claim.schema.json", json.dumps(schema, indent=2) + "\n")
    after = _codebook(corpus)
    assert before["kind"] != "Changed between two builds."
    assert after["kind"] == "Changed between two builds."
    assert {k: v for k, v in after.items() if k != "kind"} == {k: v for k, v in before.items() if k != "kind"}


def test_two_folders_with_the_same_schemas_locate_the_codebook_in_their_own(tmp_path: Path) -> None:
    sources = []
    for name in ("one", "two"):
        corpus = build_corpus(tmp_path / name)
        table = build(corpus.check()).tables["codebook"]
        sources.append({location.path.parent for location in table[SOURCE]})
    assert sources == [{tmp_path / "one" / "schemas"}, {tmp_path / "two" / "schemas"}]
