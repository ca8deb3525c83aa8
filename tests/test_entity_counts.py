"""One word, one definition: an entity's "claims about" (the claims that
link it in their about list) and an actor's "claims spoken" are the same
counts on the site's home page and in the exports' entity tables
(claims_about, claims_spoken)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from conftest import CorpusDir
from sscorpus.corpus.model import ENTITY_TYPES
from sscorpus.exporting import export
from sscorpus.site.build import build_site


def _table(root: Path, name: str) -> dict[str, dict[str, str]]:
    with (root / "exports" / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def _home_counts(html: str) -> dict[str, dict[str, int]]:
    """entity id -> {"claims about": n, "claims spoken": n} as the home
    page's entity list gives them (one layer: "n claims about")."""
    found: dict[str, dict[str, int]] = {}
    for entity, counts in re.findall(
        r'<a href="entities/([^"]+)\.html"><bdi>[^<]*</bdi></a> <span class="muted">([^<]*)</span>', html
    ):
        found[entity] = {which: int(n) for n, which in re.findall(r"(\d+) (claims about|claims spoken)", counts)}
    return found


def test_claims_about_and_spoken_are_the_same_counts_on_the_site_and_in_the_exports(
    corpus: CorpusDir, tmp_path: Path
) -> None:
    # one layer (a): the count layer of every document is the layer the site shows
    assert export(corpus.root).ok
    assert not build_site(corpus.root, tmp_path / "site").report.errors
    home = _home_counts((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    spoken_somewhere = False
    for type_ in ENTITY_TYPES:
        for entity_id, row in _table(corpus.root, f"{type_}s").items():
            assert int(row["claims_about"]) == home[entity_id]["claims about"], entity_id
            if type_ == "actor":
                assert int(row["claims_spoken"]) == home[entity_id]["claims spoken"], entity_id
                spoken_somewhere |= int(row["claims_spoken"]) > 0
            else:
                assert "claims_spoken" not in row and "claims spoken" not in home[entity_id]
    # the essay's default speaker speaks its claims, and no claim is about it
    assert spoken_somewhere
    mthembu = _table(corpus.root, "actors")["philani-mthembu"]
    assert (int(mthembu["claims_about"]), int(mthembu["claims_spoken"])) == (0, 2)
