"""Every example of the manual follows the manual, checked against the real texts.

The examples of the schemas (`examples`), of the README and of
`docs/guidelines.md` (its ```yaml blocks) are what a second annotator copies.
Each one that is an annotation, or a fragment of an annotation file, is
written into a temporary corpus that holds the repository's real texts,
catalog, schemas and registry (and no annotator's files), and checked with
`sscorpus.check`: every quote must anchor to exactly one place of the text it
quotes and every reference must name a registry entity or a claim of the same
file. Then the rules of the guidelines that a program can check are checked
on them (`_rule_problems`).

What is not checked, and why:

- `common.schema.json#/$defs/link` is a link without its claim: nothing to
  anchor. Its entity must still exist in the registry (checked).
- `entity_id` and `annotation_id` examples are bare ids (patterns, checked by
  test_schemas.py).
- The actor, institution, principle and registry examples are registry
  entries, not annotations: they are checked against the registry (same
  kind, only forms the registry lists), not against a text.
- Stance and kind are readings of the text: no program can tell whether a
  stance is right. The rules that touch them (reformist criticism, stance of
  an affected party) are checked by reading; what can be checked is that a
  claim links only what its span names, unless its `note` says why (4.5).
- YAML blocks of the README that are not annotations (the pre-commit
  configuration) are recognised by their keys and left out.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import sscorpus

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"
TEXTS = REPO / "texts"
REGISTRY = REPO / "annotations" / "registry.yaml"
MANUALS = ("README.md", "docs/guidelines.md")

FILE_KEYS = {"mentions", "not_mentions", "claims", "evidence"}
REGISTRY_KEYS = {"actors", "institutions", "principles"}
NOT_ANNOTATIONS = {"repos", "codes", "documents"}  # a pre-commit configuration; an import map (test_mapping reads it)
ENTITY_TYPES = {"actor": "actors", "institution": "institutions", "principle": "principles"}

#: the markers of an epistemic hedge (guidelines 5.5); "can" is not one
HEDGES = ("arguabl", "one could argue", "it can be argued", "may ", "might", "unclear", "perhaps", "possibly")
#: an author-date citation in brackets: "(Krauthammer, 1990)"
CITATION = re.compile(r"\([A-Z][^()]*?,? \d{4}[a-z]?\)")


@dataclass(frozen=True)
class Example:
    """An example as a whole or partial annotation file (``document`` may be missing)."""

    where: str
    data: dict[str, Any]
    raw: str | None = None  # the YAML as written, for whole files of the manuals


@functools.cache
def _catalog() -> dict[str, str]:
    """Each document's text by id (parsed once per process: read it, never change it)."""
    catalog = yaml.safe_load((TEXTS / "catalog.yaml").read_text(encoding="utf-8"))
    return {doc["id"]: (TEXTS / doc["text"]).read_text(encoding="utf-8") for doc in catalog["documents"]}


@functools.cache
def _registry() -> dict[str, Any]:
    """The repository's registry (parsed once per process, some hundred tests read it: read it, never change it)."""
    data: dict[str, Any] = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return data


def _pattern(quote: str) -> re.Pattern[str]:
    """Any run of whitespace in a quote matches any run in the text (README, Anchoring)."""
    return re.compile(r"\s+".join(re.escape(word) for word in quote.split()))


def _quotes(node: Any) -> Iterator[str]:
    """Every quote of an example, with its prefix and suffix around it."""
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str):
            yield " ".join(str(node.get(key, "")) for key in ("prefix", "quote", "suffix"))
        for key, value in node.items():
            if key not in ("quote", "prefix", "suffix"):
                yield from _quotes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _quotes(item)


def _document_of(data: dict[str, Any]) -> str:
    """The document whose text holds the example's quotes (most of them, if some are wrong)."""
    if "document" in data:
        return str(data["document"])
    texts = _catalog()
    quotes = list(_quotes(data))
    return max(texts, key=lambda doc: sum(bool(_pattern(q).search(texts[doc])) for q in quotes))


# -- collecting the examples ---------------------------------------------------------


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return data


def _schema_examples() -> list[Example]:
    claims = _schema("claim")["examples"]
    file_schema = _schema("annotation-file")
    common = _schema("common")["$defs"]
    found = [Example(f"claim.schema.json#examples/{i}", {"claims": [c]}) for i, c in enumerate(claims)]
    for i, evidence in enumerate(_schema("evidence")["examples"]):
        # evidence needs the claims it supports: the claim examples are those claims
        found.append(Example(f"evidence.schema.json#examples/{i}", {"claims": claims, "evidence": [evidence]}))
    for i, whole in enumerate(file_schema["examples"]):
        found.append(Example(f"annotation-file.schema.json#examples/{i}", whole))
    for i, mention in enumerate(file_schema["$defs"]["mention"]["examples"]):
        found.append(Example(f"annotation-file.schema.json#/$defs/mention/examples/{i}", {"mentions": [mention]}))
    for i, other in enumerate(file_schema["$defs"]["not_mention"]["examples"]):
        found.append(Example(f"annotation-file.schema.json#/$defs/not_mention/examples/{i}", {"not_mentions": [other]}))
    for i, quote in enumerate(common["quote"]["examples"]):
        # a bare quote: anchored as a claim's would be
        claim = {"id": "q1", "quote": quote, "kind": "descriptive"}
        found.append(Example(f"common.schema.json#/$defs/quote/examples/{i}", {"claims": [claim]}))
    return found


def _yaml_blocks(rel: str) -> Iterator[tuple[int, str]]:
    text = (REPO / rel).read_text(encoding="utf-8")
    for match in re.finditer(r"```yaml\n(.*?)```", text, flags=re.S):
        yield text.count("\n", 0, match.start()) + 1, match.group(1)


@functools.cache
def _manual_blocks() -> list[tuple[str, dict[str, Any], str]]:
    """(where, parsed data, raw YAML) of every YAML block of the README and the guidelines (parsed
    once per process, where the parametrized tests were collected from five parses: read them)."""
    blocks = []
    for rel in MANUALS:
        for line, raw in _yaml_blocks(rel):
            blocks.append((f"{rel}:{line}", yaml.safe_load(raw), raw))
    return blocks


def _manual_examples() -> list[Example]:
    found = []
    for where, data, raw in _manual_blocks():
        if isinstance(data, dict) and ("document" in data or FILE_KEYS & data.keys()):
            found.append(Example(where, data, raw if "document" in data else None))
    return found


def _registry_blocks() -> list[tuple[str, dict[str, Any]]]:
    return [
        (where, data)
        for where, data, _raw in _manual_blocks()
        if isinstance(data, dict) and REGISTRY_KEYS & data.keys() and not FILE_KEYS & data.keys()
    ]


EXAMPLES = _schema_examples() + _manual_examples()


def test_every_yaml_block_of_the_manuals_is_recognised() -> None:
    """A block that is neither an annotation nor a registry part must be a known non-annotation."""
    for where, data, _raw in _manual_blocks():
        keys = set(data) if isinstance(data, dict) else set()
        assert keys & (FILE_KEYS | REGISTRY_KEYS | {"document"}) or (keys and keys <= NOT_ANNOTATIONS), where


def test_the_manuals_hold_annotation_examples() -> None:
    """The collection works: the README's complete example and the guidelines' fragments are found."""
    wheres = [e.where for e in EXAMPLES]
    assert any(w.startswith("README.md:") for w in wheres)
    assert any(w.startswith("docs/guidelines.md:") for w in wheres)
    assert any(w.startswith("evidence.schema.json") for w in wheres)


# -- checking one example in a corpus of the real texts ------------------------------


def _corpus(root: Path, extra_registry: dict[str, Any] | None = None) -> Path:
    shutil.copytree(SCHEMAS, root / "schemas")
    shutil.copytree(TEXTS, root / "texts")  # byte for byte: the checksums hold
    (root / "annotations").mkdir()
    registry = REGISTRY.read_text(encoding="utf-8")
    if extra_registry:
        data = copy.deepcopy(_registry())
        for key, entities in extra_registry.items():
            data.setdefault(key, []).extend(entities)
        registry = json.dumps(data)  # JSON is YAML
    (root / "annotations" / "registry.yaml").write_text(registry, encoding="utf-8")
    return root


def _errors(root: Path) -> list[str]:
    checked = sscorpus.check(root)
    return [f"{f.path.name}:{f.line}:{f.column}: {f.code} {f.message} [{f.pointer}]" for f in checked.report.errors]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_validates_against_the_text_it_quotes(tmp_path: Path, example: Example) -> None:
    root = _corpus(tmp_path / "corpus")
    document = _document_of(example.data)
    annotator = str(example.data.get("annotator", "example"))
    target = root / "annotations" / annotator / f"{document}.yaml"
    target.parent.mkdir(parents=True)
    if example.raw is not None:
        target.write_text(example.raw, encoding="utf-8")
    else:
        whole = {"document": document, "annotator": annotator, **example.data}
        target.write_text(json.dumps(whole, ensure_ascii=False, indent=1), encoding="utf-8")
    assert _errors(root) == []


# -- the rules of the guidelines that a program can check ----------------------------


@functools.cache
def _names() -> dict[tuple[str, str], list[str]]:
    """Every form under which the registry knows an entity, by (type, id) (read it, never change it)."""
    names: dict[tuple[str, str], list[str]] = {}
    for kind, key in ENTITY_TYPES.items():
        for entity in _registry().get(key, []):
            forms = [entity.get("name") or entity.get("label"), entity.get("acronym"), *entity.get("aliases", [])]
            names[(kind, entity["id"])] = [f for f in forms if f]
    return names


def _span_text(annotation: dict[str, Any]) -> str:
    if "quote" in annotation:
        return " ".join(str(annotation["quote"]).split())
    return " ".join(" ".join(str(p["quote"]).split()) for p in annotation.get("pieces", []))


def _rule_problems(data: dict[str, Any]) -> list[str]:
    names = _names()
    problems = []
    for mention in data.get("mentions", []):
        quote = _span_text(mention)
        if re.match(r"(?i)(the|a|an) ", quote):
            problems.append(f"mention {quote!r} starts with an article (3.2)")
    for claim in data.get("claims", []):
        text = _span_text(claim)
        if CITATION.search(text[-40:]) and text.endswith(")"):
            problems.append(f"claim {claim['id']} ends with a citation, which is evidence (4.2)")
        if text.endswith("</sup>"):
            problems.append(f"claim {claim['id']} ends with an endnote marker (4.2)")
        if claim.get("hedged") and not any(h in text.lower() + " " for h in HEDGES):
            problems.append(f"claim {claim['id']} is hedged without an epistemic hedge (5.5)")
        for link in claim.get("about", []):
            kind = next(k for k in ENTITY_TYPES if k in link)
            forms = names.get((kind, link[kind]), [])
            named = any(_pattern(form).search(text) for form in forms)
            named = named or (link[kind] == "multilateralism" and "multilateral" in text.lower())
            if not named and "note" not in claim:
                problems.append(f"claim {claim['id']} links {link[kind]}, not named in its span, without a note (4.5)")
        if claim.get("speaker") and any(claim["speaker"] == link.get("actor") for link in claim.get("about", [])):
            problems.append(f"claim {claim['id']} links its own speaker (4.5)")
    claims = {claim["id"]: _span_text(claim) for claim in data.get("claims", [])}
    document = _catalog()[_document_of(data)] if claims else ""
    for evidence in data.get("evidence", []):
        text = _span_text(evidence)
        citation = CITATION.search(text)
        if evidence.get("kind") == "cited-work" and citation and citation.group(0) != text:
            problems.append(f"evidence {evidence['id']} holds a citation but is more than the citation (6.3)")
        elif citation and claims:
            # a citation supports the claim whose sentence it closes: that claim ends just before it
            supported = [claims.get(c, "@") for c in evidence.get("supports", [])]
            if not any(_pattern(f"{claim} {text}").search(document) for claim in supported):
                problems.append(f"evidence {evidence['id']} does not support the claim its citation closes (6.2)")
    return problems


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_follows_the_checkable_rules_of_the_guidelines(example: Example) -> None:
    assert _rule_problems(example.data) == []


KRAUTHAMMER = "(Krauthammer, 1990)"
DIFFUSE = (
    "South-South cooperation, with its set of non-negotiable principles, has bound much of the global South"
    " in relationships of diffuse reciprocity."
)
#: examples the manual used to give, or mistakes its rules forbid, with the rule each breaks
BROKEN: dict[str, tuple[dict[str, Any], str]] = {
    "citation-sentence-as-evidence": (
        {
            "evidence": [
                {
                    "id": "e1",
                    "kind": "cited-work",
                    "supports": ["c1"],
                    "quote": f"in the global political and economic system {KRAUTHAMMER}.",
                }
            ]
        },
        "(6.3)",
    ),
    "citation-of-another-sentence": (
        {
            "claims": [{"id": "c1", "kind": "descriptive", "quote": DIFFUSE}],
            "evidence": [{"id": "e1", "kind": "cited-work", "supports": ["c1"], "quote": KRAUTHAMMER}],
        },
        "(6.2)",
    ),
    "link-through-this": (
        {
            "claims": [
                {
                    "id": "c1",
                    "kind": "evaluative",
                    "about": [{"institution": "wto", "stance": "neutral"}],
                    "quote": "This has exposed a real weakness in the multilateralism system",
                }
            ]
        },
        "(4.5)",
    ),
    "can-as-hedge": (
        {
            "claims": [
                {
                    "id": "c1",
                    "kind": "descriptive",
                    "hedged": True,
                    "quote": "they can today apply a lot more resources towards their ideas.",
                }
            ]
        },
        "(5.5)",
    ),
    "claim-with-citation": (
        {"claims": [{"id": "c1", "kind": "descriptive", "quote": "and the United Kingdom (Mthembu, 2018)"}]},
        "(4.2)",
    ),
    "article": ({"mentions": [{"actor": "global-north", "quote": "the North"}]}, "(3.2)"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_rule_checks_catch_the_old_examples(name: str) -> None:
    """The rule checks can fail: each catches an example the manual used to give, or a plain mistake."""
    broken, problem = BROKEN[name]
    assert any(p.endswith(problem) for p in _rule_problems(broken))


# -- registry examples -----------------------------------------------------------------


def _entity_examples() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for kind, key in ENTITY_TYPES.items():
        for i, entity in enumerate(_schema(kind)["examples"]):
            found.append((f"{kind}.schema.json#examples/{i}", key, entity))
    for i, registry in enumerate(_schema("registry")["examples"]):
        for key, entities in registry.items():
            found += [(f"registry.schema.json#examples/{i}/{key}", key, e) for e in entities]
    for where, data in _registry_blocks():
        for key in sorted(REGISTRY_KEYS & data.keys()):
            found += [(f"{where}/{key}", key, e) for e in data[key]]
    return found


@pytest.mark.parametrize(("where", "key", "entity"), _entity_examples(), ids=[w for w, _k, _e in _entity_examples()])
def test_registry_example_agrees_with_the_registry(where: str, key: str, entity: dict[str, Any]) -> None:
    """An example entry of an entity the registry holds gives its kind and only forms it lists (2.4)."""
    registered = {e["id"]: e for e in _registry().get(key, [])}
    if entity["id"] not in registered:
        # only the manuals' illustrations of a new entry (2.5) may be unregistered;
        # they are checked as new entries by the next test
        assert where.startswith(MANUALS), f"{entity['id']} is not in the registry"
        return
    real = registered[entity["id"]]
    assert entity.get("kind") == real.get("kind")
    forms = {real.get("name"), real.get("label"), real.get("acronym"), *real.get("aliases", [])}
    assert set(entity.get("aliases", [])) <= forms


@pytest.mark.parametrize(("where", "data"), _registry_blocks(), ids=[w for w, _d in _registry_blocks()])
def test_new_registry_entries_of_the_guidelines_are_valid(tmp_path: Path, where: str, data: dict[str, Any]) -> None:
    """A registry block of the manuals, added to the real registry, leaves the corpus valid."""
    registered = {e["id"] for key in REGISTRY_KEYS for e in _registry().get(key, [])}
    new = {key: [e for e in data[key] if e["id"] not in registered] for key in REGISTRY_KEYS & data.keys()}
    root = _corpus(tmp_path / "corpus", new)
    assert _errors(root) == []


def test_link_examples_name_registry_entities() -> None:
    """The link example cannot be anchored (it has no claim), but its entity must exist."""
    names = _names()
    for link in _schema("common")["$defs"]["link"]["examples"]:
        kind = next(k for k in ENTITY_TYPES if k in link)
        assert (kind, link[kind]) in names


def test_the_guidelines_cite_quotes_not_an_annotators_ids() -> None:
    """Outside its YAML examples, the manual names no claim or evidence id (c14, e1) of any annotator."""
    text = (REPO / "docs" / "guidelines.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    assert re.findall(r"\b[ce]\d+\b", prose) == []
