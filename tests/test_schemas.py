"""The schemas themselves (drift fails the tests) and the findings that
schema errors become, at the right line and column."""

from __future__ import annotations

import copy
import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import referencing
from jsonschema import Draft202012Validator

import sscorpus
from conftest import ESSAY_FILE, ESSAY_HEAD, SCHEMAS, CorpusDir
from sscorpus.corpus.schemas import ANNOTATION_TYPES, FILE_SCHEMAS, SchemaSet

SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))
SCHEMA_DATA = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_FILES}

#: keywords whose value is a subschema, a list of them, or a mapping of them
_ONE = ("items", "not", "if", "then", "else", "contains", "additionalProperties", "unevaluatedProperties")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "$defs", "patternProperties")


def subschemas(schema: Any, pointer: str = "", *, declaring: bool = True) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every subschema with its JSON pointer, and whether it declares
    properties (False below allOf/anyOf/oneOf/not, where ``properties`` only
    adds constraints to properties declared elsewhere)."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema, declaring
    for key in _ONE:
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{pointer}/{key}", declaring=declaring and key != "not")
    for key in _LIST:
        for i, sub in enumerate(schema.get(key, [])):
            yield from subschemas(sub, f"{pointer}/{key}/{i}", declaring=declaring and key == "prefixItems")
    for key in _MAP:
        for name, sub in schema.get(key, {}).items():
            yield from subschemas(sub, f"{pointer}/{key}/{name}", declaring=declaring)


@pytest.fixture(scope="module")
def schema_set() -> SchemaSet:
    return SchemaSet(SCHEMAS)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# -- the schema files ---------------------------------------------------------------


def test_every_expected_schema_is_there() -> None:
    assert set(SCHEMA_DATA) == {*ANNOTATION_TYPES, *FILE_SCHEMAS, "common"}


@pytest.mark.parametrize("name", sorted(SCHEMA_DATA))
def test_schema_passes_its_metaschema(name: str) -> None:
    schema = SCHEMA_DATA[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _refs() -> list[tuple[str, str, str]]:
    found = []
    for name, schema in SCHEMA_DATA.items():
        for pointer, sub, _ in subschemas(schema):
            if "$ref" in sub:
                found.append((name, pointer, sub["$ref"]))
    return found


@pytest.mark.parametrize(("name", "pointer", "ref"), _refs(), ids=[f"{n}{p}" for n, p, _ in _refs()])
def test_every_ref_resolves_offline(schema_set: SchemaSet, no_network: None, name: str, pointer: str, ref: str) -> None:
    resolver = schema_set.registry.resolver(base_uri=SCHEMA_DATA[name]["$id"])
    target = resolver.lookup(ref).contents
    assert isinstance(target, dict) and target


def test_schema_set_loads_and_validates_without_network(no_network: None, corpus: CorpusDir) -> None:
    schema_set = SchemaSet(corpus.path("schemas"))
    for name in (*ANNOTATION_TYPES, *FILE_SCHEMAS):
        schema_set.fast_validator(name)
        schema_set.python_validator(name)
    assert sscorpus.validate(corpus.root).findings == []


def test_unknown_ref_is_never_fetched(schema_set: SchemaSet, no_network: None) -> None:
    resolver = schema_set.registry.resolver(base_uri=SCHEMA_DATA["claim"]["$id"])
    with pytest.raises(referencing.exceptions.Unresolvable):
        resolver.lookup("https://example.com/remote.schema.json")


def _examples() -> list[tuple[str, str, int]]:
    found = []
    for name, schema in SCHEMA_DATA.items():
        for pointer, sub, _ in subschemas(schema):
            for i, _example in enumerate(sub.get("examples", [])):
                found.append((name, pointer, i))
    return found


@pytest.mark.parametrize(("name", "pointer", "i"), _examples(), ids=[f"{n}{p}#{i}" for n, p, i in _examples()])
def test_every_example_is_valid(schema_set: SchemaSet, name: str, pointer: str, i: int) -> None:
    example = _subschema(name, pointer)["examples"][i]
    validator = Draft202012Validator({"$ref": f"{SCHEMA_DATA[name]['$id']}#{pointer}"}, registry=schema_set.registry)
    assert [e.message for e in validator.iter_errors(example)] == []


def _subschema(name: str, pointer: str) -> dict[str, Any]:
    for p, sub, _ in subschemas(SCHEMA_DATA[name]):
        if p == pointer:
            return sub
    raise KeyError(pointer)


def test_every_type_and_file_schema_has_an_example() -> None:
    for name in (*ANNOTATION_TYPES, "annotation-file", "registry"):
        assert SCHEMA_DATA[name].get("examples"), name


def _invalid_versions(example: dict[str, Any], schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in schema["required"]:
        broken = copy.deepcopy(example)
        del broken[key]
        yield f"without {key}", broken
    yield "unknown property", {**example, "quot": "x"}
    yield "a list", [example]
    wrong_type = copy.deepcopy(example)
    wrong_type["id"] = 12
    yield "id a number", wrong_type
    for key, prop in schema["properties"].items():
        if "enum" in prop and key in example:
            yield f"{key} not in enum", {**example, key: example[key] + "x"}


@pytest.mark.parametrize("name", ANNOTATION_TYPES)
def test_every_annotation_type_rejects_invalid_versions_of_its_example(schema_set: SchemaSet, name: str) -> None:
    schema = SCHEMA_DATA[name]
    example = schema["examples"][0]
    assert schema_set.python_validator(name).is_valid(example)
    assert schema_set.fast_validator(name).is_valid(example)
    versions = list(_invalid_versions(example, schema))
    assert len(versions) >= 4
    for what, broken in versions:
        assert not schema_set.python_validator(name).is_valid(broken), what
        assert not schema_set.fast_validator(name).is_valid(broken), what


@pytest.mark.parametrize("name", ["claim", "evidence"])
def test_spans_need_exactly_one_of_quote_and_pieces(schema_set: SchemaSet, name: str) -> None:
    example = {k: v for k, v in SCHEMA_DATA[name]["examples"][0].items() if k not in ("quote", "pieces")}
    pieces = [{"quote": "a"}, {"quote": "b"}]
    assert not schema_set.python_validator(name).is_valid(example)
    assert not schema_set.python_validator(name).is_valid({**example, "quote": "a", "pieces": pieces})
    assert schema_set.python_validator(name).is_valid({**example, "pieces": pieces})
    assert schema_set.python_validator(name).is_valid({**example, "quote": "a"})


def _properties() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, schema in SCHEMA_DATA.items():
        for pointer, sub, declaring in subschemas(schema):
            if declaring:
                found.extend((name, f"{pointer}/properties/{prop}") for prop in sub.get("properties", {}))
    return found


@pytest.mark.parametrize(("name", "pointer"), _properties(), ids=[f"{n}{p}" for n, p in _properties()])
def test_every_property_has_a_description(schema_set: SchemaSet, name: str, pointer: str) -> None:
    prop = _subschema(name, pointer)
    if "$ref" in prop and "description" not in prop:
        resolver = schema_set.registry.resolver(base_uri=SCHEMA_DATA[name]["$id"])
        prop = resolver.lookup(prop["$ref"]).contents
    assert isinstance(prop.get("description"), str) and prop["description"].strip()


def _enums() -> list[tuple[str, str]]:
    return [
        (name, pointer)
        for name, schema in SCHEMA_DATA.items()
        for pointer, sub, _ in subschemas(schema)
        if "enum" in sub
    ]


@pytest.mark.parametrize(("name", "pointer"), _enums(), ids=[f"{n}{p}" for n, p in _enums()])
def test_every_enum_value_is_described(name: str, pointer: str) -> None:
    sub = _subschema(name, pointer)
    descriptions = sub.get("enumDescriptions")
    assert isinstance(descriptions, list) and len(descriptions) == len(sub["enum"])
    for value, description in zip(sub["enum"], descriptions, strict=True):
        assert description.startswith(f"{value}:"), (value, description)
        assert description.removeprefix(f"{value}:").strip()


def test_there_are_enums_and_properties_to_check() -> None:
    """Guards the walk above: if it found nothing, the drift tests would pass vacuously."""
    assert len(_enums()) >= 8
    assert len(_properties()) >= 60
    assert len(_examples()) >= 15
    assert len(_refs()) >= 30


# -- schema errors as findings -----------------------------------------------------------

CLAIM = "claims:\n  - id: c1\n"  # lines 3-4; the claim's mapping starts at 4:5

SCHEMA_CASES: list[tuple[str, str, set[tuple[str, int, int]]]] = [
    (
        "typo-key",
        CLAIM + "    quot: This has exposed a real weakness\n    kind: evaluative\n",
        # the finding points at the key; losing 'quote' also leaves the claim without quote or pieces
        {("schema.unknown-property", 5, 5), ("schema.one-of", 4, 5)},
    ),
    ("missing-required", CLAIM + "    quote: This has exposed a real weakness\n", {("schema.required", 4, 5)}),
    (
        "bad-enum",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evalutive\n",
        {("schema.enum", 6, 11)},
    ),
    (
        "wrong-type-quoted-bool",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n    hedged: 'true'\n",
        {("schema.type", 7, 13)},
    ),
    (
        "yes-is-not-a-bool",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n    hedged: yes\n",
        {("schema.type", 7, 13)},
    ),
    (
        "quote-and-pieces",
        CLAIM + "    quote: This has exposed a real weakness\n    pieces:\n"
        "      - quote: Developing countries\n      - quote: limited policy\n    kind: evaluative\n",
        {("schema.one-of", 4, 5)},
    ),
    ("neither-quote-nor-pieces", CLAIM + "    kind: evaluative\n", {("schema.one-of", 4, 5)}),
    (
        "evidence-supports-nothing",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n"
        "evidence:\n  - id: e1\n    quote: efforts to block a waiver\n    kind: event\n    supports: []\n",
        {("schema.any-of", 8, 5)},
    ),
    (
        "evidence-without-links",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n"
        "evidence:\n  - id: e1\n    quote: efforts to block a waiver\n    kind: event\n",
        {("schema.any-of", 8, 5)},
    ),
    (
        "bad-entity-id",
        "mentions:\n  - actor: South_Africa\n    quote: South Africa\n    occurrence: 1\n",
        {("schema.pattern", 4, 12), ("ref.unknown", 4, 12)},
    ),
    (
        "bad-annotation-id",
        "claims:\n  - id: 'c 1'\n    quote: This has exposed a real weakness\n    kind: evaluative\n",
        {("schema.pattern", 4, 9)},
    ),
    (
        "mention-two-entities",
        "mentions:\n  - actor: south-africa\n    institution: wto\n    quote: South Africa\n    occurrence: 1\n",
        {("schema.one-of", 4, 5)},
    ),
    (
        "link-without-stance",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n"
        "    about:\n      - institution: wto\n",
        {("schema.required", 8, 9)},
    ),
    (
        "bad-stance",
        CLAIM + "    quote: This has exposed a real weakness\n    kind: evaluative\n"
        "    about:\n      - institution: wto\n        stance: endorse\n",
        {("schema.enum", 9, 17)},
    ),
    (
        "occurrence-zero",
        "mentions:\n  - actor: south-africa\n    quote: South Africa\n    occurrence: 0\n",
        {("schema.minimum", 6, 17)},
    ),
    (
        "occurrence-quoted",
        "mentions:\n  - actor: south-africa\n    quote: South Africa\n    occurrence: '1'\n",
        {("schema.type", 6, 17)},
    ),
    ("blank-quote", "mentions:\n  - actor: south-africa\n    quote: '  '\n", {("schema.blank", 5, 12)}),
    (
        "one-piece",
        CLAIM + "    pieces:\n      - quote: Developing countries have\n    kind: evaluative\n",
        {("schema.min-items", 6, 7)},
    ),
    ("claims-not-a-list", "claims: {}\n", {("schema.type", 3, 9)}),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_schema_error_is_found_at_its_place(corpus: CorpusDir, text: str, expected: set[tuple[str, int, int]]) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + text)
    report = corpus.check(ESSAY_FILE).report
    found = {(code, line, col) for code, path, line, col in corpus.located(report.findings) if path == ESSAY_FILE}
    assert found == expected
    assert report.exit_code() == 1


def test_unknown_property_hint_names_the_close_match(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + SCHEMA_CASES[0][1])
    (finding,) = [f for f in corpus.check(ESSAY_FILE).report.findings if f.code == "schema.unknown-property"]
    assert finding.pointer == "/claims/0/quot"
    assert finding.hint is not None and "'quote'" in finding.hint


def test_enum_hint_names_the_close_match(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, ESSAY_HEAD + SCHEMA_CASES[2][1])
    (finding,) = corpus.check(ESSAY_FILE).report.findings
    assert finding.pointer == "/claims/0/kind"
    assert finding.hint is not None and "'evaluative'" in finding.hint


def test_missing_property_of_the_whole_file(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, "document: mthembu-multilateralism\n")
    report = corpus.check(ESSAY_FILE).report
    assert corpus.located(report.findings) == {("schema.required", ESSAY_FILE, 1, 1)}


def test_every_schema_error_is_reported_not_only_the_first(corpus: CorpusDir) -> None:
    corpus.write(
        ESSAY_FILE,
        ESSAY_HEAD + CLAIM + "    quote: This has exposed a real weakness\n    kind: evalutive\n"
        "    hedged: 'no'\n    spekaer: wto\n",
    )
    report = corpus.check(ESSAY_FILE).report
    assert {(f.code, f.line) for f in report.findings} == {
        ("schema.enum", 6),
        ("schema.type", 7),
        ("schema.unknown-property", 8),
    }


def test_schema_errors_in_json_file_are_placed(corpus: CorpusDir) -> None:
    corpus.remove(ESSAY_FILE)
    path = ESSAY_FILE.replace(".yaml", ".json")
    corpus.write(
        path,
        '{"document": "mthembu-multilateralism", "annotator": "a",\n'
        ' "claims": [{"id": "c1", "quot": "x", "kind": "evaluative"}]}\n',
    )
    report = corpus.check(path).report
    assert corpus.located(report.findings) == {("schema.one-of", path, 2, 13), ("schema.unknown-property", path, 2, 26)}


def test_schema_errors_in_registry_and_catalog_are_placed(corpus: CorpusDir) -> None:
    corpus.edit("annotations/registry.yaml", "    founded: 1995\n", "    founded: '1995'\n")
    corpus.edit("texts/catalog.yaml", "    kind: news-brief\n", "    kind: newsbrief\n")
    catalog_line = corpus.read("texts/catalog.yaml").splitlines().index("    kind: newsbrief") + 1
    report = corpus.check().report
    assert corpus.located(report.findings) == {
        ("schema.type", "annotations/registry.yaml", 20, 14),
        ("schema.enum", "texts/catalog.yaml", catalog_line, 11),
    }


# -- broken schemas are a setup problem --------------------------------------------------


def test_unreadable_schema_is_a_setup_error(corpus: CorpusDir) -> None:
    corpus.write("schemas/claim.schema.json", "{not json")
    with pytest.raises(sscorpus.SetupError):
        corpus.check()


def test_unresolvable_ref_in_schema_is_a_setup_error(corpus: CorpusDir, no_network: None) -> None:
    path = corpus.path("schemas/claim.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["hedged"] = {"$ref": "https://example.com/remote.schema.json", "description": "x"}
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(sscorpus.SetupError):
        corpus.check()


def test_schema_dir_falls_back_to_the_packaged_schemas(corpus: CorpusDir) -> None:
    for path in corpus.path("schemas").iterdir():
        path.unlink()
    corpus.path("schemas").rmdir()
    assert corpus.check().report.findings == []


@pytest.mark.parametrize(
    ("rel", "old", "new", "missing"),
    [
        ("annotations/registry.yaml", "    name: South Africa\n    kind: state\n", "", {"name", "kind"}),
        (
            "texts/catalog.yaml",
            "    language: en\n    default_speaker: india-mea\n",
            "",
            {"language", "default_speaker"},
        ),
        (ESSAY_FILE, "  - id: c1\n", "  - quote: x\n", {"id"}),
    ],
)
def test_each_missing_required_property_is_reported_once(
    corpus: CorpusDir, rel: str, old: str, new: str, missing: set[str]
) -> None:
    corpus.edit(rel, old, new)
    required = [f for f in corpus.check().report.errors if f.code == "schema.required"]
    assert sorted(f.message for f in required) == sorted(f"missing required property '{m}'" for m in missing)


def test_schemas_are_built_once_per_content_and_keep_their_folder(tmp_path: Path) -> None:
    from sscorpus.corpus.schemas import load_schemas

    first, second = tmp_path / "one", tmp_path / "two"
    shutil.copytree(SCHEMAS, first)
    shutil.copytree(SCHEMAS, second)
    one = load_schemas(first)
    assert load_schemas(first).schemas is one.schemas  # the same content: built once
    two = load_schemas(second)
    assert two.directory == second and two.schemas is one.schemas  # shared, with its own folder
    claim = second / "claim.schema.json"
    claim.write_text(claim.read_text(encoding="utf-8").replace('"descriptive"', '"described"'), encoding="utf-8")
    changed = load_schemas(second)
    assert changed.schemas is not one.schemas and changed.directory == second
    assert "described" in json.dumps(changed.schemas["claim"])
