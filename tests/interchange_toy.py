"""A tiny interchange format for the tests alone: the dataset as one JSON
file of texts, codes (by codebook path), selections and relations, written
the way a format module writes (one file, the same bytes, every layer) and
read back into a ForeignProject. It proves the export, import and round
trip machinery on a format that holds everything, before the real formats
exist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sscorpus.corpus.model import Location
from sscorpus.dataset.value import Dataset
from sscorpus.findings import Finding
from sscorpus.interchange import codebook
from sscorpus.interchange.foreign import ForeignCode, ForeignProject, ForeignRelation, ForeignSelection
from sscorpus.interchange.format import Format


def _selection(sid: str, doc: str, annotator: str, pieces: Any, codes: list[str], fields: dict[str, str]) -> Any:
    return {
        "id": sid,
        "document": doc,
        "creator": annotator,
        "pieces": [list(p) for p in pieces],
        "codes": codes,
        "fields": {k: v for k, v in fields.items() if v},
    }


def write(dataset: Dataset, path: Path) -> list[Finding]:
    corpus = dataset.corpus
    codes = [c.path for c in codebook.codes(dataset.schemas, corpus)]
    texts = {d.id: d.text for d in sorted(corpus.documents.values(), key=lambda d: d.id) if d.text is not None}
    selections: list[Any] = []
    relations: list[Any] = []
    for file in sorted(dataset.layers.files, key=lambda f: (f.annotator, f.document)):
        prefix = f"{file.annotator}/{file.document}"
        for n, mention in enumerate(file.mentions):
            assert mention.span is not None
            selections.append(
                _selection(
                    f"{prefix}/m{n}",
                    file.document,
                    file.annotator,
                    mention.span.pieces,
                    [f"{mention.entity_type}/{mention.entity_id}"],
                    {"note": mention.note or ""},
                )
            )
        for n, not_mention in enumerate(file.not_mentions):
            assert not_mention.span is not None
            selections.append(
                _selection(
                    f"{prefix}/n{n}",
                    file.document,
                    file.annotator,
                    not_mention.span.pieces,
                    ["not_mention"],
                    {"note": not_mention.note or ""},
                )
            )
        for claim in file.claims:
            assert claim.span is not None and claim.id is not None
            sid = f"{prefix}/{claim.id}"
            fields = {
                "id": claim.id,
                "hedged": "true" if claim.hedged else "",
                "note": claim.note or "",
                "speaker": claim.speaker.id if claim.speaker else "",
            }
            selections.append(
                _selection(sid, file.document, file.annotator, claim.span.pieces, [f"claim/{claim.kind}"], fields)
            )
            for k, link in enumerate(claim.about):
                target = f"{link.target.expected}/{link.target.id}"
                relations.append(
                    {"id": f"{sid}/about{k}", "code": f"about/{link.stance}", "source": sid, "target": target}
                )
        for evidence in file.evidence:
            assert evidence.span is not None and evidence.id is not None
            sid = f"{prefix}/{evidence.id}"
            fields = {"id": evidence.id, "note": evidence.note or "", "source": evidence.cited or ""}
            selections.append(
                _selection(
                    sid, file.document, file.annotator, evidence.span.pieces, [f"evidence/{evidence.kind}"], fields
                )
            )
            for relation, ref in evidence.relations():
                relations.append(
                    {
                        "id": f"{sid}/{relation}/{ref.id}",
                        "code": relation,
                        "source": sid,
                        "target": f"{prefix}/{ref.id}",
                    }
                )
    data = {"codes": codes, "texts": texts, "selections": selections, "relations": relations}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return []


def read(path: Path) -> ForeignProject:
    project = ForeignProject(path, "toy")
    data = json.loads(path.read_text(encoding="utf-8"))
    # a line per item is enough for the tests: the n-th item of a list is "line" n + 1
    for n, code in enumerate(data["codes"]):
        project.codes[code] = ForeignCode(code, code, Location(path, n + 1, 1), path=code)
    project.texts = dict(data["texts"])
    for n, s in enumerate(data["selections"]):
        project.selections.append(
            ForeignSelection(
                s["id"],
                s["document"],
                tuple((a, b) for a, b in s["pieces"]),
                tuple(s["codes"]),
                Location(path, n + 1, 2),
                quoted=s.get("quoted"),
                creator=s.get("creator"),
                fields=dict(s.get("fields", {})),
            )
        )
    for n, r in enumerate(data["relations"]):
        is_code = r["target"] in project.codes
        project.relations.append(
            ForeignRelation(r["id"], r["code"], r["source"], r["target"], Location(path, n + 1, 3), is_code)
        )
    return project


#: the evidence's `source` is the model's `cited`
TOY = Format("toy", "a JSON dump for the tests", "sscorpus-toy.json", "application/json", write, read)
