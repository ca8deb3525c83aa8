"""The code tree every interchange format writes: each code's path names
itself again, and nothing else is a path."""

from __future__ import annotations

import pytest

from conftest import CorpusDir
from sscorpus.checks.validate import check
from sscorpus.interchange.codebook import Meaning, codes, kinds, meaning


def test_every_code_path_means_its_code_and_parents_come_first(corpus: CorpusDir) -> None:
    checked = check(corpus.root)
    tree = list(codes(checked.schemas, checked.corpus))
    paths = [code.path for code in tree]
    assert len(paths) == len(set(paths))
    for i, code in enumerate(tree):
        assert meaning(code.path, checked.schemas, checked.corpus) == code.meaning
        assert code.parent is None or code.parent in paths[:i]
    # every entity of the registry and every kind and stance of the schemas is a code
    assert {f"{e.type}/{e.id}" for e in checked.corpus.entities.values()} <= set(paths)
    assert {f"claim/{k}" for k in kinds(checked.schemas, "claim")} <= set(paths)
    assert {f"about/{s}" for s in checked.schemas.stances()} == {p for p in paths if p.startswith("about/")}
    assert meaning("principle/policy-space", checked.schemas, checked.corpus) == Meaning(
        "principle", entity="policy-space"
    )


@pytest.mark.parametrize(
    "path",
    ["claim/no-such-kind", "actor/wto", "actor/nobody", "about/likes", "supports/x", "mention", "", "evidence/"],
)
def test_a_path_outside_the_codebook_means_nothing(corpus: CorpusDir, path: str) -> None:
    checked = check(corpus.root)
    assert meaning(path, checked.schemas, checked.corpus) is None
